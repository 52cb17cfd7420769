import t from 'tap';
import { planCatchUp } from '../../src/daily-task/catch-up.js';
import { runDays } from '../../src/daily-task/catch-up.js';
import { type ClubDate, addDays, clubDateAt } from '../../src/calendar/club-date.js';
import { buildTestApp } from '../helpers/build-app.js';
import { storeKinds } from '../helpers/databases.js';
import { insertMembers, readTables } from '../helpers/daily-task.js';

const day = (text: string) => text as ClubDate;
const texts = (days: ClubDate[]) => days;

t.test('planCatchUp', async (t) => {
  const today = day('2026-03-02');
  t.same(planCatchUp({ firstDone: null, lastDone: null, doneInWindow: [] }, today, 60), {
    days: [today],
    tooOld: null,
  });
  const outage = planCatchUp(
    { firstDone: day('2026-01-01'), lastDone: day('2026-02-26'), doneInWindow: [day('2026-02-25'), day('2026-02-26')] },
    today,
    5,
  );
  t.same(texts(outage.days), ['2026-02-27', '2026-02-28', '2026-03-01', '2026-03-02']);
  t.equal(outage.tooOld, null);
  const gap = planCatchUp(
    { firstDone: day('2026-02-27'), lastDone: day('2026-03-02'), doneInWindow: [day('2026-02-27'), day('2026-03-02')] },
    today,
    60,
  );
  t.same(texts(gap.days), ['2026-02-28', '2026-03-01'], 'a gap is filled, nothing before the first run');
  t.same(planCatchUp({ firstDone: today, lastDone: today, doneInWindow: [today] }, today, 60).days, []);
  const long = planCatchUp({ firstDone: day('2025-01-01'), lastDone: day('2026-01-10'), doneInWindow: [] }, today, 2);
  t.same(texts(long.days), ['2026-02-28', '2026-03-01', '2026-03-02']);
  t.same(long.tooOld && texts([long.tooOld.from, long.tooOld.to]), ['2026-01-11', '2026-02-27']);
});

for (const kind of storeKinds) {
  t.test(`${kind}: a three-day outage is repaired on the next start`, async (t) => {
    const { app, config, logs } = await buildTestApp(t, kind);
    const today = clubDateAt(new Date(), config.timeZone);
    const ago = (days: number) => addDays(today, -days);
    const members = await insertMembers(app.prisma, 3);
    // The server ran on days -6 to -4, then was down for three days.
    await runDays(app.prisma, [ago(6), ago(5), ago(4)], { timeZone: config.timeZone });

    await app.scheduler.start();

    const tables = await readTables(app.prisma);
    const expectedDays = texts([ago(6), ago(5), ago(4), ago(3), ago(2), ago(1), today]);
    t.same(tables.ledger, expectedDays);
    t.same(
      tables.attendance.map((row) => `${row.date} ${row.memberId} ${row.isPresent}`),
      expectedDays.flatMap((date) => members.map((id) => `${date} ${id} false`)),
    );
    t.same(
      logs.filter((line) => line.dailyTask).map((line) => line.msg),
      texts([ago(3), ago(2), ago(1), today]).map((date) => `daily task done for ${date}`),
      'the missed days, in order',
    );
  });

  t.test(`${kind}: days older than DAILY_TASK_CATCH_UP_DAYS are reported, not prepared`, async (t) => {
    const { app, config, logs } = await buildTestApp(t, kind, { DAILY_TASK_CATCH_UP_DAYS: '1' });
    const today = clubDateAt(new Date(), config.timeZone);
    await insertMembers(app.prisma, 1);
    await runDays(app.prisma, [addDays(today, -5)], { timeZone: config.timeZone });
    await app.scheduler.start();
    t.same((await readTables(app.prisma)).ledger, texts([addDays(today, -5), addDays(today, -1), today]));
    const warning = logs.find((line) => line.level === 40 && line.dailyTask);
    t.same(warning?.dailyTask, { from: addDays(today, -4), to: addDays(today, -2) });
  });
}
