// The requests the existing clients send, byte for byte in form: the
// scanners' {"query"} with inline values and aliases, the app's Apollo form
// with __typename everywhere and a NaiveDate! variable, GET for queries, and
// the earlier server's scalar formats and orderings.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helpers/build-app.js';
import { addDays, clubToday, withinClubClock } from '../helpers/club-clock.js';
import { storeKinds } from '../helpers/databases.js';
import { createMember, sign } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';
import { insertAttendance, insertMember, insertProject, insertSummary, uniqueGroupId } from '../helpers/rows.js';

const ZONE = 'Asia/Kolkata';

async function get(app: FastifyInstance, url: string, params: Record<string, string>) {
  const response = await app.inject({ method: 'GET', url: `${url}?${new URLSearchParams(params).toString()}` });
  return { statusCode: response.statusCode, body: response.json() };
}

for (const kind of storeKinds) {
  void t.test(kind, async (t) => {
    const { app } = await buildTestApp(t, kind);

    void t.test('scanners: POST / with only {"query"}, inline values and aliases', async (t) => {
      const first = await createMember(app);
      const second = await createMember(app);
      const today = clubToday(ZONE);
      const query = `mutation {
  a0: markAttendance(input: {memberId: ${first}, date: "${today}", hmacSignature: "${sign(first, today)}"}) { attendanceId memberId date isPresent timeIn timeOut }
  a1: markAttendance(input: {memberId: ${second}, date: "${today}", hmacSignature: "${sign(second, today)}"}) { attendanceId memberId date isPresent timeIn timeOut }
}`;
      const clock = await withinClubClock(ZONE, () =>
        app.inject({ method: 'POST', url: '/', headers: { 'content-type': 'application/json' }, payload: { query } }),
      );
      t.equal(clock.result.statusCode, 200);
      type Marked = { timeIn: string };
      const body = clock.result.json<{ data: { a0: Marked; a1: Marked } }>();
      const ids = await app.prisma.attendance.findMany({
        where: { memberId: { in: [first, second] } },
        select: { id: true, memberId: true },
        orderBy: { memberId: 'asc' },
      });
      t.equal(ids.length, 2);
      const row = (alias: 'a0' | 'a1', memberId: number, attendanceId: number) => ({
        attendanceId,
        memberId,
        date: today,
        isPresent: true,
        timeIn: body.data[alias].timeIn,
        timeOut: body.data[alias].timeIn,
      });
      t.same(body, { data: { a0: row('a0', first, ids[0]!.id), a1: row('a1', second, ids[1]!.id) } });
      t.ok(clock.contains(today, body.data.a0.timeIn), `${body.data.a0.timeIn} is the club time of the request`);
      t.ok(clock.contains(today, body.data.a1.timeIn), `${body.data.a1.timeIn} is the club time of the request`);
    });

    void t.test('app: the Apollo form with operationName, variables and __typename everywhere', async (t) => {
      const groupId = uniqueGroupId();
      const ada = await insertMember(app, 910_001, { name: 'Ada', groupId, year: 3 });
      const bob = await insertMember(app, 910_002, { name: 'Bob', groupId, year: 1 });
      const day = '2024-05-06';
      const present = await insertAttendance(app, {
        memberId: ada.memberId,
        date: day,
        timeIn: '09:05:03',
        timeOut: '17:30:00.5',
      });
      const absent = await insertAttendance(app, { memberId: bob.memberId, date: day });

      const byDate = await postGraphQL(
        app,
        `query AttendanceByDate($date: NaiveDate!) {
  attendanceByDate(date: $date) {
    attendanceId
    memberId
    name
    year
    groupId
    date
    isPresent
    timeIn
    timeOut
    __typename
  }
}`,
        { operationName: 'AttendanceByDate', variables: { date: day } },
      );
      t.same(byDate, {
        statusCode: 200,
        body: {
          data: {
            attendanceByDate: [
              {
                attendanceId: present,
                memberId: ada.memberId,
                name: 'Ada',
                year: 3,
                groupId,
                date: day,
                isPresent: true,
                timeIn: '09:05:03',
                timeOut: '17:30:00.500',
                __typename: 'AttendanceWithMember',
              },
              {
                attendanceId: absent,
                memberId: bob.memberId,
                name: 'Bob',
                year: 1,
                groupId,
                date: day,
                isPresent: false,
                timeIn: null,
                timeOut: null,
                __typename: 'AttendanceWithMember',
              },
            ],
          },
        },
      });

      const streak = await postGraphQL(
        app,
        `mutation IncrementStreak($input: StreakInput!) {
  incrementStreak(input: $input) {
    memberId
    currentStreak
    maxStreak
    __typename
  }
}`,
        { operationName: 'IncrementStreak', variables: { input: { memberId: ada.memberId } } },
      );
      t.same(streak, {
        statusCode: 200,
        body: {
          data: {
            incrementStreak: {
              memberId: ada.memberId,
              currentStreak: 1,
              maxStreak: 1,
              __typename: 'StatusUpdateStreak',
            },
          },
        },
      });

      const members = await postGraphQL(
        app,
        `query Members($year: Int, $groupId: Int) {
  members(year: $year, groupId: $groupId) {
    memberId
    name
    streak { currentStreak maxStreak __typename }
    attendance { date isPresent timeIn timeOut __typename }
    projects { projectId title __typename }
    __typename
  }
}`,
        { operationName: 'Members', variables: { groupId } },
      );
      t.same(members, {
        statusCode: 200,
        body: {
          data: {
            members: [
              {
                memberId: ada.memberId,
                name: 'Ada',
                streak: [{ currentStreak: 1, maxStreak: 1, __typename: 'StatusUpdateStreakInfo' }],
                attendance: [
                  {
                    date: day,
                    isPresent: true,
                    timeIn: '09:05:03',
                    timeOut: '17:30:00.500',
                    __typename: 'AttendanceInfo',
                  },
                ],
                projects: [],
                __typename: 'Member',
              },
              {
                memberId: bob.memberId,
                name: 'Bob',
                streak: [],
                attendance: [
                  { date: day, isPresent: false, timeIn: null, timeOut: null, __typename: 'AttendanceInfo' },
                ],
                projects: [],
                __typename: 'Member',
              },
            ],
          },
        },
      });
    });

    void t.test('operationName picks one operation of a document holding several', async (t) => {
      const memberId = await createMember(app, { name: 'Cy' });
      const document = `
query One($id: Int!) { streak(memberId: $id) { memberId currentStreak __typename } }
mutation Two($id: Int!) { resetStreak(input: { memberId: $id }) { memberId currentStreak __typename } }`;
      const one = await postGraphQL(app, document, { operationName: 'One', variables: { id: memberId } });
      t.same(one, {
        statusCode: 200,
        body: { data: { streak: { memberId, currentStreak: 0, __typename: 'StatusUpdateStreak' } } },
      });
      t.equal(await app.prisma.statusUpdateStreak.count({ where: { memberId } }), 0, 'the mutation did not run');
      const two = await postGraphQL(app, document, { operationName: 'Two', variables: { id: memberId } });
      t.same(two, {
        statusCode: 200,
        body: { data: { resetStreak: { memberId, currentStreak: 0, __typename: 'StatusUpdateStreak' } } },
      });
    });

    void t.test('POST /graphql is the same endpoint as POST /', async (t) => {
      const groupId = uniqueGroupId();
      const memberId = await createMember(app, { name: 'Dee', groupId });
      const query = `{ members(groupId: ${groupId}) { memberId name groupId } }`;
      const expected = { statusCode: 200, body: { data: { members: [{ memberId, name: 'Dee', groupId }] } } };
      t.same(await postGraphQL(app, query, { path: '/' }), expected);
      t.same(await postGraphQL(app, query, { path: '/graphql' }), expected);
    });

    void t.test('GET serves queries at /graphql and at /', async (t) => {
      const groupId = uniqueGroupId();
      const memberId = await createMember(app, { name: 'Eve', groupId, year: 4 });
      const expected = { statusCode: 200, body: { data: { members: [{ memberId, name: 'Eve', year: 4 }] } } };
      const query = `{ members(groupId: ${groupId}) { memberId name year } }`;
      t.same(await get(app, '/graphql', { query }), expected);
      t.same(await get(app, '/', { query }), expected);
      t.same(
        await get(app, '/graphql', {
          query: 'query Members($g: Int) { members(groupId: $g) { memberId name year } }',
          operationName: 'Members',
          variables: JSON.stringify({ g: groupId }),
        }),
        expected,
      );
    });

    void t.test('GET with a mutation is refused with 405 and changes nothing', async (t) => {
      const memberId = await createMember(app);
      const query = `mutation { incrementStreak(input: {memberId: ${memberId}}) { currentStreak } }`;
      for (const url of ['/graphql', '/']) {
        t.same(await get(app, url, { query }), {
          statusCode: 405,
          body: {
            data: null,
            errors: [
              {
                message: 'Operation cannot be performed via a GET request',
                extensions: { code: 'MER_ERR_METHOD_NOT_ALLOWED' },
              },
            ],
          },
        });
      }
      t.equal(await app.prisma.statusUpdateStreak.count({ where: { memberId } }), 0);
    });

    void t.test("NaiveTime output follows the earlier server's format", async (t) => {
      const member = await insertMember(app, 920_001, { groupId: uniqueGroupId() });
      const cases: [stored: string, wire: string][] = [
        ['09:05:03', '09:05:03'],
        ['09:05:03.250', '09:05:03.250'],
        ['09:05:03.123456', '09:05:03.123456'],
        ['09:05:03.1', '09:05:03.100'],
        ['09:05:03.12', '09:05:03.120'],
        ['09:05:03.999', '09:05:03.999'],
        ['09:05:03.0005', '09:05:03.000500'],
        ['09:05:03.000001', '09:05:03.000001'],
        ['09:05:03.100001', '09:05:03.100001'],
        ['00:00:00', '00:00:00'],
        ['23:59:59.999999', '23:59:59.999999'],
      ];
      const first = '2024-02-01';
      const ids: number[] = [];
      for (const [index, [stored]] of cases.entries()) {
        ids.push(
          await insertAttendance(app, {
            memberId: member.memberId,
            date: addDays(first, index),
            timeIn: stored,
            timeOut: '23:59:59.999999',
          }),
        );
      }
      const absentDate = addDays(first, cases.length);
      const absent = await insertAttendance(app, { memberId: member.memberId, date: absentDate });

      const response = await postGraphQL(
        app,
        `{ attendance(memberId: ${member.memberId}) { attendanceId memberId date isPresent timeIn timeOut } }`,
      );
      t.same(response, {
        statusCode: 200,
        body: {
          data: {
            attendance: [
              ...cases.map(([, wire], index) => ({
                attendanceId: ids[index],
                memberId: member.memberId,
                date: addDays(first, index),
                isPresent: true,
                timeIn: wire,
                timeOut: '23:59:59.999999',
              })),
              {
                attendanceId: absent,
                memberId: member.memberId,
                date: absentDate,
                isPresent: false,
                timeIn: null,
                timeOut: null,
              },
            ],
          },
        },
      });

      const nested = await postGraphQL(
        app,
        `{ members(groupId: ${member.groupId}) { memberId attendance(from: "${first}", to: "${addDays(first, 3)}") { date timeIn } } }`,
      );
      t.same(nested, {
        statusCode: 200,
        body: {
          data: {
            members: [
              {
                memberId: member.memberId,
                attendance: cases.slice(0, 4).map(([, wire], index) => ({ date: addDays(first, index), timeIn: wire })),
              },
            ],
          },
        },
      });
    });

    void t.test('malformed dates get their own message', async (t) => {
      const refused = (message: string, column: number) => ({
        statusCode: 200,
        body: {
          data: null,
          errors: [{ message, locations: [{ line: 1, column }], extensions: { code: 'BAD_USER_INPUT' } }],
        },
      });
      t.same(
        await postGraphQL(app, '{ attendanceByDate(date: "2025-02-30") { memberId } }'),
        refused('Invalid NaiveDate "2025-02-30": expected a calendar date as YYYY-MM-DD', 26),
      );
      t.same(
        await postGraphQL(app, '{ attendanceByDate(date: 20250203) { memberId } }'),
        refused('Invalid NaiveDate 20250203: expected a calendar date as YYYY-MM-DD', 26),
      );
      t.same(
        await postGraphQL(app, 'query ($d: NaiveDate!) { attendanceByDate(date: $d) { memberId } }', {
          variables: { d: '2025-2-3' },
        }),
        refused(
          'Variable "$d" got invalid value "2025-2-3"; Invalid NaiveDate "2025-2-3": expected a calendar date as YYYY-MM-DD',
          8,
        ),
      );
    });

    void t.test(
      'lists are ordered: members by memberId, rows by date then id, summaries by (year, month)',
      async (t) => {
        const groupId = uniqueGroupId();
        // Inserted out of order, so that the table's physical order is not the answer.
        const third = await insertMember(app, 930_003, { groupId, name: 'Third' });
        const first = await insertMember(app, 930_001, { groupId, name: 'First' });
        const second = await insertMember(app, 930_002, { groupId, name: 'Second' });

        const members = await postGraphQL(app, `{ members(groupId: ${groupId}) { memberId name } }`);
        t.same(members, {
          statusCode: 200,
          body: {
            data: {
              members: [
                { memberId: first.memberId, name: 'First' },
                { memberId: second.memberId, name: 'Second' },
                { memberId: third.memberId, name: 'Third' },
              ],
            },
          },
        });

        await insertAttendance(app, { id: 830_005, memberId: first.memberId, date: '2024-03-03' });
        await insertAttendance(app, { id: 830_001, memberId: first.memberId, date: '2024-03-05' });
        await insertAttendance(app, { id: 830_003, memberId: first.memberId, date: '2024-03-01' });
        const rows = await postGraphQL(app, `{ attendance(memberId: ${first.memberId}) { attendanceId date } }`);
        t.same(rows, {
          statusCode: 200,
          body: {
            data: {
              attendance: [
                { attendanceId: 830_003, date: '2024-03-01' },
                { attendanceId: 830_005, date: '2024-03-03' },
                { attendanceId: 830_001, date: '2024-03-05' },
              ],
            },
          },
        });

        const day = '2024-03-10';
        await insertAttendance(app, { id: 830_030, memberId: second.memberId, date: day });
        await insertAttendance(app, { id: 830_010, memberId: third.memberId, date: day });
        await insertAttendance(app, { id: 830_020, memberId: first.memberId, date: day });
        const byDate = await postGraphQL(app, `{ attendanceByDate(date: "${day}") { attendanceId memberId } }`);
        t.same(byDate, {
          statusCode: 200,
          body: {
            data: {
              attendanceByDate: [
                { attendanceId: 830_010, memberId: third.memberId },
                { attendanceId: 830_020, memberId: first.memberId },
                { attendanceId: 830_030, memberId: second.memberId },
              ],
            },
          },
        });

        for (const [year, month] of [
          [2025, 3],
          [2024, 12],
          [2025, 1],
          [2024, 2],
        ] as const) {
          await insertSummary(app, first.memberId, year, month, month);
        }
        await insertProject(app, 730_003, first.memberId, 'Later');
        await insertProject(app, 730_001, first.memberId, 'Earlier');
        const nested = await postGraphQL(
          app,
          `{ members(groupId: ${groupId}) { memberId attendance { date } attendanceSummary { year month daysAttended } projects { projectId title } } }`,
        );
        t.same(nested, {
          statusCode: 200,
          body: {
            data: {
              members: [
                {
                  memberId: first.memberId,
                  attendance: [{ date: '2024-03-01' }, { date: '2024-03-03' }, { date: '2024-03-05' }, { date: day }],
                  attendanceSummary: [
                    { year: 2024, month: 2, daysAttended: 2 },
                    { year: 2024, month: 12, daysAttended: 12 },
                    { year: 2025, month: 1, daysAttended: 1 },
                    { year: 2025, month: 3, daysAttended: 3 },
                  ],
                  projects: [
                    { projectId: 730_001, title: 'Earlier' },
                    { projectId: 730_003, title: 'Later' },
                  ],
                },
                { memberId: second.memberId, attendance: [{ date: day }], attendanceSummary: [], projects: [] },
                { memberId: third.memberId, attendance: [{ date: day }], attendanceSummary: [], projects: [] },
              ],
            },
          },
        });
      },
    );

    void t.test('the depth limit lets the introspection query through and refuses deeper ones', async (t) => {
      let ofType = 'name';
      for (let level = 0; level < 14; level += 1) ofType = `ofType { ${ofType} }`;
      const response = await postGraphQL(app, `{ __schema { types { fields { type { ${ofType} } } } } }`);
      t.same(response, {
        statusCode: 200,
        body: {
          data: null,
          errors: [
            {
              message: '`unnamedQuery query depth (19) exceeds the query depth limit of 15`',
              extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
            },
          ],
        },
      });
    });
  });
}
