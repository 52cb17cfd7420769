// markAttendance as scanners rely on it (row created when missing, timeIn once, timeOut
// moving, club-time microseconds, past dates stamped at their last instant,
// future dates refused, signatures checked before any SQL) and the two
// attendance queries. "Today" is judged in ROOT_TIMEZONE, so apps in zones
// 26 hours apart disagree on it in a way a test can rely on.
import t, { type Test } from 'tap';
import type { FastifyInstance } from 'fastify';
import { TEST_SECRET, buildTestApp } from '../helpers/build-app.js';
import { addDays, clubToday, sixDigitTime, withinClubClock } from '../helpers/club-clock.js';
import { storeKinds } from '../helpers/databases.js';
import { createMember, sign } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';
import { insertAttendance, insertMember, uniqueGroupId } from '../helpers/rows.js';
import { recordStatements } from '../helpers/sql-recorder.js';

const KOLKATA = 'Asia/Kolkata';
const KIRITIMATI = 'Pacific/Kiritimati'; // UTC+14
const BAKER_ISLAND = 'Etc/GMT+12'; // UTC-12: always one or two calendar days behind Kiritimati
const ROW = 'attendanceId memberId date isPresent timeIn timeOut';
const LAST_INSTANT = '23:59:59.999999';

function markQuery(memberId: number, date: string, signature: string): string {
  return `mutation { markAttendance(input: {memberId: ${memberId}, date: "${date}", hmacSignature: "${signature}"}) { ${ROW} } }`;
}

interface MarkedRow {
  attendanceId: number;
  memberId: number;
  date: string;
  isPresent: boolean;
  timeIn: string;
  timeOut: string;
}

function mark(app: FastifyInstance, memberId: number, date: string, signature = sign(memberId, date)) {
  return postGraphQL<{ markAttendance: MarkedRow }>(app, markQuery(memberId, date, signature));
}

const marked = (row: Record<string, unknown>) => ({ statusCode: 200, body: { data: { markAttendance: row } } });

/** The whole response of a markAttendance refused while executing. */
function refusedInResolver(message: string, extensions: Record<string, unknown>) {
  return {
    statusCode: 200,
    body: {
      data: null,
      errors: [{ message, locations: [{ line: 1, column: 12 }], path: ['markAttendance'], extensions }],
    },
  };
}

function invalidSignature(memberId: number, date: string) {
  return {
    statusCode: 200,
    body: {
      data: null,
      errors: [
        {
          message: `Invalid HMAC signature for member ${memberId} on ${date}`,
          extensions: { code: 'INVALID_SIGNATURE', memberId, date },
        },
      ],
    },
  };
}

function attendanceRows(app: FastifyInstance, memberId: number) {
  return app.prisma.attendance.findMany({ where: { memberId }, orderBy: { id: 'asc' } });
}

/** Marks today in `zone` and checks the response against the club clock around the request. */
async function markNow(t: Test, app: FastifyInstance, zone: string, memberId: number) {
  const clock = await withinClubClock(zone, async () => {
    const today = clubToday(zone);
    return { today, response: await mark(app, memberId, today) };
  });
  const { today, response } = clock.result;
  t.equal(response.statusCode, 200);
  t.same(response.body.errors, undefined);
  const row = response.body.data!.markAttendance;
  t.ok(clock.contains(today, row.timeOut), `timeOut ${row.timeOut} is ${zone} time between the readings`);
  return { today, row, clock };
}

for (const kind of storeKinds) {
  void t.test(kind, async (t) => {
    const { app } = await buildTestApp(t, kind);

    void t.test("the day's first mark creates the row (the earlier server failed here)", async (t) => {
      const memberId = await createMember(app);
      const { today, row, clock } = await markNow(t, app, KOLKATA, memberId);
      const [stored, ...more] = await attendanceRows(app, memberId);
      t.same(more, []);
      t.same(row, {
        attendanceId: stored!.id,
        memberId,
        date: today,
        isPresent: true,
        timeIn: row.timeOut,
        timeOut: row.timeOut,
      });
      t.ok(clock.contains(today, row.timeIn), `timeIn ${row.timeIn} is club time between the readings`);
      t.match(stored, { isPresent: true, date: new Date(`${today}T00:00:00Z`) });
    });

    void t.test('repeat marks keep timeIn, move timeOut, and keep microseconds', async (t) => {
      const memberId = await createMember(app);
      const first = await markNow(t, app, KOLKATA, memberId);
      const stamps = [first.row.timeIn];
      let previous = first.row;
      for (let i = 0; i < 5; i += 1) {
        const { row } = await markNow(t, app, KOLKATA, memberId);
        t.same(row, { ...first.row, timeOut: row.timeOut }, 'same row, same timeIn');
        t.ok(row.timeOut >= previous.timeOut, `timeOut ${row.timeOut} does not go back from ${previous.timeOut}`);
        stamps.push(row.timeOut);
        previous = row;
      }
      t.equal((await attendanceRows(app, memberId)).length, 1, 'still one row');
      t.ok(
        stamps.some((stamp) => /\.\d{6}$/.test(stamp)),
        `a stamp shows microseconds (${stamps.join(', ')}); all six landing on whole milliseconds has odds of 1e-18`,
      );
      const [stored] = await app.prisma.$queryRaw<{ time_in: string; time_out: string }[]>`
        SELECT time_in::text AS time_in, time_out::text AS time_out FROM attendance WHERE member_id = ${memberId}`;
      t.same(
        { timeIn: sixDigitTime(stored!.time_in), timeOut: sixDigitTime(stored!.time_out) },
        { timeIn: sixDigitTime(first.row.timeIn), timeOut: sixDigitTime(previous.timeOut) },
        'the stored times are the ones answered',
      );
    });

    void t.test('concurrent first marks from several scanners make one row with one timeIn', async (t) => {
      const memberId = await createMember(app);
      const today = clubToday(KOLKATA);
      const responses = await Promise.all(Array.from({ length: 10 }, () => mark(app, memberId, today)));
      const rows = await attendanceRows(app, memberId);
      t.equal(rows.length, 1, 'one row');
      const timeIns = new Set<string>();
      for (const response of responses) {
        t.equal(response.statusCode, 200);
        t.same(response.body.errors, undefined);
        const row = response.body.data!.markAttendance;
        t.same(row, { ...row, attendanceId: rows[0]!.id, memberId, date: today, isPresent: true });
        timeIns.add(row.timeIn);
      }
      t.equal(timeIns.size, 1, 'every answer has the same timeIn');
      t.equal(rows[0]!.timeIn === null ? null : sixDigitTime(rows[0]!.timeIn), sixDigitTime([...timeIns][0]!));
    });

    void t.test('an absent row left by the daily task becomes present', async (t) => {
      const memberId = await createMember(app);
      const today = clubToday(KOLKATA);
      const id = await insertAttendance(app, { memberId, date: today });
      const { row } = await markNow(t, app, KOLKATA, memberId);
      t.same(row, {
        attendanceId: id,
        memberId,
        date: today,
        isPresent: true,
        timeIn: row.timeIn,
        timeOut: row.timeIn,
      });
      t.equal((await attendanceRows(app, memberId)).length, 1);
    });

    void t.test("a past date is accepted and stamped at that day's last instant", async (t) => {
      const memberId = await createMember(app);
      const today = clubToday(KOLKATA);
      const yesterday = addDays(today, -1);
      const created = await mark(app, memberId, yesterday);
      const [row] = await attendanceRows(app, memberId);
      t.same(
        created,
        marked({
          attendanceId: row!.id,
          memberId,
          date: yesterday,
          isPresent: true,
          timeIn: LAST_INSTANT,
          timeOut: LAST_INSTANT,
        }),
      );
      t.same(await mark(app, memberId, yesterday), created, 'marking it again changes nothing');

      const other = await createMember(app);
      const seen = await insertAttendance(app, {
        memberId: other,
        date: yesterday,
        timeIn: '18:00:00',
        timeOut: '18:30:00.5',
      });
      t.same(
        await mark(app, other, yesterday),
        marked({
          attendanceId: seen,
          memberId: other,
          date: yesterday,
          isPresent: true,
          timeIn: '18:00:00',
          timeOut: '18:30:00.500',
        }),
        'a past-day mark (a replay, or a scanner still signing the day it booted) never moves timeOut',
      );
    });

    void t.test('a date more than ROOT_MARK_MAX_PAST_DAYS (1) back is STALE_DATE and writes nothing', async (t) => {
      const memberId = await createMember(app);
      const today = clubToday(KOLKATA);
      for (const date of [addDays(today, -2), addDays(today, -31)]) {
        const id = await insertAttendance(app, { memberId, date, timeIn: '18:00:00', timeOut: '18:30:00.5' });
        t.same(
          await mark(app, memberId, date),
          refusedInResolver(`Attendance for ${date} can no longer be marked: marks are accepted up to 1 day(s) back`, {
            date,
            maxPastDays: 1,
            code: 'STALE_DATE',
          }),
        );
        const row = await app.prisma.attendance.findUnique({ where: { id }, select: { timeOut: true } });
        t.same(row, { timeOut: '18:30:00.5' }, 'the row is unchanged');
      }
    });

    void t.test('a future date is refused with FUTURE_DATE and writes nothing', async (t) => {
      const memberId = await createMember(app);
      const today = clubToday(KOLKATA);
      for (const date of [addDays(today, 2), addDays(today, 400), '2999-12-31']) {
        t.same(
          await mark(app, memberId, date),
          refusedInResolver('Attendance cannot be marked for a future date', { code: 'FUTURE_DATE' }),
          date,
        );
      }
      t.same(await attendanceRows(app, memberId), []);

      const dayAfterTomorrow = addDays(today, 2);
      await insertAttendance(app, { memberId, date: dayAfterTomorrow });
      const before = await attendanceRows(app, memberId);
      t.same(
        await mark(app, memberId, dayAfterTomorrow),
        refusedInResolver('Attendance cannot be marked for a future date', { code: 'FUTURE_DATE' }),
      );
      t.same(await attendanceRows(app, memberId), before, 'an absent future row stays absent');
    });

    void t.test('an unknown member is refused with MEMBER_NOT_FOUND and writes nothing', async (t) => {
      const today = clubToday(KOLKATA);
      const before = await app.prisma.attendance.count();
      t.same(
        await mark(app, 999_999, today),
        refusedInResolver('No member has id 999999', { code: 'MEMBER_NOT_FOUND', memberId: 999_999 }),
      );
      t.same(
        await mark(app, 999_998, addDays(today, -1)),
        refusedInResolver('No member has id 999998', { code: 'MEMBER_NOT_FOUND', memberId: 999_998 }),
      );
      t.equal(await app.prisma.attendance.count(), before);
    });

    void t.test('the signature may be upper-case hex', async (t) => {
      const memberId = await createMember(app);
      const yesterday = addDays(clubToday(KOLKATA), -1);
      const response = await mark(app, memberId, yesterday, sign(memberId, yesterday).toUpperCase());
      const [row] = await attendanceRows(app, memberId);
      t.same(
        response,
        marked({
          attendanceId: row!.id,
          memberId,
          date: yesterday,
          isPresent: true,
          timeIn: LAST_INSTANT,
          timeOut: LAST_INSTANT,
        }),
      );
    });

    void t.test('a bad signature is refused with INVALID_SIGNATURE before any SQL statement', async (t) => {
      const memberId = await createMember(app);
      const other = await createMember(app);
      const today = clubToday(KOLKATA);
      const good = sign(memberId, today);
      const cases: [what: string, signature: string][] = [
        ['non-hex characters', 'z'.repeat(64)],
        ['hex with a stray character', `${good.slice(0, 63)}g`],
        ['one digit short', good.slice(0, 63)],
        ['one digit long', `${good}0`],
        ['twice as long', good + good],
        ['empty', ''],
        ['surrounded by spaces', ` ${good} `],
        ['another secret', sign(memberId, today, `${TEST_SECRET}-other`)],
        ['another member', sign(other, today)],
        ['another date', sign(memberId, addDays(today, -1))],
        ['id and date swapped', sign(Number(today.replaceAll('-', '')), String(memberId))],
        ['one bit off', good.slice(0, -1) + (good.endsWith('0') ? '1' : '0')],
      ];
      for (const [what, signature] of cases) {
        const { result, statements } = await recordStatements(app, () => mark(app, memberId, today, signature));
        t.same(result, invalidSignature(memberId, today), what);
        t.same(statements, [], `${what}: no SQL statement`);
      }
      t.same(await attendanceRows(app, memberId), []);
    });

    void t.test('one bad mark among good ones refuses the whole request without any SQL', async (t) => {
      const first = await createMember(app);
      const second = await createMember(app);
      const today = clubToday(KOLKATA);
      const good = (memberId: number) =>
        `markAttendance(input: {memberId: ${memberId}, date: "${today}", hmacSignature: "${sign(memberId, today)}"}) { attendanceId }`;
      const bad = (memberId: number) =>
        `markAttendance(input: {memberId: ${memberId}, date: "${today}", hmacSignature: "${sign(memberId, today, 'wrong')}"}) { attendanceId }`;
      const documents = [
        `mutation { a0: ${good(first)} a1: ${bad(second)} }`,
        `mutation { a0: ${bad(second)} a1: ${good(first)} }`,
        `mutation { a0: ${good(first)} ...Marks } fragment Marks on Mutation { a1: ${bad(second)} }`,
        `mutation { a0: ${good(first)} ... on Mutation { a1: ${bad(second)} } }`,
        `mutation { a0: ${good(first)} ... @include(if: true) { a1: ${bad(second)} } }`,
      ];
      for (const document of documents) {
        const { result, statements } = await recordStatements(app, () => postGraphQL(app, document));
        t.same(result, invalidSignature(second, today), document);
        t.same(statements, [], 'no SQL statement');
      }
      t.same(await attendanceRows(app, first), []);
      t.same(await attendanceRows(app, second), []);

      const { result } = await recordStatements(app, () =>
        postGraphQL(app, `mutation { a0: ${good(first)} a1: ${good(second)} }`),
      );
      const ids = [(await attendanceRows(app, first))[0]?.id, (await attendanceRows(app, second))[0]?.id];
      t.same(result, {
        statusCode: 200,
        body: { data: { a0: { attendanceId: ids[0] }, a1: { attendanceId: ids[1] } } },
      });
    });

    void t.test('the variables form is checked the same way', async (t) => {
      const memberId = await createMember(app);
      const yesterday = addDays(clubToday(KOLKATA), -1);
      const whole = `mutation Mark($input: MarkAttendanceInput!) { markAttendance(input: $input) { ${ROW} } }`;
      const split = `mutation Mark($id: Int!, $date: NaiveDate!, $signature: String!) {
  markAttendance(input: {memberId: $id, date: $date, hmacSignature: $signature}) { ${ROW} }
}`;
      const wholeVariables = (hmacSignature: string) => ({ input: { memberId, date: yesterday, hmacSignature } });
      const splitVariables = (signature: string) => ({ id: memberId, date: yesterday, signature });

      for (const [document, variables] of [
        [whole, wholeVariables],
        [split, splitVariables],
      ] as const) {
        const refused = await recordStatements(app, () =>
          postGraphQL(app, document, { operationName: 'Mark', variables: variables(sign(memberId, yesterday, 'x')) }),
        );
        t.same(refused, { result: invalidSignature(memberId, yesterday), statements: [] });
        t.same(await attendanceRows(app, memberId), []);
      }

      const missing = await recordStatements(app, () => postGraphQL(app, whole, { operationName: 'Mark' }));
      t.same(missing, {
        result: {
          statusCode: 200,
          body: {
            data: null,
            errors: [
              {
                message: 'Variable "$input" of required type "MarkAttendanceInput!" was not provided.',
                locations: [{ line: 1, column: 15 }],
                extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
              },
            ],
          },
        },
        statements: [],
      });

      const accepted = await postGraphQL(app, whole, {
        operationName: 'Mark',
        variables: wholeVariables(sign(memberId, yesterday)),
      });
      const [row] = await attendanceRows(app, memberId);
      const expected = marked({
        attendanceId: row!.id,
        memberId,
        date: yesterday,
        isPresent: true,
        timeIn: LAST_INSTANT,
        timeOut: LAST_INSTANT,
      });
      t.same(accepted, expected);
      t.same(
        await postGraphQL(app, split, { operationName: 'Mark', variables: splitVariables(sign(memberId, yesterday)) }),
        expected,
      );
    });

    void t.test('an operation not executed is not checked; the one executed is', async (t) => {
      const memberId = await createMember(app);
      const today = clubToday(KOLKATA);
      const document = `
query Streak { streak(memberId: ${memberId}) { currentStreak } }
mutation Mark { markAttendance(input: {memberId: ${memberId}, date: "${today}", hmacSignature: "bad"}) { attendanceId } }`;
      t.same(await postGraphQL(app, document, { operationName: 'Streak' }), {
        statusCode: 200,
        body: { data: { streak: { currentStreak: 0 } } },
      });
      const { result, statements } = await recordStatements(app, () =>
        postGraphQL(app, document, { operationName: 'Mark' }),
      );
      t.same(result, invalidSignature(memberId, today));
      t.same(statements, []);
    });

    void t.test('attendance(memberId) and attendanceByDate(date) list present and absent rows', async (t) => {
      const groupId = uniqueGroupId();
      const ada = await insertMember(app, 940_001, { name: 'Ada', year: 1, groupId });
      const bob = await insertMember(app, 940_002, { name: 'Bob', year: 3, groupId });
      const day = addDays(clubToday(KOLKATA), -10);
      const bobAbsent = await insertAttendance(app, { memberId: bob.memberId, date: day });
      // Older than a mark may be: as a mark of that day left it.
      const adaRow = await insertAttendance(app, {
        memberId: ada.memberId,
        date: day,
        timeIn: LAST_INSTANT,
        timeOut: LAST_INSTANT,
      });
      const adaEarlier = await insertAttendance(app, {
        memberId: ada.memberId,
        date: addDays(day, -1),
        timeIn: '08:00:00.5',
        timeOut: '16:00:00',
      });

      t.same(await postGraphQL(app, `{ attendance(memberId: ${ada.memberId}) { ${ROW} } }`), {
        statusCode: 200,
        body: {
          data: {
            attendance: [
              {
                attendanceId: adaEarlier,
                memberId: ada.memberId,
                date: addDays(day, -1),
                isPresent: true,
                timeIn: '08:00:00.500',
                timeOut: '16:00:00',
              },
              {
                attendanceId: adaRow,
                memberId: ada.memberId,
                date: day,
                isPresent: true,
                timeIn: LAST_INSTANT,
                timeOut: LAST_INSTANT,
              },
            ],
          },
        },
      });
      t.same(await postGraphQL(app, `{ attendanceByDate(date: "${day}") { ${ROW} name year groupId } }`), {
        statusCode: 200,
        body: {
          data: {
            attendanceByDate: [
              {
                attendanceId: bobAbsent,
                memberId: bob.memberId,
                date: day,
                isPresent: false,
                timeIn: null,
                timeOut: null,
                name: 'Bob',
                year: 3,
                groupId,
              },
              {
                attendanceId: adaRow,
                memberId: ada.memberId,
                date: day,
                isPresent: true,
                timeIn: LAST_INSTANT,
                timeOut: LAST_INSTANT,
                name: 'Ada',
                year: 1,
                groupId,
              },
            ],
          },
        },
      });
      t.same(await postGraphQL(app, '{ attendanceByDate(date: "1999-01-01") { attendanceId } }'), {
        statusCode: 200,
        body: { data: { attendanceByDate: [] } },
      });
    });

    void t.test(`ROOT_TIMEZONE=${KIRITIMATI}: today is Kiritimati's`, async (t) => {
      // Baker Island's today is two days back here between 10:00 and 12:00 UTC.
      const { app } = await buildTestApp(t, kind, { ROOT_TIMEZONE: KIRITIMATI, ROOT_MARK_MAX_PAST_DAYS: '2' });
      const memberId = await createMember(app);
      const { today, row } = await markNow(t, app, KIRITIMATI, memberId);
      t.equal(today, clubToday(KIRITIMATI));
      t.same(row, {
        attendanceId: row.attendanceId,
        memberId,
        date: today,
        isPresent: true,
        timeIn: row.timeOut,
        timeOut: row.timeOut,
      });
      // Baker Island's today is always one or two days back here.
      const bakerToday = clubToday(BAKER_ISLAND);
      const past = await mark(app, memberId, bakerToday);
      t.same(past.body.data?.markAttendance, {
        attendanceId: past.body.data?.markAttendance?.attendanceId,
        memberId,
        date: bakerToday,
        isPresent: true,
        timeIn: LAST_INSTANT,
        timeOut: LAST_INSTANT,
      });
    });

    void t.test(`ROOT_TIMEZONE=${BAKER_ISLAND}: Kiritimati's today is still the future`, async (t) => {
      const { app } = await buildTestApp(t, kind, { ROOT_TIMEZONE: BAKER_ISLAND });
      const memberId = await createMember(app);
      t.same(
        await mark(app, memberId, clubToday(KIRITIMATI)),
        refusedInResolver('Attendance cannot be marked for a future date', { code: 'FUTURE_DATE' }),
      );
      t.same(await attendanceRows(app, memberId), []);
      const { today, row } = await markNow(t, app, BAKER_ISLAND, memberId);
      t.same(row, {
        attendanceId: (await attendanceRows(app, memberId))[0]!.id,
        memberId,
        date: today,
        isPresent: true,
        timeIn: row.timeOut,
        timeOut: row.timeOut,
      });
    });
  });
}
