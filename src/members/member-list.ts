// The members list as the dashboard reads it all day: the member columns it
// selects, the status-update streak and the monthly summaries, in one
// statement of one row per member (the summaries as three integer arrays,
// in order), shaped here into the objects Prisma would have returned for the
// same selection. PostgreSQL answers this several times faster than one
// building JSON per member (what a relation join does), only the selected
// columns travel and get mapped, and a member's columns come once rather
// than beside each of its summaries, as a flat join sent them (the dashboard
// answered 15-25 % more requests without those repeats). A selection holding
// anything else (another relation, a nested select) is not this read's: it
// returns null and the caller asks Prisma. The member columns' SQL serves
// the live feed's reads too.
import type { Deps } from '../deps.js';
import { Prisma } from '../generated/prisma/client.js';
import type { MemberFilter } from './members.js';

/** The member fields this read can select, with their columns. */
const MEMBER_COLUMNS = {
  id: 'member_id',
  rollNo: 'roll_no',
  name: 'name',
  email: 'email',
  sex: 'sex',
  year: 'year',
  hostel: 'hostel',
  macAddress: 'mac_address',
  discordId: 'discord_id',
  groupId: 'group_id',
  track: 'track',
  githubUser: 'github_user',
} as const satisfies Partial<Record<keyof Prisma.MemberSelect, string>>;

type MemberField = keyof typeof MEMBER_COLUMNS;

/** Every member field this module knows, for reads that load the whole member. */
export const ALL_MEMBER_FIELDS = Object.keys(MEMBER_COLUMNS) as MemberField[];

/**
 * The columns of these fields from the member row `m`, each under its Prisma
 * field name. Identifiers come from MEMBER_COLUMNS, never from a request.
 */
export function memberColumns(fields: readonly MemberField[]): Prisma.Sql {
  return Prisma.join(
    fields.map((field) => Prisma.raw(`m.${MEMBER_COLUMNS[field]}${field === 'sex' ? '::text' : ''} AS "${field}"`)),
  );
}

/** Monthly summaries in the order clients rely on: the query Member.attendanceSummary gives Prisma. */
export function summariesQuery(year: number | null | undefined) {
  return {
    where: year == null ? {} : { year },
    orderBy: [{ year: 'asc' }, { month: 'asc' }],
  } satisfies Prisma.Member$attendanceSummaryArgs;
}

interface ListPlan {
  fields: MemberField[];
  streak: boolean;
  /** Null: no summaries; else the one year asked for, or all (year null). */
  summaries: { year: number | null } | null;
}

/** What this read would load for `select`, or null when the selection is not its. */
function planFor(select: Prisma.MemberSelect): ListPlan | null {
  const plan: ListPlan = { fields: [], streak: false, summaries: null };
  for (const [key, value] of Object.entries(select)) {
    if (value === undefined || value === false) continue;
    if (key in MEMBER_COLUMNS && value === true) plan.fields.push(key as MemberField);
    else if (key === 'statusUpdateStreak' && value === true) plan.streak = true;
    else if (key === 'attendanceSummary') {
      const year = summariesYear(value);
      if (year === undefined) return null;
      plan.summaries = { year };
    } else return null;
  }
  return plan;
}

/** The year of a summaries query equal to summariesQuery(year) (null: all years); undefined for any other. */
function summariesYear(query: unknown): number | null | undefined {
  const year = (query as { where?: { year?: unknown } } | null)?.where?.year;
  if (year !== undefined && typeof year !== 'number') return undefined;
  return JSON.stringify(query) === JSON.stringify(summariesQuery(year)) ? (year ?? null) : undefined;
}

interface MemberRow {
  [field: string]: unknown;
  memberId: number;
  currentStreak: number | null;
  maxStreak: number | null;
  /** The member's summaries by year and month, one array per column; null when it has none. */
  summaryYears: number[] | null;
  summaryMonths: number[] | null;
  summaryDays: number[] | null;
}

/** Members by id as `select` asks for them, or null when the selection holds more than this read loads. */
export async function listMembersInOneStatement(
  deps: Deps,
  filter: MemberFilter,
  select: Prisma.MemberSelect,
): Promise<Record<string, unknown>[] | null> {
  const plan = planFor(select);
  if (!plan) return null;
  const summariesYear = plan.summaries?.year ?? null;
  const order = Prisma.sql`ORDER BY y.year, y.month`;
  const rows = await deps.prisma.$rows<MemberRow>(Prisma.sql`
      SELECT m.member_id AS "memberId" ${plan.fields.length ? Prisma.sql`, ${memberColumns(plan.fields)}` : Prisma.empty}
        ${plan.streak ? Prisma.sql`, s.current_streak AS "currentStreak", s.max_streak AS "maxStreak"` : Prisma.empty}
        ${plan.summaries ? Prisma.sql`, y.years AS "summaryYears", y.months AS "summaryMonths", y.days AS "summaryDays"` : Prisma.empty}
      FROM member AS m
        ${plan.streak ? Prisma.sql`LEFT JOIN status_update_streak AS s ON s.member_id = m.member_id` : Prisma.empty}
        ${
          plan.summaries
            ? Prisma.sql`LEFT JOIN (
                SELECT y.member_id, array_agg(y.year ${order}) AS years, array_agg(y.month ${order}) AS months,
                       array_agg(y.days_attended ${order}) AS days
                FROM attendance_summary AS y
                WHERE ${summariesYear}::int IS NULL OR y.year = ${summariesYear}::int
                GROUP BY y.member_id
              ) AS y ON y.member_id = m.member_id`
            : Prisma.empty
        }
      WHERE (${filter.year ?? null}::int IS NULL OR m.year = ${filter.year ?? null}::int)
        AND (${filter.groupId ?? null}::int IS NULL OR m.group_id = ${filter.groupId ?? null}::int)
        AND (${filter.track ?? null}::text IS NULL OR m.track = ${filter.track ?? null}::text)
      ORDER BY m.member_id`);
  return rows.map((row) => memberAsPrismaShapesIt(row, plan));
}

/** One member, shaped as Prisma shapes the same selection. */
function memberAsPrismaShapesIt(row: MemberRow, plan: ListPlan): Record<string, unknown> {
  const member: Record<string, unknown> = {};
  for (const field of plan.fields) member[field] = row[field];
  if (plan.streak) {
    member.statusUpdateStreak =
      row.currentStreak === null
        ? null
        : { memberId: row.memberId, currentStreak: row.currentStreak, maxStreak: row.maxStreak };
  }
  if (plan.summaries) {
    const { memberId, summaryYears: years, summaryMonths: months, summaryDays: days } = row;
    member.attendanceSummary = (years ?? []).map((year, i) => ({
      memberId,
      year,
      month: months![i],
      daysAttended: days![i],
    }));
  }
  return member;
}
