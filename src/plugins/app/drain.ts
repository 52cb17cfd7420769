// Graceful drain. Once server.ts calls app.drain.start() (on SIGTERM or
// SIGINT), readiness (/health) answers 503 at once, every new request is
// answered 503 SERVICE_UNAVAILABLE with Retry-After and `Connection: close`
// (so clients and load balancers move on instead of being reset), and the
// requests already received run to their end. whenIdle() says when none is
// left and the keep-alive connections are gone too, or have been quiet for
// QUIET_MS: closing a connection a client is about to send on would reset
// that request, so each connection is left to receive its `Connection:
// close` first. Liveness (/health/live) keeps answering: the process is
// well, only leaving.
import fp from 'fastify-plugin';
import { serviceUnavailable } from '../../errors/request-errors.js';

/** Clients retry after this many seconds: time for a replacement to be ready. */
export const DRAIN_RETRY_AFTER_SECONDS = 5;

export interface Drain {
  readonly draining: boolean;
  /** Requests received and not yet answered (or abandoned by their client). */
  readonly inFlight: number;
  start(): void;
  /**
   * Resolves true once no request is in flight and no connection is left
   * (or none has sent a request for QUIET_MS); false if a request is still
   * in flight after timeoutMs.
   */
  whenIdle(timeoutMs: number): Promise<boolean>;
}

declare module 'fastify' {
  interface FastifyInstance {
    drain: Drain;
  }
}

/** How long a drained server waits for open but idle connections to close before closing them itself. */
export const QUIET_MS = 1_000;

const POLL_MS = 25;

/** Paths that answer during a drain: the probes, which say so themselves. */
const PROBES = new Set(['/health', '/health/live']);

export default fp(
  async (app) => {
    let draining = false;
    let inFlight = 0;
    let lastRequestAt = 0;
    const connections = new Set<unknown>();
    app.server.on('connection', (socket: NodeJS.EventEmitter) => {
      connections.add(socket);
      socket.once('close', () => connections.delete(socket));
    });

    app.addHook('onRequest', async (request, reply) => {
      inFlight += 1;
      lastRequestAt = performance.now();
      reply.raw.once('close', () => (inFlight -= 1));
      if (!draining || PROBES.has(request.url.split('?')[0]!)) return;
      const error = serviceUnavailable('shutting down', DRAIN_RETRY_AFTER_SECONDS);
      return reply
        .code(503)
        .header('retry-after', String(DRAIN_RETRY_AFTER_SECONDS))
        .header('connection', 'close')
        .send({
          data: null,
          errors: [{ message: error.message, extensions: { ...error.extensions, code: error.code } }],
        });
    });
    app.addHook('onSend', async (_request, reply) => {
      if (draining) void reply.header('connection', 'close');
    });

    app.decorate('drain', {
      get draining() {
        return draining;
      },
      get inFlight() {
        return inFlight;
      },
      start() {
        draining = true;
      },
      async whenIdle(timeoutMs: number) {
        const deadline = performance.now() + timeoutMs;
        for (;;) {
          const now = performance.now();
          const quiet = connections.size === 0 || now - lastRequestAt >= QUIET_MS;
          if (inFlight === 0 && quiet) return true;
          if (now >= deadline) return inFlight === 0;
          await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, deadline - now)));
        }
      },
    } satisfies Drain);
  },
  { name: 'drain' },
);
