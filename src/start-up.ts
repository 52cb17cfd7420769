// What server.ts needs to start well: readable logs at a developer's
// terminal, a quick check that the port is free (before the slow store open
// and migrations, so a second `npm start` fails in a moment), and a hint for
// the failures newcomers meet first.
import { createServer } from 'node:net';
import type { FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { connectionFailure } from './db/connection-failure.js';

/**
 * A developer at a terminal reads pino-pretty's lines; everything else (the
 * image, pipes, log collectors, tests) gets pino's JSON, one object a line.
 */
export function withReadableLogs(
  options: FastifyServerOptions,
  config: Config,
  terminal: boolean | undefined,
): FastifyServerOptions {
  if (config.env === 'production' || !terminal) return options;
  const transport = { target: 'pino-pretty', options: { translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } };
  return { ...options, logger: { ...(options.logger as object), transport } };
}

/** Resolves when host:port can be listened on; rejects with the listen error (EADDRINUSE, EACCES…) otherwise. */
export async function checkPortFree(host: string, port: number): Promise<void> {
  if (port === 0) return;
  const probe = createServer();
  await new Promise<void>((resolve, reject) => {
    probe.once('error', reject);
    probe.listen({ host, port, exclusive: true }, () => probe.close(() => resolve()));
  });
}

/** The one or two lines printed when start-up fails: what went wrong, and what to do about it when we know. */
export function describeStartUpFailure(error: unknown, config: Config): string {
  const message = error instanceof Error ? error.message : String(error);
  const hint = hintFor(error, message, config);
  return `Root failed to start: ${message}${hint ? `\nHint: ${hint}` : ''}`;
}

function hintFor(error: unknown, message: string, config: Config): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  const database = config.databaseUrl ? new URL(config.databaseUrl) : undefined;
  if (connectionFailure(error) === 'connect timeout') {
    return (
      `something at ${database?.host ?? 'the database address'} accepted the connection but did not answer as ` +
      `PostgreSQL within ROOT_DB_CONNECT_TIMEOUT_MS (${config.database.connectTimeoutMs} ms): is the server ` +
      'overloaded or stopped, or is DATABASE_URL pointing at another service?'
    );
  }
  switch (code) {
    case 'EADDRINUSE':
      return (
        `another process listens on port ${config.port} (another Root, perhaps \`npm run dev\`?). ` +
        `Stop it, or choose another port (PORT=${config.port + 1}).`
      );
    case 'EACCES':
      if (/listen/.test(message)) return `port ${config.port} needs privileges; use a port above 1023 (PORT=8000).`;
      return `this user cannot write the data directory ${config.dataDir}: fix its owner or set ROOT_DATA_DIR.`;
    case '3D000':
      return (
        `create the database (createdb -h ${database?.hostname} -U ${database?.username || 'postgres'} ` +
        `${database?.pathname.slice(1)}), or fix its name in DATABASE_URL.`
      );
    case '28000':
      return 'the user in DATABASE_URL does not exist on that server: create it (createuser) or fix DATABASE_URL.';
    case '28P01':
      return 'the password in DATABASE_URL is wrong for that user.';
    case 'ECONNREFUSED':
      return (
        `nothing accepts connections at ${database?.host ?? 'the database address'}: is PostgreSQL running? ` +
        'Without DATABASE_URL, Root uses its embedded store instead.'
      );
    case 'ENOTFOUND':
      return `the host ${database?.hostname ?? ''} in DATABASE_URL is unknown: check its spelling.`;
    default:
      return undefined;
  }
}
