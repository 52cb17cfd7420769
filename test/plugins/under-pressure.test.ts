// Load shedding: past the heap or event-loop-delay threshold, requests are
// answered 503 SERVICE_UNAVAILABLE with Retry-After; liveness still answers.
import t, { type Test } from 'tap';
import { buildTestApp } from '../helpers/build-app.js';
import { postGraphQL } from '../helpers/graphql.js';

const overloaded = {
  statusCode: 503,
  retryAfter: '2',
  body: {
    data: null,
    errors: [
      {
        message: 'The server is overloaded; retry later',
        extensions: { reason: 'overloaded', code: 'SERVICE_UNAVAILABLE' },
      },
    ],
  },
};

async function expectShed(t: Test, app: Awaited<ReturnType<typeof buildTestApp>>['app']) {
  const response = await app.inject({
    method: 'POST',
    url: '/',
    headers: { 'content-type': 'application/json' },
    payload: { query: '{ members { memberId } }' },
  });
  t.strictSame(
    { statusCode: response.statusCode, retryAfter: response.headers['retry-after'], body: response.json() },
    overloaded,
  );
  const live = await app.inject({ method: 'GET', url: '/health/live' });
  t.equal(live.statusCode, 200, 'liveness is never shed');
}

void t.test('under the thresholds nothing is shed', async (t) => {
  const { app } = await buildTestApp(t, 'pglite');
  await new Promise((resolve) => setTimeout(resolve, 300));
  t.strictSame((await postGraphQL(app, '{ members { memberId } }')).body, { data: { members: [] } });
});

void t.test('past the heap threshold: 503 with Retry-After', async (t) => {
  const { app } = await buildTestApp(t, 'pglite', { ROOT_MAX_HEAP_USED_BYTES: '1' });
  await new Promise((resolve) => setTimeout(resolve, 300)); // one sample
  await expectShed(t, app);
});

function blockEventLoop(ms: number) {
  const until = performance.now() + ms;
  while (performance.now() < until);
}

void t.test('postgresql, past the event-loop delay threshold: 503 with Retry-After', async (t) => {
  const { app } = await buildTestApp(t, 'postgresql', { ROOT_MAX_EVENT_LOOP_DELAY_MS: '20' });
  blockEventLoop(400);
  await new Promise((resolve) => setTimeout(resolve, 50)); // the sampler sees it
  await expectShed(t, app);
});

void t.test('pglite: event-loop delay is the store at work, never shed', async (t) => {
  const { app } = await buildTestApp(t, 'pglite', { ROOT_MAX_EVENT_LOOP_DELAY_MS: '20' });
  blockEventLoop(400);
  await new Promise((resolve) => setTimeout(resolve, 50));
  t.strictSame((await postGraphQL(app, '{ members { memberId } }')).body, { data: { members: [] } });
});
