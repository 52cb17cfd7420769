// The servers under test as child processes: started with a given
// environment, waited on until /health answers 200, sampled for memory
// through /proc, stopped with SIGTERM. At trace level the 'sql' log lines
// (one per statement, for Root and the baseline alike) are counted.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

export interface ServerSpec {
  name: string;
  args: string[];
  env: Record<string, string>;
  cwd: string;
  /** Read standard output to count the 'sql' lines of LOG_LEVEL=trace. */
  countSql?: boolean;
}

export interface ServerProcess {
  name: string;
  url: string;
  pid: number;
  /** Milliseconds from spawn to the first 200 from /health. */
  startupMs: number;
  /**
   * 'sql' log lines so far written while a request was open (countSql only):
   * with one request at a time, exactly the statements requests caused.
   */
  sqlLines(): number;
  /** Whether a log line's message matched (countSql only). */
  logged(message: RegExp): boolean;
  memory(): { rss: number; peak: number };
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const running = new Set<ServerProcess>();

/** Stops every server still running (an interrupted benchmark). */
export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((server) => server.stop()));
}

export async function startServer(spec: ServerSpec, timeoutMs = 300_000): Promise<ServerProcess> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, spec.args, {
    cwd: spec.cwd,
    env: { PATH: process.env.PATH ?? '', ...spec.env, PORT: String(port), ROOT_HOST: '127.0.0.1' },
    stdio: ['ignore', spec.countSql ? 'pipe' : 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => void (stderr = (stderr + chunk.toString()).slice(-4000)));
  let sql = 0;
  let openRequests = 0;
  const messages: string[] = [];
  if (spec.countSql) {
    let partial = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      const lines = (partial + chunk.toString()).split('\n');
      partial = lines.pop()!;
      for (const line of lines) {
        let msg: string | undefined;
        try {
          ({ msg } = JSON.parse(line) as { msg?: string });
        } catch {
          continue; // not a log line
        }
        if (msg === 'sql') sql += openRequests > 0 ? 1 : 0;
        else if (msg === 'incoming request') openRequests += 1;
        else if (msg === 'request completed') openRequests -= 1;
        else if (msg) messages.push(msg);
      }
    });
  }
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitHealthy(url, exited, timeoutMs);
  } catch (error) {
    child.kill('SIGKILL');
    throw new Error(`${spec.name} did not start: ${(error as Error).message}\n${stderr}`, { cause: error });
  }
  const startupMs = performance.now() - started;
  const server: ServerProcess = {
    name: spec.name,
    url,
    pid: child.pid!,
    startupMs,
    sqlLines: () => sql,
    logged: (message) => messages.some((msg) => message.test(msg)),
    memory: () => processMemory(child.pid!),
    stop: async () => {
      running.delete(server);
      await stopChild(child, exited);
    },
  };
  running.add(server);
  return server;
}

async function waitHealthy(url: string, exited: Promise<number | null>, timeoutMs: number): Promise<void> {
  let done = false;
  const exit = exited.then((code) => {
    done = true;
    throw new Error(`exited with code ${code}`);
  });
  const deadline = performance.now() + timeoutMs;
  const poll = async () => {
    while (!done) {
      if (performance.now() > deadline) throw new Error(`/health not 200 within ${timeoutMs / 1000} s`);
      const ok = await fetch(`${url}/health`).then(
        (response) => response.status === 200,
        () => false,
      );
      if (ok) return;
      await sleep(25);
    }
  };
  try {
    await Promise.race([poll(), exit]);
  } finally {
    done = true;
    exit.catch(() => {});
  }
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await exited;
  clearTimeout(timer);
}

/** Resident set size now and its peak over the process's life (VmHWM), in bytes. */
export function processMemory(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kB = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN) * 1024;
  return { rss: kB('VmRSS'), peak: kB('VmHWM') };
}

/** Samples a process's resident set size every 100 ms until stopped; returns the highest. */
export function sampleRss(pid: number): () => number {
  let highest = processMemory(pid).rss;
  const timer = setInterval(() => {
    try {
      highest = Math.max(highest, processMemory(pid).rss);
    } catch {
      // The process ended; the last sample stands.
    }
  }, 100);
  return () => {
    clearInterval(timer);
    return highest;
  };
}

/** CPU time a process has used so far, in clock ticks (user + system). */
function cpuTicks(pid: number): number {
  // The command name, in parentheses, may hold spaces: fields are counted after it.
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return Number(fields[11]) + Number(fields[12]);
}

/**
 * Resolves once a process has been idle (under 10% of a core) for half a
 * second: a load generator that stops leaves requests in flight, and their
 * work must not spill into the next server's run.
 */
export async function waitIdle(pid: number, maxMs = 180_000): Promise<void> {
  const deadline = performance.now() + maxMs;
  let last = cpuTicks(pid);
  let quiet = 0;
  while (quiet < 2 && performance.now() < deadline) {
    await sleep(250);
    const now = cpuTicks(pid);
    quiet = now - last <= 2 ? quiet + 1 : 0;
    last = now;
  }
}

/** Resolves once `count()` has not changed for `quietMs` (or after `maxMs`). */
export async function settle(count: () => number, quietMs: number, maxMs = 120_000): Promise<void> {
  const deadline = performance.now() + maxMs;
  let last = count();
  let since = performance.now();
  while (performance.now() < deadline) {
    await sleep(50);
    const now = count();
    if (now !== last) {
      last = now;
      since = performance.now();
    } else if (performance.now() - since >= quietMs) return;
  }
}

/** Resolves once `done()` is true (or after `maxMs`). */
export async function until(done: () => boolean, maxMs: number): Promise<void> {
  const deadline = performance.now() + maxMs;
  while (!done() && performance.now() < deadline) await sleep(50);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
