// Streaks computed from the status-update history, in SQL ("gaps and
// islands"): a member's entries on days no break covers, ordered by date, fall
// into runs of sent and of missed days; the difference of two row numbers
// names each run. From the runs: the longest sent run (maxStreak), and the run
// holding the latest entry, which is the current streak when sent and the
// consecutive misses when missed. Break days are left out, so they neither
// break nor extend a run; a day without an entry (before the member joined)
// counts as neither. One statement for any number of members.
import type { Deps } from '../deps.js';
import { Prisma } from '../generated/prisma/client.js';
import { breakCovers } from './status-updates.js';

export interface StatusHistory {
  currentStreak: number;
  maxStreak: number;
  consecutiveMisses: number;
}

export const NO_HISTORY: StatusHistory = { currentStreak: 0, maxStreak: 0, consecutiveMisses: 0 };

/** Per member; members without any entry off break are absent from the map (see NO_HISTORY). */
export async function statusHistories(deps: Deps, memberIds: readonly number[]): Promise<Map<number, StatusHistory>> {
  const rows = await deps.prisma.$queryRaw<(StatusHistory & { memberId: number })[]>`
    WITH entries AS (
      SELECT s.member_id, s.date, s.is_sent,
             row_number() OVER (PARTITION BY s.member_id ORDER BY s.date)
               - row_number() OVER (PARTITION BY s.member_id, s.is_sent ORDER BY s.date) AS run
      FROM status_update s JOIN member m USING (member_id)
      WHERE s.member_id = ANY(${memberIds}::int[])
        AND NOT ${breakCovers(Prisma.sql`s.date`, Prisma.sql`m.year`)}
    ),
    runs AS (
      SELECT member_id, is_sent, count(*)::int AS length, max(date) AS last_day
      FROM entries GROUP BY member_id, is_sent, run
    ),
    latest AS (
      SELECT DISTINCT ON (member_id) member_id, is_sent, length FROM runs ORDER BY member_id, last_day DESC
    )
    SELECT r.member_id AS "memberId",
           CASE WHEN l.is_sent THEN l.length ELSE 0 END AS "currentStreak",
           coalesce(max(r.length) FILTER (WHERE r.is_sent), 0)::int AS "maxStreak",
           CASE WHEN l.is_sent THEN 0 ELSE l.length END AS "consecutiveMisses"
    FROM runs r JOIN latest l USING (member_id)
    GROUP BY r.member_id, l.is_sent, l.length`;
  return new Map(rows.map(({ memberId, ...history }) => [memberId, history]));
}
