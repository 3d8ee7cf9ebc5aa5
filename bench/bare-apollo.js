'use strict';
/**
 * The framework floor of the benchmark: a bare Apollo Server 5 on Express 5, mounted the way src/app.ts
 * mounts the real one (express.json + expressMiddleware), answering `{ ok }` with a constant. No
 * database, no authentication, no plugins. Listens on PORT (127.0.0.1) and answers GET /readyz.
 */
const http = require('node:http');
const express = require('express');
const { ApolloServer } = require('@apollo/server');
const { ApolloServerPluginDrainHttpServer } = require('@apollo/server/plugin/drainHttpServer');
const { expressMiddleware } = require('@as-integrations/express5');

async function main() {
  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);
  const apollo = new ApolloServer({
    typeDefs: 'type Query { ok: Boolean! }',
    resolvers: { Query: { ok: () => true } },
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer })],
  });
  await apollo.start();
  app.get('/readyz', (_req, res) => res.json({ status: 'ready' }));
  app.get('/healthz', (_req, res) => res.json({ status: 'ok' }));
  app.use('/graphql', express.json({ limit: '1mb' }), expressMiddleware(apollo));
  await new Promise((resolve) => httpServer.listen(Number(process.env.PORT ?? 0), '127.0.0.1', resolve));
  console.log(JSON.stringify({ msg: 'server ready', port: httpServer.address().port }));
  const stop = async () => {
    await apollo.stop();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
