// Failures of a request as a whole, before or around the GraphQL operation:
// the client's transport mistakes (answered 4xx), a query refused for its
// size, and the service being unable to serve (answered 503 with
// Retry-After). None of them is a fault of the server, so none is logged as
// an internal error.
import { DomainError, type ErrorCatalog } from './domain-error.js';

export const requestErrors = {
  BAD_REQUEST:
    'The HTTP request is not a GraphQL request: malformed or empty JSON, or no string `query` (HTTP 400). The message says what is expected.',
  PAYLOAD_TOO_LARGE: 'The request body is larger than the server accepts (HTTP 413).',
  UNSUPPORTED_MEDIA_TYPE:
    'The request body has a content type the server does not read; send `application/json` (HTTP 415).',
  QUERY_TOO_COMPLEX:
    'The operation exceeds a query limit (aliases, root fields, cost or tokens); `extensions.limit`, `extensions.max` and `extensions.actual` say which and by how much. Nothing was executed.',
  DATABASE_UNAVAILABLE:
    'The database cannot be reached or did not answer in time (HTTP 503 with `Retry-After`). Nothing was acknowledged; retry later.',
  SERVICE_UNAVAILABLE:
    'The server is shutting down or overloaded and did not take the request (HTTP 503 with `Retry-After`); retry later.',
  REQUEST_ABANDONED:
    'Seen in server logs only: the client closed its connection before the answer, and the work still running for it was stopped. A write either completed or left nothing.',
} as const satisfies ErrorCatalog;

export function badRequest(message: string): DomainError {
  return new DomainError('BAD_REQUEST', message, {}, { statusCode: 400 });
}

export function payloadTooLarge(limitBytes: number): DomainError {
  return new DomainError(
    'PAYLOAD_TOO_LARGE',
    `The request body is larger than ${limitBytes} bytes`,
    { limitBytes },
    { statusCode: 413 },
  );
}

export function unsupportedMediaType(contentType: string | undefined): DomainError {
  return new DomainError(
    'UNSUPPORTED_MEDIA_TYPE',
    `Unsupported content type ${contentType ? `"${contentType}"` : '(none)'}: send application/json`,
    {},
    { statusCode: 415 },
  );
}

export interface LimitExceeded {
  limit: 'aliases' | 'rootFields' | 'cost';
  max: number;
  actual: number;
}

export function queryTooComplex({ limit, max, actual }: LimitExceeded): DomainError {
  const what = { aliases: 'aliases', rootFields: 'root fields', cost: 'estimated cost' }[limit];
  return new DomainError(
    'QUERY_TOO_COMPLEX',
    `Query refused: ${actual} ${what}, over the limit of ${max} by ${actual - max}`,
    { limit, max, actual },
  );
}

export const DATABASE_RETRY_AFTER_SECONDS = 5;

export function databaseUnavailable(): DomainError {
  return new DomainError(
    'DATABASE_UNAVAILABLE',
    'The database is unavailable; nothing was recorded. Retry later.',
    {},
    { statusCode: 503, retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
  );
}

/** The client went away: the request's remaining work is refused (no client reads this answer). */
export function requestAbandoned(): DomainError {
  return new DomainError(
    'REQUEST_ABANDONED',
    'The client closed the connection before the answer; the request was stopped',
    {},
    { statusCode: 499 },
  );
}

export function serviceUnavailable(reason: 'shutting down' | 'overloaded', retryAfterSeconds: number): DomainError {
  return new DomainError(
    'SERVICE_UNAVAILABLE',
    `The server is ${reason}; retry later`,
    { reason },
    { statusCode: 503, retryAfterSeconds },
  );
}
