// The seed's data is what the daily task would have left: after the next run
// every summary equals a recount of the rows, made here independently.
import t from 'tap';
import type { ClubDate } from '../../src/calendar/club-date.js';
import { runDailyTask } from '../../src/daily-task/run-daily-task.js';
import { seedDemoData } from '../../src/seed/demo-data.js';
import { storeKinds } from '../helpers/databases.js';
import { TIME_ZONE, fixedClock, openTestDatabase, readTables, type Tables } from '../helpers/daily-task.js';

function recount(attendance: Tables['attendance'], before: string): Tables['summaries'] {
  const counts = new Map<string, number>();
  for (const row of attendance.filter((row) => row.date < before)) {
    const key = `${row.memberId}-${row.date.slice(0, 7)}`;
    counts.set(key, (counts.get(key) ?? 0) + (row.isPresent ? 1 : 0));
  }
  return [...counts]
    .map(([key, daysAttended]) => {
      const [memberId, year, month] = key.split('-').map(Number) as [number, number, number];
      return { memberId, year, month, daysAttended };
    })
    .sort((a, b) => a.memberId - b.memberId || a.year - b.year || a.month - b.month);
}

for (const kind of storeKinds) {
  t.test(kind, async (t) => {
    const { prisma } = await openTestDatabase(t, kind);
    const clock = fixedClock('2026-03-03T06:00:00Z'); // 3 March, club time
    const result = await seedDemoData(prisma, { members: 40, days: 45, timeZone: TIME_ZONE, clock });
    t.match(result, {
      members: 40,
      attendanceRows: 40 * 45,
      projects: 60,
      statusUpdates: 40 * 45,
      statusBreaks: 2,
      history: { from: '2026-01-17', to: '2026-03-02' },
    });
    let tables = await readTables(prisma);
    t.equal(tables.ledger.length, 45);
    t.same(tables.summaries, recount(tables.attendance, '2026-03-02'));
    t.ok(tables.attendance.some((row) => row.isPresent) && tables.attendance.some((row) => !row.isPresent));
    const streaks = await prisma.statusUpdateStreak.findMany();
    t.equal(streaks.length, 40);
    t.ok(streaks.every((streak) => streak.maxStreak >= Math.max(streak.currentStreak, 0)));

    const sent = await prisma.statusUpdate.groupBy({ by: ['isSent'], _count: true, orderBy: { isSent: 'asc' } });
    t.same(
      sent.map((group) => group.isSent),
      [false, true],
      'status history with sent and missed days',
    );
    t.same(
      (await prisma.statusBreak.findMany({ orderBy: { id: 'asc' } })).map((item) => [
        item.startDate.toISOString().slice(0, 10),
        item.endDate.toISOString().slice(0, 10),
        item.year,
      ]),
      [
        ['2026-02-21', '2026-02-22', null],
        ['2026-02-28', '2026-03-01', 4],
      ],
    );

    const run = await runDailyTask(prisma, { day: '2026-03-03' as ClubDate, timeZone: TIME_ZONE, clock });
    t.equal(run.statusEntries, 0, "yesterday's status entries came with the seed");
    tables = await readTables(prisma);
    t.same(tables.summaries, recount(tables.attendance, '2026-03-03'));

    await t.rejects(seedDemoData(prisma, { members: 5, days: 1, timeZone: TIME_ZONE, clock }), {
      name: 'SeedRefusedError',
    });
    await seedDemoData(prisma, { members: 5, days: 0, timeZone: TIME_ZONE, clock, force: true });
    tables = await readTables(prisma);
    t.same([await prisma.member.count(), tables.attendance, tables.summaries, tables.ledger], [5, [], [], []]);
    t.equal(await prisma.statusUpdate.count(), 0);
  });
}
