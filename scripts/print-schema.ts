// Writes schema.graphql from the code; with --check, fails if it is stale.
import { readFile, writeFile } from 'node:fs/promises';
import { printSdl } from '../src/schema/print.js';

const file = new URL('../schema.graphql', import.meta.url);
const sdl = printSdl();

if (process.argv.includes('--check')) {
  const committed = await readFile(file, 'utf8').catch(() => '');
  if (committed !== sdl) {
    console.error('schema.graphql is stale: run `npm run schema:print` and commit it.');
    process.exit(1);
  }
  console.log('schema.graphql is up to date.');
} else {
  await writeFile(file, sdl);
  console.log('Wrote schema.graphql.');
}
