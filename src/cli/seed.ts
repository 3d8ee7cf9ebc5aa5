import 'reflect-metadata';
import { loadConfig } from '../config';
import { tellRunningInstances } from '../db/change-feed';
import { openDatabase } from '../db/data-source';
import { entities } from '../entities';
import { loadDemoData } from '../../seed/load';

/** `npm run seed`: applies pending migrations and (re-)loads the demo data; safe to run again. */
async function main() {
  const config = loadConfig();
  const database = await openDatabase(config, entities);
  try {
    await database.dataSource.runMigrations({ transaction: 'each' });
    await loadDemoData(database.dataSource, config);
    // a running server keeps the directory's agencies, areas, categories and searches in memory
    if (config.databaseUrl) await tellRunningInstances(database.dataSource, ['directory', 'coverage', 'reference']);
    console.log('Demo data loaded.');
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
