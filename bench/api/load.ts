// Load through autocannon: a fixed number of connections posting the
// workload's bodies in turn for a given time, the server's resident memory
// sampled meanwhile. A warm-up with the same load precedes each measured run;
// after each, the server is left to finish what was in flight.
import autocannon from 'autocannon';
import { sampleRss, waitIdle } from './processes.js';

export interface LoadResult {
  requestsPerSecond: number;
  p50: number;
  p99: number;
  /** Highest resident set size seen during warm-up and run, in bytes. */
  peakRss: number;
  failures: number;
}

export interface LoadOptions {
  duration: number;
  warmup: number;
  connections: number;
}

export async function drive(
  target: { url: string; pid: number },
  bodies: string[],
  options: LoadOptions,
): Promise<LoadResult> {
  const stopSampling = sampleRss(target.pid);
  if (options.warmup > 0) {
    await load(target.url, bodies, options.warmup, options.connections);
    await waitIdle(target.pid);
  }
  const result = await load(target.url, bodies, options.duration, options.connections);
  // Requests still in flight when the run ended are finished before anything else runs.
  await waitIdle(target.pid);
  return {
    // Only answers: a request shed with 503 (load shedding) or failed is not throughput.
    requestsPerSecond: result['2xx'] / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    peakRss: stopSampling(),
    failures: result.errors + result.timeouts + result.non2xx,
  };
}

function load(url: string, bodies: string[], duration: number, connections: number) {
  let next = 0;
  const request: autocannon.Request = {
    method: 'POST',
    path: '/',
    headers: { 'content-type': 'application/json' },
  };
  if (bodies.length === 1) request.body = bodies[0];
  else request.setupRequest = (req) => ({ ...req, body: bodies[next++ % bodies.length] });
  return autocannon({ url, connections, duration, timeout: 120, requests: [request] });
}

/** One POST as a client makes it; the body text as received. */
export async function post(url: string, body: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${url}/`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  return { status: response.status, text: await response.text() };
}
