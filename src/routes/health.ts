// Probes for orchestrators. GET /health is readiness: 200 when the process
// serves and the database answers, 503 with the reason when it does not, or
// at once when the server is draining to stop. GET /health/live is liveness:
// 200 while the event loop runs, with no database check, so an outage of
// the database never gets a healthy process restarted.
import type { FastifyPluginAsync } from 'fastify';
import { connectionFailure } from '../db/connection-failure.js';
import { databaseViolation } from '../db/database-error.js';
import { Prisma } from '../generated/prisma/client.js';

const DATABASE_TIMEOUT_MS = 2_000;

const health: FastifyPluginAsync = async (app) => {
  app.get('/health', { logLevel: 'warn' }, async (request, reply) => {
    if (app.drain.draining) return reply.code(503).send({ status: 'unavailable', reason: 'shutting down' });
    const started = performance.now();
    try {
      // $rows: probes never load Prisma's query compiler into an idle server.
      await withTimeout(app.prisma.$rows(Prisma.sql`SELECT 1`), DATABASE_TIMEOUT_MS);
      return {
        status: 'ok',
        database: { store: app.store.kind, latencyMs: Math.round(performance.now() - started) },
        uptimeSeconds: Math.round(process.uptime()),
      };
    } catch (error) {
      request.log.warn({ err: error }, 'health check: database unavailable');
      return reply.code(503).send({ status: 'unavailable', reason: reasonOf(error) });
    }
  });

  app.get('/health/live', { logLevel: 'warn' }, async () => ({ status: 'ok' }));
};

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`database did not answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

// A short, operator-facing reason: the failure kind, never SQL or credentials.
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (message.includes('did not answer')) return message;
  const failure = connectionFailure(error);
  if (failure) return `database unreachable (${failure})`;
  // The SQLSTATE as the driver adapter reports it, else a code in the message.
  const sqlState = databaseViolation(error)?.sqlState ?? '';
  const code = /\b(E[A-Z]{4,}|57P0\d|08\d{3}|28P01|3D000)\b/.exec(`${sqlState} ${message}`)?.[1];
  return code ? `database unreachable (${code})` : 'database unreachable';
}

export default health;
