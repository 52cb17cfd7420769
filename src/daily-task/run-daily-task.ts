// The daily task for one club day D: an absent row for every member without a row
// for D, an unsent status entry on D - 1 for every member without one, and
// monthly summaries brought up to date with every day before D.
// One transaction of seven statements whatever the number of members; a
// transaction-scoped advisory lock and the daily_task_run ledger make sure
// that, of several replicas running it for D at once, exactly one does it.
import { type ClubDate, clubDateAt } from '../calendar/club-date.js';
import { type Clock, systemClock } from '../calendar/clock.js';
import type { PrismaClient } from '../db/prisma.js';
import { insertYesterdaysEntries } from '../status/status-updates.js';
import { withStatementTimeout } from '../db/statement-deadline.js';
import { type RawSql, recomputeSummaries } from './attendance-summaries.js';

/** Arbitrary constant shared by every Root process (the migrator uses 7_240_001). */
const DAILY_TASK_LOCK_KEY = 7_240_002;

// A mark stamps updated_at when its statement starts but may commit just after
// a run read the table; looking back this far from the previous run's start
// still finds it. Marks are single statements of milliseconds.
const LATE_COMMIT_MARGIN = '15 minutes';

// The whole run may take this long (the transaction's timeout), and so may
// one statement: waiting for another replica's run, or a first run recounting
// every month, outlasts the server's request-sized ROOT_DB_STATEMENT_TIMEOUT_MS.
const RUN_TIMEOUT_MS = 600_000;

export interface DailyTaskOptions {
  /** The club day to prepare. */
  day: ClubDate;
  timeZone: string;
  clock?: Clock;
  /** Work even if the ledger lists the day as done (safe: the work is idempotent). */
  redo?: boolean;
}

export interface DailyTaskResult {
  day: string;
  status: 'done' | 'already-done';
  /** Absent rows created for the day. */
  absentRows: number;
  /** Status entries created for the day before. */
  statusEntries: number;
  /** Summary rows inserted or changed. */
  summaryRows: number;
}

export class FutureDayError extends Error {
  override name = 'FutureDayError';
}

interface LedgerState {
  done: boolean;
  changed_since: Date | null;
  before: string;
}

export async function runDailyTask(prisma: PrismaClient, options: DailyTaskOptions): Promise<DailyTaskResult> {
  const { day, timeZone, clock = systemClock, redo = false } = options;
  const date = day;
  const today = clubDateAt(clock(), timeZone);
  if (day > today) {
    throw new FutureDayError(`${date} is in the future (today is ${today} in ${timeZone})`);
  }
  return withStatementTimeout(RUN_TIMEOUT_MS, () =>
    prisma.$transaction(
      async (tx) => {
        // The planner cannot know a month holds about a month of rows, overestimates
        // the summary statement a thousandfold and would spend longer compiling
        // it (JIT) than running it.
        await tx.$executeRaw`SELECT set_config('statement_timeout', ${String(RUN_TIMEOUT_MS)}, true), set_config('jit', 'off', true)`;
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${DAILY_TASK_LOCK_KEY})`;
        // Read after the lock: a replica that held it before us has committed by now.
        const [state] = await tx.$queryRaw<LedgerState[]>`
        SELECT EXISTS (SELECT 1 FROM daily_task_run WHERE day = ${date}::date) AS done,
               (SELECT max(started_at) - ${LATE_COMMIT_MARGIN}::interval FROM daily_task_run) AS changed_since,
               greatest(${date}::date, (SELECT max(day) FROM daily_task_run))::text AS before`;
        if (state!.done && !redo)
          return { day: date, status: 'already-done', absentRows: 0, statusEntries: 0, summaryRows: 0 };

        const absentRows = await insertAbsentRows(tx, date, timeZone);
        const statusEntries = await insertYesterdaysEntries(tx, date, timeZone);
        // Summaries cover every day before the latest prepared day, so that
        // preparing an old day (catch-up, an operator's backfill) never drops
        // days a later run had counted.
        const summaryRows = await recomputeSummaries(tx, { before: state!.before, changedSince: state!.changed_since });
        await tx.$executeRaw`
        INSERT INTO daily_task_run (day, started_at, finished_at, absent_rows, summary_rows)
        VALUES (${date}::date, now(), clock_timestamp(), ${absentRows}, ${summaryRows})
        ON CONFLICT (day) DO UPDATE SET started_at = EXCLUDED.started_at, finished_at = EXCLUDED.finished_at,
          absent_rows = EXCLUDED.absent_rows, summary_rows = EXCLUDED.summary_rows`;
        return { day: date, status: 'done', absentRows, statusEntries, summaryRows };
      },
      // A replica may wait for another's run; a first run rebuilds every summary.
      { maxWait: 60_000, timeout: RUN_TIMEOUT_MS },
    ),
  );
}

/**
 * Members who existed by the end of D (club time) and have no row for D get
 * an absent one; a concurrent mark that created the row first wins.
 */
function insertAbsentRows(sql: RawSql, date: string, timeZone: string): Promise<number> {
  return sql.$executeRaw`
    INSERT INTO attendance (member_id, date)
    SELECT member_id, ${date}::date FROM member
    WHERE created_at < (${date}::date + 1)::timestamp AT TIME ZONE ${timeZone}
    ON CONFLICT (member_id, date) DO NOTHING`;
}
