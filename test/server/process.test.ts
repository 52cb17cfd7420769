// The real server process, started as `npm start` does: it migrates, serves,
// shuts down cleanly on SIGTERM, and refuses bad configuration in one line.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { type AddressInfo, createServer } from 'node:net';
import { freePort } from '../helpers/ports.js';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import t from 'tap';
import { lockDataDir } from '../../src/db/data-dir-lock.js';
import { applyMigrations, defaultMigrationsDir, readMigrations } from '../../src/db/migrator.js';
import { openStore } from '../../src/db/store.js';
import { createPGliteDataDir, createTestDatabase } from '../helpers/databases.js';
import { scratchDir } from '../helpers/scratch.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

// Each subtest has its own server, port, store and database, and most of a
// subtest's time is spent waiting (for a child's start-up, for the 11 s below):
// two at a time.
t.jobs = 2;
const SECRET = 'process-test-secret-0123456789-abcdef';

/** Variables the server reads; the test's own environment must not leak any into the child. */
const CONFIG_VARIABLES = [
  'DATABASE_URL',
  'ROOT_DATA_DIR',
  'ROOT_HOST',
  'PORT',
  'ROOT_PORT',
  'HMAC_SECRET',
  'ROOT_SECRET',
  'ALLOWED_ORIGINS',
  'ROOT_ENV',
  'ROOT_TIMEZONE',
  'LOG_LEVEL',
  'DAILY_TASK_CRON',
  'DAILY_TASK_CATCH_UP_DAYS',
];

interface Server {
  child: ChildProcess;
  port: number;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

interface Teardown {
  teardown(fn: () => unknown): void;
}

/**
 * Starts `node --import tsx src/server.ts` in the repository, as `npm start`
 * does, on a free port (PORT=0 would not tell us which) unless env sets PORT.
 */
async function startServer(t: Teardown, env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of CONFIG_VARIABLES) delete childEnv[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: repoRoot,
    env: { ...childEnv, ROOT_HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  // Whatever happens in the test, no server outlives it.
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  return { child, port, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves when /health answers 200 (polling up to 60 s: a first PGlite start is slow on a loaded machine). */
async function waitForHealth(server: Server): Promise<unknown> {
  let exited = false;
  void server.exited.then(() => (exited = true));
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (exited) throw new Error(`server exited before it was healthy:\n${server.stderr()}\n${server.stdout()}`);
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/health`);
      if (response.status === 200) return await response.json();
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`/health did not answer 200 within 60 s:\n${server.stderr()}\n${server.stdout()}`);
}

async function postGraphQL(server: Server, path: string, query: string): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`http://127.0.0.1:${server.port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return { status: response.status, body: await response.json() };
}

/** Sends SIGTERM and waits for the exit (a 20 s guard kills a hung process and fails). */
async function stop(server: Server): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  server.child.kill('SIGTERM');
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    timer = setTimeout(() => {
      server.child.kill('SIGKILL');
      resolve({ code: null, signal: 'SIGKILL' });
    }, 20_000);
  });
  return Promise.race([server.exited, guard]).finally(() => clearTimeout(timer));
}

function logLines(server: Server): Record<string, unknown>[] {
  return server
    .stdout()
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const stores = [
  { store: 'pglite', env: async (t: Teardown) => ({ ROOT_DATA_DIR: await tempDir(t) }) },
  { store: 'postgresql', env: async (t: Teardown) => ({ DATABASE_URL: await createTestDatabase(t) }) },
] as const;

async function tempDir(t: Teardown): Promise<string> {
  const dir = await mkdtemp(join(scratchDir, 'root-process-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

for (const { store, env: storeEnv } of stores) {
  void t.test(`serves on ${store}, then stops cleanly on SIGTERM`, async (t) => {
    const env = await storeEnv(t);
    const server = await startServer(t, { ...env, HMAC_SECRET: SECRET });

    t.match(await waitForHealth(server), {
      status: 'ok',
      database: { store, latencyMs: Number },
      uptimeSeconds: Number,
    });

    const graphiql = await fetch(`http://127.0.0.1:${server.port}/graphiql`);
    t.equal(graphiql.status, 200, 'GraphiQL in development');
    t.match(graphiql.headers.get('content-type'), /^text\/html/);
    await graphiql.arrayBuffer();

    const query = '{ members { memberId } }';
    t.strictSame(await postGraphQL(server, '/', query), { status: 200, body: { data: { members: [] } } }, 'POST /');
    t.strictSame(
      await postGraphQL(server, '/graphql', query),
      { status: 200, body: { data: { members: [] } } },
      'POST /graphql',
    );

    t.strictSame(await stop(server), { code: 0, signal: null }, 'exit code 0 after SIGTERM');
    t.equal(server.stderr(), '', 'nothing on stderr');

    const logs = logLines(server);
    const messages = logs.map((line) => line.msg);
    t.ok(messages.includes('database migrated'), 'the migration ran before serving');
    t.ok(messages.includes(`GraphiQL: http://127.0.0.1:${server.port}/graphiql`), "GraphiQL's address is logged");
    t.ok(
      logs.some((line) => line.msg === 'shutting down' && line.signal === 'SIGTERM'),
      'the shutdown is logged with its signal',
    );
    t.notOk(server.stdout().includes(SECRET), 'the secret is never logged');
    t.notOk(
      messages.some((message) => typeof message === 'string' && message.includes('HMAC_SECRET is not set')),
      'no generated-secret warning when a secret is set',
    );
    if ('ROOT_DATA_DIR' in env) {
      t.ok(existsSync(join(env.ROOT_DATA_DIR, 'PG_VERSION')), 'the data lives in ROOT_DATA_DIR');
    }
  });
}

void t.test('pglite: a second server on ROOT_DATA_DIR is refused; the data survives a restart', async (t) => {
  const dataDir = await tempDir(t);
  const first = await startServer(t, { ROOT_DATA_DIR: dataDir, HMAC_SECRET: SECRET });
  await waitForHealth(first);
  const rival = await startServer(t, { ROOT_DATA_DIR: dataDir, HMAC_SECRET: SECRET });
  t.strictSame(await rival.exited, { code: 1, signal: null });
  t.equal(
    rival.stderr(),
    `Root failed to start: The embedded store ${dataDir} is in use (locked by pid ${first.child.pid} on host ` +
      `${hostname()}): it can be opened by one process at a time (stop the server first, or use DATABASE_URL ` +
      'for several processes)\n',
    'one line naming the directory and its holder',
  );
  const created = await postGraphQL(
    first,
    '/',
    `mutation { createMember(input: { rollNo: "P1", name: "Persisted", email: "p1@club.example", sex: F, year: 1,
       hostel: "North", macAddress: "aa:bb:cc:00:11:22", discordId: "p1", groupId: 1 }) { memberId name } }`,
  );
  t.strictSame(created, { status: 200, body: { data: { createMember: { memberId: 1, name: 'Persisted' } } } });
  t.strictSame(await stop(first), { code: 0, signal: null });

  const second = await startServer(t, { ROOT_DATA_DIR: dataDir, HMAC_SECRET: SECRET });
  await waitForHealth(second);
  t.strictSame(await postGraphQL(second, '/', '{ members { memberId name } }'), {
    status: 200,
    body: { data: { members: [{ memberId: 1, name: 'Persisted' }] } },
  });
  t.strictSame(await stop(second), { code: 0, signal: null });
  t.ok(
    logLines(second).some((line) => line.msg === 'database schema up to date'),
    'the second start finds nothing to migrate',
  );
});

void t.test('without a secret in development the server starts and warns loudly', async (t) => {
  // A migrated store (a copy of the shared template): the warning is the subject; a first start on an empty
  // directory is the tests' above.
  const server = await startServer(t, { ROOT_DATA_DIR: await createPGliteDataDir(t) });
  await waitForHealth(server);
  t.strictSame(await stop(server), { code: 0, signal: null });
  t.ok(
    logLines(server).some(
      (line) => line.level === 40 && typeof line.msg === 'string' && line.msg.startsWith('HMAC_SECRET is not set'),
    ),
    'a warning names HMAC_SECRET',
  );
});

void t.test('invalid configuration stops start-up with one line on stderr', async (t) => {
  const cases: [string, Record<string, string>, string][] = [
    ['PORT=abc', { PORT: 'abc' }, 'Invalid configuration: PORT must be a whole number from 0 to 65535; got "abc"'],
    [
      'production without HMAC_SECRET',
      { ROOT_ENV: 'production' },
      'Invalid configuration: HMAC_SECRET (or ROOT_SECRET) is required when ROOT_ENV=production',
    ],
    [
      'ROOT_TIMEZONE=Mars/Base',
      { ROOT_TIMEZONE: 'Mars/Base' },
      'Invalid configuration: ROOT_TIMEZONE "Mars/Base" is not an IANA time zone',
    ],
  ];
  for (const [name, env, message] of cases) {
    void t.test(name, async (t) => {
      const server = await startServer(t, { ROOT_DATA_DIR: join(tmpdir(), 'root-process-never-created'), ...env });
      const exit = await server.exited;
      t.strictSame(exit, { code: 78, signal: null }, 'exits with EX_CONFIG');
      t.equal(server.stderr(), `${message}\n`, 'exactly one line, no stack trace');
      t.equal(server.stdout(), '', 'nothing else printed');
    });
  }
});

void t.test('a database that cannot be reached stops start-up with one line on stderr', async (t) => {
  const url = new URL(await createTestDatabase(t));
  url.pathname = '/root_test_does_not_exist';
  const server = await startServer(t, { DATABASE_URL: url.toString(), HMAC_SECRET: SECRET });
  t.strictSame(await server.exited, { code: 1, signal: null });
  t.equal(
    server.stderr(),
    'Root failed to start: database "root_test_does_not_exist" does not exist\n' +
      `Hint: create the database (createdb -h ${url.hostname} -U ${url.username} root_test_does_not_exist), ` +
      'or fix its name in DATABASE_URL.\n',
  );
});

void t.test('a port in use stops start-up at once, before the store is opened', async (t) => {
  const taken = createServer();
  await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
  t.teardown(() => taken.close());
  const port = (taken.address() as AddressInfo).port;
  const dataDir = join(await tempDir(t), 'data');
  const server = await startServer(t, { ROOT_DATA_DIR: dataDir, PORT: String(port) });
  t.strictSame(await server.exited, { code: 1, signal: null });
  t.equal(
    server.stderr(),
    `Root failed to start: listen EADDRINUSE: address already in use 127.0.0.1:${port}\n` +
      `Hint: another process listens on port ${port} (another Root, perhaps \`npm run dev\`?). ` +
      `Stop it, or choose another port (PORT=${port + 1}).\n`,
  );
  t.equal(server.stdout(), '');
  t.notOk(existsSync(dataDir), 'the embedded store was never opened');
});

void t.test('Ctrl-C during start-up says so, closes the store and removes its lock', async (t) => {
  const dataDir = join(await tempDir(t), 'data');
  const server = await startServer(t, { ROOT_DATA_DIR: dataDir, HMAC_SECRET: SECRET });
  // The lock is taken before PGlite's initdb, which takes seconds: interrupt then.
  while (!existsSync(join(dataDir, 'root.lock'))) await new Promise((resolve) => setTimeout(resolve, 20));
  server.child.kill('SIGINT');
  t.strictSame(await server.exited, { code: 0, signal: null });
  const messages = logLines(server).map((line) => line.msg);
  t.ok(messages.includes('interrupted during start-up; closing the database and stopping'), 'it says so');
  t.notOk(
    messages.some((message) => String(message).startsWith('Server listening')),
    'it never listened',
  );
  // The kernel lock went with the process: the directory opens again at once.
  const unlock = await lockDataDir(dataDir);
  await unlock();
  t.pass('the lock is released');
  t.equal(server.stderr(), '');
});

void t.test('postgresql: a replica waiting for another one to migrate starts when it is done', async (t) => {
  const databaseUrl = await createTestDatabase(t);
  // The test holds a gate lock; the other replica's second migration waits on
  // it while holding the migration lock, for as long as the test decides.
  const gate = new pg.Client({ connectionString: databaseUrl });
  await gate.connect();
  t.teardown(() => gate.end());
  await gate.query('SELECT pg_advisory_lock(4242)');
  const dir = await tempDir(t);
  await cp(defaultMigrationsDir, dir, { recursive: true });
  await mkdir(join(dir, '20261201000000_gated'));
  await writeFile(
    join(dir, '20261201000000_gated', 'migration.sql'),
    'SELECT pg_advisory_lock(4242);\nSELECT pg_advisory_unlock(4242);\n',
  );
  const other = await openStore({ databaseUrl, dataDir: 'memory://', timeZone: 'Asia/Kolkata' });
  t.teardown(() => other.close());
  const otherMigration = other.withSession(async (session) => applyMigrations(session, await readMigrations(dir)));

  const waiting = async (count: number) => {
    for (;;) {
      const { rows } = await gate.query<{ n: number }>(
        // This test's database only: other tests (and other runs) share the server.
        `SELECT count(*)::int AS n FROM pg_locks
         WHERE locktype = 'advisory' AND NOT granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
      );
      if (rows[0]!.n >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  await waiting(1); // the other replica, inside its migration
  const server = await startServer(t, { DATABASE_URL: databaseUrl, HMAC_SECRET: SECRET });
  await waiting(2); // the server, on the migration lock
  // Longer than Fastify's default plugin timeout (10 s) before the lock frees.
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  await gate.query('SELECT pg_advisory_unlock(4242)');

  await waitForHealth(server);
  t.strictSame(
    await otherMigration,
    (await readMigrations(dir)).map((migration) => migration.name),
    'the other replica applied every migration, the gated one last',
  );
  t.strictSame(await postGraphQL(server, '/', '{ members { memberId } }'), {
    status: 200,
    body: { data: { members: [] } },
  });
  t.strictSame(await stop(server), { code: 0, signal: null });
  t.ok(
    logLines(server).some((line) => line.msg === 'database schema up to date'),
    'it found the migrations applied by the other replica',
  );
});
