// Every field of the schema declares the scope it needs, so a new field
// cannot forget one: this walk fails the build when one does. A deliberately
// broken schema proves the walk finds the gap, and the request check refuses
// such a field rather than serving it.
import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { execute, parse } from 'graphql';
import t from 'tap';
import { type ScopeGrants, checkAccess, fieldsWithoutScopes, scopeGrants } from '../../src/graphql/access-check.js';
import { type Context, anonymousCaller, buildContext } from '../../src/graphql/context.js';
import type { Deps } from '../../src/deps.js';
import { DomainError } from '../../src/errors/domain-error.js';
import { schema } from '../../src/schema/index.js';

t.test('every field and mutation of the schema declares a scope', async (t) => {
  t.same(fieldsWithoutScopes(schema), []);
});

function brokenSchema() {
  const builder = new SchemaBuilder<{ Context: Context; AuthScopes: ScopeGrants }>({
    plugins: [ScopeAuthPlugin],
    scopeAuth: { authScopes: (ctx: Context) => scopeGrants(ctx.caller) },
    // The app's builder options include plugin-prisma's; this schema has no Prisma types.
  } as never);
  const Thing = builder.objectRef<{ id: number; secret: string }>('Thing').implement({
    fields: (t) => ({
      id: t.exposeInt('id', { authScopes: { 'read:public': true } }),
      secret: t.exposeString('secret'), // forgot its scope
    }),
  });
  builder.queryType({
    fields: (t) => ({
      thing: t.field({ type: Thing, authScopes: { 'read:public': true }, resolve: () => ({ id: 1, secret: 's' }) }),
      forgotten: t.int({ resolve: () => 1 }), // forgot its scope
    }),
  });
  builder.mutationType({
    fields: (t) => ({
      wipe: t.boolean({ authScopes: {}, resolve: () => true }), // an empty map grants nothing either
    }),
  });
  return builder.toSchema();
}

t.test('a deliberately broken schema fails the walk, naming each field', async (t) => {
  t.same(fieldsWithoutScopes(brokenSchema()), ['Mutation.wipe', 'Query.forgotten', 'Thing.secret']);
});

t.test('a field without a scope is refused to everyone, before execution', async (t) => {
  const broken = brokenSchema();
  const open = anonymousCaller('open');
  t.doesNotThrow(() => checkAccess(broken, parse('{ thing { id } }'), undefined, open));
  for (const query of ['{ thing { id secret } }', '{ forgotten }', 'mutation { wipe }']) {
    const refused = (() => {
      try {
        checkAccess(broken, parse(query), undefined, open);
        return 'allowed';
      } catch (error) {
        return error instanceof DomainError ? error.code : String(error);
      }
    })();
    t.equal(refused, 'UNAUTHENTICATED', query);
  }
});

t.test('scope-auth refuses at execution too, with the same errors (what the request check guards first)', async (t) => {
  const contextValue = (caller: ReturnType<typeof anonymousCaller>) => buildContext({ deps: {} as Deps, caller });
  const result = await execute({
    schema,
    document: parse('{ apiKeys { id } }'),
    contextValue: contextValue(anonymousCaller('open')),
  });
  t.same(result.data, null);
  const error = result.errors?.[0]?.originalError;
  t.ok(error instanceof DomainError);
  t.match(error, { code: 'UNAUTHENTICATED', message: 'Query.apiKeys needs an API key with admin:keys' });
});
