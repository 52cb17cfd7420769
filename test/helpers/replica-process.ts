// Real server processes for several replicas on one database (live updates and
// their benchmark), started as `npm start` does (node --import tsx src/server.ts)
// on free ports. Every process is killed at teardown. Start-up and shutdown
// tests use ./server-process.ts.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from './ports.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  url: string;
  logs(): Record<string, unknown>[];
  exited: Promise<unknown>;
}

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** Starts one server and resolves once /health answers 200 (60 s at most). */
export async function startServerProcess(t: Teardown, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const childEnv: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(childEnv))
    if (/^(ROOT_|DATABASE_URL|PORT|HMAC_|DAILY_TASK_)/.test(name)) delete childEnv[name];
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], {
    cwd: repoRoot,
    env: { ...childEnv, ROOT_HOST: '127.0.0.1', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise((resolve) => child.on('exit', resolve));
  t.teardown(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await exited;
    }
  });
  const server: ServerProcess = {
    child,
    port,
    url: `http://127.0.0.1:${port}`,
    logs: () =>
      stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Record<string, unknown>),
    exited,
  };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${stderr}\n${stdout}`);
    try {
      const response = await fetch(`${server.url}/health`);
      if (response.status === 200) return server;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no /health within 60 s:\n${stderr}\n${stdout}`);
}

export async function postTo(server: ServerProcess, query: string, variables?: Record<string, unknown>) {
  const response = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  return (await response.json()) as { data?: Record<string, any>; errors?: unknown[] };
}
