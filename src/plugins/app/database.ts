// Opens the configured store, applies pending migrations before the server
// takes traffic, and exposes the Prisma client as app.prisma.
import fp from 'fastify-plugin';
import { openDatabase } from '../../db/database.js';
import type { PrismaClient } from '../../db/prisma.js';
import type { Store } from '../../db/store.js';

declare module 'fastify' {
  interface FastifyInstance {
    prisma: PrismaClient;
    store: Store;
  }
}

export default fp(
  async (app) => {
    const { databaseUrl, dataDir, timeZone } = app.config;
    const { store, prisma, applied, close } = await openDatabase({
      databaseUrl,
      dataDir,
      timeZone,
      onPoolError: (error) => app.log.warn({ err: error }, 'an idle database connection failed; it will be replaced'),
    });
    app.log.info({ store: store.kind, applied }, applied.length ? 'database migrated' : 'database schema up to date');
    // Statement text only: parameters may hold personal data.
    prisma.$onQuery((event) => app.log.trace({ sql: event.query, durationMs: event.duration }, 'sql'));

    app.decorate('store', store);
    app.decorate('prisma', prisma);
    // A store that is already gone (closed or crashed) must not fail the shutdown.
    app.addHook('onClose', () =>
      close().catch((error: unknown) => app.log.warn({ err: error }, 'closing the database store failed')),
    );
  },
  { name: 'database', dependencies: ['config'] },
);
