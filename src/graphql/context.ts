// What every resolver and GraphQL hook receives, built once per request from
// the request itself (HTTP now; a WebSocket connection builds the same shape).
// Resolvers and hooks read only this, never the Fastify request or reply.
//
// The domain dependencies (the Prisma client above all) are deliberately not
// part of the Context type: the client's type makes Pothos' inference slow
// (see plugin-prisma's docs). Resolvers reach them through deps(ctx), the one
// way in.
import type { Clock } from '../calendar/clock.js';
import type { Deps } from '../deps.js';
import { ANONYMOUS_PRESETS, type AnonymousAccess, type Scope } from '../keys/scopes.js';

const depsKey = Symbol('deps');

/**
 * Who is calling, and the scopes that gives them (src/keys/scopes.ts): no key
 * (the anonymous preset's scopes), a valid key (its scopes), or a key that
 * failed its check (nothing: a bad key is never treated as no key).
 */
export type Caller =
  | { readonly kind: 'anonymous'; readonly scopes: ReadonlySet<Scope> }
  | { readonly kind: 'key'; readonly keyId: number; readonly name: string; readonly scopes: ReadonlySet<Scope> }
  | { readonly kind: 'invalid-key'; readonly scopes: ReadonlySet<Scope> };

export function anonymousCaller(preset: AnonymousAccess): Caller {
  return { kind: 'anonymous', scopes: new Set(ANONYMOUS_PRESETS[preset]) };
}

/** A context built without a caller grants nothing but signed marks: forgetting one fails closed. */
const nobody = anonymousCaller('none');

/** Where live-update events are published; filled in when subscriptions exist. */
export interface EventPublisher {
  publish(event: { topic: string; payload: unknown }): unknown;
}

/** Where resolvers note what an operator should see (the request's logger over HTTP). */
export interface ContextLog {
  warn(details: object, message: string): void;
}

export interface Context {
  readonly caller: Caller;
  readonly clock: Clock;
  readonly timeZone: string;
  /**
   * The operation the client named, when the transport says it once per
   * request (HTTP). Over a WebSocket one context serves many operations, so
   * it is left undefined and hooks consider every operation of a document.
   */
  readonly operationName: string | undefined;
  readonly pubsub: EventPublisher | undefined;
  readonly log: ContextLog | undefined;
  /**
   * Aborted when the HTTP client goes away before the answer: fields not yet
   * resolved are refused (src/graphql/abandoned-request.ts). Undefined over a WebSocket.
   */
  readonly signal: AbortSignal | undefined;
  readonly [depsKey]: Deps;
}

export interface ContextInput {
  deps: Deps;
  caller?: Caller;
  operationName?: string;
  pubsub?: EventPublisher;
  log?: ContextLog;
  signal?: AbortSignal;
}

export function buildContext({ deps, caller = nobody, operationName, pubsub, log, signal }: ContextInput): Context {
  return { caller, clock: deps.clock, timeZone: deps.timeZone, operationName, pubsub, log, signal, [depsKey]: deps };
}

export function deps(ctx: Context): Deps {
  return ctx[depsKey];
}

/** The operation name a GraphQL-over-HTTP request carries, in its JSON body or its query string. */
export function httpOperationName(body: unknown, query: unknown): string | undefined {
  for (const source of [body, query]) {
    const name = (source as { operationName?: unknown } | null | undefined)?.operationName;
    if (typeof name === 'string') return name;
  }
  return undefined;
}
