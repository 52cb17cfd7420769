// The application: what server.ts serves and what tests build. Registration
// follows Fastify's order: configuration, ecosystem plugins, our
// infrastructure, then GraphQL and routes.
import type { FastifyInstance, FastifyRequest, FastifyServerOptions, RawRequestDefaultExpression } from 'fastify';
import fp from 'fastify-plugin';
import { type Clock, systemClock } from './calendar/clock.js';
import type { Config } from './config.js';
import configPlugin from './plugins/app/config.js';
import corsPlugin from './plugins/external/cors.js';
import rateLimitPlugin from './plugins/external/rate-limit.js';
import accessPlugin from './plugins/app/access.js';
import underPressurePlugin from './plugins/external/under-pressure.js';
import databasePlugin from './plugins/app/database.js';
import drainPlugin from './plugins/app/drain.js';
import graphiqlPlugin from './plugins/app/graphiql.js';
import graphqlPlugin, { GRAPHQL_PATH } from './plugins/app/graphql.js';
import livePlugin from './plugins/app/live.js';
import metricsPlugin from './plugins/app/metrics.js';
import schedulerPlugin from './plugins/app/scheduler.js';
import healthRoutes from './routes/health.js';
import labRoutes from './routes/lab.js';
import type { Timers } from './live/timers.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** "Now" for the app's operations; tests inject their own. */
    clock: Clock;
  }
}

export interface AppOptions {
  config: Config;
  /** Defaults to the system clock; tests fix or drive it. */
  clock?: Clock;
  /** Timers of the live presence board; tests drive them with their clock. */
  timers?: Timers;
  /** Aborted when the server is asked to stop during start-up (ends waiting for the database). */
  startupSignal?: AbortSignal;
}

async function app(
  fastify: FastifyInstance,
  { config, clock = systemClock, timers, startupSignal }: AppOptions,
): Promise<void> {
  fastify.decorate('clock', clock);
  await fastify.register(configPlugin, { config });
  // First: it counts every request and turns new ones away while draining.
  await fastify.register(drainPlugin);
  await fastify.register(corsPlugin);
  await fastify.register(rateLimitPlugin);
  await fastify.register(databasePlugin, { startupSignal });
  await fastify.register(accessPlugin);
  await fastify.register(schedulerPlugin);
  await fastify.register(livePlugin, { timers });
  await fastify.register(graphqlPlugin);
  await fastify.register(metricsPlugin);
  // Development only: production serves the API, not a playground. Once
  // subscriptions exist, pass their WebSocket path as subscriptionEndpoint.
  if (config.env !== 'production') await fastify.register(graphiqlPlugin, { endpoint: GRAPHQL_PATH });
  await fastify.register(healthRoutes);
  await fastify.register(labRoutes);
  // Last: opening the store and building the schema block the event loop,
  // which its first samples would otherwise count as load. Its hook still
  // covers every route.
  await fastify.register(underPressurePlugin);
}

// Not encapsulated: whoever registers the app (server.ts, the tests) sees its
// decorations (config, prisma, store, graphql), as fastify/demo does.
export default fp(app, { name: 'root' });

/** Fastify's own options for this app; server.ts and the test helper both use them. */
export function serverOptions(config: Config): FastifyServerOptions {
  return {
    logger: {
      level: config.logLevel,
      serializers: {
        // The path only: a query string can carry a whole GraphQL document,
        // signatures included, and bodies are never logged at all.
        req: (request: FastifyRequest) => ({
          method: request.method,
          url: request.url.split('?')[0],
          remoteAddress: request.ip,
        }),
      },
    },
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    // Existing clients POST GraphQL to the root path; it is the same endpoint.
    // A browser opening the bare root in development is sent to GraphiQL.
    rewriteUrl: (request) =>
      config.env !== 'production' && isBrowserVisit(request) ? '/' : rootToGraphql(request.url ?? '/'),
    // Start-up opens the store and migrates it: a first PGlite start (initdb),
    // a long migration or a replica waiting on the migration lock can all take
    // longer than Fastify's default 10 s per plugin, which would kill the start.
    pluginTimeout: 0,
    connectionTimeout: 30_000,
    keepAliveTimeout: 72_000,
    requestTimeout: 30_000,
    bodyLimit: 1_048_576,
  };
}

// A bare GET / asking for HTML: GraphiQL's plugin redirects it (as a GraphQL
// request it could only answer "no query").
function isBrowserVisit(request: RawRequestDefaultExpression): boolean {
  return request.method === 'GET' && request.url === '/' && (request.headers.accept ?? '').includes('text/html');
}

function rootToGraphql(url: string): string {
  return url === '/' || url.startsWith('/?') ? GRAPHQL_PATH + url.slice(1) : url;
}
