// Status-update streaks: the streak types, queries and the two mutations.
// The rules of src/domain/streak-rules.ts run as one atomic SQL upsert so
// that two bumps at once never lose one; a test checks both agree.
import { Prisma } from '../generated/prisma/client.js';
import { builder } from './builder.js';
import { type Context, db } from './context.js';
import { explainDatabaseError, memberNotFound } from './errors.js';

interface StreakRow {
  memberId: number;
  currentStreak: number;
  maxStreak: number;
}

export const StatusUpdateStreakRef = builder.objectRef<StreakRow>('StatusUpdateStreak').implement({
  fields: (t) => ({
    memberId: t.exposeInt('memberId'),
    currentStreak: t.exposeInt('currentStreak'),
    maxStreak: t.exposeInt('maxStreak'),
  }),
});

export const StatusUpdateStreakInfo = builder
  .objectRef<Omit<StreakRow, 'memberId'>>('StatusUpdateStreakInfo')
  .implement({
    fields: (t) => ({
      currentStreak: t.exposeInt('currentStreak'),
      maxStreak: t.exposeInt('maxStreak'),
    }),
  });

const streakColumns = { memberId: true, currentStreak: true, maxStreak: true } as const;

builder.queryFields((t) => ({
  streak: t.field({
    type: StatusUpdateStreakRef,
    description: "A member's streak; (0, 0) before their first update.",
    args: { memberId: t.arg.int({ required: true }) },
    resolve: async (_root, { memberId }, ctx) => {
      const member = await db(ctx).member.findUnique({
        where: { id: memberId },
        select: { statusUpdateStreak: { select: streakColumns } },
      });
      if (!member) throw memberNotFound(memberId);
      return member.statusUpdateStreak ?? { memberId, currentStreak: 0, maxStreak: 0 };
    },
  }),
  streaks: t.field({
    type: [StatusUpdateStreakRef],
    description: 'Every recorded streak, by member id.',
    resolve: (_root, _args, ctx) =>
      db(ctx).statusUpdateStreak.findMany({ select: streakColumns, orderBy: { memberId: 'asc' } }),
  }),
}));

const StreakInput = builder.inputType('StreakInput', {
  fields: (t) => ({ memberId: t.int({ required: true }) }),
});

builder.mutationFields((t) => ({
  incrementStreak: t.field({
    type: StatusUpdateStreakRef,
    description: 'Counts a status update: a negative run restarts at 1; the best streak follows.',
    args: { input: t.arg({ type: StreakInput, required: true }) },
    resolve: (_root, { input }, ctx) => upsertStreak(ctx, input.memberId, increment),
  }),
  resetStreak: t.field({
    type: StatusUpdateStreakRef,
    description: 'Counts a missed update: a positive run drops to 0, otherwise one more miss.',
    args: { input: t.arg({ type: StreakInput, required: true }) },
    resolve: (_root, { input }, ctx) => upsertStreak(ctx, input.memberId, reset),
  }),
}));

interface StreakChange {
  /** The row a member without one gets. */
  first: Prisma.Sql;
  /** The new current streak, from the stored row `s`. */
  next: Prisma.Sql;
}

const increment: StreakChange = {
  first: Prisma.sql`1, 1`,
  next: Prisma.sql`CASE WHEN s.current_streak >= 0 THEN s.current_streak + 1 ELSE 1 END`,
};
const reset: StreakChange = {
  first: Prisma.sql`0, 0`,
  next: Prisma.sql`CASE WHEN s.current_streak > 0 THEN 0 ELSE s.current_streak - 1 END`,
};

async function upsertStreak(ctx: Context, memberId: number, change: StreakChange): Promise<StreakRow> {
  const rows = await db(ctx).$queryRaw<StreakRow[]>`
      INSERT INTO status_update_streak AS s (member_id, current_streak, max_streak)
      VALUES (${memberId}, ${change.first})
      ON CONFLICT (member_id) DO UPDATE SET
        current_streak = ${change.next},
        max_streak = GREATEST(s.max_streak, ${change.next})
      RETURNING member_id AS "memberId", current_streak AS "currentStreak", max_streak AS "maxStreak"`.catch(
    (error: unknown) => explainDatabaseError(error, { memberId }),
  );
  return rows[0]!;
}
