// Load shedding with @fastify/under-pressure: past ROOT_MAX_EVENT_LOOP_DELAY_MS
// of event-loop delay or ROOT_MAX_HEAP_USED_BYTES of heap (0 turns a check
// off), new requests are answered 503 SERVICE_UNAVAILABLE (reason
// `overloaded`) with Retry-After, in the GraphQL error shape, instead of
// queueing until every client times out. Liveness (/health/live) is never
// shed: an overloaded process is alive, and restarting it would lose more.
//
// With the embedded store (PGlite) the event-loop check is off: its SQL runs
// on the event loop, so the delay measures the database's own work (a
// catch-up of the daily task blocks it for seconds), not overload, and
// shedding would refuse the requests that follow every long statement.
import underPressure from '@fastify/under-pressure';
import fp from 'fastify-plugin';
import { serviceUnavailable } from '../../errors/request-errors.js';

/** Clients retry after this many seconds. */
export const PRESSURE_RETRY_AFTER_SECONDS = 2;

/** How often the event-loop delay and the heap are sampled. */
const SAMPLE_INTERVAL_MS = 250;

export default fp(
  async (app) => {
    const { maxEventLoopDelayMs, maxHeapUsedBytes } = app.config.pressure;
    await app.register(underPressure, {
      maxEventLoopDelay: app.store.kind === 'pglite' ? 0 : maxEventLoopDelayMs,
      maxHeapUsedBytes,
      sampleInterval: SAMPLE_INTERVAL_MS,
      pressureHandler: (request, reply) => {
        if (request.url.split('?')[0] === '/health/live') return undefined;
        const error = serviceUnavailable('overloaded', PRESSURE_RETRY_AFTER_SECONDS);
        void reply.code(503).header('retry-after', String(PRESSURE_RETRY_AFTER_SECONDS));
        // Not logged one by one (that would add to the load); /metrics counts 503s by route.
        // Returned, not sent: under-pressure sends what the handler returns (its types say void).
        return {
          data: null,
          errors: [{ message: error.message, extensions: { ...error.extensions, code: error.code } }],
        } as unknown as undefined;
      },
    });
  },
  { name: 'under-pressure', dependencies: ['config', 'database'] },
);
