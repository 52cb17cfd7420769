// A clock and timers a test moves by hand: advance(ms) moves "now" and runs
// every timer that falls due, in order, so ten minutes pass at once.
import type { Clock } from '../../src/calendar/clock.js';
import type { Timers } from '../../src/live/timers.js';

export interface ManualClock {
  clock: Clock;
  timers: Timers;
  advance(ms: number): void;
  /** Timers waiting to fire. */
  pending(): number;
}

export function manualClock(start: Date = new Date()): ManualClock {
  let now = start.getTime();
  let sequence = 0;
  const waiting = new Map<number, { at: number; fn: () => void }>();
  return {
    clock: () => new Date(now),
    timers: {
      setTimeout: (fn, ms) => {
        sequence += 1;
        waiting.set(sequence, { at: now + ms, fn });
        return sequence;
      },
      clearTimeout: (handle) => void waiting.delete(handle as number),
    },
    advance(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...waiting.entries()].filter(([, timer]) => timer.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!due) break;
        waiting.delete(due[0]);
        now = Math.max(now, due[1].at);
        due[1].fn();
      }
      now = end;
    },
    pending: () => waiting.size,
  };
}
