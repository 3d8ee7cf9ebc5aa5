import 'reflect-metadata';
import { loadConfig } from '../config';
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
    console.log('Demo data loaded.');
  } finally {
    await database.close();
  }
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
