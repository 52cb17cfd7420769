// The real server process (`node --import tsx src/server.ts`, as `npm start`
// runs it) on a free port, for tests of start-up, signals and shutdown, and
// for several replicas on one database (live updates and their benchmark).
// Every process is killed at teardown.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

const SETTING = /^(ROOT_|DAILY_TASK_)/;
const SETTINGS = new Set(['DATABASE_URL', 'PORT', 'HMAC_SECRET', 'ALLOWED_ORIGINS', 'LOG_LEVEL']);

export const PROCESS_SECRET = 'server-process-test-secret-0123456789';

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  stdout: () => string;
  stderr: () => string;
  /** Every JSON log line written so far. */
  logs: () => Record<string, unknown>[];
  exited: Promise<Exit>;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** Starts the server with only `env` as its configuration, on a free port. */
export async function startServerProcess(t: Teardown, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  // The test's environment minus every setting the server reads (coverage's NODE_V8_COVERAGE passes).
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !SETTING.test(name) && !SETTINGS.has(name)),
  );
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: repoRoot,
    // No shedding on event-loop delay, as in testConfig: a busy machine is not what these tests are about.
    env: {
      ...inherited,
      ROOT_HOST: '127.0.0.1',
      PORT: String(port),
      HMAC_SECRET: PROCESS_SECRET,
      ROOT_MAX_EVENT_LOOP_DELAY_MS: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const logs = () =>
    stdout
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
  return { child, port, url: `http://127.0.0.1:${port}`, stdout: () => stdout, stderr: () => stderr, logs, exited };
}

/** Starts the server as startServerProcess does and resolves once /health answers 200. */
export async function startReadyServer(t: Teardown, env: Record<string, string>): Promise<ServerProcess> {
  const server = await startServerProcess(t, env);
  await waitUntilReady(server);
  return server;
}

/** Every JSON log line written so far. */
export function logLines(server: ServerProcess): Record<string, unknown>[] {
  return server.logs();
}

/** Resolves when a log line satisfies `test` (polling up to `ms`). */
export async function waitForLog(
  server: ServerProcess,
  test: (line: Record<string, unknown>) => boolean,
  ms = 60_000,
): Promise<Record<string, unknown>> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = logLines(server).find(test);
    if (found) return found;
    if (Date.now() > deadline || server.child.exitCode !== null) {
      throw new Error(`no such log line:\n${server.stdout()}\n${server.stderr()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resolves when /health answers 200. */
export async function waitUntilReady(server: ServerProcess, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`server exited:\n${server.stderr()}\n${server.stdout()}`);
    const status = await fetch(`${server.url}/health`).then(
      (response) => response.arrayBuffer().then(() => response.status),
      () => 0,
    );
    if (status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`not ready within ${ms} ms:\n${server.stderr()}\n${server.stdout()}`);
}

/** Waits for the exit, killing the process (and reporting SIGKILL) after `ms`. */
export async function exitWithin(server: ServerProcess, ms: number): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  const guard = new Promise<Exit>((resolve) => {
    timer = setTimeout(() => {
      server.child.kill('SIGKILL');
      resolve({ code: null, signal: 'SIGKILL' });
    }, ms);
  });
  return Promise.race([server.exited, guard]).finally(() => clearTimeout(timer));
}

/** POSTs a GraphQL operation to /graphql and returns the parsed answer. */
export async function postTo(server: ServerProcess, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
}
