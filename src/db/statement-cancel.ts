// Work nobody waits for any more (its HTTP client went away) stops at the
// database too. Whoever runs the work passes an AbortSignal with
// withCancelSignal; the statements sent in that scope are tied to it:
// - on PostgreSQL, a statement running when the signal aborts is cancelled by
//   the server (pg's cancel request, on a connection of its own: the pool's
//   may all be busy), and one sent after it is refused before reaching the
//   server (statement-deadline.ts's client does both);
// - on both stores, a Prisma operation started after it is refused
//   (prisma.ts), so no further statement runs for that work.
// PGlite runs one statement at a time inside this process and has no way to
// interrupt it: there the statement already running finishes, and only the
// ones after it are refused.
//
// A cancelled statement is rolled back as any failed statement is: a single
// statement (a mark) commits fully or not at all. COMMIT and ROLLBACK are
// never refused nor cancelled, so a transaction is never left open on a
// pooled connection; the statement refused inside it makes Prisma roll it back.
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';

const scope = new AsyncLocalStorage<AbortSignal>();

/** Runs fn with the statements it sends tied to `signal`. */
export function withCancelSignal<T>(signal: AbortSignal, fn: () => T): T {
  return scope.run(signal, fn);
}

/**
 * Runs fn outside any work's signal: for what a request only triggers and
 * does not own (PGlite delivers a NOTIFY to its listeners inside the
 * statement that sent it, so the listeners would otherwise inherit it).
 */
export function withoutCancelSignal<T>(fn: () => T): T {
  return scope.exit(fn);
}

/** The signal of the work running now, if it has one. */
export function cancelSignal(): AbortSignal | undefined {
  return scope.getStore();
}

/** `code` of the error a statement is refused with when its work was abandoned before it was sent. */
export const CANCELLED_CODE = 'ROOT_DB_CANCELLED';

export function cancelledError(): Error {
  return Object.assign(new Error('the work was abandoned; the statement was not sent'), { code: CANCELLED_CODE });
}

const TRANSACTION_END = /^\s*(COMMIT|ROLLBACK)\b/i;

/** Whether a statement must run even for abandoned work (it ends a transaction). */
export function endsTransaction(config: unknown): boolean {
  const text = typeof config === 'string' ? config : (config as { text?: unknown } | null)?.text;
  return typeof text === 'string' && TRANSACTION_END.test(text);
}

interface RunningClient {
  host: string;
  port: number;
  activeQuery?: unknown;
}

interface Canceller {
  connection: NodeJS.EventEmitter;
  cancel(client: pg.Client, query: unknown): void;
}

/**
 * Asks PostgreSQL to cancel the statement `client` is running, if any. The
 * cancel request needs no authentication, only the backend's key, which pg
 * keeps from the connection's start; its failure (the server is gone) is
 * ignored: the statement then fails on its own.
 */
export function cancelRunningStatement(client: pg.Client): void {
  const running = client as unknown as RunningClient;
  if (!running.activeQuery) return;
  // pg's Client#cancel (untyped): connects with this client's host and port and sends the cancel request.
  const canceller = new pg.Client({ host: running.host, port: running.port }) as unknown as Canceller;
  canceller.connection.on('error', () => {});
  canceller.cancel(client, running.activeQuery);
}
