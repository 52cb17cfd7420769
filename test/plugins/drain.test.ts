// The drain plugin and the probes on the app itself: liveness answers with no
// database check; once draining, readiness and new requests answer 503 while
// liveness still answers 200, and whenIdle() counts the requests in flight.
import t from 'tap';
import { buildTestApp } from '../helpers/build-app.js';
import { postGraphQL } from '../helpers/graphql.js';

void t.test('liveness answers without the database', async (t) => {
  const { app } = await buildTestApp(t, 'pglite');
  await app.store.close();
  const live = await app.inject({ method: 'GET', url: '/health/live' });
  t.strictSame({ statusCode: live.statusCode, body: live.json() }, { statusCode: 200, body: { status: 'ok' } });
  t.equal((await app.inject({ method: 'GET', url: '/health' })).statusCode, 503, 'readiness does check it');
});

void t.test('draining: readiness and new requests 503, liveness 200, in-flight counted', async (t) => {
  const { app } = await buildTestApp(t, 'pglite');
  t.strictSame((await postGraphQL(app, '{ members { memberId } }')).body, { data: { members: [] } });
  t.equal(app.drain.inFlight, 0, 'answered requests are not in flight');
  t.equal(await app.drain.whenIdle(1_000), true, 'idle at once');
  t.equal(app.drain.draining, false);

  app.drain.start();
  t.equal(app.drain.draining, true);
  const ready = await app.inject({ method: 'GET', url: '/health' });
  t.strictSame(
    { statusCode: ready.statusCode, body: ready.json() },
    { statusCode: 503, body: { status: 'unavailable', reason: 'shutting down' } },
  );
  const live = await app.inject({ method: 'GET', url: '/health/live?probe=1' });
  t.equal(live.statusCode, 200);
  const refused = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: { query: '{ members { memberId } }' },
  });
  t.strictSame(
    {
      statusCode: refused.statusCode,
      retryAfter: refused.headers['retry-after'],
      connection: refused.headers.connection,
      body: refused.json(),
    },
    {
      statusCode: 503,
      retryAfter: '5',
      connection: 'close',
      body: {
        data: null,
        errors: [
          {
            message: 'The server is shutting down; retry later',
            extensions: { reason: 'shutting down', code: 'SERVICE_UNAVAILABLE' },
          },
        ],
      },
    },
  );
  t.equal(live.headers.connection, 'close', 'every answer while draining closes its connection');
  t.equal(app.drain.inFlight, 0);
});
