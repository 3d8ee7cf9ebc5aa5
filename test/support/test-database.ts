import { Client } from 'pg';

/** A database of its own on a PostgreSQL server, for one test run; `drop` removes it even with connections open. */
export interface TestDatabase {
  name: string;
  /** `baseUrl` with the new database's name as its path. */
  url: string;
  drop(): Promise<void>;
}

async function onServer(baseUrl: string, sql: string): Promise<void> {
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** Creates `<prefix>_<time>_<pid>` on the server of `baseUrl` (any database there the user may connect to). */
export async function createTestDatabase(baseUrl: string, prefix: string): Promise<TestDatabase> {
  const name = `${prefix}_${Date.now()}_${process.pid}`;
  await onServer(baseUrl, `CREATE DATABASE ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return { name, url: url.toString(), drop: () => dropTestDatabase(baseUrl, name) };
}

export function dropTestDatabase(baseUrl: string, name: string): Promise<void> {
  return onServer(baseUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

/**
 * The database of a server a test starts for itself: a new database on the suite's PostgreSQL server when the
 * suite runs on one (DATABASE_URL), else a new PGlite data folder under `dir`. Its env entries, and how to remove it.
 */
export async function ownDatabase(dir: string, prefix: string): Promise<{ env: { DATABASE_URL?: string; DATA_DIR?: string }; drop(): Promise<void> }> {
  if (process.env.DATABASE_URL) {
    const database = await createTestDatabase(process.env.DATABASE_URL, prefix);
    return { env: { DATABASE_URL: database.url, DATA_DIR: undefined }, drop: database.drop };
  }
  return { env: { DATABASE_URL: undefined, DATA_DIR: `${dir}/data` }, drop: async () => {} };
}
