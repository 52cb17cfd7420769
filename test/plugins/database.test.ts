// The database plugin on PostgreSQL: a pooled connection the server kills
// while it is idle is logged (not swallowed, not a crash) and replaced.
import pg from 'pg';
import t from 'tap';
import { buildTestApp } from '../helpers/build-app.js';
import { adminUrl } from '../helpers/databases.js';

void t.test('an idle pooled connection that fails is logged and replaced', async (t) => {
  const { app, logs } = await buildTestApp(t, 'postgresql');
  await app.prisma.$queryRaw`SELECT 1`;
  const database = new URL(app.config.databaseUrl!).pathname.slice(1);
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  t.teardown(() => admin.end());
  await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [database]);

  for (
    let waited = 0;
    waited < 5_000 && !logs.some((line) => line.msg?.toString().includes('idle database'));
    waited += 50
  ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const line = logs.find((entry) => String(entry.msg).includes('idle database connection failed'));
  t.match(line, { level: 40, err: { code: '57P01' } }, 'logged at warn with the reason');
  t.same(await app.prisma.$queryRaw`SELECT 1 AS one`, [{ one: 1 }], 'the next query gets a new connection');
});
