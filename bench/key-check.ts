// What checking an API key costs per request: a cheap query ({ __typename })
// without a key and with a valid key, on a real HTTP server in this process,
// loaded by autocannon from a second process. It reports requests per second
// and the server's CPU time per request (process.cpuUsage over the run
// divided by the requests served): on a shared machine the rate swings with
// other processes' load, the CPU time per request much less, so the verdict
// uses it. Rounds alternate; the figures are the medians.
// `npm run bench:keys [-- --seconds 10 --rounds 5]`
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import Fastify from 'fastify';
import app, { serverOptions } from '../src/app.js';
import { systemClock } from '../src/calendar/clock.js';
import { loadConfig } from '../src/config.js';
import { createApiKey } from '../src/keys/api-keys.js';
import { storeLocation } from '../test/helpers/databases.js';

const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    connections: { type: 'string', default: '10' },
  },
});
const cleanups: (() => unknown)[] = [];
const scope = { teardown: (fn: () => unknown) => cleanups.unshift(fn) };
const autocannon = createRequire(import.meta.url).resolve('autocannon/autocannon.js');

interface Run {
  rate: number;
  cpuPerRequestUs: number;
}

async function load(url: string, headers: string[]): Promise<Run> {
  const cpu = process.cpuUsage();
  const total = await autocannonRun(url, headers);
  const used = process.cpuUsage(cpu);
  return { rate: total.rate, cpuPerRequestUs: (used.user + used.system) / total.requests };
}

function autocannonRun(url: string, headers: string[]): Promise<{ rate: number; requests: number }> {
  const args = [autocannon, '-j', '-d', values.seconds, '-c', values.connections, '-m', 'POST'];
  args.push('-H', 'content-type=application/json', ...headers.flatMap((header) => ['-H', header]));
  args.push('-b', JSON.stringify({ query: '{ __typename }' }), url);
  return new Promise((resolve, reject) =>
    execFile(process.execPath, args, { maxBuffer: 16 << 20 }, (error, stdout) => {
      if (error) return reject(new Error(`autocannon failed: ${error.message}`));
      const result = JSON.parse(stdout) as {
        requests: { average: number; total: number };
        non2xx: number;
        errors: number;
      };
      if (result.non2xx || result.errors) return reject(new Error(`failed requests: ${stdout}`));
      resolve({ rate: result.requests.average, requests: result.requests.total });
    }),
  );
}

const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;

try {
  const location = await storeLocation(scope, process.env.DATABASE_URL ? 'postgresql' : 'pglite');
  const config = {
    ...loadConfig({ env: { LOG_LEVEL: 'warn', HMAC_SECRET: 'bench', ROOT_ANONYMOUS_ACCESS: 'public' }, dotenv: false }),
    ...location,
  };
  const server = Fastify({ ...serverOptions(config), logger: false });
  await server.register(app, { config });
  cleanups.unshift(() => server.close());
  await server.listen({ host: '127.0.0.1', port: 0 });
  const address = server.server.address() as { port: number };
  const url = `http://127.0.0.1:${address.port}/graphql`;
  const { key } = await createApiKey(
    { prisma: server.prisma, clock: systemClock, timeZone: config.timeZone },
    { name: 'bench', bundle: 'reader' },
  );

  const without: Run[] = [];
  const withKey: Run[] = [];
  await load(url, []); // warm-up
  await load(url, [`authorization=Bearer ${key}`]);
  for (let round = 1; round <= Number(values.rounds); round += 1) {
    // Alternate which goes first, so that neither always follows the other.
    const order = round % 2 ? ['without', 'with'] : ['with', 'without'];
    for (const which of order) {
      if (which === 'with') withKey.push(await load(url, [`authorization=Bearer ${key}`]));
      else without.push(await load(url, []));
    }
    const [a, b] = [without.at(-1)!, withKey.at(-1)!];
    console.log(
      `round ${round}: without a key ${a.rate.toFixed(0)} req/s, ${a.cpuPerRequestUs.toFixed(1)} µs CPU/request; ` +
        `with a key ${b.rate.toFixed(0)} req/s, ${b.cpuPerRequestUs.toFixed(1)} µs CPU/request`,
    );
  }
  const rateA = median(without.map((run) => run.rate));
  const rateB = median(withKey.map((run) => run.rate));
  const cpuA = median(without.map((run) => run.cpuPerRequestUs));
  const cpuB = median(withKey.map((run) => run.cpuPerRequestUs));
  console.log(`median rate: ${rateA.toFixed(0)} req/s without a key, ${rateB.toFixed(0)} req/s with a key`);
  console.log(
    `median CPU per request: ${cpuA.toFixed(1)} µs without a key, ${cpuB.toFixed(1)} µs with a key: ` +
      `key checking costs ${(cpuB - cpuA).toFixed(1)} µs, ${(((cpuB - cpuA) / cpuA) * 100).toFixed(1)} % of the request`,
  );
} finally {
  for (const cleanup of cleanups) await cleanup();
}
