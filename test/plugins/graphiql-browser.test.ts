// GraphiQL in a real browser (Debian's headless Chromium driven by
// playwright-core), on a real listening server: the page loads with every
// request going to this server and nowhere else, runs a query typed into the
// editor, shows the result and the docs explorer. A screenshot of the result
// is kept in test-artifacts/graphiql.png.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import t from 'tap';
import { buildTestApp } from '../helpers/build-app.js';
import { CHROMIUM, launchChromium } from '../helpers/chromium.js';
import { createMember } from '../helpers/factories.js';

const artifacts = fileURLToPath(new URL('../../test-artifacts/', import.meta.url));

void t.test('GraphiQL works offline in Chromium', async (t) => {
  t.ok(existsSync(CHROMIUM), `${CHROMIUM} exists (apt-get install chromium, or set CHROMIUM_PATH)`);
  const { app } = await buildTestApp(t, 'pglite');
  await createMember(app, { name: 'Grace Hopper' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  if (typeof address !== 'object' || address === null) throw new Error('not listening');
  const origin = `http://127.0.0.1:${address.port}`;

  const browser = await launchChromium(t);
  const page = browser.pages()[0] ?? (await browser.newPage());
  const requests: string[] = [];
  const pageErrors: string[] = [];
  page.on('request', (request) => requests.push(`${request.method()} ${request.url()}`));
  page.on('pageerror', (error) => pageErrors.push(error.message));

  await page.goto(`${origin}/graphiql`);
  await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
  const paint = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? Number.NaN,
  );
  t.comment(`GraphiQL first contentful paint: ${Math.round(paint)} ms`);

  // Replace the default query with one typed into the editor, then run it.
  await page.locator('.graphiql-query-editor .CodeMirror').click();
  await page.keyboard.press('Control+A');
  await page.keyboard.insertText('{ members { name } }');
  await page.getByRole('button', { name: 'Execute query (Ctrl-Enter)' }).click();
  const result = page.locator('.graphiql-response');
  await result.getByText('"Grace Hopper"').waitFor({ timeout: 15_000 });
  const text = await result.innerText();
  t.match(text, /"data": \{\s*"members": \[\s*\{\s*"name": "Grace Hopper"\s*\}\s*\]/, 'the result pane shows the data');
  await mkdir(artifacts, { recursive: true });
  await page.screenshot({ path: join(artifacts, 'graphiql.png') });

  // The docs explorer, from the schema GraphiQL fetched by introspection.
  await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
  const docs = page.locator('.graphiql-doc-explorer');
  await docs.getByText('Query', { exact: true }).click();
  await docs.getByText('members', { exact: true }).first().waitFor();
  t.pass('the docs explorer lists the Query fields');
  await page.screenshot({ path: join(artifacts, 'graphiql-docs.png') });

  t.same(pageErrors, [], 'no script errors on the page');
  const elsewhere = requests.filter((request) => !request.split(' ')[1]!.startsWith(`${origin}/`));
  t.same(elsewhere, [], 'no request leaves this server');
  const loaded = requests.filter((request) => request.startsWith('GET ')).map((r) => new URL(r.slice(4)).pathname);
  t.equal(loaded.length, 6);
  t.match(
    loaded,
    [
      /^\/graphiql$/,
      /^\/graphiql\/assets\/graphiql-4\.\d+\.\d+\.min\.css$/,
      /^\/graphiql\/assets\/react-18\.\d+\.\d+\.min\.js$/,
      /^\/graphiql\/assets\/react-dom-18\.\d+\.\d+\.min\.js$/,
      /^\/graphiql\/assets\/graphiql-4\.\d+\.\d+\.min\.js$/,
      /^\/graphiql\/main\.js$/,
    ],
    'the page and its assets, all served by Root',
  );
  t.ok(
    requests.filter((request) => request === `POST ${origin}/graphql`).length >= 2,
    'introspection and the query went to /graphql',
  );
});
