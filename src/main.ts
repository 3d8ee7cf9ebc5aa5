// first: tracing (when OTEL_* configures it) patches http, express, pg and graphql before they load
import './observability/tracing-start';
import 'reflect-metadata';
import cluster from 'node:cluster';
import type { AddressInfo } from 'node:net';
import { createApp } from './app';
import { processCount, reportReady, runPrimary } from './cluster';
import { ConfigError, loadConfig } from './config';
import { openDatabase } from './db/data-source';
import { entities } from './entities';
import { DataDirInUseError } from './db/lock';
import { logger } from './shared/logger';
import { progress } from './shared/progress';
import { prepareDatabase } from './startup';
import { stopTracing } from './observability/tracing';

async function main() {
  const startedAt = Date.now();
  const config = loadConfig();
  logger.level = config.logLevel;
  const processes = processCount(config.processes);
  if (processes > 1 && cluster.isPrimary) return runPrimary(config, processes);
  if (config.jwt.usingDevelopmentSecret) {
    logger.warn('No JWT_SECRET or JWKS_URL: using the built-in development secret. Never do this in production.');
  }
  if (config.jwt.jwksUrl && !config.jwt.secret && !config.jwt.reportLinkSecret) {
    logger.warn('JWKS_URL without REPORT_LINK_SECRET: report links are signed with a key of this process only; with several instances, set the same REPORT_LINK_SECRET on each.');
  }
  if (config.statistics.usingDevelopmentKey) {
    logger.warn('No STATS_PERTURBATION_KEY: statistics noise uses the public development key. Never do this in production.');
  }
  progress(config.databaseUrl ? 'starting: connecting to PostgreSQL' : `starting: opening the embedded database in ${config.dataDir}`);
  const database = await openDatabase(config, entities);
  const { dataSource } = database;
  await prepareDatabase(config, dataSource);

  const { httpServer, apollo, webhookWorker, metricsServer, changeFeed, beginStopping } = await createApp(config, dataSource);
  if (metricsServer) {
    await new Promise<void>((resolve) => metricsServer.listen(config.metrics.port, config.metrics.host, resolve));
    logger.info({ port: (metricsServer.address() as AddressInfo).port, host: config.metrics.host }, 'metrics ready');
  }
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const { port } = httpServer.address() as AddressInfo;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/graphql`;
  logger.info({ url, port, database: database.embedded ? `embedded (${config.dataDir})` : 'postgresql', startupMs: Date.now() - startedAt, explorer: config.explorer.enabled }, 'server ready');
  progress(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s: ${url}${config.explorer.enabled ? ' (open it in a browser for the explorer)' : ''}`);
  reportReady(port);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(1), 15_000 + config.shutdownDelaySeconds * 1000);
    force.unref();
    beginStopping();
    if (config.shutdownDelaySeconds > 0) {
      // the load balancer's health check sees 503 and stops sending; what it still sends is answered
      logger.info({ signal, seconds: config.shutdownDelaySeconds }, 'stopping: /readyz says so, still answering');
      await new Promise((r) => setTimeout(r, config.shutdownDelaySeconds * 1000));
    }
    logger.info({ signal }, 'stopping: draining requests');
    try {
      await apollo.stop(); // drains in-flight requests and closes the HTTP server
      logger.info('requests drained');
      await webhookWorker?.stop();
      await changeFeed.stop();
      metricsServer?.close();
      await database.close();
      await stopTracing();
      logger.info('stopped cleanly');
      process.exit(0);
    } catch (e) {
      logger.error({ err: { message: (e as Error).message } }, 'error while stopping');
      process.exit(1);
    }
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  // an API process whose primary is gone serves nobody (the primary holds the port): it stops
  if (cluster.isWorker) process.on('disconnect', () => void stop('primary process gone'));
}

main().catch((e) => {
  if (e instanceof DataDirInUseError || e instanceof ConfigError) {
    logger.fatal(e.message);
    console.error(`\n${e.message}\n`);
  } else {
    logger.fatal({ err: { message: e?.message, stack: e?.stack } }, 'server failed to start');
  }
  process.exit(1);
});
