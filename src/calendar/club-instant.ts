// The instant a club date and time of day name, in the club's zone: what
// "timeOut plus ten minutes" means as a point on the clock. Every replica
// computes the same instant from the same row.
import type { ClubDate } from './club-date.js';

const formatters = new Map<string, Intl.DateTimeFormat>();

function offsetMs(instant: number, timeZone: string): number {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  const parts = Object.fromEntries(formatter.formatToParts(instant).map((part) => [part.type, Number(part.value)]));
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day, parts.hour, parts.minute, parts.second);
  return wall - Math.floor(instant / 1000) * 1000;
}

/**
 * The instant of `time` (PostgreSQL TIME text, "HH:MM:SS[.ffffff]") on `date`
 * in `timeZone`, to the millisecond (finer digits are cut). In a gap or an
 * overlap of a daylight-saving change the offset before the change is used.
 */
export function clubInstant(date: ClubDate, time: string, timeZone: string): Date {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const [clock, fraction = ''] = time.split('.');
  const [hours, minutes, seconds] = clock!.split(':').map(Number) as [number, number, number];
  const wall = Date.UTC(year, month - 1, day, hours, minutes, seconds, Number(fraction.padEnd(3, '0').slice(0, 3)));
  const first = wall - offsetMs(wall, timeZone);
  return new Date(wall - offsetMs(first, timeZone));
}
