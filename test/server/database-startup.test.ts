// Start-up of the real server against a database that cannot be reached:
// with ROOT_DB_STARTUP=exit it stops with a clear message; with retry it
// says so at every attempt, waits longer each time, and a SIGTERM while it
// waits stops it at once. It never hangs silently.
import { type Socket, createServer } from 'node:net';
import t from 'tap';
import { freePort } from '../helpers/ports.js';
import { exitWithin, logLines, startServerProcess, waitForLog } from '../helpers/server-process.js';

async function silentListener(t: { teardown(fn: () => unknown): void }): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => void sockets.add(socket));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.teardown(() => {
    for (const socket of sockets) socket.destroy();
    server.close();
  });
  return (server.address() as { port: number }).port;
}

void t.test('ROOT_DB_STARTUP=exit: a database that never answers stops start-up with a clear message', async (t) => {
  const port = await silentListener(t);
  const server = await startServerProcess(t, {
    DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/root`,
    ROOT_DB_STARTUP: 'exit',
    ROOT_DB_CONNECT_TIMEOUT_MS: '500',
  });
  t.strictSame(await exitWithin(server, 15_000), { code: 1, signal: null });
  t.equal(
    server.stderr(),
    'Root failed to start: timeout expired\n' +
      `Hint: something at 127.0.0.1:${port} accepted the connection but did not answer as PostgreSQL within ` +
      'ROOT_DB_CONNECT_TIMEOUT_MS (500 ms): is the server overloaded or stopped, or is DATABASE_URL pointing at ' +
      'another service?\n',
  );
});

void t.test('ROOT_DB_STARTUP=retry: one line per attempt, growing waits, SIGTERM stops it', async (t) => {
  const port = await freePort();
  const server = await startServerProcess(t, {
    DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/root`,
    ROOT_DB_STARTUP: 'retry',
  });
  await waitForLog(server, (line) => line.attempt === 2, 20_000);
  const retries = logLines(server).filter((line) => String(line.msg).startsWith('database unreachable at start-up'));
  t.match(retries, [
    {
      level: 40,
      failure: 'ECONNREFUSED',
      attempt: 1,
      retryInMs: 1_000,
      msg: 'database unreachable at start-up (ECONNREFUSED); retrying in 1 s (ROOT_DB_STARTUP=exit stops instead)',
    },
    { level: 40, failure: 'ECONNREFUSED', attempt: 2, retryInMs: 2_000 },
  ]);
  const started = performance.now();
  server.child.kill('SIGTERM');
  t.strictSame(await exitWithin(server, 10_000), { code: 0, signal: null }, 'stops cleanly');
  t.ok(performance.now() - started < 1_500, 'at once, not after the wait');
  t.ok(
    logLines(server).some((line) => line.msg === 'interrupted during start-up; closing the database and stopping'),
    'says why',
  );
  t.equal(server.stderr(), '');
});
