// Root's one error model. An expected failure (the client's mistake, a rule
// of the club) is a DomainError: a stable code clients can match, a message
// fit to show, and extensions with the details. It knows nothing of GraphQL:
// the CLI, the daily task and tests see the same errors, and the GraphQL
// error formatter turns them into GraphQL errors. Anything else is a fault
// and is masked in production.

/** A code and what it means to a client; each domain area declares its own. */
export type ErrorCatalog = Readonly<Record<string, string>>;

/** How an error is answered over HTTP when it is not the usual 200 with `errors`. */
export interface HttpAnswer {
  readonly statusCode: number;
  /** Seconds, sent as `Retry-After`: the client may try again after that. */
  readonly retryAfterSeconds?: number;
}

export class DomainError extends Error {
  override name = 'DomainError';

  constructor(
    readonly code: string,
    message: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
    /** Set for failures of the request as a whole (malformed body, database down). */
    readonly http?: HttpAnswer,
  ) {
    super(message);
  }
}

/** Codes shared by every area. */
export const commonErrors = {
  BAD_USER_INPUT: 'An argument is malformed or out of range (`extensions.field` names it when known).',
} as const satisfies ErrorCatalog;

export function badUserInput(message: string, field?: string): DomainError {
  return new DomainError('BAD_USER_INPUT', message, field ? { field } : {});
}
