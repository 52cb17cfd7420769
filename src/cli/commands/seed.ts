import { seedDemoData } from '../../seed/demo-data.js';
import type { Command } from '../command.js';
import { countOption, parseOptions, requireOption } from '../cli-errors.js';
import { describeStore, openConfiguredDatabase } from '../open-database.js';

export const seedCommand: Command = {
  summary: 'fill an empty database with realistic demo data',
  usage: `Usage: root-cli seed --members N [--days K] [--force]

Creates N members with K days of attendance and status-update history
ending yesterday (default 30), two status breaks, streaks, projects, monthly
summaries and the daily-task ledger, as if the server had run every day.
Refuses a database that has members.

  --members N   how many members (1 to 1000000)
  --days K      days of history (0 to 3660, default 30)
  --force       delete ALL members, attendance, summaries, streaks, status
                updates and breaks, projects and the daily-task ledger first`,
  async run(args, { config, out, err }) {
    const options = parseOptions(args, {
      members: { type: 'string' },
      days: { type: 'string', default: '30' },
      force: { type: 'boolean', default: false },
    });
    const members = countOption('members', requireOption('members', options.members), 1, 1_000_000);
    const days = countOption('days', options.days, 0, 3660);
    const database = await openConfiguredDatabase(config());
    try {
      err.write(`Seeding ${describeStore(config())}...\n`);
      const started = performance.now();
      const result = await seedDemoData(database.prisma, {
        members,
        days,
        timeZone: config().timeZone,
        force: options.force,
      });
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
