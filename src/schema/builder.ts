// The Pothos builder: plugins and scalar typings only; types live in the
// domain files beside it.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import type { ClubDate } from '../calendar/club-date.js';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import { abandonedRequestPlugin } from '../graphql/abandoned-request.js';
import { type ScopeGrants, refusal, scopeGrants } from '../graphql/access-check.js';
import { type Context, deps } from '../graphql/context.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  AuthScopes: ScopeGrants;
  Scalars: {
    /** A ClubDate inside, the same "YYYY-MM-DD" text on the wire. */
    NaiveDate: { Input: ClubDate; Output: ClubDate };
    /** Internally PostgreSQL TIME text; chrono's format on the wire. */
    NaiveTime: { Input: string; Output: string };
  };
}>({
  // A request whose client went away resolves nothing more.
  plugins: [abandonedRequestPlugin, ScopeAuthPlugin, PrismaPlugin],
  // Access control: fields declare their scopes with scope-auth's `authScopes`
  // and `grantScopes`; src/graphql/access-check.ts checks the whole operation
  // against them before it runs (scope-auth's own per-resolver wrappers are
  // off, see index.ts). These options are what those wrappers would use, and
  // what `builder.runAuthScopes` uses.
  scopeAuth: {
    authScopes: (ctx) => scopeGrants(ctx.caller),
    // A check that throws refuses; it never lets a field through.
    treatErrorsAsUnauthorized: true,
    unauthorizedError: (_parent, ctx, info) =>
      refusal(ctx.caller, info.parentType.name, info.parentType.getFields()[info.fieldName]!),
  },
  defaultFieldNullability: false,
  prisma: {
    client: (ctx) => deps(ctx).prisma,
    dmmf: getDatamodel(),
    exposeDescriptions: false,
    // A resolver that forgets to spread `query` silently loses query folding (N+1).
    // Always an error: every resolver is exercised by the tests, and production
    // then behaves exactly as tested.
    onUnusedQuery: 'error',
  },
});

builder.queryType({});
builder.mutationType({});
