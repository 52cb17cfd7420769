// HTTP-level mistakes on the GraphQL endpoint, answered honestly: a body
// that is not JSON, empty or too large, a content type we do not read, or a
// JSON body that is not a GraphQL request. Each becomes a coded DomainError
// with its HTTP status (400, 413, 415), answered in the GraphQL error shape
// and never logged as an internal error. Mercurius's route error handler is
// replaced by ours (its `errorHandler` option); everything else it would
// have formatted still goes through the one error formatter.
import type { FastifyReply, FastifyRequest, preValidationAsyncHookHandler } from 'fastify';
import type { ExecutionResult } from 'graphql';
import type { MercuriusContext } from 'mercurius';
import { DomainError } from '../../errors/domain-error.js';
import { badRequest, payloadTooLarge, unsupportedMediaType } from '../../errors/request-errors.js';

type Formatter = (
  execution: ExecutionResult & { errors: readonly Error[] },
  context: MercuriusContext,
) => { statusCode: number; response: unknown };

interface ErrorHandlerError extends Error {
  code?: string;
  statusCode?: number;
}

const EXPECTED = 'send a JSON object {"query": "<GraphQL document>"} with optional "operationName" and "variables"';

/** Mercurius's `errorHandler`: whole-request failures, through the error formatter. */
export function graphqlErrorHandler(format: Formatter) {
  return (error: ErrorHandlerError, request: FastifyRequest, reply: FastifyReply): void => {
    const errors = [transportError(error, request) ?? error] as unknown as ExecutionResult['errors'] & Error[];
    const { statusCode, response } = format({ data: null, errors }, { reply } as MercuriusContext);
    void reply.code(statusCode).send(response);
  };
}

/** What Fastify's body parsing reports, as the client's mistake it is; undefined when it is not one. */
export function transportError(error: ErrorHandlerError, request: FastifyRequest): DomainError | undefined {
  switch (error.code) {
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return badRequest(`The request body is empty: ${EXPECTED}`);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return badRequest(`The request body is not valid JSON: ${EXPECTED}`);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return payloadTooLarge(request.routeOptions.bodyLimit ?? 0);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return unsupportedMediaType(request.headers['content-type']);
  }
  // Fastify's JSON parser reports malformed JSON as a SyntaxError with status 400.
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return badRequest(`The request body is not valid JSON: ${EXPECTED}`);
  }
  if (error.code?.startsWith('FST_') && error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
    return new DomainError('BAD_REQUEST', error.message, {}, { statusCode: error.statusCode });
  }
  return undefined;
}

/**
 * Route hook (before Mercurius's own checks): the parsed body or query
 * string must be a GraphQL request, else 400 or 415 saying what is expected.
 */
export const checkGraphQLRequest: preValidationAsyncHookHandler = async (request) => {
  // A WebSocket upgrade (subscriptions) carries its operations inside the connection.
  if (request.headers.upgrade?.toLowerCase() === 'websocket') return;
  if (request.method === 'GET') {
    const { query } = request.query as Record<string, unknown>;
    if (typeof query !== 'string' || query.trim() === '') {
      throw badRequest('A GET request needs a non-empty "query" parameter holding the GraphQL document');
    }
    return;
  }
  const { body } = request;
  // Fastify reads text/plain as a string; GraphQL over HTTP is JSON (or application/graphql).
  if (typeof body === 'string') {
    throw unsupportedMediaType(request.headers['content-type']);
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw badRequest(`The request body is not a JSON object: ${EXPECTED}`);
  }
  const { query, variables, operationName } = body as Record<string, unknown>;
  if (query === undefined) throw badRequest(`The request body has no "query": ${EXPECTED}`);
  if (typeof query !== 'string') {
    throw badRequest(`"query" must be a string holding the GraphQL document, not ${describe(query)}`);
  }
  if (variables !== undefined && (typeof variables !== 'object' || Array.isArray(variables))) {
    throw badRequest(`"variables" must be a JSON object (or null), not ${describe(variables)}`);
  }
  if (operationName !== undefined && operationName !== null && typeof operationName !== 'string') {
    throw badRequest(`"operationName" must be a string (or null), not ${describe(operationName)}`);
  }
};

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
