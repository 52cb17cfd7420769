// GraphiQL at /graphiql, served entirely from this server. Mercurius's own
// GraphiQL fetches React and GraphiQL from unpkg at run time, so it is a blank
// page without internet; here every asset comes from npm packages installed
// with the project (production dependencies, so the image has them too):
// React 18's and GraphiQL 4's UMD builds, the last ones that run without a
// bundler (React 19 and GraphiQL 5 ship no UMD build).
import { createReadStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import fp from 'fastify-plugin';
import { graphiqlMainScript, graphiqlPage } from './graphiql-page.js';

export const GRAPHIQL_PATH = '/graphiql';

export interface GraphiqlOptions {
  /** GraphQL over HTTP. */
  endpoint: string;
  /** GraphQL over WebSocket (graphql-ws); set it once the server offers subscriptions. */
  subscriptionEndpoint?: string;
}

interface Asset {
  name: string;
  file: string;
  type: string;
}

const require = createRequire(import.meta.url);

/** A file of an installed package, found through its package.json (these packages do not export their UMD files). */
function packageFile(pkg: string, file: string): { path: string; version: string } {
  const manifest = require.resolve(`${pkg}/package.json`);
  return { path: join(dirname(manifest), file), version: (require(manifest) as { version: string }).version };
}

function assets(): Asset[] {
  const files: [pkg: string, file: string, type: string][] = [
    ['react', 'umd/react.production.min.js', 'text/javascript'],
    ['react-dom', 'umd/react-dom.production.min.js', 'text/javascript'],
    ['graphiql', 'graphiql.min.js', 'text/javascript'],
    ['graphiql', 'graphiql.min.css', 'text/css'],
  ];
  return files.map(([pkg, file, type]) => {
    const { path, version } = packageFile(pkg, file);
    // e.g. react-18.3.1.min.js: the version in the name lets browsers keep a
    // file until the package changes.
    return { name: `${pkg}-${version}.min.${type === 'text/css' ? 'css' : 'js'}`, file: path, type };
  });
}

export default fp<GraphiqlOptions>(
  async (app, { endpoint, subscriptionEndpoint }) => {
    const served = assets();
    // Fail at start-up, not with a blank page, if an install lacks a file.
    await Promise.all(served.map((asset) => access(asset.file)));
    const byName = new Map(served.map((asset) => [asset.name, asset]));
    const assetBase = `${GRAPHIQL_PATH}/assets/`;
    const mainScript = `${GRAPHIQL_PATH}/main.js`;
    const page = graphiqlPage({
      assetBase,
      scripts: served.filter((asset) => asset.type === 'text/javascript').map((asset) => asset.name),
      stylesheet: served.find((asset) => asset.type === 'text/css')!.name,
      mainScript,
      endpoint,
      subscriptionEndpoint,
    });

    // app.ts routes only a browser's bare GET / here; every other request to / is GraphQL.
    app.get('/', async (_request, reply) => reply.redirect(GRAPHIQL_PATH, 302));
    app.get(GRAPHIQL_PATH, async (_request, reply) =>
      reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(page),
    );
    app.get(mainScript, async (_request, reply) =>
      reply.type('text/javascript; charset=utf-8').header('cache-control', 'no-cache').send(graphiqlMainScript),
    );
    app.get<{ Params: { name: string } }>(`${assetBase}:name`, async (request, reply) => {
      const asset = byName.get(request.params.name);
      if (!asset) return reply.callNotFound();
      return reply
        .type(`${asset.type}; charset=utf-8`)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(createReadStream(asset.file));
    });
  },
  { name: 'graphiql' },
);
