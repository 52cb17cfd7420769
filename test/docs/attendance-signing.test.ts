// docs/attendance-signing.md is what scanner firmware is written against: its
// test vectors must be what the server computes, and what it says the server
// does with past, future, badly signed and uppercase marks must hold (on
// PostgreSQL: it starts faster than PGlite, and the rules are the same).
import { readFile } from 'node:fs/promises';
import t from 'tap';
import { addDays, clubDateAt } from '../../src/calendar/club-date.js';
import { signAttendance, verifyAttendanceSignature } from '../../src/attendance/attendance-signature.js';
import { TEST_SECRET, buildTestApp } from '../helpers/build-app.js';
import { createMember, sign } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';

const guide = await readFile(new URL('../../docs/attendance-signing.md', import.meta.url), 'utf8');

/** Rows of the vector table: | `secret` | memberId | date | `message` | `signature` | (padded by Prettier). */
const row = /^\| `([^`]+)` +\| (\d+) +\| (\d{4}-\d{2}-\d{2}) +\| `(\d+-\d{2}-\d{2})` +\| `([0-9a-f]{64})` +\|$/gm;
const vectors = [...guide.matchAll(row)].map(([, secret, memberId, date, message, signature]) => ({
  secret: secret!,
  memberId: Number(memberId),
  date: date!,
  message: message!,
  signature: signature!,
}));

void t.test('the test vectors are what the server computes', async (t) => {
  t.ok(vectors.length >= 4, `found ${vectors.length} vectors`);
  for (const vector of vectors) {
    t.equal(vector.message, `${vector.memberId}${vector.date}`, `message of ${vector.memberId} ${vector.date}`);
    t.equal(signAttendance(vector.secret, vector.memberId, vector.date), vector.signature, vector.message);
    const upper = vector.signature.toUpperCase();
    t.ok(verifyAttendanceSignature(vector.secret, vector.memberId, vector.date, upper), 'uppercase hex accepted');
  }
});

/** A mark the way scanners send it: values written inline. */
const mark = (memberId: number, date: string, signature: string) =>
  `mutation { markAttendance(input: { memberId: ${memberId}, date: "${date}", hmacSignature: "${signature}" }) {
    memberId date isPresent timeIn timeOut } }`;

void t.test('what the guide says the server does with a mark', async (t) => {
  const { app, config } = await buildTestApp(t, 'postgresql');
  const memberId = await createMember(app);
  const today = clubDateAt(new Date(), config.timeZone);
  const yesterday = addDays(today, -1);
  const tomorrow = addDays(today, 1);
  const post = (date: string, signature: string) => postGraphQL(app, mark(memberId, date, signature));

  const bad = await post(yesterday, sign(memberId, yesterday, 'another secret'));
  t.equal(bad.statusCode, 200);
  t.equal(bad.body.errors?.[0]?.extensions?.code, 'INVALID_SIGNATURE');
  const rows = await postGraphQL(app, `{ attendance(memberId: ${memberId}) { date } }`);
  t.same(rows.body, { data: { attendance: [] } }, 'a bad signature writes nothing');

  const past = await post(yesterday, sign(memberId, yesterday, TEST_SECRET).toUpperCase());
  t.same(past.body, {
    data: {
      markAttendance: {
        memberId,
        date: yesterday,
        isPresent: true,
        timeIn: '23:59:59.999999',
        timeOut: '23:59:59.999999',
      },
    },
  });

  const future = await post(tomorrow, sign(memberId, tomorrow));
  t.equal(future.body.errors?.[0]?.extensions?.code, 'FUTURE_DATE');
  t.equal(future.body.data, null);
});
