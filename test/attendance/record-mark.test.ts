// The attendance area's operations, called directly on both stores with a
// fixed clock: the mark's times come from the injected clock, in club time.
import t from 'tap';
import { attendanceOfMember, attendanceOnDate } from '../../src/attendance/attendance-queries.js';
import { recordMark } from '../../src/attendance/record-mark.js';
import type { ClubDate } from '../../src/calendar/club-date.js';
import type { Deps } from '../../src/deps.js';
import { storeKinds } from '../helpers/databases.js';
import { domainRefusal, openDeps } from '../helpers/deps.js';

const day = (text: string) => text as ClubDate;
// 10:15:30.250 in Kolkata (UTC+05:30) on 2026-04-01.
const NOW = new Date('2026-04-01T04:45:30.250Z');

async function addMember(deps: Deps, id: number): Promise<number> {
  await deps.prisma.$executeRaw`
    INSERT INTO member (member_id, roll_no, name, email, sex, year, hostel, mac_address, discord_id, group_id)
    VALUES (${id}, ${`R${id}`}, 'M', ${`m${id}@club.example`}, 'F', 1, 'North',
            ${`aa:bb:cc:dd:ee:${String(id).padStart(2, '0')}`}, ${`d${id}`}, 1)`;
  return id;
}

for (const kind of storeKinds) {
  void t.test(`recordMark creates the day's row, then only moves timeOut (${kind})`, async (t) => {
    let now = NOW;
    const deps = await openDeps(t, kind, { clock: () => now });
    const member = await addMember(deps, 7);
    const first = await recordMark(deps, { memberId: member, date: day('2026-04-01') });
    t.strictSame(first, {
      attendanceId: first.attendanceId,
      memberId: 7,
      date: '2026-04-01',
      isPresent: true,
      timeIn: '10:15:30.25',
      timeOut: '10:15:30.25',
    });
    now = new Date(NOW.getTime() + 90_000);
    const second = await recordMark(deps, { memberId: member, date: day('2026-04-01') });
    t.equal(second.attendanceId, first.attendanceId, 'the same row');
    const stored = { ...first, timeOut: '10:17:00.25' };
    t.strictSame(second, stored, 'the mark answers the row as stored');
    t.strictSame(await attendanceOfMember(deps, member, {}), [stored]);
  });

  void t.test(`recordMark stamps a past day at its last instant (${kind})`, async (t) => {
    const deps = await openDeps(t, kind, { clock: () => NOW });
    const member = await addMember(deps, 8);
    await recordMark(deps, { memberId: member, date: day('2026-03-31') });
    const [row] = await attendanceOnDate(deps, day('2026-03-31'));
    t.match(row, { isPresent: true, timeIn: '23:59:59.999999', timeOut: '23:59:59.999999' });
  });

  void t.test(`a past-day mark never moves an existing timeOut later (${kind})`, async (t) => {
    let now = new Date('2026-03-31T12:00:00Z'); // 17:30 in Kolkata
    const deps = await openDeps(t, kind, { clock: () => now });
    const member = await addMember(deps, 13);
    await recordMark(deps, { memberId: member, date: day('2026-03-31') });
    now = NOW; // the next day: a replayed signature for 2026-03-31
    await recordMark(deps, { memberId: member, date: day('2026-03-31') });
    const [row] = await attendanceOnDate(deps, day('2026-03-31'));
    t.match(row, { isPresent: true, timeIn: '17:30:00', timeOut: '17:30:00' });
  });

  void t.test(`marks older than markMaxPastDays are STALE_DATE, writing nothing (${kind})`, async (t) => {
    const base = await openDeps(t, kind, { clock: () => NOW });
    const member = await addMember(base, 14);
    t.strictSame(await domainRefusal(recordMark(base, { memberId: member, date: day('2026-03-30') })), {
      code: 'STALE_DATE',
      message: 'Attendance for 2026-03-30 can no longer be marked: marks are accepted up to 1 day(s) back',
      date: '2026-03-30',
      maxPastDays: 1,
    });
    const none = { ...base, markMaxPastDays: 0 };
    t.strictSame(await domainRefusal(recordMark(none, { memberId: member, date: day('2026-03-31') })), {
      code: 'STALE_DATE',
      message: 'Attendance for 2026-03-31 can no longer be marked: marks are accepted up to 0 day(s) back',
      date: '2026-03-31',
      maxPastDays: 0,
    });
    t.equal(await base.prisma.attendance.count(), 0);
    const week = { ...base, markMaxPastDays: 7 };
    await recordMark(week, { memberId: member, date: day('2026-03-25') });
    t.equal(await base.prisma.attendance.count(), 1, 'within a configured week');
  });

  void t.test(`recordMark refuses an unknown member and a future day, writing nothing (${kind})`, async (t) => {
    const deps = await openDeps(t, kind, { clock: () => NOW });
    const member = await addMember(deps, 9);
    t.strictSame(await domainRefusal(recordMark(deps, { memberId: 404, date: day('2026-04-01') })), {
      code: 'MEMBER_NOT_FOUND',
      message: 'No member has id 404',
      memberId: 404,
    });
    t.strictSame(await domainRefusal(recordMark(deps, { memberId: member, date: day('2026-04-02') })), {
      code: 'FUTURE_DATE',
      message: 'Attendance cannot be marked for a future date',
    });
    t.equal(await deps.prisma.attendance.count(), 0);
  });

  void t.test(`attendance reads: by member with bounds, and by date, ordered (${kind})`, async (t) => {
    const deps = { ...(await openDeps(t, kind, { clock: () => NOW })), markMaxPastDays: 7 };
    const [a, b] = [await addMember(deps, 11), await addMember(deps, 12)];
    for (const date of ['2026-03-30', '2026-03-28', '2026-03-29']) {
      await recordMark(deps, { memberId: a, date: day(date) });
    }
    await recordMark(deps, { memberId: b, date: day('2026-03-29') });
    const dates = (rows: { date: string }[]) => rows.map((row) => row.date);
    t.strictSame(dates(await attendanceOfMember(deps, a, {})), ['2026-03-28', '2026-03-29', '2026-03-30']);
    t.strictSame(dates(await attendanceOfMember(deps, a, { from: day('2026-03-29') })), ['2026-03-29', '2026-03-30']);
    t.strictSame(dates(await attendanceOfMember(deps, a, { from: day('2026-03-29'), to: day('2026-03-29') })), [
      '2026-03-29',
    ]);
    t.strictSame(
      (await attendanceOnDate(deps, day('2026-03-29'))).map((row) => row.memberId),
      [a, b],
    );
  });
}
