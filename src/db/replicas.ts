import type { DataSource } from 'typeorm';

/** True when DATABASE_READ_URLS configured read replicas (TypeORM `replication`). */
export function hasReplicas(db: DataSource): boolean {
  const replication = (db.options as { replication?: { slaves?: unknown[] } }).replication;
  return Boolean(replication?.slaves?.length);
}

/**
 * `db`, except that its `query()` runs on a read replica (one of DATABASE_READ_URLS, picked by TypeORM for each
 * statement), or on the primary when none is configured. Transactions and everything else stay on the primary.
 * Only for read-only statements whose answer may lag the primary by the replicas' delay (README, "Several
 * instances", lists which).
 */
export function replicaReader(db: DataSource): DataSource {
  if (!hasReplicas(db)) return db;
  const query = async (sql: string, parameters?: unknown[]) => {
    const runner = db.createQueryRunner('slave');
    try {
      return await runner.query(sql, parameters);
    } finally {
      await runner.release();
    }
  };
  return Object.create(db, { query: { value: query } }) as DataSource;
}
