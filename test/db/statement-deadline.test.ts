// The statement timeout on PostgreSQL: a statement running longer than
// ROOT_DB_STATEMENT_TIMEOUT_MS is cancelled by the server and answered as
// DATABASE_UNAVAILABLE; work that declares itself long (the daily task)
// widens the bound for its own transaction only. PGlite has no timeouts.
import t from 'tap';
import { openDatabase } from '../../src/db/database.js';
import { withStatementTimeout } from '../../src/db/statement-deadline.js';
import { DomainError } from '../../src/errors/domain-error.js';
import { createTestDatabase } from '../helpers/databases.js';

void t.test('postgresql: the statement timeout cancels, a wider scope allows', async (t) => {
  const database = await openDatabase({
    databaseUrl: await createTestDatabase(t),
    dataDir: 'memory://',
    timeZone: 'UTC',
    statementTimeoutMs: 300,
    connectTimeoutMs: 2_000,
  });
  t.teardown(() => database.close());
  const { prisma } = database;

  const refused = await prisma.$queryRaw`SELECT pg_sleep(1)::text`.catch((error: unknown) => error);
  t.ok(refused instanceof DomainError, 'a domain error');
  t.match(refused, { code: 'DATABASE_UNAVAILABLE', http: { statusCode: 503, retryAfterSeconds: 5 } });
  t.match((refused as Error).cause, { meta: { driverAdapterError: { cause: { originalCode: '57014' } } } });

  const slow = await withStatementTimeout(3_000, () =>
    prisma.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT set_config('statement_timeout', '3000', true)`;
      return tx.$queryRaw<{ slept: string }[]>`SELECT pg_sleep(1.5)::text AS slept`;
    }),
  );
  t.strictSame(
    slow,
    [{ slept: '' }],
    'a statement longer than the default statement timeout and client deadline (1.3 s) runs to its end in the wider scope',
  );
  t.strictSame(
    await prisma.$queryRaw`SELECT current_setting('statement_timeout') AS timeout`,
    [{ timeout: '300ms' }],
    'the pool keeps its own timeout afterwards',
  );
});

void t.test('pglite: no timeouts (no network, one connection in the process)', async (t) => {
  const database = await openDatabase({
    databaseUrl: undefined,
    dataDir: 'memory://',
    timeZone: 'UTC',
    statementTimeoutMs: 100,
  });
  t.teardown(() => database.close());
  t.strictSame(await database.prisma.$queryRaw`SELECT pg_sleep(0.3)::text AS slept`, [{ slept: '' }]);
  t.strictSame(database.store.poolStats(), { total: 1, idle: 1, waiting: 0 });
});
