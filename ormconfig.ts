import { loadConfig } from './src/config';
import { CliDataSource } from './src/db/data-source';
import { entities } from './src/entities';

/**
 * The DataSource for the TypeORM CLI, e.g. `npx typeorm migration:show -d dist/ormconfig.js`.
 * Uses DATABASE_URL, or the embedded database in DATA_DIR (the server must not be running on it).
 */
export default new CliDataSource(loadConfig(), entities);
