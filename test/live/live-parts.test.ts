// The live area's parts on their own: the subscriber stream, the presence
// rules at their edges, mark notices, club instants, and the feed's answers
// to a bad notification, a failed read and a reconnect, on both stores; and
// presence kept only while watched: rebuilt by its first subscriber without
// losing a mark announced during that read, dropped by the last, retried
// when the first read fails.
import t from 'tap';
import { parseMarkNotice } from '../../src/attendance/attendance-events.js';
import { recordMark } from '../../src/attendance/record-mark.js';
import { type ClubDate, clubDateAt } from '../../src/calendar/club-date.js';
import { clubInstant } from '../../src/calendar/club-instant.js';
import type { NotificationHandlers } from '../../src/db/notification-listener.js';
import type { PrismaClient } from '../../src/db/prisma.js';
import { EventStream } from '../../src/live/event-stream.js';
import { LabPresence } from '../../src/live/lab-presence.js';
import { LiveFeed, type MarkEvent } from '../../src/live/live-feed.js';
import type { Sighting } from '../../src/live/live-queries.js';
import { type PresenceEvent, REBUILD_RETRY_MS } from '../../src/live/presence-feed.js';
import { openMigratedStore } from '../db/open-store.js';
import { storeKinds } from '../helpers/databases.js';
import { memberInput } from '../helpers/factories.js';
import { manualClock } from '../helpers/manual-clock.js';

const day = (text: string) => text as ClubDate;

t.test('EventStream queues, replaces an overflowing queue with a marker, and ends once', async (t) => {
  let ended = 0;
  const stream = new EventStream<string>(
    () => (ended += 1),
    () => 'MISSED',
    3,
  );
  for (const event of ['a', 'b', 'c', 'd']) stream.push(event);
  t.strictSame(
    [await stream.next(), await stream.next()],
    [
      { value: 'MISSED', done: false },
      { value: 'd', done: false },
    ],
  );
  const pending = stream.next();
  stream.push('e');
  t.strictSame(await pending, { value: 'e', done: false });
  const waiting = stream.next();
  await stream.return();
  await stream.return();
  stream.push('late');
  t.strictSame(
    [await waiting, await stream.next()],
    [
      { value: undefined, done: true },
      { value: undefined, done: true },
    ],
  );
  t.equal(ended, 1);
  t.ok(stream.closed);
  t.equal(stream[Symbol.asyncIterator](), stream);
});

function sighting(memberId: number, lastSeen: Date | null): Sighting {
  return { row: { memberId } as Sighting['row'], member: { id: memberId } as Sighting['member'], lastSeen };
}

t.test('LabPresence ignores stale, older and timeless sightings; long waits are cut', async (t) => {
  const start = new Date('2026-05-01T10:00:00Z');
  const time = manualClock(start);
  const presence = new LabPresence({ clock: time.clock, windowMs: 3_600_000, timers: time.timers });
  const changes: string[] = [];
  presence.onChange(({ kind, visitor }) => changes.push(`${kind} ${visitor.memberId}`));
  presence.see(sighting(1, null));
  presence.see(sighting(1, new Date(start.getTime() - 3_600_000)));
  t.strictSame(changes, [], 'no time, or a sighting whose window already lapsed: nobody arrives');
  presence.see(sighting(1, start));
  presence.see(sighting(1, new Date(start.getTime() - 60_000)));
  t.strictSame(
    presence.list()[0]!.leavesAt,
    new Date(start.getTime() + 3_600_000),
    'an older sighting changes nothing',
  );
  time.advance(59 * 60_000);
  t.equal(time.pending(), 1, 'the hour-long wait is re-armed each minute');
  time.advance(60_000);
  t.strictSame(changes, ['ARRIVED 1', 'LEFT 1']);
  presence.reset([sighting(2, new Date(time.clock().getTime() - 3_600_000)), sighting(3, time.clock())]);
  t.strictSame(
    presence.list().map((visitor) => visitor.memberId),
    [3],
    'a reset keeps the recent only, silently',
  );
  t.strictSame(changes, ['ARRIVED 1', 'LEFT 1']);
  presence.close();
  t.equal(time.pending(), 0);
});

t.test('parseMarkNotice accepts only the ids a mark announces', async (t) => {
  t.strictSame(parseMarkNotice('{"attendanceId" : 4, "memberId" : 2}'), { attendanceId: 4, memberId: 2 });
  t.equal(parseMarkNotice('not json'), null);
  t.equal(parseMarkNotice('null'), null);
  t.equal(parseMarkNotice('{"attendanceId": "4", "memberId": 2}'), null);
});

t.test('clubInstant: club time to an instant, across a daylight-saving change', async (t) => {
  t.equal(clubInstant(day('2026-05-01'), '10:00:00.123456', 'Asia/Kolkata').toISOString(), '2026-05-01T04:30:00.123Z');
  t.equal(clubInstant(day('2026-03-28'), '12:00:00', 'Europe/Berlin').toISOString(), '2026-03-28T11:00:00.000Z');
  t.equal(clubInstant(day('2026-03-29'), '12:00:00', 'Europe/Berlin').toISOString(), '2026-03-29T10:00:00.000Z');
});

for (const kind of storeKinds) {
  t.test(`LiveFeed on ${kind}: a bad notice is ignored, a failed read and a reconnect are announced`, async (t) => {
    const { store, prisma } = await openMigratedStore(t, kind);
    let handlers!: NotificationHandlers;
    const logs: string[] = [];
    const log = {
      info: (_: object, m: string) => logs.push(m),
      warn: (_: object, m: string) => logs.push(m),
      error: (_: object, m: string) => logs.push(m),
    };
    const feed = await LiveFeed.start({
      deps: { prisma, clock: () => new Date(), timeZone: 'Asia/Kolkata' },
      store: {
        listen: (channel, given) => {
          handlers = given;
          return store.listen(channel, given);
        },
      },
      windowMs: 600_000,
      log,
    });
    const marks = feed.marks(() => true);
    const presence = feed.presenceChanges();
    t.strictSame(await presence.next(), {
      value: { kind: 'SNAPSHOT', visitors: [], missedEvents: false },
      done: false,
    });

    handlers.onNotification('garbage');
    t.strictSame(logs, ['live updates: ignored a notification that is not a mark']);

    handlers.onReconnect!();
    t.strictSame(await marks.next(), { value: { kind: 'MISSED' } satisfies MarkEvent, done: false });
    t.strictSame(await presence.next(), {
      value: { kind: 'SNAPSHOT', visitors: [], missedEvents: true } satisfies PresenceEvent,
      done: false,
    });

    // The table gone, every read fails (the store itself stays open for teardown).
    await prisma.$executeRawUnsafe('DROP TABLE attendance CASCADE');
    handlers.onNotification('{"attendanceId": 1, "memberId": 1}');
    t.strictSame(await marks.next(), { value: { kind: 'MISSED' }, done: false }, 'a failed read is a gap');
    handlers.onReconnect!();
    t.strictSame(await marks.next(), { value: { kind: 'MISSED' }, done: false });
    t.equal((await presence.next()).value?.missedEvents, true, 'the old list is re-sent when it cannot be re-read');
    t.ok(logs.includes('live updates: could not read announced marks'));
    t.ok(logs.includes('live updates: could not re-read who is in the lab'));
    t.equal(feed.subscriberCount, 2);
    await feed.close();
    t.equal(feed.subscriberCount, 0);
  });
}

/**
 * The feed's reads through the real client, with a hand on them: `hold()`
 * makes the next read wait, after running, until released; `failNext()`
 * makes the next one fail. Each call is kept, settled or not.
 */
function handledReads(prisma: PrismaClient) {
  const calls: Promise<unknown>[] = [];
  const waiters: (() => void)[] = [];
  let gate: { ran: () => void; released: Promise<void> } | undefined;
  let failing = false;
  const $queryRaw = (...args: Parameters<PrismaClient['$queryRaw']>) => {
    const held = gate;
    const failed = failing;
    gate = undefined;
    failing = false;
    const call = (async () => {
      if (failed) throw new Error('read refused by the test');
      const rows = await prisma.$queryRaw(...args);
      held?.ran();
      await held?.released;
      return rows;
    })();
    calls.push(call.catch(() => undefined));
    for (const wake of waiters.splice(0)) wake();
    return call;
  };
  return {
    prisma: { $queryRaw } as unknown as PrismaClient,
    calls,
    /** Holds the next read after it ran; resolves `ran` then, and lets it answer on `release()`. */
    hold() {
      let release!: () => void;
      const released = new Promise<void>((resolve) => (release = resolve));
      const ran = new Promise<void>((resolve) => (gate = { ran: resolve, released }));
      return { ran, release };
    },
    failNext: () => (failing = true),
    /** The `index`th read (from 0) has answered, and what the feed does with its answer is done. */
    async settled(index: number) {
      while (calls.length <= index) await new Promise<void>((resolve) => waiters.push(resolve));
      await calls[index];
      await new Promise((resolve) => setImmediate(resolve));
    },
  };
}

function summary(event: IteratorResult<PresenceEvent>) {
  const { kind, missedEvents, visitors } = event.value as PresenceEvent;
  return [kind, missedEvents, visitors.map((visitor) => visitor.memberId)];
}

for (const kind of storeKinds) {
  t.test(`LiveFeed on ${kind}: presence is rebuilt for its first subscriber, dropped after the last`, async (t) => {
    const { store, prisma } = await openMigratedStore(t, kind);
    const time = manualClock();
    const timeZone = 'Asia/Kolkata';
    const today = clubDateAt(time.clock(), timeZone);
    const markDeps = { prisma, clock: time.clock, timeZone };
    const createMember = async () => {
      return (await prisma.member.create({ data: { ...memberInput(), sex: 'F' } })).id;
    };
    const early = await createMember();
    const during = await createMember();
    const reads = handledReads(prisma);
    const errors: string[] = [];
    const feed = await LiveFeed.start({
      deps: { prisma: reads.prisma, clock: time.clock, timeZone },
      store,
      windowMs: 600_000,
      timers: time.timers,
      log: { info: () => {}, warn: () => {}, error: (_, message) => errors.push(message) },
    });
    t.teardown(() => feed.close());

    await recordMark(markDeps, { memberId: early, date: today });
    const rebuild = reads.hold();
    const board = feed.presenceChanges();
    await rebuild.ran;
    // Committed after the rebuild's read: only its announcement can bring it in.
    await recordMark(markDeps, { memberId: during, date: today });
    await reads.settled(1);
    rebuild.release();
    t.strictSame(summary(await board.next()), ['SNAPSHOT', false, [early]]);
    t.strictSame(
      summary(await board.next()),
      ['ARRIVED', false, [during]],
      'the mark announced during the read arrives after the SNAPSHOT',
    );
    t.equal(time.pending(), 1, 'one departure timer while watched');
    t.strictSame(
      feed.presence.list().map((visitor) => visitor.sighting.member),
      await prisma.member.findMany({ where: { id: { in: [early, during] } }, orderBy: { id: 'asc' } }),
      'each visitor carries the member as Prisma loads it',
    );

    await board.return();
    t.strictSame(feed.presence.list(), [], 'the last subscriber gone, the view is dropped');
    t.equal(time.pending(), 0, 'with its timer');

    // The next first subscriber's read fails: it waits, and the read is tried again.
    reads.failNext();
    const late = feed.presenceChanges();
    await reads.settled(2);
    t.strictSame(errors, ['live updates: could not re-read who is in the lab']);
    t.equal(time.pending(), 1, 'a retry is due');
    time.advance(REBUILD_RETRY_MS);
    t.strictSame(summary(await late.next()), ['SNAPSHOT', false, [early, during]]);
  });
}
