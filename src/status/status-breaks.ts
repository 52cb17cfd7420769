// Status breaks: club-wide ranges of days (optionally for one study year) on
// which nobody is expected to send a status update. Operators manage them
// (the CLI's `breaks` command); streaks skip their days.
import type { ClubDate } from '../calendar/club-date.js';
import { type DateRange, dateRange } from '../calendar/date-range.js';
import type { Deps } from '../deps.js';
import { badUserInput } from '../errors/domain-error.js';
import { Prisma } from '../generated/prisma/client.js';
import { breakNotFound } from './status-errors.js';

export interface StatusBreak {
  id: number;
  startDate: ClubDate;
  endDate: ClubDate;
  /** Only members of this study year are on break; null: everyone. */
  year: number | null;
  reason: string | null;
}

export interface NewStatusBreak {
  startDate: ClubDate;
  endDate: ClubDate;
  year?: number | null;
  reason?: string | null;
}

const columns = Prisma.sql`break_id AS id, start_date::text AS "startDate", end_date::text AS "endDate", year, reason`;

export async function addStatusBreak(deps: Deps, input: NewStatusBreak): Promise<StatusBreak> {
  const range: DateRange = dateRange(input.startDate, input.endDate);
  const year = input.year ?? null;
  if (year !== null && (!Number.isInteger(year) || year < 1 || year > 4)) {
    throw badUserInput(`Year must be between 1 and 4, got ${year}`, 'year');
  }
  const reason = input.reason?.trim() || null;
  const [row] = await deps.prisma.$queryRaw<StatusBreak[]>`
    INSERT INTO status_break (start_date, end_date, year, reason)
    VALUES (${range.start}::date, ${range.end}::date, ${year}::int, ${reason})
    RETURNING ${columns}`;
  return row!;
}

/** Every break, by first day then id. */
export async function listStatusBreaks(deps: Deps): Promise<StatusBreak[]> {
  return deps.prisma.$queryRaw<StatusBreak[]>`SELECT ${columns} FROM status_break ORDER BY start_date, break_id`;
}

/** Removes one break and returns it; BREAK_NOT_FOUND when no break has that id. */
export async function removeStatusBreak(deps: Deps, id: number): Promise<StatusBreak> {
  const [row] = await deps.prisma.$queryRaw<StatusBreak[]>`
    DELETE FROM status_break WHERE break_id = ${id}
    RETURNING ${columns}`;
  if (!row) throw breakNotFound(id);
  return row;
}
