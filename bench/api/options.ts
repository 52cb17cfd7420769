// The API benchmark's command line, checked the way the operator CLI checks
// its own: one clear line and exit code 2 for anything malformed.
import { parseArgs } from 'node:util';

export interface Scale {
  name: 'small' | 'large';
  members: number;
  days: number;
}

export const SCALES: Record<Scale['name'], Scale> = {
  small: { name: 'small', members: 300, days: 180 },
  large: { name: 'large', members: 10_000, days: 365 },
};

export interface BenchOptions {
  scales: Scale[];
  /** Seconds of each measured run. */
  duration: number;
  /** Seconds of load before each measured run, not counted. */
  warmup: number;
  /** Measured runs per workload and server, interleaved. */
  runs: number;
  connections: number;
  help: boolean;
}

export const USAGE = `Usage: npm run bench:api -- [--scale small|large|both] [--duration S] [--warmup S] [--runs N] [--connections C]

Seeds scratch databases (PostgreSQL and the embedded store) with \`cli seed\`,
starts Root's production build and the hand-written baseline (bench/baseline),
and drives the four client workloads with autocannon, interleaving the servers.

  --scale        small (300 members x 180 days, default), large (10,000 x 365) or both
  --duration S   seconds of each measured run (1 to 600, default 5)
  --warmup S     seconds of load before each measured run (0 to 120, default 2)
  --runs N       measured runs per workload and server (1 to 20, default 3)
  --connections C  concurrent connections (1 to 256, default 8)

Needs \`npm run build\` first and the PostgreSQL server of TEST_DATABASE_URL
(default postgresql://postgres@127.0.0.1:5432/postgres).`;

export class BenchUsageError extends Error {
  override name = 'BenchUsageError';
}

function count(name: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new BenchUsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

export function parseBenchOptions(args: string[]): BenchOptions {
  let values;
  try {
    values = parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: {
        scale: { type: 'string', default: 'small' },
        duration: { type: 'string', default: '5' },
        warmup: { type: 'string', default: '2' },
        runs: { type: 'string', default: '3' },
        connections: { type: 'string', default: '8' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }).values;
  } catch (error) {
    throw new BenchUsageError((error as Error).message);
  }
  const scales =
    values.scale === 'both'
      ? [SCALES.small, SCALES.large]
      : values.scale === 'small' || values.scale === 'large'
        ? [SCALES[values.scale]]
        : undefined;
  if (!scales) throw new BenchUsageError(`--scale must be small, large or both, got "${values.scale}"`);
  return {
    scales,
    duration: count('duration', values.duration, 1, 600),
    warmup: count('warmup', values.warmup, 0, 120),
    runs: count('runs', values.runs, 1, 20),
    connections: count('connections', values.connections, 1, 256),
    help: values.help,
  };
}
