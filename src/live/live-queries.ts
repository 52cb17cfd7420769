// The live area's reads: the rows behind announced marks, and the sightings
// recent enough to count someone as in the lab. Each is one raw statement
// returning the row (date and times as text, as the wire shows them) and its
// member's columns: under a stream of marks, Prisma's findMany with an
// include cost about as much CPU as the mark itself.
import { type AttendanceRow, attendanceRowColumns } from '../attendance/attendance-queries.js';
import { clubDateAt } from '../calendar/club-date.js';
import { ALL_MEMBER_FIELDS, memberColumns } from '../members/member-list.js';
import { clubInstant } from '../calendar/club-instant.js';
import type { Deps } from '../deps.js';
import { type Member, Prisma } from '../generated/prisma/client.js';

/** An announced attendance row as subscribers see it. */
export type MarkedRow = AttendanceRow;

/** A mark as the live area hands it on: the row, its member, and when it was seen, as an instant. */
export interface Sighting {
  row: MarkedRow;
  /**
   * The whole member as Prisma would load it: GraphQL resolves it as the
   * Member type, whose relations (projects, streak…) are loaded by its id.
   */
  member: Member;
  /** timeOut on the row's date in the club's zone (null only for a row without a time). */
  lastSeen: Date | null;
}

/** Member's columns under Prisma's field names, then the row's (the names do not overlap). */
const sightingColumns = Prisma.sql`${memberColumns(ALL_MEMBER_FIELDS)}, m.created_at AS "createdAt", ${attendanceRowColumns}`;

type SightingColumns = Member & AttendanceRow;

function sighting(columns: SightingColumns, timeZone: string): Sighting {
  const { attendanceId, memberId, date, isPresent, timeIn, timeOut, ...member } = columns;
  const row = { attendanceId, memberId, date, isPresent, timeIn, timeOut };
  return { row, member, lastSeen: timeOut === null ? null : clubInstant(date, timeOut, timeZone) };
}

/** The rows of these ids with their members, in the order of `ids` (a deleted row is skipped). */
export async function sightingsByIds(deps: Deps, ids: readonly number[]): Promise<Sighting[]> {
  const rows = await deps.prisma.$queryRaw<SightingColumns[]>`
      SELECT ${sightingColumns}
      FROM attendance AS a JOIN member AS m USING (member_id)
      WHERE a.attendance_id = ANY(${ids}::int[])`;
  const byId = new Map(rows.map((row) => [row.attendanceId, sighting(row, deps.timeZone)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Every present row whose timeOut falls after `since`, oldest sighting first. */
export async function sightingsSince(deps: Deps, since: Date): Promise<Sighting[]> {
  // A day before since's club date ends before since: only that date and later can qualify.
  const rows = await deps.prisma.$queryRaw<SightingColumns[]>`
      SELECT ${sightingColumns}
      FROM attendance AS a JOIN member AS m USING (member_id)
      WHERE a.date >= ${clubDateAt(since, deps.timeZone)}::date AND a.is_present AND a.time_out IS NOT NULL
      ORDER BY a.attendance_id`;
  return rows
    .map((row) => sighting(row, deps.timeZone))
    .filter((found) => found.lastSeen !== null && found.lastSeen > since)
    .sort((a, b) => a.lastSeen!.getTime() - b.lastSeen!.getTime());
}
