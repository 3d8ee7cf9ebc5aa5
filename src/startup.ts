import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Config } from './config';
import { logger } from './shared/logger';
import { progress } from './shared/progress';
import { isEmpty, loadDemoData } from '../seed/load';

/**
 * The one startup step between opening the database and serving: migrations run (each in its own
 * transaction), then, when configured, the demo data goes into an empty database.
 */
export async function prepareDatabase(config: Config, dataSource: DataSource): Promise<void> {
  if (!config.databaseUrl) return prepare(config, dataSource);
  // several instances starting together on one PostgreSQL: one migrates and seeds while the others wait, then
  // find nothing left to do (TypeORM takes no lock of its own). A connection of its own: the pool may have only one.
  const lock = new Client({ connectionString: config.databaseUrl, application_name: 'mrn-startup-lock' });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [STARTUP_LOCK]);
    await prepare(config, dataSource);
  } finally {
    // ending the session releases the lock
    await lock.end().catch(() => undefined);
  }
}

/** The advisory lock key of the startup step (any constant the application uses for nothing else). */
const STARTUP_LOCK = 7_318_204_551;

async function prepare(config: Config, dataSource: DataSource): Promise<void> {
  const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(1);
  let started = Date.now();
  progress('starting: applying pending database migrations');
  const applied = await dataSource.runMigrations({ transaction: 'each' });
  if (applied.length) {
    logger.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    progress(`starting: ${applied.length} migration(s) applied in ${seconds(started)} s`);
  }
  if (config.seedDemoData && (await isEmpty(dataSource))) {
    started = Date.now();
    progress('starting: loading the demo data into the empty database');
    await loadDemoData(dataSource, config);
    logger.info('demo data loaded into the empty database');
    progress(`starting: demo data loaded in ${seconds(started)} s`);
  }
}
