// CORS: ALLOWED_ORIGINS lists the browser origins that may call
// the API, with methods GET, POST and OPTIONS; other origins get no grant,
// and without the setting no CORS header is sent at all.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helpers/build-app.js';
import { storeKinds } from '../helpers/databases.js';

const ALLOWED = ['https://app.example.org', 'https://bot.example.org'];

function preflight(app: FastifyInstance, url: string, origin: string) {
  return app.inject({
    method: 'OPTIONS',
    url,
    headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
}

function post(app: FastifyInstance, url: string, origin: string) {
  return app.inject({
    method: 'POST',
    url,
    headers: { origin, 'content-type': 'application/json' },
    payload: { query: '{ streaks { memberId } }' },
  });
}

/** The response's CORS headers only. */
function corsHeaders(headers: Record<string, unknown>) {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith('access-control-')));
}

for (const kind of storeKinds) {
  void t.test(kind, async (t) => {
    void t.test(`ALLOWED_ORIGINS=${ALLOWED.join(',')}`, async (t) => {
      const { app } = await buildTestApp(t, kind, { ALLOWED_ORIGINS: ALLOWED.join(',') });

      for (const origin of ALLOWED) {
        for (const url of ['/', '/graphql']) {
          const response = await preflight(app, url, origin);
          t.equal(response.statusCode, 204, `preflight ${url} from ${origin}`);
          t.equal(response.body, '');
          t.same(corsHeaders(response.headers), {
            'access-control-allow-origin': origin,
            'access-control-allow-methods': 'GET, POST, OPTIONS',
            'access-control-allow-headers': 'content-type',
            'access-control-max-age': '600',
          });
          t.match(response.headers.vary, /\bOrigin\b/);

          const answer = await post(app, url, origin);
          t.equal(answer.statusCode, 200);
          t.same(answer.json(), { data: { streaks: [] } });
          t.same(corsHeaders(answer.headers), { 'access-control-allow-origin': origin });
          t.match(answer.headers.vary, /\bOrigin\b/);
        }
      }

      for (const origin of [
        'https://evil.example.org',
        'https://app.example.org.evil.example',
        'http://app.example.org',
      ]) {
        const response = await preflight(app, '/', origin);
        t.equal(response.headers['access-control-allow-origin'], undefined, `no grant for ${origin}`);
        const answer = await post(app, '/', origin);
        t.equal(answer.headers['access-control-allow-origin'], undefined, `no grant for ${origin}`);
      }
    });

    void t.test('without ALLOWED_ORIGINS no CORS header is sent', async (t) => {
      const { app } = await buildTestApp(t, kind);
      for (const url of ['/', '/graphql']) {
        const response = await preflight(app, url, ALLOWED[0]!);
        t.same(corsHeaders(response.headers), {}, `preflight ${url}`);
        t.not(response.statusCode, 204, 'no preflight answer');
        const answer = await post(app, url, ALLOWED[0]!);
        t.equal(answer.statusCode, 200, 'same-origin and server-side clients are unaffected');
        t.same(corsHeaders(answer.headers), {});
      }
    });
  });
}
