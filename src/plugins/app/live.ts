// Live updates: the process's LiveFeed (src/live/), listening for the marks
// every replica announces and, while someone watches, keeping who is in the
// lab. Opened after the database, closed (listener, timer, subscriber
// streams) when the app closes.
import fp from 'fastify-plugin';
import { LiveFeed } from '../../live/live-feed.js';
import type { Timers } from '../../live/timers.js';

declare module 'fastify' {
  interface FastifyInstance {
    live: LiveFeed;
  }
}

export interface LivePluginOptions {
  /** Departures' timer; tests pass one driven by their clock. */
  timers?: Timers;
}

export default fp<LivePluginOptions>(
  async (app, { timers }) => {
    const { config } = app;
    const feed = await LiveFeed.start({
      deps: { prisma: app.prisma, clock: app.clock, timeZone: config.timeZone },
      store: app.store,
      windowMs: config.presenceWindowMs,
      timers,
      log: app.log,
    });
    app.decorate('live', feed);
    app.addHook('onClose', () => feed.close());
  },
  { name: 'live', dependencies: ['config', 'database'] },
);
