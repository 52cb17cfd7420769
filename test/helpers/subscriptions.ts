// GraphQL subscriptions the way clients make them: the graphql-ws library
// (graphql-transport-ws protocol, as Apollo Client and GraphiQL speak it)
// over a real WebSocket to a listening app.
import type { FastifyInstance } from 'fastify';
import { type Client, createClient } from 'graphql-ws';
import WebSocket from 'ws';

export interface Subscriber {
  /** The next event (a whole execution result), waiting up to `ms`. */
  next(ms?: number): Promise<Record<string, any>>;
  /** Events received and not yet taken by next(). */
  buffered(): Record<string, any>[];
  /** Resolves when the server ended the subscription (error or complete). */
  ended: Promise<unknown>;
  close(): Promise<void>;
}

export async function listenOn(app: FastifyInstance): Promise<string> {
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening');
  return `ws://127.0.0.1:${address.port}/graphql`;
}

export function connect(url: string): Client {
  return createClient({ url, webSocketImpl: WebSocket, retryAttempts: 0, lazy: true });
}

export function subscribe(client: Client, query: string, variables: Record<string, unknown> = {}): Subscriber {
  const events: Record<string, any>[] = [];
  const waiters: ((event: Record<string, any>) => void)[] = [];
  let end!: (reason: unknown) => void;
  const ended = new Promise((resolve) => (end = resolve));
  const unsubscribe = client.subscribe(
    { query, variables },
    {
      next: (event) => {
        const waiter = waiters.shift();
        if (waiter) waiter(event as Record<string, any>);
        else events.push(event as Record<string, any>);
      },
      error: (error) => end({ error }),
      complete: () => end({ complete: true }),
    },
  );
  return {
    next(ms = 5_000) {
      const event = events.shift();
      if (event) return Promise.resolve(event);
      return new Promise((resolve, reject) => {
        const waiter = (value: Record<string, any>) => {
          clearTimeout(timer);
          resolve(value);
        };
        // A waiter that gave up leaves the queue: the next event goes to the next caller, not to it.
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(waiter), 1);
          reject(new Error(`no event within ${ms} ms`));
        }, ms);
        waiters.push(waiter);
      });
    },
    buffered: () => events,
    ended,
    close: async () => {
      unsubscribe();
      await client.dispose();
    },
  };
}
