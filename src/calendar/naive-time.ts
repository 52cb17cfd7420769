// Times of day in the earlier server's chrono format: "HH:MM:SS" followed by
// ".mmm" when the fraction is whole milliseconds, ".uuuuuu" otherwise, and
// nothing when it is zero. Inside the server a time of day is PostgreSQL TIME
// text with microseconds (what the database stores and returns).

const TIME_PATTERN = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?$/;

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
