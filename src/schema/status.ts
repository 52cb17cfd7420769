// Status updates in GraphQL (second generation): a member's status computed
// from the update history (MemberStatus), the StatusUpdate entry, and
// markStatusUpdate. The rules and their SQL live in src/status/; per-member
// fields are batched per request, one statement per field and arguments.
import { type Context, deps } from '../graphql/context.js';
import { loadForMember } from '../graphql/member-batches.js';
import { NO_HISTORY, statusHistories } from '../status/status-history.js';
import { type StatusUpdate, markStatusUpdates, statusOnDate } from '../status/status-updates.js';
import { publicRead, statusWrite } from './auth-scopes.js';
import { builder } from './builder.js';
import { GENERATION_2 } from './generations.js';
import { updateCountOf } from './batched-counts.js';
import { StatusUpdateStreakInfo } from './streak.js';

export const StatusUpdateRef = builder.objectRef<StatusUpdate>('StatusUpdate').implement({
  description: "A member's status-update entry for one day.",
  extensions: GENERATION_2,
  fields: (t) => ({
    memberId: t.exposeInt('memberId', { authScopes: publicRead }),
    date: t.expose('date', { authScopes: publicRead, type: 'NaiveDate' }),
    isSent: t.exposeBoolean('isSent', { authScopes: publicRead }),
    onBreak: t.exposeBoolean('onBreak', {
      authScopes: publicRead,
      description: 'A status break covers the day for this member.',
    }),
  }),
});

const historyOf = async (ctx: Context, memberId: number) =>
  (await loadForMember(ctx, 'status-history', memberId, (ids) => statusHistories(deps(ctx), ids))) ?? NO_HISTORY;

export const MemberStatus = builder.objectRef<{ memberId: number }>('MemberStatus').implement({
  description: "A member's status updates, computed from their history; break days neither break nor extend a run.",
  extensions: GENERATION_2,
  fields: (t) => ({
    streak: t.field({
      authScopes: publicRead,
      type: StatusUpdateStreakInfo,
      description:
        'currentStreak: the run of sent days ending at the latest entry off break (0 when that day was missed); maxStreak: the longest run.',
      resolve: async ({ memberId }, _args, ctx) => {
        const { currentStreak, maxStreak } = await historyOf(ctx, memberId);
        return { currentStreak, maxStreak };
      },
    }),
    consecutiveMisses: t.int({
      authScopes: publicRead,
      description: 'Missed days off break, counted back from the latest entry.',
      resolve: async ({ memberId }, _args, ctx) => (await historyOf(ctx, memberId)).consecutiveMisses,
    }),
    updateCount: t.int({
      authScopes: publicRead,
      description: 'Status updates sent from startDate to endDate (YYYY-MM-DD, inclusive).',
      args: { startDate: t.arg.string({ required: true }), endDate: t.arg.string({ required: true }) },
      resolve: ({ memberId }, args, ctx) => updateCountOf(ctx, memberId, args),
    }),
    onDate: t.field({
      authScopes: publicRead,
      type: StatusUpdateRef,
      nullable: true,
      description: "The member's entry on the day; null when there is none.",
      args: { date: t.arg({ type: 'NaiveDate', required: true }) },
      resolve: async ({ memberId }, { date }, ctx) =>
        (await loadForMember(ctx, `status-on:${date}`, memberId, (ids) => statusOnDate(deps(ctx), ids, date))) ?? null,
    }),
  }),
});

builder.mutationField('markStatusUpdate', (t) =>
  t.field({
    authScopes: statusWrite,
    type: [StatusUpdateRef],
    description:
      'Marks the status updates of the members with these emails (`emails`, `email` or both) as sent on `date` ' +
      '(default: yesterday, club time), creating entries as needed. Returns one entry per member found, by id; ' +
      'unknown emails are skipped and logged.',
    extensions: GENERATION_2,
    args: {
      emails: t.arg.stringList({ required: false }),
      email: t.arg.string({ required: false }),
      date: t.arg({ type: 'NaiveDate', required: false }),
    },
    resolve: async (_root, args, ctx) => {
      const { updates, unknownEmails } = await markStatusUpdates(deps(ctx), args);
      if (unknownEmails.length) ctx.log?.warn({ unknownEmails }, 'markStatusUpdate skipped unknown emails');
      return updates;
    },
  }),
);
