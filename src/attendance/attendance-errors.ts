// The attendance area's error codes, what they mean to a client, and the
// database rules that stand for them.
import type { ConstraintMeanings } from '../errors/constraint-violations.js';
import { DomainError, type ErrorCatalog } from '../errors/domain-error.js';
import { memberNotFound } from '../members/member-errors.js';

export const attendanceErrors = {
  INVALID_SIGNATURE:
    '`hmacSignature` is not the HMAC of `<memberId><date>`; nothing was written (see attendance-signing.md).',
  FUTURE_DATE: 'Attendance cannot be marked for a date after today (club time).',
  STALE_DATE:
    'Attendance cannot be marked for a date more than `ROOT_MARK_MAX_PAST_DAYS` days (default 1) before today (club time); `extensions.maxPastDays` says how many. Nothing was written.',
} as const satisfies ErrorCatalog;

export function invalidSignature(memberId: number, date: string): DomainError {
  return new DomainError('INVALID_SIGNATURE', `Invalid HMAC signature for member ${memberId} on ${date}`, {
    memberId,
    date,
  });
}

export function futureDate(): DomainError {
  return new DomainError('FUTURE_DATE', 'Attendance cannot be marked for a future date');
}

export function staleDate(date: string, maxPastDays: number): DomainError {
  return new DomainError(
    'STALE_DATE',
    `Attendance for ${date} can no longer be marked: marks are accepted up to ${maxPastDays} day(s) back`,
    { date, maxPastDays },
  );
}

export const attendanceConstraints: ConstraintMeanings = {
  // The attendance_before_write trigger reports a presence on a future club day under this name.
  attendance_no_future_presence: futureDate,
  attendance_member_id_fkey: () => memberNotFound(),
};
