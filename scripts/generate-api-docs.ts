// Writes docs/api.md from the schema; with --check, fails if it is stale
// (CI runs the check, and test/docs/api-docs.test.ts does the same).
import { readFile, writeFile } from 'node:fs/promises';
import { schema } from '../src/schema/index.js';
import { renderApiDocs } from './api-docs.js';

const file = new URL('../docs/api.md', import.meta.url);
const markdown = renderApiDocs(schema);

if (process.argv.includes('--check')) {
  const committed = await readFile(file, 'utf8').catch(() => '');
  if (committed !== markdown) {
    console.error('docs/api.md is stale: run `npm run docs:api` and commit it.');
    process.exit(1);
  }
  console.log('docs/api.md is up to date.');
} else {
  await writeFile(file, markdown);
  console.log('Wrote docs/api.md.');
}
