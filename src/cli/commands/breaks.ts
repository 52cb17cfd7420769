import { addStatusBreak, listStatusBreaks, removeStatusBreak, type StatusBreak } from '../../status/status-breaks.js';
import type { Deps } from '../../deps.js';
import { systemClock } from '../../calendar/clock.js';
import { DomainError } from '../../errors/domain-error.js';
import type { Command, CommandContext } from '../command.js';
import { UsageError, countOption, dateOption, parseOptions, requireOption } from '../cli-errors.js';
import { openConfiguredDatabase } from '../open-database.js';

const usage = `Usage: root-cli breaks add --from YYYY-MM-DD --to YYYY-MM-DD [--year N] [--reason TEXT]
       root-cli breaks list
       root-cli breaks remove --id N

Status breaks are days on which nobody (or, with --year, only that study
year) is expected to send a status update: they neither break nor extend a
streak. Dates are club dates, both included. "add" and "remove" print the
break; "list" prints one line per break, by first day.`;

export const breaksCommand: Command = {
  summary: 'add, list or remove status breaks (days without status updates)',
  usage,
  async run(args, context) {
    const [action, ...rest] = args;
    if (action === 'add') {
      const options = parseOptions(rest, {
        from: { type: 'string' },
        to: { type: 'string' },
        year: { type: 'string' },
        reason: { type: 'string' },
      });
      const startDate = dateOption('from', requireOption('from', options.from));
      const endDate = dateOption('to', requireOption('to', options.to));
      if (startDate > endDate) throw new UsageError(`--from ${startDate} is after --to ${endDate}`);
      const year = options.year === undefined ? null : countOption('year', options.year, 1, 4);
      const added = await withDeps(context, (deps) =>
        addStatusBreak(deps, { startDate, endDate, year, reason: options.reason }),
      );
      context.out(`Added ${describe(added)}`);
    } else if (action === 'list') {
      parseOptions(rest, {});
      const breaks = await withDeps(context, listStatusBreaks);
      if (!breaks.length) context.out('No status breaks');
      for (const item of breaks) context.out(describe(item));
    } else if (action === 'remove') {
      const options = parseOptions(rest, { id: { type: 'string' } });
      const id = countOption('id', requireOption('id', options.id), 1, 2_147_483_647);
      const removed = await withDeps(context, (deps) => removeStatusBreak(deps, id));
      context.out(`Removed ${describe(removed)}`);
    } else {
      throw new UsageError(action === undefined ? 'breaks needs add, list or remove' : `unknown action "${action}"`);
    }
  },
};

function describe(item: StatusBreak): string {
  const who = item.year === null ? 'everyone' : `year ${item.year}`;
  return `break ${item.id}: ${item.startDate} to ${item.endDate}, ${who}${item.reason ? ` (${item.reason})` : ''}`;
}

async function withDeps<T>({ config }: CommandContext, work: (deps: Deps) => Promise<T>): Promise<T> {
  const database = await openConfiguredDatabase(config());
  try {
    return await work({ prisma: database.prisma, clock: systemClock, timeZone: config().timeZone });
  } catch (error) {
    // An unknown id is the operator's mistake, not a broken database.
    if (error instanceof DomainError) throw new Error(error.message, { cause: error });
    throw error;
  } finally {
    await database.close();
  }
}
