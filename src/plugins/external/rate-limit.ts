// @fastify/rate-limit, used for one thing only: failed API key checks per
// client address (KEY_FAILURES_PER_MINUTE). No route is limited as such
// (global: false); the access plugin counts failures through
// app.createRateLimit(). Behind a proxy, set Fastify's trustProxy so that
// the address is the client's, not the proxy's.
import rateLimit from '@fastify/rate-limit';
import fp from 'fastify-plugin';

export default fp(
  async (app) => {
    await app.register(rateLimit, {
      global: false,
      max: app.config.keyFailuresPerMinute,
      timeWindow: 60_000,
    });
  },
  { name: 'rate-limit', dependencies: ['config'] },
);
