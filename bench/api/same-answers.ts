// The benchmark is only honest if both servers do the same work: before any
// timing, Root and the baseline must answer W1–W3 with byte-identical JSON,
// and W4 with the same row (the second mark keeps the first one's timeIn and
// moves timeOut) and the same refusal of a bad signature.
import { createHmac } from 'node:crypto';
import { type WorkloadContext, markAttendanceQuery, workloadBodies } from './workloads.js';

export type Poster = (body: string) => Promise<{ status: number; text: string }>;

export class DifferentAnswersError extends Error {
  override name = 'DifferentAnswersError';
}

/** At most `count` items spread over the list, first and last included. */
function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return items;
  return Array.from({ length: count }, (_, i) => items[Math.round((i * (items.length - 1)) / (count - 1))]!);
}

async function answer(post: Poster, body: string, who: string): Promise<string> {
  const { status, text } = await post(body);
  const parsed = JSON.parse(text) as { errors?: unknown };
  if (status !== 200 || parsed.errors) {
    throw new DifferentAnswersError(`${who} failed (${status}) on ${body.slice(0, 120)}: ${text.slice(0, 300)}`);
  }
  return text;
}

function firstDifference(a: string, b: string): number {
  let i = 0;
  while (i < a.length && a[i] === b[i]) i += 1;
  return i;
}

/** Checks W1–W3 (W2 on up to `samples` members); the mean size in bytes of each workload's answer. */
export async function checkSameReads(
  root: Poster,
  baseline: Poster,
  context: WorkloadContext,
  samples = 10,
): Promise<Record<'W1' | 'W2' | 'W3', number>> {
  const sizes = { W1: 0, W2: 0, W3: 0 };
  for (const name of ['W1', 'W2', 'W3'] as const) {
    const bodies = name === 'W2' ? spread(workloadBodies(name, context), samples) : workloadBodies(name, context);
    let total = 0;
    for (const body of bodies) {
      const ours = await answer(root, body, 'Root');
      const theirs = await answer(baseline, body, 'the baseline');
      if (ours !== theirs) {
        const at = firstDifference(ours, theirs);
        throw new DifferentAnswersError(
          `${name}: Root and the baseline differ at byte ${at} for ${body.slice(0, 120)}\n` +
            `  Root:     …${ours.slice(Math.max(0, at - 80), at + 80)}\n` +
            `  baseline: …${theirs.slice(Math.max(0, at - 80), at + 80)}`,
        );
      }
      total += Buffer.byteLength(ours);
    }
    sizes[name] = Math.round(total / bodies.length);
  }
  return sizes;
}

interface MarkedRow {
  attendanceId: number;
  memberId: number;
  date: string;
  isPresent: boolean;
  timeIn: string | null;
  timeOut: string | null;
}

function micros(time: string | null): number {
  const [clock = '', fraction = ''] = (time ?? '').split('.');
  const [h, m, s] = clock.split(':').map(Number) as [number, number, number];
  return ((h * 60 + m) * 60 + s) * 1e6 + Number(fraction.padEnd(6, '0'));
}

/**
 * Marks two members twice each, once through either server in both orders,
 * and compares the rows; then a bad signature through both. The size in
 * bytes of Root's answer to a mark.
 */
export async function checkSameMarks(
  root: Poster,
  baseline: Poster,
  context: WorkloadContext,
  members: [number, number] = [1, context.members],
): Promise<number> {
  const mark = (memberId: number) => {
    const signature = createHmac('sha256', context.hmacSecret).update(`${memberId}${context.today}`).digest('hex');
    return JSON.stringify({ query: markAttendanceQuery(memberId, context.today, signature) });
  };
  const row = (text: string) => (JSON.parse(text) as { data: { markAttendance: MarkedRow } }).data.markAttendance;
  let size = 0;
  for (const [memberId, order] of [
    [members[0], [root, baseline]],
    [members[1], [baseline, root]],
  ] as const) {
    const firstText = await answer(order[0], mark(memberId), 'first mark');
    const secondText = await answer(order[1], mark(memberId), 'second mark');
    size = Buffer.byteLength(order[0] === root ? firstText : secondText);
    const [first, second] = [row(firstText), row(secondText)];
    const sameKeys = Object.keys(first).join() === Object.keys(second).join();
    const same = (['attendanceId', 'memberId', 'date', 'isPresent', 'timeIn'] as const).every(
      (key) => first[key] === second[key],
    );
    if (
      !sameKeys ||
      !same ||
      !first.isPresent ||
      first.date !== context.today ||
      first.memberId !== memberId ||
      micros(second.timeOut) < micros(first.timeOut)
    ) {
      throw new DifferentAnswersError(`W4: the marks of member ${memberId} disagree:\n  ${firstText}\n  ${secondText}`);
    }
  }
  const forged = JSON.stringify({ query: markAttendanceQuery(members[0], context.today, '0'.repeat(64)) });
  const [ours, theirs] = [(await root(forged)).text, (await baseline(forged)).text];
  if (ours !== theirs || !ours.includes('INVALID_SIGNATURE')) {
    throw new DifferentAnswersError(`W4: a bad signature is answered differently:\n  ${ours}\n  ${theirs}`);
  }
  return size;
}
