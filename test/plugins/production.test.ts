// Production hardening: no GraphiQL, internal errors
// masked on the wire and logged in full with the request id, CSRF
// prevention, and logs that never carry the HMAC secret or a signature.
// Development keeps GraphiQL and shows internal messages, still coded.
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { TEST_SECRET, buildTestApp } from '../helpers/build-app.js';
import { addDays, clubToday } from '../helpers/club-clock.js';
import { storeKinds } from '../helpers/databases.js';
import { createMember, sign } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';

const CSRF_REFUSED = {
  data: null,
  errors: [
    {
      message: 'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF).',
      extensions: { code: 'MER_ERR_GQL_CSRF_PREVENTION' },
    },
  ],
};

type LogLine = Record<string, unknown>;

function post(app: FastifyInstance, contentType: string, query: string, headers: Record<string, string> = {}) {
  return app.inject({
    method: 'POST',
    url: '/',
    headers: { 'content-type': contentType, ...headers },
    payload: JSON.stringify({ query }),
  });
}

/** Makes the projects query fail inside Prisma: its column is gone. */
async function breakProjects(app: FastifyInstance): Promise<void> {
  await app.prisma.$executeRawUnsafe('ALTER TABLE project DROP COLUMN title');
}

/** The one error-level line logged for request `reqId`. */
function errorLogged(t: Test, logs: LogLine[], reqId: string): { message: string; stack: string } {
  const lines = logs.filter((line) => line.reqId === reqId && line.level === 50);
  t.equal(lines.length, 1, 'one error line for the request');
  t.equal(lines[0]?.msg, 'internal error in GraphQL request');
  return lines[0]?.err as { message: string; stack: string };
}

for (const kind of storeKinds) {
  void t.test(`${kind}, ROOT_ENV=production`, async (t) => {
    // Production's own default (legacy) refuses keyless member writes; these
    // tests create members as fixtures, and access control has its own tests.
    const { app, logs, config } = await buildTestApp(t, kind, {
      ROOT_ENV: 'production',
      LOG_LEVEL: 'trace',
      ROOT_ANONYMOUS_ACCESS: 'open',
    });
    t.equal(config.env, 'production');
    t.equal(config.hmacSecret, TEST_SECRET);

    void t.test('GraphiQL is not served', async (t) => {
      const response = await app.inject({ method: 'GET', url: '/graphiql' });
      t.same(
        { statusCode: response.statusCode, body: response.json() },
        { statusCode: 404, body: { message: 'Route GET:/graphiql not found', error: 'Not Found', statusCode: 404 } },
      );
    });

    void t.test('CSRF prevention: a simple (text/plain) POST is refused, JSON is accepted', async (t) => {
      const query = '{ streaks { memberId } }';
      const refused = await post(app, 'text/plain', query);
      t.same({ statusCode: refused.statusCode, body: refused.json() }, { statusCode: 400, body: CSRF_REFUSED });
      const form = await post(app, 'application/x-www-form-urlencoded', query);
      t.same({ statusCode: form.statusCode, body: form.json() }, { statusCode: 400, body: CSRF_REFUSED });
      for (const contentType of ['application/json', 'application/json; charset=utf-8']) {
        const accepted = await post(app, contentType, query);
        t.same(
          { statusCode: accepted.statusCode, body: accepted.json() },
          { statusCode: 200, body: { data: { streaks: [] } } },
          contentType,
        );
      }
      const memberId = await createMember(app);
      const mutation = `mutation { incrementStreak(input: {memberId: ${memberId}}) { currentStreak } }`;
      const forged = await post(app, 'text/plain', mutation);
      t.same({ statusCode: forged.statusCode, body: forged.json() }, { statusCode: 400, body: CSRF_REFUSED });
      t.equal(await app.prisma.statusUpdateStreak.count({ where: { memberId } }), 0, 'the forged mutation did not run');
    });

    void t.test('GET queries need a preflight-forcing header in production', async (t) => {
      const url = `/graphql?${new URLSearchParams({ query: '{ streaks { memberId } }' }).toString()}`;
      const plain = await app.inject({ method: 'GET', url });
      t.same({ statusCode: plain.statusCode, body: plain.json() }, { statusCode: 400, body: CSRF_REFUSED });
      const flagged = await app.inject({ method: 'GET', url, headers: { 'x-mercurius-operation-name': 'Streaks' } });
      t.same(
        { statusCode: flagged.statusCode, body: flagged.json() },
        { statusCode: 200, body: { data: { streaks: [] } } },
      );
    });

    void t.test('logs carry request ids and never the secret or a signature', async (t) => {
      const memberId = await createMember(app);
      const today = clubToday('Asia/Kolkata');
      const good = sign(memberId, today);
      const bad = sign(memberId, today, 'not-the-secret');
      const yesterday = addDays(today, -1);
      const goodYesterday = sign(memberId, yesterday);
      const mark = (date: string, signature: string, requestId: string) =>
        postGraphQL(
          app,
          `mutation { markAttendance(input: {memberId: ${memberId}, date: "${date}", hmacSignature: "${signature}"}) { isPresent } }`,
          { headers: { 'x-request-id': requestId } },
        );

      t.same(await mark(today, good, 'scanner-good'), {
        statusCode: 200,
        body: { data: { markAttendance: { isPresent: true } } },
      });
      t.same((await mark(today, bad, 'scanner-bad')).body.errors?.[0]?.extensions?.code, 'INVALID_SIGNATURE');
      const variables = await postGraphQL(
        app,
        'mutation ($input: MarkAttendanceInput!) { markAttendance(input: $input) { isPresent } }',
        { variables: { input: { memberId, date: yesterday, hmacSignature: goodYesterday } } },
      );
      t.same(variables.body, { data: { markAttendance: { isPresent: true } } });
      // A mutation in a URL is refused, and the URL must not leak into the logs either.
      await app.inject({
        method: 'GET',
        url: `/?${new URLSearchParams({ query: `mutation { markAttendance(input: {memberId: ${memberId}, date: "${today}", hmacSignature: "${bad.toUpperCase()}"}) { isPresent } }` }).toString()}`,
      });

      for (const requestId of ['scanner-good', 'scanner-bad']) {
        t.same(
          logs.filter((line) => line.reqId === requestId).map((line) => line.msg),
          ['incoming request', 'request completed'],
          `${requestId}: the request and its response are logged with the client's request id`,
        );
      }
      const requestLines = logs.filter((line) => line.req !== undefined || line.res !== undefined);
      t.ok(requestLines.length > 0);
      t.same(
        requestLines.filter((line) => typeof line.reqId !== 'string' || line.reqId === ''),
        [],
        'every request line has a request id',
      );

      const serialized = JSON.stringify(logs);
      for (const [what, secret] of [
        ['the HMAC secret', TEST_SECRET],
        ['a good signature', good],
        ['a good signature (upper case)', good.toUpperCase()],
        ['a bad signature', bad],
        ['a bad signature (upper case)', bad.toUpperCase()],
        ['a signature sent as a variable', goodYesterday],
      ]) {
        t.notOk(serialized.includes(secret!), `logs do not contain ${what}`);
      }
    });

    void t.test('an internal error is masked on the wire and logged in full', async (t) => {
      await breakProjects(app);
      const response = await postGraphQL(app, '{ projects { projectId title } }', {
        headers: { 'x-request-id': 'internal-1' },
      });
      t.same(response, {
        statusCode: 200,
        body: {
          data: null,
          errors: [
            {
              message: 'Internal server error',
              locations: [{ line: 1, column: 3 }],
              path: ['projects'],
              extensions: { code: 'INTERNAL_SERVER_ERROR' },
            },
          ],
        },
      });
      const body = JSON.stringify(response.body);
      for (const leak of [/title/, /does not exist/, /select/i, /prisma/i, /\.ts\b/, /\bat /]) {
        t.notMatch(body, leak, `no ${String(leak)} in the body`);
      }
      const err = errorLogged(t, logs, 'internal-1');
      t.match(err.message, /column .*title.* does not exist/, 'the original error is logged');
      t.type(err.stack, 'string', 'with its stack');
    });

    void t.test('an internal error while marking logs no signature', async (t) => {
      const memberId = await createMember(app);
      await app.prisma.$executeRawUnsafe('DROP TABLE attendance');
      const today = clubToday('Asia/Kolkata');
      const signature = sign(memberId, today);
      const response = await postGraphQL(
        app,
        `mutation { markAttendance(input: {memberId: ${memberId}, date: "${today}", hmacSignature: "${signature}"}) { isPresent } }`,
        { headers: { 'x-request-id': 'internal-2' } },
      );
      t.same(response, {
        statusCode: 200,
        body: {
          data: null,
          errors: [
            {
              message: 'Internal server error',
              locations: [{ line: 1, column: 12 }],
              path: ['markAttendance'],
              extensions: { code: 'INTERNAL_SERVER_ERROR' },
            },
          ],
        },
      });
      const err = errorLogged(t, logs, 'internal-2');
      t.match(JSON.stringify(err), /relation \\"attendance\\" does not exist/, 'the original error is logged');
      t.notOk(JSON.stringify(logs).includes(signature), 'the signature is not logged');
    });
  });

  void t.test(`${kind}, ROOT_ENV=development`, async (t) => {
    const { app, logs, config } = await buildTestApp(t, kind, { ROOT_ENV: 'development' });
    t.equal(config.env, 'development');

    void t.test('GraphiQL is served', async (t) => {
      const response = await app.inject({ method: 'GET', url: '/graphiql' });
      t.equal(response.statusCode, 200);
      t.equal(response.headers['content-type'], 'text/html; charset=utf-8');
      t.match(response.body, /graphiql/i);
    });

    void t.test('GET queries need no extra header', async (t) => {
      const response = await app.inject({
        method: 'GET',
        url: `/graphql?${new URLSearchParams({ query: '{ streaks { memberId } }' }).toString()}`,
      });
      t.same(
        { statusCode: response.statusCode, body: response.json() },
        { statusCode: 200, body: { data: { streaks: [] } } },
      );
    });

    void t.test('an internal error keeps its message but is still coded INTERNAL_SERVER_ERROR', async (t) => {
      await breakProjects(app);
      const response = await postGraphQL(app, '{ projects { projectId title } }', {
        headers: { 'x-request-id': 'internal-dev' },
      });
      const err = errorLogged(t, logs, 'internal-dev');
      t.match(err.message, /column .*title.* does not exist/, 'the original error is logged');
      const message = response.body.errors?.[0]?.message ?? '';
      t.match(message, /column .*title.* does not exist/, 'the client sees what went wrong');
      t.same(response, {
        statusCode: 200,
        body: {
          data: null,
          errors: [
            {
              message,
              locations: [{ line: 1, column: 3 }],
              path: ['projects'],
              extensions: { code: 'INTERNAL_SERVER_ERROR' },
            },
          ],
        },
      });
    });
  });
}
