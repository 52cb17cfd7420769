// GraphQL over HTTP with Mercurius: POST/GET /graphql (the server rewrites
// the earlier server's `/` onto it, see app.ts). GraphiQL is ./graphiql.ts.
// Each request gets a context built from the request (src/graphql/context.ts).
import fp from 'fastify-plugin';
import { GraphQLError, NoSchemaIntrospectionCustomRule } from 'graphql';
import mercurius from 'mercurius';
import type { Deps } from '../../deps.js';
import { DomainError } from '../../errors/domain-error.js';
import { abandonSignal, stopWhenClientLeaves } from '../../graphql/abandoned-request.js';
import { KEEP_ALIVE_MS, connectionContext } from '../../graphql/connection-context.js';
import { accessCheckHook, checkAccess } from '../../graphql/access-check.js';
import { type Context, buildContext, httpOperationName } from '../../graphql/context.js';
import { createErrorFormatter } from '../../graphql/error-formatter.js';
import { queryLimitsRule } from '../../graphql/query-limits.js';
import { prepareScannerMark } from '../../graphql/scanner-marks.js';
import { signedFieldsHook } from '../../graphql/signed-fields.js';
import { unstorableInputHook } from '../../graphql/unstorable-input.js';
import { schema } from '../../schema/index.js';
import { checkGraphQLRequest, graphqlErrorHandler } from './http-errors.js';

export const GRAPHQL_PATH = '/graphql';

export default fp(
  async (app) => {
    const { config } = app;
    const production = config.env === 'production';
    const deps: Deps = {
      prisma: app.prisma,
      clock: app.clock,
      timeZone: config.timeZone,
      markMaxPastDays: config.markMaxPastDays,
    };
    // Without introspection, "did you mean" suggestions would list the schema anyway.
    const errorFormatter = createErrorFormatter({ production, log: app.log, hideSuggestions: !config.introspection });
    await app.register(mercurius, {
      schema,
      path: GRAPHQL_PATH,
      // Mercurius's GraphiQL loads its scripts from unpkg; ./graphiql.ts serves one offline.
      graphiql: false,
      // Documents run compiled (graphql-jit) from their second request on:
      // clients send a few fixed documents all day, and a compiled one walks
      // a long list several times cheaper. Compiled in the background
      // (Mercurius's adaptive mode), so that variables are always checked by
      // graphql-js first and bad ones get the same message either way.
      jit: { minCount: 1, eluThreshold: 1 },
      context: async (request) =>
        buildContext({
          deps,
          caller: await app.access.callerOf(request),
          operationName: httpOperationName(request.body, request.query),
          log: request.log,
          signal: abandonSignal(request),
        }),
      errorFormatter,
      // Malformed, empty, oversized or non-GraphQL bodies: 400/413/415, not internal errors.
      errorHandler: graphqlErrorHandler(errorFormatter),
      // A scanner's mark runs as one prepared document (src/graphql/scanner-marks.ts);
      // a request whose client goes away stops (src/graphql/abandoned-request.ts).
      additionalRouteOptions: {
        preValidation: checkGraphQLRequest,
        preHandler: [prepareScannerMark, stopWhenClientLeaves],
      },
      // graphql-js's introspection query (GraphiQL's, codegen tools') is 15
      // deep, the deepest query of our own types 3: enough for both, no more.
      queryDepth: 15,
      // Refused while validating, before anything runs (src/graphql/query-limits.ts).
      validationRules: [
        queryLimitsRule(config.queryLimits),
        ...(config.introspection ? [] : [NoSchemaIntrospectionCustomRule]),
      ],
      // The parser's token limit bounds parsing time and nesting.
      graphql: { parseOptions: { maxTokens: config.queryLimits.maxTokens } },
      // Browsers cannot send a cross-site JSON POST without a preflight; CORS
      // then decides. Off in development so that curl and GET URLs just work.
      csrfPrevention: production,
      // Subscriptions over WebSocket on the same path (graphql-transport-ws and
      // the legacy graphql-ws protocol); see src/graphql/connection-context.ts.
      subscription: {
        context: async (_socket, request) =>
          connectionContext({ deps, feed: app.live, caller: await app.access.callerOf(request) }),
        keepAlive: KEEP_ALIVE_MS,
      },
    });
    app.graphql.addHook('preExecution', unstorableInputHook);
    app.graphql.addHook('preExecution', signedFieldsHook(config.hmacSecret));
    app.graphql.addHook('preExecution', accessCheckHook);
    // Subscriptions are checked the same way when they start; scope-auth checks each event's fields.
    app.graphql.addHook<Context>('preSubscriptionExecution', (schema, document, context) => {
      try {
        checkAccess(schema, document, undefined, context.caller);
      } catch (error) {
        // Mercurius reports a refused subscribe itself, without the error
        // formatter: give it the GraphQL error the formatter would have made.
        if (!(error instanceof DomainError)) throw error;
        throw new GraphQLError(error.message, { extensions: { ...error.extensions, code: error.code } });
      }
    });
  },
  { name: 'graphql', dependencies: ['config', 'database', 'live', 'access'] },
);
