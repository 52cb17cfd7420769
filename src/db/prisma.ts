// The Prisma client over a store's driver adapter. Query events are always
// emitted so that logs (at trace level) and tests can see every SQL statement.
import { PrismaClient as GeneratedClient } from '../generated/prisma/client.js';
import type { Store } from './store.js';

export function createPrismaClient(store: Store) {
  return new GeneratedClient({
    adapter: store.adapter,
    log: [{ emit: 'event', level: 'query' }],
  });
}

export type PrismaClient = ReturnType<typeof createPrismaClient>;
