// Inclusive ranges of club days, as range arguments take them. Every range
// argument goes through here, so each refuses a reversed range and a span
// long enough to be an abuse the same way.
import { badUserInput } from '../errors/domain-error.js';
import { type ClubDate, daysBetween, parseClubDate } from './club-date.js';

export interface DateRange {
  readonly start: ClubDate;
  readonly end: ClubDate;
}

/** Ten years: any real report fits, and no request walks centuries of days. */
export const MAX_RANGE_DAYS = 3660;

export interface RangeFields {
  start: string;
  end: string;
}

const defaultFields: RangeFields = { start: 'startDate', end: 'endDate' };

/** The range from `start` to `end`, both included; BAD_USER_INPUT when reversed or too long. */
export function dateRange(
  start: ClubDate,
  end: ClubDate,
  { fields = defaultFields, maxDays = MAX_RANGE_DAYS }: { fields?: RangeFields; maxDays?: number } = {},
): DateRange {
  const days = daysBetween(start, end);
  if (days < 0) throw badUserInput(`${fields.start} ${start} is after ${fields.end} ${end}`, fields.start);
  if (days + 1 > maxDays) {
    throw badUserInput(
      `The range ${start} to ${end} spans ${days + 1} days; at most ${maxDays} are allowed`,
      fields.end,
    );
  }
  return { start, end };
}

/** A date argument sent as plain text: "YYYY-MM-DD", else BAD_USER_INPUT naming the argument. */
export function dateArgument(text: string, field: string): ClubDate {
  const date = parseClubDate(text);
  if (!date) throw badUserInput(`${field} "${text}" is not a date like 2025-01-31`, field);
  return date;
}
