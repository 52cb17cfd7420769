// The CLI's surface without a database: help, usage errors, configuration
// errors and the signature a scanner would send.
import t from 'tap';
import { signAttendance } from '../../src/attendance/attendance-signature.js';
import { runCli } from '../helpers/cli.js';

const env = { HMAC_SECRET: 'scanner-secret', ROOT_DATA_DIR: 'memory://' };

t.test('help', async (t) => {
  const help = await runCli(['--help'], env);
  t.same([help.code, help.stderr], [0, '']);
  t.match(help.stdout, /^Usage: root-cli <command> \[options\]\n\nCommands:\n {2}migrate {6}apply pending migrations/);
  t.match(help.stdout, /Exit codes: 0 done, 1 failed, 2 bad usage, 78 bad configuration\.\n$/);

  const none = await runCli([], env);
  t.same([none.code, none.stdout], [2, '']);
  t.match(none.stderr, /^Usage: root-cli/);

  const seedHelp = await runCli(['seed', '--help'], env);
  t.same([seedHelp.code, seedHelp.stderr], [0, '']);
  t.match(seedHelp.stdout, /^Usage: root-cli seed --members N \[--days K\] \[--force \[--allow-production\]\]\n/);
});

t.test('sign prints the signature of <member><date>', async (t) => {
  t.same(await runCli(['sign', '--member', '42', '--date', '2026-01-31'], env), {
    code: 0,
    stdout: `${signAttendance('scanner-secret', 42, '2026-01-31')}\n`,
    stderr: '',
  });
  t.same(await runCli(['sign', '--member', '42', '--date', '2026-01-31'], { ROOT_SECRET: 'scanner-secret' }), {
    code: 0,
    stdout: `${signAttendance('scanner-secret', 42, '2026-01-31')}\n`,
    stderr: '',
  });
});

t.test('usage errors exit 2 and name the problem', async (t) => {
  const cases: [string[], string | RegExp][] = [
    [['launch'], 'root-cli: unknown command "launch"\nRun "root-cli --help" for usage.\n'],
    [['sign', '--date', '2026-01-31'], 'root-cli: --member is required\nRun "root-cli sign --help" for usage.\n'],
    [
      ['sign', '--member', '7', '--date', '2026-02-30'],
      'root-cli: --date "2026-02-30" is not a date like 2026-01-31\nRun "root-cli sign --help" for usage.\n',
    ],
    [
      ['sign', '--member=-3', '--date', '2026-01-31'],
      'root-cli: --member must be a whole number from 1 to 2147483647, got "-3"\nRun "root-cli sign --help" for usage.\n',
    ],
    [
      ['daily-task', '--when', 'now'],
      /^root-cli: Unknown option '--when'.*\nRun "root-cli daily-task --help" for usage\.\n$/,
    ],
    [
      ['daily-task', '--date', '2026-01-01', '--from', '2026-01-01'],
      'root-cli: give either --date or --from and --to, not both\nRun "root-cli daily-task --help" for usage.\n',
    ],
    [
      ['daily-task', '--from', '2026-01-01'],
      'root-cli: --from and --to go together\nRun "root-cli daily-task --help" for usage.\n',
    ],
    [
      ['daily-task', '--from', '2026-01-05', '--to', '2026-01-01'],
      'root-cli: --from 2026-01-05 is after --to 2026-01-01\nRun "root-cli daily-task --help" for usage.\n',
    ],
    [
      ['daily-task', '--redo'],
      'root-cli: --redo needs the days to redo: --date, or --from and --to\nRun "root-cli daily-task --help" for usage.\n',
    ],
    [
      ['daily-task', '--date', '2999-01-01'],
      /^root-cli: 2999-01-01 is in the future \(today is \d{4}-\d\d-\d\d in Asia\/Kolkata\)\n/,
    ],
    [
      ['seed', '--members', '0'],
      'root-cli: --members must be a whole number from 1 to 1000000, got "0"\nRun "root-cli seed --help" for usage.\n',
    ],
  ];
  for (const [args, stderr] of cases) {
    const run = await runCli(args, env);
    t.same([run.code, run.stdout], [2, ''], args.join(' '));
    if (typeof stderr === 'string') t.equal(run.stderr, stderr);
    else t.match(run.stderr, stderr);
  }
});

t.test('in production, commands that check no signature need no HMAC_SECRET', async (t) => {
  const run = await runCli(['migrate'], { ROOT_ENV: 'production', ROOT_DATA_DIR: 'memory://' });
  t.same([run.code, run.stderr], [0, '']);
  t.match(run.stdout, /^Applied \d+ migration\(s\) to embedded PostgreSQL/);
  t.same(
    await runCli(['sign', '--member', '1', '--date', '2026-01-31'], {
      ROOT_ENV: 'production',
      ROOT_DATA_DIR: 'memory://',
    }),
    {
      code: 78,
      stdout: '',
      stderr: 'root-cli: HMAC_SECRET (or ROOT_SECRET) is not set: no server would accept this signature\n',
    },
    'sign still does',
  );
});

t.test('configuration errors exit 78 with one line', async (t) => {
  t.same(await runCli(['sign', '--member', '1', '--date', '2026-01-31'], { ROOT_DATA_DIR: 'memory://' }), {
    code: 78,
    stdout: '',
    stderr: 'root-cli: HMAC_SECRET (or ROOT_SECRET) is not set: no server would accept this signature\n',
  });
  t.same(await runCli(['migrate'], { ...env, DAILY_TASK_CRON: 'whenever' }), {
    code: 78,
    stdout: '',
    stderr:
      'root-cli: Invalid configuration: DAILY_TASK_CRON "whenever" is not a valid schedule: fields are numbers, ' +
      'ranges (1-5), lists (1,15), steps (*/10) or *, and names only for months (jan) and days (mon); a schedule ' +
      'has five fields "minute hour day-of-month month day-of-week" (or six, seconds first), e.g. "30 0 * * *" for ' +
      '00:30 every day\n',
  });
});
