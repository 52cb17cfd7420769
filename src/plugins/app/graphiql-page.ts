// The GraphiQL page and its start script, served by ./graphiql.ts. Kept as
// strings here so that the compiled server (dist/) carries them without a
// copy step. The page loads React, ReactDOM and GraphiQL's UMD build from
// this server only: nothing is fetched from a CDN, so it works offline.

export interface GraphiqlPageOptions {
  /** Where the scripts and the stylesheet are served (ends with '/'). */
  assetBase: string;
  /** Script file names under assetBase, in load order; then the stylesheet. */
  scripts: string[];
  stylesheet: string;
  /** The page's start script. */
  mainScript: string;
  /** GraphQL over HTTP, e.g. '/graphql'. */
  endpoint: string;
  /** GraphQL over WebSocket (graphql-ws), when the server offers subscriptions. */
  subscriptionEndpoint: string | undefined;
}

export function graphiqlPage(options: GraphiqlPageOptions): string {
  const attribute = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;');
  const asset = (name: string) => attribute(options.assetBase + name);
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Root · GraphiQL</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="${asset(options.stylesheet)}" />
    <style>
      body { margin: 0; }
      #graphiql { height: 100dvh; }
      .root-graphiql-error { font: 16px/1.5 system-ui, sans-serif; padding: 2rem; max-width: 40rem; }
    </style>
  </head>
  <body>
    <div id="graphiql" data-endpoint="${attribute(options.endpoint)}" data-subscription-endpoint="${attribute(options.subscriptionEndpoint ?? '')}">Loading GraphiQL…</div>
${options.scripts.map((name) => `    <script src="${asset(name)}"></script>`).join('\n')}
    <script src="${attribute(options.mainScript)}"></script>
  </body>
</html>
`;
}

// Plain browser JavaScript (no build step). GraphiQL.createFetcher is
// @graphiql/toolkit's createGraphiQLFetcher as bundled in GraphiQL's UMD build
// (graphql-ws included): with a subscription endpoint on the page it sends
// subscriptions over WebSocket and everything else over HTTP.
export const graphiqlMainScript = `'use strict';
(function () {
  var root = document.getElementById('graphiql');
  if (typeof React === 'undefined' || typeof ReactDOM === 'undefined' || typeof GraphiQL === 'undefined') {
    root.className = 'root-graphiql-error';
    root.textContent =
      "GraphiQL's scripts did not load from this server (see the browser console and the server log). " +
      'The GraphQL endpoint still answers at ' + root.dataset.endpoint + '.';
    return;
  }
  var url = new URL(root.dataset.endpoint, location.href).href;
  var subscriptionUrl;
  if (root.dataset.subscriptionEndpoint) {
    var ws = new URL(root.dataset.subscriptionEndpoint, location.href);
    ws.protocol = ws.protocol === 'https:' ? 'wss:' : 'ws:';
    subscriptionUrl = ws.href;
  }
  var fetcher = GraphiQL.createFetcher({ url: url, subscriptionUrl: subscriptionUrl });
  var defaultQuery =
    '# Root, the club\\'s GraphQL API. Ctrl-Enter runs the query.\\n' +
    '# The book icon (top left) opens the docs: every type and field.\\n' +
    '{\\n  members {\\n    memberId\\n    name\\n    streak {\\n      currentStreak\\n    }\\n  }\\n}\\n';
  ReactDOM.createRoot(root).render(React.createElement(GraphiQL, { fetcher: fetcher, defaultQuery: defaultQuery }));
})();
`;
