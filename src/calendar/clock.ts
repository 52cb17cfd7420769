// What "now" is. Domain operations take a Clock so that tests (and the CLI)
// can fix the instant; the server uses the system clock.

/** The current instant; `micros`, when present, gives it to the microsecond. */
export type Clock = (() => Date) & { readonly micros?: () => bigint };

// Wall-clock time in microseconds. Date.now() (and PGlite's now(), which runs
// on it) has only milliseconds; the high-resolution clock supplies the rest,
// re-anchored whenever it drifts a millisecond from the wall clock (NTP steps,
// a suspended VM), so that marks keep microseconds that mean something.
let originMs = performance.timeOrigin;

export function epochMicroseconds(): bigint {
  const sinceStart = performance.now();
  const wall = Date.now();
  if (Math.abs(originMs + sinceStart - wall) >= 1) originMs = wall - sinceStart;
  return BigInt(Math.round((originMs + sinceStart) * 1000));
}

export const systemClock: Clock = Object.assign(() => new Date(), { micros: epochMicroseconds });

/** The clock's instant in microseconds since the epoch (a fixed test clock has milliseconds). */
export function clockMicros(clock: Clock): bigint {
  return clock.micros ? clock.micros() : BigInt(clock().getTime()) * 1000n;
}
