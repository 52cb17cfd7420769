// The live area's reads: the rows behind announced marks, and the sightings
// recent enough to count someone as in the lab. Both load the member with
// the row, once per batch for every subscriber of this process.
import { type ClubDate, clubDateAt, fromDbDate, toDbDate } from '../calendar/club-date.js';
import { clubInstant } from '../calendar/club-instant.js';
import type { Deps } from '../deps.js';
import type { Prisma } from '../generated/prisma/client.js';

export type MarkedRow = Prisma.AttendanceGetPayload<{ include: { member: true } }>;

/** A mark as the live area hands it on: the row, its member, and when it was seen, as an instant. */
export interface Sighting {
  row: MarkedRow;
  date: ClubDate;
  /** timeOut on the row's date in the club's zone (null only for a row without a time). */
  lastSeen: Date | null;
}

function sighting(row: MarkedRow, timeZone: string): Sighting {
  const date = fromDbDate(row.date);
  return { row, date, lastSeen: row.timeOut === null ? null : clubInstant(date, row.timeOut, timeZone) };
}

/** The rows of these ids with their members, in the order of `ids` (a deleted row is skipped). */
export async function sightingsByIds(deps: Deps, ids: readonly number[]): Promise<Sighting[]> {
  const rows = await deps.prisma.attendance.findMany({ where: { id: { in: [...ids] } }, include: { member: true } });
  const byId = new Map(rows.map((row) => [row.id, sighting(row, deps.timeZone)]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/** Every present row whose timeOut falls after `since`, oldest sighting first. */
export async function sightingsSince(deps: Deps, since: Date): Promise<Sighting[]> {
  // A day before since's club date ends before since: only that date and later can qualify.
  const rows = await deps.prisma.attendance.findMany({
    where: { date: { gte: toDbDate(clubDateAt(since, deps.timeZone)) }, isPresent: true, timeOut: { not: null } },
    include: { member: true },
    orderBy: { id: 'asc' },
  });
  return rows
    .map((row) => sighting(row, deps.timeZone))
    .filter((found) => found.lastSeen !== null && found.lastSeen > since)
    .sort((a, b) => a.lastSeen!.getTime() - b.lastSeen!.getTime());
}
