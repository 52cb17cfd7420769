// The Prisma client over a store's driver adapter, extended so that every
// failed statement whose constraint means something to a client (a
// duplicate email, an unknown member, a future presence) rejects with that
// domain error: the one place database errors are translated, whoever wrote.
// Every statement is also reported to the query listeners (trace logs, the
// tests' statement counters); an extended client has no $on of its own.
import { explainDatabaseError } from '../errors/constraint-violations.js';
import { PrismaClient as GeneratedClient, type Prisma } from '../generated/prisma/client.js';
import type { Store } from './store.js';

export type QueryListener = (event: Prisma.QueryEvent) => void;

export function createPrismaClient(store: Store) {
  const base = new GeneratedClient({
    adapter: store.adapter,
    log: [{ emit: 'event', level: 'query' }],
  });
  const listeners = new Set<QueryListener>();
  base.$on('query', (event) => {
    for (const listener of listeners) listener(event);
  });
  const client = base.$extends({
    name: 'domain-errors',
    query: {
      async $allOperations({ args, query }) {
        try {
          return (await query(args)) as unknown;
        } catch (error) {
          throw explainDatabaseError(error);
        }
      },
    },
  });
  return Object.assign(client, {
    /** Calls `listener` with every statement sent; returns the function that stops it. */
    $onQuery(listener: QueryListener): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  });
}

export type PrismaClient = ReturnType<typeof createPrismaClient>;
