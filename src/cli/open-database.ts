// The store the server would use, from the same configuration, migrated
// first as the server does at start-up.
import type { Config } from '../config.js';
import { applyMigrations, readMigrations } from '../db/migrator.js';
import { type PrismaClient, createPrismaClient } from '../db/prisma.js';
import { type Store, openStore } from '../db/store.js';

export interface OpenDatabase {
  store: Store;
  prisma: PrismaClient;
  /** Migrations applied on opening. */
  applied: string[];
  close(): Promise<void>;
}

export async function openConfiguredDatabase(config: Config): Promise<OpenDatabase> {
  const { databaseUrl, dataDir, timeZone } = config;
  const store = await openStore({ databaseUrl, dataDir, timeZone, poolSize: 2 });
  let applied: string[];
  try {
    const migrations = await readMigrations();
    applied = await store.withSession((session) => applyMigrations(session, migrations));
  } catch (error) {
    await store.close();
    throw error;
  }
  const prisma = createPrismaClient(store);
  return {
    store,
    prisma,
    applied,
    close: async () => {
      await prisma.$disconnect();
      await store.close();
    },
  };
}

/** Where the data lives, for the operator; never the credentials. */
export function describeStore(config: Config): string {
  if (!config.databaseUrl) return `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}
