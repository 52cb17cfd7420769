// A scanner's mark text runs as one prepared document with variables
// (src/graphql/scanner-marks.ts): which texts qualify, that every member's
// mark shares the document, and that the answers (data, errors, their
// locations) are those of the same text taken the usual way, on both stores.
import Fastify from 'fastify';
import t from 'tap';
import { preparedMark, prepareScannerMark } from '../../src/graphql/scanner-marks.js';
import { buildTestApp } from '../helpers/build-app.js';
import { clubInstant } from '../helpers/club-clock.js';
import { storeKinds } from '../helpers/databases.js';
import { createMember, sign } from '../helpers/factories.js';
import { manualClock } from '../helpers/manual-clock.js';

const HEX = 'ab'.repeat(32);
const FIELDS = 'attendanceId memberId date isPresent timeIn timeOut';
const mark = (memberId: string | number, date: string, signature = HEX, selection = FIELDS) =>
  `mutation { markAttendance(input: {memberId: ${memberId}, date: "${date}", hmacSignature: "${signature}"}) { ${selection} } }`;

void t.test("the firmware's texts share one document; their values become variables", async (t) => {
  const first = preparedMark(mark(7, '2026-11-30'));
  const second = preparedMark(mark(1234, '2026-12-01', 'CD'.repeat(32)));
  t.ok(first && second);
  t.equal(first!.document, second!.document, 'one document for every member, date and signature');
  t.strictSame(second!.variables, { memberId: 1234, date: '2026-12-01', hmacSignature: 'CD'.repeat(32) });
  const otherSelection = preparedMark(mark(7, '2026-11-30', HEX, 'memberId, __typename'));
  t.not(otherSelection!.document, first!.document, 'a selection of its own');
  const multiline = `\n  mutation {\n    markAttendance(input: {memberId: 7 date: "2026-11-30" hmacSignature: "${HEX}"}) {\n ${FIELDS}\n  }\n}\n`;
  t.ok(preparedMark(multiline), 'GraphQL white space and commas anywhere between tokens');
});

void t.test('texts that could fail validation, or mean more, take the usual way', async (t) => {
  const refused: Record<string, string> = {
    'not a calendar date': mark(7, '2026-02-30'),
    'a leading zero (a syntax error)': mark('07', '2026-11-30'),
    'beyond a GraphQL Int': mark(2_147_483_648, '2026-11-30'),
    'a negative id': mark(-7, '2026-11-30'),
    'a signature that is not hex': mark(7, '2026-11-30', 'not-hex'),
    'an escape in the signature': mark(7, '2026-11-30', 'ab\\u0041'),
    'an empty signature': mark(7, '2026-11-30', ''),
    'an unknown field': mark(7, '2026-11-30', HEX, 'memberId bogus'),
    'a nested selection': mark(7, '2026-11-30', HEX, 'member { name }'),
    'a field with arguments': mark(7, '2026-11-30', HEX, 'memberId(x: 1)'),
    'an empty selection': mark(7, '2026-11-30', HEX, ''),
    'a comment after it': `${mark(7, '2026-11-30')} # note`,
    'a second operation': `${mark(7, '2026-11-30')} query { members { memberId } }`,
    'an operation name': mark(7, '2026-11-30').replace('mutation {', 'mutation Mark {'),
    'white space GraphQL does not allow': mark(7, '2026-11-30').replace('mutation {', 'mutation\u00a0{'),
    'fields in another order': `mutation { markAttendance(input: {date: "2026-11-30", memberId: 7, hmacSignature: "${HEX}"}) { memberId } }`,
  };
  for (const [reason, text] of Object.entries(refused)) t.equal(preparedMark(text), undefined, reason);
});

void t.test('the route hook hands Mercurius the document only for a plain POSTed mark', async (t) => {
  const app = Fastify();
  app.post('/', { preHandler: prepareScannerMark }, async (request) => {
    const { query, variables } = request.body as { query: unknown; variables?: unknown };
    return { prepared: typeof query !== 'string', variables: variables ?? null };
  });
  t.teardown(() => app.close());
  const post = async (payload: Record<string, unknown>) =>
    (await app.inject({ method: 'POST', url: '/', payload })).json<{ prepared: boolean; variables: unknown }>();
  const text = mark(7, '2026-11-30');
  t.strictSame(await post({ query: text }), {
    prepared: true,
    variables: { memberId: 7, date: '2026-11-30', hmacSignature: HEX },
  });
  t.strictSame((await post({ query: text, variables: {} })).prepared, true, 'empty variables are no variables');
  t.strictSame(await post({ query: text, variables: { memberId: 8 } }), {
    prepared: false,
    variables: { memberId: 8 },
  });
  t.strictSame((await post({ query: text, operationName: 'Mark' })).prepared, false);
  t.strictSame((await post({ query: text, extensions: {} })).prepared, false);
});

for (const kind of storeKinds) {
  void t.test(`a prepared mark answers as the same text taken the usual way (${kind})`, async (t) => {
    const clock = manualClock();
    const { app, config } = await buildTestApp(t, kind, {}, { clock: clock.clock });
    const member = await createMember(app);
    const today = clubInstant(config.timeZone, clock.clock()).date;
    const yesterday = clubInstant(config.timeZone, new Date(clock.clock().getTime() - 86_400_000)).date;
    const longAgo = '2020-01-01';
    const future = '2099-01-01';
    const texts = [
      mark(member, today, sign(member, today)),
      mark(member, yesterday, sign(member, yesterday).toUpperCase(), '__typename, memberId date timeOut'),
      mark(99_999, today, sign(99_999, today)),
      `\n  mutation {\n    markAttendance(input: {memberId: 99999, date: "${today}", hmacSignature: "${sign(99_999, today)}"}) { memberId } }`,
      mark(member, today, HEX),
      mark(member, future, sign(member, future)),
      mark(member, longAgo, sign(member, longAgo)),
    ];
    for (const text of texts) {
      t.ok(preparedMark(text), 'the text qualifies');
      const answers = [];
      // The same text with a comment after it (which the prepared path does not take), then as sent.
      for (const query of [`${text} # the usual way`, text]) {
        const response = await app.inject({ method: 'POST', url: '/', payload: { query } });
        answers.push({ status: response.statusCode, body: response.json<unknown>() });
      }
      t.strictSame(answers[1], answers[0], text.trim().slice(0, 90));
    }
  });
}
