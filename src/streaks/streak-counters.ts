// The first generation's status-update streak counters, kept for the clients
// that still call incrementStreak and resetStreak. A non-negative current
// streak counts consecutive updates; a negative one counts consecutive missed
// updates. Each change is one atomic SQL upsert, so two bumps at once never
// lose one; the database keeps maxStreak >= currentStreak (a defect of the
// earlier server, which let a member back from a negative run end below it).
import type { Deps } from '../deps.js';
import { Prisma } from '../generated/prisma/client.js';
import { memberNotFound } from '../members/member-errors.js';

export interface StreakRow {
  memberId: number;
  currentStreak: number;
  maxStreak: number;
}

const streakColumns = { memberId: true, currentStreak: true, maxStreak: true } as const;

/** A member's counters; (0, 0) before their first update. One statement: the member and its row together. */
export async function streakOf(deps: Deps, memberId: number): Promise<StreakRow> {
  const rows = await deps.prisma.$rows<StreakRow>(Prisma.sql`
      SELECT m.member_id AS "memberId", coalesce(s.current_streak, 0) AS "currentStreak",
             coalesce(s.max_streak, 0) AS "maxStreak"
      FROM member AS m LEFT JOIN status_update_streak AS s USING (member_id)
      WHERE m.member_id = ${memberId}`);
  if (!rows[0]) throw memberNotFound(memberId);
  return rows[0];
}

/** Every recorded streak, by member id. */
export function allStreaks(deps: Deps): Promise<StreakRow[]> {
  return deps.prisma.statusUpdateStreak.findMany({ select: streakColumns, orderBy: { memberId: 'asc' } });
}

interface StreakChange {
  /** The row a member without one gets. */
  first: Prisma.Sql;
  /** The new current streak, from the stored row `s`. */
  next: Prisma.Sql;
}

/** An update was sent: no row gives (1, 1); a negative run restarts at 1; the best streak follows. */
export const incrementStreak = (deps: Deps, memberId: number) =>
  changeStreak(deps, memberId, {
    first: Prisma.sql`1, 1`,
    next: Prisma.sql`CASE WHEN s.current_streak >= 0 THEN s.current_streak + 1 ELSE 1 END`,
  });

/** An update was missed: no row gives (0, 0); a positive run drops to 0, otherwise one more miss. */
export const resetStreak = (deps: Deps, memberId: number) =>
  changeStreak(deps, memberId, {
    first: Prisma.sql`0, 0`,
    next: Prisma.sql`CASE WHEN s.current_streak > 0 THEN 0 ELSE s.current_streak - 1 END`,
  });

async function changeStreak(deps: Deps, memberId: number, change: StreakChange): Promise<StreakRow> {
  // Selecting the first row from member makes an unknown member insert nothing.
  const rows = await deps.prisma.$rows<StreakRow>(Prisma.sql`
      INSERT INTO status_update_streak AS s (member_id, current_streak, max_streak)
      SELECT member_id, ${change.first} FROM member WHERE member_id = ${memberId}
      ON CONFLICT (member_id) DO UPDATE SET
        current_streak = ${change.next},
        max_streak = GREATEST(s.max_streak, ${change.next})
      RETURNING member_id AS "memberId", current_streak AS "currentStreak", max_streak AS "maxStreak"`);
  if (!rows[0]) throw memberNotFound(memberId);
  return rows[0];
}
