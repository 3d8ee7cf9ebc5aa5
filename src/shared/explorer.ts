/**
 * The GraphQL explorer: GraphiQL served from the server's own files (the UMD build of the graphiql npm
 * package and React's, with their fonts inlined), so it works without the internet. Nothing is loaded
 * from elsewhere, and the page's Content-Security-Policy forbids it. Outside production with the
 * development secret, a "Demo users" panel puts a demo user's token in the Authorization header in a click.
 */
import fs from 'node:fs';
import path from 'node:path';
import express, { type Request, type Response, type Router } from 'express';

export interface DemoToken { email: string; name: string; roles: string[]; token: string }

export interface ExplorerOptions {
  /** The GraphQL endpoint the page talks to. */
  endpoint: string;
  /** Mints the demo users' tokens; null (production, or a real JWT secret) leaves the panel out. */
  demoTokens: (() => Promise<DemoToken[]>) | null;
  /** Whether the schema can be introspected (without it the explorer has no documentation or completion). */
  introspection: boolean;
}

const packageDir = (name: string) => path.dirname(require.resolve(`${name}/package.json`));
const version = (name: string) => (JSON.parse(fs.readFileSync(path.join(packageDir(name), 'package.json'), 'utf8')) as { version: string }).version;

/** The vendor files, by the name the page asks for. */
function vendorFiles(): Record<string, string> {
  return {
    'react.production.min.js': path.join(packageDir('react'), 'umd', 'react.production.min.js'),
    'react-dom.production.min.js': path.join(packageDir('react-dom'), 'umd', 'react-dom.production.min.js'),
    'graphiql.min.js': path.join(packageDir('graphiql'), 'graphiql.min.js'),
    'graphiql.min.css': path.join(packageDir('graphiql'), 'graphiql.min.css'),
  };
}

export const EXPLORER_CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data:", "font-src 'self' data:",
  "connect-src 'self'", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'",
].join('; ');

const DEFAULT_QUERY = `# Development: pick a demo user on the left.
# Otherwise put your token in Headers below:
# { "Authorization": "Bearer <token>" }
query WhoAmI {
  me { userId agencyId roles }
  myAgency { name }
}
`;

/** The page's own script (served as a file: the CSP allows no inline script). */
const EXPLORER_SCRIPT = `(function () {
  'use strict';
  var config = JSON.parse(document.getElementById('explorer-config').textContent);
  var h = React.createElement;
  var plugins = [];
  if (config.demoTokens) {
    var DemoUsers = function () {
      var editors = GraphiQL.React.useEditorContext({ nonNull: true });
      var state = React.useState(null);
      var users = state[0], setUsers = state[1];
      var chosen = React.useState(null);
      React.useEffect(function () {
        fetch(config.demoTokensUrl, { headers: { accept: 'application/json' } })
          .then(function (r) { return r.json(); })
          .then(function (body) { setUsers(body.users); })
          .catch(function () { setUsers([]); });
      }, []);
      var choose = function (user) {
        var headers = JSON.stringify({ Authorization: 'Bearer ' + user.token }, null, 2);
        if (editors.headerEditor) editors.headerEditor.setValue(headers);
        chosen[1](user.email);
      };
      return h('div', { className: 'demo-users' },
        h('div', { className: 'graphiql-doc-explorer-title' }, 'Demo users'),
        h('p', null, 'Development only: a click puts the user\\'s token in the Authorization header.'),
        users === null ? h('p', null, 'Loading\\u2026') : h('ul', { style: { listStyle: 'none', padding: 0 } }, users.map(function (u) {
          return h('li', { key: u.email, style: { marginBottom: '6px' } },
            h('button', { type: 'button', className: 'graphiql-button demo-user', 'data-email': u.email, 'aria-pressed': chosen[0] === u.email, onClick: function () { choose(u); }, style: { width: '100%', textAlign: 'left' } },
              h('strong', null, u.name), h('br'), h('small', null, u.email + ' \\u00b7 ' + u.roles.join(', '))));
        })));
    };
    plugins.push({ title: 'Demo users', icon: function () { return h('span', { 'aria-hidden': true, style: { fontWeight: 700 } }, 'ID'); }, content: DemoUsers });
  }
  var fetcher = GraphiQL.createFetcher({ url: config.endpoint });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(h(GraphiQL, {
    fetcher: fetcher,
    plugins: plugins,
    visiblePlugin: plugins[0],
    defaultQuery: config.defaultQuery,
    defaultEditorToolsVisibility: 'headers',
    shouldPersistHeaders: false,
    headers: config.demoTokens ? undefined : JSON.stringify({ Authorization: 'Bearer <token>' }, null, 2),
  }));
})();
`;

const escapeJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');

function page(options: ExplorerOptions, assets: string): string {
  const config = { endpoint: options.endpoint, demoTokens: Boolean(options.demoTokens), demoTokensUrl: '/explorer/demo-tokens', defaultQuery: DEFAULT_QUERY };
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>GraphQL explorer - migrant referral network</title>
<link rel="stylesheet" href="${assets}/graphiql.min.css">
<style>html, body { margin: 0; height: 100%; } #graphiql { height: 100vh; } .demo-users p { font-size: 0.9em; }</style>
</head>
<body>
<div id="graphiql">Loading the explorer${options.introspection ? '' : ' (introspection is off: no documentation or completion)'}...</div>
<script src="${assets}/react.production.min.js"></script>
<script src="${assets}/react-dom.production.min.js"></script>
<script src="${assets}/graphiql.min.js"></script>
<script id="explorer-config" type="application/json">${escapeJson(config)}</script>
<script src="${assets}/explorer.js"></script>
</body>
</html>
`;
}

/** True for a browser's navigation to the endpoint: a GET that prefers HTML and carries no GraphQL query. */
export function wantsExplorer(req: Request): boolean {
  if (req.method !== 'GET' || 'query' in req.query || 'extensions' in req.query) return false;
  return req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) === 'text/html';
}

/**
 * The routes of the explorer: its page (for `wantsExplorer` requests to the endpoint, mounted before the
 * endpoint's own handlers) and its files under /explorer/.
 */
export function explorer(options: ExplorerOptions): { page: express.RequestHandler; assets: Router } {
  const files = vendorFiles();
  // the vendors' versions in the file names' path: each release is a new URL, cached for good by browsers
  const assets = `/explorer/assets/${version('graphiql')}-${version('react')}`;
  const html = page(options, assets);
  const router = express.Router();
  const serveFile = (name: string) => (_req: Request, res: Response) => {
    res.sendFile(files[name], { maxAge: '365d', immutable: true, headers: { 'x-content-type-options': 'nosniff' } });
  };
  for (const name of Object.keys(files)) router.get(`${assets}/${name}`, serveFile(name));
  router.get(`${assets}/explorer.js`, (_req, res) => {
    res.setHeader('cache-control', 'public, max-age=3600');
    res.type('application/javascript').send(EXPLORER_SCRIPT);
  });
  router.get('/explorer/demo-tokens', async (_req, res, next) => {
    if (!options.demoTokens) return next();
    try {
      res.setHeader('cache-control', 'no-store');
      res.json({ users: await options.demoTokens() });
    } catch (e) {
      next(e);
    }
  });
  router.get('/explorer', (_req, res) => res.redirect(options.endpoint));
  return {
    assets: router,
    page(req, res, next) {
      if (!wantsExplorer(req)) return next();
      res.setHeader('content-security-policy', EXPLORER_CSP);
      res.setHeader('cache-control', 'no-cache');
      res.setHeader('x-content-type-options', 'nosniff');
      res.type('text/html').send(html);
    },
  };
}
