// Self-healing: the days the server was down for at 00:30 are prepared when it
// next runs the task (at start-up and at every scheduled run), oldest first,
// up to today. The ledger says which days are done; days older than
// catchUpDays are left to an operator (the CLI's daily-task --from/--to).
import { type ClubDate, addDays, clubDateAt } from '../calendar/club-date.js';
import { type Clock, systemClock } from '../calendar/clock.js';
import type { PrismaClient } from '../db/prisma.js';
import { Prisma } from '../generated/prisma/client.js';
import { type DailyTaskResult, runDailyTask } from './run-daily-task.js';

export interface LedgerSummary {
  /** The earliest and the latest completed day, or null before the first run. */
  firstDone: ClubDate | null;
  lastDone: ClubDate | null;
  /** Completed days from the start of the catch-up window on. */
  doneInWindow: ClubDate[];
}

export interface CatchUpPlan {
  days: ClubDate[];
  /** Days after the last completed one that are too old to catch up, if any. */
  tooOld: { from: ClubDate; to: ClubDate } | null;
}

/**
 * Which days to prepare, oldest first: every day of the window (the last
 * catchUpDays days and today) that is not done, from the first day the task
 * ever ran on. Before the first run that is today only: a new installation
 * does not invent absences for days before it existed.
 */
export function planCatchUp(ledger: LedgerSummary, today: ClubDate, catchUpDays: number): CatchUpPlan {
  if (!ledger.firstDone || !ledger.lastDone) return { days: [today], tooOld: null };
  const windowStart = addDays(today, -catchUpDays);
  const done = new Set(ledger.doneInWindow);
  const days: ClubDate[] = [];
  for (let day = maxDate(windowStart, ledger.firstDone); day <= today; day = addDays(day, 1)) {
    if (!done.has(day)) days.push(day);
  }
  const firstMissed = addDays(ledger.lastDone, 1);
  const tooOld = firstMissed < windowStart ? { from: firstMissed, to: addDays(windowStart, -1) } : null;
  return { days, tooOld };
}

function maxDate(a: ClubDate, b: ClubDate): ClubDate {
  return a > b ? a : b;
}

export interface CatchUpOptions {
  timeZone: string;
  catchUpDays: number;
  clock?: Clock;
  /** Called after each day, e.g. to log or draw progress. */
  onDay?: (result: DailyTaskResult, index: number, total: number) => void;
}

export interface CatchUpResult {
  results: DailyTaskResult[];
  tooOld: { from: ClubDate; to: ClubDate } | null;
}

export async function catchUp(prisma: PrismaClient, options: CatchUpOptions): Promise<CatchUpResult> {
  const { timeZone, catchUpDays, clock = systemClock, onDay } = options;
  const today = clubDateAt(clock(), timeZone);
  const plan = planCatchUp(await readLedger(prisma, addDays(today, -catchUpDays)), today, catchUpDays);
  const results = await runDays(prisma, plan.days, { timeZone, clock, onDay });
  return { results, tooOld: plan.tooOld };
}

/** Runs the task for each day in order; stops at the first failure. */
export async function runDays(
  prisma: PrismaClient,
  days: ClubDate[],
  options: { timeZone: string; clock?: Clock; redo?: boolean; onDay?: CatchUpOptions['onDay'] },
): Promise<DailyTaskResult[]> {
  const results: DailyTaskResult[] = [];
  for (const [index, day] of days.entries()) {
    const result = await runDailyTask(prisma, { ...options, day });
    results.push(result);
    options.onDay?.(result, index, days.length);
  }
  return results;
}

async function readLedger(prisma: PrismaClient, windowStart: ClubDate): Promise<LedgerSummary> {
  // Through $rows: at start-up this is the server's first read, and any
  // Prisma operation, even $queryRaw, would load its query compiler (about
  // 20 MB) for nothing the server's all-day requests need.
  const [ledger] = await prisma.$rows<{
    first: ClubDate | null;
    last: ClubDate | null;
    inWindow: ClubDate[];
  }>(Prisma.sql`
      SELECT min(day)::text AS first, max(day)::text AS last,
             coalesce(array_agg(day::text ORDER BY day) FILTER (WHERE day >= ${windowStart}::date), '{}') AS "inWindow"
      FROM daily_task_run`);
  return { firstDone: ledger!.first, lastDone: ledger!.last, doneInWindow: ledger!.inWindow };
}
