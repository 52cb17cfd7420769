// The API benchmark's own checks, fast: its command line, and the promise
// it makes before timing anything, that Root and the hand-written baseline
// give the same answers. That runs here on a tiny seeded PostgreSQL
// database (the baseline speaks only to a PostgreSQL server).
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { BenchUsageError, SCALES, parseBenchOptions } from '../../bench/api/options.js';
import { DifferentAnswersError, type Poster, checkSameMarks, checkSameReads } from '../../bench/api/same-answers.js';
import { type WorkloadContext, clubDay, scatteredMembers, workloadBodies } from '../../bench/api/workloads.js';
import { buildBaseline } from '../../bench/baseline/app.js';
import { seedDemoData } from '../../src/seed/demo-data.js';
import { TEST_SECRET, buildTestApp } from '../helpers/build-app.js';
import type { FastifyInstance } from 'fastify';

const projectRoot = fileURLToPath(new URL('../..', import.meta.url));

function runBench(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'bench/api.ts', ...args],
      { cwd: projectRoot, env: { PATH: process.env.PATH ?? '' }, timeout: 60_000 },
      (error, stdout, stderr) => resolve({ code: error ? (error.code as number | null) : 0, stdout, stderr }),
    );
  });
}

t.test('options: defaults, scales, and every malformed value refused with exit code 2', async (t) => {
  t.same(parseBenchOptions([]), {
    scales: [SCALES.small],
    duration: 5,
    warmup: 2,
    runs: 3,
    connections: 8,
    help: false,
  });
  t.same(SCALES, {
    small: { name: 'small', members: 300, days: 180 },
    large: { name: 'large', members: 10_000, days: 365 },
  });
  t.same(parseBenchOptions(['--scale', 'both', '--duration', '15', '--runs', '5']).scales, [
    SCALES.small,
    SCALES.large,
  ]);
  t.same(parseBenchOptions(['--scale=large', '--warmup', '0']).warmup, 0);

  const cases: [string[], string][] = [
    [['--scale', 'huge'], '--scale must be small, large or both, got "huge"'],
    [['--duration', '0'], '--duration must be a whole number from 1 to 600, got "0"'],
    [['--duration', '2.5'], '--duration must be a whole number from 1 to 600, got "2.5"'],
    [['--warmup=-1'], '--warmup must be a whole number from 0 to 120, got "-1"'],
    [['--runs', '21'], '--runs must be a whole number from 1 to 20, got "21"'],
    [['--connections', 'many'], '--connections must be a whole number from 1 to 256, got "many"'],
  ];
  for (const [args, message] of cases) {
    t.throws(() => parseBenchOptions(args), new BenchUsageError(message), args.join(' '));
  }
  // As the script ends on one of them: one line, the hint, exit code 2, nothing done.
  const run = await runBench(['--scale', 'huge']);
  t.same(run, {
    code: 2,
    stdout: '',
    stderr:
      'bench:api: --scale must be small, large or both, got "huge"\nRun "npm run bench:api -- --help" for usage.\n',
  });
  const unknown = await runBench(['--members', '5']);
  t.same([unknown.code, unknown.stdout], [2, '']);
  t.match(unknown.stderr, /^bench:api: Unknown option '--members'.*\nRun "npm run bench:api -- --help" for usage\.\n$/);

  const help = await runBench(['--help']);
  t.same([help.code, help.stderr], [0, '']);
  t.match(help.stdout, /^Usage: npm run bench:api -- \[--scale small\|large\|both\]/);
});

t.test('workloads: scanners cycle through every member, signed for today', async (t) => {
  t.same(
    [...scatteredMembers(10)].sort((a, b) => a - b),
    [1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
  );
  t.not(scatteredMembers(10)[1], 2);
  const context = { members: 3, reportDate: '2026-01-30', today: '2026-01-31', hmacSecret: 'secret' };
  const marks = workloadBodies('W4', context).map((body) => JSON.parse(body) as { query: string });
  t.equal(marks.length, 3);
  t.match(
    marks[0]!.query,
    /^mutation \{ markAttendance\(input: \{memberId: \d, date: "2026-01-31", hmacSignature: "[0-9a-f]{64}"\}\)/,
  );
});

const inject =
  (app: FastifyInstance): Poster =>
  async (body) => {
    const response = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': 'application/json' },
      payload: body,
    });
    return { status: response.statusCode, text: response.body };
  };

t.test('Root and the baseline answer W1–W4 alike on a tiny seeded database', async (t) => {
  const { app, config } = await buildTestApp(t, 'postgresql');
  const members = 12;
  await seedDemoData(app.prisma, { members, days: 20, timeZone: config.timeZone });
  const context: WorkloadContext = {
    members,
    reportDate: clubDay(config.timeZone, -1),
    today: clubDay(config.timeZone),
    hmacSecret: TEST_SECRET,
  };
  // Every shape of NaiveTime: whole seconds, tenths, milliseconds, microseconds.
  await app.prisma.$executeRawUnsafe(
    `UPDATE attendance SET is_present = true, time_in = '10:00:00', time_out = '10:00:00.5'
     WHERE member_id = 1 AND date = $1::date`,
    context.reportDate,
  );
  await app.prisma.$executeRawUnsafe(
    `UPDATE attendance SET is_present = true, time_in = '10:00:00.000001', time_out = '10:00:00.123'
     WHERE member_id = 2 AND date = $1::date`,
    context.reportDate,
  );
  const baseline = await buildBaseline({
    databaseUrl: config.databaseUrl!,
    hmacSecret: TEST_SECRET,
    timeZone: config.timeZone,
    logLevel: 'silent',
  });
  t.teardown(() => baseline.close());

  const sizes = await checkSameReads(inject(app), inject(baseline), context, members);
  t.ok(sizes.W1 > 1000 && sizes.W2 > 1000 && sizes.W3 > 1000, JSON.stringify(sizes));
  const report = await inject(baseline)(workloadBodies('W1', context)[0]!);
  t.match(
    report.text,
    '{"memberId":1,"name":"Ananya Sharma","isPresent":true,"timeIn":"10:00:00","timeOut":"10:00:00.500"}',
  );
  t.match(report.text, '"timeIn":"10:00:00.000001","timeOut":"10:00:00.123"');

  // Both orders: the row is created by either server and updated by the other.
  t.ok((await checkSameMarks(inject(app), inject(baseline), context)) > 100);

  // The check has teeth: one byte of difference is reported, with where.
  const altered: Poster = async (body) => {
    const answer = await inject(baseline)(body);
    return { ...answer, text: answer.text.replace('"isPresent":true', '"isPresent":false') };
  };
  await t.rejects(checkSameReads(inject(app), altered, context), DifferentAnswersError);
  await t.rejects(checkSameReads(inject(app), altered, context), {
    message: /^W1: Root and the baseline differ at byte \d+/,
  });
});
