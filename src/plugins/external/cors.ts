// CORS for the members' app and other browser clients: ALLOWED_ORIGINS, a
// comma-separated list ("*" allows any origin); none means same-origin only.
import cors from '@fastify/cors';
import fp from 'fastify-plugin';

export default fp(
  async (app) => {
    const origins = app.config.allowedOrigins;
    await app.register(cors, {
      origin: origins.includes('*') ? true : origins.length ? origins : false,
      methods: ['GET', 'POST', 'OPTIONS'],
      maxAge: 600,
    });
  },
  { name: 'cors', dependencies: ['config'] },
);
