// Subscriptions end to end on both stores: a real listening app, the
// graphql-ws client over a real WebSocket, marks posted over HTTP as the
// scanners post them, and a clock the test moves for departures. With
// nobody subscribed, announced marks cost no statement and keep no view.
import t from 'tap';
import { buildTestApp } from '../helpers/build-app.js';
import { clubToday } from '../helpers/club-clock.js';
import { storeKinds } from '../helpers/databases.js';
import { createMember, sign } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';
import { manualClock } from '../helpers/manual-clock.js';
import { recordStatements } from '../helpers/sql-recorder.js';
import { connect, listenOn, subscribe } from '../helpers/subscriptions.js';

const TIME_ZONE = 'Asia/Kolkata';

const MARKED = `subscription ($memberId: Int, $groupId: Int) {
  attendanceMarked(memberId: $memberId, groupId: $groupId) {
    attendanceId memberId date isPresent timeIn timeOut
    member { memberId name email groupId projects { title } }
  }
}`;

const PRESENCE = `subscription {
  labPresence { kind missedEvents visitors { memberId date timeIn timeOut leavesAt member { name } } }
}`;

async function mark(app: Parameters<typeof postGraphQL>[0], memberId: number, date: string) {
  const response = await postGraphQL(
    app,
    `mutation ($input: MarkAttendanceInput!) {
      markAttendance(input: $input) { attendanceId memberId date isPresent timeIn timeOut }
    }`,
    { variables: { input: { memberId, date, hmacSignature: sign(memberId, date) } } },
  );
  if (!response.body.data) throw new Error(JSON.stringify(response.body.errors));
  return response.body.data.markAttendance as Record<string, unknown>;
}

for (const kind of storeKinds) {
  t.test(kind, async (t) => {
    t.test('a mark made over HTTP reaches a subscriber with the row and its member', async (t) => {
      const { app } = await buildTestApp(t, kind);
      const url = await listenOn(app);
      const memberId = await createMember(app, { name: 'Ada', groupId: 7 });
      const subscriber = subscribe(connect(url), MARKED);
      t.teardown(() => subscriber.close());
      await waitForSubscribers(app, 1);
      const today = clubToday(TIME_ZONE);
      const marked = await mark(app, memberId, today);
      const event = await subscriber.next();
      t.strictSame(event, {
        data: {
          attendanceMarked: {
            ...marked,
            member: {
              memberId,
              name: 'Ada',
              email: event.data.attendanceMarked.member.email,
              groupId: 7,
              projects: [],
            },
          },
        },
      });
      t.match(event.data.attendanceMarked.member.email, /@club\.example$/);
    });

    t.test('filters by member and by group', async (t) => {
      const { app } = await buildTestApp(t, kind);
      const url = await listenOn(app);
      const [a, b] = [await createMember(app, { groupId: 1 }), await createMember(app, { groupId: 2 })];
      const client = connect(url);
      const byMember = subscribe(client, MARKED, { memberId: a });
      const byGroup = subscribe(client, MARKED, { groupId: 2 });
      t.teardown(() => Promise.all([byMember.close(), byGroup.close()]));
      await waitForSubscribers(app, 2);
      const today = clubToday(TIME_ZONE);
      await mark(app, b, today);
      await mark(app, a, today);
      t.equal((await byMember.next()).data.attendanceMarked.memberId, a);
      t.equal((await byGroup.next()).data.attendanceMarked.memberId, b);
      await mark(app, b, today);
      t.equal((await byGroup.next()).data.attendanceMarked.memberId, b);
      t.strictSame(byMember.buffered(), [], 'nothing for the other member');
    });

    t.test('labPresence: the list on subscribe, an arrival, a departure when the window lapses', async (t) => {
      const time = manualClock();
      const { app } = await buildTestApp(t, kind, { ROOT_PRESENCE_WINDOW_MINUTES: '10' }, time);
      const url = await listenOn(app);
      const early = await createMember(app, { name: 'Early' });
      const late = await createMember(app, { name: 'Late' });
      const today = clubToday(TIME_ZONE, time.clock());
      // Marked while nobody watches: the feed keeps no view; the first subscriber's SNAPSHOT reads it.
      await mark(app, early, today);
      t.strictSame(app.live.presence.list(), [], 'no view of the lab kept while nobody watches');

      const board = subscribe(connect(url), PRESENCE);
      t.teardown(() => board.close());
      const snapshot = await board.next();
      const earlyVisitor = snapshot.data.labPresence.visitors[0];
      t.strictSame(snapshot, {
        data: {
          labPresence: {
            kind: 'SNAPSHOT',
            missedEvents: false,
            visitors: [{ ...earlyVisitor, memberId: early, date: today, member: { name: 'Early' } }],
          },
        },
      });
      t.equal(earlyVisitor.timeIn, earlyVisitor.timeOut);
      t.equal(earlyVisitor.leavesAt, new Date(time.clock().getTime() + 600_000).toISOString());

      time.advance(4 * 60_000);
      const lateMark = await mark(app, late, today);
      const arrived = await board.next();
      t.strictSame(arrived.data.labPresence, {
        kind: 'ARRIVED',
        missedEvents: false,
        visitors: [
          {
            memberId: late,
            date: today,
            timeIn: lateMark.timeIn,
            timeOut: lateMark.timeOut,
            leavesAt: new Date(time.clock().getTime() + 600_000).toISOString(),
            member: { name: 'Late' },
          },
        ],
      });

      time.advance(6 * 60_000 - 1);
      t.strictSame(board.buffered(), [], 'still in one millisecond before the window lapses');
      time.advance(1);
      const left = await board.next();
      t.strictSame(left.data.labPresence, { kind: 'LEFT', missedEvents: false, visitors: [earlyVisitor] });
      t.strictSame(
        app.live.presence.list().map((visitor) => visitor.memberId),
        [late],
      );

      await board.close();
      await waitFor(() => app.live.subscriberCount === 0);
      t.strictSame(app.live.presence.list(), [], 'the last subscriber gone, the view is dropped');
      t.equal(time.pending(), 0, 'and so is the departure timer');
    });

    t.test('marks while nobody subscribes cost no statement beyond their own', async (t) => {
      const { app } = await buildTestApp(t, kind);
      const url = await listenOn(app);
      const [quiet, watched] = [await createMember(app), await createMember(app)];
      const today = clubToday(TIME_ZONE);
      const { statements: oneMark } = await recordStatements(app, () => mark(app, quiet, today));
      const { statements } = await recordStatements(app, async () => {
        for (let count = 0; count < 3; count += 1) await mark(app, quiet, today);
        // Announcements are handled in the order they come: once the watched mark's event
        // arrives, the three before it were handled too, and would have read by then.
        const subscriber = subscribe(connect(url), 'subscription { attendanceMarked { memberId member { name } } }');
        t.teardown(() => subscriber.close());
        await waitForSubscribers(app, 1);
        await mark(app, watched, today);
        t.equal((await subscriber.next()).data.attendanceMarked.memberId, watched);
      });
      t.strictSame(statements.slice(0, -1), [...oneMark, ...oneMark, ...oneMark, ...oneMark], 'the marks alone');
      t.match(statements.at(-1), /FROM attendance AS a JOIN member AS m/, "then one read, for the subscriber's mark");
    });

    t.test('one connection holds at most 20 subscriptions', async (t) => {
      const { app } = await buildTestApp(t, kind);
      const url = await listenOn(app);
      const client = connect(url);
      const subscribers = Array.from({ length: 20 }, () => subscribe(client, PRESENCE));
      t.teardown(() => Promise.all(subscribers.map((subscriber) => subscriber.close())));
      await Promise.all(subscribers.map((subscriber) => subscriber.next()));
      const refused = subscribe(client, PRESENCE);
      t.strictSame(await refused.ended, {
        error: [
          {
            message: 'At most 20 subscriptions per connection',
            locations: [{ line: 2, column: 3 }],
            path: ['labPresence'],
            extensions: { limit: 20, code: 'TOO_MANY_SUBSCRIPTIONS' },
          },
        ],
      });
      t.equal(app.live.subscriberCount, 20);
    });

    t.test('100 connect/subscribe/disconnect cycles leave no listener behind', async (t) => {
      const { app } = await buildTestApp(t, kind);
      const url = await listenOn(app);
      for (let cycle = 0; cycle < 100; cycle += 1) {
        const client = connect(url);
        const marks = subscribe(client, MARKED);
        const board = subscribe(client, PRESENCE);
        await board.next();
        await waitForSubscribers(app, 2);
        await Promise.all([marks.close(), board.close()]);
      }
      const connections = () =>
        new Promise<number>((resolve, reject) =>
          app.server.getConnections((error, count) => (error ? reject(error) : resolve(count))),
        );
      const deadline = Date.now() + 5_000;
      while ((app.live.subscriberCount > 0 || (await connections()) > 0) && Date.now() < deadline) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      t.equal(app.live.subscriberCount, 0, 'no subscriber stream left in the feed');
      t.equal(await connections(), 0, 'no socket left open');
      t.equal(app.server.listenerCount('upgrade'), 1, 'one upgrade handler, as at start');
      if (kind === 'postgresql') {
        const listeners = await app.prisma.$queryRaw<{ count: bigint }[]>`
          SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`;
        t.equal(Number(listeners[0]!.count), 1, 'one listening connection, as at start');
      }
    });
  });
}

async function waitForSubscribers(app: { live: { subscriberCount: number } }, count: number): Promise<void> {
  await waitFor(() => app.live.subscriberCount >= count);
}

async function waitFor(condition: () => boolean, ms = 5_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
