// The one calendar-date type inside Root: a club day as 'YYYY-MM-DD' text.
// It is what the wire carries, what PostgreSQL's DATE::text gives, what the
// signature message contains, and it sorts and compares as text. Dates are
// converted only at the edges: the GraphQL scalars, CLI options, and Prisma's
// DATE columns (which Prisma hands over as UTC-midnight Date values).

declare const clubDateBrand: unique symbol;
export type ClubDate = string & { readonly [clubDateBrand]: true };

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** Checks "YYYY-MM-DD" names a real calendar day (year 0001 on); null otherwise. */
export function parseClubDate(text: string): ClubDate | null {
  const match = DATE_PATTERN.exec(text);
  if (!match) return null;
  const [year, month, day] = match.slice(1).map(Number) as [number, number, number];
  if (year < 1) return null;
  const date = utcMidnight(year, month, day);
  // Date rolls 2025-02-30 over into March; a real day survives the round trip.
  return toText(date) === text ? (text as ClubDate) : null;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** The club's calendar day at `instant` in `timeZone` (an IANA zone). */
export function clubDateAt(instant: Date, timeZone: string): ClubDate {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, part.value]));
  return toText(utcMidnight(Number(parts.year), Number(parts.month), Number(parts.day)));
}

export function addDays(day: ClubDate, days: number): ClubDate {
  return toText(new Date(fromText(day).getTime() + days * DAY_MS));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: ClubDate, to: ClubDate): number {
  return Math.round((fromText(to).getTime() - fromText(from).getTime()) / DAY_MS);
}

/** Prisma edge: a DATE column's value (UTC midnight) as a club date. */
export function fromDbDate(date: Date): ClubDate {
  return toText(date);
}

/** Prisma edge: a club date as the UTC-midnight Date Prisma expects for a DATE column. */
export function toDbDate(day: ClubDate): Date {
  return fromText(day);
}

function utcMidnight(year: number, month: number, day: number): Date {
  // setUTCFullYear, unlike Date.UTC, keeps years 1-99 as they are (no 19xx).
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

function fromText(day: ClubDate): Date {
  const [year, month, date] = day.split('-').map(Number) as [number, number, number];
  return utcMidnight(year, month, date);
}

function toText(date: Date): ClubDate {
  return date.toISOString().slice(0, 10) as ClubDate;
}
