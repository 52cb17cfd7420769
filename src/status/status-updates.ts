// Status updates as a record: at most one entry per member and club day. The
// daily task creates yesterday's entries (not sent) for every member;
// markStatusUpdate marks members' entries as sent, creating them if missing.
// Reads take a list of member ids and answer for all of them in one grouped
// statement, so a list of members costs the same as one.
import { type ClubDate, addDays, clubDateAt } from '../calendar/club-date.js';
import type { DateRange } from '../calendar/date-range.js';
import type { Deps } from '../deps.js';
import { badUserInput } from '../errors/domain-error.js';
import { Prisma } from '../generated/prisma/client.js';
import type { RawSql } from '../daily-task/attendance-summaries.js';

export interface StatusUpdate {
  memberId: number;
  date: ClubDate;
  isSent: boolean;
  /** A status break covers this day for the member (their study year, or everyone). */
  onBreak: boolean;
}

/** SQL: whether a break covers `day` for a member of study year `year`. */
export function breakCovers(day: Prisma.Sql, year: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`EXISTS (SELECT 1 FROM status_break b
    WHERE ${day} BETWEEN b.start_date AND b.end_date AND (b.year IS NULL OR b.year = ${year}))`;
}

export interface MarkStatusInput {
  emails?: readonly string[] | null;
  email?: string | null;
  /** Default: yesterday, club time (the day a status update is about). */
  date?: ClubDate | null;
}

export interface MarkStatusResult {
  updates: StatusUpdate[];
  /** Emails no member has, as given; skipped. */
  unknownEmails: string[];
}

/** Marks the status updates of the members with these emails as sent on the day; unknown emails are skipped. */
export async function markStatusUpdates(deps: Deps, input: MarkStatusInput): Promise<MarkStatusResult> {
  if (input.emails == null && input.email == null) throw badUserInput('Give `emails` or `email`', 'emails');
  const given = [...(input.emails ?? []), ...(input.email == null ? [] : [input.email])];
  const emails = [...new Set(given.map((email) => email.trim().toLowerCase()))];
  const today = clubDateAt(deps.clock(), deps.timeZone);
  const date = input.date ?? addDays(today, -1);
  if (date > today) throw badUserInput(`${date} is in the future (today is ${today})`, 'date');
  const rows = await deps.prisma.$queryRaw<(StatusUpdate & { email: string })[]>`
    WITH marked AS (
      INSERT INTO status_update (member_id, date, is_sent)
      SELECT member_id, ${date}::date, true FROM member WHERE email = ANY(${emails}::text[])
      ON CONFLICT (member_id, date) DO UPDATE SET is_sent = true
      RETURNING member_id, date, is_sent
    )
    SELECT m.member_id AS "memberId", marked.date::text AS date, marked.is_sent AS "isSent",
           ${breakCovers(Prisma.sql`marked.date`, Prisma.sql`m.year`)} AS "onBreak", m.email
    FROM marked JOIN member m USING (member_id)
    ORDER BY m.member_id`;
  const found = new Set(rows.map((row) => row.email));
  return {
    updates: rows.map(({ email: _email, ...update }) => update),
    unknownEmails: given.filter((email) => !found.has(email.trim().toLowerCase())),
  };
}

/** Each member's entry on one day, with whether a break covers it; members without one are absent from the map. */
export async function statusOnDate(
  deps: Deps,
  memberIds: readonly number[],
  date: ClubDate,
): Promise<Map<number, StatusUpdate>> {
  const rows = await deps.prisma.$queryRaw<StatusUpdate[]>`
    SELECT s.member_id AS "memberId", s.date::text AS date, s.is_sent AS "isSent",
           ${breakCovers(Prisma.sql`s.date`, Prisma.sql`m.year`)} AS "onBreak"
    FROM status_update s JOIN member m USING (member_id)
    WHERE s.member_id = ANY(${memberIds}::int[]) AND s.date = ${date}::date`;
  return new Map(rows.map((row) => [row.memberId, row]));
}

/** Sent days in the range (inclusive), per member. */
export async function statusUpdateCounts(
  deps: Deps,
  memberIds: readonly number[],
  range: DateRange,
): Promise<Map<number, number>> {
  const rows = await deps.prisma.$queryRaw<{ memberId: number; count: number }[]>`
    SELECT member_id AS "memberId", count(*)::int AS count
    FROM status_update
    WHERE member_id = ANY(${memberIds}::int[]) AND is_sent AND date BETWEEN ${range.start}::date AND ${range.end}::date
    GROUP BY member_id`;
  return new Map(rows.map((row) => [row.memberId, row.count]));
}

/**
 * The daily task's part for club day D: an unsent entry on D - 1 for every
 * member who existed by the end of D - 1 (club time) and has none. One
 * statement; an entry marked first wins.
 */
export function insertYesterdaysEntries(sql: RawSql, day: ClubDate, timeZone: string): Promise<number> {
  return sql.$executeRaw`
    INSERT INTO status_update (member_id, date)
    SELECT member_id, ${day}::date - 1 FROM member
    WHERE created_at < (${day}::date)::timestamp AT TIME ZONE ${timeZone}
    ON CONFLICT (member_id, date) DO NOTHING`;
}
