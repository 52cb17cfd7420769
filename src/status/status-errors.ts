// The status area's rules as errors: its codes, and the database constraints
// behind its tables (entries belong to members; a break is a forward range of
// one study year at most).
import type { ConstraintMeanings } from '../errors/constraint-violations.js';
import { DomainError, type ErrorCatalog, badUserInput } from '../errors/domain-error.js';
import { memberNotFound } from '../members/member-errors.js';

export const statusErrors = {
  BREAK_NOT_FOUND: 'No status break has the given id.',
} as const satisfies ErrorCatalog;

export function breakNotFound(id: number): DomainError {
  return new DomainError('BREAK_NOT_FOUND', `No status break has id ${id}`, { breakId: id });
}

export const statusConstraints: ConstraintMeanings = {
  status_update_member_id_fkey: () => memberNotFound(),
  status_break_end_after_start: () => badUserInput('A break cannot end before it starts', 'endDate'),
  status_break_year_range: () => badUserInput('Year must be between 1 and 4', 'year'),
};
