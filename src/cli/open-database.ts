// The store the server would use, from the same configuration, migrated
// first as the server does at start-up.
import type { Config } from '../config.js';
import { type Database, openDatabase } from '../db/database.js';

export function openConfiguredDatabase(config: Config): Promise<Database> {
  const { databaseUrl, dataDir, timeZone } = config;
  return openDatabase({
    databaseUrl,
    dataDir,
    timeZone,
    poolSize: 2,
    onPoolError: (error) =>
      void process.stderr.write(`root-cli: an idle database connection failed: ${error.message}\n`),
  });
}

/** Where the data lives, for the operator; never the credentials. */
export function describeStore(config: Config): string {
  if (!config.databaseUrl) return `embedded PostgreSQL (PGlite) in ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  return `PostgreSQL ${url.hostname}${url.port ? `:${url.port}` : ''}${url.pathname}`;
}
