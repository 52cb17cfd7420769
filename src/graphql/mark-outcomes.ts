// Which root fields of an operation record a signed mark, by response key
// (alias or name), and what became of each: accepted (a row came back) or
// refused with the code of its error. /metrics counts marks by outcome from
// this; nothing here touches the request's work.
import { type DocumentNode, type GraphQLSchema, Kind, type SelectionSetNode, getOperationAST } from 'graphql';
import { isSignedMarkField } from './signed-fields.js';

export interface MarkOutcome {
  outcome: 'accepted' | 'refused';
  /** `ok` when accepted, else the error's code. */
  reason: string;
}

/** Response keys of the signed-mark root fields the operation would run (inline fragments included). */
export function markFieldKeys(schema: GraphQLSchema, document: DocumentNode, operationName?: string): string[] {
  const operation = getOperationAST(document, operationName);
  if (!operation) return [];
  const rootFields = schema.getRootType(operation.operation)?.getFields() ?? {};
  const collect = (selectionSet: SelectionSetNode): string[] =>
    selectionSet.selections.flatMap((selection) => {
      if (selection.kind === Kind.INLINE_FRAGMENT) return collect(selection.selectionSet);
      if (selection.kind !== Kind.FIELD || !isSignedMarkField(rootFields[selection.name.value])) return [];
      return [selection.alias?.value ?? selection.name.value];
    });
  return collect(operation.selectionSet);
}

interface ResultLike {
  data?: Record<string, unknown> | null;
  errors?: readonly { path?: readonly (string | number)[]; extensions?: Record<string, unknown> }[];
}

/** The outcome of each mark field of a result (executed, or refused as a whole before execution). */
export function markOutcomes(keys: string[], result: ResultLike): MarkOutcome[] {
  const wholeRequestError = result.errors?.find((error) => !error.path);
  return keys.map((key) => {
    if (result.data?.[key] != null) return { outcome: 'accepted', reason: 'ok' };
    const error = result.errors?.find((candidate) => candidate.path?.[0] === key) ?? wholeRequestError;
    const code = error?.extensions?.code;
    return { outcome: 'refused', reason: typeof code === 'string' ? code : 'INTERNAL_SERVER_ERROR' };
  });
}
