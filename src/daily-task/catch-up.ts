// Self-healing: the days the server was down for at 00:30 are prepared when it
// next runs the task (at start-up and at every scheduled run), oldest first,
// up to today. The ledger says which days are done; days older than
// catchUpDays are left to an operator (the CLI's daily-task --from/--to).
import { addDays, type Clock, clubDate, systemClock } from '../domain/club-time.js';
import { formatNaiveDate } from '../domain/naive-date-time.js';
import type { PrismaClient } from '../db/prisma.js';
import { type DailyTaskResult, runDailyTask } from './run-daily-task.js';

export interface LedgerSummary {
  /** The earliest and the latest completed day, or null before the first run. */
  firstDone: Date | null;
  lastDone: Date | null;
  /** Completed days from the start of the catch-up window on. */
  doneInWindow: Date[];
}

export interface CatchUpPlan {
  days: Date[];
  /** Days after the last completed one that are too old to catch up, if any. */
  tooOld: { from: Date; to: Date } | null;
}

/**
 * Which days to prepare, oldest first: every day of the window (the last
 * catchUpDays days and today) that is not done, from the first day the task
 * ever ran on. Before the first run that is today only: a new installation
 * does not invent absences for days before it existed.
 */
export function planCatchUp(ledger: LedgerSummary, today: Date, catchUpDays: number): CatchUpPlan {
  if (!ledger.firstDone || !ledger.lastDone) return { days: [today], tooOld: null };
  const windowStart = addDays(today, -catchUpDays);
  const done = new Set(ledger.doneInWindow.map((day) => day.getTime()));
  const days: Date[] = [];
  for (let day = maxDate(windowStart, ledger.firstDone); day <= today; day = addDays(day, 1)) {
    if (!done.has(day.getTime())) days.push(day);
  }
  const firstMissed = addDays(ledger.lastDone, 1);
  const tooOld = firstMissed < windowStart ? { from: firstMissed, to: addDays(windowStart, -1) } : null;
  return { days, tooOld };
}

function maxDate(a: Date, b: Date): Date {
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
  tooOld: { from: string; to: string } | null;
}

export async function catchUp(prisma: PrismaClient, options: CatchUpOptions): Promise<CatchUpResult> {
  const { timeZone, catchUpDays, clock = systemClock, onDay } = options;
  const today = clubDate(clock(), timeZone);
  const plan = planCatchUp(await readLedger(prisma, addDays(today, -catchUpDays)), today, catchUpDays);
  const results = await runDays(prisma, plan.days, { timeZone, clock, onDay });
  const tooOld = plan.tooOld && { from: formatNaiveDate(plan.tooOld.from), to: formatNaiveDate(plan.tooOld.to) };
  return { results, tooOld };
}

/** Runs the task for each day in order; stops at the first failure. */
export async function runDays(
  prisma: PrismaClient,
  days: Date[],
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

async function readLedger(prisma: PrismaClient, windowStart: Date): Promise<LedgerSummary> {
  const [latest, inWindow] = await Promise.all([
    prisma.dailyTaskRun.aggregate({ _min: { day: true }, _max: { day: true } }),
    prisma.dailyTaskRun.findMany({
      where: { day: { gte: windowStart } },
      select: { day: true },
      orderBy: { day: 'asc' },
    }),
  ]);
  return { firstDone: latest._min.day, lastDone: latest._max.day, doneInWindow: inWindow.map((row) => row.day) };
}
