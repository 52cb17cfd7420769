// Query limits, checked while the document is validated, so an operation
// that is too big is refused before anything executes or any SQL runs.
// Three measures per operation (fragments expanded, cycles cut):
// - aliases: fields renamed with `alias:`; the cheap way to repeat an
//   expensive field many times in one small request;
// - root fields: fields at the top of the operation;
// - cost: an estimate of the objects the response holds. Every field of an
//   object type counts once per object it is resolved for, and a list field
//   multiplies what is below it by LIST_SIZE (we cannot know list lengths
//   before running the query; 100 is the order of the club's member list).
//   Scalars are free: their cost is in the object that holds them.
// Introspection fields (`__schema`, `__type`) are bounded by the schema and
// are not counted. Refusals are QUERY_TOO_COMPLEX, saying which limit and by
// how much.
import {
  type FieldNode,
  type FragmentDefinitionNode,
  GraphQLError,
  type GraphQLOutputType,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
  getNamedType,
  getNullableType,
  isCompositeType,
  isListType,
  isObjectType,
  isInterfaceType,
  type GraphQLCompositeType,
} from 'graphql';
import type { QueryLimits } from '../config.js';
import { type LimitExceeded, queryTooComplex } from '../errors/request-errors.js';

export const LIST_SIZE = 100;

export interface OperationSize {
  aliases: number;
  rootFields: number;
  cost: number;
}

export function queryLimitsRule(limits: Pick<QueryLimits, 'maxAliases' | 'maxRootFields' | 'maxCost'>): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const node of context.getDocument().definitions) {
        if (node.kind === Kind.FRAGMENT_DEFINITION) fragments.set(node.name.value, node);
      }
      const size = operationSize(context.getSchema(), operation, fragments);
      const exceeded = firstExceeded(size, limits);
      if (exceeded) {
        const refusal = queryTooComplex(exceeded);
        context.reportError(new GraphQLError(refusal.message, { nodes: [operation], originalError: refusal }));
      }
    },
  });
}

function firstExceeded(size: OperationSize, limits: Parameters<typeof queryLimitsRule>[0]): LimitExceeded | undefined {
  const checks: LimitExceeded[] = [
    { limit: 'aliases', max: limits.maxAliases, actual: size.aliases },
    { limit: 'rootFields', max: limits.maxRootFields, actual: size.rootFields },
    { limit: 'cost', max: limits.maxCost, actual: size.cost },
  ];
  return checks.find((check) => check.actual > check.max);
}

export function operationSize(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
): OperationSize {
  const size: OperationSize = { aliases: 0, rootFields: 0, cost: 0 };
  const root = schema.getRootType(operation.operation);
  if (!root) return size;

  // Calls `visit` with every field of the selection set, through fragments.
  const eachField = (
    selectionSet: SelectionSetNode,
    type: GraphQLCompositeType,
    seen: ReadonlySet<string>,
    visit: (field: FieldNode, type: GraphQLCompositeType, seen: ReadonlySet<string>) => void,
  ): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        visit(selection, type, seen);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const on = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
        if (on && isCompositeType(on)) eachField(selection.selectionSet, on, seen, visit);
      } else {
        const name = selection.name.value;
        const fragment = seen.has(name) ? undefined : fragments.get(name);
        const on = fragment && schema.getType(fragment.typeCondition.name.value);
        if (fragment && on && isCompositeType(on))
          eachField(fragment.selectionSet, on, new Set([...seen, name]), visit);
      }
    }
  };

  const measure = (
    selectionSet: SelectionSetNode,
    type: GraphQLCompositeType,
    multiplier: number,
    seen: ReadonlySet<string>,
  ) =>
    eachField(selectionSet, type, seen, (field, parent, seenHere) => {
      if (field.alias) size.aliases += 1;
      if (field.name.value.startsWith('__')) return;
      const definition =
        isObjectType(parent) || isInterfaceType(parent) ? parent.getFields()[field.name.value] : undefined;
      if (!definition || !field.selectionSet) return;
      const named = getNamedType(definition.type);
      if (!isCompositeType(named)) return;
      const objects = multiplier * (returnsList(definition.type) ? LIST_SIZE : 1);
      size.cost += objects;
      measure(field.selectionSet, named, objects, seenHere);
    });

  eachField(operation.selectionSet, root, new Set(), () => (size.rootFields += 1));
  measure(operation.selectionSet, root, 1, new Set());
  return size;
}

function returnsList(type: GraphQLOutputType): boolean {
  return isListType(getNullableType(type));
}
