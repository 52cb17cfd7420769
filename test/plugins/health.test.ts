// GET /health for orchestrators: 200 with a small JSON body while
// the database answers; 503 with a reason, and nothing internal, once it is gone.
import t, { type Test } from 'tap';
import pg from 'pg';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helpers/build-app.js';
import { adminUrl, storeKinds } from '../helpers/databases.js';

async function health(app: FastifyInstance) {
  const response = await app.inject({ method: 'GET', url: '/health' });
  return { statusCode: response.statusCode, contentType: response.headers['content-type'], body: response.json() };
}

/** Nothing a client should see of the server's internals. */
function assertNothingInternal(t: Test, body: unknown) {
  const text = JSON.stringify(body);
  for (const leak of [/select/i, /prisma/i, /\bat \S+ \(/, /\.ts\b/, /\.js\b/, /postgres(ql)?:\/\//, /root_test_/]) {
    t.notMatch(text, leak, `no ${String(leak)} in the body`);
  }
}

for (const kind of storeKinds) {
  void t.test(kind, async (t) => {
    void t.test('200 with the store kind while the database answers', async (t) => {
      const { app } = await buildTestApp(t, kind);
      const response = await health(app);
      const { database, uptimeSeconds } = response.body as { database: { latencyMs: number }; uptimeSeconds: number };
      t.same(response, {
        statusCode: 200,
        contentType: 'application/json; charset=utf-8',
        body: { status: 'ok', database: { store: kind, latencyMs: database.latencyMs }, uptimeSeconds },
      });
      t.ok(Number.isInteger(database.latencyMs) && database.latencyMs >= 0, 'latency in whole milliseconds');
      t.ok(Number.isInteger(uptimeSeconds) && uptimeSeconds >= 0, 'uptime in whole seconds');
    });

    void t.test('503 with a reason once the store is closed', async (t) => {
      const { app, logs } = await buildTestApp(t, kind);
      await app.store.close();
      const response = await health(app);
      t.same(response, {
        statusCode: 503,
        contentType: 'application/json; charset=utf-8',
        body: { status: 'unavailable', reason: 'database unreachable' },
      });
      assertNothingInternal(t, response.body);
      const warnings = logs.filter((line) => line.msg === 'health check: database unavailable');
      t.equal(warnings.length, 1, 'the cause is logged for operators');
      t.equal(warnings[0]?.level, 40);
      t.type(warnings[0]?.reqId, 'string', 'with the request id');
      t.type((warnings[0]?.err as { message?: string } | undefined)?.message, 'string', 'with the original error');
    });

    if (kind === 'postgresql') {
      void t.test('503 naming the SQLSTATE once the database is dropped under the server', async (t) => {
        const { app, config } = await buildTestApp(t, kind);
        t.equal((await health(app)).statusCode, 200);
        const name = new URL(config.databaseUrl!).pathname.slice(1);
        const admin = new pg.Client({ connectionString: adminUrl });
        await admin.connect();
        try {
          await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
        } finally {
          await admin.end();
        }
        // The first probe may still meet a pooled connection the drop terminated.
        const first = await health(app);
        t.equal(first.statusCode, 503);
        t.match(first.body.reason, /^database unreachable( \((3D000|57P01)\))?$/);
        const response = await health(app);
        t.same(response, {
          statusCode: 503,
          contentType: 'application/json; charset=utf-8',
          body: { status: 'unavailable', reason: 'database unreachable (3D000)' },
        });
        assertNothingInternal(t, response.body);
      });
    }
  });
}
