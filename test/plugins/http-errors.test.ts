// The transport-error matrix: every client mistake on the GraphQL endpoint
// gets its honest HTTP status and code, in the GraphQL error shape, and
// none is logged as an internal error (nor with a stack at all). NUL bytes
// in string arguments are refused before they reach either store.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helpers/build-app.js';
import { storeKinds } from '../helpers/databases.js';
import { memberInput } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';

const EXPECTED = 'send a JSON object {"query": "<GraphQL document>"} with optional "operationName" and "variables"';

function refusal(code: string, message: string, extensions: Record<string, unknown> = {}) {
  return { data: null, errors: [{ message, extensions: { ...extensions, code } }] };
}

async function send(app: FastifyInstance, payload: string | Buffer, contentType = 'application/json') {
  const response = await app.inject({ method: 'POST', url: '/', headers: { 'content-type': contentType }, payload });
  return { statusCode: response.statusCode, body: response.json<unknown>() };
}

type LogLine = Record<string, unknown>;
const errorLines = (logs: LogLine[]) => logs.filter((line) => (line.level as number) >= 50 || line.err !== undefined);

for (const env of ['development', 'production'] as const) {
  void t.test(`transport errors (ROOT_ENV=${env})`, async (t) => {
    const { app, logs } = await buildTestApp(t, 'postgresql', { ROOT_ENV: env });
    const cases: [string, () => Promise<{ statusCode: number; body: unknown }>, number, unknown][] = [
      [
        'malformed JSON',
        () => send(app, '{"query": "{ streaks { memberId } }"'),
        400,
        refusal('BAD_REQUEST', `The request body is not valid JSON: ${EXPECTED}`),
      ],
      [
        'an empty JSON body',
        () => send(app, ''),
        400,
        refusal('BAD_REQUEST', `The request body is empty: ${EXPECTED}`),
      ],
      [
        'a body over 1 MiB',
        () => send(app, JSON.stringify({ query: `{ streaks { memberId } } #${'x'.repeat(1_048_576)}` })),
        413,
        refusal('PAYLOAD_TOO_LARGE', 'The request body is larger than 1048576 bytes', { limitBytes: 1_048_576 }),
      ],
      [
        '{"query": 42}',
        () => send(app, '{"query": 42}'),
        400,
        refusal('BAD_REQUEST', '"query" must be a string holding the GraphQL document, not a number'),
      ],
      [
        'a body without a query',
        () => send(app, '{"foo": 1}'),
        400,
        refusal('BAD_REQUEST', `The request body has no "query": ${EXPECTED}`),
      ],
      [
        'a JSON array',
        () => send(app, '[{"query": "{ streaks { memberId } }"}]'),
        400,
        refusal('BAD_REQUEST', `The request body is not a JSON object: ${EXPECTED}`),
      ],
      [
        'variables that are not an object',
        () => send(app, '{"query": "{ streaks { memberId } }", "variables": [1]}'),
        400,
        refusal('BAD_REQUEST', '"variables" must be a JSON object (or null), not an array'),
      ],
      [
        'an operationName that is not a string',
        () => send(app, '{"query": "{ streaks { memberId } }", "operationName": 7}'),
        400,
        refusal('BAD_REQUEST', '"operationName" must be a string (or null), not a number'),
      ],
      [
        'a GET without a query',
        async () => {
          const headers = { 'mercurius-require-preflight': 'true' }; // past CSRF prevention
          const response = await app.inject({ method: 'GET', url: '/graphql', headers });
          return { statusCode: response.statusCode, body: response.json<unknown>() };
        },
        400,
        refusal('BAD_REQUEST', 'A GET request needs a non-empty "query" parameter holding the GraphQL document'),
      ],
      [
        'a 6000-deep selection set (within the token limit: the parser overflows)',
        () => send(app, JSON.stringify({ query: `{ streaks ${'{ a '.repeat(6_000)}${'}'.repeat(6_000)} }` })),
        200,
        'Syntax Error: the document is nested too deeply',
      ],
      [
        'a 100k-deep selection set',
        () => send(app, JSON.stringify({ query: `{ streaks ${'{ a '.repeat(100_000)}${'}'.repeat(100_000)} }` })),
        200,
        'Syntax Error: the document is nested too deeply',
      ],
      [
        'a flat document over the token limit',
        () => send(app, JSON.stringify({ query: `{ streaks { ${'memberId '.repeat(25_000)}} }` })),
        200,
        'Syntax Error: Document contains more that 20000 tokens. Parsing aborted.',
      ],
    ];
    // Development has no CSRF prevention: a content type we do not read is 415.
    if (env === 'development') {
      cases.push(
        [
          'text/plain',
          () => send(app, '{"query": "{ streaks { memberId } }"}', 'text/plain'),
          415,
          refusal('UNSUPPORTED_MEDIA_TYPE', 'Unsupported content type "text/plain": send application/json'),
        ],
        [
          'a form',
          () => send(app, 'query=1', 'application/x-www-form-urlencoded'),
          415,
          refusal(
            'UNSUPPORTED_MEDIA_TYPE',
            'Unsupported content type "application/x-www-form-urlencoded": send application/json',
          ),
        ],
      );
    }
    for (const [what, request, statusCode, body] of cases) {
      const before = logs.length;
      const response = await request();
      if (typeof body === 'string') {
        // The parser's own refusal (a syntax error carries its location).
        t.equal(response.statusCode, statusCode, what);
        const errors = (response.body as { errors: { message: string; extensions: { code: string } }[] }).errors;
        t.same(
          errors.map((error) => [error.message, error.extensions.code]),
          [[body, 'GRAPHQL_PARSE_FAILED']],
          `${what}: GRAPHQL_PARSE_FAILED`,
        );
      } else {
        t.same(response, { statusCode, body }, what);
      }
      t.same(errorLines(logs.slice(before)), [], `${what}: nothing logged as an error`);
    }
  });
}

for (const kind of storeKinds) {
  void t.test(`a NUL byte in a string argument is BAD_USER_INPUT naming it (${kind})`, async (t) => {
    const { app, logs } = await buildTestApp(t, kind);
    const input = memberInput({ name: 'Ada\u0000Lovelace' });
    const mutation = 'mutation ($input: CreateMemberInput!) { createMember(input: $input) { memberId } }';
    t.same(await postGraphQL(app, mutation, { variables: { input } }), {
      statusCode: 200,
      body: {
        data: null,
        errors: [
          {
            message: 'input.name contains a NUL character (\\u0000), which cannot be stored',
            extensions: { field: 'input.name', code: 'BAD_USER_INPUT' },
          },
        ],
      },
    });
    const inline = await postGraphQL(
      app,
      'mutation { setProject(input: {memberId: 1, title: "a\\u0000b"}) { title } }',
    );
    t.same(inline.body.errors, [
      {
        message: 'input.title contains a NUL character (\\u0000), which cannot be stored',
        extensions: { field: 'input.title', code: 'BAD_USER_INPUT' },
      },
    ]);
    t.equal(await app.prisma.member.count(), 0, 'nothing was written');
    t.same(errorLines(logs), []);
  });
}
