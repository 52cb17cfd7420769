// `npm run db:migrate` and `npm run db:status` as a developer runs them, on
// both stores: each exits with its result (a time bound kills a run that
// hangs, and the exit code check then fails), and on the embedded store both
// are refused while another process (here this one, as the server would)
// holds the data directory. How the ledger is judged: migration-status.test.ts.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { openDatabase } from '../../src/db/database.js';
import { createTestDatabase } from '../helpers/databases.js';
import { scratchDir } from '../helpers/scratch.js';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));
const MIGRATIONS = [
  '20261129000000_init',
  '20261129192819_daily_task_ledger',
  '20261130013946_status_history',
  '20261130014113_api_keys',
  '20261130130000_attendance_history_index',
];

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** `npm run --silent <script>` with only the given configuration; killed after 60 s. */
function npmRun(script: string, env: Record<string, string>): Promise<Run> {
  return run('npm', ['run', '--silent', script], env);
}

function run(command: string, args: string[], env: Record<string, string>): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      {
        cwd: projectRoot,
        env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
        timeout: 60_000,
      },
      (error, stdout, stderr) =>
        resolve({
          code: error ? (typeof error.code === 'number' ? error.code : null) : 0,
          signal: error?.signal ?? null,
          stdout,
          stderr,
        }),
    );
  });
}

void t.test('postgresql: db:status, db:migrate, db:status, db:migrate exit with their result', async (t) => {
  const url = await createTestDatabase(t);
  const env = { DATABASE_URL: url };
  const where = `PostgreSQL 127.0.0.1:5432${new URL(url).pathname}`;
  const header = `${MIGRATIONS.length} migration(s) in prisma/migrations; ${where}:\n`;
  t.same(await npmRun('db:status', env), {
    code: 1,
    signal: null,
    stdout: `${header}Not yet applied (npm run db:migrate applies them):\n  ${MIGRATIONS.join('\n  ')}\n`,
    stderr: '',
  });
  t.same(await npmRun('db:migrate', env), {
    code: 0,
    signal: null,
    stdout: `Applied ${MIGRATIONS.length} migration(s) to ${where}: ${MIGRATIONS.join(', ')}\n`,
    stderr: '',
  });
  t.same(await npmRun('db:status', env), {
    code: 0,
    signal: null,
    stdout: `${header}Database schema is up to date.\n`,
    stderr: '',
  });
  t.same(await npmRun('db:migrate', env), {
    code: 0,
    signal: null,
    stdout: `${where} is up to date; no migration to apply\n`,
    stderr: '',
  });
});

// Each PGlite open costs seconds, so one directory goes through the whole story.
void t.test(
  'pglite: db:migrate and db:status exit, and are refused while another process holds the store',
  async (t) => {
    const dir = await mkdtemp(join(scratchDir, 'root-db-scripts-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const dataDir = join(dir, 'data');
    const env = { ROOT_DATA_DIR: dataDir };
    const where = `embedded PostgreSQL (PGlite) in ${dataDir}`;
    t.same(await npmRun('db:migrate', env), {
      code: 0,
      signal: null,
      stdout: `Applied ${MIGRATIONS.length} migration(s) to ${where}: ${MIGRATIONS.join(', ')}\n`,
      stderr: '',
    });
    const upToDate = {
      code: 0,
      signal: null,
      stdout: `${MIGRATIONS.length} migration(s) in prisma/migrations; ${where}:\nDatabase schema is up to date.\n`,
      stderr: '',
    };
    t.same(await npmRun('db:status', env), upToDate);

    // Opened exactly as the server opens it.
    const server = await openDatabase({ databaseUrl: undefined, dataDir, timeZone: 'UTC' });
    const refusal =
      `root-cli: The embedded store ${dataDir} is in use (locked by pid ${process.pid} on host ${hostname()}): ` +
      'it can be opened by one process at a time (stop the server first, or use DATABASE_URL for several processes)\n';
    const [migrate, status, prisma] = await Promise.all([
      npmRun('db:migrate', env),
      npmRun('db:status', env),
      run('npx', ['prisma', 'migrate', 'status'], env),
    ]);
    await server.close();
    t.same(migrate, { code: 1, signal: null, stdout: '', stderr: refusal });
    t.same(status, { code: 1, signal: null, stdout: '', stderr: refusal });
    // The Prisma CLI, through prisma.config.ts, takes the same lock.
    t.same([prisma.code, prisma.signal], [1, null]);
    t.match(prisma.stderr, refusal.replace('root-cli: ', ''));
  },
);
