// The wire formats of the earlier server's chrono types. NaiveDate is
// "YYYY-MM-DD"; NaiveTime is "HH:MM:SS" followed by ".mmm" when the fraction
// is whole milliseconds, ".uuuuuu" otherwise, and nothing when it is zero.
// Dates travel inside the server as UTC-midnight Date values (what Prisma
// returns for a DATE column); times as PostgreSQL TIME text.

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_PATTERN = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

/** Parses "YYYY-MM-DD" into UTC midnight of that calendar day, or null if it is no such day. */
export function parseNaiveDate(text: string): Date | null {
  const match = DATE_PATTERN.exec(text);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  // setUTCFullYear, unlike Date.UTC, keeps years 1-99 as they are (no 19xx).
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  // Dates roll 2025-02-30 over into March; a real day survives the round trip.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  if (year < 1) return null;
  return date;
}

export function formatNaiveDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Normalises "HH:MM:SS[.fraction]" to PostgreSQL TIME text with microseconds, or null if invalid. */
export function parseNaiveTime(text: string): string | null {
  const match = TIME_PATTERN.exec(text);
  if (!match) return null;
  const [, hours, minutes, seconds, fraction = ''] = match;
  if (Number(hours) > 23 || Number(minutes) > 59 || Number(seconds) > 59) return null;
  // Microseconds are what PostgreSQL keeps; finer digits are cut, as chrono's %.6f does.
  const micros = fraction.padEnd(6, '0').slice(0, 6);
  return `${hours}:${minutes}:${seconds}.${micros}`;
}

/** Formats PostgreSQL TIME text ("HH:MM:SS" plus up to six fraction digits) for the wire. */
export function formatNaiveTime(text: string): string {
  const match = TIME_PATTERN.exec(text);
  if (!match) throw new TypeError(`Not a time of day: ${text}`);
  const [, hours, minutes, seconds, fraction = ''] = match;
  const micros = fraction.padEnd(6, '0').slice(0, 6);
  const whole = `${hours}:${minutes}:${seconds}`;
  if (micros === '000000') return whole;
  if (micros.endsWith('000')) return `${whole}.${micros.slice(0, 3)}`;
  return `${whole}.${micros}`;
}
