// The attendance area's reads. Attendance rows are answered by statements
// that return exactly the columns the wire shows, dates and times as text:
// the bot, the members' pages and the scanners read them all day, and an
// ORM read that maps every column into objects (dates into Date) cost
// several times the database's own work. Member.attendance (a relation
// nested in member lists) is the one read left to Prisma's relation joins.
import { type ClubDate, toDbDate } from '../calendar/club-date.js';
import type { DateRange } from '../calendar/date-range.js';
import type { Deps } from '../deps.js';
import { Prisma } from '../generated/prisma/client.js';

/** An attendance row as clients see it. */
export interface AttendanceRow {
  attendanceId: number;
  memberId: number;
  date: ClubDate;
  isPresent: boolean;
  /** PostgreSQL TIME text. */
  timeIn: string | null;
  timeOut: string | null;
}

/** A row of a day's report: the attendance columns with the member's name, year and group. */
export interface DayReportRow extends AttendanceRow {
  name: string;
  year: number;
  groupId: number;
}

/** The columns of an AttendanceRow, read from the attendance row `a`. */
export const attendanceRowColumns = Prisma.sql`
  a.attendance_id AS "attendanceId", a.member_id AS "memberId", to_char(a.date, 'YYYY-MM-DD') AS date,
  a.is_present AS "isPresent", a.time_in::text AS "timeIn", a.time_out::text AS "timeOut"`;

/** Rows are listed by date, then id: the order clients rely on. */
export const attendanceOrder = [{ date: 'asc' }, { id: 'asc' }] satisfies Prisma.AttendanceOrderByWithRelationInput[];

/** Prisma's filter for days between two optional inclusive bounds. */
export function dayBounds(from?: ClubDate | null, to?: ClubDate | null): Prisma.DateTimeFilter {
  return { gte: from ? toDbDate(from) : undefined, lte: to ? toDbDate(to) : undefined };
}

/** A member's rows by date, between two optional inclusive bounds. */
export function attendanceOfMember(
  deps: Deps,
  memberId: number,
  bounds: { from?: ClubDate | null; to?: ClubDate | null },
): Promise<AttendanceRow[]> {
  return deps.prisma.$list<AttendanceRow>(Prisma.sql`
      SELECT ${attendanceRowColumns}
      FROM attendance AS a
      WHERE a.member_id = ${memberId}
        AND (${bounds.from ?? null}::date IS NULL OR a.date >= ${bounds.from ?? null}::date)
        AND (${bounds.to ?? null}::date IS NULL OR a.date <= ${bounds.to ?? null}::date)
      ORDER BY a.date, a.attendance_id`);
}

/** The rows of these members within a range, per member, by date. */
export async function attendanceOfMembers(
  deps: Deps,
  memberIds: number[],
  range: DateRange,
): Promise<Map<number, AttendanceRow[]>> {
  const rows = await deps.prisma.$list<AttendanceRow>(Prisma.sql`
      SELECT ${attendanceRowColumns}
      FROM attendance AS a
      WHERE a.member_id = ANY(${memberIds}::int[]) AND a.date BETWEEN ${range.start}::date AND ${range.end}::date
      ORDER BY a.date, a.attendance_id`);
  const byMember = new Map<number, AttendanceRow[]>();
  for (const row of rows) {
    const list = byMember.get(row.memberId);
    if (list) list.push(row);
    else byMember.set(row.memberId, [row]);
  }
  return byMember;
}

/**
 * Every row of one day, absent members included (the daily task creates
 * their rows), by id as every attendance list: the bot's daily report, in
 * one statement with the members' columns.
 */
export function attendanceOnDate(deps: Deps, date: ClubDate): Promise<DayReportRow[]> {
  return deps.prisma.$list<DayReportRow>(Prisma.sql`
      SELECT ${attendanceRowColumns}, m.name, m.year, m.group_id AS "groupId"
      FROM attendance AS a JOIN member AS m USING (member_id)
      WHERE a.date = ${date}::date
      ORDER BY a.attendance_id`);
}
