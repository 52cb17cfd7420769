// The scheduler on a bare Fastify: nothing fires before start(), the job is
// set for 00:30 club time, a tick runs the catch-up, close stops it.
import Fastify from 'fastify';
import t from 'tap';
import { type Config, loadConfig } from '../../src/config.js';
import configPlugin from '../../src/plugins/app/config.js';
import databasePlugin from '../../src/plugins/app/database.js';
import schedulerPlugin, { DAILY_TASK_JOB } from '../../src/plugins/app/scheduler.js';
import { type StoreKind, storeKinds, storeLocation } from '../helpers/databases.js';
import { insertMembers, readTables } from '../helpers/daily-task.js';

async function buildScheduler(t: { teardown(fn: () => unknown): void }, kind: StoreKind, clock: () => Date) {
  const location = await storeLocation(t, kind);
  const config: Config = { ...loadConfig({ env: { LOG_LEVEL: 'silent' }, dotenv: false }), ...location };
  const app = Fastify({ logger: { level: 'silent' }, pluginTimeout: 60_000 });
  t.teardown(() => app.close());
  await app.register(configPlugin, { config });
  await app.register(databasePlugin);
  await app.register(schedulerPlugin, { clock });
  await app.ready();
  return app;
}

for (const kind of storeKinds) {
  t.test(`${kind}: the job waits for start(), runs at 00:30 club time, and catches up on each tick`, async (t) => {
    let now = new Date('2026-10-01T19:00:00Z'); // 00:30 on 2 October, Kolkata
    const app = await buildScheduler(t, kind, () => now);
    const job = app.cron.getJobByName(DAILY_TASK_JOB)!;
    t.equal(job.running, undefined, 'not started by ready()');
    t.same((await readTables(app.prisma)).ledger, []);

    await app.scheduler.start();
    t.equal(job.running, true);
    const next = job.nextDate().setZone('Asia/Kolkata');
    t.same([next.hour, next.minute], [0, 30]);
    t.same((await readTables(app.prisma)).ledger, ['2026-10-02']);

    now = new Date('2026-10-03T19:00:00Z'); // two days later
    // What the cron library calls at 00:30 (its typings give fireOnTick no signature).
    (job.fireOnTick as () => void)();
    await app.scheduler.runNow(); // queued behind the tick's run
    t.same((await readTables(app.prisma)).ledger, ['2026-10-02', '2026-10-03', '2026-10-04']);

    await app.scheduler.start(); // a second start neither restarts the job nor repeats a day
    await app.close();
    t.equal(job.running, false, 'stopped on close');
  });

  t.test(`${kind}: a failed run is logged and the next one catches up`, async (t) => {
    const app = await buildScheduler(t, kind, () => new Date('2026-10-01T19:00:00Z'));
    const errors: unknown[] = [];
    app.log.error = (...args: unknown[]) => void errors.push(args);
    await app.prisma.$executeRaw`ALTER TABLE daily_task_run RENAME TO daily_task_run_away`;
    await app.scheduler.start();
    t.equal(errors.length, 1);
    await app.prisma.$executeRaw`ALTER TABLE daily_task_run_away RENAME TO daily_task_run`;
    t.same(
      (await app.scheduler.runNow()).results.map((result) => result.day),
      ['2026-10-02'],
    );
  });
}

void t.test('pglite: each day prepared vacuums and analyzes the embedded store (it has no autovacuum)', async (t) => {
  let now = new Date('2026-10-01T19:00:00Z'); // 00:30 on 2 October, Kolkata
  const app = await buildScheduler(t, 'pglite', () => now);
  const logged: string[] = [];
  app.log.info = (...args: unknown[]) => void logged.push(String(args.at(-1)));
  const attendanceStats = async () =>
    (
      await app.prisma.$queryRaw<{ tuples: number; allVisible: number }[]>`
        SELECT reltuples::int AS tuples, relallvisible AS "allVisible" FROM pg_class WHERE relname = 'attendance'`
    )[0];
  await insertMembers(app.prisma, 3);
  t.same(await attendanceStats(), { tuples: -1, allVisible: 0 }, 'never analyzed before');

  await app.scheduler.start(); // prepares 2 October: three absent rows
  t.same(await attendanceStats(), { tuples: 3, allVisible: 1 }, 'counted, and its page all-visible');
  t.equal(logged.filter((message) => message === 'embedded store vacuumed and analyzed').length, 1);

  await app.prisma.$executeRaw`DELETE FROM attendance WHERE member_id = (SELECT min(member_id) FROM attendance)`;
  await app.scheduler.runNow(); // 2 October is done already: nothing prepared, nothing vacuumed
  t.equal((await attendanceStats())!.tuples, 3, 'the delete is not yet counted');

  now = new Date('2026-10-02T19:00:00Z'); // the next day: three more rows
  await app.scheduler.runNow();
  t.same(await attendanceStats(), { tuples: 5, allVisible: 1 });

  now = new Date('2026-10-03T19:00:00Z');
  const warnings: unknown[] = [];
  app.log.warn = (...args: unknown[]) => void warnings.push(args);
  app.store.vacuum = () => Promise.reject(new Error('disk full'));
  const { results } = await app.scheduler.runNow();
  t.same(
    results.map((result) => [result.day, result.status]),
    [['2026-10-04', 'done']],
    'a failed vacuum leaves the day prepared',
  );
  t.match(warnings, [[{ err: { message: 'disk full' } }, /vacuuming the embedded store failed/]]);
});
