// N+1 guard for the second generation: the nested per-member selections
// (counts, streaks, a day's rows and entries, the member beside a row) cost
// the same statements for 50 members as for 2, on both stores.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helpers/build-app.js';
import { storeKinds } from '../helpers/databases.js';
import { postGraphQL } from '../helpers/graphql.js';
import { recordStatements } from '../helpers/sql-recorder.js';

const FIRST_DAY = '2024-01-01';
const DAYS = 10;

/** Members from..to with attendance and status history, in a fixed number of set-based statements. */
async function seed(app: FastifyInstance, from: number, to: number): Promise<void> {
  await app.prisma.$executeRaw`
    INSERT INTO member (member_id, roll_no, name, email, sex, year, hostel, mac_address, discord_id, group_id, track)
    SELECT i, 'N' || i, 'Member ' || i, 'm' || i || '@club.example', 'F', 1 + i % 4, 'Hostel',
           '02:00:00:00:' || lpad(to_hex(i / 256), 2, '0') || ':' || lpad(to_hex(i % 256), 2, '0'),
           'discord' || i, 1 + i % 5, 'web'
    FROM generate_series(${from}::int, ${to}::int) AS i`;
  await app.prisma.$executeRaw`
    INSERT INTO attendance (member_id, date, is_present, time_in, time_out)
    SELECT i, ${FIRST_DAY}::date + k, (i + k) % 3 <> 0,
           CASE WHEN (i + k) % 3 <> 0 THEN time '09:00:00' END, CASE WHEN (i + k) % 3 <> 0 THEN time '17:00:00' END
    FROM generate_series(${from}::int, ${to}::int) AS i, generate_series(0, ${DAYS - 1}::int) AS k`;
  await app.prisma.$executeRaw`
    INSERT INTO status_update (member_id, date, is_sent)
    SELECT i, ${FIRST_DAY}::date + k, (i * k) % 4 <> 1
    FROM generate_series(${from}::int, ${to}::int) AS i, generate_series(0, ${DAYS - 1}::int) AS k`;
}

const ALL_MEMBERS = `{ allMembers {
  memberId
  attendance { presentCount(startDate: "2024-01-01", endDate: "2024-01-10") absentCount(startDate: "2024-01-01", endDate: "2024-01-10") }
  status { streak { currentStreak maxStreak } updateCount(startDate: "2024-01-01", endDate: "2024-01-31") }
} }`;

const EVERYTHING = `query ($day: NaiveDate!, $start: String!, $end: String!) { allMembers(track: "web") {
  memberId track githubUser
  attendance {
    records(startDate: "2024-01-02", endDate: "2024-01-04") { date isPresent member { memberId name } }
    onDate(date: $day) { attendanceId isPresent }
    presentCount(startDate: $start, endDate: $end)
    absentCount(startDate: $start, endDate: $end)
    early: presentCount(startDate: "2024-01-01", endDate: "2024-01-02")
  }
  status {
    streak { currentStreak maxStreak }
    consecutiveMisses
    updateCount(startDate: $start, endDate: $end)
    onDate(date: $day) { memberId date isSent onBreak }
  }
} members { memberId presentCountByDate(startDate: $start, endDate: $end)
  absentCountByDate(startDate: $start, endDate: $end) statusUpdateCountByDate(startDate: $start, endDate: $end) } }`;

const BY_DATE = `{ attendanceByDate(date: "2024-01-03") { memberId member { memberId email status { consecutiveMisses } } } }`;

const variables = { day: '2024-01-05', start: '2024-01-01', end: '2024-01-10' };

for (const kind of storeKinds) {
  void t.test(kind, async (t) => {
    const { app } = await buildTestApp(t, kind);
    await seed(app, 1, 2);
    await app.prisma.$executeRaw`INSERT INTO status_break (start_date, end_date) VALUES ('2024-01-04', '2024-01-05')`;

    const run = async () => ({
      counts: await recordStatements(app, () => postGraphQL(app, ALL_MEMBERS)),
      everything: await recordStatements(app, () => postGraphQL(app, EVERYTHING, { variables })),
      byDate: await recordStatements(app, () => postGraphQL(app, BY_DATE)),
    });
    const small = await run();
    for (const [name, { result }] of Object.entries(small)) {
      t.equal(result.statusCode, 200, name);
      t.notOk(result.body.errors, `${name}: no errors`);
    }
    t.equal(small.counts.result.body.data?.allMembers.length, 2);
    // The member list, the attendance counts, the status history and the update counts.
    t.equal(small.counts.statements.length, 4, 'one statement per batched field and range');

    await seed(app, 3, 50);
    const large = await run();
    t.equal(large.counts.result.body.data?.allMembers.length, 50);
    t.equal(large.everything.result.body.data?.allMembers.length, 50);
    t.equal(large.byDate.result.body.data?.attendanceByDate.length, 50);
    for (const name of ['counts', 'everything', 'byDate'] as const) {
      t.equal(large[name].statements.length, small[name].statements.length, `${name}: 50 members cost what 2 do`);
    }
    t.same(large.everything.result.body.errors, undefined);
    t.comment(
      `statements: ${Object.entries(large)
        .map(([name, value]) => `${name} ${value.statements.length}`)
        .join(', ')}`,
    );
  });
}
