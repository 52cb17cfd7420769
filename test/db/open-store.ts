// Opens a migrated store of either kind for a database test, with a Prisma
// client over it; both are closed at teardown.
import { type DatabaseViolation, databaseViolation } from '../../src/db/database-error.js';
import { openDatabase } from '../../src/db/database.js';
import { DomainError } from '../../src/errors/domain-error.js';
import type { PrismaClient } from '../../src/db/prisma.js';
import type { Store } from '../../src/db/store.js';
import { type StoreKind, storeLocation } from '../helpers/databases.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export interface TestStore {
  store: Store;
  prisma: PrismaClient;
  /** Where the store lives, to open a second one on the same database. */
  location: { databaseUrl: string | undefined; dataDir: string };
}

export async function openMigratedStore(t: Teardown, kind: StoreKind, timeZone = 'Asia/Kolkata'): Promise<TestStore> {
  const location = await storeLocation(t, kind);
  return openMigratedStoreAt(t, location, timeZone);
}

async function openMigratedStoreAt(
  t: Teardown,
  location: TestStore['location'],
  timeZone = 'Asia/Kolkata',
): Promise<TestStore> {
  const { store, prisma, close } = await openDatabase({ ...location, timeZone });
  t.teardown(close);
  return { store, prisma, location };
}

/** What the database said when `work` failed, or a description of why that is not the case. */
export async function violationOf(work: PromiseLike<unknown>): Promise<DatabaseViolation | string> {
  try {
    await work;
  } catch (error) {
    // A violation the domain knows arrives translated, with the database's error as its cause.
    const database = error instanceof DomainError ? error.cause : error;
    return databaseViolation(database) ?? `not a database error: ${String(error)}`;
  }
  return 'no error';
}
