// What clients see after the daily task: absent members in attendanceByDate
// and the monthly summaries on Member.
import t from 'tap';
import { runDailyTask } from '../../src/daily-task/run-daily-task.js';
import { type ClubDate, addDays, clubDateAt } from '../../src/calendar/club-date.js';
import { buildTestApp } from '../helpers/build-app.js';
import { storeKinds } from '../helpers/databases.js';
import { createMember, sign } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';

for (const kind of storeKinds) {
  t.test(kind, async (t) => {
    const { app, config } = await buildTestApp(t, kind);
    const today = clubDateAt(new Date(), config.timeZone);
    const yesterday = addDays(today, -1);
    const [ada, bo, cy] = [
      await createMember(app, { name: 'Ada' }),
      await createMember(app, { name: 'Bo' }),
      await createMember(app, { name: 'Cy' }),
    ];
    const mark = async (memberId: number, day: ClubDate) => {
      const date = day;
      const response = await postGraphQL(
        app,
        `mutation { markAttendance(input: { memberId: ${memberId}, date: "${date}", hmacSignature: "${sign(memberId, date)}" }) { isPresent } }`,
      );
      t.same(response.body, { data: { markAttendance: { isPresent: true } } });
    };
    await mark(ada, yesterday); // a scanner still on yesterday's date
    await mark(bo, today);

    await runDailyTask(app.prisma, { day: today, timeZone: config.timeZone });

    const byDate = await postGraphQL(app, `{ attendanceByDate(date: "${today}") { memberId name isPresent timeIn } }`);
    type Row = { memberId: number; name: string; isPresent: boolean; timeIn: string | null };
    const rows = byDate.body.data!.attendanceByDate as Row[];
    // Rows by date then id: Bo's mark made the first row. Bo's time depends on the clock.
    t.same(
      rows.map((row) => ({ ...row, timeIn: row.timeIn && 'set' })),
      [
        { memberId: bo, name: 'Bo', isPresent: true, timeIn: 'set' },
        { memberId: ada, name: 'Ada', isPresent: false, timeIn: null },
        { memberId: cy, name: 'Cy', isPresent: false, timeIn: null },
      ],
    );

    const members = await postGraphQL(app, '{ members { memberId attendanceSummary { year month daysAttended } } }');
    const month = { year: Number(yesterday.slice(0, 4)), month: Number(yesterday.slice(5, 7)) };
    t.same(members.body, {
      data: {
        members: [
          { memberId: ada, attendanceSummary: [{ ...month, daysAttended: 1 }] },
          { memberId: bo, attendanceSummary: [] },
          { memberId: cy, attendanceSummary: [] },
        ],
      },
    });
  });
}
