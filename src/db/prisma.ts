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
//
// `$rows` runs one SQL statement on the same driver adapter under the same
// rules, without Prisma's query engine: for the all-day statements (a
// scanner's mark, the bot's report) that already select exactly what the wire
// shows. Through `$queryRaw` each of them was planned by Prisma's WebAssembly
// query compiler, interpreted and mapped again: without that, the API
// benchmark's marks and reads were answered 27-50 % faster, and a server
// that needs no model query never loads the compiler's 20 MB.
import { explainDatabaseError } from '../errors/constraint-violations.js';
import { databaseUnavailable, requestAbandoned } from '../errors/request-errors.js';
import { connectionFailure } from './connection-failure.js';
import { cancelSignal } from './statement-cancel.js';
import { PrismaClient as GeneratedClient, Prisma } from '../generated/prisma/client.js';
import type { ArgType, SqlDriverAdapter } from '@prisma/driver-adapter-utils';
import type { Store } from './store.js';

/** A statement sent: its text (never its parameters, which may hold personal data) and how long it took. */
export type StatementEvent = Pick<Prisma.QueryEvent, 'query' | 'duration'>;
export type QueryListener = (event: StatementEvent) => void;

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
  /** Runs one database operation under the rules above. */
  async function guarded<T>(operation: () => Promise<T>): Promise<T> {
    const signal = cancelSignal();
    if (signal?.aborted) throw requestAbandoned();
    let result: T;
    try {
      result = await operation();
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
  }
  const client = base.$extends({
    name: 'domain-errors',
    query: {
      $allOperations: ({ args, query }) => guarded(() => query(args)),
    },
  });
  // Connected once, on first use: on PostgreSQL it borrows from the store's pool, on PGlite it is the store.
  let adapter: Promise<SqlDriverAdapter> | undefined;
  return Object.assign(client, {
    /**
     * The rows of one statement, as objects keyed by column name, with the
     * values the driver adapter reads: integers and booleans as such, NULL as
     * null, and everything else (dates, times, bigints, numerics) as text, so
     * cast in SQL what the caller wants. Errors, cancels and outages behave as
     * for any Prisma operation.
     */
    async $rows<Row>(statement: Prisma.Sql): Promise<Row[]> {
      adapter ??= store.adapter.connect();
      const connected = await adapter;
      const { text, values } = statement;
      const { columnNames, rows } = await guarded(async () => {
        const started = performance.now();
        try {
          return await connected.queryRaw({ sql: text, args: values, argTypes: values.map(argType) });
        } finally {
          const event = { query: text, duration: performance.now() - started };
          for (const listener of listeners) listener(event);
        }
      });
      return rows.map((values) => {
        const row: Record<string, unknown> = {};
        for (let i = 0; i < columnNames.length; i += 1) row[columnNames[i]!] = values[i];
        return row as Row;
      });
    },
    /**
     * The rows of a read that returns many (a member's days, a day's
     * members), as $rows gives them. On the embedded store they come as one
     * JSON document: PGlite reads every row message in JavaScript, on its
     * own thread, and the rows then cross to this one; as one value, a
     * member page was answered 69 % faster (W2, side by side). On
     * PostgreSQL rows stay rows: pg reads them faster than the server writes
     * JSON (13 % slower that way, measured). For read-only statements (it
     * becomes a subquery) whose columns are integers, booleans, text or
     * arrays of them, which JSON gives as $rows does; a plain aggregate over
     * the ordered subquery keeps its order.
     */
    async $list<Row>(statement: Prisma.Sql): Promise<Row[]> {
      if (store.kind !== 'pglite') return this.$rows<Row>(statement);
      const [result] = await this.$rows<{ rows: string }>(
        Prisma.sql`SELECT COALESCE(json_agg(r), '[]')::text AS rows FROM (${statement}) AS r`,
      );
      return JSON.parse(result!.rows) as Row[];
    },
    /** The store's in-process delivery of notifications (PGlite; see Store). */
    $notifyInProcess: store.notifyInProcess,
    /** Calls `listener` with every statement sent; returns the function that stops it. */
    $onQuery(listener: QueryListener): () => void {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  });
}

/** Parameters go to the driver as they are (arrays as PostgreSQL arrays): no conversion is asked for. */
function argType(value: unknown): ArgType {
  return { scalarType: 'unknown', arity: Array.isArray(value) ? 'list' : 'scalar' };
}

export type PrismaClient = ReturnType<typeof createPrismaClient>;
