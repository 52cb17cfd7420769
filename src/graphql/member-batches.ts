// Per-request batching for the fields computed per member (counts, streaks,
// a day's entry). A resolver asks for one member's value under a key naming
// the field and its arguments; every ask under that key made while the
// request resolves a list of members is answered by one call of the area's
// grouped operation with all their ids. So a list of 50 members costs the
// statements of a list of 2. Values are kept for the request's lifetime.
import type { Context } from './context.js';

type LoadMany<V> = (memberIds: number[]) => Promise<Map<number, V>>;

interface Waiting<V> {
  resolve: (value: V | undefined) => void;
  reject: (error: unknown) => void;
}

class MemberBatch<V> {
  private readonly answers = new Map<number, Promise<V | undefined>>();
  private waiting: Map<number, Waiting<V>> | null = null;

  constructor(private readonly loadMany: LoadMany<V>) {}

  load(memberId: number): Promise<V | undefined> {
    const known = this.answers.get(memberId);
    if (known) return known;
    if (!this.waiting) {
      this.waiting = new Map();
      // After the current pass of the executor has asked for every member of the list.
      setImmediate(() => void this.flush());
    }
    const waiting = this.waiting;
    const answer = new Promise<V | undefined>((resolve, reject) => waiting.set(memberId, { resolve, reject }));
    this.answers.set(memberId, answer);
    return answer;
  }

  private async flush(): Promise<void> {
    const waiting = this.waiting!;
    this.waiting = null;
    try {
      const values = await this.loadMany([...waiting.keys()]);
      for (const [memberId, { resolve }] of waiting) resolve(values.get(memberId));
    } catch (error) {
      for (const { reject } of waiting.values()) reject(error);
    }
  }
}

const batchesOf = new WeakMap<Context, Map<string, MemberBatch<unknown>>>();

/**
 * One member's value of a batched field: `key` names the field and its
 * arguments (asks with equal keys share one statement), `loadMany` answers
 * for a list of member ids. Undefined when `loadMany` has nothing for the member.
 */
export function loadForMember<V>(ctx: Context, key: string, memberId: number, loadMany: LoadMany<V>) {
  let batches = batchesOf.get(ctx);
  if (!batches) batchesOf.set(ctx, (batches = new Map<string, MemberBatch<unknown>>()));
  let batch = batches.get(key) as MemberBatch<V> | undefined;
  if (!batch) {
    batch = new MemberBatch(loadMany);
    batches.set(key, batch as MemberBatch<unknown>);
  }
  return batch.load(memberId);
}
