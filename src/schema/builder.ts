// The Pothos builder: plugins and scalar typings only; types live in the
// domain files beside it.
import SchemaBuilder from '@pothos/core';
import PrismaPlugin from '@pothos/plugin-prisma';
import type { ClubDate } from '../calendar/club-date.js';
import type PrismaTypes from '../generated/pothos-types.js';
import { getDatamodel } from '../generated/pothos-types.js';
import { type Context, deps } from '../graphql/context.js';

export const builder = new SchemaBuilder<{
  Context: Context;
  PrismaTypes: PrismaTypes;
  DefaultFieldNullability: false;
  Scalars: {
    /** A ClubDate inside, the same "YYYY-MM-DD" text on the wire. */
    NaiveDate: { Input: ClubDate; Output: ClubDate };
    /** Internally PostgreSQL TIME text; chrono's format on the wire. */
    NaiveTime: { Input: string; Output: string };
  };
}>({
  plugins: [PrismaPlugin],
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
