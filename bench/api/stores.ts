// The benchmark's scratch stores: a database on the PostgreSQL server of
// TEST_DATABASE_URL and an embedded-store directory in the system's temp
// folder, each filled by Root's own `cli seed` (the production build) and
// removed at the end.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { Scale } from './options.js';

export const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface Workspace {
  /** Working directory of every child process: no `.env` of the checkout is read. */
  dir: string;
  cleanups: (() => Promise<unknown>)[];
}

export async function createWorkspace(): Promise<Workspace> {
  const dir = await mkdtemp(join(tmpdir(), 'root-bench-api-'));
  return { dir, cleanups: [() => rm(dir, { recursive: true, force: true })] };
}

export async function cleanUp(workspace: Workspace): Promise<void> {
  for (const cleanup of workspace.cleanups.splice(0).reverse()) await cleanup().catch(() => {});
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>, url = adminUrl): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** A new empty database, dropped by cleanUp; its URL. */
export async function createScratchDatabase(workspace: Workspace): Promise<string> {
  const name = `root_bench_${randomBytes(5).toString('hex')}`;
  await admin((client) => client.query(`CREATE DATABASE ${name}`));
  workspace.cleanups.push(() => admin((client) => client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** An embedded-store directory inside the workspace (removed with it). */
export function embeddedDataDir(workspace: Workspace, scale: Scale): string {
  return join(workspace.dir, `pglite-${scale.name}`);
}

/** Runs the built operator CLI's seed on the store of `env`; its summary line. */
export function seed(
  workspace: Workspace,
  cliPath: string,
  scale: Scale,
  env: Record<string, string>,
): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [cliPath, 'seed', '--members', String(scale.members), '--days', String(scale.days)],
      { cwd: workspace.dir, env: { PATH: process.env.PATH ?? '', ...env }, maxBuffer: 1 << 20 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`seed failed: ${stderr || error.message}`)) : resolve(stdout.trim()),
    );
  });
}

/**
 * What autovacuum does on its own after a bulk load: planner statistics and
 * the visibility map. The embedded store has no autovacuum; it gets the same
 * so that the two stores are compared on equal plans.
 */
export async function vacuumAnalyze(location: { databaseUrl: string } | { dataDir: string }): Promise<void> {
  if ('databaseUrl' in location) {
    await admin((client) => client.query('VACUUM ANALYZE'), location.databaseUrl);
    return;
  }
  const db = await PGlite.create(location.dataDir);
  try {
    await db.exec('VACUUM ANALYZE');
  } finally {
    await db.close();
  }
}
