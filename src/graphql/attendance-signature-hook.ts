// The HMAC check of attendance marks, as a Mercurius preExecution hook: it
// runs after parsing and validation and before any resolver, so a request
// carrying any bad signature is refused whole and no statement reaches the
// database. Resolvers never see an unsigned mark.
import type { FastifyRequest } from 'fastify';
import {
  type DocumentNode,
  type FieldNode,
  type GraphQLInputType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  OperationTypeNode,
  type SelectionSetNode,
  getOperationAST,
  getVariableValues,
  valueFromAST,
} from 'graphql';
import type { preExecutionHookHandler } from 'mercurius';
import { verifyAttendanceSignature } from '../domain/attendance-signature.js';
import { formatNaiveDate } from '../domain/naive-date-time.js';
import { AppError, ErrorCode } from '../schema/errors.js';

const FIELD = 'markAttendance';

interface MarkAttendanceInput {
  memberId: number;
  date: Date;
  hmacSignature: string;
}

export function attendanceSignatureHook(secret: string): preExecutionHookHandler {
  return (schema, document, context, variables) => {
    const request = context.reply.request as FastifyRequest<{
      Body: { operationName?: string } | undefined;
      Querystring: { operationName?: string } | undefined;
    }>;
    const operationName = request.body?.operationName ?? request.query?.operationName;
    for (const input of markAttendanceInputs(schema, document, operationName, variables)) {
      const date = formatNaiveDate(input.date);
      if (!verifyAttendanceSignature(secret, input.memberId, date, input.hmacSignature)) {
        throw new AppError(
          ErrorCode.InvalidSignature,
          `Invalid HMAC signature for member ${input.memberId} on ${date}`,
          {
            memberId: input.memberId,
            date,
          },
        );
      }
    }
  };
}

/** The coerced input of every markAttendance field the operation would execute. */
function markAttendanceInputs(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown> | undefined,
): MarkAttendanceInput[] {
  const mutation = schema.getMutationType();
  const inputType = mutation?.getFields()[FIELD]?.args.find((arg) => arg.name === 'input')?.type;
  if (!inputType) return [];
  // An ambiguous document (several operations, no name) is checked whole.
  const executed = getOperationAST(document, operationName);
  const operations = executed
    ? [executed]
    : document.definitions.filter((node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION);
  const fragments = new Map(
    document.definitions.flatMap((node) => (node.kind === Kind.FRAGMENT_DEFINITION ? [[node.name.value, node]] : [])),
  );

  const collect = (selectionSet: SelectionSetNode, seen: Set<string>): FieldNode[] =>
    selectionSet.selections.flatMap((selection) => {
      if (selection.kind === Kind.FIELD) return selection.name.value === FIELD ? [selection] : [];
      if (selection.kind === Kind.INLINE_FRAGMENT) return collect(selection.selectionSet, seen);
      const fragment = seen.has(selection.name.value) ? undefined : fragments.get(selection.name.value);
      return fragment ? collect(fragment.selectionSet, new Set([...seen, selection.name.value])) : [];
    });

  return operations.flatMap((operation) => {
    if (operation.operation !== OperationTypeNode.MUTATION) return [];
    // The request's variables are raw JSON ("2025-01-31", not a Date): coerce
    // them as execution will. When they do not coerce, execution refuses the
    // operation, with the precise message, before any resolver runs.
    const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], variables ?? {});
    if (coerced.errors) return [];
    return collect(operation.selectionSet, new Set()).map((field) => readInput(field, inputType, coerced.coerced));
  });
}

function readInput(
  field: FieldNode,
  inputType: GraphQLInputType,
  variables: Record<string, unknown>,
): MarkAttendanceInput {
  const argument = field.arguments?.find((arg) => arg.name.value === 'input');
  const input: unknown = argument && valueFromAST(argument.value, inputType, variables);
  // Validation already checked this operation's input; only another
  // operation's could fail here, and an unreadable mark is never let through.
  if (!input) {
    throw new AppError(ErrorCode.InvalidSignature, 'markAttendance input could not be read to check its signature');
  }
  return input as MarkAttendanceInput;
}
