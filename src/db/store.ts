// Opens the database the configuration names: a PostgreSQL server when
// DATABASE_URL is set, else an embedded PostgreSQL (PGlite) in a data
// directory. Both give the same three things: a way to run plain SQL scripts
// (migrations), a Prisma driver adapter, and a close.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite } from '@electric-sql/pglite';
import type { PGliteThread } from './pglite-thread.js';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import type { SqlDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import { lockDataDir } from './data-dir-lock.js';
import { type NotificationHandlers, type Unlisten, listenPostgres } from './notification-listener.js';
import { preparedStatementNames } from './prepared-statements.js';
import { withoutCancelSignal } from './statement-cancel.js';
import { clientWithDeadline } from './statement-deadline.js';

/** Plain SQL access below Prisma, used for migrations and health checks. */
export interface SqlSession {
  /** Runs a script of one or more statements without parameters. */
  exec(script: string): Promise<void>;
  query<Row>(text: string, params?: unknown[]): Promise<Row[]>;
}

export interface Store {
  kind: 'postgresql' | 'pglite';
  adapter: SqlDriverAdapterFactory;
  /** Runs fn on one dedicated connection (session-level locks hold across its statements). */
  withSession<T>(fn: (session: SqlSession) => Promise<T>): Promise<T>;
  /**
   * LISTENs on a channel: NOTIFYs committed by any connection (any replica on
   * PostgreSQL; this process on PGlite) reach `handlers`. On PostgreSQL a
   * dedicated connection listens and reconnects when lost (see
   * notification-listener.ts); PGlite runs in-process and cannot lose it.
   */
  listen(channel: string, handlers: NotificationHandlers): Promise<Unlisten>;
  /**
   * PGlite only: delivers a notification to this process's listeners
   * directly. They are all the listeners an embedded store has, so a write
   * announces itself this way once it has committed, without PostgreSQL's
   * notification queue (a fifth of an embedded mark's cost, measured).
   */
  notifyInProcess?: (channel: string, payload: string) => void;
  /**
   * PGlite only: vacuums and analyzes the whole database. PGlite runs no
   * autovacuum (it has no background workers), so without this its tables
   * would never be analyzed for the planner, their dead rows never reclaimed
   * and their pages never marked all-visible for index-only scans; the
   * scheduler calls it once a day (see plugins/app/scheduler.ts).
   */
  vacuum?: () => Promise<void>;
  close(): Promise<void>;
  /** Pooled connections open, idle and requests waiting for one (PostgreSQL; PGlite has one connection). */
  poolStats(): { total: number; idle: number; waiting: number };
}

export interface StoreOptions {
  databaseUrl: string | undefined;
  /** PGlite data directory; `memory://` keeps the database in memory (tests). */
  dataDir: string;
  timeZone: string;
  /** Upper bound of pooled PostgreSQL connections. */
  poolSize?: number;
  /**
   * Told when an idle pooled connection fails (the server restarted, a
   * network cut). The pool drops that connection and opens another when
   * needed; without a listener the error would crash the process.
   */
  onPoolError?: (error: Error) => void;
  /**
   * PostgreSQL only (PGlite has no network): how long opening a connection,
   * or waiting for a pooled one, may take. Unset: no limit.
   */
  connectTimeoutMs?: number;
  /**
   * PostgreSQL only: statement_timeout of pooled sessions, and the client's
   * deadline for an answer (see statement-deadline.ts). Unset or 0: no limit.
   * Sessions of withSession (migrations, which may wait for another
   * replica's migration lock) have none.
   */
  statementTimeoutMs?: number;
}

export async function openStore(options: StoreOptions): Promise<Store> {
  return options.databaseUrl ? openPostgres(options.databaseUrl, options) : openPGlite(options);
}

// Every session carries the club time zone so that database rules judging
// "today" (attendance_before_write) agree with the server; timestamps travel in UTC.
function sessionSettings(timeZone: string): Record<string, string> {
  return { 'root.timezone': timeZone, TimeZone: 'UTC' };
}

async function openPostgres(url: string, options: StoreOptions): Promise<Store> {
  const settings = sessionSettings(options.timeZone);
  const { connectTimeoutMs, statementTimeoutMs } = options;
  const connection = {
    connectionString: url,
    connectionTimeoutMillis: connectTimeoutMs,
    // The kernel probes an idle connection, so a dead peer or a cut network is
    // noticed instead of leaving a connection that never answers.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000,
  };
  const pool = new pg.Pool({
    ...connection,
    max: options.poolSize ?? 10,
    options: commandLineOptions(
      statementTimeoutMs ? { ...settings, statement_timeout: String(statementTimeoutMs) } : settings,
    ),
    Client: clientWithDeadline(statementTimeoutMs ?? 0),
  });
  pool.on('error', (error) => options.onPoolError?.(error));
  return {
    kind: 'postgresql',
    // Statements prepared once per connection: see prepared-statements.ts.
    adapter: new PrismaPg(pool, { statementNameGenerator: preparedStatementNames() }),
    async withSession(fn) {
      // A connection of its own, outside the pool and its statement timeout.
      const client = new pg.Client({ ...connection, options: commandLineOptions(settings) });
      // A failure while connected is reported by the statement it interrupts.
      client.on('error', () => {});
      await client.connect();
      try {
        return await fn({
          exec: async (script) => void (await client.query(script)),
          query: async <Row>(text: string, params?: unknown[]) => (await client.query(text, params)).rows as Row[],
        });
      } finally {
        await client.end().catch(() => {});
      }
    },
    listen: (channel, handlers) =>
      listenPostgres({
        // Named, so that an operator (or a test) finds each replica's listener in pg_stat_activity.
        client: {
          ...connection,
          options: commandLineOptions(settings),
          application_name: `root-listener-${process.pid}`,
        },
        channel,
        handlers,
      }),
    close: () => pool.end(),
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}

function commandLineOptions(settings: Record<string, string>): string {
  return Object.entries(settings)
    .map(([name, value]) => `-c ${name}=${value}`)
    .join(' ');
}

/**
 * The embedded server's own settings, all of which live in the process's
 * WebAssembly memory. PostgreSQL's default 128 MB of shared buffers would sit
 * there whole (measured: idle RSS 317 MB with it, 184 MB with 16 MB, for
 * PGlite alone); 8 MB holds a small club's hot pages, and pages not in the
 * buffers are one read away in the operating system's file cache. PGlite
 * serves one connection, so the per-connection arrays PostgreSQL sizes for
 * 100 are sized for 5 (the least its reserved superuser slots allow). Both
 * together: about 20 MB less resident. Given on the command line, so that
 * nothing is written into a club's data directory.
 */
const EMBEDDED_SETTINGS = ['-c', 'shared_buffers=8MB', '-c', 'max_connections=5'];

async function openPGlite(options: StoreOptions): Promise<Store> {
  const inMemory = options.dataDir.startsWith('memory://');
  // Loaded only here: a server on PostgreSQL never holds PGlite's modules.
  const [{ PGlite }, { PGliteThread }, { PrismaPGlite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('./pglite-thread.js'),
    import('pglite-prisma-adapter'),
  ]);
  const unlock = inMemory ? async () => {} : await lockDataDir(options.dataDir);
  const start = { dataDir: options.dataDir, startParams: [...PGlite.defaultStartParams, ...EMBEDDED_SETTINGS] };
  let db: PGliteThread;
  try {
    // Creating a data directory (PostgreSQL's initdb) grows the WebAssembly
    // memory to ~600 MB, which WebAssembly can never give back: a new
    // directory is created by a thread that then ends, taking that memory
    // with it, and opened again (measured: 633 MB resident, 178 MB after).
    if (!inMemory && !existsSync(join(options.dataDir, 'PG_VERSION'))) await (await PGliteThread.open(start)).close();
    db = await PGliteThread.open(start);
  } catch (error) {
    await unlock();
    throw error;
  }
  for (const [name, value] of Object.entries(sessionSettings(options.timeZone))) {
    await db.query(`SELECT set_config($1, $2, false)`, [name, value]);
  }
  const session: SqlSession = {
    exec: async (script) => void (await db.exec(script)),
    query: async <Row>(text: string, params?: unknown[]) => (await db.query<Row>(text, params)).rows,
  };
  const inProcess = new Map<string, Set<(payload: string) => void>>();
  return {
    kind: 'pglite',
    // pglite-prisma-adapter is typed against an older @prisma/driver-adapter-utils;
    // the interface it implements is the same at run time (tests cover it).
    adapter: new PrismaPGlite(db as unknown as PGlite) as unknown as SqlDriverAdapterFactory,
    // PGlite is a single connection already: every caller shares it.
    withSession: (fn) => fn(session),
    listen: async (channel, handlers) => {
      // Not part of the work of the statement that notified, nor of the write that announced.
      const deliver = (payload: string) => withoutCancelSignal(() => handlers.onNotification(payload));
      const unlisten = await db.listen(channel, deliver);
      const here = inProcess.get(channel) ?? new Set();
      inProcess.set(channel, here.add(deliver));
      return async () => {
        here.delete(deliver);
        if (!db.closed) await unlisten();
      };
    },
    notifyInProcess: (channel, payload) => {
      for (const deliver of inProcess.get(channel) ?? []) deliver(payload);
    },
    vacuum: async () => void (await db.exec('VACUUM (ANALYZE)')),
    poolStats: () => ({ total: 1, idle: 1, waiting: 0 }),
    close: async () => {
      try {
        await db.close();
      } finally {
        await unlock();
      }
    },
  };
}
