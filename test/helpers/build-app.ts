// Builds the real app for a test on a fresh store, waits for ready (so
// migrations ran) and closes it at teardown. Logs are kept in memory for
// tests that inspect them.
import { Writable } from 'node:stream';
import Fastify, { type FastifyInstance } from 'fastify';
import app, { type AppOptions, serverOptions } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import { type StoreKind, storeLocation } from './databases.js';

export const TEST_SECRET = 'test-secret-for-scanners-0123456789';

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  /** Every log line the app wrote, parsed. */
  logs: Record<string, unknown>[];
}

interface TestContext {
  teardown(fn: () => unknown): void;
}

export async function buildTestApp(
  t: TestContext,
  kind: StoreKind,
  env: Record<string, string> = {},
  appOptions: Omit<AppOptions, 'config'> = {},
): Promise<TestApp> {
  const location = await storeLocation(t, kind);
  return buildAppWith(t, { ...testConfig(env), ...location }, appOptions);
}

/**
 * The configuration tests start from: the test secret, info logs, no load
 * shedding on event-loop delay (a busy shared machine, or the embedded store
 * working on the event loop, would shed a test's requests), then `env`.
 */
export function testConfig(env: Record<string, string> = {}): Config {
  return loadConfig({
    env: { HMAC_SECRET: TEST_SECRET, LOG_LEVEL: 'info', ROOT_MAX_EVENT_LOOP_DELAY_MS: '0', ...env },
    dotenv: false,
  });
}

/** Builds the app on exactly this configuration (a database the test made itself). */
export async function buildAppWith(
  t: TestContext,
  config: Config,
  appOptions: Omit<AppOptions, 'config'> = {},
): Promise<TestApp> {
  const logs: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean))
        logs.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  const options = serverOptions(config);
  const fastify = Fastify({ ...options, logger: { ...(options.logger as object), stream } });
  t.teardown(() => fastify.close());
  await fastify.register(app, { ...appOptions, config });
  await fastify.ready();
  return { app: fastify, config, logs };
}
