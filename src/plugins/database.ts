// Opens the configured store, applies pending migrations before the server
// takes traffic, and exposes the Prisma client as app.prisma.
import fp from 'fastify-plugin';
import { applyMigrations, readMigrations } from '../db/migrator.js';
import { type PrismaClient, createPrismaClient } from '../db/prisma.js';
import { type Store, openStore } from '../db/store.js';

declare module 'fastify' {
  interface FastifyInstance {
    prisma: PrismaClient;
    store: Store;
  }
}

export default fp(
  async (app) => {
    const { databaseUrl, dataDir, timeZone } = app.config;
    const store = await openStore({ databaseUrl, dataDir, timeZone });
    try {
      const migrations = await readMigrations();
      const applied = await store.withSession((session) => applyMigrations(session, migrations));
      app.log.info({ store: store.kind, applied }, applied.length ? 'database migrated' : 'database schema up to date');
    } catch (error) {
      await store.close();
      throw error;
    }

    const prisma = createPrismaClient(store);
    // Statement text only: parameters may hold personal data.
    prisma.$on('query', (event) => app.log.trace({ sql: event.query, durationMs: event.duration }, 'sql'));

    app.decorate('store', store);
    app.decorate('prisma', prisma);
    app.addHook('onClose', async () => {
      await prisma.$disconnect();
      // A store that is already gone (closed or crashed) must not fail the shutdown.
      await store.close().catch((error: unknown) => app.log.warn({ err: error }, 'closing the database store failed'));
    });
  },
  { name: 'database', dependencies: ['config'] },
);
