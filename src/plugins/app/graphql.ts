// GraphQL over HTTP with Mercurius: POST/GET /graphql (the server rewrites
// the earlier server's `/` onto it, see app.ts), GraphiQL in development.
// Each request gets a context built from the request (src/graphql/context.ts).
import fp from 'fastify-plugin';
import mercurius from 'mercurius';
import { systemClock } from '../../calendar/clock.js';
import type { Deps } from '../../deps.js';
import { accessCheckHook } from '../../graphql/access-check.js';
import { buildContext, httpOperationName } from '../../graphql/context.js';
import { createErrorFormatter } from '../../graphql/error-formatter.js';
import { signedFieldsHook } from '../../graphql/signed-fields.js';
import { schema } from '../../schema/index.js';

export const GRAPHQL_PATH = '/graphql';

export default fp(
  async (app) => {
    const { config } = app;
    const production = config.env === 'production';
    const deps: Deps = { prisma: app.prisma, clock: systemClock, timeZone: config.timeZone };
    await app.register(mercurius, {
      schema,
      path: GRAPHQL_PATH,
      graphiql: !production,
      context: async (request) =>
        buildContext({
          deps,
          caller: await app.access.callerOf(request),
          operationName: httpOperationName(request.body, request.query),
        }),
      errorFormatter: createErrorFormatter({ production, log: app.log }),
      // graphql-js's introspection query (GraphiQL's, codegen tools') is 15
      // deep, the deepest query of our own types 3: enough for both, no more.
      queryDepth: 15,
      // Browsers cannot send a cross-site JSON POST without a preflight; CORS
      // then decides. Off in development so that curl and GET URLs just work.
      csrfPrevention: production,
    });
    app.graphql.addHook('preExecution', signedFieldsHook(config.hmacSecret));
    app.graphql.addHook('preExecution', accessCheckHook);
  },
  { name: 'graphql', dependencies: ['config', 'database', 'access'] },
);
