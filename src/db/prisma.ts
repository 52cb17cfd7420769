// The Prisma client over a store's driver adapter, extended so that every
// failed statement whose constraint means something to a client (a
// duplicate email, an unknown member, a future presence) rejects with that
// domain error: the one place database errors are translated, whoever wrote.
// A statement that failed because the database cannot be reached or did not
// answer in time (connection-failure.ts) rejects with DATABASE_UNAVAILABLE
// (HTTP 503 with Retry-After), and the availability hooks hear of it and of
// the next answer, so an outage is logged once with its recovery.
// Work whose client went away (statement-cancel.ts) is refused before each
// operation, and whatever its statements failed with then rejects as
// REQUEST_ABANDONED: a cancelled statement is not an outage.
// Every statement is also reported to the query listeners (trace logs, the
// tests' statement counters); an extended client has no $on of its own.
import { explainDatabaseError } from '../errors/constraint-violations.js';
import { databaseUnavailable, requestAbandoned } from '../errors/request-errors.js';
import { connectionFailure } from './connection-failure.js';
import { cancelSignal } from './statement-cancel.js';
import { PrismaClient as GeneratedClient, type Prisma } from '../generated/prisma/client.js';
import type { Store } from './store.js';

export type QueryListener = (event: Prisma.QueryEvent) => void;

/** Told of every statement's outcome as far as reaching the database goes. */
export interface AvailabilityHooks {
  /** A statement failed because the database could not be reached or did not answer; `kind` says how. */
  unreachable(error: unknown, kind: string): void;
  /** The database answered (a result, or an error of the statement's own). */
  answered(): void;
}

export function createPrismaClient(store: Store, availability?: AvailabilityHooks) {
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
        const signal = cancelSignal();
        if (signal?.aborted) throw requestAbandoned();
        let result: unknown;
        try {
          result = await query(args);
        } catch (error) {
          if (signal?.aborted) throw Object.assign(requestAbandoned(), { cause: error });
          const kind = connectionFailure(error);
          if (kind) {
            availability?.unreachable(error, kind);
            throw Object.assign(databaseUnavailable(), { cause: error });
          }
          availability?.answered();
          throw explainDatabaseError(error);
        }
        availability?.answered();
        return result;
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
