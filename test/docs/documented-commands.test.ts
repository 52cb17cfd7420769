// The documentation's commands and claims, run for real where that is
// practical, so that the docs cannot drift from the code again: the sign +
// curl recipe against a listening server, the Compose secret one-liner, the
// CLI's options and refusals, the daily task's statement count, the HTTP 400
// answers of docs/api.md, and the README's scripts.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import type { ClubDate } from '../../src/calendar/club-date.js';
import { runDailyTask } from '../../src/daily-task/run-daily-task.js';
import { seedDemoData } from '../../src/seed/demo-data.js';
import { buildTestApp } from '../helpers/build-app.js';
import { runCli } from '../helpers/cli.js';
import { clubToday, addDays } from '../helpers/club-clock.js';
import { TIME_ZONE, openTestDatabase } from '../helpers/daily-task.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string) => readFile(join(root, file), 'utf8');
const operations = await read('docs/operations.md');

/** The fenced ```sh blocks of a Markdown text. */
function shellBlocks(markdown: string): string[] {
  return [...markdown.matchAll(/```sh\n([\s\S]*?)```/g)].map((match) => match[1]!);
}

/** Runs a shell snippet as a reader would paste it, in the checkout, with only PATH and HOME from this process. */
function bash(script: string, cwd = root): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      'bash',
      ['-c', script],
      { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? tmpdir() }, timeout: 120_000 },
      (error, stdout, stderr) => resolve({ code: error ? Number(error.code) : 0, stdout, stderr }),
    );
  });
}

void t.test('operations.md: the sign + curl recipe marks attendance, and stops when signing fails', async (t) => {
  const recipe = shellBlocks(operations).find((block) => block.includes('markAttendance'));
  t.ok(recipe, 'the recipe is in docs/operations.md');
  const secret = /^export HMAC_SECRET=(\S+)/m.exec(recipe!)?.[1];
  t.ok(secret, 'it exports the secret');
  t.match(recipe, /^today=\$\(TZ=Asia\/Kolkata date \+%F\)/m, "it uses today's club date");

  const { app, logs } = await buildTestApp(t, 'pglite', { HMAC_SECRET: secret! });
  await seedDemoData(app.prisma, { members: 42, days: 0, timeZone: TIME_ZONE });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as { port: number };
  const script = recipe!.replaceAll('http://localhost:8000', `http://127.0.0.1:${port}`);

  const marked = await bash(script);
  t.equal(marked.code, 0, marked.stderr);
  t.match(JSON.parse(marked.stdout), {
    data: { markAttendance: { timeIn: /^\d\d:\d\d:\d\d\.\d{6}$/, timeOut: /^\d\d:\d\d:\d\d\.\d{6}$/ } },
  });
  const today = clubToday(TIME_ZONE);
  const row = await app.prisma.attendance.findUniqueOrThrow({
    where: { memberId_date: { memberId: 42, date: new Date(`${today}T00:00:00Z`) } },
  });
  t.equal(row.isPresent, true, `member 42 is present on ${today}`);

  const posts = () => logs.filter((line) => line.msg === 'incoming request').length;
  const before = posts();
  const unsigned = await bash(script.replace(/^export HMAC_SECRET=.*$/m, 'unset HMAC_SECRET'));
  t.equal(unsigned.code, 78, 'sign refuses without a secret, and the chain stops there');
  t.equal(unsigned.stdout, '');
  t.match(unsigned.stderr, 'root-cli: HMAC_SECRET (or ROOT_SECRET) is not set');
  t.equal(posts(), before, 'nothing was posted');
});

void t.test('README and deployment.md: the Compose secret is made once and kept', async (t) => {
  const readme = await read('README.md');
  const deployment = await read('docs/deployment.md');
  const line = /^test -f \.env \|\| .*> \.env$/m.exec(readme)?.[0];
  t.ok(line, "the README's Compose commands write .env once");
  t.ok(deployment.includes(line!), 'deployment.md uses the same line');
  t.notMatch(readme, /HMAC_SECRET=\$\(openssl[^\n]*docker compose/, 'no secret made up at each start');
  const dir = await mkdtemp(join(tmpdir(), 'root-compose-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  t.equal((await bash(line!, dir)).code, 0);
  const first = await readFile(join(dir, '.env'), 'utf8');
  t.match(first, /^HMAC_SECRET=[0-9a-f]{64}\nPOSTGRES_PASSWORD=[0-9a-f]{32}\n$/);
  t.equal((await bash(line!, dir)).code, 0);
  t.equal(await readFile(join(dir, '.env'), 'utf8'), first, 'a second run keeps the secret');
});

void t.test('operations.md documents every CLI command and option', async (t) => {
  const help = await runCli(['--help']);
  const commands = [...help.stdout.matchAll(/^ {2}([a-z-]+) {2,}/gm)].map((match) => match[1]!);
  t.same(commands, ['migrate', 'status', 'daily-task', 'sign', 'seed', 'keys', 'breaks']);
  for (const command of commands) {
    const section = operations.split(`### \`${command}\``)[1]?.split('\n### ')[0] ?? '';
    t.ok(section, `a section for ${command}`);
    const usage = (await runCli([command, '--help'])).stdout;
    for (const option of new Set(usage.match(/--[a-z-]+/g) ?? [])) {
      if (option !== '--help') t.ok(section.includes(option), `${command} ${option} is documented`);
    }
  }
});

void t.test('HMAC_SECRET: only sign needs it, as the docs say', async (t) => {
  for (const file of ['docs/operations.md', 'docs/deployment.md']) {
    t.notMatch(await read(file), /every command needs `HMAC_SECRET`/, file);
  }
  t.match(operations, 'only `sign` needs `HMAC_SECRET`');
  const migrated = await runCli(['migrate'], { ROOT_ENV: 'production', ROOT_DATA_DIR: 'memory://' });
  t.same([migrated.code, migrated.stderr], [0, ''], 'migrate in production without a secret');
});

void t.test('operations.md: --redo without days is refused with exit code 2', async (t) => {
  t.match(operations, 'Without a date, `--redo` is refused (exit code 2)');
  t.same(await runCli(['daily-task', '--redo'], { ROOT_DATA_DIR: 'memory://' }), {
    code: 2,
    stdout: '',
    stderr:
      'root-cli: --redo needs the days to redo: --date, or --from and --to\n' +
      'Run "root-cli daily-task --help" for usage.\n',
  });
});

void t.test("the daily task's statement count is the one the docs give", async (t) => {
  const { prisma } = await openTestDatabase(t, 'pglite');
  const statements: string[] = [];
  prisma.$onQuery((event) => statements.push(event.query));
  await runDailyTask(prisma, { day: addDays(clubToday(TIME_ZONE), -1) as ClubDate, timeZone: TIME_ZONE });
  // Prisma's events show the COMMIT (PGlite's as a comment) but not the BEGIN; the docs count neither.
  const work = statements.filter((sql) => !/^(?:-- Implicit ")?COMMIT/.test(sql.trim()));
  const words = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  t.match(operations, `one transaction of ${words[work.length]} SQL statements`);
  t.match(await read('docs/architecture.md'), `one transaction of ${words[work.length]} statements`);
  const bench = await read('bench/daily-task.ts');
  t.match(bench, 'statements in one transaction', 'the benchmark prints the same count');
});

void t.test("docs/api.md's HTTP 400 answers are the server's", async (t) => {
  const api = await read('docs/api.md');
  const documented = [...api.matchAll(/^\| 400 \| `([A-Z_]+)` \|/gm)].map((match) => match[1]);
  t.same(documented, ['BAD_REQUEST', 'MER_ERR_GQL_CSRF_PREVENTION']);
  const dev = await buildTestApp(t, 'pglite');
  const prod = await buildTestApp(t, 'pglite', { ROOT_ENV: 'production' });
  const json = { 'content-type': 'application/json' };
  const query = '{ streaks { memberId } }';
  const answers = [
    await dev.app.inject({ method: 'POST', url: '/', headers: json, payload: {} }),
    await dev.app.inject({ method: 'GET', url: '/graphql' }),
    await prod.app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'text/plain' }, payload: query }),
    await prod.app.inject({ method: 'GET', url: `/graphql?query=${encodeURIComponent(query)}` }),
  ];
  t.same(
    answers.map((answer) => [
      answer.statusCode,
      answer.json<{ errors: { extensions: { code: string } }[] }>().errors[0]?.extensions.code,
    ]),
    [
      [400, 'BAD_REQUEST'],
      [400, 'BAD_REQUEST'],
      [400, 'MER_ERR_GQL_CSRF_PREVENTION'],
      [400, 'MER_ERR_GQL_CSRF_PREVENTION'],
    ],
  );
  const preflighted = await prod.app.inject({
    method: 'GET',
    url: `/graphql?query=${encodeURIComponent(query)}`,
    headers: { 'mercurius-require-preflight': 'true' },
  });
  t.same([preflighted.statusCode, preflighted.json()], [200, { data: { streaks: [] } }], 'GET with the header');
});

void t.test("the README's scripts table lists package.json's scripts", async (t) => {
  const readme = await read('README.md');
  const { scripts } = JSON.parse(await read('package.json')) as { scripts: Record<string, string> };
  const table = readme.split('## Scripts')[1]!.split('\n## ')[0]!;
  // The first column of each row: `npm start`, `npm run build` / `npm run start:prod`, …
  const firstCells = table.split('\n').map((row) => row.split('|')[1] ?? '');
  const listed = new Set(
    firstCells.flatMap((cell) => [...cell.matchAll(/`npm (?:run )?([a-z:]+)/g)].map((m) => m[1]!)),
  );
  for (const name of listed) t.ok(name in scripts, `npm run ${name} exists`);
  for (const name of Object.keys(scripts)) {
    if (name !== 'postinstall') t.ok(listed.has(name), `${name} is in the README's table`);
  }
});
