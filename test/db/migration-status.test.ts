// db:status's judgement of a database against the migrations folder, on both
// stores: nothing applied, up to date, and every kind of trouble at once.
import { createHash, randomUUID } from 'node:crypto';
import t from 'tap';
import { isUpToDate, readMigrationStatus } from '../../src/db/migration-status.js';
import { type Migration, applyMigrations } from '../../src/db/migrator.js';
import { openStore } from '../../src/db/store.js';
import { createTestDatabase, storeKinds } from '../helpers/databases.js';

const migration = (name: string, sql: string): Migration => ({
  name,
  sql,
  checksum: createHash('sha256').update(sql).digest('hex'),
});
const first = migration('001_first', 'CREATE TABLE first_table (id int)');
const second = migration('002_second', 'CREATE TABLE second_table (id int)');
const third = migration('003_third', 'CREATE TABLE third_table (id int)');

for (const kind of storeKinds) {
  void t.test(kind, async (t) => {
    const databaseUrl = kind === 'postgresql' ? await createTestDatabase(t) : undefined;
    const store = await openStore({ databaseUrl, dataDir: 'memory://', timeZone: 'UTC' });
    t.teardown(() => store.close());
    await store.withSession(async (session) => {
      const none = await readMigrationStatus(session, [first, second]);
      t.same(none, { pending: ['001_first', '002_second'], failed: [], changed: [], unknown: [] }, 'no ledger yet');
      t.notOk(isUpToDate(none));

      await applyMigrations(session, [first, second]);
      const current = await readMigrationStatus(session, [first, second]);
      t.same(current, { pending: [], failed: [], changed: [], unknown: [] });
      t.ok(isUpToDate(current));

      // A later release's migration applied here, one that failed half-way,
      // an edited file and a new one.
      for (const [name, finished] of [
        ['004_from_a_newer_release', true],
        ['005_failed', false],
      ] as const) {
        await session.query(
          `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, finished_at)
           VALUES ($1, 'x', $2, ${finished ? 'now()' : 'NULL'})`,
          [randomUUID(), name],
        );
      }
      const edited = { ...first, checksum: createHash('sha256').update('edited').digest('hex') };
      const troubled = await readMigrationStatus(session, [edited, second, third]);
      t.same(troubled, {
        pending: ['003_third'],
        failed: ['005_failed'],
        changed: ['001_first'],
        unknown: ['004_from_a_newer_release'],
      });
      t.notOk(isUpToDate(troubled));
    });
  });
}
