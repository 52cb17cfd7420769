// API keys in GraphQL: the ApiKey type, the apiKeys list and the create and
// revoke mutations, all for callers holding admin:keys (no anonymous preset
// grants it). The operations live in src/keys/.
import { displayPrefix } from '../keys/api-key-secret.js';
import { type ApiKeyView, createApiKey, listApiKeys, revokeApiKey } from '../keys/api-keys.js';
import { deps } from '../graphql/context.js';
import { builder } from './builder.js';
import { keyAdmin } from './auth-scopes.js';

const ApiKeyRef = builder.objectRef<ApiKeyView>('ApiKey').implement({
  description: 'An API key as operators see it: never its secret, which is shown once, at creation.',
  fields: (t) => ({
    id: t.exposeInt('id', { authScopes: keyAdmin }),
    name: t.exposeString('name', { authScopes: keyAdmin }),
    prefix: t.string({
      authScopes: keyAdmin,
      description: 'The first characters of the key, enough to recognise it (`root_AbCdEfGh…`).',
      resolve: (key) => displayPrefix(key.prefix),
    }),
    scopes: t.exposeStringList('scopes', { authScopes: keyAdmin }),
    createdAt: t.string({
      authScopes: keyAdmin,
      description: 'ISO 8601 instant.',
      resolve: (key) => key.createdAt.toISOString(),
    }),
    lastUsedAt: t.string({
      authScopes: keyAdmin,
      nullable: true,
      description: 'ISO 8601 instant, recorded at most once a minute; null before first use.',
      resolve: (key) => key.lastUsedAt?.toISOString() ?? null,
    }),
    expiresAt: t.expose('expiresAt', {
      type: 'NaiveDate',
      nullable: true,
      authScopes: keyAdmin,
      description: 'The first club day on which the key no longer works; null: it does not expire.',
    }),
    revokedAt: t.string({
      authScopes: keyAdmin,
      nullable: true,
      description: 'ISO 8601 instant; null while the key works.',
      resolve: (key) => key.revokedAt?.toISOString() ?? null,
    }),
  }),
});

const CreatedApiKey = builder.objectRef<{ apiKey: ApiKeyView; key: string }>('CreatedApiKey').implement({
  fields: (t) => ({
    apiKey: t.field({ type: ApiKeyRef, authScopes: keyAdmin, resolve: (created) => created.apiKey }),
    secret: t.string({
      authScopes: keyAdmin,
      description: 'The whole key, for `Authorization: Bearer …`. Shown this once; Root keeps only its digest.',
      resolve: (created) => created.key,
    }),
  }),
});

builder.queryField('apiKeys', (t) =>
  t.field({
    type: [ApiKeyRef],
    authScopes: keyAdmin,
    description: 'Every API key, revoked and expired ones too, by id. Never a secret.',
    resolve: (_root, _args, ctx) => listApiKeys(deps(ctx)),
  }),
);

const CreateApiKeyInput = builder.inputType('CreateApiKeyInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: 'Who holds the key, e.g. "discord-bot".' }),
    scopes: t.stringList({ required: false, description: 'Scope names, e.g. ["read:public", "write:status"].' }),
    bundle: t.string({ required: false, description: 'A named set of scopes: admin, bot, app, scanner, reader.' }),
    expiresAt: t.field({
      type: 'NaiveDate',
      required: false,
      description: 'The first club day on which the key no longer works.',
    }),
  }),
});

builder.mutationFields((t) => ({
  createApiKey: t.field({
    type: CreatedApiKey,
    authScopes: keyAdmin,
    description: 'Creates a key with the union of `scopes` and `bundle`; its secret is in the answer, once.',
    args: { input: t.arg({ type: CreateApiKeyInput, required: true }) },
    resolve: (_root, { input }, ctx) => createApiKey(deps(ctx), input),
  }),
  revokeApiKey: t.field({
    type: ApiKeyRef,
    authScopes: keyAdmin,
    description: 'Revokes a key: it stops working at once on this server, within seconds on others.',
    args: { id: t.arg.int({ required: true }) },
    resolve: (_root, { id }, ctx) => revokeApiKey(deps(ctx), id),
  }),
}));
