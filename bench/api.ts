// The API benchmark (`npm run bench:api`): Root's production build against a
// hand-written Fastify + pg server (bench/baseline) over the same seeded
// PostgreSQL tables, on the four requests real clients send, plus Root on
// the embedded store for W2 and W4. The ratio Root ÷ baseline is the figure
// that counts: on a shared machine absolute numbers move from run to run,
// so the servers take turns, run by run, and the table shows medians.
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { drive, post } from './api/load.js';
import { BenchUsageError, type BenchOptions, type Scale, USAGE, parseBenchOptions } from './api/options.js';
import { type ServerProcess, settle, sleep, startServer, stopAll, until } from './api/processes.js';
import { type Measurement, type ScaleReport, type StartUp, type TargetName, formatReport } from './api/report.js';
import { checkSameMarks, checkSameReads } from './api/same-answers.js';
import {
  type Workspace,
  cleanUp,
  createScratchDatabase,
  createWorkspace,
  embeddedDataDir,
  seed,
  vacuumAnalyze,
} from './api/stores.js';
import { type WorkloadContext, type WorkloadName, clubDay, workloadBodies } from './api/workloads.js';

const TIME_ZONE = 'Asia/Kolkata';
const WORKLOADS: WorkloadName[] = ['W1', 'W2', 'W3', 'W4'];
/** Root on the embedded store runs the member page and the scanners' marks. */
const EMBEDDED_WORKLOADS = new Set<WorkloadName>(['W2', 'W4']);
/** Requests per workload in the statement count at trace level. */
const COUNTED_REQUESTS = 5;

const path = (relative: string) => fileURLToPath(new URL(relative, import.meta.url));
const SERVER = path('../dist/server.js');
const CLI = path('../dist/cli/main.js');
const BASELINE = path('./baseline/server.ts');
const TSX = import.meta.resolve('tsx');

const progress = (line: string) => process.stderr.write(`${line}\n`);

interface Stores {
  databaseUrl: string;
  dataDir: string;
}

/** The environment the image runs in (Dockerfile), for every server alike. */
function production(secret: string): Record<string, string> {
  return {
    ROOT_ENV: 'production',
    NODE_ENV: 'production',
    MALLOC_TRIM_THRESHOLD_: '131072',
    HMAC_SECRET: secret,
    ROOT_TIMEZONE: TIME_ZONE,
  };
}

function environment(target: TargetName, stores: Stores, secret: string, logLevel: string): Record<string, string> {
  const store: Record<string, string> =
    target === 'embedded' ? { ROOT_DATA_DIR: stores.dataDir } : { DATABASE_URL: stores.databaseUrl };
  return { ...production(secret), ...store, LOG_LEVEL: logLevel };
}

function start(target: TargetName, workspace: Workspace, env: Record<string, string>, countSql = false) {
  const args = target === 'baseline' ? ['--import', TSX, BASELINE] : [SERVER];
  return startServer({ name: target, args, env, cwd: workspace.dir, countSql });
}

/**
 * SQL statements per request, from the servers' own trace logs (one 'sql'
 * line per statement), one request at a time. Root's first start on a
 * freshly seeded store prepares today, as a real first start would: the
 * count begins once that is done.
 */
async function countStatements(
  target: TargetName,
  workspace: Workspace,
  env: Record<string, string>,
  context: WorkloadContext,
): Promise<Map<WorkloadName, number>> {
  const server = await start(target, workspace, env, true);
  const counts = new Map<WorkloadName, number>();
  try {
    if (target !== 'baseline') await until(() => server.logged(/^daily task \w+ for /), 120_000);
    for (const workload of WORKLOADS) {
      if (target === 'embedded' && !EMBEDDED_WORKLOADS.has(workload)) continue;
      const bodies = workloadBodies(workload, context);
      const before = server.sqlLines();
      for (let i = 0; i < COUNTED_REQUESTS; i += 1) await post(server.url, bodies[i % bodies.length]!);
      await settle(() => server.sqlLines(), 200, 10_000);
      counts.set(workload, (server.sqlLines() - before) / COUNTED_REQUESTS);
    }
  } finally {
    await server.stop();
  }
  return counts;
}

async function startMeasured(target: TargetName, workspace: Workspace, env: Record<string, string>) {
  const server = await start(target, workspace, env);
  // Idle: whatever start-up work follows the first healthy answer has settled.
  await sleep(3000);
  const startUp: StartUp = { coldStartMs: server.startupMs, idleRss: server.memory().rss };
  return { server, startUp };
}

/** A club's first start: Root on an embedded store whose data directory does not exist yet. */
async function measureFirstStart(workspace: Workspace): Promise<StartUp> {
  progress('first start on a new embedded data directory...');
  const env = { ...production(randomBytes(32).toString('hex')), ROOT_DATA_DIR: join(workspace.dir, 'pglite-new') };
  const { server, startUp } = await startMeasured('embedded', workspace, { ...env, LOG_LEVEL: 'info' });
  await server.stop();
  return startUp;
}

async function benchScale(scale: Scale, options: BenchOptions, workspace: Workspace): Promise<ScaleReport> {
  const tag = `[${scale.name}]`;
  const secret = randomBytes(32).toString('hex');
  const stores: Stores = {
    databaseUrl: await createScratchDatabase(workspace),
    dataDir: embeddedDataDir(workspace, scale),
  };
  const seeded: string[] = [];
  for (const [label, env] of [
    ['PostgreSQL', { DATABASE_URL: stores.databaseUrl }],
    ['embedded store', { ROOT_DATA_DIR: stores.dataDir }],
  ] as const) {
    progress(`${tag} seeding ${label}: ${scale.members} members x ${scale.days} days...`);
    const line = await seed(workspace, CLI, scale, { ...env, ROOT_TIMEZONE: TIME_ZONE });
    await vacuumAnalyze('DATABASE_URL' in env ? { databaseUrl: env.DATABASE_URL } : { dataDir: env.ROOT_DATA_DIR });
    seeded.push(`${label}: ${line}`);
    progress(`${tag}   ${line}`);
  }
  const context: WorkloadContext = {
    members: scale.members,
    reportDate: clubDay(TIME_ZONE, -1),
    today: clubDay(TIME_ZONE),
    hmacSecret: secret,
  };

  progress(`${tag} counting SQL statements per request (LOG_LEVEL=trace)...`);
  const statements = new Map<TargetName, Map<WorkloadName, number>>();
  for (const target of ['root', 'embedded', 'baseline'] as const) {
    statements.set(
      target,
      await countStatements(target, workspace, environment(target, stores, secret, 'trace'), context),
    );
  }

  progress(`${tag} starting the servers (production, LOG_LEVEL=info)...`);
  const servers = {} as Record<TargetName, ServerProcess>;
  const startUp = {} as Record<TargetName, StartUp>;
  try {
    for (const target of ['root', 'embedded', 'baseline'] as const) {
      const started = await startMeasured(target, workspace, environment(target, stores, secret, 'info'));
      servers[target] = started.server;
      startUp[target] = started.startUp;
    }
    const poster = (server: ServerProcess) => (body: string) => post(server.url, body);
    progress(`${tag} checking that Root and the baseline answer alike...`);
    const readSizes = await checkSameReads(poster(servers.root), poster(servers.baseline), context);
    const markSize = await checkSameMarks(poster(servers.root), poster(servers.baseline), context);
    const embeddedSizes = new Map<WorkloadName, number>();
    for (const workload of EMBEDDED_WORKLOADS) {
      const body = workloadBodies(workload, context)[0]!;
      const { text } = await post(servers.embedded.url, body);
      if ((JSON.parse(text) as { errors?: unknown }).errors)
        throw new Error(`Root, embedded, failed ${workload}: ${text}`);
      embeddedSizes.set(workload, Buffer.byteLength(text));
    }

    const measurements: Measurement[] = [];
    for (const workload of WORKLOADS) {
      const targets: TargetName[] = EMBEDDED_WORKLOADS.has(workload)
        ? ['root', 'baseline', 'embedded']
        : ['root', 'baseline'];
      const bodies = workloadBodies(workload, context);
      const rows = targets.map((target) => {
        const responseBytes =
          target === 'embedded'
            ? embeddedSizes.get(workload)!
            : workload === 'W4'
              ? markSize
              : readSizes[workload as 'W1'];
        const measurement: Measurement = {
          workload,
          target,
          runs: [],
          responseBytes,
          statements: statements.get(target)!.get(workload)!,
        };
        measurements.push(measurement);
        return measurement;
      });
      for (let run = 1; run <= options.runs; run += 1) {
        for (const row of rows) {
          const result = await drive(servers[row.target], bodies, options);
          row.runs.push(result);
          progress(
            `${tag} ${workload} ${row.target.padEnd(8)} run ${run}/${options.runs}: ${result.requestsPerSecond.toFixed(1)} req/s, ` +
              `p50 ${result.p50} ms, p99 ${result.p99} ms${result.failures ? `, ${result.failures} FAILED` : ''}`,
          );
        }
      }
    }
    return { scale, seeded, startUp, measurements };
  } finally {
    for (const server of Object.values(servers)) await server.stop();
  }
}

async function main(argv: string[]): Promise<number> {
  let options: BenchOptions;
  try {
    options = parseBenchOptions(argv);
  } catch (error) {
    if (!(error instanceof BenchUsageError)) throw error;
    process.stderr.write(`bench:api: ${error.message}\nRun "npm run bench:api -- --help" for usage.\n`);
    return 2;
  }
  if (options.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  if (!existsSync(SERVER) || !existsSync(CLI)) {
    process.stderr.write('bench:api: the production build is missing: run "npm run build" first\n');
    return 2;
  }
  const workspace = await createWorkspace();
  const interrupted = () =>
    void stopAll()
      .then(() => cleanUp(workspace))
      .then(() => process.exit(130));
  process.once('SIGINT', interrupted);
  process.once('SIGTERM', interrupted);
  try {
    const reports: ScaleReport[] = [];
    // On a shared machine the other work is part of the figures: its load is printed with them.
    const loadBefore = loadavg()[0]!;
    for (const scale of options.scales) reports.push(await benchScale(scale, options, workspace));
    const firstStart = await measureFirstStart(workspace);
    const settings =
      `API benchmark, ${new Date().toISOString().slice(0, 10)}: ${options.connections} connections, ` +
      `${options.warmup} s warm-up + ${options.duration} s per run, ${options.runs} interleaved runs per server; ` +
      `medians. Node ${process.version}, ${cpus().length} cores, load average ${loadBefore.toFixed(1)} at the ` +
      `start and ${loadavg()[0]!.toFixed(1)} at the end.\n` +
      reports.flatMap((report) => report.seeded.map((line) => `  ${report.scale.name}, ${line}`)).join('\n');
    process.stdout.write(`\n${formatReport(reports, firstStart, settings)}\n`);
    return 0;
  } finally {
    await cleanUp(workspace);
  }
}

process.exitCode = await main(process.argv.slice(2));
