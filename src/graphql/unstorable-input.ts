// PostgreSQL text cannot hold a NUL character: a string argument carrying
// one would reach the database and fail there as a fault ("invalid byte
// sequence for encoding UTF8"). This hook refuses it before execution, as
// the client's mistake it is, naming the argument (`input.name`), whether
// it came inline in the document or in the variables.
import { type DocumentNode, Kind, type ValueNode, visit } from 'graphql';
import type { preExecutionHookHandler } from 'mercurius';
import { badUserInput } from '../errors/domain-error.js';
import type { Context } from './context.js';

const UNSTORABLE = /\0/;

export const unstorableInputHook: preExecutionHookHandler<Context> = (_schema, document, _context, variables) => {
  const field = unstorableArgument(document) ?? unstorableValue(variables ?? {}, []);
  if (field !== undefined) {
    throw badUserInput(`${field} contains a NUL character (\\u0000), which cannot be stored`, field);
  }
};

function unstorableArgument(document: DocumentNode): string | undefined {
  let found: string | undefined;
  visit(document, {
    Argument(node) {
      found ??= inLiteral(node.value, [node.name.value]);
    },
  });
  return found;
}

function inLiteral(value: ValueNode, path: string[]): string | undefined {
  switch (value.kind) {
    case Kind.STRING:
      return UNSTORABLE.test(value.value) ? path.join('.') : undefined;
    case Kind.LIST:
      for (const item of value.values) {
        const found = inLiteral(item, path);
        if (found) return found;
      }
      return undefined;
    case Kind.OBJECT:
      for (const field of value.fields) {
        const found = inLiteral(field.value, [...path, field.name.value]);
        if (found) return found;
      }
      return undefined;
    default:
      return undefined;
  }
}

function unstorableValue(value: unknown, path: string[]): string | undefined {
  if (typeof value === 'string') return UNSTORABLE.test(value) ? path.join('.') : undefined;
  if (Array.isArray(value)) {
    for (const item of value) {
      const found = unstorableValue(item, path);
      if (found) return found;
    }
    return undefined;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const found = unstorableValue(item, [...path, key]);
      if (found) return found;
    }
  }
  return undefined;
}
