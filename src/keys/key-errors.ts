// Access control's error codes, what they mean to a client, and the
// database constraints of the api_key table. A refusal never says whether a
// key exists: a malformed, unknown, revoked or expired key gets one message.
import type { ConstraintMeanings } from '../errors/constraint-violations.js';
import { DomainError, type ErrorCatalog, badUserInput } from '../errors/domain-error.js';

export const keyErrors = {
  UNAUTHENTICATED:
    'The operation needs an API key (`Authorization: Bearer root_…`) and the request carried none, or one that is not valid.',
  FORBIDDEN: 'The API key is valid but lacks a scope the operation needs (`extensions.scopes` names them).',
  API_KEY_NOT_FOUND: 'No API key has the given id.',
} as const satisfies ErrorCatalog;

/** Who was refused: no key at all, a key that failed its check, or a valid key. */
export type RefusedCaller = 'anonymous' | 'invalid-key' | 'key';

/** The refusal for `field` (e.g. `Mutation.createMember`), which needs one of `scopes`. */
export function accessRefused(caller: RefusedCaller, field: string, scopes: readonly string[]): DomainError {
  const needs = scopes.length ? scopes.join(' or ') : 'a scope';
  if (caller === 'invalid-key') return new DomainError('UNAUTHENTICATED', 'The API key is not valid');
  if (caller === 'anonymous') {
    return new DomainError('UNAUTHENTICATED', `${field} needs an API key with ${needs}`, { scopes: [...scopes] });
  }
  return new DomainError('FORBIDDEN', `${field} needs ${needs}, which this API key lacks`, { scopes: [...scopes] });
}

export function apiKeyNotFound(id: number): DomainError {
  return new DomainError('API_KEY_NOT_FOUND', `No API key has id ${id}`, { id });
}

/** Two keys drew the same prefix; api-keys.ts draws again (never seen by a client). */
export const PREFIX_TAKEN = 'API_KEY_PREFIX_TAKEN';

// The input rules of api-keys.ts run first; the name check fires only for a writer that skipped them.
export const keyConstraints: ConstraintMeanings = {
  api_key_prefix_key: () => new DomainError(PREFIX_TAKEN, 'Another key has this prefix'),
  api_key_name_not_blank: () => badUserInput('Name must be 1 to 100 characters', 'name'),
};
