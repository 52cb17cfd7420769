// Opening the database when PostgreSQL cannot be reached: nothing listening,
// or a listener that accepts and never answers. Without retries it fails at
// once (within the connect timeout); with them it waits 1, 2, 4 … s, saying
// so each time, until the database appears or start-up is called off.
import { type Server, Socket, createServer } from 'node:net';
import t from 'tap';
import { connectionFailure } from '../../src/db/connection-failure.js';
import { openDatabase, retryDelayMs } from '../../src/db/database.js';
import { createTestDatabase } from '../helpers/databases.js';
import { freePort } from '../helpers/ports.js';

const CONNECT_TIMEOUT_MS = 500;

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

/** A TCP server that accepts connections and never writes a byte. */
async function silentListener(t: { teardown(fn: () => unknown): void }): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => void sockets.add(socket));
  const port = await listen(server);
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return port;
}

const options = (port: number) => ({
  databaseUrl: `postgresql://postgres@127.0.0.1:${port}/postgres`,
  dataDir: 'memory://',
  timeZone: 'UTC',
  connectTimeoutMs: CONNECT_TIMEOUT_MS,
  statementTimeoutMs: 1_000,
});

async function failure(work: Promise<unknown>): Promise<{ kind: string | null; message: string } | string> {
  try {
    await work;
    return 'opened';
  } catch (error) {
    return { kind: connectionFailure(error), message: (error as Error).message };
  }
}

void t.test('nothing listens: refused at once', async (t) => {
  const started = performance.now();
  t.match(await failure(openDatabase(options(await freePort()))), { kind: 'ECONNREFUSED' });
  t.ok(performance.now() - started < CONNECT_TIMEOUT_MS, 'without waiting');
});

void t.test('a listener that never answers: fails after the connect timeout, not later', async (t) => {
  const port = await silentListener(t);
  const started = performance.now();
  t.strictSame(await failure(openDatabase(options(port))), {
    kind: 'connect timeout',
    message: 'timeout expired',
  });
  const elapsed = performance.now() - started;
  t.ok(elapsed >= CONNECT_TIMEOUT_MS - 50 && elapsed < CONNECT_TIMEOUT_MS + 1_000, `after ${Math.round(elapsed)} ms`);
});

void t.test('retries wait 1, 2, 4 … s (at most 30) and stop when called off', async (t) => {
  t.strictSame(
    [1, 2, 3, 4, 5, 6, 7, 10].map(retryDelayMs),
    [1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000],
  );
  const port = await silentListener(t);
  const controller = new AbortController();
  const retries: unknown[] = [];
  const opening = openDatabase({
    ...options(port),
    retry: {
      signal: controller.signal,
      onRetry: ({ kind, attempt, delayMs }) => {
        retries.push({ kind, attempt, delayMs });
        if (attempt === 2) controller.abort();
      },
    },
  });
  t.match(await failure(opening), { kind: null, message: /aborted/ }, 'ends when aborted');
  t.strictSame(retries, [
    { kind: 'connect timeout', attempt: 1, delayMs: 1_000 },
    { kind: 'connect timeout', attempt: 2, delayMs: 2_000 },
  ]);
});

void t.test('retries until the database appears, then opens it', async (t) => {
  const port = await freePort();
  const target = new URL(await createTestDatabase(t));
  // A proxy to the test server, started only after the first failed attempt.
  const sockets = new Set<Socket>();
  const proxy = createServer((client) => {
    const upstream = new Socket();
    sockets.add(client).add(upstream);
    upstream.connect(Number(target.port || 5432), target.hostname);
    client.pipe(upstream).pipe(client);
    const close = () => (client.destroy(), upstream.destroy());
    client.on('error', close).on('close', close);
    upstream.on('error', close).on('close', close);
  });
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
    proxy.close();
  });
  const retries: number[] = [];
  const database = await openDatabase({
    ...options(port),
    databaseUrl: `postgresql://${target.username || 'postgres'}@127.0.0.1:${port}${target.pathname}`,
    retry: {
      onRetry: ({ attempt }) => {
        retries.push(attempt);
        if (attempt === 1) void listen(proxy, port);
      },
    },
  });
  t.teardown(() => database.close());
  t.strictSame(retries, [1], 'one failed attempt, then it opened');
  t.strictSame(await database.prisma.$queryRaw`SELECT 1 AS one`, [{ one: 1 }]);
});
