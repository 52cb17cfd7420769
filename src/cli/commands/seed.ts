import { refuseNonEmpty, seedDemoData } from '../../seed/demo-data.js';
import type { Command } from '../command.js';
import { UsageError, countOption, parseOptions, requireOption } from '../cli-errors.js';
import { describeStore, openConfiguredDatabase } from '../open-database.js';
import { type Progress, createProgress } from '../progress.js';

export const seedCommand: Command = {
  summary: 'fill an empty database with realistic demo data',
  usage: `Usage: root-cli seed --members N [--days K] [--force [--allow-production]]

Creates N members with K days of attendance and status-update history
ending yesterday (default 30), two status breaks, streaks, projects, monthly
summaries and the daily-task ledger, as if the server had run every day.
Refuses a database that has members.

  --members N   how many members (1 to 1000000)
  --days K      days of history (0 to 3660, default 30)
  --force       delete ALL members, attendance, summaries, streaks, status
                updates and breaks, projects and the daily-task ledger first
  --allow-production
                with --force, when ROOT_ENV is production: yes, delete the
                production data`,
  async run(args, { config, out, err }) {
    const options = parseOptions(args, {
      members: { type: 'string' },
      days: { type: 'string', default: '30' },
      force: { type: 'boolean', default: false },
      'allow-production': { type: 'boolean', default: false },
    });
    const members = countOption('members', requireOption('members', options.members), 1, 1_000_000);
    const days = countOption('days', options.days, 0, 3660);
    if (options.force && config().env === 'production' && !options['allow-production']) {
      throw new UsageError(
        "ROOT_ENV is production: --force would delete the club's real data. " +
          'Add --allow-production if that is really what you want.',
      );
    }
    const database = await openConfiguredDatabase(config());
    try {
      await refuseNonEmpty(database.prisma, options.force);
      err.write(`Seeding ${describeStore(config())}...\n`);
      const started = performance.now();
      // A bar on a terminal; otherwise one line per step, on stderr too (stdout is the summary).
      let progress: Progress | undefined;
      const result = await seedDemoData(database.prisma, {
        members,
        days,
        timeZone: config().timeZone,
        force: options.force,
        onStep: (done, _index, total) => (progress ??= createProgress(total, err)).step(done),
      });
      progress?.finish();
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      const history = result.history ? ` from ${result.history.from} to ${result.history.to}` : '';
      out(
        `Seeded ${result.members} members, ${result.attendanceRows} attendance rows${history}, ` +
          `${result.summaries} monthly summaries, ${result.statusUpdates} status updates, ` +
          `${result.statusBreaks} status breaks and ${result.projects} projects in ${seconds} s`,
      );
    } finally {
      await database.close();
    }
  },
};
