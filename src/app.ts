// The application: what server.ts serves and what tests build. Registration
// follows Fastify's order: configuration, ecosystem plugins, our
// infrastructure, then GraphQL and routes.
import type { FastifyInstance, FastifyRequest, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from './config.js';
import configPlugin from './plugins/app/config.js';
import corsPlugin from './plugins/external/cors.js';
import rateLimitPlugin from './plugins/external/rate-limit.js';
import accessPlugin from './plugins/app/access.js';
import databasePlugin from './plugins/app/database.js';
import graphqlPlugin, { GRAPHQL_PATH } from './plugins/app/graphql.js';
import schedulerPlugin from './plugins/app/scheduler.js';
import healthRoutes from './routes/health.js';

export interface AppOptions {
  config: Config;
}

async function app(fastify: FastifyInstance, { config }: AppOptions): Promise<void> {
  await fastify.register(configPlugin, { config });
  await fastify.register(corsPlugin);
  await fastify.register(rateLimitPlugin);
  await fastify.register(databasePlugin);
  await fastify.register(accessPlugin);
  await fastify.register(schedulerPlugin);
  await fastify.register(graphqlPlugin);
  await fastify.register(healthRoutes);
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
    rewriteUrl: (request) => rootToGraphql(request.url ?? '/'),
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

function rootToGraphql(url: string): string {
  return url === '/' || url.startsWith('/?') ? GRAPHQL_PATH + url.slice(1) : url;
}
