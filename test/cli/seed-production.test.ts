// seed --force deletes every member: with a production configuration it
// also wants --allow-production. In a file of its own: the allowed run
// creates an embedded store, which is slow on a busy machine.
import t from 'tap';
import { runCli } from '../helpers/cli.js';

t.test('seed --force refuses a production configuration unless --allow-production', async (t) => {
  t.same(await runCli(['seed', '--members', '1', '--force'], { ROOT_ENV: 'production', ROOT_DATA_DIR: 'memory://' }), {
    code: 2,
    stdout: '',
    stderr:
      "root-cli: ROOT_ENV is production: --force would delete the club's real data. Add --allow-production if " +
      'that is really what you want.\nRun "root-cli seed --help" for usage.\n',
  });
  const allowed = await runCli(['seed', '--members', '1', '--days', '0', '--force', '--allow-production'], {
    ROOT_ENV: 'production',
    ROOT_DATA_DIR: 'memory://',
  });
  t.same(
    [allowed.code, allowed.stderr],
    [
      0,
      'Seeding embedded PostgreSQL (PGlite) in memory://...\n' +
        '[1/5] members: 1\n[2/5] status updates: 0, breaks: 2\n[3/5] streaks\n[4/5] projects: 1\n[5/5] monthly summaries: 0\n',
    ],
  );
});
