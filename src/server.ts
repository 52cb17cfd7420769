// Starts Root: reads the configuration, builds the app, listens, and shuts
// down gracefully on SIGINT/SIGTERM: readiness turns 503 and new requests are
// turned away at once, the requests in flight finish (within
// ROOT_DRAIN_TIMEOUT_MS), then the server closes and exits 0 — or 1, saying
// so, when the drain time ran out. Nothing else calls listen().
// First: sizes the heap before anything else loads.
import { serverStarted } from './heap-budget.js';
import closeWithGrace from 'close-with-grace';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import app, { serverOptions } from './app.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { GRAPHIQL_PATH } from './plugins/app/graphiql.js';
import { checkPortFree, describeStartUpFailure, withReadableLogs } from './start-up.js';

/** How long closing may take after the drain (the database, the daily task) before the process is stopped. */
const CLOSE_MARGIN_MS = 5_000;

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }

  // A taken port fails now, not after the store is opened and migrated.
  await checkPortFree(config.host, config.port).catch((error: unknown) => failToStart(error, config));

  const server = Fastify(withReadableLogs(serverOptions(config), config, process.stdout.isTTY));
  if (config.hmacSecretGenerated) {
    server.log.warn(
      'HMAC_SECRET is not set: a random secret was generated for this process, so no scanner can sign. ' +
        'Set HMAC_SECRET (or ROOT_SECRET) to accept attendance marks.',
    );
  }
  // Installed before the store opens: Ctrl-C during start-up (a first
  // PGlite start, migrations) closes the store too, which frees its lock.
  let started = false;
  let stopping = false;
  const startup = new AbortController();
  // close-with-grace's own limit is a last resort behind the drain's.
  closeWithGrace({ delay: config.drainTimeoutMs + CLOSE_MARGIN_MS }, async ({ signal, err }) => {
    stopping = true;
    startup.abort();
    if (err) server.log.error({ err }, 'closing after an uncaught error');
    else if (!started) server.log.warn({ signal }, 'interrupted during start-up; closing the database and stopping');
    else server.log.info({ signal }, 'shutting down');
    if (!started) return void (await server.close());
    server.drain.start();
    const drained = await server.drain.whenIdle(config.drainTimeoutMs);
    if (drained) return void (await server.close());
    server.log.error(
      { inFlight: server.drain.inFlight },
      `drain time ran out: ${server.drain.inFlight} request(s) still in flight after ROOT_DRAIN_TIMEOUT_MS ` +
        `(${config.drainTimeoutMs} ms) were cut off; exiting with code 1`,
    );
    // Not server.close(): it would wait for those requests' database work. The
    // database rolls back whatever they left open when the connections drop.
    server.server.closeAllConnections();
    process.exit(1);
  });

  try {
    await server.register(app, { config, startupSignal: startup.signal });
    if (stopping) return; // interrupted while the store opened: close-with-grace closes it and ends the process
    await server.listen({ host: config.host, port: config.port });
  } catch (error) {
    if (stopping) return;
    failToStart(error, config);
  }
  started = true;
  serverStarted();
  if (server.metrics && config.metricsPort !== undefined) {
    await server.metrics.listen(config.host, config.metricsPort);
    server.log.info(`metrics: http://${config.host}:${config.metricsPort}/metrics`);
  }
  if (config.env !== 'production') server.log.info(`GraphiQL: ${graphiqlUrl(config.host, server)}`);
  // Only now: apps built by tests never fire the daily task (it catches up first).
  await server.scheduler.start();
}

function failToStart(error: unknown, config: Config): never {
  process.stderr.write(`${describeStartUpFailure(error, config)}\n`);
  process.exit(1);
}

/** Where a developer opens GraphiQL: localhost when listening on every interface. */
function graphiqlUrl(host: string, server: FastifyInstance): string {
  const { port } = server.server.address() as AddressInfo;
  const shown = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${shown}:${port}${GRAPHIQL_PATH}`;
}

main().catch((error: unknown) => {
  process.stderr.write(`Root failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
