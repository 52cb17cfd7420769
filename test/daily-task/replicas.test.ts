// Exactly once across replicas: runs for the same day on separate connections
// (separate pools, as two server processes have) produce one set of effects.
import type { ClubDate } from '../../src/calendar/club-date.js';
import t from 'tap';
import { catchUp } from '../../src/daily-task/catch-up.js';
import { runDailyTask } from '../../src/daily-task/run-daily-task.js';
import type { PrismaClient } from '../../src/db/prisma.js';
import { createTestDatabase, storeKinds } from '../helpers/databases.js';
import {
  TIME_ZONE,
  fixedClock,
  insertMembers,
  markPresent,
  openDatabase,
  openTestDatabase,
  readTables,
} from '../helpers/daily-task.js';

const day = (text: string) => text as ClubDate;

/** Two clients on one database: two pools on PostgreSQL; PGlite has one connection, shared. */
async function twoReplicas(
  t: { teardown(fn: () => unknown): void },
  kind: (typeof storeKinds)[number],
): Promise<[PrismaClient, PrismaClient]> {
  if (kind === 'pglite') {
    const { prisma } = await openTestDatabase(t, kind);
    return [prisma, prisma];
  }
  const url = await createTestDatabase(t);
  const first = await openDatabase(t, url);
  const second = await openDatabase(t, url);
  return [first.prisma, second.prisma];
}

for (const kind of storeKinds) {
  t.test(kind, async (t) => {
    t.test('two runs for one day at once: one does the work, the other finds it done', async (t) => {
      const [one, two] = await twoReplicas(t, kind);
      const ids = await insertMembers(one, 50);
      await markPresent(one, ids[0]!, '2026-04-30');
      const results = await Promise.all(
        [one, two, one, two].map((prisma) => runDailyTask(prisma, { day: day('2026-05-01'), timeZone: TIME_ZONE })),
      );
      t.same(results.map((result) => result.status).sort(), ['already-done', 'already-done', 'already-done', 'done']);
      t.same(
        results.find((result) => result.status === 'done'),
        { day: '2026-05-01', status: 'done', absentRows: 50, statusEntries: 50, summaryRows: 1 },
      );
      const tables = await readTables(two);
      t.equal(tables.attendance.filter((row) => row.date === '2026-05-01').length, 50);
      t.same(tables.summaries, [{ memberId: ids[0], year: 2026, month: 4, daysAttended: 1 }]);
      t.same(tables.ledger, ['2026-05-01']);
    });

    t.test('two replicas catching up together prepare each day once', async (t) => {
      const [one, two] = await twoReplicas(t, kind);
      await insertMembers(one, 20);
      const clock = fixedClock('2026-05-10T19:00:00Z'); // 00:30 on 11 May, club time
      await runDailyTask(one, { day: day('2026-05-05'), timeZone: TIME_ZONE, clock });
      const options = { timeZone: TIME_ZONE, catchUpDays: 60, clock };
      const [first, second] = await Promise.all([catchUp(one, options), catchUp(two, options)]);
      const done = [...first.results, ...second.results].filter((result) => result.status === 'done');
      t.same(done.map((result) => result.day).sort(), [
        '2026-05-06',
        '2026-05-07',
        '2026-05-08',
        '2026-05-09',
        '2026-05-10',
        '2026-05-11',
      ]);
      t.ok(done.every((result) => result.absentRows === 20));
      const tables = await readTables(one);
      t.equal(tables.attendance.length, 7 * 20);
      t.same(tables.ledger, [
        '2026-05-05',
        '2026-05-06',
        '2026-05-07',
        '2026-05-08',
        '2026-05-09',
        '2026-05-10',
        '2026-05-11',
      ]);
    });
  });
}
