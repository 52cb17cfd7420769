// Failed API key checks are limited per client address: past
// KEY_FAILURES_PER_MINUTE, requests carrying a key from that address are
// answered 429 without being checked; keyless requests and other addresses
// are not affected.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { systemClock } from '../../src/calendar/clock.js';
import { createApiKey } from '../../src/keys/api-keys.js';
import { buildTestApp } from '../helpers/build-app.js';
import { storeKinds } from '../helpers/databases.js';

function post(app: FastifyInstance, remoteAddress: string, authorization?: string) {
  return app.inject({
    method: 'POST',
    url: '/',
    remoteAddress,
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    payload: { query: '{ projects { projectId } }' },
  });
}

for (const kind of storeKinds) {
  t.test(kind, async (t) => {
    const { app, logs } = await buildTestApp(t, kind, { KEY_FAILURES_PER_MINUTE: '3' });
    const { key } = await createApiKey(
      { prisma: app.prisma, clock: systemClock, timeZone: app.config.timeZone },
      { name: 'reader', bundle: 'reader' },
    );
    const wrong = `Bearer root_${'Z'.repeat(43)}`;
    const unauthenticated = {
      data: null,
      errors: [{ message: 'The API key is not valid', extensions: { code: 'UNAUTHENTICATED' } }],
    };

    for (let attempt = 1; attempt <= 3; attempt += 1) {
      const response = await post(app, '10.0.0.1', wrong);
      t.same([response.statusCode, response.json()], [200, unauthenticated], `failure ${attempt} is answered`);
    }
    const limited = await post(app, '10.0.0.1', wrong);
    t.equal(limited.statusCode, 429, 'the fourth failure in the minute is refused');
    t.match(limited.json(), {
      statusCode: 429,
      code: 'TOO_MANY_KEY_FAILURES',
      message: /^Too many failed API key checks from this address; try again in \d+ s$/,
    });
    t.equal((await post(app, '10.0.0.1', `Bearer ${key}`)).statusCode, 429, 'even a good key waits out the minute');

    const keyless = await post(app, '10.0.0.1');
    t.same([keyless.statusCode, keyless.json()], [200, { data: { projects: [] } }], 'keyless requests are not limited');
    const elsewhere = await post(app, '10.0.0.2', `Bearer ${key}`);
    t.same([elsewhere.statusCode, elsewhere.json()], [200, { data: { projects: [] } }], 'other addresses are not');

    const logged = JSON.stringify(logs);
    t.notOk(logged.includes(key.slice(5)), 'no key in the logs');
    t.notOk(logged.includes('Z'.repeat(43)), 'not even a wrong one');
    t.equal(logs.filter((line) => line.msg === 'API key check failed').length, 4);
  });
}
