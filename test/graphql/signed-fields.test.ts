// The signature check finds signed fields through the signedMark() marker in
// the schema code, not by name, and reads only what Mercurius hands it and the
// context: shown with a test schema holding a second signed field, and with
// the context shape a WebSocket connection builds (no reply, no operation name).
import Fastify from 'fastify';
import {
  GraphQLInputObjectType,
  GraphQLInt,
  GraphQLNonNull,
  GraphQLObjectType,
  GraphQLSchema,
  GraphQLString,
} from 'graphql';
import mercurius from 'mercurius';
import t, { type Test } from 'tap';
import { signAttendance } from '../../src/attendance/attendance-signature.js';
import { systemClock } from '../../src/calendar/clock.js';
import { DomainError } from '../../src/errors/domain-error.js';
import { buildContext } from '../../src/graphql/context.js';
import { createErrorFormatter } from '../../src/graphql/error-formatter.js';
import { signedFieldsHook, signedMark } from '../../src/graphql/signed-fields.js';
import { TEST_SECRET, buildTestApp } from '../helpers/build-app.js';
import { clubToday } from '../helpers/club-clock.js';
import { storeKinds } from '../helpers/databases.js';
import { createMember } from '../helpers/factories.js';

const SECRET = 'a-secret-for-the-test-schema';

function testSchema(calls: string[]): GraphQLSchema {
  const markInput = (name: string) =>
    new GraphQLInputObjectType({
      name,
      fields: {
        memberId: { type: new GraphQLNonNull(GraphQLInt) },
        date: { type: new GraphQLNonNull(GraphQLString) },
        hmacSignature: { type: new GraphQLNonNull(GraphQLString) },
      },
    });
  const recorded = (field: string) => (_: unknown, args: Record<string, { memberId: number }>) => {
    calls.push(`${field}:${Object.values(args)[0]!.memberId}`);
    return true;
  };
  return new GraphQLSchema({
    query: new GraphQLObjectType({ name: 'Query', fields: { ok: { type: GraphQLInt, resolve: () => 1 } } }),
    mutation: new GraphQLObjectType({
      name: 'Mutation',
      fields: {
        markAttendance: {
          type: GraphQLInt,
          args: { input: { type: new GraphQLNonNull(markInput('MarkInput')) } },
          extensions: signedMark('input'),
          resolve: recorded('markAttendance'),
        },
        // A second signed field under another name and argument: checked because of its marker.
        recordDoorEntry: {
          type: GraphQLInt,
          args: { entry: { type: new GraphQLNonNull(markInput('EntryInput')) } },
          extensions: signedMark('entry'),
          resolve: recorded('recordDoorEntry'),
        },
        // Same shape, no marker: not a signed field.
        echo: {
          type: GraphQLInt,
          args: { input: { type: new GraphQLNonNull(markInput('EchoInput')) } },
          resolve: recorded('echo'),
        },
      },
    }),
  });
}

async function testServer(t: Test) {
  const calls: string[] = [];
  const app = Fastify();
  await app.register(mercurius, {
    schema: testSchema(calls),
    context: () => ({ operationName: undefined }),
    errorFormatter: createErrorFormatter({ production: true, log: app.log }),
  });
  app.graphql.addHook('preExecution', signedFieldsHook(SECRET));
  t.teardown(() => app.close());
  const post = async (query: string) =>
    (await app.inject({ method: 'POST', url: '/graphql', payload: { query } })).json<{
      errors?: { extensions: object }[];
    }>();
  return { calls, post };
}

const good = (id: number) => signAttendance(SECRET, id, '2026-04-01');
const args = (id: number, signature: string) =>
  `{ memberId: ${id}, date: "2026-04-01", hmacSignature: "${signature}" }`;

void t.test('a second field with the marker is checked; a field without it is not', async (t) => {
  const { calls, post } = await testServer(t);
  const refused = await post(`mutation { recordDoorEntry(entry: ${args(3, good(4))}) }`);
  t.strictSame(refused.errors?.[0]?.extensions, { memberId: 3, date: '2026-04-01', code: 'INVALID_SIGNATURE' });
  t.strictSame(calls, [], 'no resolver ran');

  t.strictSame(await post(`mutation { recordDoorEntry(entry: ${args(3, good(3))}) }`), {
    data: { recordDoorEntry: 1 },
  });
  t.strictSame(await post(`mutation { echo(input: ${args(3, 'not-a-signature')}) }`), { data: { echo: 1 } });
  t.strictSame(calls, ['recordDoorEntry:3', 'echo:3']);
});

void t.test('one bad signature among several signed fields refuses them all', async (t) => {
  const { calls, post } = await testServer(t);
  const response = await post(
    `mutation { a: markAttendance(input: ${args(1, good(1))}) b: recordDoorEntry(entry: ${args(2, good(9))}) }`,
  );
  t.equal(response.errors?.length, 1);
  t.strictSame(calls, []);
});

for (const kind of storeKinds) {
  void t.test(`a mark through the WebSocket context shape is checked, not crashed (${kind})`, async (t) => {
    const { app, config } = await buildTestApp(t, kind);
    const memberId = await createMember(app);
    const deps = { prisma: app.prisma, clock: systemClock, timeZone: config.timeZone };
    // What a subscription connection hands Mercurius: our context, no reply, no operation name.
    const socketContext = () => ({ ...buildContext({ deps }), app });
    // Today in club time: a mark may not be dated more than a day back.
    const date = clubToday(config.timeZone);
    const mark = (signature: string) =>
      `mutation Scan { markAttendance(input: { memberId: ${memberId}, date: "${date}", hmacSignature: "${signature}" }) { isPresent } }`;

    const refused = await app.graphql(mark('0'.repeat(64)), socketContext()).then(
      () => 'executed',
      (error: unknown) => error,
    );
    t.ok(refused instanceof DomainError, 'refused with a domain error');
    t.match(refused, { code: 'INVALID_SIGNATURE', extensions: { memberId, date } });
    t.equal(await app.prisma.attendance.count(), 0, 'nothing written');

    // Two operations and no name to pick one: every operation is checked.
    const twoOperations = `${mark(signAttendance(TEST_SECRET, memberId, date))} mutation Other { markAttendance(input: { memberId: ${memberId}, date: "${date}", hmacSignature: "${'f'.repeat(64)}" }) { isPresent } }`;
    t.match(await app.graphql(twoOperations, socketContext()).catch((error: unknown) => error), {
      code: 'INVALID_SIGNATURE',
    });

    const accepted = await app.graphql(mark(signAttendance(TEST_SECRET, memberId, date)), socketContext());
    t.same(accepted, { data: { markAttendance: { isPresent: true } } });
    t.equal(await app.prisma.attendance.count(), 1);
  });
}
