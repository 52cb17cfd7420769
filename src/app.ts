// The application: what server.ts serves and what tests build. Registration
// follows Fastify's order: configuration, ecosystem plugins, our
// infrastructure, then GraphQL and routes.
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from './config.js';
import configPlugin from './plugins/config.js';
import corsPlugin from './plugins/cors.js';
import databasePlugin from './plugins/database.js';
import graphqlPlugin, { GRAPHQL_PATH } from './plugins/graphql.js';
import schedulerPlugin from './plugins/scheduler.js';
import healthRoutes from './routes/health.js';

export interface AppOptions {
  config: Config;
}

async function app(fastify: FastifyInstance, { config }: AppOptions): Promise<void> {
  await fastify.register(configPlugin, { config });
  await fastify.register(corsPlugin);
  await fastify.register(databasePlugin);
  await fastify.register(schedulerPlugin);
  await fastify.register(graphqlPlugin);
  await fastify.register(healthRoutes);
}

// Not encapsulated (as fastify/demo does): server.ts and tests reach what the
// plugins decorate (app.scheduler, app.prisma) on the instance they built.
export default fp(app, { name: 'root-app' });

/** Fastify's own options for this app; server.ts and the test helper both use them. */
export function serverOptions(config: Config): FastifyServerOptions {
  return {
    logger: {
      level: config.logLevel,
      // Signatures travel in bodies, never logged; this keeps headers out too.
      redact: ['req.headers.authorization', 'req.headers.cookie'],
    },
    requestIdHeader: 'x-request-id',
    genReqId: () => crypto.randomUUID(),
    // Existing clients POST GraphQL to the root path; it is the same endpoint.
    rewriteUrl: (request) => rootToGraphql(request.url ?? '/'),
    connectionTimeout: 30_000,
    keepAliveTimeout: 72_000,
    requestTimeout: 30_000,
    bodyLimit: 1_048_576,
    // Opening PGlite and migrating takes seconds, over Fastify's default 10 s on a busy machine.
    pluginTimeout: 60_000,
  };
}

function rootToGraphql(url: string): string {
  return url === '/' || url.startsWith('/?') ? GRAPHQL_PATH + url.slice(1) : url;
}
