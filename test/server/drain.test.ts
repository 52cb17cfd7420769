// Graceful drain of the real server process: on SIGTERM readiness turns 503
// at once, new requests are turned away with 503 SERVICE_UNAVAILABLE and
// Retry-After, the requests already received finish, and the process exits
// 0; it exits 1, saying so in one line, only when the drain time runs out.
import pg from 'pg';
import t, { type Test } from 'tap';
import { signAttendance } from '../../src/attendance/attendance-signature.js';
import { clubToday } from '../helpers/club-clock.js';
import { createTestDatabase } from '../helpers/databases.js';
import { memberInput } from '../helpers/factories.js';
import { freePort } from '../helpers/ports.js';
import {
  PROCESS_SECRET,
  type ServerProcess,
  exitWithin,
  logLines,
  startServerProcess,
  waitForLog,
  waitUntilReady,
} from '../helpers/server-process.js';

const TIME_ZONE = 'Asia/Kolkata';

async function post(server: ServerProcess, query: string) {
  const response = await fetch(`${server.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query }),
  });
  return {
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    connection: response.headers.get('connection'),
    body: (await response.json()) as Record<string, unknown>,
  };
}

async function createMember(server: ServerProcess): Promise<number> {
  const input = memberInput();
  const fields = Object.entries(input)
    .map(([name, value]) => `${name}: ${typeof value === 'string' && name !== 'sex' ? JSON.stringify(value) : value}`)
    .join(', ');
  const { body } = await post(server, `mutation { createMember(input: { ${fields} }) { memberId } }`);
  return (body as { data: { createMember: { memberId: number } } }).data.createMember.memberId;
}

function markQuery(memberId: number, date: string): string {
  const signature = signAttendance(PROCESS_SECRET, memberId, date);
  return `mutation { markAttendance(input: {memberId: ${memberId}, date: "${date}", hmacSignature: "${signature}"}) { memberId isPresent } }`;
}

/**
 * Holds row locks on the members and their rows, so that marks for them wait
 * until release(). waiting(n) watches from a connection of its own: inside
 * the lock holder's transaction pg_stat_activity is a snapshot taken at its
 * first read, blind to the backends the server opens afterwards for the marks.
 */
async function lockMembers(t: Test, databaseUrl: string, memberIds: number[]) {
  const connect = async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    t.teardown(() => client.end());
    return client;
  };
  const [holder, watcher] = [await connect(), await connect()];
  await holder.query('BEGIN');
  // A mark inserts a row (its foreign key check waits on the member's lock)
  // or updates the absent row the start-up's daily task may have made (it
  // waits on that row's lock).
  await holder.query('SELECT 1 FROM member WHERE member_id = ANY($1) FOR UPDATE', [memberIds]);
  await holder.query('SELECT 1 FROM attendance WHERE member_id = ANY($1) FOR UPDATE', [memberIds]);
  const waiting = async (count: number) => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      if (Date.now() > deadline) throw new Error(`fewer than ${count} statement(s) waited for the lock`);
      const { rows } = await watcher.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM pg_locks l JOIN pg_stat_activity a USING (pid)
         WHERE NOT l.granted AND a.datname = current_database()`,
      );
      if (rows[0]!.n >= count) return;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  return { waiting, release: () => holder.query('COMMIT') };
}

const shuttingDown = {
  status: 503,
  retryAfter: '5',
  connection: 'close',
  body: {
    data: null,
    errors: [
      {
        message: 'The server is shutting down; retry later',
        extensions: { reason: 'shutting down', code: 'SERVICE_UNAVAILABLE' },
      },
    ],
  },
};

void t.test('SIGTERM: readiness 503 at once, new requests 503, in-flight ones finish, exit 0', async (t) => {
  const databaseUrl = await createTestDatabase(t);
  const server = await startServerProcess(t, {
    DATABASE_URL: databaseUrl,
    ROOT_DRAIN_TIMEOUT_MS: '10000',
    // Longer than the watcher's bound (20 s): the held marks wait for the release, not for the timeout.
    ROOT_DB_STATEMENT_TIMEOUT_MS: '60000',
  });
  await waitUntilReady(server);
  const today = clubToday(TIME_ZONE);
  const members = [await createMember(server), await createMember(server), await createMember(server)];
  const lock = await lockMembers(t, databaseUrl, members);
  const inFlight = members.map((memberId) => post(server, markQuery(memberId, today)));
  await lock.waiting(members.length);

  server.child.kill('SIGTERM');
  await waitForLog(server, (line) => line.msg === 'shutting down');
  const ready = await fetch(`${server.url}/health`);
  t.strictSame(
    { status: ready.status, body: await ready.json() },
    { status: 503, body: { status: 'unavailable', reason: 'shutting down' } },
    'readiness turns 503 at once',
  );
  const live = await fetch(`${server.url}/health/live`);
  t.strictSame({ status: live.status, body: await live.json() }, { status: 200, body: { status: 'ok' } }, 'still live');
  t.strictSame(await post(server, '{ members { memberId } }'), shuttingDown, 'a new request is turned away');

  await new Promise((resolve) => setTimeout(resolve, 500));
  t.equal(server.child.exitCode, null, 'the process waits for the requests in flight');
  await lock.release();
  const answers = await Promise.all(inFlight);
  t.strictSame(
    answers.map(({ status, body }) => ({ status, body })),
    members.map((memberId) => ({ status: 200, body: { data: { markAttendance: { memberId, isPresent: true } } } })),
    'every request in flight finished with its answer',
  );
  t.strictSame(await exitWithin(server, 15_000), { code: 0, signal: null }, 'exit code 0');
  t.equal(server.stderr(), '');

  const check = new pg.Client({ connectionString: databaseUrl });
  await check.connect();
  const { rows } = await check.query<{ member_id: number }>(
    'SELECT member_id FROM attendance WHERE member_id = ANY($1) AND is_present ORDER BY member_id',
    [members],
  );
  await check.end();
  t.strictSame(
    rows.map((row) => row.member_id),
    members,
    'the marks acknowledged during the drain are stored',
  );
});

void t.test('SIGTERM under steady load: no request is reset', async (t) => {
  const metricsPort = await freePort();
  const server = await startServerProcess(t, {
    DATABASE_URL: await createTestDatabase(t),
    ROOT_METRICS_PORT: String(metricsPort),
  });
  await waitUntilReady(server);
  const metrics = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
  t.equal(metrics.status, 200, 'metrics are served on their own port');
  t.match(await metrics.text(), /^# HELP http_request_duration_seconds /m);
  const outcomes = { ok: 0, turnedAway: 0, refused: 0, reset: [] as string[] };
  let signalled = false;
  const client = async () => {
    for (;;) {
      try {
        const { status } = await post(server, '{ members { memberId } }');
        if (status === 200) outcomes.ok += 1;
        else if (status === 503) return void (outcomes.turnedAway += 1);
        else outcomes.reset.push(`status ${status}`);
      } catch (error) {
        const cause = (error as { cause?: { code?: string; message?: string } }).cause;
        // After the exit nothing listens: refused, never reset.
        if (signalled && cause?.code === 'ECONNREFUSED') return void (outcomes.refused += 1);
        outcomes.reset.push(String(cause?.code ?? cause?.message ?? error));
        return;
      }
    }
  };
  const clients = Array.from({ length: 8 }, client);
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  signalled = true;
  server.child.kill('SIGTERM');
  await Promise.all(clients);
  t.strictSame(await exitWithin(server, 15_000), { code: 0, signal: null });
  t.strictSame(outcomes.reset, [], '0 requests reset');
  t.ok(outcomes.ok > 0, `${outcomes.ok} answered before the drain`);
  t.equal(
    outcomes.turnedAway + outcomes.refused,
    8,
    'every client was told to go away (503) or found nothing listening',
  );
});

void t.test('a drain that runs out of time: exit 1 and one line saying so', async (t) => {
  const databaseUrl = await createTestDatabase(t);
  const server = await startServerProcess(t, { DATABASE_URL: databaseUrl, ROOT_DRAIN_TIMEOUT_MS: '1000' });
  await waitUntilReady(server);
  const memberId = await createMember(server);
  const lock = await lockMembers(t, databaseUrl, [memberId]);
  const stuck = post(server, markQuery(memberId, clubToday(TIME_ZONE))).catch((error: unknown) => error);
  await lock.waiting(1);
  const started = performance.now();
  server.child.kill('SIGTERM');
  t.strictSame(await exitWithin(server, 15_000), { code: 1, signal: null }, 'exit code 1');
  const elapsed = performance.now() - started;
  t.ok(elapsed >= 1_000 && elapsed < 4_000, `after the drain time (${Math.round(elapsed)} ms)`);
  const lines = logLines(server).filter((line) => String(line.msg).startsWith('drain time ran out'));
  t.equal(lines.length, 1, 'one line');
  t.match(lines[0], {
    level: 50,
    inFlight: 1,
    msg: 'drain time ran out: 1 request(s) still in flight after ROOT_DRAIN_TIMEOUT_MS (1000 ms) were cut off; exiting with code 1',
  });
  t.type(await stuck, Error, 'the request that outlived the drain was cut off');
  await lock.release();
});

// The bound the held marks above stay within: a mark held longer than
// ROOT_DB_STATEMENT_TIMEOUT_MS is cancelled by PostgreSQL (57014) and
// answered 503 DATABASE_UNAVAILABLE, with nothing stored.
void t.test('a mark held past the statement timeout: 503 DATABASE_UNAVAILABLE, nothing stored', async (t) => {
  const databaseUrl = await createTestDatabase(t);
  const server = await startServerProcess(t, { DATABASE_URL: databaseUrl, ROOT_DB_STATEMENT_TIMEOUT_MS: '1000' });
  await waitUntilReady(server);
  const memberId = await createMember(server);
  const lock = await lockMembers(t, databaseUrl, [memberId]);
  const held = post(server, markQuery(memberId, clubToday(TIME_ZONE)));
  await lock.waiting(1);
  t.match(
    await held,
    {
      status: 503,
      retryAfter: '5',
      body: { data: null, errors: [{ path: ['markAttendance'], extensions: { code: 'DATABASE_UNAVAILABLE' } }] },
    },
    'answered 503 DATABASE_UNAVAILABLE with Retry-After',
  );
  t.match(
    await waitForLog(server, (line) => line.failure === '57014'),
    { level: 40, msg: /^database unavailable \(57014\)/ },
    'PostgreSQL cancelled it (57014, statement timeout)',
  );
  await lock.release();
  const check = new pg.Client({ connectionString: databaseUrl });
  await check.connect();
  const { rows } = await check.query('SELECT 1 FROM attendance WHERE member_id = $1 AND is_present', [memberId]);
  await check.end();
  t.equal(rows.length, 0, 'nothing stored');
  server.child.kill('SIGTERM');
  t.strictSame(await exitWithin(server, 15_000), { code: 0, signal: null });
});
