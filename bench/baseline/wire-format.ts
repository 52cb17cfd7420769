// The baseline's own wire formats, written independently of Root's code so
// that the benchmark's identity check compares two implementations: a
// NaiveTime is "HH:MM:SS", then ".mmm" when the fraction is whole
// milliseconds, ".uuuuuu" otherwise, and nothing when it is zero.

/** PostgreSQL TIME text ("09:12:34" or "09:12:34.5") in the wire format. */
export function naiveTime(text: string | null): string | null {
  if (text === null) return null;
  const dot = text.indexOf('.');
  if (dot < 0) return text;
  const micros = text.slice(dot + 1).padEnd(6, '0');
  const whole = text.slice(0, dot);
  if (micros === '000000') return whole;
  return micros.endsWith('000') ? `${whole}.${micros.slice(0, 3)}` : `${whole}.${micros}`;
}

/** A GraphQL-shaped error answer, as Root sends for expected failures. */
export function errorBody(message: string, extensions: Record<string, unknown>) {
  return { data: null, errors: [{ message, extensions }] };
}
