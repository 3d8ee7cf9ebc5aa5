import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { logger } from './shared/logger';
import { isEmpty, loadDemoData } from '../seed/load';

/**
 * The one startup step between opening the database and serving: migrations run (each in its own
 * transaction), then, when configured, the demo data goes into an empty database.
 */
export async function prepareDatabase(config: Config, dataSource: DataSource): Promise<void> {
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  if (applied.length) logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
  if (config.seedDemoData && (await isEmpty(dataSource))) {
    await loadDemoData(dataSource, config);
    logger.info('demo data loaded into the empty database');
  }
}
