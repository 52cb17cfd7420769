// schema.graphql is the committed SDL of the code's schema; this fails when it
// is stale, the same check CI runs with `npm run schema:print -- --check`.
import { readFile } from 'node:fs/promises';
import t from 'tap';
import { printSdl } from '../../src/schema/print.js';

void t.test('schema.graphql is up to date with the code', async (t) => {
  const committed = await readFile(new URL('../../schema.graphql', import.meta.url), 'utf8');
  t.equal(committed, printSdl(), 'run `npm run schema:print` and commit schema.graphql');
});
