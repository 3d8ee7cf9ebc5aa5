import 'reflect-metadata';
import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from '../../migrations';
import type { Config } from '../config';
import { logger } from '../shared/logger';
import { startEmbeddedDatabase, type EmbeddedDatabase } from './embedded';
import type { EntitySchema, MixedList } from 'typeorm';
import { StatementCountingLogger } from './sql-stats';

type Connection = { url: string; readUrls?: string[] } | EmbeddedDatabase['connection'];

/** The entity classes, handed in by the composition root (src/entities.ts): this layer knows no feature. */
export type Entities = MixedList<Function | string | EntitySchema>;

export function dataSourceOptions(connection: Connection, poolSize: number, entities: Entities): DataSourceOptions {
  // read replicas (DATABASE_READ_URLS): every statement still goes to the primary unless a caller asks for a
  // replica (src/db/replicas.ts); TypeORM would otherwise send its own reads (find, getMany) to them
  const where = 'url' in connection && connection.readUrls?.length
    ? { replication: { master: { url: connection.url }, slaves: connection.readUrls.map((url) => ({ url })), defaultMode: 'master' as const } }
    : 'url' in connection ? { url: connection.url } : connection;
  return {
    type: 'postgres',
    ...where,
    entities,
    migrations,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each',
    synchronize: false,
    installExtensions: false, // extensions come from the migrations
    uuidExtension: 'pgcrypto', // gen_random_uuid() is built into PostgreSQL 13+
    logging: true,
    logger: new StatementCountingLogger(),
    maxQueryExecutionTime: 1000,
    extra: { max: poolSize, connectionTimeoutMillis: 10_000 },
  };
}

export interface Database {
  dataSource: DataSource;
  embedded: boolean;
  close(): Promise<void>;
}

/** Real PostgreSQL when DATABASE_URL is set, otherwise the embedded PGlite in DATA_DIR. */
export async function openDatabase(config: Pick<Config, 'databaseUrl' | 'databasePoolSize' | 'dataDir'> & Partial<Pick<Config, 'readReplicas'>>, entities: Entities): Promise<Database> {
  if (config.databaseUrl) {
    const dataSource = new DataSource(dataSourceOptions({ url: config.databaseUrl, readUrls: config.readReplicas?.urls }, config.databasePoolSize, entities));
    await dataSource.initialize();
    return { dataSource, embedded: false, close: () => dataSource.destroy() };
  }
  const embedded = await startEmbeddedDatabase(config.dataDir);
  logger.info({ dataDir: config.dataDir }, 'embedded PostgreSQL (PGlite) started');
  // PGlite is single-session: one connection, so transactions queue instead of interleaving.
  const dataSource = new DataSource(dataSourceOptions(embedded.connection, 1, entities));
  try {
    await dataSource.initialize();
  } catch (e) {
    await embedded.stop();
    throw e;
  }
  return {
    dataSource,
    embedded: true,
    async close() {
      await dataSource.destroy();
      await embedded.stop();
    },
  };
}

/**
 * A DataSource for the TypeORM CLI (see ormconfig.ts): on the embedded database it starts PGlite
 * when the CLI initialises it and stops it on destroy, holding the data-folder lock meanwhile.
 */
export class CliDataSource extends DataSource {
  private embedded?: EmbeddedDatabase;
  constructor(private readonly cfg: Pick<Config, 'databaseUrl' | 'databasePoolSize' | 'dataDir'>, private readonly entities: Entities) {
    super(dataSourceOptions(cfg.databaseUrl ? { url: cfg.databaseUrl } : { host: 'pending', port: 0, username: 'postgres', database: 'postgres' }, 1, entities));
  }
  override async initialize(): Promise<this> {
    if (!this.cfg.databaseUrl) {
      this.embedded = await startEmbeddedDatabase(this.cfg.dataDir);
      this.setOptions(dataSourceOptions(this.embedded.connection, 1, this.entities));
    }
    return super.initialize();
  }
  override async destroy(): Promise<void> {
    await super.destroy();
    await this.embedded?.stop();
  }
}
