// Live updates in GraphQL: the Subscription fields over WebSocket. Events
// come from the process's LiveFeed (src/live/) through the connection's
// handle (src/graphql/connection-context.ts); each event is resolved with
// the subscriber's own context, so the member's fields are read as that
// caller may read them.
import { liveConnection } from '../graphql/connection-context.js';
import { type Context, deps } from '../graphql/context.js';
import type { LiveFeed, MarkEvent } from '../live/live-feed.js';
import type { PresenceEvent } from '../live/presence-feed.js';
import { eventsMissed } from '../live/live-errors.js';
import type { Visitor } from '../live/lab-presence.js';
import type { Sighting } from '../live/live-queries.js';
import type { EventStream } from '../live/event-stream.js';
import { DomainError } from '../errors/domain-error.js';
import { publicRead } from './auth-scopes.js';
import { builder } from './builder.js';
import { memberAsSelected } from '../members/members.js';
import { MemberRef } from './member.js';

builder.subscriptionType({});

const AttendanceMark = builder.objectRef<Sighting>('AttendanceMark').implement({
  description: 'An accepted attendance mark: the row as the mark left it, with its member.',
  fields: (t) => ({
    attendanceId: t.int({ authScopes: publicRead, resolve: ({ row }) => row.attendanceId }),
    memberId: t.int({ authScopes: publicRead, resolve: ({ row }) => row.memberId }),
    date: t.field({ authScopes: publicRead, type: 'NaiveDate', resolve: ({ row }) => row.date }),
    isPresent: t.boolean({ authScopes: publicRead, resolve: ({ row }) => row.isPresent }),
    timeIn: t.field({ authScopes: publicRead, type: 'NaiveTime', nullable: true, resolve: ({ row }) => row.timeIn }),
    timeOut: t.field({ authScopes: publicRead, type: 'NaiveTime', nullable: true, resolve: ({ row }) => row.timeOut }),
    member: t.prismaField({
      authScopes: publicRead,
      type: MemberRef,
      resolve: (query, { member }, _args, ctx) => memberAsSelected(deps(ctx), member, query),
    }),
  }),
});

const LabVisitor = builder.objectRef<Visitor>('LabVisitor').implement({
  description: 'A member in the lab: seen by a scanner within the presence window.',
  fields: (t) => ({
    memberId: t.exposeInt('memberId', { authScopes: publicRead }),
    member: t.prismaField({
      authScopes: publicRead,
      type: MemberRef,
      resolve: (query, { sighting }, _args, ctx) => memberAsSelected(deps(ctx), sighting.member, query),
    }),
    date: t.field({ authScopes: publicRead, type: 'NaiveDate', resolve: ({ sighting }) => sighting.row.date }),
    timeIn: t.field({
      authScopes: publicRead,
      type: 'NaiveTime',
      nullable: true,
      resolve: ({ sighting }) => sighting.row.timeIn,
    }),
    timeOut: t.field({
      authScopes: publicRead,
      type: 'NaiveTime',
      description: 'The last sighting (club time).',
      resolve: ({ sighting }) => sighting.row.timeOut!,
    }),
    leavesAt: t.string({
      authScopes: publicRead,
      description: 'When the member leaves unless seen again: the last sighting plus the window (ISO 8601, UTC).',
      resolve: ({ leavesAt }) => leavesAt.toISOString(),
    }),
  }),
});

const LabPresenceKind = builder.enumType('LabPresenceKind', {
  values: {
    SNAPSHOT: { description: 'Everyone in the lab now: on subscribing, and after events may have been missed.' },
    ARRIVED: { description: 'One member came in.' },
    LEFT: { description: 'One member left: the window after their last sighting lapsed.' },
  },
});

const LabPresenceEvent = builder.objectRef<PresenceEvent>('LabPresenceEvent').implement({
  fields: (t) => ({
    kind: t.field({ authScopes: publicRead, type: LabPresenceKind, resolve: (event) => event.kind }),
    visitors: t.field({
      authScopes: publicRead,
      type: [LabVisitor],
      description: 'SNAPSHOT: everyone in the lab, by memberId; ARRIVED and LEFT: the one member.',
      resolve: (event) => event.visitors,
    }),
    missedEvents: t.boolean({
      authScopes: publicRead,
      description: 'True on a SNAPSHOT sent because events may have been missed: replace the whole list.',
      resolve: (event) => event.missedEvents,
    }),
  }),
});

/** Opens a feed stream counted against the connection's cap. */
function subscribeLive<T>(ctx: Context, open: (feed: LiveFeed, onEnd: () => void) => EventStream<T>): EventStream<T> {
  const connection = liveConnection(ctx);
  if (!connection) throw new DomainError('BAD_USER_INPUT', 'Subscriptions are served over WebSocket only');
  const release = connection.acquire();
  return open(connection.feed, release);
}

builder.subscriptionFields((t) => ({
  attendanceMarked: t.field({
    authScopes: publicRead,
    type: AttendanceMark,
    description:
      'Every accepted attendance mark, from any replica, as it is committed; `memberId` and `groupId` narrow ' +
      'them. When events may have been missed the subscription sends an EVENTS_MISSED error and stays open.',
    args: { memberId: t.arg.int({ required: false }), groupId: t.arg.int({ required: false }) },
    subscribe: (_root, { memberId, groupId }, ctx) =>
      subscribeLive(ctx, (feed, onEnd) =>
        feed.marks(
          ({ row, member }) =>
            (memberId == null || row.memberId === memberId) && (groupId == null || member.groupId === groupId),
          onEnd,
        ),
      ),
    resolve: (event: MarkEvent) => {
      if (event.kind === 'MISSED') throw eventsMissed();
      return event.sighting;
    },
  }),
  labPresence: t.field({
    authScopes: publicRead,
    type: LabPresenceEvent,
    description:
      'Who is in the lab: a SNAPSHOT on subscribing, then one event per arrival or departure. A member is in ' +
      'while their last mark (timeOut) is within the presence window (ROOT_PRESENCE_WINDOW_MINUTES).',
    subscribe: (_root, _args, ctx) => subscribeLive(ctx, (feed, onEnd) => feed.presenceChanges(onEnd)),
    resolve: (event: PresenceEvent) => event,
  }),
}));
