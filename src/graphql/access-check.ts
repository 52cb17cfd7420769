// Access control in GraphQL. Every field declares the scopes it needs in the
// schema code (scope-auth's `authScopes`, src/schema/auth-scopes.ts); a
// caller holds scopes (src/graphql/context.ts). They are enforced once per
// operation, before it runs: a Mercurius hook (and the subscription hook,
// when a subscription starts) walks the operation that would run (fragments,
// aliases and abstract types included) and refuses the whole request at the
// first field the caller may not use. No resolver runs, nothing is written,
// and the client gets one clear error, not one per row (a mutation that
// would write and then be denied a personal field of its result is refused
// before it writes). The caller and the document are fixed for the
// operation, so a check per field as it resolves would repeat the same
// answer for each of a list's thousands of fields: scope-auth's resolver
// wrappers are off (src/schema/index.ts), and its `authScopes` and
// `grantScopes` are the declarations this walk reads.
import {
  type DocumentNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  Kind,
  type SelectionSetNode,
  getNamedType,
  isAbstractType,
  isObjectType,
} from 'graphql';
import { fragmentsByName, operationsToCheck } from './operations.js';
import type { preExecutionHookHandler } from 'mercurius';
import { accessRefused } from '../keys/key-errors.js';
import { type Scope, scopeNames } from '../keys/scopes.js';
import type { Caller, Context } from './context.js';

/** What scope-auth knows a request may do: the caller's scopes, and signed marks for everyone. */
export type ScopeGrants = Record<Scope, boolean> & { signedMark: boolean };

export function scopeGrants(caller: Caller): ScopeGrants {
  const grants = { signedMark: true } as ScopeGrants;
  for (const scope of scopeNames) grants[scope] = caller.scopes.has(scope);
  return grants;
}

interface FieldAccess {
  /** Scopes any one of which lets the field run. */
  scopes: (keyof ScopeGrants)[];
  /** A grant (scope-auth's `$granted`) from the parent field that also lets it run. */
  granted: string | undefined;
}

interface DeclaredOptions {
  authScopes?: Partial<Record<keyof ScopeGrants, boolean>> & { $granted?: string };
  grantScopes?: string[];
}

/** What a field declares in `authScopes`; undefined when it declares nothing. */
export function declaredAccess(field: GraphQLField<unknown, unknown>): FieldAccess | undefined {
  const options = field.extensions.pothosOptions as DeclaredOptions | undefined;
  const map = options?.authScopes;
  if (!map || typeof map !== 'object') return undefined;
  const scopes = (Object.keys(map) as (keyof ScopeGrants)[]).filter((scope) => map[scope] === true);
  return { scopes, granted: map.$granted };
}

/** The grants a field gives the fields of the object it returns. */
function grantsOf(field: GraphQLField<unknown, unknown>): ReadonlySet<string> {
  return new Set((field.extensions.pothosOptions as DeclaredOptions | undefined)?.grantScopes ?? []);
}

/** The error refusing `field` to `caller`. */
export function refusal(caller: Caller, parent: string, field: GraphQLField<unknown, unknown>) {
  const scopes = (declaredAccess(field)?.scopes ?? []).filter((scope) => scope !== 'signedMark');
  return accessRefused(caller.kind, `${parent}.${field.name}`, scopes);
}

function allowed(caller: Caller, field: GraphQLField<unknown, unknown>, grants: ReadonlySet<string>): boolean {
  const access = declaredAccess(field);
  // A field that declares nothing is refused: forgetting a scope fails closed.
  if (!access) return false;
  if (access.granted !== undefined && grants.has(access.granted)) return true;
  return access.scopes.some((scope) => scope === 'signedMark' || caller.scopes.has(scope));
}

export const accessCheckHook: preExecutionHookHandler<Context> = (schema, document, context) => {
  checkAccess(schema, document, context.operationName, context.caller);
};

/** Throws the refusal of the first field of the operation(s) that `caller` may not use. */
export function checkAccess(
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | undefined,
  caller: Caller,
): void {
  const operations = operationsToCheck(document, operationName);
  const fragments = fragmentsByName(document);

  const noGrants: ReadonlySet<string> = new Set();
  /** The object types a value of `type` may be: an interface or union is checked as each of them. */
  const objectTypes = (type: GraphQLNamedType | undefined | null): readonly GraphQLObjectType[] =>
    isObjectType(type) ? [type] : isAbstractType(type) ? schema.getPossibleTypes(type) : [];
  const walk = (
    selectionSet: SelectionSetNode,
    type: GraphQLObjectType,
    grants: ReadonlySet<string>,
    seen: ReadonlySet<string>,
  ): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        // __typename, __schema, __type describe the schema, not the club's data.
        if (name.startsWith('__')) continue;
        const field = type.getFields()[name];
        if (!field) continue; // validation has refused it already
        if (!allowed(caller, field, grants)) throw refusal(caller, type.name, field);
        if (selection.selectionSet) {
          for (const concrete of objectTypes(getNamedType(field.type))) {
            walk(selection.selectionSet, concrete, grantsOf(field), seen);
          }
        }
        continue;
      }
      const fragment =
        selection.kind === Kind.INLINE_FRAGMENT
          ? selection
          : seen.has(selection.name.value)
            ? undefined
            : fragments.get(selection.name.value);
      if (!fragment) continue;
      const condition = fragment.typeCondition ? schema.getType(fragment.typeCondition.name.value) : type;
      const next = selection.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, selection.name.value]) : seen;
      for (const concrete of objectTypes(condition)) walk(fragment.selectionSet, concrete, grants, next);
    }
  };

  for (const operation of operations) {
    const root = schema.getRootType(operation.operation);
    if (root) walk(operation.selectionSet, root, noGrants, new Set());
  }
}

/** Every field of every object type (root types included) that declares no scope, as `Type.field`. */
export function fieldsWithoutScopes(schema: GraphQLSchema): string[] {
  return Object.values(schema.getTypeMap())
    .filter((type): type is GraphQLObjectType => isObjectType(type) && !type.name.startsWith('__'))
    .flatMap((type) =>
      Object.values(type.getFields())
        .filter((field) => !declaredAccess(field)?.scopes.length)
        .map((field) => `${type.name}.${field.name}`),
    );
}
