// The benchmark's printed summary: one table of every workload and server
// (medians over the interleaved runs), the start-up figures, and the issue's
// targets with the measured value and whether it was met.
import type { LoadResult } from './load.js';
import type { Scale } from './options.js';
import { type WorkloadName, workloadTitles } from './workloads.js';

export type TargetName = 'root' | 'baseline' | 'embedded';

export const targetLabels: Record<TargetName, string> = {
  root: 'Root, PostgreSQL',
  baseline: 'baseline',
  embedded: 'Root, embedded',
};

export interface Measurement {
  workload: WorkloadName;
  target: TargetName;
  runs: LoadResult[];
  responseBytes: number;
  statements: number;
}

export interface StartUp {
  coldStartMs: number;
  idleRss: number;
}

export interface ScaleReport {
  scale: Scale;
  seeded: string[];
  startUp: Record<TargetName, StartUp>;
  measurements: Measurement[];
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

const mb = (bytes: number) => `${(bytes / 1_048_576).toFixed(0)} MB`;
const size = (bytes: number) =>
  bytes < 10_240 ? `${bytes} B` : bytes < 10_485_760 ? `${(bytes / 1024).toFixed(0)} kB` : mb(bytes);
const rate = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
/** A ratio; n/a when a server completed no request in its runs (make --duration longer). */
const fixed = (value: number) => (Number.isFinite(value) ? value.toFixed(2) : 'n/a');
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));

function find(report: ScaleReport, workload: WorkloadName, target: TargetName) {
  return report.measurements.find((m) => m.workload === workload && m.target === target);
}

function medianRate(measurement: Measurement | undefined): number {
  return measurement ? median(measurement.runs.map((run) => run.requestsPerSecond)) : NaN;
}

/** Root ÷ baseline for a workload; for the embedded store, ÷ Root on PostgreSQL. */
export function ratio(report: ScaleReport, workload: WorkloadName, target: TargetName): number {
  const over = target === 'root' ? 'baseline' : 'root';
  return medianRate(find(report, workload, target)) / medianRate(find(report, workload, over));
}

function table(rows: string[][], rightAligned: Set<number>): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row) =>
      row
        .map((cell, column) =>
          rightAligned.has(column) ? cell.padStart(widths[column]!) : cell.padEnd(widths[column]!),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function formatReport(reports: ScaleReport[], firstStart: StartUp, settings: string): string {
  const out: string[] = [settings, ''];
  const header = [
    'scale',
    'workload',
    'server',
    'req/s',
    'runs (req/s)',
    'p50 ms',
    'p99 ms',
    'peak RSS',
    'response',
    'SQL/req',
    'ratio',
  ];
  const rows = [header];
  for (const report of reports) {
    for (const m of report.measurements) {
      const ratioText =
        m.target === 'baseline'
          ? ''
          : `${fixed(ratio(report, m.workload, m.target))} of ${m.target === 'root' ? 'baseline' : 'Root PG'}`;
      const failures = m.runs.reduce((sum, run) => sum + run.failures, 0);
      rows.push([
        report.scale.name,
        `${m.workload} ${workloadTitles[m.workload]}`,
        targetLabels[m.target],
        rate(medianRate(m)),
        m.runs.map((run) => rate(run.requestsPerSecond)).join(' / ') + (failures ? ` (${failures} failed)` : ''),
        ms(median(m.runs.map((run) => run.p50))),
        ms(median(m.runs.map((run) => run.p99))),
        mb(Math.max(...m.runs.map((run) => run.peakRss))),
        size(m.responseBytes),
        Number.isInteger(m.statements) ? String(m.statements) : m.statements.toFixed(1),
        ratioText,
      ]);
    }
  }
  out.push(table(rows, new Set([3, 5, 6, 7, 8, 9])), '');

  const startRows = [['scale', 'server', 'cold start to healthy /health', 'idle RSS after start-up']];
  for (const report of reports) {
    for (const target of ['root', 'embedded', 'baseline'] as const) {
      const start = report.startUp[target];
      startRows.push([
        report.scale.name,
        targetLabels[target],
        `${start.coldStartMs.toFixed(0)} ms`,
        mb(start.idleRss),
      ]);
    }
  }
  startRows.push([
    'any',
    `${targetLabels.embedded}, new data directory`,
    `${firstStart.coldStartMs.toFixed(0)} ms`,
    mb(firstStart.idleRss),
  ]);
  out.push(table(startRows, new Set([2, 3])), '');

  const targetRows = [['target', ...reports.map((report) => report.scale.name)]];
  const check = (met: boolean, text: string) => `${text} ${met ? 'met' : 'MISSED'}`;
  for (const workload of ['W1', 'W2', 'W3', 'W4'] as const) {
    const floor = workload === 'W4' ? 0.5 : 0.35;
    targetRows.push([
      `Root ÷ baseline ≥ ${floor} on ${workload}`,
      ...reports.map((report) => {
        const value = ratio(report, workload, 'root');
        return check(value >= floor, fixed(value));
      }),
    ]);
  }
  targetRows.push([
    'peak RSS under load ≤ 200 MB (Root, PostgreSQL; small scale)',
    ...reports.map((report) => {
      const peak = Math.max(
        ...report.measurements.filter((m) => m.target === 'root').flatMap((m) => m.runs.map((run) => run.peakRss)),
      );
      return report.scale.name === 'small' ? check(peak <= 200 * 1_048_576, mb(peak)) : `${mb(peak)} (no target)`;
    }),
  ]);
  targetRows.push([
    'idle RSS ≤ 100 MB (Root, PostgreSQL)',
    ...reports.map((report) => check(report.startUp.root.idleRss <= 100 * 1_048_576, mb(report.startUp.root.idleRss))),
  ]);
  targetRows.push([
    'idle RSS ≤ 200 MB (Root, embedded)',
    ...reports.map((report) =>
      check(report.startUp.embedded.idleRss <= 200 * 1_048_576, mb(report.startUp.embedded.idleRss)),
    ),
  ]);
  for (const workload of ['W2', 'W4'] as const) {
    targetRows.push([
      `Root embedded ≥ 0.6 × Root PostgreSQL on ${workload}`,
      ...reports.map((report) => {
        const value = ratio(report, workload, 'embedded');
        return check(value >= 0.6, fixed(value));
      }),
    ]);
  }
  out.push(table(targetRows, new Set()));
  return out.join('\n');
}
