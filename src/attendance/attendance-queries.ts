// The attendance area's reads. Each takes the selection Pothos builds for the
// request and spreads it into one Prisma call (see members.ts).
import { type ClubDate, toDbDate } from '../calendar/club-date.js';
import type { Deps } from '../deps.js';
import type { Prisma } from '../generated/prisma/client.js';

export interface AttendanceSelection {
  include?: Prisma.AttendanceInclude;
  select?: Prisma.AttendanceSelect;
}

/** Rows are listed by date, then id: the order clients rely on. */
export const attendanceOrder = [{ date: 'asc' }, { id: 'asc' }] satisfies Prisma.AttendanceOrderByWithRelationInput[];

/** Prisma's filter for days between two optional inclusive bounds. */
export function dayBounds(from?: ClubDate | null, to?: ClubDate | null): Prisma.DateTimeFilter {
  return { gte: from ? toDbDate(from) : undefined, lte: to ? toDbDate(to) : undefined };
}

export function attendanceOfMember(
  deps: Deps,
  memberId: number,
  bounds: { from?: ClubDate | null; to?: ClubDate | null },
  selection: AttendanceSelection,
) {
  return deps.prisma.attendance.findMany({
    ...selection,
    where: { memberId, date: dayBounds(bounds.from, bounds.to) },
    orderBy: attendanceOrder,
  });
}

/** Every row of one day, absent members included (the daily task creates their rows). */
export function attendanceOnDate(deps: Deps, date: ClubDate, selection: AttendanceSelection) {
  return deps.prisma.attendance.findMany({
    ...selection,
    relationLoadStrategy: 'join',
    where: { date: toDbDate(date) },
    orderBy: attendanceOrder,
  });
}

export function attendanceById(deps: Deps, id: number, selection: AttendanceSelection) {
  return deps.prisma.attendance.findUniqueOrThrow({ ...selection, where: { id } });
}
