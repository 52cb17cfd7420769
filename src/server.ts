// Starts Root: reads the configuration, builds the app, listens, and shuts
// down gracefully on SIGINT/SIGTERM. Nothing else calls listen().
import closeWithGrace from 'close-with-grace';
import Fastify from 'fastify';
import app, { serverOptions } from './app.js';
import { ConfigError, loadConfig } from './config.js';

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

  const server = Fastify(serverOptions(config));
  if (config.hmacSecretGenerated) {
    server.log.warn(
      'HMAC_SECRET is not set: a random secret was generated for this process, so no scanner can sign. ' +
        'Set HMAC_SECRET (or ROOT_SECRET) to accept attendance marks.',
    );
  }
  await server.register(app, { config });

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) server.log.error({ err }, 'closing after an uncaught error');
    else server.log.info({ signal }, 'shutting down');
    await server.close();
  });

  await server.listen({ host: config.host, port: config.port });
  // Only now: apps built by tests never fire the daily task (it catches up first).
  await server.scheduler.start();
}

main().catch((error: unknown) => {
  process.stderr.write(`Root failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
