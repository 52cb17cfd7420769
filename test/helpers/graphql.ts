// Posts GraphQL the way the clients do, through fastify.inject.
import type { FastifyInstance } from 'fastify';

export interface GraphQLResponse<Data = Record<string, unknown>> {
  statusCode: number;
  body: {
    data?: Data | null;
    errors?: { message: string; path?: string[]; extensions?: Record<string, unknown> }[];
  };
}

export interface PostOptions {
  variables?: Record<string, unknown>;
  operationName?: string;
  /** `/` is where the existing clients post; `/graphql` is the same endpoint. */
  path?: string;
  headers?: Record<string, string>;
}

// Loose by default (tests read what they asked for); pass Data to type a response.

export async function postGraphQL<Data = Record<string, any>>(
  app: FastifyInstance,
  query: string,
  { variables, operationName, path = '/', headers = {} }: PostOptions = {},
): Promise<GraphQLResponse<Data>> {
  const payload: Record<string, unknown> = { query };
  if (operationName !== undefined) payload.operationName = operationName;
  if (variables !== undefined) payload.variables = variables;
  const response = await app.inject({
    method: 'POST',
    url: path,
    headers: { 'content-type': 'application/json', ...headers },
    payload,
  });
  return { statusCode: response.statusCode, body: response.json() };
}
