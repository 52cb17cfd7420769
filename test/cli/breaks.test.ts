// The CLI's `breaks` command against a fresh PostgreSQL database and a PGlite
// data directory: add (everyone, one year), list, remove, and each refusal
// with its exit code.
import t from 'tap';
import { runCli } from '../helpers/cli.js';
import { createPGliteDataDir, createTestDatabase, storeKinds } from '../helpers/databases.js';

// Each store kind has a store of its own, and a CLI child runs while the test
// waits for it: both kinds at once.
t.jobs = 2;

for (const kind of storeKinds) {
  void t.test(kind, { timeout: 600_000 }, async (t) => {
    let env: Record<string, string>;
    if (kind === 'postgresql') {
      env = { DATABASE_URL: await createTestDatabase(t) };
    } else {
      // A migrated store (a copy of the shared template): the commands are the
      // subject here; the CLI's first run on an empty directory is database-commands.test.ts's.
      env = { ROOT_DATA_DIR: await createPGliteDataDir(t) };
    }
    const ok = (stdout: string) => ({ code: 0, stdout, stderr: '' });
    const usage = (message: string) => ({
      code: 2,
      stdout: '',
      stderr: `root-cli: ${message}\nRun "root-cli breaks --help" for usage.\n`,
    });

    t.same(await runCli(['breaks', 'list'], env), ok('No status breaks\n'));
    t.same(
      await runCli(['breaks', 'add', '--from', '2026-03-30', '--to', '2026-04-02', '--reason', ' Spring break '], env),
      ok('Added break 1: 2026-03-30 to 2026-04-02, everyone (Spring break)\n'),
    );
    t.same(
      await runCli(['breaks', 'add', '--from', '2026-02-01', '--to', '2026-02-01', '--year', '4'], env),
      ok('Added break 2: 2026-02-01 to 2026-02-01, year 4\n'),
    );
    t.same(
      await runCli(['breaks', 'list'], env),
      ok('break 2: 2026-02-01 to 2026-02-01, year 4\nbreak 1: 2026-03-30 to 2026-04-02, everyone (Spring break)\n'),
    );
    t.same(
      await runCli(['breaks', 'remove', '--id', '1'], env),
      ok('Removed break 1: 2026-03-30 to 2026-04-02, everyone (Spring break)\n'),
    );
    t.same(await runCli(['breaks', 'remove', '--id', '1'], env), {
      code: 1,
      stdout: '',
      stderr: 'root-cli: No status break has id 1\n',
    });
    t.same(await runCli(['breaks', 'list'], env), ok('break 2: 2026-02-01 to 2026-02-01, year 4\n'));

    t.same(
      await runCli(['breaks', 'add', '--from', '2026-04-02', '--to', '2026-03-30'], env),
      usage('--from 2026-04-02 is after --to 2026-03-30'),
    );
    t.same(
      await runCli(['breaks', 'add', '--from', '2026-04-31', '--to', '2026-05-01'], env),
      usage('--from "2026-04-31" is not a date like 2026-01-31'),
    );
    t.same(
      await runCli(['breaks', 'add', '--from', '2026-04-01', '--to', '2026-04-01', '--year', '5'], env),
      usage('--year must be a whole number from 1 to 4, got "5"'),
    );
    t.same(await runCli(['breaks', 'add', '--to', '2026-04-01'], env), usage('--from is required'));
    t.same(await runCli(['breaks', 'pause'], env), usage('unknown action "pause"'));
    t.same(await runCli(['breaks'], env), usage('breaks needs add, list or remove'));
    const help = await runCli(['breaks', '--help'], env);
    t.same(
      [help.code, help.stdout.split('\n')[0]],
      [0, 'Usage: root-cli breaks add --from YYYY-MM-DD --to YYYY-MM-DD [--year N] [--reason TEXT]'],
    );
  });
}
