// What the API benchmark sends: the four requests real clients make, as
// POST bodies. The baseline server answers exactly these documents, so they
// live in one place for both, the benchmark and the identity check.
import { createHmac } from 'node:crypto';

export type WorkloadName = 'W1' | 'W2' | 'W3' | 'W4';

/** W1, the bot's daily report of one day. */
export const DAILY_REPORT =
  'query DailyReport($date: NaiveDate!) { attendanceByDate(date: $date) { memberId name isPresent timeIn timeOut } }';

/** W2, a member's page: their attendance history and streak. */
export const MEMBER_PAGE =
  'query MemberPage($memberId: Int!) { attendance(memberId: $memberId) { attendanceId memberId date isPresent timeIn timeOut } ' +
  'streak(memberId: $memberId) { memberId currentStreak maxStreak } }';

/** W3, the dashboard: every member with streak and monthly summaries. */
export const DASHBOARD =
  'query Dashboard { members { memberId name streak { currentStreak maxStreak } ' +
  'attendanceSummary { year month daysAttended } } }';

/** W4, a scanner's signed mark, with its values inline as the firmware sends it. */
export function markAttendanceQuery(memberId: number, date: string, signature: string): string {
  return (
    `mutation { markAttendance(input: {memberId: ${memberId}, date: "${date}", hmacSignature: "${signature}"}) ` +
    '{ attendanceId memberId date isPresent timeIn timeOut } }'
  );
}

/** The baseline's reading of markAttendanceQuery. */
export const MARK_ATTENDANCE_PATTERN =
  /^mutation \{ markAttendance\(input: \{memberId: (\d+), date: "(\d{4}-\d{2}-\d{2})", hmacSignature: "([^"\\]*)"\}\) \{ attendanceId memberId date isPresent timeIn timeOut \} \}$/;

export interface WorkloadContext {
  members: number;
  /** The day W1 reports on: yesterday, the last full day of history. */
  reportDate: string;
  /** The club's today, the only day scanners sign. */
  today: string;
  hmacSecret: string;
}

export const workloadTitles: Record<WorkloadName, string> = {
  W1: "bot's daily report",
  W2: 'member page',
  W3: 'dashboard',
  W4: 'scanner marks',
};

/**
 * The bodies of one workload; load generators cycle through them. Members
 * come in a fixed scattered order (a stride prime to the count), so that
 * consecutive requests touch different members and pages.
 */
export function workloadBodies(name: WorkloadName, context: WorkloadContext): string[] {
  switch (name) {
    case 'W1':
      return [JSON.stringify({ query: DAILY_REPORT, variables: { date: context.reportDate } })];
    case 'W2':
      return scatteredMembers(context.members).map((memberId) =>
        JSON.stringify({ query: MEMBER_PAGE, variables: { memberId } }),
      );
    case 'W3':
      return [JSON.stringify({ query: DASHBOARD })];
    case 'W4':
      return scatteredMembers(context.members).map((memberId) => {
        const signature = createHmac('sha256', context.hmacSecret).update(`${memberId}${context.today}`).digest('hex');
        return JSON.stringify({ query: markAttendanceQuery(memberId, context.today, signature) });
      });
  }
}

/** 1..members, each once, in an order that jumps around. */
export function scatteredMembers(members: number): number[] {
  let stride = Math.max(1, Math.floor(members * 0.618));
  while (gcd(stride, members) !== 1) stride += 1;
  return Array.from({ length: members }, (_, i) => 1 + ((i * stride) % members));
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The club's calendar day `offset` days from now, as YYYY-MM-DD. */
export function clubDay(timeZone: string, offset = 0, now = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(now)
    .map((part) => [part.type, part.value]);
  const { year, month, day } = Object.fromEntries(parts) as Record<string, string>;
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day) + offset));
  return date.toISOString().slice(0, 10);
}
