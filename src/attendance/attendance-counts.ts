// Attendance counts over a range of club days, for a list of members in one
// grouped statement. A member's present days are their present rows in the
// range; their absent days are the club's working days in the range (days on
// which at least one member was present) minus their present days, counted
// over the whole range, also before the member joined.
import type { DateRange } from '../calendar/date-range.js';
import type { Deps } from '../deps.js';

export interface AttendanceCounts {
  presentCount: number;
  absentCount: number;
}

/** Counts for every member in `memberIds` (unknown ids count no present days). */
export async function attendanceCounts(
  deps: Deps,
  memberIds: readonly number[],
  range: DateRange,
): Promise<Map<number, AttendanceCounts>> {
  const rows = await deps.prisma.$queryRaw<(AttendanceCounts & { memberId: number })[]>`
    WITH working AS (
      SELECT count(DISTINCT date)::int AS days FROM attendance
      WHERE is_present AND date BETWEEN ${range.start}::date AND ${range.end}::date
    ),
    present AS (
      SELECT member_id, count(*)::int AS days FROM attendance
      WHERE member_id = ANY(${memberIds}::int[]) AND is_present
        AND date BETWEEN ${range.start}::date AND ${range.end}::date
      GROUP BY member_id
    )
    SELECT ids.member_id AS "memberId", coalesce(present.days, 0) AS "presentCount",
           working.days - coalesce(present.days, 0) AS "absentCount"
    FROM unnest(${memberIds}::int[]) AS ids (member_id)
    CROSS JOIN working LEFT JOIN present USING (member_id)`;
  return new Map(rows.map(({ memberId, ...counts }) => [memberId, counts]));
}
