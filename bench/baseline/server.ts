// Runs the baseline server with Root's own environment variables
// (DATABASE_URL, HMAC_SECRET, ROOT_TIMEZONE, ROOT_HOST, PORT, LOG_LEVEL).
// Started by the API benchmark; `node --import tsx bench/baseline/server.ts`.
import { buildBaseline } from './app.js';

const env = process.env;
if (!env.DATABASE_URL || !env.HMAC_SECRET) {
  process.stderr.write('baseline: DATABASE_URL and HMAC_SECRET are required\n');
  process.exit(78);
}
const app = await buildBaseline({
  databaseUrl: env.DATABASE_URL,
  hmacSecret: env.HMAC_SECRET,
  timeZone: env.ROOT_TIMEZONE ?? 'Asia/Kolkata',
  logLevel: env.LOG_LEVEL ?? 'info',
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => void app.close().then(() => process.exit(0)));
}
await app.listen({ host: env.ROOT_HOST ?? '127.0.0.1', port: Number(env.PORT ?? 8001) });
