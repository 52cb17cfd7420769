// The members area's error codes, what they mean to a client, and the
// database constraints that stand for them.
import type { ConstraintMeanings } from '../errors/constraint-violations.js';
import { DomainError, type ErrorCatalog, badUserInput } from '../errors/domain-error.js';

export const memberErrors = {
  MEMBER_NOT_FOUND: 'No member has the given `memberId`.',
  DUPLICATE_EMAIL: 'Another member already has this email.',
  DUPLICATE_ROLL_NO: 'Another member already has this roll number.',
  DUPLICATE_MAC_ADDRESS: 'Another member already has this MAC address.',
  DUPLICATE_DISCORD_ID: 'Another member already has this Discord id.',
} as const satisfies ErrorCatalog;

/** `memberId` is named when the caller knows it; a foreign-key violation does not say. */
export function memberNotFound(memberId?: number): DomainError {
  return memberId === undefined
    ? new DomainError('MEMBER_NOT_FOUND', 'The member does not exist')
    : new DomainError('MEMBER_NOT_FOUND', `No member has id ${memberId}`, { memberId });
}

const duplicate = (code: keyof typeof memberErrors, what: string) => () =>
  new DomainError(code, `A member with this ${what} already exists`);

// The format and range checks repeat the input rules of member-input.ts, which
// run first; these only fire for a writer that skipped them.
export const memberConstraints: ConstraintMeanings = {
  member_email_key: duplicate('DUPLICATE_EMAIL', 'email'),
  member_roll_no_key: duplicate('DUPLICATE_ROLL_NO', 'roll number'),
  member_mac_address_key: duplicate('DUPLICATE_MAC_ADDRESS', 'MAC address'),
  member_discord_id_key: duplicate('DUPLICATE_DISCORD_ID', 'Discord id'),
  member_year_range: () => badUserInput('Year must be between 1 and 4', 'year'),
  member_roll_no_not_blank: () => badUserInput('Roll number must not be empty', 'rollNo'),
  member_name_not_blank: () => badUserInput('Name must not be empty', 'name'),
  member_hostel_not_blank: () => badUserInput('Hostel must not be empty', 'hostel'),
  member_discord_id_not_blank: () => badUserInput('Discord id must not be empty', 'discordId'),
  member_email_format: () => badUserInput('Email is not a valid email address', 'email'),
  member_mac_address_format: () => badUserInput('MAC address must look like aa:bb:cc:dd:ee:ff', 'macAddress'),
  member_track_not_blank: () => badUserInput('Track must not be blank', 'track'),
  member_github_user_format: () => badUserInput('GitHub user name must be one word', 'githubUser'),
};
