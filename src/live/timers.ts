// The timer the presence board's departures run on. The server uses Node's;
// tests pass one driven by their own clock, so a departure ten minutes after
// a mark is observed without waiting ten minutes.

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: Timers = {
  // unref: a pending departure never keeps a process alive that is shutting down.
  setTimeout: (fn, ms) => setTimeout(fn, ms).unref(),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};
