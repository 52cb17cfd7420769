// The database as the server and the operator CLI use it: the configured
// store, migrated before anything else touches it, with a Prisma client over
// it. One place opens it, so both (and the tests) migrate and close alike.
import { setTimeout as sleep } from 'node:timers/promises';
import { connectionFailure } from './connection-failure.js';
import { applyMigrations, readMigrations } from './migrator.js';
import { type AvailabilityHooks, type PrismaClient, createPrismaClient } from './prisma.js';
import { type Store, type StoreOptions, openStore } from './store.js';

export interface Database {
  store: Store;
  prisma: PrismaClient;
  /** Migrations applied on opening (empty when the schema was up to date). */
  applied: string[];
  /** Disconnects Prisma, then closes the store. */
  close: () => Promise<void>;
}

export interface DatabaseOptions extends StoreOptions {
  /** Told of every statement that could not reach the database, and of answers (see prisma.ts). */
  availability?: AvailabilityHooks;
  /**
   * When the database cannot be reached while opening: undefined fails at
   * once; otherwise opening is retried with a growing delay, telling
   * `onRetry` before each wait, until it works or `signal` aborts.
   */
  retry?: {
    onRetry: (failure: { error: unknown; kind: string; attempt: number; delayMs: number }) => void;
    signal?: AbortSignal;
  };
}

/** The wait before retry n (1, 2, 4 … seconds, at most 30). */
export function retryDelayMs(attempt: number): number {
  return Math.min(1_000 * 2 ** (attempt - 1), 30_000);
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await openOnce(options);
    } catch (error) {
      const kind = connectionFailure(error);
      if (!options.retry || !kind) throw error;
      const delayMs = retryDelayMs(attempt);
      options.retry.onRetry({ error, kind, attempt, delayMs });
      await sleep(delayMs, undefined, { signal: options.retry.signal });
    }
  }
}

async function openOnce(options: DatabaseOptions): Promise<Database> {
  const store = await openStore(options);
  let applied: string[];
  try {
    const migrations = await readMigrations();
    applied = await store.withSession((session) => applyMigrations(session, migrations));
  } catch (error) {
    await store.close();
    throw error;
  }
  const prisma = createPrismaClient(store, options.availability);
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
