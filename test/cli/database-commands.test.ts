// The CLI's database commands against a fresh PostgreSQL database and a
// PGlite data directory, as an operator runs them.
import { mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import t from 'tap';
import { addDays, clubDateAt } from '../../src/calendar/club-date.js';
import { runCli } from '../helpers/cli.js';
import { createTestDatabase, storeKinds } from '../helpers/databases.js';
import { openDatabase, readTables } from '../helpers/daily-task.js';
import { scratchDir } from '../helpers/scratch.js';

// Each store kind has a store of its own, and a CLI child runs while the test
// waits for it: both kinds at once.
t.jobs = 2;

for (const kind of storeKinds) {
  t.test(kind, async (t) => {
    let env: Record<string, string>;
    let where: string;
    let dataDir = 'memory://';
    if (kind === 'postgresql') {
      const url = await createTestDatabase(t);
      env = { DATABASE_URL: url };
      where = `PostgreSQL 127.0.0.1:5432${new URL(url).pathname}`;
    } else {
      dataDir = await mkdtemp(join(scratchDir, 'root-cli-'));
      t.teardown(() => rm(dataDir, { recursive: true, force: true }));
      env = { ROOT_DATA_DIR: dataDir };
      where = `embedded PostgreSQL (PGlite) in ${dataDir}`;
    }
    const today = clubDateAt(new Date(), 'Asia/Kolkata');
    const day = (offset: number) => addDays(today, offset);

    t.same(await runCli(['migrate'], env), {
      code: 0,
      stdout:
        `Applied 5 migration(s) to ${where}: 20261129000000_init, 20261129192819_daily_task_ledger, ` +
        '20261130013946_status_history, 20261130014113_api_keys, 20261130130000_attendance_history_index\n',
      stderr: '',
    });
    t.same(await runCli(['migrate'], env), {
      code: 0,
      stdout: `${where} is up to date; no migration to apply\n`,
      stderr: '',
    });

    const seeded = await runCli(['seed', '--members', '20', '--days', '5'], env);
    t.equal(seeded.code, 0);
    t.match(
      seeded.stdout,
      new RegExp(
        `^Seeded 20 members, 100 attendance rows from ${day(-5)} to ${day(-1)}, \\d+ monthly summaries, ` +
          '100 status updates, 2 status breaks and 30 projects in \\d+\\.\\d s\\n$',
      ),
    );
    const progress = seeded.stderr.split('\n');
    t.equal(progress.length, 9, 'Seeding, seven steps, the final newline');
    t.match(
      progress,
      [
        `Seeding ${where}...`,
        '[1/7] members: 20',
        '[2/7] attendance rows: 100',
        '[3/7] status updates: 100, breaks: 2',
        '[4/7] streaks',
        '[5/7] projects: 30',
        /^\[6\/7\] monthly summaries: \d+$/,
        '[7/7] daily-task ledger: 5 days',
        '',
      ],
      'progress, one line per step on stderr (not a terminal)',
    );
    const refused = await runCli(['seed', '--members', '5'], env);
    t.same(
      refused,
      {
        code: 1,
        stdout: '',
        stderr:
          'root-cli: the database already has 20 members; seed fills an empty database only (--force deletes all ' +
          'members, attendance, summaries, streaks, projects and the daily-task ledger first)\n',
      },
      'refused before it says "Seeding"',
    );

    // Catch-up: the seed's history ends yesterday, so today is due; its run
    // counts yesterday's (random) presences into the summaries.
    const caughtUp = await runCli(['daily-task'], env);
    t.same([caughtUp.code, caughtUp.stderr], [0, '']);
    t.match(
      caughtUp.stdout,
      new RegExp(
        `^\\[1/1\\] ${day(0)} done: 20 absent rows, 0 status entries, \\d+ summaries updated\\nDaily task: 1 day\\(s\\) prepared, 0 already done\\n$`,
      ),
    );
    t.same(await runCli(['daily-task', '--from', day(-2), '--to', day(0)], env), {
      code: 0,
      stdout:
        `[1/3] ${day(-2)} already done\n[2/3] ${day(-1)} already done\n[3/3] ${day(0)} already done\n` +
        'Daily task: 0 day(s) prepared, 3 already done\n',
      stderr: '',
    });
    t.same(await runCli(['daily-task', '--date', day(-1), '--redo'], env), {
      code: 0,
      stdout: `[1/1] ${day(-1)} done: 0 absent rows, 0 status entries, 0 summaries updated\nDaily task: 1 day(s) prepared, 0 already done\n`,
      stderr: '',
    });

    const forced = await runCli(['seed', '--members', '3', '--days', '0', '--force'], env);
    t.match(
      [forced.code, forced.stdout],
      [
        0,
        /^Seeded 3 members, 0 attendance rows, 0 monthly summaries, 0 status updates, 2 status breaks and \d+ projects/,
      ],
    );

    const { prisma } = await openDatabase(t, env.DATABASE_URL, dataDir);
    const tables = await readTables(prisma);
    t.same([tables.attendance, tables.summaries, tables.ledger], [[], [], []]);
    t.equal(await prisma.member.count(), 3);
  });
}
