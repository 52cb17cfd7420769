// The two stores every database test runs against: a PGlite data directory
// and a fresh database on the PostgreSQL server (TEST_DATABASE_URL names the
// server's maintenance database; each test gets its own database, dropped at
// teardown).
import { createHash, randomBytes } from 'node:crypto';
import { execFile } from 'node:child_process';
import { mkdtemp, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { applyMigrations, readMigrations } from '../../src/db/migrator.js';
import { openStore } from '../../src/db/store.js';
import { scratchDir } from './scratch.js';

const run = promisify(execFile);

export type StoreKind = 'pglite' | 'postgresql';
export const storeKinds: StoreKind[] = ['pglite', 'postgresql'];

export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** Creates an empty PostgreSQL database for one test and returns its URL. */
export async function createTestDatabase(t: Teardown): Promise<string> {
  const name = `root_test_${randomBytes(6).toString('hex')}`;
  await withAdmin((client) => client.query(`CREATE DATABASE ${name}`));
  t.teardown(() => withAdmin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Where a test's store lives: a PostgreSQL URL, or a PGlite data directory of its own. */
export async function storeLocation(
  t: Teardown,
  kind: StoreKind,
): Promise<{ databaseUrl: string | undefined; dataDir: string }> {
  return kind === 'postgresql'
    ? { databaseUrl: await createTestDatabase(t), dataDir: 'memory://' }
    : { databaseUrl: undefined, dataDir: await createPGliteDataDir(t) };
}

/**
 * A fresh PGlite data directory, copied from a migrated template. Creating a
 * PGlite cluster takes seconds (initdb in WebAssembly); copying one takes a
 * fraction of that. The template is made once per set of migrations and
 * shared by the run's test processes; the app still runs the migrator on the
 * copy, which finds nothing pending.
 */
export async function createPGliteDataDir(t: Teardown): Promise<string> {
  const template = await pgliteTemplate();
  const dir = join(scratchDir, `root-test-pglite-${randomBytes(6).toString('hex')}`);
  // cp(1) copies the thousand small files several times faster than fs.cp.
  await run('cp', ['-R', template, dir]);
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

let templatePromise: Promise<string> | undefined;

function pgliteTemplate(): Promise<string> {
  templatePromise ??= (async () => {
    const migrations = await readMigrations();
    const digest = createHash('sha256')
      .update(migrations.map((migration) => migration.checksum).join())
      .digest('hex')
      .slice(0, 16);
    const template = join(scratchDir, `root-test-pglite-template-${digest}`);
    if (await exists(template)) return template;
    const building = await mkdtemp(join(scratchDir, 'root-test-pglite-building-'));
    const store = await openStore({ databaseUrl: undefined, dataDir: building, timeZone: 'UTC' });
    await store.withSession((session) => applyMigrations(session, migrations));
    await store.close();
    // Another test process may have finished first; either copy is the same.
    await rename(building, template).catch(() => rm(building, { recursive: true, force: true }));
    return template;
  })();
  return templatePromise;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
