// A GraphQL request whose HTTP client goes away (its connection closes before
// the answer is sent) stops: nobody will read the answer. The route hook
// gives each request an AbortSignal, aborted when that happens, and runs the
// request's execution with its statements tied to it (src/db/statement-cancel.ts:
// the statement running on PostgreSQL is cancelled, later ones are refused);
// the Pothos plugin below refuses every field not yet resolved. What was
// already committed stays committed; the request is logged once, at info: a
// client hanging up is not a fault of the server. WebSocket connections
// (subscriptions) are left alone: they close by design.
import SchemaBuilder, { BasePlugin, type PothosOutputFieldConfig, type SchemaTypes } from '@pothos/core';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';
import type { GraphQLFieldResolver } from 'graphql';
import { withCancelSignal } from '../db/statement-cancel.js';
import { requestAbandoned } from '../errors/request-errors.js';

const signals = new WeakMap<FastifyRequest, AbortSignal>();

/** Route hook (preHandler, the last before Mercurius's handler) of the GraphQL endpoint. */
export function stopWhenClientLeaves(
  request: FastifyRequest,
  reply: FastifyReply,
  done: HookHandlerDoneFunction,
): void {
  if (request.headers.upgrade?.toLowerCase() === 'websocket') return done();
  const controller = new AbortController();
  const started = performance.now();
  reply.raw.once('close', () => {
    // Once the answer was handed over (end() called) the request is done.
    if (reply.raw.writableEnded) return;
    controller.abort();
    request.log.info(
      { abandonedAfterMs: Math.round(performance.now() - started) },
      'the client closed the connection before the answer: the request was stopped',
    );
  });
  signals.set(request, controller.signal);
  // Everything the request runs from here on (Mercurius's handler, resolvers,
  // their statements) inherits the scope.
  withCancelSignal(controller.signal, done);
}

/** The request's signal, aborted when its client goes away (undefined outside the hook's route). */
export function abandonSignal(request: FastifyRequest): AbortSignal | undefined {
  return signals.get(request);
}

/**
 * Pothos plugin: a field of a request whose client went away is not
 * resolved. Only fields that return objects or lists are checked: they are
 * where work starts (a statement, a list to walk), while a scalar or enum
 * only reads its parent, so checking each of a list's thousands of them
 * would cost every request for nothing.
 */
export class AbandonedRequestPlugin<Types extends SchemaTypes> extends BasePlugin<Types> {
  override wrapResolve(
    resolver: GraphQLFieldResolver<unknown, Types['Context'], object>,
    fieldConfig: PothosOutputFieldConfig<Types>,
  ): GraphQLFieldResolver<unknown, Types['Context'], object> {
    const { type } = fieldConfig;
    if (type.kind === 'Scalar' || type.kind === 'Enum') return resolver;
    return (parent, args, context, info) => {
      if ((context as { signal?: AbortSignal } | undefined)?.signal?.aborted) throw requestAbandoned();
      return resolver(parent, args, context, info);
    };
  }
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace -- Pothos declares its plugins in this global namespace
  export namespace PothosSchemaTypes {
    interface Plugins<Types extends SchemaTypes> {
      abandonedRequest: AbandonedRequestPlugin<Types>;
    }
  }
}

export const abandonedRequestPlugin = 'abandonedRequest';
SchemaBuilder.registerPlugin(abandonedRequestPlugin, AbandonedRequestPlugin);
