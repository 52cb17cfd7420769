// The start-up migrator keeps Prisma Migrate's ledger, applies each migration
// once and atomically, and refuses to run over a tampered or failed history.
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { createHash, randomUUID } from 'node:crypto';
import { cp, mkdtemp, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import {
  type Migration,
  MigrationError,
  applyMigrations,
  defaultMigrationsDir,
  readMigrations,
} from '../../src/db/migrator.js';
import { type Store, openStore } from '../../src/db/store.js';
import { type StoreKind, createTestDatabase, storeKinds } from '../helpers/databases.js';
import { scratchDir } from '../helpers/scratch.js';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
const migrationsDir = join(repoRoot, 'prisma', 'migrations');
const INIT = '20261129000000_init';
const HISTORY_INDEX = '20261130130000_attendance_history_index';
/** Every migration folder of the project, read here without the migrator. */
const ALL = readdirSync(migrationsDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();
const fileOf = (name: string) => join(migrationsDir, name, 'migration.sql');
const sha256 = async (name: string) =>
  createHash('sha256')
    .update(await readFile(fileOf(name)))
    .digest('hex');

interface Teardown {
  teardown(fn: () => unknown): void;
}

/**
 * A store on an empty database (nothing migrated), closed at teardown. Not
 * storeLocation(): its PGlite directories are copies of a migrated template.
 */
async function freshStore(t: Teardown, kind: StoreKind): Promise<Store> {
  const databaseUrl = kind === 'postgresql' ? await createTestDatabase(t) : undefined;
  return openAt(t, { databaseUrl, dataDir: 'memory://' });
}

async function openAt(t: Teardown, location: { databaseUrl: string | undefined; dataDir: string }): Promise<Store> {
  const store = await openStore({ ...location, timeZone: 'Asia/Kolkata' });
  t.teardown(() => store.close());
  return store;
}

const migrate = (store: Store, migrations: Migration[]) =>
  store.withSession((session) => applyMigrations(session, migrations));

const query = <Row>(store: Store, text: string, params?: unknown[]) =>
  store.withSession((session) => session.query<Row>(text, params));

/** The MigrationError `work` rejects with, as { name, message } (anything else is returned as a string). */
async function migrationErrorOf(work: Promise<unknown>): Promise<{ name: string; message: string } | string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof MigrationError) return { name: error.name, message: error.message };
    return `not a MigrationError: ${String(error)}`;
  }
  return 'no error';
}

async function tableExists(store: Store, name: string): Promise<boolean> {
  const [row] = await query<{ exists: boolean }>(store, 'SELECT to_regclass($1) IS NOT NULL AS "exists"', [name]);
  return row!.exists;
}

/** A copy of the real migrations plus extra ones, in a temp dir removed at teardown. */
async function migrationsWith(t: Teardown, extra: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(scratchDir, 'root-migrations-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await cp(defaultMigrationsDir, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) {
    await mkdir(join(dir, name));
    await writeFile(join(dir, name, 'migration.sql'), sql);
  }
  return dir;
}

void t.test('readMigrations reads each migration folder, in name order, with its checksum', async (t) => {
  t.ok(ALL.length >= 2 && ALL[0] === INIT, 'the init migration comes first');
  const real = await Promise.all(
    ALL.map(async (name) => ({ name, sql: await readFile(fileOf(name), 'utf8'), checksum: await sha256(name) })),
  );
  t.strictSame(await readMigrations(), real);
  const dir = await migrationsWith(t, {
    '20270101000000_later': 'SELECT 2;\n',
    '20261201000000_sooner': 'SELECT 1;\n',
  });
  await writeFile(join(dir, 'README.md'), 'files beside the folders are ignored');
  t.strictSame(
    (await readMigrations(dir)).map(({ name, sql }) => ({ name, sql })),
    [
      ...real.map(({ name, sql }) => ({ name, sql })),
      { name: '20261201000000_sooner', sql: 'SELECT 1;\n' },
      { name: '20270101000000_later', sql: 'SELECT 2;\n' },
    ],
  );
});

for (const kind of storeKinds) {
  void t.test(kind, async (t) => {
    const migrations = await readMigrations();

    void t.test('the first run applies every migration in order, the second nothing', async (t) => {
      const store = await freshStore(t, kind);
      t.strictSame(await migrate(store, migrations), ALL);
      t.strictSame(await migrate(store, migrations), []);
      for (const table of ['member', 'attendance', 'attendance_summary', 'status_update_streak', 'project']) {
        t.equal(await tableExists(store, table), true, table);
      }
    });

    void t.test("the ledger is Prisma Migrate's, row for row", async (t) => {
      const store = await freshStore(t, kind);
      await migrate(store, migrations);

      const columns = await query<Record<string, unknown>>(
        store,
        `SELECT column_name, data_type, character_maximum_length AS length, is_nullable
           FROM information_schema.columns WHERE table_name = '_prisma_migrations' ORDER BY ordinal_position`,
      );
      t.strictSame(columns, [
        { column_name: 'id', data_type: 'character varying', length: 36, is_nullable: 'NO' },
        { column_name: 'checksum', data_type: 'character varying', length: 64, is_nullable: 'NO' },
        { column_name: 'finished_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'YES' },
        { column_name: 'migration_name', data_type: 'character varying', length: 255, is_nullable: 'NO' },
        { column_name: 'logs', data_type: 'text', length: null, is_nullable: 'YES' },
        { column_name: 'rolled_back_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'YES' },
        { column_name: 'started_at', data_type: 'timestamp with time zone', length: null, is_nullable: 'NO' },
        { column_name: 'applied_steps_count', data_type: 'integer', length: null, is_nullable: 'NO' },
      ]);

      const rows = await query<Record<string, unknown>>(
        store,
        `SELECT id, checksum, migration_name, logs, rolled_back_at, applied_steps_count,
                finished_at IS NOT NULL AS finished, started_at <= finished_at AS ordered
           FROM "_prisma_migrations" ORDER BY migration_name`,
      );
      for (const row of rows) {
        t.match(row.id, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      }
      t.strictSame(
        rows.map((row) => ({ ...row, id: undefined })),
        await Promise.all(
          ALL.map(async (name) => ({
            id: undefined,
            checksum: await sha256(name),
            migration_name: name,
            logs: null,
            rolled_back_at: null,
            applied_steps_count: 1,
            finished: true,
            ordered: true,
          })),
        ),
      );
    });

    void t.test('a released database upgrades to the history index with its rows intact', async (t) => {
      const store = await freshStore(t, kind);
      const history = migrations.findIndex((migration) => migration.name === HISTORY_INDEX);
      await migrate(store, migrations.slice(0, history));
      await store.withSession((session) =>
        session.exec(`
          INSERT INTO member (member_id, roll_no, name, email, sex, year, hostel, mac_address, discord_id, group_id)
          VALUES (7, 'R7', 'Seven', 'seven@club.example', 'F', 2, 'North', 'aa:bb:cc:dd:ee:07', 'd7', 1);
          INSERT INTO attendance (member_id, date, is_present, time_in, time_out)
          SELECT 7, day::date, n % 3 > 0, CASE WHEN n % 3 > 0 THEN '09:15'::time END, CASE WHEN n % 3 > 0 THEN '17:40'::time END
          FROM generate_series('2026-01-01'::date, '2026-03-31'::date, '1 day') WITH ORDINALITY AS days(day, n);`),
      );
      const rows = `SELECT attendance_id, member_id, date::text, is_present, time_in::text, time_out::text
                      FROM attendance ORDER BY attendance_id`;
      const before = await query(store, rows);
      t.equal(before.length, 90);

      t.strictSame(await migrate(store, migrations), [HISTORY_INDEX]);
      t.strictSame(await query(store, rows), before, 'every row as it was');
      const [index] = await query<{ definition: string }>(
        store,
        `SELECT pg_get_indexdef('attendance_member_id_date_key'::regclass) AS definition`,
      );
      t.match(
        index!.definition,
        /UNIQUE INDEX .* \(member_id, date\) INCLUDE \(attendance_id, is_present, time_in, time_out\)/,
      );
      await t.rejects(
        query(store, `INSERT INTO attendance (member_id, date) VALUES (7, '2026-01-01')`),
        { code: '23505', constraint: 'attendance_member_id_date_key' },
        'still one row per member and day',
      );
      // A table this small is read whole unless the planner is told not to.
      const plan = await store.withSession(async (session) => {
        await session.exec('VACUUM (ANALYZE) attendance');
        await session.exec('SET enable_seqscan = off');
        return session.query<{ 'QUERY PLAN': string }>(
          'EXPLAIN SELECT attendance_id, date, is_present, time_in, time_out FROM attendance WHERE member_id = 7 ORDER BY date',
        );
      });
      t.match(plan.map((line) => line['QUERY PLAN']).join('\n'), /Index Only Scan using attendance_member_id_date_key/);
    });

    void t.test('a migration changed after it was applied stops the run', async (t) => {
      const store = await freshStore(t, kind);
      await migrate(store, migrations);
      await query(store, `UPDATE "_prisma_migrations" SET checksum = repeat('0', 64) WHERE migration_name = $1`, [
        INIT,
      ]);
      t.strictSame(await migrationErrorOf(migrate(store, migrations)), {
        name: 'MigrationError',
        message: `Migration ${INIT} was changed after it was applied`,
      });
      const edited = migrations.map((m) => ({ ...m, sql: `${m.sql}\n-- edited`, checksum: 'f'.repeat(64) }));
      await query(store, `UPDATE "_prisma_migrations" SET checksum = $1 WHERE migration_name = $2`, [
        migrations[0]!.checksum,
        INIT,
      ]);
      t.strictSame(
        await migrationErrorOf(migrate(store, edited)),
        { name: 'MigrationError', message: `Migration ${INIT} was changed after it was applied` },
        'the same when the file is the one that changed',
      );
      t.strictSame(await migrate(store, migrations), [], 'the original file is accepted again');
    });

    void t.test('an unfinished (failed) ledger row stops the run until an operator resolves it', async (t) => {
      const store = await freshStore(t, kind);
      await migrate(store, migrations);
      const failed = '20261201000000_half_applied';
      await query(
        store,
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, logs, started_at, applied_steps_count)
         VALUES ($1, $2, $3, 'syntax error', now(), 0)`,
        [randomUUID(), 'a'.repeat(64), failed],
      );
      const dir = await migrationsWith(t, { [failed]: 'CREATE TABLE "should_not_exist" ("id" INTEGER);\n' });
      t.strictSame(await migrationErrorOf(migrate(store, await readMigrations(dir))), {
        name: 'MigrationError',
        message: `Migration ${failed} failed earlier and needs an operator (prisma migrate resolve)`,
      });
      t.equal(await tableExists(store, 'should_not_exist'), false, 'nothing applied');

      // `prisma migrate resolve --rolled-back` marks it rolled back: then it is applied again.
      await query(store, `UPDATE "_prisma_migrations" SET rolled_back_at = now() WHERE migration_name = $1`, [failed]);
      t.strictSame(await migrate(store, await readMigrations(dir)), [failed]);
      t.equal(await tableExists(store, 'should_not_exist'), true);
    });

    void t.test('a migration with bad SQL rolls back entirely and leaves no ledger row', async (t) => {
      const store = await freshStore(t, kind);
      const broken = '20261201000000_broken';
      const dir = await migrationsWith(t, {
        [broken]: [
          'CREATE TABLE "half_done" ("id" INTEGER);',
          'ALTER TABLE "member" ADD COLUMN "nickname" TEXT;',
          'INSERT INTO "no_such_table" VALUES (1);',
          '',
        ].join('\n'),
      });
      const withBroken = await readMigrations(dir);

      t.strictSame(await migrationErrorOf(migrate(store, withBroken)), {
        name: 'MigrationError',
        message: `Migration ${broken} failed: relation "no_such_table" does not exist`,
      });
      t.strictSame(
        await query(store, 'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name'),
        ALL.map((name) => ({ migration_name: name })),
        'the migrations before it stay applied; no row for the broken one',
      );
      t.equal(await tableExists(store, 'half_done'), false, 'its first statement is undone');
      t.strictSame(
        await query(
          store,
          `SELECT column_name FROM information_schema.columns WHERE table_name = 'member' AND column_name = 'nickname'`,
        ),
        [],
        'and its second',
      );

      t.strictSame(
        await migrationErrorOf(migrate(store, withBroken)),
        { name: 'MigrationError', message: `Migration ${broken} failed: relation "no_such_table" does not exist` },
        'the next start tries it again, with the same outcome',
      );
      t.strictSame(await migrate(store, migrations), [], 'the session is usable and the history is clean');
    });
  });
}

void t.test('postgresql: replicas starting together apply each migration once', async (t) => {
  const location = { databaseUrl: await createTestDatabase(t), dataDir: 'memory://' };
  const first = await openAt(t, location);
  const second = await openAt(t, location);
  const migrations = await readMigrations();
  const results = await Promise.all([migrate(first, migrations), migrate(second, migrations)]);
  t.strictSame(
    results.map((applied) => applied.join()).sort(),
    ['', ALL.join()],
    'one applies the migrations, the other finds them applied',
  );
  t.strictSame(
    await query(first, 'SELECT migration_name FROM "_prisma_migrations" ORDER BY migration_name'),
    ALL.map((name) => ({ migration_name: name })),
  );
});

void t.test('postgresql: the migration lock is released after a refused run', async (t) => {
  const location = { databaseUrl: await createTestDatabase(t), dataDir: 'memory://' };
  const first = await openAt(t, location);
  const migrations = await readMigrations();
  await migrate(first, migrations);
  const edited = migrations.map((m) => ({ ...m, checksum: 'f'.repeat(64) }));
  t.strictSame(await migrationErrorOf(migrate(first, edited)), {
    name: 'MigrationError',
    message: `Migration ${INIT} was changed after it was applied`,
  });
  // Another connection would wait forever on a lock left behind.
  const second = await openAt(t, location);
  t.strictSame(await migrate(second, migrations), []);
  const [locks] = await query<{ count: number }>(
    second,
    `SELECT count(*)::int AS count FROM pg_locks WHERE locktype = 'advisory' AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`,
  );
  t.strictSame(locks, { count: 0 }, 'no advisory lock held by any session');
});

void t.test('postgresql: `prisma migrate status` agrees with our ledger', async (t) => {
  const databaseUrl = await createTestDatabase(t);
  const store = await openAt(t, { databaseUrl, dataDir: 'memory://' });
  t.strictSame(await migrate(store, await readMigrations()), ALL);

  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: databaseUrl };
  delete env.NODE_OPTIONS; // the CLI needs none of tap's loaders
  const result = await run('npx', ['prisma', 'migrate', 'status'], { cwd: repoRoot, env });
  t.equal(result.code, 0, 'exit code 0', { stdout: result.stdout, stderr: result.stderr });
  t.match(result.stdout, `${ALL.length} migrations found in prisma/migrations`);
  t.match(result.stdout, /Database schema is up to date!/);
});

function run(
  command: string,
  args: string[],
  options: { cwd: string; env: NodeJS.ProcessEnv },
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
