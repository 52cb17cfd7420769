// The chrono-compatible scalars of the earlier server: the edge where wire
// text becomes a ClubDate or TIME text and back.
import { GraphQLError, Kind, type ValueNode, valueFromASTUntyped } from 'graphql';
import { type ClubDate, parseClubDate } from '../calendar/club-date.js';
import { formatNaiveTime, parseNaiveTime } from '../calendar/naive-time.js';
import { builder } from './builder.js';

function invalid(scalar: string, value: unknown, expected: string): GraphQLError {
  return new GraphQLError(`Invalid ${scalar} ${JSON.stringify(value)}: expected ${expected}`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

function parseDate(value: unknown): ClubDate {
  const date = typeof value === 'string' ? parseClubDate(value) : null;
  if (!date) throw invalid('NaiveDate', value, 'a calendar date as YYYY-MM-DD');
  return date;
}

function parseTime(value: unknown): string {
  const time = typeof value === 'string' ? parseNaiveTime(value) : null;
  if (!time) throw invalid('NaiveTime', value, 'a time of day as HH:MM:SS with an optional fraction');
  return time;
}

/** A literal's value for the error message: 20250203 stays a number, not "undefined". */
function literalValue(ast: ValueNode): unknown {
  return ast.kind === Kind.STRING ? ast.value : valueFromASTUntyped(ast);
}

/** Re-raises a literal's parse error with its location in the document. */
function withNode<T>(node: ValueNode, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof GraphQLError)
      throw new GraphQLError(error.message, { nodes: node, extensions: error.extensions });
    throw error;
  }
}

builder.scalarType('NaiveDate', {
  description: 'A calendar date without time zone, as YYYY-MM-DD.',
  serialize: (value) => value,
  parseValue: parseDate,
  parseLiteral: (ast) => withNode(ast, () => parseDate(literalValue(ast))),
});

builder.scalarType('NaiveTime', {
  description:
    'A time of day without time zone, as HH:MM:SS, followed by .mmm when the fraction is whole milliseconds or .uuuuuu otherwise.',
  serialize: (value) => formatNaiveTime(value),
  parseValue: parseTime,
  parseLiteral: (ast) => withNode(ast, () => parseTime(literalValue(ast))),
});
