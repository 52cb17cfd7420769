import type { Command } from '../command.js';
import { parseOptions } from '../cli-errors.js';
import { describeStore, openConfiguredDatabase } from '../open-database.js';

export const migrateCommand: Command = {
  summary: 'apply pending migrations to the configured database',
  usage: `Usage: root-cli migrate

Applies the migrations in prisma/migrations that the database lacks, as the
server does at start-up, under the same lock and ledger (_prisma_migrations).`,
  async run(args, { config, out }) {
    parseOptions(args, {});
    const database = await openConfiguredDatabase(config());
    await database.close();
    const where = describeStore(config());
    out(
      database.applied.length
        ? `Applied ${database.applied.length} migration(s) to ${where}: ${database.applied.join(', ')}`
        : `${where} is up to date; no migration to apply`,
    );
  },
};
