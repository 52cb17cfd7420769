// N+1 guard, the way plugin-prisma's own tests do it: record every SQL
// statement a request sends and assert the list. Nested member lists and
// attendanceByDate's member columns must cost a fixed number of statements
// whatever the number of members.
import t from 'tap';
import type { FastifyInstance } from 'fastify';
import { buildTestApp } from '../helpers/build-app.js';
import { addDays, clubToday } from '../helpers/club-clock.js';
import { storeKinds } from '../helpers/databases.js';
import { sign } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';
import { recordStatements } from '../helpers/sql-recorder.js';

const FIRST_DAY = '2024-01-01';
const DAYS = 3;

/** Members from..to with rows of every kind, in a fixed number of set-based statements. */
async function seed(app: FastifyInstance, from: number, to: number): Promise<void> {
  await app.prisma.$executeRaw`
    INSERT INTO member (member_id, roll_no, name, email, sex, year, hostel, mac_address, discord_id, group_id)
    SELECT i, 'N' || i, 'Member ' || i, 'm' || i || '@club.example', (ARRAY['M', 'F', 'Other'])[1 + i % 3]::"Sex",
           1 + i % 4, 'Hostel', '02:00:00:00:' || lpad(to_hex(i / 256), 2, '0') || ':' || lpad(to_hex(i % 256), 2, '0'),
           'discord' || i, 1 + i % 5
    FROM generate_series(${from}::int, ${to}::int) AS i`;
  await app.prisma.$executeRaw`
    INSERT INTO attendance (member_id, date, is_present, time_in, time_out)
    SELECT i, ${FIRST_DAY}::date + k, (i + k) % 2 = 0,
           CASE WHEN (i + k) % 2 = 0 THEN time '09:00:00' + i * interval '1 second' END,
           CASE WHEN (i + k) % 2 = 0 THEN time '17:00:00.5' END
    FROM generate_series(${from}::int, ${to}::int) AS i, generate_series(0, ${DAYS - 1}::int) AS k`;
  await app.prisma.$executeRaw`
    INSERT INTO attendance_summary (member_id, year, month, days_attended)
    SELECT i, y, m, (i + m) % 10 FROM generate_series(${from}::int, ${to}::int) AS i,
           (VALUES (2024, 1), (2023, 12)) AS months (y, m)`;
  await app.prisma.$executeRaw`
    INSERT INTO status_update_streak (member_id, current_streak, max_streak)
    SELECT i, i % 5 - 2, 3 + i % 3 FROM generate_series(${from}::int, ${to}::int) AS i WHERE i % 4 <> 0`;
  await app.prisma.$executeRaw`
    INSERT INTO project (project_id, member_id, title)
    SELECT 1000 + i, i, 'Project ' || i FROM generate_series(${from}::int, ${to}::int) AS i WHERE i % 3 <> 0`;
}

const time = (seconds: number) =>
  [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');

/** What `members` answers for members 1..count seeded above, computed independently. */
function expectedMembers(count: number) {
  return Array.from({ length: count }, (_, index) => {
    const i = index + 1;
    return {
      memberId: i,
      name: `Member ${i}`,
      attendance: Array.from({ length: DAYS }, (_, k) => {
        const present = (i + k) % 2 === 0;
        return {
          date: addDays(FIRST_DAY, k),
          isPresent: present,
          timeIn: present ? time(9 * 3600 + i) : null,
          timeOut: present ? '17:00:00.500' : null,
        };
      }),
      attendanceSummary: [
        { year: 2023, month: 12, daysAttended: (i + 12) % 10 },
        { year: 2024, month: 1, daysAttended: (i + 1) % 10 },
      ],
      streak: i % 4 === 0 ? [] : [{ currentStreak: (i % 5) - 2, maxStreak: 3 + (i % 3) }],
      projects: i % 3 === 0 ? [] : [{ projectId: 1000 + i, title: `Project ${i}` }],
    };
  });
}

const MEMBERS = `{ members {
  memberId name
  attendance { date isPresent timeIn timeOut }
  attendanceSummary { year month daysAttended }
  streak { currentStreak maxStreak }
  projects { projectId title }
} }`;

/**
 * The table each statement reads, sorted (on PostgreSQL the nested lists load
 * concurrently over the pool, so arrival order varies): enough to tell one
 * query plan from another.
 */
function tablesRead(statements: string[]): string[] {
  return statements
    .map((statement) => /\bFROM (?:"public"\."(\w+)"|(\w+) AS )/.exec(statement)?.slice(1).find(Boolean) ?? statement)
    .sort();
}

for (const kind of storeKinds) {
  void t.test(kind, async (t) => {
    const { app, config } = await buildTestApp(t, kind);
    await seed(app, 1, 2);

    const small = await recordStatements(app, () => postGraphQL(app, MEMBERS));
    t.same(small.result, { statusCode: 200, body: { data: { members: expectedMembers(2) } } });
    // One statement: the nested lists are joined in (relationLoadStrategy: 'join').
    t.same(tablesRead(small.statements), ['member']);

    // The dashboard's own selection: one flat statement.
    const DASHBOARD = `{ members { memberId name streak { currentStreak maxStreak } attendanceSummary { year month daysAttended } } }`;
    const dashboard = await recordStatements(app, () => postGraphQL(app, DASHBOARD));
    t.same(
      dashboard.result.body.data?.members,
      expectedMembers(2).map(({ memberId, name, streak, attendanceSummary }) => ({
        memberId,
        name,
        streak,
        attendanceSummary,
      })),
    );
    t.equal(dashboard.statements.length, 1, 'dashboard: one statement');

    const day = addDays(FIRST_DAY, 1);
    const BY_DATE = `{ attendanceByDate(date: "${day}") { attendanceId memberId isPresent name year groupId } }`;
    const smallByDate = await recordStatements(app, () => postGraphQL(app, BY_DATE));
    t.equal(smallByDate.result.body.data?.attendanceByDate.length, 2);
    t.same(tablesRead(smallByDate.statements), ['attendance'], 'member columns joined in one statement');
    t.match(smallByDate.statements[0], /\bJOIN member\b/);

    await seed(app, 3, 50);

    const large = await recordStatements(app, () => postGraphQL(app, MEMBERS));
    t.same(large.result, { statusCode: 200, body: { data: { members: expectedMembers(50) } } });
    t.equal(large.statements.length, small.statements.length, '50 members cost what 2 do');
    t.equal((await recordStatements(app, () => postGraphQL(app, DASHBOARD))).statements.length, 1, 'dashboard of 50');
    t.same(tablesRead(large.statements), tablesRead(small.statements));

    const largeByDate = await recordStatements(app, () => postGraphQL(app, BY_DATE));
    const rows = largeByDate.result.body.data?.attendanceByDate as { attendanceId: number; memberId: number }[];
    t.same(
      rows.map((row) => row.memberId),
      Array.from({ length: 50 }, (_, index) => index + 1),
    );
    t.same(
      rows[6],
      { attendanceId: rows[6]!.attendanceId, memberId: 7, isPresent: true, name: 'Member 7', year: 4, groupId: 3 },
      'member columns come along',
    );
    t.same(tablesRead(largeByDate.statements), tablesRead(smallByDate.statements));

    const filtered = await recordStatements(app, () =>
      postGraphQL(app, MEMBERS.replace('members {', 'members(year: 2, groupId: 3) {')),
    );
    t.same(filtered.result, {
      statusCode: 200,
      body: { data: { members: expectedMembers(50).filter((member) => member.memberId % 20 === 17) } },
    });
    t.same(tablesRead(filtered.statements), tablesRead(small.statements));

    // The member page (a member's rows, then member and streak) costs two statements, a scanner's mark one.
    const page = await recordStatements(app, () =>
      postGraphQL(
        app,
        '{ attendance(memberId: 7) { date isPresent } streak(memberId: 7) { currentStreak maxStreak } }',
      ),
    );
    t.equal((page.result.body.data?.attendance as unknown[]).length, DAYS);
    t.same(page.result.body.data?.streak, { currentStreak: 0, maxStreak: 4 });
    t.equal(page.statements.length, 2, 'member page: the rows, then member and streak together');

    const today = clubToday(config.timeZone);
    const mark = await recordStatements(app, () =>
      postGraphQL(
        app,
        `mutation { markAttendance(input: { memberId: 7, date: "${today}", hmacSignature: "${sign(7, today)}" }) { attendanceId memberId date isPresent timeIn timeOut } }`,
      ),
    );
    t.match(mark.result.body.data?.markAttendance, { memberId: 7, date: today, isPresent: true });
    t.equal(mark.statements.length, 1, 'a mark: the upsert, which returns the row');
  });
}
