// Every field of the schema declares the scope it needs, so a new field
// cannot forget one: this walk fails the build when one does. A deliberately
// broken schema proves the walk finds the gap, and the request check refuses
// such a field rather than serving it.
import SchemaBuilder from '@pothos/core';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { parse } from 'graphql';
import t from 'tap';
import { type ScopeGrants, checkAccess, fieldsWithoutScopes, scopeGrants } from '../../src/graphql/access-check.js';
import { type Context, anonymousCaller } from '../../src/graphql/context.js';
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

t.test('the walk checks fields reached through interfaces and unions as each object type', async (t) => {
  const builder = new SchemaBuilder<{ Context: Context; AuthScopes: ScopeGrants }>({
    plugins: [ScopeAuthPlugin],
    scopeAuth: { authScopes: (ctx: Context) => scopeGrants(ctx.caller) },
  } as never);
  const publicRead = { 'read:public': true } as const;
  const Item = builder.interfaceRef<{ id: number }>('Item').implement({
    fields: (t) => ({ id: t.exposeInt('id', { authScopes: publicRead }) }),
  });
  const Open = builder.objectRef<{ id: number }>('Open').implement({ interfaces: [Item], fields: () => ({}) });
  const Guarded = builder.objectRef<{ id: number; note: string }>('Guarded').implement({
    interfaces: [Item],
    fields: (t) => ({ note: t.exposeString('note', { authScopes: { 'read:personal': true } }) }),
  });
  const Either = builder.unionType('Either', { types: [Open, Guarded] });
  builder.queryType({
    fields: (t) => ({
      items: t.field({ type: [Item], authScopes: publicRead, resolve: () => [] }),
      either: t.field({ type: Either, authScopes: publicRead, resolve: () => ({ id: 1 }) }),
    }),
  });
  const schema = builder.toSchema({ disableScopeAuth: true });
  const reader = anonymousCaller('public');
  const verdict = (query: string) => {
    try {
      checkAccess(schema, parse(query), undefined, reader);
      return 'allowed';
    } catch (error) {
      return error instanceof DomainError ? error.code : String(error);
    }
  };
  t.equal(verdict('{ items { id } }'), 'allowed');
  t.equal(verdict('{ items { id ... on Guarded { note } } }'), 'UNAUTHENTICATED', 'a fragment on an implementation');
  t.equal(verdict('{ items { ...G } } fragment G on Guarded { note }'), 'UNAUTHENTICATED', 'a named fragment');
  t.equal(verdict('{ either { ... on Open { id } } }'), 'allowed');
  t.equal(verdict('{ either { ... on Guarded { note } } }'), 'UNAUTHENTICATED', 'a member of a union');
  t.equal(verdict('{ either { ... on Item { ... on Guarded { note } } } }'), 'UNAUTHENTICATED', 'nested abstract');
});
