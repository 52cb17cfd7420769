// Expected failures: each has a stable extensions.code that clients can match
// and a message fit to show. Anything else that escapes a resolver is an
// internal error and is masked by the error formatter (src/plugins/graphql.ts).
import { GraphQLError } from 'graphql';
import { databaseViolation } from '../db/database-error.js';

export const ErrorCode = {
  BadUserInput: 'BAD_USER_INPUT',
  MemberNotFound: 'MEMBER_NOT_FOUND',
  DuplicateEmail: 'DUPLICATE_EMAIL',
  DuplicateRollNo: 'DUPLICATE_ROLL_NO',
  DuplicateMacAddress: 'DUPLICATE_MAC_ADDRESS',
  DuplicateDiscordId: 'DUPLICATE_DISCORD_ID',
  InvalidSignature: 'INVALID_SIGNATURE',
  FutureDate: 'FUTURE_DATE',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
    this.name = 'AppError';
  }
}

export const badInput = (message: string, field?: string) =>
  new AppError(ErrorCode.BadUserInput, message, field ? { field } : {});

export const memberNotFound = (memberId: number) =>
  new AppError(ErrorCode.MemberNotFound, `No member has id ${memberId}`, { memberId });

/** Constraints whose violation is the client's mistake, with what to tell it. */
const violations: Record<string, (context: ViolationContext) => AppError> = {
  member_email_key: () => new AppError(ErrorCode.DuplicateEmail, 'A member with this email already exists'),
  member_roll_no_key: () => new AppError(ErrorCode.DuplicateRollNo, 'A member with this roll number already exists'),
  member_mac_address_key: () =>
    new AppError(ErrorCode.DuplicateMacAddress, 'A member with this MAC address already exists'),
  member_discord_id_key: () =>
    new AppError(ErrorCode.DuplicateDiscordId, 'A member with this Discord id already exists'),
  attendance_member_id_fkey: ({ memberId }) => memberNotFound(memberId ?? 0),
  status_update_streak_member_id_fkey: ({ memberId }) => memberNotFound(memberId ?? 0),
  project_member_id_fkey: ({ memberId }) => memberNotFound(memberId ?? 0),
  attendance_no_future_presence: () =>
    new AppError(ErrorCode.FutureDate, 'Attendance cannot be marked for a future date'),
};

interface ViolationContext {
  memberId?: number;
}

/** Turns a known constraint violation into the client's error; anything else is rethrown as is. */
export function explainDatabaseError(error: unknown, context: ViolationContext = {}): never {
  const violation = databaseViolation(error);
  const explain = violation?.constraint ? violations[violation.constraint] : undefined;
  throw explain ? explain(context) : error;
}
