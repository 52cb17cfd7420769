// What the pre-execution hooks (signatures, access) look at in a document:
// the operation that will run, or every operation when the transport names
// none (a WebSocket) or the document is ambiguous, and the fragments by name.
import {
  type DocumentNode,
  type FragmentDefinitionNode,
  Kind,
  type OperationDefinitionNode,
  getOperationAST,
} from 'graphql';

export function operationsToCheck(
  document: DocumentNode,
  operationName: string | undefined,
): OperationDefinitionNode[] {
  const executed = getOperationAST(document, operationName);
  if (executed) return [executed];
  return document.definitions.filter(
    (node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION,
  );
}

export function fragmentsByName(document: DocumentNode): Map<string, FragmentDefinitionNode> {
  return new Map(
    document.definitions.flatMap((node) => (node.kind === Kind.FRAGMENT_DEFINITION ? [[node.name.value, node]] : [])),
  );
}
