// The status area's and the attendance counts' grouped statements against an
// independent day-by-day oracle (status-oracle.ts), on both stores: a history
// crossing month ends (and a leap day), breaks at the edges of the history and
// of the ranges asked, a break for one study year only, a member with no
// history, a member created in the middle, ranges before any data.
import t, { type Test } from 'tap';
import { attendanceCounts } from '../../src/attendance/attendance-counts.js';
import { type ClubDate, addDays } from '../../src/calendar/club-date.js';
import { dateRange } from '../../src/calendar/date-range.js';
import { NO_HISTORY, statusHistories } from '../../src/status/status-history.js';
import { statusUpdateCounts } from '../../src/status/status-updates.js';
import { storeKinds } from '../helpers/databases.js';
import { openDeps } from '../helpers/deps.js';
import { type OracleBreak, type OracleHistory, attendanceCountsOf, streakOf, updateCountOf } from './status-oracle.js';

const FIRST = '2024-01-20' as ClubDate;
const DAYS = 51; // to 2024-03-10, through 29 February

/** A small deterministic generator, so failures reproduce. */
function random(seed: number) {
  return () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return seed / 2_147_483_648;
  };
}

/** Members 1..7 with their own habits; 3 joins on day 20, 4 has no history, 5 always sends, 6 ends on misses. */
function makeHistory(): OracleHistory {
  const next = random(42);
  const members = [1, 2, 3, 4, 5, 6, 7].map((id) => ({ id, year: [1, 2, 1, 3, 4, 2, 2][id - 1]! }));
  const status = new Map<number, Map<string, boolean>>();
  const attendance = new Map<number, Map<string, boolean>>();
  for (const { id } of members) {
    if (id === 4) continue;
    const sent = new Map<string, boolean>();
    const present = new Map<string, boolean>();
    for (let k = id === 3 ? 20 : 0; k < DAYS; k += 1) {
      const date = addDays(FIRST, k);
      sent.set(date, id === 5 || (id === 6 && k >= DAYS - 4) ? id === 5 : next() < 0.7);
      present.set(date, next() < 0.5);
    }
    status.set(id, sent);
    attendance.set(id, present);
  }
  return { members, status, attendance, breaks: [] };
}

const BREAKS: OracleBreak[] = [
  { start: '2024-01-18', end: '2024-01-21', year: null }, // over the history's first days
  { start: '2024-02-10', end: '2024-02-13', year: 2 }, // one study year only
  { start: '2024-02-29', end: '2024-03-01', year: null }, // across a month end
  { start: '2024-03-09', end: '2024-03-10', year: null }, // the history's last days
];

const RANGES: [string, string][] = [
  [FIRST, addDays(FIRST, DAYS - 1)],
  ['2024-01-31', '2024-02-01'],
  ['2024-02-01', '2024-02-29'],
  ['2024-03-01', '2024-03-31'],
  ['2024-01-21', '2024-02-12'],
  ['2024-02-29', '2024-02-29'],
  ['2023-12-01', '2023-12-31'],
  ['2024-01-01', '2024-12-31'],
];

for (const kind of storeKinds) {
  void t.test(kind, async (t) => {
    const deps = await openDeps(t, kind);
    const history = makeHistory();
    for (const { id, year } of history.members) {
      await deps.prisma.$executeRaw`
        INSERT INTO member (member_id, roll_no, name, email, sex, year, hostel, mac_address, discord_id, group_id)
        VALUES (${id}, ${`S${id}`}, ${`Member ${id}`}, ${`s${id}@club.example`}, 'M', ${year}, 'North',
                ${`02:00:00:00:00:0${id}`}, ${`d${id}`}, 1)`;
    }
    const rows = (table: Map<number, Map<string, boolean>>) =>
      [...table].flatMap(([memberId, days]) => [...days].map(([date, flag]) => ({ memberId, date, flag })));
    await deps.prisma.$executeRaw`
      INSERT INTO status_update (member_id, date, is_sent)
      SELECT (r->>'memberId')::int, (r->>'date')::date, (r->>'flag')::boolean
      FROM jsonb_array_elements(${JSON.stringify(rows(history.status))}::jsonb) AS r`;
    await deps.prisma.$executeRaw`
      INSERT INTO attendance (member_id, date, is_present, time_in, time_out)
      SELECT (r->>'memberId')::int, (r->>'date')::date, (r->>'flag')::boolean,
             CASE WHEN (r->>'flag')::boolean THEN time '10:00' END, CASE WHEN (r->>'flag')::boolean THEN time '12:00' END
      FROM jsonb_array_elements(${JSON.stringify(rows(history.attendance))}::jsonb) AS r`;
    const ids = history.members.map((member) => member.id);

    const compare = async (t: Test, label: string) => {
      const histories = await statusHistories(deps, ids);
      t.same(
        ids.map((id) => histories.get(id) ?? NO_HISTORY),
        history.members.map((member) => streakOf(history, member)),
        `${label}: streaks and misses`,
      );
      for (const [start, end] of RANGES) {
        const range = dateRange(start as ClubDate, end as ClubDate);
        const updates = await statusUpdateCounts(deps, ids, range);
        t.same(
          ids.map((id) => updates.get(id) ?? 0),
          ids.map((id) => updateCountOf(history, id, start, end)),
          `${label}: update counts ${start}..${end}`,
        );
        const counts = await attendanceCounts(deps, ids, range);
        t.same(
          ids.map((id) => counts.get(id)),
          ids.map((id) => attendanceCountsOf(history, id, start, end)),
          `${label}: attendance counts ${start}..${end}`,
        );
      }
    };

    await compare(t, 'no breaks');
    t.same(streakOf(history, history.members[4]!), { currentStreak: DAYS, maxStreak: DAYS, consecutiveMisses: 0 });
    t.same(streakOf(history, history.members[5]!).consecutiveMisses, 4, 'member 6 ends on four misses');

    for (const { start, end, year } of BREAKS) {
      await deps.prisma.$executeRaw`
        INSERT INTO status_break (start_date, end_date, year) VALUES (${start}::date, ${end}::date, ${year})`;
    }
    history.breaks = BREAKS;
    await compare(t, 'with breaks');
    t.same(
      streakOf(history, history.members[5]!),
      { currentStreak: 0, maxStreak: streakOf(history, history.members[5]!).maxStreak, consecutiveMisses: 2 },
      'the last two misses fall on a break',
    );
    t.same((await statusHistories(deps, [4, 999])).size, 0, 'no history, no row: NO_HISTORY');
  });
}
