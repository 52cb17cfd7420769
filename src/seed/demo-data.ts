// Realistic demo data for trying the API and for benchmarks: members, a
// history of attendance (each member with their own habits, quieter
// weekends, times with microseconds), status updates with two breaks, streaks,
// projects, the summaries and the daily-task ledger as if the server had run
// every day. Set-based: a
// handful of statements whatever the size; 10,000 members x 365 days (3.65M
// rows) takes about a minute on a laptop's PostgreSQL, mostly index upkeep.
import { addDays, clubDateAt } from '../calendar/club-date.js';
import { type Clock, systemClock } from '../calendar/clock.js';
import type { PrismaClient } from '../db/prisma.js';
import { type RawSql, recomputeSummaries } from '../daily-task/attendance-summaries.js';

export interface SeedOptions {
  members: number;
  /** Days of history, ending yesterday (club time); today is left to the daily task. */
  days: number;
  timeZone: string;
  /** Delete all club data first instead of refusing a non-empty database. */
  force?: boolean;
  clock?: Clock;
  /** Called after each step (members, history, streaks…), e.g. to show progress. */
  onStep?: (done: string, index: number, total: number) => void;
}

export interface SeedResult {
  members: number;
  attendanceRows: number;
  summaries: number;
  projects: number;
  statusUpdates: number;
  statusBreaks: number;
  /** The history's first and last day, or null without history. */
  history: { from: string; to: string } | null;
}

export class SeedRefusedError extends Error {
  override name = 'SeedRefusedError';
}

// Alternately a man's and a woman's name, so that sex follows n's parity.
const FIRST_NAMES =
  'Aarav,Ananya,Vihaan,Diya,Arjun,Kavya,Ishaan,Meera,Rohan,Saanvi,Aditya,Nisha,Kabir,Tara,Rahul,Priya,Dev,Leela,Sameer,Isha';
const LAST_NAMES =
  'Sharma,Iyer,Nair,Gupta,Reddy,Menon,Das,Patel,Rao,Singh,Pillai,Kumar,Bose,Joshi,Varma,Shetty,Kapoor,Mishra,Chopra,Sen';
const PROJECTS =
  'Attendance scanner firmware,Discord bot,Members app,Club website,Line follower robot,Compiler course notes,' +
  'Home automation,CTF practice kit,Weather station,Chess engine,Open-source contributions,Drone telemetry';

export async function seedDemoData(prisma: PrismaClient, options: SeedOptions): Promise<SeedResult> {
  const { members, days, timeZone, force = false, clock = systemClock, onStep } = options;
  const steps = days > 0 ? 7 : 5;
  let stepsDone = 0;
  const step = (done: string) => onStep?.(done, (stepsDone += 1), steps);
  const today = clubDateAt(clock(), timeZone);
  const first = addDays(today, -days);
  const last = addDays(today, -1);
  return prisma.$transaction(
    async (tx) => {
      // Bulk statements on fresh tables: JIT compilation costs more than it saves here.
      await tx.$executeRaw`SET LOCAL jit = off`;
      await refuseNonEmpty(tx, force);
      // Without members the ledger records runs that did nothing; it is rewritten below.
      await tx.$executeRaw`TRUNCATE member, attendance, attendance_summary, status_update_streak, project,
        status_update, status_break, daily_task_run RESTART IDENTITY CASCADE`;
      await tx.$executeRaw`
        INSERT INTO member (roll_no, name, email, sex, year, hostel, mac_address, discord_id, group_id, created_at)
        SELECT 'B' || (26 - year) || (ARRAY['CS','EE','ME','CE','EC'])[1 + n % 5] || lpad(n::text, 6, '0'),
               first_name || ' ' || last_name,
               lower(first_name || '.' || last_name) || n || '@club.example',
               (CASE WHEN n % 17 = 0 THEN 'Other' WHEN n % 2 = 0 THEN 'M' ELSE 'F' END)::"Sex",
               year,
               (ARRAY['North','South','East','West','Lake View'])[1 + n % 5],
               '02:' || substr(hex, 1, 2) || ':' || substr(hex, 3, 2) || ':' || substr(hex, 5, 2) || ':'
                 || substr(hex, 7, 2) || ':' || substr(hex, 9, 2),
               (700000000000000000 + n::bigint * 1046527)::text,
               1 + n % 8,
               (${first}::date - 30)::timestamp AT TIME ZONE ${timeZone} + n * interval '1 second'
        FROM (
          SELECT n, 1 + n % 4 AS year, lpad(to_hex(n), 10, '0') AS hex,
                 (string_to_array(${FIRST_NAMES}, ','))[1 + n % 20] AS first_name,
                 (string_to_array(${LAST_NAMES}, ','))[1 + (n / 20) % 20] AS last_name
          FROM generate_series(1, ${members}) AS n
        ) AS people`;
      step(`members: ${members}`);
      const attendanceRows = days > 0 ? await insertHistory(tx, first, last, timeZone) : 0;
      if (days > 0) step(`attendance rows: ${attendanceRows}`);
      const statusUpdates = days > 0 ? await insertStatusHistory(tx, first, last) : 0;
      // A club-wide break and one for the final year, in the last fortnight.
      const statusBreaks = await tx.$executeRaw`
        INSERT INTO status_break (start_date, end_date, year, reason)
        VALUES (${today}::date - 10, ${today}::date - 9, NULL, 'Mid-semester break'),
               (${today}::date - 3, ${today}::date - 2, 4, 'Final-year exams')`;
      step(`status updates: ${statusUpdates}, breaks: ${statusBreaks}`);
      await tx.$executeRaw`
        INSERT INTO status_update_streak (member_id, current_streak, max_streak)
        SELECT member_id, streak, greatest(streak, 0) + floor(random() * 15)::int
        FROM (SELECT member_id, floor(random() * 36)::int - 5 AS streak FROM member) AS streaks`;
      step('streaks');
      const projects = await tx.$executeRaw`
        INSERT INTO project (member_id, title)
        SELECT member_id, (string_to_array(${PROJECTS}, ','))[1 + (member_id * 7 + n * 5) % 12]
        FROM member CROSS JOIN generate_series(1, 3) AS n
        WHERE n <= member_id % 4`;
      step(`projects: ${projects}`);
      // As the daily task leaves them after its run for the history's last day:
      // that day itself is counted by the next run.
      const before = days > 0 ? last : today;
      const summaries = await recomputeSummaries(tx, { before, changedSince: null });
      step(`monthly summaries: ${summaries}`);
      if (days > 0) {
        // As if the task had run at 00:30 on each day of the history.
        await tx.$executeRaw`
          INSERT INTO daily_task_run (day, started_at, finished_at, absent_rows, summary_rows)
          SELECT day, started, started + interval '0.2 seconds', ${members}, ${members}
          FROM (SELECT d::date AS day, (d::date + time '00:30')::timestamp AT TIME ZONE ${timeZone} AS started
                FROM generate_series(${first}::date, ${last}::date, interval '1 day') AS d) AS runs`;
        step(`daily-task ledger: ${days} days`);
      }
      return {
        members,
        attendanceRows,
        summaries,
        projects,
        statusUpdates,
        statusBreaks,
        history: days > 0 ? { from: first, to: last } : null,
      };
    },
    { maxWait: 60_000, timeout: 3_600_000 },
  );
}

/**
 * Throws SeedRefusedError when the database has members, unless force. The
 * seed checks inside its transaction; the CLI also checks before it starts.
 */
export async function refuseNonEmpty(client: RawSql, force: boolean): Promise<void> {
  if (force) return;
  const [{ count }] = (await client.$queryRaw<{ count: number }[]>`SELECT count(*)::int AS count FROM member`) as [
    { count: number },
  ];
  if (count > 0) {
    throw new SeedRefusedError(
      `the database already has ${count} member${count === 1 ? '' : 's'}; seed fills an empty database only ` +
        '(--force deletes all members, attendance, summaries, streaks, projects and the daily-task ledger first)',
    );
  }
}

/**
 * One row per member and day: present with a member's own likelihood (less
 * on weekends), in between 09:00 and 12:00 and out up to nine hours later.
 * Rows are stamped as the daily task and the scanners would have stamped them.
 */
function insertHistory(tx: RawSql, first: string, last: string, timeZone: string) {
  return tx.$executeRaw`
    INSERT INTO attendance (member_id, date, is_present, time_in, time_out, created_at, updated_at)
    SELECT member_id, day, present,
           CASE WHEN present THEN time_in END,
           CASE WHEN present THEN time_in + stay END,
           (day + time '00:30') AT TIME ZONE ${timeZone},
           (day + CASE WHEN present THEN time_in + stay ELSE time '00:30' END) AT TIME ZONE ${timeZone}
    FROM (
      SELECT m.member_id, d::date AS day,
             random() < (0.3 + 0.65 * ((m.member_id * 7919) % 100) / 100.0)
               * CASE extract(isodow FROM d) WHEN 7 THEN 0.25 WHEN 6 THEN 0.6 ELSE 1 END AS present,
             time '09:00' + random() * interval '3 hours' AS time_in,
             random() * interval '9 hours' AS stay
      FROM member AS m CROSS JOIN generate_series(${first}::date, ${last}::date, interval '1 day') AS d
    ) AS days`;
}

/**
 * One status entry per member and day of the history, as the daily task
 * leaves them, sent with a member's own likelihood (some send almost every
 * day, some rarely), so streaks and misses of every length show.
 */
function insertStatusHistory(tx: RawSql, first: string, last: string) {
  return tx.$executeRaw`
    INSERT INTO status_update (member_id, date, is_sent)
    SELECT m.member_id, d::date, random() < 0.35 + 0.6 * ((m.member_id * 4099) % 100) / 100.0
    FROM member AS m CROSS JOIN generate_series(${first}::date, ${last}::date, interval '1 day') AS d`;
}
