// An independent model of the second generation's counts and streaks, walked
// day by day in plain code (the server computes them in SQL with window
// functions). Tests compare the two on the same history.

export interface OracleMember {
  id: number;
  year: number;
}

export interface OracleBreak {
  start: string;
  end: string;
  year: number | null;
}

export interface OracleHistory {
  members: OracleMember[];
  /** memberId -> date -> sent */
  status: Map<number, Map<string, boolean>>;
  /** memberId -> date -> present */
  attendance: Map<number, Map<string, boolean>>;
  breaks: OracleBreak[];
}

export function onBreak(history: OracleHistory, member: OracleMember, date: string): boolean {
  return history.breaks.some((b) => b.start <= date && date <= b.end && (b.year === null || b.year === member.year));
}

/** Streak, best streak and misses: entries off break, oldest first; a day without an entry is skipped. */
export function streakOf(history: OracleHistory, member: OracleMember) {
  const days = [...(history.status.get(member.id) ?? new Map<string, boolean>())]
    .filter(([date]) => !onBreak(history, member, date))
    .sort(([a], [b]) => (a < b ? -1 : 1));
  let run = 0;
  let misses = 0;
  let best = 0;
  for (const [, sent] of days) {
    if (sent) {
      run += 1;
      misses = 0;
      best = Math.max(best, run);
    } else {
      run = 0;
      misses += 1;
    }
  }
  return { currentStreak: run, maxStreak: best, consecutiveMisses: misses };
}

const inRange = (date: string, start: string, end: string) => start <= date && date <= end;

export function updateCountOf(history: OracleHistory, memberId: number, start: string, end: string): number {
  return [...(history.status.get(memberId) ?? [])].filter(([date, sent]) => sent && inRange(date, start, end)).length;
}

export function attendanceCountsOf(history: OracleHistory, memberId: number, start: string, end: string) {
  const working = new Set<string>();
  for (const days of history.attendance.values()) {
    for (const [date, present] of days) if (present && inRange(date, start, end)) working.add(date);
  }
  const presentCount = [...(history.attendance.get(memberId) ?? [])].filter(
    ([date, present]) => present && inRange(date, start, end),
  ).length;
  return { presentCount, absentCount: working.size - presentCount };
}
