// Decides what a client may see of an error. Domain errors (src/errors/)
// become GraphQL errors with their code, message and extensions; other coded
// GraphQL errors (the scalars'), syntax and validation errors keep their
// message and get an extensions.code; anything else is an internal error:
// logged in full, and in production replaced by a generic message. GraphQL
// errors are answered with HTTP 200, as the earlier server did and clients
// expect.
import type { FastifyBaseLogger } from 'fastify';
import { type ExecutionResult, type FormattedExecutionResult, type GraphQLFormattedError, GraphQLError } from 'graphql';
import type { MercuriusContext } from 'mercurius';
import { DomainError } from '../errors/domain-error.js';

export const INTERNAL_MESSAGE = 'Internal server error';

interface MercuriusRequestError extends Error {
  code?: string;
  statusCode?: number;
  errors?: Error[];
}

export interface ErrorFormatterOptions {
  production: boolean;
  log: FastifyBaseLogger;
  /** Drop graphql-js's "Did you mean …?" hints, which reveal the schema. */
  hideSuggestions?: boolean;
}

export function createErrorFormatter(options: ErrorFormatterOptions) {
  return (execution: ExecutionResult & { errors: readonly Error[] }, context: MercuriusContext) => {
    const log = context?.reply?.log ?? options.log;
    let statusCode = 200;
    const errors: GraphQLFormattedError[] = [];
    for (const error of execution.errors) {
      // Mercurius wraps whole-request failures (validation, GET mutation…) in
      // one error whose originalError lists the actual problems.
      const request = (error.originalError ?? error) as MercuriusRequestError;
      if (request.code?.startsWith('MER_ERR_')) {
        if (request.code !== 'MER_ERR_GQL_VALIDATION' && request.statusCode) statusCode = request.statusCode;
        for (const inner of request.errors?.length ? request.errors : [request]) {
          errors.push(present(inner, request.code, options, log));
        }
        continue;
      }
      errors.push(present(error, undefined, options, log));
    }
    // A failure of the request as a whole (malformed body, database down)
    // carries its HTTP answer; the first one decides.
    const http = execution.errors.map((error) => domainErrorIn(error)?.http).find(Boolean);
    if (http) {
      statusCode = http.statusCode;
      if (http.retryAfterSeconds !== undefined) context?.reply?.header('Retry-After', String(http.retryAfterSeconds));
    }
    const response: FormattedExecutionResult = { data: execution.data ?? null, errors };
    return { statusCode, response };
  };
}

function present(
  error: Error,
  requestCode: string | undefined,
  options: ErrorFormatterOptions,
  log: FastifyBaseLogger,
): GraphQLFormattedError {
  const graphqlError = error instanceof GraphQLError ? error : undefined;
  const original = graphqlError?.originalError;
  const base = { locations: graphqlError?.locations, path: graphqlError?.path };
  const domain = domainErrorIn(error);
  if (domain) return { message: domain.message, ...base, extensions: { ...domain.extensions, code: domain.code } };
  const coded = codeOf(graphqlError) ?? codeOf(original);
  // graphql-js's parser is recursive: a document nested deeply enough
  // overflows the stack. That is the document's fault, not ours.
  if (requestCode === 'MER_ERR_GQL_VALIDATION' && isStackOverflow(original ?? error)) {
    return { message: 'Syntax Error: the document is nested too deeply', extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
  }

  const expected =
    coded !== undefined ||
    (graphqlError && (original === undefined || original instanceof GraphQLError)) ||
    (requestCode !== undefined && !graphqlError);
  if (expected) {
    const code = coded ?? defaultCode(error, requestCode);
    const message = options.hideSuggestions ? error.message.replace(/ Did you mean .*\?$/, '') : error.message;
    return { message, ...base, extensions: { ...graphqlError?.extensions, code } };
  }

  log.error({ err: original ?? error, path: graphqlError?.path }, 'internal error in GraphQL request');
  return {
    message: options.production ? INTERNAL_MESSAGE : error.message,
    ...base,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/** The domain error behind `error`, however many GraphQL wrappers it went through. */
function domainErrorIn(error: Error | undefined | null): DomainError | undefined {
  for (let current = error; current; current = current.originalError) {
    if (current instanceof DomainError) return current;
    if (!(current instanceof GraphQLError)) return undefined;
  }
  return undefined;
}

function isStackOverflow(error: Error): boolean {
  return error instanceof RangeError && error.message.includes('call stack');
}

function codeOf(error: Error | undefined | null): string | undefined {
  const code = (error as GraphQLError | undefined)?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

function defaultCode(error: Error, requestCode: string | undefined): string {
  if (error.message.startsWith('Syntax Error')) return 'GRAPHQL_PARSE_FAILED';
  if (requestCode === 'MER_ERR_GQL_VALIDATION' || error instanceof GraphQLError) return 'GRAPHQL_VALIDATION_FAILED';
  return requestCode ?? 'BAD_REQUEST';
}
