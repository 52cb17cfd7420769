import { catchUp, runDays } from '../../daily-task/catch-up.js';
import type { DailyTaskResult } from '../../daily-task/run-daily-task.js';
import { type ClubDate, addDays, clubDateAt, daysBetween } from '../../calendar/club-date.js';
import type { Command } from '../command.js';
import { UsageError, dateOption, parseOptions } from '../cli-errors.js';
import { openConfiguredDatabase } from '../open-database.js';
import { type Progress, createProgress } from '../progress.js';

const MAX_RANGE_DAYS = 3660;

export const dailyTaskCommand: Command = {
  summary: 'run the daily task for a day or a range of days (default: catch up to today)',
  usage: `Usage: root-cli daily-task [--date YYYY-MM-DD | --from YYYY-MM-DD --to YYYY-MM-DD] [--redo]

Prepares each day as the server's 00:30 job does: an absent row for every
member without one, an unsent status entry for the day before for every
member without one, and monthly summaries up to the day before. Without a
date, catches up every missed day up to today (DAILY_TASK_CATCH_UP_DAYS
bounds how far back). Days in the ledger are skipped unless --redo; either
way the work is idempotent. Dates are club dates (ROOT_TIMEZONE); a future
day is refused.`,
  async run(args, { config, out, err }) {
    const options = parseOptions(args, {
      date: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      redo: { type: 'boolean', default: false },
    });
    const { timeZone, catchUpDays } = config();
    const today = clubDateAt(new Date(), timeZone);
    const days = requestedDays(options, today, timeZone);

    const database = await openConfiguredDatabase(config());
    try {
      // A bar on a terminal (stderr); otherwise one plain line per day with the results.
      const stream = err.isTTY ? err : { write: (text: string) => out(text.replace(/\n$/, '')) };
      let progress: Progress | undefined;
      const onDay = (result: DailyTaskResult, _index: number, total: number) => {
        progress ??= createProgress(total, stream);
        progress.step(describe(result));
      };
      let results: DailyTaskResult[];
      if (days) {
        results = await runDays(database.prisma, days, { timeZone, redo: options.redo, onDay });
      } else {
        const caughtUp = await catchUp(database.prisma, { timeZone, catchUpDays, onDay });
        results = caughtUp.results;
        if (caughtUp.tooOld) {
          err.write(
            `Days ${caughtUp.tooOld.from} to ${caughtUp.tooOld.to} are older than DAILY_TASK_CATCH_UP_DAYS; ` +
              'prepare them with --from and --to\n',
          );
        }
      }
      progress?.finish();
      const done = results.filter((result) => result.status === 'done').length;
      out(`Daily task: ${done} day(s) prepared, ${results.length - done} already done`);
    } finally {
      await database.close();
    }
  },
};

function describe(result: DailyTaskResult): string {
  return result.status === 'done'
    ? `${result.day} done: ${result.absentRows} absent rows, ${result.statusEntries} status entries, ${result.summaryRows} summaries updated`
    : `${result.day} already done`;
}

/** The days asked for, oldest first; undefined means "catch up". */
function requestedDays(
  options: { date?: string; from?: string; to?: string; redo: boolean },
  today: ClubDate,
  timeZone: string,
): ClubDate[] | undefined {
  if (options.date !== undefined && (options.from !== undefined || options.to !== undefined)) {
    throw new UsageError('give either --date or --from and --to, not both');
  }
  if ((options.from === undefined) !== (options.to === undefined)) throw new UsageError('--from and --to go together');
  if (options.date === undefined && options.from === undefined) {
    if (options.redo) throw new UsageError('--redo needs the days to redo: --date, or --from and --to');
    return undefined;
  }
  const [from, to] =
    options.date !== undefined
      ? [dateOption('date', options.date), dateOption('date', options.date)]
      : [dateOption('from', options.from!), dateOption('to', options.to!)];
  if (to > today) {
    throw new UsageError(`${to} is in the future (today is ${today} in ${timeZone})`);
  }
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  const count = daysBetween(from, to) + 1;
  if (count > MAX_RANGE_DAYS) throw new UsageError(`at most ${MAX_RANGE_DAYS} days at a time, asked for ${count}`);
  return Array.from({ length: count }, (_, index) => addDays(from, index));
}
