// docs/api.md is generated from the schema; this fails when it is stale, the
// same check CI runs with `npm run docs:api -- --check`.
import { readFile } from 'node:fs/promises';
import { buildSchema } from 'graphql';
import t from 'tap';
import { renderApiDocs } from '../../scripts/api-docs.js';
import { schema } from '../../src/schema/index.js';

void t.test('docs/api.md is up to date with the schema', async (t) => {
  const committed = await readFile(new URL('../../docs/api.md', import.meta.url), 'utf8');
  t.equal(committed, renderApiDocs(schema), 'run `npm run docs:api` and commit docs/api.md');
});

void t.test('every root field and every error code is documented', async (t) => {
  const markdown = renderApiDocs(schema);
  for (const root of [schema.getQueryType()!, schema.getMutationType()!]) {
    for (const name of Object.keys(root.getFields())) t.match(markdown, `### \`${name}`, name);
  }
  for (const code of ['INVALID_SIGNATURE', 'FUTURE_DATE', 'MEMBER_NOT_FOUND', 'INTERNAL_SERVER_ERROR']) {
    t.match(markdown, `| \`${code}\` |`, code);
  }
});

void t.test('described arguments, enums and scalars render in their sections', async (t) => {
  const markdown = renderApiDocs(
    buildSchema(`
      "A colour."
      enum Colour { RED GREEN }
      "Seconds | since boot."
      scalar Uptime
      type Query {
        "Paints."
        paint("Which one." colour: Colour!, times: Int): [Uptime!]!
      }
    `),
  );
  t.match(markdown, '### `paint(colour: Colour!, times: Int): [Uptime!]!`\n\n_Generation 1._\n\nPaints.\n');
  t.match(markdown, '| argument | type | description |\n| --- | --- | --- |\n');
  t.match(markdown, '| `colour` | [`Colour!`](#colour) | Which one. |\n| `times` | `Int` |  |\n');
  t.match(markdown, '### Colour\n\nA colour.\n\nValues: `GREEN`, `RED`.\n');
  t.match(markdown, '### Uptime\n\nSeconds \\| since boot.\n');
  t.match(markdown, '## Mutations\n\n## Types\n');
});
