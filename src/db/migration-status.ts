// Where a database stands against prisma/migrations, read from Prisma's
// ledger (_prisma_migrations) without changing anything: what
// `npm run db:status` prints. It judges the ledger as the migrator does
// (same checksums), so "up to date" here means the server will apply nothing.
import type { Migration } from './migrator.js';
import type { SqlSession } from './store.js';

export interface MigrationStatus {
  /** Migrations in the folder that the database lacks, oldest first. */
  pending: string[];
  /** Started and never finished nor rolled back: the migrator refuses to go on. */
  failed: string[];
  /** Applied with a checksum that differs from the file's. */
  changed: string[];
  /** Applied, but no longer in the folder (a newer release migrated this database). */
  unknown: string[];
}

interface LedgerRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
  rolled_back_at: Date | null;
}

export async function readMigrationStatus(session: SqlSession, migrations: Migration[]): Promise<MigrationStatus> {
  const [table] = await session.query<{ present: boolean }>(
    `SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`,
  );
  const ledger = table?.present
    ? await session.query<LedgerRow>(
        'SELECT migration_name, checksum, finished_at, rolled_back_at FROM "_prisma_migrations" ORDER BY started_at',
      )
    : [];
  const applied = new Map(ledger.filter((row) => row.finished_at).map((row) => [row.migration_name, row]));
  const known = new Set(migrations.map((migration) => migration.name));
  return {
    pending: migrations.filter((migration) => !applied.has(migration.name)).map((migration) => migration.name),
    failed: ledger
      .filter((row) => row.finished_at === null && row.rolled_back_at === null)
      .map((row) => row.migration_name),
    changed: migrations
      .filter(
        (migration) => applied.has(migration.name) && applied.get(migration.name)?.checksum !== migration.checksum,
      )
      .map((migration) => migration.name),
    unknown: [...applied.keys()].filter((name) => !known.has(name)),
  };
}

export function isUpToDate(status: MigrationStatus): boolean {
  const { pending, failed, changed, unknown } = status;
  return [pending, failed, changed, unknown].every((names) => names.length === 0);
}
