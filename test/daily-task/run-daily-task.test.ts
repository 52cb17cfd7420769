import type { ClubDate } from '../../src/calendar/club-date.js';
import t from 'tap';
import { runDays } from '../../src/daily-task/catch-up.js';
import { FutureDayError, runDailyTask } from '../../src/daily-task/run-daily-task.js';
import { storeKinds } from '../helpers/databases.js';
import {
  TIME_ZONE,
  fixedClock,
  insertMembers,
  markPresent,
  openTestDatabase,
  readTables,
} from '../helpers/daily-task.js';

const day = (text: string) => text as ClubDate;
const options = { timeZone: TIME_ZONE };
const withoutStamps = (rows: { memberId: number; date: string; isPresent: boolean }[]) =>
  rows.map(({ memberId, date, isPresent }) => ({ memberId, date, isPresent }));

for (const kind of storeKinds) {
  t.test(kind, async (t) => {
    t.test('absent rows for the day; a presence on the last day of a month counts in that month', async (t) => {
      const { prisma } = await openTestDatabase(t, kind);
      const [a, b, c] = (await insertMembers(prisma, 3)) as [number, number, number];
      await markPresent(prisma, a, '2026-01-30');
      await markPresent(prisma, a, '2026-01-31');
      await markPresent(prisma, b, '2026-01-31');
      await markPresent(prisma, b, '2026-02-01');

      t.same(await runDailyTask(prisma, { ...options, day: day('2026-02-01') }), {
        day: '2026-02-01',
        status: 'done',
        absentRows: 2,
        statusEntries: 3,
        summaryRows: 2,
      });
      let tables = await readTables(prisma);
      t.same(withoutStamps(tables.attendance), [
        { memberId: a, date: '2026-01-30', isPresent: true },
        { memberId: a, date: '2026-01-31', isPresent: true },
        { memberId: b, date: '2026-01-31', isPresent: true },
        { memberId: a, date: '2026-02-01', isPresent: false },
        { memberId: b, date: '2026-02-01', isPresent: true },
        { memberId: c, date: '2026-02-01', isPresent: false },
      ]);
      // Day D itself is not counted yet: it is still being attended.
      t.same(tables.summaries, [
        { memberId: a, year: 2026, month: 1, daysAttended: 2 },
        { memberId: b, year: 2026, month: 1, daysAttended: 1 },
      ]);
      t.same(tables.ledger, ['2026-02-01']);

      await runDailyTask(prisma, { ...options, day: day('2026-02-02') });
      tables = await readTables(prisma);
      t.same(tables.summaries, [
        { memberId: a, year: 2026, month: 1, daysAttended: 2 },
        { memberId: a, year: 2026, month: 2, daysAttended: 0 },
        { memberId: b, year: 2026, month: 1, daysAttended: 1 },
        { memberId: b, year: 2026, month: 2, daysAttended: 1 },
        { memberId: c, year: 2026, month: 2, daysAttended: 0 },
      ]);
      t.same(tables.ledger, ['2026-02-01', '2026-02-02']);
    });

    t.test('year boundary: 31 December counts in December of its year', async (t) => {
      const { prisma } = await openTestDatabase(t, kind);
      const [a, b] = (await insertMembers(prisma, 2)) as [number, number];
      await markPresent(prisma, a, '2025-12-30');
      await markPresent(prisma, a, '2025-12-31');
      await markPresent(prisma, b, '2026-01-01');
      await runDays(prisma, [day('2025-12-31'), day('2026-01-01'), day('2026-01-02')], options);
      const tables = await readTables(prisma);
      t.same(tables.summaries, [
        { memberId: a, year: 2025, month: 12, daysAttended: 2 },
        { memberId: a, year: 2026, month: 1, daysAttended: 0 },
        { memberId: b, year: 2025, month: 12, daysAttended: 0 },
        { memberId: b, year: 2026, month: 1, daysAttended: 1 },
      ]);
      t.same(tables.ledger, ['2025-12-31', '2026-01-01', '2026-01-02']);
    });

    t.test('a late mark for an earlier day is picked up by the next run, even months back', async (t) => {
      const { prisma } = await openTestDatabase(t, kind);
      const [a] = (await insertMembers(prisma, 1)) as [number];
      await runDays(prisma, [day('2026-03-30'), day('2026-03-31'), day('2026-04-01'), day('2026-05-01')], options);
      t.same((await readTables(prisma)).summaries, [
        { memberId: a, year: 2026, month: 3, daysAttended: 0 },
        { memberId: a, year: 2026, month: 4, daysAttended: 0 },
      ]);
      // A scanner still signing 31 March marks the member after the runs.
      await markPresent(prisma, a, '2026-03-31');
      t.same((await readTables(prisma)).summaries[0], { memberId: a, year: 2026, month: 3, daysAttended: 0 });
      await runDailyTask(prisma, { ...options, day: day('2026-05-02') });
      t.same((await readTables(prisma)).summaries, [
        { memberId: a, year: 2026, month: 3, daysAttended: 1 },
        { memberId: a, year: 2026, month: 4, daysAttended: 0 },
        { memberId: a, year: 2026, month: 5, daysAttended: 0 },
      ]);
    });

    t.test('idempotent: a second run for the day changes nothing, a redo neither', async (t) => {
      const { prisma } = await openTestDatabase(t, kind);
      const [a, b] = (await insertMembers(prisma, 2)) as [number, number];
      await markPresent(prisma, a, '2026-06-14');
      await markPresent(prisma, b, '2026-06-15');
      await runDays(prisma, [day('2026-06-14'), day('2026-06-15')], options);
      const before = await readTables(prisma);

      t.same(await runDailyTask(prisma, { ...options, day: day('2026-06-15') }), {
        day: '2026-06-15',
        status: 'already-done',
        absentRows: 0,
        statusEntries: 0,
        summaryRows: 0,
      });
      t.same(await readTables(prisma), before);
      t.same(await runDailyTask(prisma, { ...options, day: day('2026-06-15'), redo: true }), {
        day: '2026-06-15',
        status: 'done',
        absentRows: 0,
        statusEntries: 0,
        summaryRows: 0,
      });
      t.same(await readTables(prisma), before);
    });

    t.test('members who did not exist yet on the day get no absent row', async (t) => {
      const { prisma } = await openTestDatabase(t, kind);
      const [early] = (await insertMembers(prisma, 1, new Date('2026-01-01T00:00:00Z'))) as [number];
      const [late] = (await insertMembers(prisma, 1, new Date('2026-07-10T12:00:00Z'))) as [number];
      await runDays(prisma, [day('2026-07-09'), day('2026-07-10')], options);
      t.same(withoutStamps((await readTables(prisma)).attendance), [
        { memberId: early, date: '2026-07-09', isPresent: false },
        { memberId: early, date: '2026-07-10', isPresent: false },
        { memberId: late, date: '2026-07-10', isPresent: false },
      ]);
    });

    t.test('time-zone edge: 00:10 club time is the previous UTC day', async (t) => {
      const { prisma } = await openTestDatabase(t, kind);
      const [a] = (await insertMembers(prisma, 1)) as [number];
      // Joined at 00:05 on 1 March in Kolkata, which is still 28 February in UTC.
      const [joined] = (await insertMembers(prisma, 1, new Date('2026-02-28T18:35:00Z'))) as [number];
      await markPresent(prisma, a, '2026-02-28');
      const clock = fixedClock('2026-02-28T18:40:00Z'); // 00:10 on 1 March, club time
      await t.rejects(runDailyTask(prisma, { ...options, clock, day: day('2026-03-02') }), FutureDayError);
      await runDays(prisma, [day('2026-02-28'), day('2026-03-01')], { ...options, clock });
      const tables = await readTables(prisma);
      t.same(withoutStamps(tables.attendance), [
        { memberId: a, date: '2026-02-28', isPresent: true },
        { memberId: a, date: '2026-03-01', isPresent: false },
        { memberId: joined, date: '2026-03-01', isPresent: false },
      ]);
      t.same(tables.summaries, [{ memberId: a, year: 2026, month: 2, daysAttended: 1 }]);
    });

    t.test('a future club day is refused before any statement', async (t) => {
      const { prisma } = await openTestDatabase(t, kind);
      const clock = fixedClock('2026-08-14T18:29:59Z'); // 23:59:59 on 14 August, club time
      await t.rejects(runDailyTask(prisma, { ...options, clock, day: day('2026-08-15') }), {
        name: 'FutureDayError',
        message: '2026-08-15 is in the future (today is 2026-08-14 in Asia/Kolkata)',
      });
      t.same((await runDailyTask(prisma, { ...options, clock, day: day('2026-08-14') })).status, 'done');
    });
  });
}
