// The database as the server and the operator CLI use it: the configured
// store, migrated before anything else touches it, with a Prisma client over
// it. One place opens it, so both (and the tests) migrate and close alike.
import { applyMigrations, readMigrations } from './migrator.js';
import { type PrismaClient, createPrismaClient } from './prisma.js';
import { type Store, type StoreOptions, openStore } from './store.js';

export interface Database {
  store: Store;
  prisma: PrismaClient;
  /** Migrations applied on opening (empty when the schema was up to date). */
  applied: string[];
  /** Disconnects Prisma, then closes the store. */
  close: () => Promise<void>;
}

export async function openDatabase(options: StoreOptions): Promise<Database> {
  const store = await openStore(options);
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
