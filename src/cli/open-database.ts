// The store the server would use, from the same configuration, migrated
// first as the server does at start-up. The connect timeout applies (an
// unreachable database fails the command instead of hanging); statements
// have no timeout: an operator's seed or backfill may run for minutes, and
// Ctrl-C stops it.
import type { Config } from '../config.js';
import { type Database, openDatabase } from '../db/database.js';

export function openConfiguredDatabase(config: Config): Promise<Database> {
  const { databaseUrl, dataDir, timeZone } = config;
  return openDatabase({
    databaseUrl,
    dataDir,
    timeZone,
    poolSize: 2,
    connectTimeoutMs: config.database.connectTimeoutMs,
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
