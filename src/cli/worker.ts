import 'reflect-metadata';
import { ConfigError, loadConfig } from '../config';
import { CoverageService } from '../coverage/coverage.service';
import { openDatabase } from '../db/data-source';
import { entities } from '../entities';
import { WebhookWorker } from '../notifications/worker';
import { logger } from '../shared/logger';

/**
 * `npm run worker`: delivers the webhook outbox in a process of its own, for deployments with several API
 * instances (run those with WEBHOOK_WORKER_IN_SERVER=false). Any number of workers may run: they never take
 * the same delivery. Needs the shared PostgreSQL (DATABASE_URL); the embedded database belongs to one server.
 */
async function main() {
  const config = loadConfig();
  logger.level = config.logLevel;
  if (!config.databaseUrl) throw new ConfigError('npm run worker needs DATABASE_URL: with the embedded database, the server delivers webhooks itself');
  const database = await openDatabase(config, entities);
  const coverage = new CoverageService(database.dataSource, config.staleAfterDays, config.suppressionThreshold, config.statistics.perturbationKey);
  const worker = new WebhookWorker(database.dataSource, { ...config.webhooks, redisUrl: config.rateLimit.redisUrl }, () => coverage.alertCounts());
  worker.start();
  logger.info('webhook worker ready');
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'webhook worker stopping: finishing deliveries in flight');
    await worker.stop();
    await database.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((e) => {
  logger.fatal({ err: { message: e?.message } }, 'webhook worker failed to start');
  console.error(`\n${e?.message}\n`);
  process.exit(1);
});
