// The first generation's keyless clients, replayed as they send their
// requests: under ROOT_ANONYMOUS_ACCESS=legacy every one works unchanged and
// without a key; under none every one is refused (UNAUTHENTICATED, nothing
// changed) except the scanners' signed marks.
import t from 'tap';
import { buildTestApp } from '../helpers/build-app.js';
import { clubToday } from '../helpers/club-clock.js';
import { storeKinds } from '../helpers/databases.js';
import { sign } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';
import { insertMember, uniqueGroupId } from '../helpers/rows.js';

interface Replay {
  client: string;
  query: string;
  operationName?: string;
  variables?: Record<string, unknown>;
  signedMark?: boolean;
}

function replays(memberId: number, groupId: number, today: string): Replay[] {
  return [
    {
      client: 'scanner: member list',
      query: '{ members { memberId macAddress } }',
    },
    {
      client: 'scanner: marks',
      signedMark: true,
      query: `mutation {
  a0: markAttendance(input: {memberId: ${memberId}, date: "${today}", hmacSignature: "${sign(memberId, today)}"}) { attendanceId memberId date isPresent timeIn timeOut }
}`,
    },
    {
      client: 'app: attendance by date',
      operationName: 'AttendanceByDate',
      variables: { date: today },
      query: `query AttendanceByDate($date: NaiveDate!) {
  attendanceByDate(date: $date) { attendanceId memberId name year groupId date isPresent timeIn timeOut __typename }
}`,
    },
    {
      client: 'app: members',
      operationName: 'Members',
      variables: { groupId },
      query: `query Members($year: Int, $groupId: Int) {
  members(year: $year, groupId: $groupId) {
    memberId name
    streak { currentStreak maxStreak __typename }
    attendance { date isPresent timeIn timeOut __typename }
    projects { projectId title __typename }
    __typename
  }
}`,
    },
    {
      client: 'bot: increment and reset streaks',
      operationName: 'IncrementStreak',
      variables: { input: { memberId } },
      query: `mutation IncrementStreak($input: StreakInput!) {
  incrementStreak(input: $input) { memberId currentStreak maxStreak __typename }
}`,
    },
    {
      client: 'bot: reset streak',
      query: `mutation { resetStreak(input: { memberId: ${memberId} }) { memberId currentStreak maxStreak } }`,
    },
    {
      client: 'bot: streaks',
      query: `{ streaks { memberId currentStreak maxStreak } streak(memberId: ${memberId}) { currentStreak } }`,
    },
    {
      client: 'spreadsheet: everything about every member',
      query: `{ members(groupId: ${groupId}) { memberId rollNo name email sex year hostel macAddress discordId groupId
  attendanceSummary { year month daysAttended } attendance { date isPresent } } attendance(memberId: ${memberId}) { attendanceId date } projects { projectId memberId title } }`,
    },
  ];
}

for (const kind of storeKinds) {
  t.test(`${kind}: legacy serves every first-generation client keyless`, async (t) => {
    const { app } = await buildTestApp(t, kind, { ROOT_ANONYMOUS_ACCESS: 'legacy' });
    const groupId = uniqueGroupId();
    const member = await insertMember(app, 600_000 + Math.floor(Math.random() * 99_999), { groupId });
    for (const replay of replays(member.memberId, groupId, clubToday('Asia/Kolkata'))) {
      const response = await postGraphQL(app, replay.query, replay);
      t.same([response.statusCode, response.body.errors], [200, undefined], replay.client);
      t.ok(response.body.data, replay.client);
    }
    t.same(
      await app.prisma.statusUpdateStreak.findUnique({ where: { memberId: member.memberId } }),
      { memberId: member.memberId, currentStreak: 0, maxStreak: 1 },
      'the streak writes ran',
    );
  });

  t.test(`${kind}: none refuses every first-generation client but signed marks`, async (t) => {
    const { app } = await buildTestApp(t, kind, { ROOT_ANONYMOUS_ACCESS: 'none' });
    const groupId = uniqueGroupId();
    const member = await insertMember(app, 600_000 + Math.floor(Math.random() * 99_999), { groupId });
    const today = clubToday('Asia/Kolkata');
    for (const replay of replays(member.memberId, groupId, today)) {
      const before = await app.prisma.attendance.count({ where: { memberId: member.memberId } });
      const response = await postGraphQL(app, replay.query, replay);
      if (replay.signedMark) {
        t.same(response.body.errors, undefined, replay.client);
        t.match(response.body.data, { a0: { memberId: member.memberId, date: today, isPresent: true } });
        t.equal(await app.prisma.attendance.count({ where: { memberId: member.memberId } }), before + 1);
        continue;
      }
      t.same(response.body.data, null, replay.client);
      t.same(
        response.body.errors?.map((error) => error.extensions?.code),
        ['UNAUTHENTICATED'],
        replay.client,
      );
    }
    t.equal(
      await app.prisma.statusUpdateStreak.count({ where: { memberId: member.memberId } }),
      0,
      'no streak written',
    );
  });
}
