// `root-cli keys` against a fresh PostgreSQL database and a PGlite data
// directory, as an operator runs it: output, exit codes, the secret printed
// once and stored nowhere.
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import t from 'tap';
import { addDays, clubDateAt } from '../../src/calendar/club-date.js';
import { runCli } from '../helpers/cli.js';
import { createPGliteDataDir, createTestDatabase, storeKinds } from '../helpers/databases.js';
import { openDatabase } from '../../src/db/database.js';

const KEY = /^root_[A-Za-z0-9_-]{43}$/;

// Every step runs the real CLI in a child process: slow on a busy machine.
t.setTimeout(900_000);
// Each subtest has a store of its own, and a CLI child runs while the test
// waits for it: two subtests at a time.
t.jobs = 2;

for (const kind of storeKinds) {
  t.test(kind, async (t) => {
    let env: Record<string, string>;
    if (kind === 'postgresql') {
      env = { DATABASE_URL: await createTestDatabase(t) };
    } else {
      // A migrated store (a copy of the shared template): the commands are the
      // subject here; the CLI's first run on an empty directory is database-commands.test.ts's.
      env = { ROOT_DATA_DIR: await createPGliteDataDir(t) };
    }
    const tomorrow = addDays(clubDateAt(new Date(), 'Asia/Kolkata'), 1);

    t.same(await runCli(['keys', 'list'], env), { code: 0, stdout: 'No API keys.\n', stderr: '' });

    const bot = await runCli(['keys', 'create', '--name', 'discord bot', '--bundle', 'bot'], env);
    const [botLine, botSecret, ...botRest] = bot.stdout.split('\n');
    t.same(
      [bot.code, botRest, bot.stderr],
      [0, [''], 'The secret below is shown only this once; Root keeps only its digest.\n'],
    );
    t.match(botSecret, KEY);
    t.equal(
      botLine,
      `Created API key 1 "discord bot" (root_${botSecret!.slice(5, 13)}…) with read:public, read:personal, write:status`,
    );

    // Refused by the key rules once the store is open: still usage errors.
    for (const [args, stderr] of [
      [
        ['keys', 'create', '--name', 'x', '--bundle', 'robot'],
        /^root-cli: Unknown bundle "robot"; bundles: admin, bot, app, scanner, reader/,
      ],
      [
        ['keys', 'create', '--name', 'x', '--bundle', 'bot', '--expires', '2020-01-01'],
        /^root-cli: expiresAt must be a day after today/,
      ],
      [['keys', 'create', '--name', ' ', '--bundle', 'bot'], /^root-cli: Name must be 1 to 100 characters/],
    ] as [string[], RegExp][]) {
      const run = await runCli(args, env);
      t.same([run.code, run.stdout], [2, ''], args.join(' '));
      t.match(run.stderr, stderr, args.join(' '));
    }

    const amd = await runCli(
      ['keys', 'create', '--name', 'amd', '--scopes', 'write:projects, read:public', '--expires', tomorrow],
      env,
    );
    const [amdLine, amdSecret] = amd.stdout.split('\n');
    t.equal(amd.code, 0);
    t.match(amdSecret, KEY);
    t.equal(
      amdLine,
      `Created API key 2 "amd" (root_${amdSecret!.slice(5, 13)}…) with read:public, write:projects, expires ${tomorrow}`,
    );

    const revoked = await runCli(['keys', 'revoke', '--id', '1'], env);
    t.same([revoked.code, revoked.stderr], [0, '']);
    t.match(
      revoked.stdout,
      new RegExp(
        `^Revoked API key 1 "discord bot" \\(root_${botSecret!.slice(5, 13)}…\\) with read:public, read:personal, write:status at \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\n$`,
      ),
    );

    const listed = await runCli(['keys', 'list'], env);
    t.same([listed.code, listed.stderr], [0, '']);
    const lines = listed.stdout.trimEnd().split('\n');
    t.equal(lines.length, 3);
    t.match(lines[0], /^id +name +prefix +scopes +created +last used +expires +state$/);
    t.match(
      lines[1],
      new RegExp(
        `^1 +discord bot +root_${botSecret!.slice(5, 13)}… +read:public,read:personal,write:status +\\S+Z +never +never +revoked$`,
      ),
    );
    t.match(
      lines[2],
      new RegExp(
        `^2 +amd +root_${amdSecret!.slice(5, 13)}… +read:public,write:projects +\\S+Z +never +${tomorrow} +active$`,
      ),
    );
    t.notMatch(listed.stdout, botSecret!.slice(13), 'list never shows a secret');
    t.notMatch(listed.stdout, amdSecret!.slice(13));

    // Nothing in the database holds a secret, only its digest.
    const database = await openDatabase({
      databaseUrl: env.DATABASE_URL,
      dataDir: env.ROOT_DATA_DIR ?? 'memory://',
      timeZone: 'UTC',
    });
    const dump = JSON.stringify(await database.prisma.$queryRawUnsafe('SELECT * FROM api_key ORDER BY api_key_id'));
    for (const secret of [botSecret!, amdSecret!]) {
      t.notOk(dump.includes(secret.slice(13)), 'no part of the secret past the prefix is stored');
      t.ok(dump.includes(createHash('sha256').update(secret).digest('hex')), 'its SHA-256 is');
    }
    await database.close();

    for (const [args, code, stderr] of [
      [
        ['keys', 'create', '--name', 'x', '--scopes', 'read:everything'],
        2,
        /^root-cli: Unknown scope "read:everything"; scopes: read:public, /,
      ],
      [['keys', 'revoke', '--id', '99'], 1, /^root-cli: No API key has id 99\n$/],
    ] as [string[], number, RegExp][]) {
      const run = await runCli(args, env);
      t.same([run.code, run.stdout], [code, ''], args.join(' '));
      t.match(run.stderr, stderr, args.join(' '));
    }
  });
}

// Refused before any database is opened, whatever the store.
t.test('usage errors exit 2 and touch nothing', async (t) => {
  const refusals: [string[], RegExp][] = [
    [['keys'], /^root-cli: keys needs create, list or revoke\nRun "root-cli keys --help" for usage\.\n$/],
    [['keys', 'rotate'], /^root-cli: unknown keys action "rotate"/],
    [['keys', 'create', '--bundle', 'bot'], /^root-cli: --name is required/],
    [['keys', 'create', '--name', 'x'], /^root-cli: --scopes or --bundle is required/],
    [
      ['keys', 'create', '--name', 'x', '--bundle', 'bot', '--expires', 'soon'],
      /^root-cli: --expires "soon" is not a date/,
    ],
    [['keys', 'revoke'], /^root-cli: --id is required/],
  ];
  const env = { ROOT_DATA_DIR: join(tmpdir(), 'root-cli-keys-never-created') };
  for (const [args, stderr] of refusals) {
    const run = await runCli(args, env);
    t.same([run.code, run.stdout], [2, ''], args.join(' '));
    t.match(run.stderr, stderr, args.join(' '));
  }
  const help = await runCli(['keys', '--help'], env);
  t.same([help.code, help.stderr], [0, '']);
  t.match(help.stdout, /^Usage: root-cli keys create --name NAME/);
});
