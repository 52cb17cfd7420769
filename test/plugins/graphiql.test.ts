// GraphiQL's page and assets over HTTP (the browser test drives the page
// itself): every asset comes from the installed packages, byte for byte, and
// a browser opening the bare root in development is sent to /graphiql.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import t from 'tap';
import { buildTestApp } from '../helpers/build-app.js';

const require = createRequire(import.meta.url);
const packageFile = (pkg: string, file: string) => join(dirname(require.resolve(`${pkg}/package.json`)), file);
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

void t.test('development', async (t) => {
  const { app } = await buildTestApp(t, 'pglite');

  void t.test('the page names only assets served here, and each is the package file', async (t) => {
    const page = await app.inject({ method: 'GET', url: '/graphiql' });
    t.equal(page.statusCode, 200);
    t.equal(page.headers['content-type'], 'text/html; charset=utf-8');
    const urls = [...page.body.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]!);
    t.same(urls, [
      'data:,',
      '/graphiql/assets/graphiql-4.1.2.min.css',
      '/graphiql/assets/react-18.3.1.min.js',
      '/graphiql/assets/react-dom-18.3.1.min.js',
      '/graphiql/assets/graphiql-4.1.2.min.js',
      '/graphiql/main.js',
    ]);
    t.match(page.body, 'data-endpoint="/graphql" data-subscription-endpoint=""');

    const files: Record<string, [string, string]> = {
      '/graphiql/assets/graphiql-4.1.2.min.css': [packageFile('graphiql', 'graphiql.min.css'), 'text/css'],
      '/graphiql/assets/react-18.3.1.min.js': [packageFile('react', 'umd/react.production.min.js'), 'text/javascript'],
      '/graphiql/assets/react-dom-18.3.1.min.js': [
        packageFile('react-dom', 'umd/react-dom.production.min.js'),
        'text/javascript',
      ],
      '/graphiql/assets/graphiql-4.1.2.min.js': [packageFile('graphiql', 'graphiql.min.js'), 'text/javascript'],
    };
    for (const [url, [file, type]] of Object.entries(files)) {
      const response = await app.inject({ method: 'GET', url });
      t.equal(response.statusCode, 200, url);
      t.equal(response.headers['content-type'], `${type}; charset=utf-8`, url);
      t.equal(response.headers['cache-control'], 'public, max-age=31536000, immutable', url);
      t.ok(response.rawPayload.equals(await readFile(file)), `${url} is ${file}`);
    }
    const main = await app.inject({ method: 'GET', url: '/graphiql/main.js' });
    t.equal(main.headers['content-type'], 'text/javascript; charset=utf-8');
    t.match(main.body, 'GraphiQL.createFetcher({ url: url, subscriptionUrl: subscriptionUrl })');
  });

  void t.test('an unknown asset is a 404', async (t) => {
    const response = await app.inject({ method: 'GET', url: '/graphiql/assets/react-17.0.0.min.js' });
    t.equal(response.statusCode, 404);
  });

  void t.test('a browser opening / is redirected to /graphiql; GraphQL clients are not', async (t) => {
    const browser = await app.inject({ method: 'GET', url: '/', headers: { accept: BROWSER_ACCEPT } });
    t.same({ status: browser.statusCode, location: browser.headers.location }, { status: 302, location: '/graphiql' });
    const query = await app.inject({
      method: 'GET',
      url: '/?query=%7B%20streaks%20%7B%20memberId%20%7D%20%7D',
      headers: { accept: BROWSER_ACCEPT },
    });
    t.same({ status: query.statusCode, body: query.json() }, { status: 200, body: { data: { streaks: [] } } });
    const post = await app.inject({
      method: 'POST',
      url: '/',
      headers: { accept: BROWSER_ACCEPT, 'content-type': 'application/json' },
      payload: { query: '{ streaks { memberId } }' },
    });
    t.same({ status: post.statusCode, body: post.json() }, { status: 200, body: { data: { streaks: [] } } });
  });
});

void t.test('production: no GraphiQL, and / stays the GraphQL endpoint for browsers too', async (t) => {
  const { app } = await buildTestApp(t, 'pglite', { ROOT_ENV: 'production' });
  const page = await app.inject({ method: 'GET', url: '/graphiql/main.js' });
  t.equal(page.statusCode, 404);
  const browser = await app.inject({ method: 'GET', url: '/', headers: { accept: BROWSER_ACCEPT } });
  // Refused as GraphQL, as before (CSRF prevention is on in production).
  t.same(
    { status: browser.statusCode, body: browser.json() },
    {
      status: 400,
      body: {
        data: null,
        errors: [
          {
            message: 'This operation has been blocked as a potential Cross-Site Request Forgery (CSRF).',
            extensions: { code: 'MER_ERR_GQL_CSRF_PREVENTION' },
          },
        ],
      },
    },
  );
});
