import type { Command } from '../command.js';
import { ExitCode, parseOptions } from '../cli-errors.js';
import { describeStore } from '../open-database.js';
import { readMigrations } from '../../db/migrator.js';
import { isUpToDate, readMigrationStatus } from '../../db/migration-status.js';
import { openStore } from '../../db/store.js';

export const statusCommand: Command = {
  summary: 'show which migrations the configured database lacks (changes nothing)',
  usage: `Usage: root-cli status

Compares the database's migration ledger (_prisma_migrations) with
prisma/migrations, as \`prisma migrate status\` does, without applying
anything. Exits 0 when the database is up to date, 1 otherwise.`,
  async run(args, { config, out }) {
    parseOptions(args, {});
    const { databaseUrl, dataDir, timeZone } = config();
    const migrations = await readMigrations();
    const store = await openStore({ databaseUrl, dataDir, timeZone, poolSize: 1 });
    let status;
    try {
      status = await store.withSession((session) => readMigrationStatus(session, migrations));
    } finally {
      await store.close();
    }
    out(`${migrations.length} migration(s) in prisma/migrations; ${describeStore(config())}:`);
    if (isUpToDate(status)) {
      out('Database schema is up to date.');
      return ExitCode.ok;
    }
    const list = (names: string[]) => names.map((name) => `  ${name}`);
    const sections: [string[], string][] = [
      [status.failed, 'Failed and not rolled back (see docs/operations.md, "When something is wrong"):'],
      [status.changed, 'Changed after they were applied:'],
      [status.unknown, 'Applied, but missing from prisma/migrations:'],
      [status.pending, 'Not yet applied (npm run db:migrate applies them):'],
    ];
    for (const [names, title] of sections) if (names.length) [title, ...list(names)].forEach((line) => out(line));
    return ExitCode.failure;
  },
};
