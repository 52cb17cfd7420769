// The two stores every database test runs against: an in-memory PGlite and a
// fresh database on the PostgreSQL server (TEST_DATABASE_URL names the
// server's maintenance database; each test gets its own database, dropped at
// teardown).
import { randomBytes } from 'node:crypto';
import pg from 'pg';

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

/** Where a test's store lives: a PostgreSQL URL, or an in-memory PGlite. */
export async function storeLocation(
  t: Teardown,
  kind: StoreKind,
): Promise<{ databaseUrl: string | undefined; dataDir: string }> {
  return kind === 'postgresql'
    ? { databaseUrl: await createTestDatabase(t), dataDir: 'memory://' }
    : { databaseUrl: undefined, dataDir: 'memory://' };
}
