// Whether a database error means "the database cannot be reached or did not
// answer" (an outage: retry later) rather than "the statement was wrong".
// Such errors arrive in several shapes: node-postgres's own (a socket error
// code, "Connection terminated…"), PostgreSQL's SQLSTATE (class 08, admin
// shutdown 57P01…), the driver adapter's kinds (DatabaseNotReachable…),
// Prisma's codes (P1001…), and the statement deadline of
// statement-deadline.ts; wrapped in each other's `cause` or `meta`. This is
// the one place that knows them; src/db/prisma.ts turns them into
// DATABASE_UNAVAILABLE and start-up retries on them.
import { DEADLINE_CODE } from './statement-deadline.js';

const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ETIMEDOUT',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EHOSTDOWN',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

const SQLSTATES = new Set([
  '57P01', // admin shutdown (the server is stopping, or the backend was terminated)
  '57P02', // crash shutdown
  '57P03', // cannot connect now (starting up, recovering)
  '57014', // query canceled: statement_timeout on a server too slow to answer
  '53300', // too many connections
]);

const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);

// Prisma's own: cannot reach, timed out reaching, operations timed out, server closed the connection, pool timeout.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);

// node-postgres reports these as plain errors without a code.
const MESSAGES = [
  /^Connection terminated/, // unexpectedly, or due to connection timeout
  /^timeout exceeded when trying to connect/, // waiting for a pooled connection
  /^Client has encountered a connection error and is not queryable/,
  /^Client was closed and is not queryable/,
];

interface ErrorShape {
  code?: unknown;
  kind?: unknown;
  originalCode?: unknown;
  message?: unknown;
  cause?: unknown;
  meta?: { driverAdapterError?: unknown };
}

/**
 * A short name for the kind of connection failure (a socket code, a
 * SQLSTATE, `connect timeout`…), for logs and the health check; null when
 * `error` is not one.
 */
export function connectionFailure(error: unknown): string | null {
  const seen = new Set<unknown>();
  const queue: unknown[] = [error];
  while (queue.length) {
    const current = queue.shift();
    if (typeof current !== 'object' || current === null || seen.has(current)) continue;
    seen.add(current);
    const { code, kind, originalCode, message, cause, meta } = current as ErrorShape;
    for (const value of [code, originalCode]) {
      if (typeof value !== 'string') continue;
      if (value === DEADLINE_CODE) return 'no answer in time';
      if (SOCKET_CODES.has(value) || SQLSTATES.has(value) || value.startsWith('08')) return value;
      if (PRISMA_CODES.has(value)) return value;
    }
    if (typeof kind === 'string' && ADAPTER_KINDS.has(kind)) return kind;
    if (typeof message === 'string') {
      // The pool's and a lone client's words for the connect timeout.
      if (/due to connection timeout|^timeout exceeded when trying to connect|^timeout expired$/.test(message)) {
        return 'connect timeout';
      }
      if (MESSAGES.some((pattern) => pattern.test(message))) return 'connection lost';
    }
    // An AggregateError (one per address tried) lists its parts in `errors`.
    const { errors } = current as { errors?: unknown };
    queue.push(cause, meta?.driverAdapterError, ...(Array.isArray(errors) ? (errors as unknown[]) : []));
  }
  return null;
}

export function isConnectionFailure(error: unknown): boolean {
  return connectionFailure(error) !== null;
}
