// How long the server waits for PostgreSQL to answer one statement. Two
// bounds work together: PostgreSQL's own statement_timeout (a session
// setting, see store.ts) cancels a statement that runs too long on a live
// server, and the deadline here ends the wait on the client side when the
// server cannot answer at all (frozen, a network cut that TCP has not yet
// noticed). The client deadline is a little longer than the statement
// timeout, so on a live server PostgreSQL cancels first and the connection
// survives; past it the connection is dropped (it is stuck behind the
// unanswered statement) and the statement fails with DEADLINE_CODE.
//
// Work known to run long (the daily task) widens both bounds for its own
// statements with withStatementTimeout. Work abandoned by its client stops
// sooner: see statement-cancel.ts, whose signal this client follows too.
import { AsyncLocalStorage } from 'node:async_hooks';
import pg from 'pg';
import { cancelRunningStatement, cancelSignal, cancelledError, endsTransaction } from './statement-cancel.js';

/** `code` of the error a statement fails with when the database did not answer in time. */
export const DEADLINE_CODE = 'ROOT_DB_DEADLINE';

/** How much longer than the statement timeout the client waits before giving up on the server. */
export const DEADLINE_GRACE_MS = 1_000;

const scope = new AsyncLocalStorage<number>();

/**
 * Runs fn with statements allowed `timeoutMs` (0: no client deadline). The
 * caller sets PostgreSQL's side itself (`SET LOCAL statement_timeout`) in
 * its transaction: only it knows which connection it holds.
 */
export function withStatementTimeout<T>(timeoutMs: number, fn: () => Promise<T>): Promise<T> {
  return scope.run(timeoutMs, fn);
}

type Callback = (error: Error | null, result?: unknown) => void;

interface DeadlineState {
  connection?: { stream?: { destroy(): void } };
  rootDeadlineExceeded?: number;
}

/**
 * A pg.Client class for the pool whose statements fail with DEADLINE_CODE
 * when the server has not answered `statementTimeoutMs` + grace after they
 * were sent, and follow the cancel signal of the work that sends them
 * (statement-cancel.ts): refused once it aborted, cancelled by the server
 * when it aborts while they run.
 */
export function clientWithDeadline(statementTimeoutMs: number): typeof pg.Client {
  class DeadlineClient extends pg.Client {}
  const original = Reflect.get(pg.Client.prototype, 'query') as (this: pg.Client, ...args: unknown[]) => unknown;
  Object.defineProperty(DeadlineClient.prototype, 'query', {
    value: function query(this: pg.Client & DeadlineState, config: unknown, ...rest: unknown[]): unknown {
      const timeoutMs = scope.getStore() ?? statementTimeoutMs;
      const signal = endsTransaction(config) ? undefined : cancelSignal();
      const callbackAt = rest.findIndex((arg) => typeof arg === 'function');
      // Submittable queries (cursors, streams) manage their own lifetime; the adapter sends none.
      if ((!timeoutMs && !signal) || typeof (config as { submit?: unknown } | null)?.submit === 'function') {
        return original.call(this, config, ...rest);
      }
      if (signal?.aborted) {
        const refused = cancelledError();
        if (callbackAt < 0) return Promise.reject(refused);
        process.nextTick(rest[callbackAt] as Callback, refused);
        return undefined;
      }
      const deadlineMs = timeoutMs + DEADLINE_GRACE_MS;
      const timer = timeoutMs
        ? setTimeout(() => {
            this.rootDeadlineExceeded = deadlineMs;
            // Ends the connection: pg fails the statement, and the pool discards the client.
            this.connection?.stream?.destroy();
          }, deadlineMs)
        : undefined;
      let cancelSent = false;
      const cancel = () => {
        cancelSent = true;
        cancelRunningStatement(this);
      };
      signal?.addEventListener('abort', cancel, { once: true });
      const settle = () => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', cancel);
        // A cancel request may reach the server after the statement ended, and
        // would then cancel whatever runs next on this connection: ending it
        // makes the pool discard it instead of lending it to other work. (In
        // a transaction PostgreSQL rolls back the connection's open transaction.)
        if (cancelSent) void this.end().catch(() => {});
      };
      const explain = (error: Error): Error =>
        this.rootDeadlineExceeded
          ? Object.assign(new Error(`the database did not answer within ${this.rootDeadlineExceeded} ms`), {
              code: DEADLINE_CODE,
              cause: error,
            })
          : error;
      if (callbackAt >= 0) {
        const callback = rest[callbackAt] as Callback;
        rest[callbackAt] = (error: Error | null, result?: unknown) => {
          settle();
          callback(error ? explain(error) : null, result);
        };
        return original.call(this, config, ...rest);
      }
      return (original.call(this, config, ...rest) as Promise<unknown>).then(
        (result) => {
          settle();
          return result;
        },
        (error: Error) => {
          settle();
          throw explain(error);
        },
      );
    },
  });
  return DeadlineClient;
}
