// Opens the configured store, applies pending migrations before the server
// takes traffic, and exposes the Prisma client as app.prisma. A database that
// cannot be reached at start-up is retried with a growing delay, one log line
// per attempt, or ends start-up (ROOT_DB_STARTUP); once running, an outage is
// logged once, with a line when the database is back (src/db/availability.ts).
import fp from 'fastify-plugin';
import { type Availability, trackAvailability } from '../../db/availability.js';
import { openDatabase } from '../../db/database.js';
import type { PrismaClient } from '../../db/prisma.js';
import type { Store } from '../../db/store.js';

declare module 'fastify' {
  interface FastifyInstance {
    prisma: PrismaClient;
    store: Store;
    databaseAvailability: Availability;
  }
}

export interface DatabasePluginOptions {
  /** Aborts start-up's retries (the server is asked to stop while waiting for the database). */
  startupSignal?: AbortSignal;
}

export default fp<DatabasePluginOptions>(
  async (app, { startupSignal }) => {
    const { databaseUrl, dataDir, timeZone, database } = app.config;
    const availability = trackAvailability(app.log);
    const { store, prisma, applied, close } = await openDatabase({
      databaseUrl,
      dataDir,
      timeZone,
      connectTimeoutMs: database.connectTimeoutMs,
      statementTimeoutMs: database.statementTimeoutMs,
      onPoolError: (error) => app.log.warn({ err: error }, 'an idle database connection failed; it will be replaced'),
      availability,
      retry:
        database.onStartupFailure === 'retry'
          ? {
              signal: startupSignal,
              onRetry: ({ error, kind, attempt, delayMs }) =>
                app.log.warn(
                  { err: error, failure: kind, attempt, retryInMs: delayMs },
                  `database unreachable at start-up (${kind}); retrying in ${delayMs / 1000} s ` +
                    '(ROOT_DB_STARTUP=exit stops instead)',
                ),
            }
          : undefined,
    });
    app.log.info({ store: store.kind, applied }, applied.length ? 'database migrated' : 'database schema up to date');
    // Statement text only: parameters may hold personal data.
    prisma.$onQuery((event) => app.log.trace({ sql: event.query, durationMs: event.duration }, 'sql'));

    app.decorate('store', store);
    app.decorate('prisma', prisma);
    app.decorate('databaseAvailability', availability);
    // A store that is already gone (closed or crashed) must not fail the shutdown.
    app.addHook('onClose', () =>
      close().catch((error: unknown) => app.log.warn({ err: error }, 'closing the database store failed')),
    );
  },
  { name: 'database', dependencies: ['config'] },
);
