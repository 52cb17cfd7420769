// The club's calendar and clock as a test sees them, computed with Intl for a
// time zone, independently of the server's code: "today" in the club, days
// around it, and a window [before, after] to check server-made times against.

export interface ClubInstant {
  /** YYYY-MM-DD in the club's zone. */
  date: string;
  /** HH:MM:SS.uuuuuu in the club's zone (microseconds zero: the JS clock has milliseconds). */
  time: string;
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
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      fractionalSecondDigits: 3,
      hourCycle: 'h23',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function clubInstant(timeZone: string, at: Date = new Date()): ClubInstant {
  const parts = Object.fromEntries(
    formatterFor(timeZone)
      .formatToParts(at)
      .map((part) => [part.type, part.value]),
  );
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}:${parts.second}.${parts.fractionalSecond}000`,
  };
}

export function clubToday(timeZone: string, at: Date = new Date()): string {
  return clubInstant(timeZone, at).date;
}

/** The calendar day `days` after `date` (YYYY-MM-DD), negative for earlier days. */
export function addDays(date: string, days: number): string {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(year, month - 1, day + days)).toISOString().slice(0, 10);
}

/** A NaiveTime from the wire ("HH:MM:SS", ".mmm" or ".uuuuuu") as HH:MM:SS.uuuuuu, for comparisons. */
export function sixDigitTime(time: string): string {
  const [whole, fraction = ''] = time.split('.');
  return `${whole}.${fraction.padEnd(6, '0')}`;
}

/**
 * Runs `fn` between two readings of the club clock. `contains` tells whether
 * a (date, NaiveTime) the server stamped during `fn` lies within them; the
 * upper bound is one millisecond past the later reading, which has no
 * microseconds.
 */
export async function withinClubClock<T>(
  timeZone: string,
  fn: () => Promise<T>,
): Promise<{ result: T; before: ClubInstant; after: ClubInstant; contains(date: string, time: string): boolean }> {
  const before = clubInstant(timeZone);
  const result = await fn();
  const after = clubInstant(timeZone, new Date(Date.now() + 1));
  const key = (date: string, time: string) => `${date} ${sixDigitTime(time)}`;
  return {
    result,
    before,
    after,
    contains: (date, time) =>
      key(before.date, before.time) <= key(date, time) && key(date, time) <= key(after.date, after.time),
  };
}
