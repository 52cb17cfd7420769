// The live area's parts on their own: the subscriber stream, the presence
// rules at their edges, mark notices, club instants, and the feed's answers
// to a bad notification, a failed read and a reconnect, on both stores.
import t from 'tap';
import { parseMarkNotice } from '../../src/attendance/attendance-events.js';
import { type ClubDate } from '../../src/calendar/club-date.js';
import { clubInstant } from '../../src/calendar/club-instant.js';
import type { NotificationHandlers } from '../../src/db/notification-listener.js';
import { EventStream } from '../../src/live/event-stream.js';
import { LabPresence } from '../../src/live/lab-presence.js';
import { LiveFeed, type MarkEvent, type PresenceEvent } from '../../src/live/live-feed.js';
import type { Sighting } from '../../src/live/live-queries.js';
import { openMigratedStore } from '../db/open-store.js';
import { storeKinds } from '../helpers/databases.js';
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
