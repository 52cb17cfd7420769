// The second API generation over the wire, beside the first: allMembers and
// member(...) with their selectors, MemberRecord's attendance and status
// objects, updateMember, markStatusUpdate (unknown emails, default date,
// breaks), the member beside attendance rows, the generation-1 count fields,
// and each refusal as a whole payload. Operations are written the way the
// clients send them (declared variable types, __typename, inline literals).
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helpers/build-app.js';
import { addDays, clubToday } from '../helpers/club-clock.js';
import { storeKinds } from '../helpers/databases.js';
import { createMember, memberInput, sign } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';
import { insertAttendance, uniqueGroupId } from '../helpers/rows.js';

const TIME_ZONE = 'Asia/Kolkata';
const SCALARS = 'memberId rollNo name email sex year hostel macAddress discordId groupId track githubUser';

/** Where `text` starts in a one-line document, as GraphQL reports locations. */
const at = (query: string, text: string) => [{ line: 1, column: query.indexOf(text) + 1 }];

function refusal(query: string, text: string, path: (string | number)[], message: string, extensions: object) {
  return { message, locations: at(query, text), path, extensions };
}

async function update(app: FastifyInstance, input: object) {
  return postGraphQL(app, `mutation ($input: UpdateMemberInput!) { updateMember(input: $input) { ${SCALARS} } }`, {
    variables: { input },
  });
}

async function storedMember(app: FastifyInstance, memberId: number) {
  const query = `{ member(memberId: ${memberId}) { ${SCALARS} } }`;
  return (await postGraphQL(app, query)).body.data?.member as Record<string, unknown>;
}

for (const kind of storeKinds) {
  void t.test(kind, async (t) => {
    const { app, logs } = await buildTestApp(t, kind);

    void t.test('allMembers filters by year, track and group; member finds by each key', async (t) => {
      const groupId = uniqueGroupId();
      const a = await createMember(app, { groupId, year: 1 });
      const b = await createMember(app, { groupId, year: 2 });
      const c = await createMember(app, { groupId, year: 2 });
      await update(app, { memberId: a, track: 'web' });
      await update(app, { memberId: b, track: 'web', githubUser: '@octocat' });
      const members = await Promise.all([a, b, c].map((id) => storedMember(app, id)));
      t.same(
        members.map((member) => [member.track, member.githubUser]),
        [
          ['web', null],
          ['web', 'octocat'],
          [null, null],
        ],
      );
      const list = (args: string) =>
        postGraphQL(app, `{ allMembers(${args}) { ${SCALARS} } }`).then((r) => r.body.data?.allMembers as unknown);
      t.same(await list(`groupId: ${groupId}`), members);
      t.same(await list(`groupId: ${groupId}, track: "web"`), members.slice(0, 2));
      t.same(await list(`groupId: ${groupId}, year: 2, track: "web"`), [members[1]]);
      t.same(await list(`groupId: ${groupId}, year: 3`), []);

      const byKey = async (args: string) => (await postGraphQL(app, `{ member(${args}) { memberId } }`)).body;
      const member = members[1]!;
      t.same(await byKey(`memberId: ${b}`), { data: { member: { memberId: b } } });
      t.same(await byKey(`email: "  ${String(member.email).toUpperCase()} "`), { data: { member: { memberId: b } } });
      t.same(await byKey(`rollNo: "${String(member.rollNo)}"`), { data: { member: { memberId: b } } });
      t.same(await byKey(`discordId: "${String(member.discordId)}"`), { data: { member: { memberId: b } } });
      t.same(await byKey('email: "nobody@club.example"'), { data: { member: null } });

      const two = `{ member(memberId: ${b}, email: "x@club.example") { memberId } }`;
      t.same((await postGraphQL(app, two)).body, {
        data: { member: null },
        errors: [
          refusal(
            two,
            'member(',
            ['member'],
            'Give exactly one of memberId, email, rollNo, discordId (got memberId, email)',
            {
              code: 'BAD_USER_INPUT',
              field: 'email',
            },
          ),
        ],
      });
      const none = '{ member { memberId } }';
      t.same((await postGraphQL(app, none)).body, {
        data: { member: null },
        errors: [
          refusal(none, 'member', ['member'], 'Give exactly one of memberId, email, rollNo, discordId (got none)', {
            code: 'BAD_USER_INPUT',
            field: 'memberId',
          }),
        ],
      });
    });

    void t.test('updateMember changes what it is given, with createMember rules and codes', async (t) => {
      const groupId = uniqueGroupId();
      const id = await createMember(app, { groupId });
      const other = memberInput();
      await createMember(app, other);
      const before = await storedMember(app, id);
      const response = await update(app, {
        memberId: id,
        name: '  Grace Hopper ',
        email: ' Grace@Club.Example ',
        macAddress: 'AABB.CCDD.EEFF',
        year: 3,
        track: ' systems ',
        githubUser: 'ghopper',
        sex: null,
      });
      const after = {
        ...before,
        name: 'Grace Hopper',
        email: 'grace@club.example',
        macAddress: 'aa:bb:cc:dd:ee:ff',
        year: 3,
        track: 'systems',
        githubUser: 'ghopper',
      };
      t.same(response, { statusCode: 200, body: { data: { updateMember: after } } });
      t.same(await update(app, { memberId: id, track: '  ', githubUser: null }), {
        statusCode: 200,
        body: { data: { updateMember: { ...after, track: null, githubUser: null } } },
      });

      const query = `mutation ($input: UpdateMemberInput!) { updateMember(input: $input) { ${SCALARS} } }`;
      const refused = (message: string, extensions: object) => ({
        statusCode: 200,
        body: { data: null, errors: [refusal(query, 'updateMember(', ['updateMember'], message, extensions)] },
      });
      t.same(
        await update(app, { memberId: id, year: 5 }),
        refused('Year must be between 1 and 4, got 5', { code: 'BAD_USER_INPUT', field: 'year' }),
      );
      t.same(
        await update(app, { memberId: id, email: 'not-an-email' }),
        refused('"not-an-email" is not a valid email address', { code: 'BAD_USER_INPUT', field: 'email' }),
      );
      t.same(
        await update(app, { memberId: id, githubUser: 'https://github.com/x' }),
        refused('"https://github.com/x" is not a GitHub user name', { code: 'BAD_USER_INPUT', field: 'githubUser' }),
      );
      t.same(
        await update(app, { memberId: id, email: other.email }),
        refused('A member with this email already exists', { code: 'DUPLICATE_EMAIL' }),
      );
      t.same(
        await update(app, { memberId: id, rollNo: other.rollNo }),
        refused('A member with this roll number already exists', { code: 'DUPLICATE_ROLL_NO' }),
      );
      t.same(
        await update(app, { memberId: id, macAddress: other.macAddress }),
        refused('A member with this MAC address already exists', { code: 'DUPLICATE_MAC_ADDRESS' }),
      );
      t.same(
        await update(app, { memberId: id, discordId: other.discordId }),
        refused('A member with this Discord id already exists', { code: 'DUPLICATE_DISCORD_ID' }),
      );
      t.same(
        await update(app, { memberId: 987_654, name: 'Nobody' }),
        refused('No member has id 987654', { code: 'MEMBER_NOT_FOUND', memberId: 987_654 }),
      );
      t.same(await storedMember(app, id), { ...after, track: null, githubUser: null }, 'refusals wrote nothing');
    });

    void t.test(
      'markStatusUpdate: a batch with unknown emails, the single form, the default day, breaks',
      async (t) => {
        const today = clubToday(TIME_ZONE);
        const yesterday = addDays(today, -1);
        const a = memberInput({ year: 1 });
        const b = memberInput({ year: 4 });
        const idA = await createMember(app, a);
        const idB = await createMember(app, b);
        const MARK = `mutation Mark($emails: [String!], $date: NaiveDate) { markStatusUpdate(emails: $emails, date: $date) { __typename memberId date isSent onBreak } }`;
        const entry = (memberId: number, date: string, onBreak = false) => ({
          __typename: 'StatusUpdate',
          memberId,
          date,
          isSent: true,
          onBreak,
        });

        const batch = await postGraphQL(app, MARK, {
          operationName: 'Mark',
          variables: { emails: [b.email, 'ghost@club.example', a.email.toUpperCase()] },
        });
        t.same(batch, {
          statusCode: 200,
          body: { data: { markStatusUpdate: [entry(idA, yesterday), entry(idB, yesterday)] } },
        });
        t.match(
          logs.find((line) => line.msg === 'markStatusUpdate skipped unknown emails'),
          { level: 40, unknownEmails: ['ghost@club.example'] },
          'unknown emails are logged, not an error',
        );

        const day = addDays(today, -3);
        await app.prisma
          .$executeRaw`INSERT INTO status_break (start_date, end_date, year) VALUES (${day}::date, ${day}::date, 1)`;
        const single = `mutation { markStatusUpdate(email: "${b.email}", date: "${day}") { __typename memberId date isSent onBreak } }`;
        t.same((await postGraphQL(app, single)).body, { data: { markStatusUpdate: [entry(idB, day)] } });
        const again = await postGraphQL(app, MARK, { variables: { emails: [a.email, b.email], date: day } });
        t.same(
          again.body,
          { data: { markStatusUpdate: [entry(idA, day, true), entry(idB, day)] } },
          'idempotent; the break is year 1 only',
        );
        t.same((await postGraphQL(app, MARK, { variables: { emails: [] } })).body, { data: { markStatusUpdate: [] } });

        const future = `mutation { markStatusUpdate(email: "${a.email}", date: "${addDays(today, 1)}") { memberId } }`;
        t.same((await postGraphQL(app, future)).body, {
          data: null,
          errors: [
            refusal(
              future,
              'markStatusUpdate',
              ['markStatusUpdate'],
              `${addDays(today, 1)} is in the future (today is ${today})`,
              { code: 'BAD_USER_INPUT', field: 'date' },
            ),
          ],
        });
        const nothing = 'mutation { markStatusUpdate { memberId } }';
        t.same((await postGraphQL(app, nothing)).body, {
          data: null,
          errors: [
            refusal(nothing, 'markStatusUpdate', ['markStatusUpdate'], 'Give `emails` or `email`', {
              code: 'BAD_USER_INPUT',
              field: 'emails',
            }),
          ],
        });

        // As the bot asks: onDate with a declared NaiveDate!, ranges as String!.
        const STATUS = `query Status($memberId: Int, $date: NaiveDate!, $start: String!, $end: String!) { member(memberId: $memberId) { __typename status { __typename streak { currentStreak maxStreak } consecutiveMisses updateCount(startDate: $start, endDate: $end) onDate(date: $date) { memberId date isSent onBreak } } } }`;
        const status = async (memberId: number, date: string) =>
          (
            await postGraphQL(app, STATUS, {
              operationName: 'Status',
              variables: { memberId, date, start: day, end: today },
            })
          ).body;
        // A's entries: day (sent, on A's break), yesterday (sent); the break day neither breaks nor extends.
        t.same(await status(idA, day), {
          data: {
            member: {
              __typename: 'MemberRecord',
              status: {
                __typename: 'MemberStatus',
                streak: { currentStreak: 1, maxStreak: 1 },
                consecutiveMisses: 0,
                updateCount: 2,
                onDate: { memberId: idA, date: day, isSent: true, onBreak: true },
              },
            },
          },
        });
        t.same(
          await status(idB, addDays(today, -2)),
          {
            data: {
              member: {
                __typename: 'MemberRecord',
                status: {
                  __typename: 'MemberStatus',
                  streak: { currentStreak: 2, maxStreak: 2 },
                  consecutiveMisses: 0,
                  updateCount: 2,
                  onDate: null,
                },
              },
            },
          },
          'a day without an entry: null; it neither breaks nor extends the run (B: sent 3 days ago and yesterday)',
        );
      },
    );

    void t.test('attendance object and the generation-1 count fields; malformed and reversed ranges', async (t) => {
      // Days of 2019 nobody else in this file uses: working days are club-wide.
      const groupId = uniqueGroupId();
      const a = await createMember(app, { groupId });
      const b = await createMember(app, { groupId });
      const rowA1 = await insertAttendance(app, {
        memberId: a,
        date: '2019-02-28',
        timeIn: '09:00:00',
        timeOut: '10:00:00.25',
      });
      await insertAttendance(app, { memberId: a, date: '2019-03-01' });
      const rowB = await insertAttendance(app, {
        memberId: b,
        date: '2019-03-01',
        timeIn: '09:00:00',
        timeOut: '09:30:00',
      });
      await insertAttendance(app, { memberId: b, date: '2019-03-02', timeIn: '11:00:00', timeOut: '12:00:00' });
      const QUERY = `query Counts($start: String!, $end: String!, $day: NaiveDate!) { allMembers(groupId: ${groupId}) { memberId attendance { records(startDate: "2019-02-28", endDate: "2019-03-01") { attendanceId date isPresent timeIn timeOut member { memberId } } onDate(date: $day) { attendanceId } presentCount(startDate: $start, endDate: $end) absentCount(startDate: $start, endDate: $end) } } members(groupId: ${groupId}) { memberId presentCountByDate(startDate: $start, endDate: $end) absentCountByDate(startDate: $start, endDate: $end) statusUpdateCountByDate(startDate: $start, endDate: $end) } }`;
      const response = await postGraphQL(app, QUERY, {
        variables: { start: '2019-02-01', end: '2019-03-31', day: '2019-02-28' },
      });
      const records = await app.prisma.attendance.findMany({ where: { memberId: a }, orderBy: { date: 'asc' } });
      t.same(response.body, {
        data: {
          allMembers: [
            {
              memberId: a,
              attendance: {
                records: [
                  {
                    attendanceId: rowA1,
                    date: '2019-02-28',
                    isPresent: true,
                    timeIn: '09:00:00',
                    timeOut: '10:00:00.250',
                    member: { memberId: a },
                  },
                  {
                    attendanceId: records[1]!.id,
                    date: '2019-03-01',
                    isPresent: false,
                    timeIn: null,
                    timeOut: null,
                    member: { memberId: a },
                  },
                ],
                onDate: { attendanceId: rowA1 },
                presentCount: 1,
                absentCount: 2,
              },
            },
            {
              memberId: b,
              attendance: {
                records: [
                  {
                    attendanceId: rowB,
                    date: '2019-03-01',
                    isPresent: true,
                    timeIn: '09:00:00',
                    timeOut: '09:30:00',
                    member: { memberId: b },
                  },
                ],
                onDate: null,
                presentCount: 2,
                absentCount: 1,
              },
            },
          ],
          members: [
            { memberId: a, presentCountByDate: 1, absentCountByDate: 2, statusUpdateCountByDate: 0 },
            { memberId: b, presentCountByDate: 2, absentCountByDate: 1, statusUpdateCountByDate: 0 },
          ],
        },
      });

      const ask = (start: string, end: string) =>
        `{ member(memberId: ${a}) { attendance { presentCount(startDate: "${start}", endDate: "${end}") } } }`;
      const malformed = ask('2019-02-30', '2019-03-01');
      t.same((await postGraphQL(app, malformed)).body, {
        data: { member: null },
        errors: [
          refusal(
            malformed,
            'presentCount',
            ['member', 'attendance', 'presentCount'],
            'startDate "2019-02-30" is not a date like 2025-01-31',
            { code: 'BAD_USER_INPUT', field: 'startDate' },
          ),
        ],
      });
      const reversed = ask('2019-03-02', '2019-03-01');
      t.same((await postGraphQL(app, reversed)).body, {
        data: { member: null },
        errors: [
          refusal(
            reversed,
            'presentCount',
            ['member', 'attendance', 'presentCount'],
            'startDate 2019-03-02 is after endDate 2019-03-01',
            { code: 'BAD_USER_INPUT', field: 'startDate' },
          ),
        ],
      });
      const records2 = `{ member(memberId: ${a}) { attendance { records(startDate: "2019-03-02", endDate: "2019-03-01") { date } } } }`;
      const refusedRecords = (await postGraphQL(app, records2)).body;
      t.same(refusedRecords.data, { member: null });
      t.match(refusedRecords.errors, [
        {
          message: 'startDate 2019-03-02 is after endDate 2019-03-01',
          extensions: { code: 'BAD_USER_INPUT', field: 'startDate' },
        },
      ]);
      const gen1 = `{ members(groupId: ${groupId}) { statusUpdateCountByDate(startDate: "20190301", endDate: "2019-03-01") } }`;
      const gen1Body = (await postGraphQL(app, gen1)).body;
      t.same(gen1Body.data, null);
      t.match(gen1Body.errors?.[0], {
        message: 'startDate "20190301" is not a date like 2025-01-31',
        extensions: { code: 'BAD_USER_INPUT' },
      });
    });

    void t.test('markAttendance and attendanceByDate rows carry their member', async (t) => {
      const today = clubToday(TIME_ZONE);
      const input = memberInput({ groupId: uniqueGroupId() });
      const id = await createMember(app, input);
      const MARK = `mutation ($input: MarkAttendanceInput!) { markAttendance(input: $input) { memberId member { memberId name email attendance { onDate(date: "${today}") { isPresent } } } } }`;
      const marked = await postGraphQL(app, MARK, {
        variables: { input: { memberId: id, date: today, hmacSignature: sign(id, today) } },
      });
      const member = { memberId: id, name: input.name, email: input.email };
      t.same(marked.body, {
        data: { markAttendance: { memberId: id, member: { ...member, attendance: { onDate: { isPresent: true } } } } },
      });
      const byDate = await postGraphQL(
        app,
        `query ($date: NaiveDate!) { attendanceByDate(date: $date) { memberId member { memberId name email } } }`,
        { variables: { date: today } },
      );
      const rows = byDate.body.data?.attendanceByDate as { memberId: number }[];
      t.same(
        rows.filter((row) => row.memberId === id),
        [{ memberId: id, member }],
      );
    });
  });
}
