// The context of a GraphQL subscription, built once per WebSocket connection
// (when the client's connection_init arrives) by the same buildContext as an
// HTTP request's, so resolvers and hooks see one shape; Mercurius copies it
// for each subscription the connection starts. It also carries the
// connection's live-update handle: the process's feed, and a count that caps
// how many subscriptions one connection holds at once.
import { GraphQLError } from 'graphql';
import type { Deps } from '../deps.js';
import type { LiveFeed } from '../live/live-feed.js';
import { tooManySubscriptions } from '../live/live-errors.js';
import { type Caller, type Context, buildContext } from './context.js';

/** Subscriptions one connection may hold at once (a board needs two; a buggy client loops). */
export const SUBSCRIPTIONS_PER_CONNECTION = 20;
/** Server pings so that proxies keep idle sockets open and dead ones are found. */
export const KEEP_ALIVE_MS = 15_000;

const connectionKey = Symbol('live connection');

export class LiveConnection {
  private active = 0;

  constructor(
    readonly feed: LiveFeed,
    readonly limit: number,
  ) {}

  /** Counts one more subscription, or refuses past the limit; the release to call when it ends. */
  acquire(): () => void {
    if (this.active >= this.limit) {
      // A refused subscribe is reported by Mercurius itself, not by the error
      // formatter: the code goes into the extensions here.
      const refusal = tooManySubscriptions(this.limit);
      throw new GraphQLError(refusal.message, { extensions: { ...refusal.extensions, code: refusal.code } });
    }
    this.active += 1;
    let released = false;
    return () => {
      if (!released) this.active -= 1;
      released = true;
    };
  }
}

export interface ConnectionInput {
  deps: Deps;
  feed: LiveFeed;
  /**
   * Who is calling: resolved once, from the upgrade request's Authorization
   * header, by the same key check as an HTTP request (src/plugins/app/access.ts).
   */
  caller: Caller;
  limit?: number;
}

export function connectionContext({ deps, feed, caller, limit = SUBSCRIPTIONS_PER_CONNECTION }: ConnectionInput) {
  const context = buildContext({ deps, caller });
  return Object.assign(context, { [connectionKey]: new LiveConnection(feed, limit) });
}

/** The connection a subscription runs on; undefined outside a WebSocket connection. */
export function liveConnection(ctx: Context): LiveConnection | undefined {
  return (ctx as Context & { [connectionKey]?: LiveConnection })[connectionKey];
}
