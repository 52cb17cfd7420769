// Status-update streak counters in GraphQL: the streak types, queries and the
// two mutations. The rules and their SQL live in src/streaks/.
import { deps } from '../graphql/context.js';
import { type StreakRow, allStreaks, incrementStreak, resetStreak, streakOf } from '../streaks/streak-counters.js';
import { builder } from './builder.js';
import { publicRead, statusWrite } from './auth-scopes.js';

export const StatusUpdateStreakRef = builder.objectRef<StreakRow>('StatusUpdateStreak').implement({
  fields: (t) => ({
    memberId: t.exposeInt('memberId', { authScopes: publicRead }),
    currentStreak: t.exposeInt('currentStreak', { authScopes: publicRead }),
    maxStreak: t.exposeInt('maxStreak', { authScopes: publicRead }),
  }),
});

export const StatusUpdateStreakInfo = builder
  .objectRef<Omit<StreakRow, 'memberId'>>('StatusUpdateStreakInfo')
  .implement({
    fields: (t) => ({
      currentStreak: t.exposeInt('currentStreak', { authScopes: publicRead }),
      maxStreak: t.exposeInt('maxStreak', { authScopes: publicRead }),
    }),
  });

builder.queryFields((t) => ({
  streak: t.field({
    type: StatusUpdateStreakRef,
    authScopes: publicRead,
    description: "A member's streak; (0, 0) before their first update.",
    args: { memberId: t.arg.int({ required: true }) },
    resolve: (_root, { memberId }, ctx) => streakOf(deps(ctx), memberId),
  }),
  streaks: t.field({
    type: [StatusUpdateStreakRef],
    authScopes: publicRead,
    description: 'Every recorded streak, by member id.',
    resolve: (_root, _args, ctx) => allStreaks(deps(ctx)),
  }),
}));

const StreakInput = builder.inputType('StreakInput', {
  fields: (t) => ({ memberId: t.int({ required: true }) }),
});

builder.mutationFields((t) => ({
  incrementStreak: t.field({
    type: StatusUpdateStreakRef,
    authScopes: statusWrite,
    description: 'Counts a status update: a negative run restarts at 1; the best streak follows.',
    args: { input: t.arg({ type: StreakInput, required: true }) },
    resolve: (_root, { input }, ctx) => incrementStreak(deps(ctx), input.memberId),
  }),
  resetStreak: t.field({
    type: StatusUpdateStreakRef,
    authScopes: statusWrite,
    description: 'Counts a missed update: a positive run drops to 0, otherwise one more miss.',
    args: { input: t.arg({ type: StreakInput, required: true }) },
    resolve: (_root, { input }, ctx) => resetStreak(deps(ctx), input.memberId),
  }),
}));
