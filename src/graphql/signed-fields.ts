// The HMAC check of attendance marks, as a Mercurius preExecution hook: it
// runs after parsing and validation and before any resolver, so a request
// carrying any bad signature is refused whole and no statement reaches the
// database. Resolvers never see an unsigned mark.
//
// Which fields carry a signature is declared in the schema code: a root field
// whose extensions hold the signedMark() marker names the argument holding
// { memberId, date, hmacSignature }. The hook reads only what Mercurius hands
// it and the context, so it works alike over HTTP and over a WebSocket.
import {
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLSchema,
  Kind,
  type SelectionSetNode,
  getVariableValues,
  valueFromAST,
} from 'graphql';
import { fragmentsByName, operationsToCheck } from './operations.js';
import type { preExecutionHookHandler } from 'mercurius';
import { verifyAttendanceSignature } from '../attendance/attendance-signature.js';
import { invalidSignature } from '../attendance/attendance-errors.js';
import { DomainError } from '../errors/domain-error.js';
import type { Context } from './context.js';

const MARKER = 'rootSignedMark';

interface SignedMarkMarker {
  /** The argument whose value is { memberId, date, hmacSignature }. */
  argument: string;
}

/** Field extensions declaring that the field records a signed attendance mark. */
export function signedMark(argument = 'input'): Record<string, unknown> {
  return { [MARKER]: { argument } satisfies SignedMarkMarker };
}

/** True for a root field declared with signedMark(). */
export function isSignedMarkField(field: { extensions: Readonly<Record<string, unknown>> } | undefined): boolean {
  return Boolean(field?.extensions[MARKER]);
}

interface SignedMark {
  memberId: number;
  date: string;
  hmacSignature: string;
}

export function signedFieldsHook(secret: string): preExecutionHookHandler<Context> {
  return (schema, document, context, variables) => {
    for (const mark of signedMarks(schema, document, context.operationName, variables)) {
      if (!verifyAttendanceSignature(secret, mark.memberId, mark.date, mark.hmacSignature)) {
        throw invalidSignature(mark.memberId, mark.date);
      }
    }
  };
}

/** The coerced argument of every signed field that the request could execute. */
export function signedMarks(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
): SignedMark[] {
  const operations = operationsToCheck(document, operationName);
  const fragments = fragmentsByName(document);

  return operations.flatMap((operation) => {
    const rootFields = schema.getRootType(operation.operation)?.getFields() ?? {};
    const signed = (node: FieldNode) => {
      const field = rootFields[node.name.value];
      return field?.extensions[MARKER] ? (field as GraphQLField<unknown, unknown>) : undefined;
    };
    const collect = (
      selectionSet: SelectionSetNode,
      seen: Set<string>,
    ): [FieldNode, GraphQLField<unknown, unknown>][] =>
      selectionSet.selections.flatMap((selection) => {
        if (selection.kind === Kind.FIELD) {
          const field = signed(selection);
          return field ? [[selection, field] as [FieldNode, GraphQLField<unknown, unknown>]] : [];
        }
        if (selection.kind === Kind.INLINE_FRAGMENT) return collect(selection.selectionSet, seen);
        const fragment = seen.has(selection.name.value) ? undefined : fragments.get(selection.name.value);
        return fragment ? collect(fragment.selectionSet, new Set([...seen, selection.name.value])) : [];
      });
    const fields = collect(operation.selectionSet, new Set());
    if (!fields.length) return [];
    // The request's variables are raw JSON ("2025-01-31" before the scalar
    // parsed it): coerce them as execution will. When they do not coerce,
    // execution refuses the operation, with the precise message, before any
    // resolver runs.
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
    if (coerced.errors) return [];
    return fields.map(([node, field]) => readMark(node, field, coerced.coerced));
  });
}

function readMark(
  node: FieldNode,
  field: GraphQLField<unknown, unknown>,
  variables: Record<string, unknown>,
): SignedMark {
  const { argument } = field.extensions[MARKER] as SignedMarkMarker;
  const definition = field.args.find((arg) => arg.name === argument);
  const value = node.arguments?.find((arg) => arg.name.value === argument)?.value;
  const mark: unknown = definition && value && valueFromAST(value, definition.type, variables);
  // Validation already checked this operation's arguments; only another
  // operation's could fail here, and an unreadable mark is never let through.
  if (!mark) {
    throw new DomainError('INVALID_SIGNATURE', `${field.name} ${argument} could not be read to check its signature`);
  }
  return mark as SignedMark;
}
