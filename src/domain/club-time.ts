// The club's calendar. Dates and times of day belong to the club's time zone
// (ROOT_TIMEZONE), never to the server's local zone.

export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

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

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The club's calendar day at `instant`, as UTC midnight of that day. */
export function clubDate(instant: Date, timeZone: string): Date {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(instant)
      .map((p) => [p.type, p.value]),
  );
  return new Date(Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day)));
}

export function addDays(day: Date, days: number): Date {
  return new Date(day.getTime() + days * 86_400_000);
}
