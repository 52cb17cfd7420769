// Outages of a real PostgreSQL server (a private cluster, stopped, restarted
// and frozen under the running app): requests are answered 503
// DATABASE_UNAVAILABLE with Retry-After, the outage is logged once with its
// recovery, the app recovers without a restart, and every mark it
// acknowledged is stored.
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildAppWith, testConfig } from '../helpers/build-app.js';
import { clubToday } from '../helpers/club-clock.js';
import { createMember, sign } from '../helpers/factories.js';
import { startPrivatePostgres } from '../helpers/private-postgres.js';

const CONNECT_TIMEOUT_MS = 1_000;
const STATEMENT_TIMEOUT_MS = 1_000;

const unavailable = {
  statusCode: 503,
  body: {
    data: null,
    errors: [
      {
        message: 'The database is unavailable; nothing was recorded. Retry later.',
        locations: [{ line: 1, column: 12 }],
        path: ['markAttendance'],
        extensions: { code: 'DATABASE_UNAVAILABLE' },
      },
    ],
  },
};

async function mark(app: FastifyInstance, memberId: number, date: string) {
  const response = await app.inject({
    method: 'POST',
    url: '/',
    headers: { 'content-type': 'application/json' },
    payload: {
      query: `mutation { markAttendance(input: {memberId: ${memberId}, date: "${date}", hmacSignature: "${sign(memberId, date)}"}) { memberId date isPresent } }`,
    },
  });
  return { statusCode: response.statusCode, retryAfter: response.headers['retry-after'], body: response.json() };
}

async function setUp(t: Test) {
  const server = await startPrivatePostgres(t);
  const config = {
    ...testConfig({
      ROOT_DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      ROOT_DB_STATEMENT_TIMEOUT_MS: String(STATEMENT_TIMEOUT_MS),
    }),
    databaseUrl: server.url,
    dataDir: 'memory://',
  };
  const built = await buildAppWith(t, config);
  return { server, ...built };
}

void t.test('a stopped server: 503 DATABASE_UNAVAILABLE, logged once, recovered without restart', async (t) => {
  const { server, app, logs, config } = await setUp(t);
  const today = clubToday(config.timeZone);
  const members = await Promise.all(Array.from({ length: 6 }, () => createMember(app)));
  const acknowledged: number[] = [];
  const record = async (memberId: number) => {
    const response = await mark(app, memberId, today);
    if (response.statusCode === 200 && response.body.data?.markAttendance) acknowledged.push(memberId);
    return response;
  };

  t.strictSame(await record(members[0]!), {
    statusCode: 200,
    retryAfter: undefined,
    body: { data: { markAttendance: { memberId: members[0], date: today, isPresent: true } } },
  });

  await server.stop();
  for (const memberId of members.slice(1, 4)) {
    const started = performance.now();
    t.strictSame(await record(memberId), { ...unavailable, retryAfter: '5' }, `mark of ${memberId} refused`);
    t.ok(
      performance.now() - started < CONNECT_TIMEOUT_MS + STATEMENT_TIMEOUT_MS + 1_500,
      'refused within the deadline',
    );
  }
  const health = await app.inject({ method: 'GET', url: '/health' });
  t.equal(health.statusCode, 503, '/health says not ready');

  const down = logs.filter((line) => String(line.msg).startsWith('database unavailable'));
  t.equal(down.length, 1, 'the outage is logged once');
  t.match(down[0], { level: 40, failure: String });
  t.notOk(
    logs.some((line) => line.msg === 'internal error in GraphQL request'),
    'no internal error is logged for an outage',
  );

  await server.start();
  // The first statement after the restart may still meet a connection the stop killed.
  let recovered = await record(members[4]!);
  if (recovered.statusCode !== 200) recovered = await record(members[4]!);
  t.strictSame(recovered, {
    statusCode: 200,
    retryAfter: undefined,
    body: { data: { markAttendance: { memberId: members[4], date: today, isPresent: true } } },
  });
  t.equal((await record(members[5]!)).statusCode, 200);
  const up = logs.filter((line) => String(line.msg).startsWith('database available again'));
  t.equal(up.length, 1, 'the recovery is logged once');
  t.match(up[0], { level: 30, downMs: Number, failedStatements: Number });

  const stored = await app.prisma.attendance.findMany({
    where: { memberId: { in: members }, isPresent: true },
    select: { memberId: true },
    orderBy: { memberId: 'asc' },
  });
  t.strictSame(
    stored.map((row) => row.memberId),
    [...acknowledged].sort((a, b) => a - b),
    'every acknowledged mark is stored, and only those',
  );
});

void t.test('marks sent throughout a stop and a restart: none acknowledged is lost', async (t) => {
  const { server, app, config } = await setUp(t);
  const today = clubToday(config.timeZone);
  const members = await Promise.all(Array.from({ length: 4 }, () => createMember(app)));
  const acknowledged = new Set<number>();
  const statuses = new Set<number>();
  let running = true;
  const scanners = members.map(async (memberId) => {
    while (running) {
      const response = await mark(app, memberId, today);
      statuses.add(response.statusCode);
      if (response.statusCode === 200 && response.body.data?.markAttendance) acknowledged.add(memberId);
      else t.strictSame(response, { ...unavailable, retryAfter: '5' }, 'a refusal is always DATABASE_UNAVAILABLE');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  await server.stop();
  await new Promise((resolve) => setTimeout(resolve, 1_000));
  await server.start();
  await new Promise((resolve) => setTimeout(resolve, 1_500));
  running = false;
  await Promise.all(scanners);
  t.strictSame([...statuses].sort(), [200, 503], 'both answers were seen');
  const stored = await app.prisma.attendance.findMany({
    where: { memberId: { in: members }, isPresent: true },
    select: { memberId: true },
  });
  const storedIds = new Set(stored.map((row) => row.memberId));
  t.strictSame(
    [...acknowledged].filter((memberId) => !storedIds.has(memberId)),
    [],
    'no acknowledged mark is missing',
  );
});

void t.test('a frozen server: requests fail within the deadline, then recover', async (t) => {
  const { server, app, logs, config } = await setUp(t);
  const today = clubToday(config.timeZone);
  const memberId = await createMember(app);
  const other = await createMember(app);
  await server.freeze(true);
  // Statement deadline (timeout + 1 s grace) on a pooled connection, or the connect timeout on a new one.
  const bound = Math.max(STATEMENT_TIMEOUT_MS + 1_000, CONNECT_TIMEOUT_MS) + 1_000;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    const started = performance.now();
    const response = await mark(app, memberId, today);
    const elapsed = performance.now() - started;
    t.strictSame(response, { ...unavailable, retryAfter: '5' }, 'DATABASE_UNAVAILABLE');
    t.ok(elapsed < bound, `answered in ${Math.round(elapsed)} ms, within ${bound} ms`);
  }
  const started = performance.now();
  const health = await app.inject({ method: 'GET', url: '/health' });
  t.equal(health.statusCode, 503, '/health says not ready');
  t.ok(performance.now() - started < bound, '/health answers within the deadline too');
  t.equal(logs.filter((line) => String(line.msg).startsWith('database unavailable')).length, 1, 'logged once');

  await server.freeze(false);
  let recovered = await mark(app, other, today);
  if (recovered.statusCode !== 200) recovered = await mark(app, other, today);
  t.strictSame(recovered, {
    statusCode: 200,
    retryAfter: undefined,
    body: { data: { markAttendance: { memberId: other, date: today, isPresent: true } } },
  });
});
