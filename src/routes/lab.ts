// GET /lab: a live "who is in the lab" board, the page a club puts on a screen
// by the door. Plain HTML and JavaScript from src/routes/lab/, no CDN and no
// build step; it subscribes to labPresence over the GraphQL WebSocket.
// Served in development only, like GraphiQL.
import { readFile } from 'node:fs/promises';
import type { FastifyPluginAsync } from 'fastify';

const assets = new URL('./lab/', import.meta.url);

const lab: FastifyPluginAsync = async (app) => {
  if (app.config.env === 'production') return;
  const [page, script] = await Promise.all([
    readFile(new URL('index.html', assets), 'utf8'),
    readFile(new URL('board.js', assets), 'utf8'),
  ]);
  app.get('/lab', (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  app.get('/lab/board.js', (_request, reply) => reply.type('text/javascript; charset=utf-8').send(script));
};

export default lab;
