// /metrics: off unless ROOT_METRICS_PORT is set, then served by a listener of
// its own (never the API's port) as Prometheus text covering requests by
// route and status, GraphQL operations by name, marks by outcome and reason,
// the daily task, the pool and the process's memory.
import t from 'tap';
import { buildTestApp } from '../helpers/build-app.js';
import { clubToday } from '../helpers/club-clock.js';
import { createMember, sign } from '../helpers/factories.js';
import { postGraphQL } from '../helpers/graphql.js';
import { freePort } from '../helpers/ports.js';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/** Parses Prometheus text exposition (0.0.4) strictly: every line is a comment, a sample, or blank. */
function parsePrometheus(text: string): { samples: Sample[]; types: Map<string, string> } {
  const samples: Sample[] = [];
  const types = new Map<string, string>();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const type = /^# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped)$/.exec(line);
    if (type) {
      types.set(type[1]!, type[2]!);
      continue;
    }
    if (/^# HELP [a-zA-Z_:][a-zA-Z0-9_:]* .*$/.test(line)) continue;
    const sample = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)$/.exec(line);
    if (!sample) throw new Error(`not Prometheus text: ${line}`);
    const labels: Record<string, string> = {};
    for (const [, name, value] of (sample[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[name!] = value!;
    }
    samples.push({ name: sample[1]!, labels, value: Number(sample[3]) });
  }
  return { samples, types };
}

const find = (samples: Sample[], name: string, labels: Record<string, string> = {}) =>
  samples.filter(
    (sample) =>
      sample.name === name && Object.entries(labels).every(([label, value]) => sample.labels[label] === value),
  );

void t.test('without ROOT_METRICS_PORT: no metrics, and no /metrics on the API port', async (t) => {
  const { app } = await buildTestApp(t, 'pglite');
  t.equal(app.metrics, null);
  t.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 404);
});

for (const kind of ['pglite', 'postgresql'] as const) {
  void t.test(`${kind}: a scrape on the metrics port, parsed as Prometheus text`, async (t) => {
    const port = await freePort();
    const { app, config } = await buildTestApp(t, kind, { ROOT_METRICS_PORT: String(port) });
    t.equal((await app.inject({ method: 'GET', url: '/metrics' })).statusCode, 404, 'not on the API port');
    await app.metrics!.listen('127.0.0.1', port);

    const today = clubToday(config.timeZone);
    const memberId = await createMember(app);
    const markQuery = (signature: string, date = today) =>
      `mutation Scan { markAttendance(input: {memberId: ${memberId}, date: "${date}", hmacSignature: "${signature}"}) { memberId } }`;
    t.equal((await postGraphQL(app, markQuery(sign(memberId, today)))).statusCode, 200);
    t.equal(
      (await postGraphQL(app, markQuery('0'.repeat(64)))).body.errors?.[0]?.extensions?.code,
      'INVALID_SIGNATURE',
    );
    const future = '2999-01-01';
    t.equal(
      (await postGraphQL(app, markQuery(sign(memberId, future), future))).body.errors?.[0]?.extensions?.code,
      'FUTURE_DATE',
    );
    await postGraphQL(app, 'query Dashboard { members { memberId } }');
    await app.scheduler.start();

    const response = await fetch(`http://127.0.0.1:${port}/metrics`);
    t.equal(response.status, 200);
    t.match(response.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
    const { samples, types } = parsePrometheus(await response.text());

    t.equal(types.get('http_request_duration_seconds'), 'histogram');
    t.ok(
      find(samples, 'http_request_duration_seconds_count', { method: 'POST', route: '/graphql', status_code: '200' })[0]
        ?.value,
      'requests by route and status',
    );
    t.equal(types.get('graphql_operation_duration_seconds'), 'histogram');
    t.equal(find(samples, 'graphql_operation_duration_seconds_count', { operation: 'Dashboard' })[0]?.value, 1);
    t.ok(find(samples, 'graphql_operation_duration_seconds_count', { operation: 'Scan' })[0]?.value);
    t.strictSame(
      find(samples, 'root_attendance_marks_total').map(({ labels, value }) => ({ ...labels, value })),
      [
        { outcome: 'accepted', reason: 'ok', value: 1 },
        { outcome: 'refused', reason: 'INVALID_SIGNATURE', value: 1 },
        { outcome: 'refused', reason: 'FUTURE_DATE', value: 1 },
      ],
      'marks by outcome and reason',
    );
    const lastSuccess = find(samples, 'root_daily_task_last_success_timestamp_seconds')[0]?.value ?? 0;
    t.ok(Math.abs(lastSuccess - Date.now() / 1000) < 60, 'daily task: last success');
    t.ok((find(samples, 'root_daily_task_last_duration_seconds')[0]?.value ?? -1) >= 0, 'daily task: duration');
    t.ok((find(samples, 'root_daily_task_lag_seconds')[0]?.value ?? -1) >= 0, 'daily task: lag');
    t.equal(find(samples, 'root_daily_task_failures')[0]?.value, 0);
    const inUse = find(samples, 'root_db_pool_connections', { state: 'in_use' })[0];
    const idle = find(samples, 'root_db_pool_connections', { state: 'idle' })[0];
    t.ok(inUse && idle && inUse.value >= 0 && idle.value >= 1, 'pool connections in use and idle');
    t.equal(find(samples, 'root_db_pool_waiting')[0]?.value, 0, 'none waiting');
    t.ok((find(samples, 'process_resident_memory_bytes')[0]?.value ?? 0) > 0, 'process memory');
    t.ok(find(samples, 'nodejs_heap_size_used_bytes')[0], 'heap');
  });
}
