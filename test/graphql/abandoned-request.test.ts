// A GraphQL request whose HTTP client goes away stops: on PostgreSQL the
// statement it is waiting on is cancelled by the server (seen leaving
// pg_stat_activity) and nothing of it is stored; on PGlite the statement
// already handed to the embedded database runs, and nothing after it does.
// Either way the next root field never runs, the request is logged once at
// info, and no internal error or outage is reported.
import { request as httpRequest } from 'node:http';
import type { PGlite } from '@electric-sql/pglite';
import type { ExecutionResult } from 'graphql';
import pg from 'pg';
import t, { type Test } from 'tap';
import { type TestApp, buildTestApp } from '../helpers/build-app.js';
import { clubToday } from '../helpers/club-clock.js';
import { type StoreKind, storeKinds } from '../helpers/databases.js';
import { createMember, sign } from '../helpers/factories.js';

const ABANDONED = 'the client closed the connection before the answer: the request was stopped';

/** Polls `check` every 10 ms until it returns a value, failing after `ms` (a bound, not a measurement). */
async function until<T>(what: string, check: () => Promise<T | undefined> | T | undefined, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Two signed marks in one mutation: root mutation fields run one after the other. */
function twoMarks(first: number, second: number, date: string): string {
  const mark = (alias: string, memberId: number) =>
    `${alias}: markAttendance(input: {memberId: ${memberId}, date: "${date}", hmacSignature: "${sign(memberId, date)}"}) { memberId }`;
  return `mutation { ${mark('first', first)} ${mark('second', second)} }`;
}

/** Sends a POST over a connection of its own; abandon() destroys the socket before any answer. */
function sendThenAbandon(url: string, query: string) {
  const body = JSON.stringify({ query });
  const request = httpRequest(`${url}/graphql`, {
    method: 'POST',
    agent: false,
    headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
  });
  let answered = false;
  request.on('response', () => (answered = true));
  // The socket is destroyed on purpose: its error is the expected outcome.
  request.on('error', () => {});
  request.end(body);
  return {
    abandon() {
      if (answered) throw new Error('the server answered before the client went away');
      request.destroy();
    },
  };
}

async function connect(t: Test, url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  t.teardown(() => client.end());
  return client;
}

async function presentRows(app: TestApp['app'], memberIds: number[]): Promise<number[]> {
  const rows = await app.prisma.attendance.findMany({
    where: { memberId: { in: memberIds }, isPresent: true },
    select: { memberId: true },
    orderBy: { memberId: 'asc' },
  });
  return rows.map((row) => row.memberId);
}

/** The codes of an execution's errors by path (Mercurius's hook sees them formatted). */
function errorCodes(execution: ExecutionResult): Record<string, unknown> {
  return Object.fromEntries(
    (execution.errors ?? []).map((error): [string, unknown] => [String(error.path?.join('.')), error.extensions?.code]),
  );
}

async function setUp(t: Test, kind: StoreKind) {
  const test = await buildTestApp(t, kind, {
    ROOT_ANONYMOUS_ACCESS: 'open',
    // Far above this test's bounds: what stops the statement here is the client going away.
    ROOT_DB_STATEMENT_TIMEOUT_MS: '60000',
  });
  await test.app.listen({ host: '127.0.0.1', port: 0 });
  const address = test.app.server.address() as { port: number };
  const members = [await createMember(test.app), await createMember(test.app)] as [number, number];
  // What the request under test resolved to, once it has run to its end.
  const resolutions: ExecutionResult[] = [];
  test.app.graphql.addHook('onResolution', async (execution) => void resolutions.push(execution));
  return { ...test, url: `http://127.0.0.1:${address.port}`, resolutions, members };
}

function checkLogs(t: Test, logs: Record<string, unknown>[]) {
  const abandoned = logs.filter((line) => line.msg === ABANDONED);
  t.equal(abandoned.length, 1, 'one line for the abandoned request');
  t.match(abandoned[0], { level: 30, reqId: String, abandonedAfterMs: Number }, 'at info, with the request id');
  t.strictSame(
    logs.filter((line) => (line.level as number) >= 40).map((line) => line.msg),
    [],
    'no warning or error: neither an internal error nor a database outage',
  );
}

void t.test(
  'postgresql: the waiting statement is cancelled, nothing is stored, the next field never runs',
  async (t) => {
    const { app, logs, url, resolutions, members, config } = await setUp(t, 'postgresql');
    const [first, second] = members;
    // The first mark's foreign key check waits on this row lock.
    const holder = await connect(t, config.databaseUrl!);
    const watcher = await connect(t, config.databaseUrl!);
    await holder.query('BEGIN');
    await holder.query('SELECT 1 FROM member WHERE member_id = $1 FOR UPDATE', [first]);

    const client = sendThenAbandon(url, twoMarks(first, second, clubToday(config.timeZone)));
    const pid = await until('the first mark waits for the row lock', async () => {
      const { rows } = await watcher.query<{ pid: number }>(
        `SELECT pid FROM pg_stat_activity
       WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%INSERT INTO attendance%'`,
      );
      return rows[0]?.pid;
    });
    const abandonedAt = performance.now();
    client.abandon();
    const state = await until('the backend stops running the statement', async () => {
      const { rows } = await watcher.query<{ state: string }>('SELECT state FROM pg_stat_activity WHERE pid = $1', [
        pid,
      ]);
      return rows[0]?.state === 'active' ? undefined : (rows[0]?.state ?? 'gone');
    });
    t.comment(`statement cancelled ${(performance.now() - abandonedAt).toFixed(1)} ms after the client went away`);
    t.ok(['gone', 'idle'].includes(state), `the backend left the statement (${state}): its connection is discarded`);

    const [execution] = await until('the request ends', () => (resolutions.length ? resolutions : undefined));
    t.strictSame(
      errorCodes(execution!),
      { first: 'REQUEST_ABANDONED' },
      'the cancelled mark answers REQUEST_ABANDONED (to nobody); the mutation stops there',
    );
    await holder.query('COMMIT');
    t.strictSame(await presentRows(app, members), [], 'the cancelled mark was rolled back; the second was never sent');
    checkLogs(t, logs);
    const { statusCode } = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: '{ members { memberId } }' },
    });
    t.equal(statusCode, 200, 'the pool serves the next request');
  },
);

/**
 * PGlite runs one statement at a time: a transaction held open here makes the
 * request's first statement queue behind it. Counting what reaches PGlite
 * shows when it is queued.
 */
async function abandonWhileQueued(
  t: Test,
  kind: StoreKind,
  query: (members: [number, number], today: string) => string,
) {
  const { app, logs, url, resolutions, members, config } = await setUp(t, kind);
  const pglite = (app.store.adapter as unknown as { client: PGlite }).client;
  const sent: string[] = [];
  const original = pglite.query.bind(pglite);
  pglite.query = ((text: string, ...rest: []) => {
    sent.push(text);
    return original(text, ...rest);
  }) as PGlite['query'];
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let holding!: () => void;
  const held = new Promise<void>((resolve) => (holding = resolve));
  const transaction = app.prisma.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT 1`;
      holding();
      await released;
    },
    { timeout: 60_000 },
  );
  await held;
  const before = sent.length;
  const client = sendThenAbandon(url, query(members, clubToday(config.timeZone)));
  await until('the first statement of the request is queued in PGlite', () =>
    sent.length > before ? true : undefined,
  );
  client.abandon();
  await until('the request is seen abandoned', () => (logs.some((line) => line.msg === ABANDONED) ? true : undefined));
  release();
  await transaction;
  const [execution] = await until('the request ends', () => (resolutions.length ? resolutions : undefined));
  return { app, logs, members, execution: execution!, statements: sent.slice(before) };
}

void t.test('pglite: the statement already handed over runs; nothing after it does', async (t) => {
  const { app, logs, members, execution, statements } = await abandonWhileQueued(
    t,
    'pglite',
    ([first, second], today) => twoMarks(first, second, today),
  );
  t.strictSame(
    errorCodes(execution),
    { second: 'REQUEST_ABANDONED' },
    'the first mark answers (its one statement was taken); the second is refused before it starts',
  );
  t.strictSame(
    await presentRows(app, members),
    [members[0]],
    'the statement PGlite had already taken ran to its end; the second mark was never sent',
  );
  // (The live feed's read of the announced mark is its own work, not the request's.)
  t.equal(
    statements.filter((text) => text.includes('INSERT INTO attendance')).length,
    1,
    'one mark statement reached PGlite: the second mark did not',
  );
  checkLogs(t, logs);
});

void t.test('pglite: fields not yet resolved are refused', async (t) => {
  const { execution, statements, logs } = await abandonWhileQueued(
    t,
    'pglite',
    () => '{ members { memberId projects { title } } }',
  );
  t.match(
    execution.errors,
    [{ path: ['members', 0, 'projects'], extensions: { code: 'REQUEST_ABANDONED' } }],
    'the list was read; the lists of its members were not resolved',
  );
  t.equal(statements.length, 1, 'one statement');
  checkLogs(t, logs);
});

void t.test('a request answered in full is not abandoned', async (t) => {
  for (const kind of storeKinds) {
    const { app, logs } = await buildTestApp(t, kind, { ROOT_ANONYMOUS_ACCESS: 'open' });
    await createMember(app);
    const { statusCode } = await app.inject({
      method: 'POST',
      url: '/graphql',
      payload: { query: '{ members { memberId } }' },
    });
    t.equal(statusCode, 200, kind);
    t.equal(logs.filter((line) => line.msg === ABANDONED).length, 0, `${kind}: no abandoned line`);
  }
});
