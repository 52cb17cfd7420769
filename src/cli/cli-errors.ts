// How the CLI ends: each kind of failure has its exit code, so scripts can
// tell a mistyped command from a broken database.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { type ClubDate, parseClubDate } from '../calendar/club-date.js';

export const ExitCode = { ok: 0, failure: 1, usage: 2, config: 78 } as const;

/** The operator asked for something malformed or impossible; nothing was touched. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** node:util parseArgs, strict, with its complaints turned into usage errors. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export function dateOption(name: string, text: string): ClubDate {
  const date = parseClubDate(text);
  if (!date) throw new UsageError(`--${name} "${text}" is not a date like 2026-01-31`);
  return date;
}

export function countOption(name: string, text: string, min: number, max: number): number {
  const value = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max}, got "${text}"`);
  }
  return value;
}

export function requireOption(name: string, value: string | undefined): string {
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}
