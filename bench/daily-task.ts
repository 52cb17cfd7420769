// How long the daily task takes for a club of 10,000 members with a year of
// history, on the PostgreSQL server of TEST_DATABASE_URL (its maintenance
// database, as for the tests; default: the local server). A fresh database is
// made for the run and dropped after. `npm run bench [-- --members N --days K]`
import { UsageError, countOption, parseOptions } from '../src/cli/cli-errors.js';
import { catchUp } from '../src/daily-task/catch-up.js';
import { runDailyTask } from '../src/daily-task/run-daily-task.js';
import { addDays, clubDateAt } from '../src/calendar/club-date.js';
import { seedDemoData } from '../src/seed/demo-data.js';
import { createTestDatabase } from '../test/helpers/databases.js';
import { openDatabase } from '../test/helpers/daily-task.js';

// Checked as the CLI's seed checks them: a typo stops here, with exit code 2,
// not minutes later inside PostgreSQL.
function readArguments(): { members: number; days: number } {
  try {
    const values = parseOptions(process.argv.slice(2), {
      members: { type: 'string', default: '10000' },
      days: { type: 'string', default: '365' },
    });
    return {
      members: countOption('members', values.members, 1, 1_000_000),
      days: countOption('days', values.days, 1, 3660),
    };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`bench: ${error.message}\nUsage: npm run bench [-- --members N (1-1000000) --days K (1-3660)]`);
    process.exit(2);
  }
}

const { members, days } = readArguments();
const timeZone = 'Asia/Kolkata';

const cleanups: (() => unknown)[] = [];
const scope = { teardown: (fn: () => unknown) => cleanups.unshift(fn) };

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const started = performance.now();
  const result = await fn();
  console.log(`${label.padEnd(58)} ${(performance.now() - started).toFixed(0).padStart(7)} ms`);
  return result;
}

try {
  const { prisma } = await openDatabase(scope, await createTestDatabase(scope));
  const today = clubDateAt(new Date(), timeZone);
  console.log(`Daily task benchmark: ${members} members, ${days} days of history, PostgreSQL\n`);
  const seeded = await timed(`seed (${members} members x ${days} days)`, () =>
    seedDemoData(prisma, { members, days, timeZone }),
  );
  console.log(`  ${seeded.attendanceRows} attendance rows, ${seeded.summaries} summaries\n`);
  // What autovacuum would have done after such a load: statistics and the visibility map.
  await prisma.$executeRaw`VACUUM ANALYZE`;

  // Counted as the docs count them: the work, not the COMMIT that Prisma's
  // query events show (they do not show the BEGIN).
  let statements = 0;
  prisma.$onQuery((event) => void (/^\s*COMMIT\b/i.test(event.query) || (statements += 1)));
  const run = await timed('daily run for today (absent rows + summaries)', () =>
    runDailyTask(prisma, { day: today, timeZone }),
  );
  console.log(
    `  ${run.absentRows} absent rows, ${run.summaryRows} summaries changed, ${statements} statements in one transaction`,
  );
  await timed('second run for today (already done)', () => runDailyTask(prisma, { day: today, timeZone }));
  for (let i = 1; i <= 3; i += 1) {
    await timed(`redo of today #${i} (all the work, nothing to change)`, () =>
      runDailyTask(prisma, { day: today, timeZone, redo: true }),
    );
  }
  await prisma.$executeRaw`DELETE FROM daily_task_run WHERE day >= ${addDays(today, -3)}::date`;
  await prisma.$executeRaw`DELETE FROM attendance WHERE date >= ${addDays(today, -3)}::date AND NOT is_present`;
  await timed('catch-up after a three-day outage (4 days)', () => catchUp(prisma, { timeZone, catchUpDays: 60 }));
  await prisma.$executeRaw`DELETE FROM daily_task_run`;
  await timed('first run ever (rebuilds every summary)', () => runDailyTask(prisma, { day: today, timeZone }));
} finally {
  for (const cleanup of cleanups) await cleanup();
}
