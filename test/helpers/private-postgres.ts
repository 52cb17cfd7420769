// A PostgreSQL cluster of the test's own, on a free port, for fault tests
// that stop, freeze and restart the server: never the shared one. initdb
// refuses to run as root, so as root the cluster runs as `nobody`.
import { execFile } from 'node:child_process';
import { chown, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './ports.js';
import { scratchDir } from './scratch.js';

const run = promisify(execFile);

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface PrivatePostgres {
  url: string;
  port: number;
  /** Starts (again) and waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops at once, as a crash or a killed container would (`-m immediate`). */
  stop(): Promise<void>;
  /** SIGSTOP (true) or SIGCONT (false) to the server and every backend: a frozen database. */
  freeze(frozen: boolean): Promise<void>;
}

export async function startPrivatePostgres(t: Teardown): Promise<PrivatePostgres> {
  const dir = await mkdtemp(join(scratchDir, 'root-private-pg-'));
  const asRoot = process.getuid?.() === 0;
  if (asRoot) await chown(dir, 65534, 65534);
  const as = (command: string, args: string[]) =>
    asRoot ? run('runuser', ['-u', 'nobody', '--', command, ...args]) : run(command, args);
  const data = join(dir, 'data');
  const port = await freePort();
  await as('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--no-sync']);
  const pgCtl = (...args: string[]) => as('pg_ctl', ['-D', data, ...args]);
  const start = async () => {
    await pgCtl(
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`,
      '-l',
      join(dir, 'pg.log'),
      '-w',
      'start',
    );
  };
  const processes = async (): Promise<number[]> => {
    const postmaster = Number((await readFile(join(data, 'postmaster.pid'), 'utf8')).split('\n')[0]);
    const children: number[] = [];
    for (const entry of await readdir('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => '');
      // pid (comm) state ppid …: the comm may hold spaces, so read after its closing parenthesis.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === postmaster) children.push(Number(entry));
    }
    return [postmaster, ...children];
  };
  let frozen = false;
  const freeze = async (on: boolean) => {
    for (const pid of await processes()) process.kill(pid, on ? 'SIGSTOP' : 'SIGCONT');
    frozen = on;
  };
  await start();
  t.teardown(async () => {
    if (frozen) await freeze(false);
    await pgCtl('-m', 'immediate', 'stop').catch(() => {});
    await rm(dir, { recursive: true, force: true });
  });
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop: async () => void (await pgCtl('-m', 'immediate', 'stop')),
    freeze,
  };
}
