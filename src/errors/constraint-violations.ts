// Turns database constraint and trigger violations into domain errors, in one
// place: the Prisma client extension in src/db/prisma.ts calls it for every
// failed statement. Each domain area declares what its constraints mean; a
// violation that is not listed (a bug, not a client mistake) stays a fault.
import { databaseViolation } from '../db/database-error.js';
import { attendanceConstraints } from '../attendance/attendance-errors.js';
import { keyConstraints } from '../keys/key-errors.js';
import { memberConstraints } from '../members/member-errors.js';
import { projectConstraints } from '../projects/project-errors.js';
import { statusConstraints } from '../status/status-errors.js';
import { streakConstraints } from '../streaks/streak-errors.js';
import type { DomainError } from './domain-error.js';

/** What a violated constraint (or trigger, by the name it reports) means. */
export type ConstraintMeanings = Readonly<Record<string, () => DomainError>>;

const meanings: ConstraintMeanings = {
  ...memberConstraints,
  ...attendanceConstraints,
  ...streakConstraints,
  ...projectConstraints,
  ...statusConstraints,
  ...keyConstraints,
};

/**
 * The domain error a database error stands for (with the database's error as
 * its cause, for logs and tests), or the error itself when it is none of ours.
 */
export function explainDatabaseError(error: unknown): unknown {
  const constraint = databaseViolation(error)?.constraint;
  const explain = constraint && Object.hasOwn(meanings, constraint) ? meanings[constraint] : undefined;
  return explain ? Object.assign(explain(), { cause: error }) : error;
}
