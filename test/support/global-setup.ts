import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from './server';
import { createTestDatabase } from './test-database';

/**
 * One server for the whole run, on a database of its own: a fresh PGlite folder, or, when
 * DATABASE_URL is set, a fresh database created on that PostgreSQL server and dropped afterwards.
 */
export default async function globalSetup() {
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-test-'));
  const secret = randomBytes(32).toString('hex');
  const env: Record<string, string | undefined> = {
    NODE_ENV: 'test',
    JWT_SECRET: secret,
    JWKS_URL: undefined,
    JWT_ISSUER: undefined,
    JWT_AUDIENCE: undefined,
    SQL_STATEMENT_HEADER: 'true',
    SEED_DEMO_DATA: 'true',
    LOG_LEVEL: 'info',
    HOST: '127.0.0.1',
    // the suite's many requests share a handful of tokens; test/limits.test.ts tests the limit on servers of its own
    RATE_LIMIT_PER_MINUTE: '1000000',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000',
    REDIS_URL: undefined,
    // /metrics on the API port behind its token (test/observability.test.ts)
    METRICS_TOKEN: secret.slice(0, 40),
    METRICS_PORT: undefined,
    // the HSDS export needs a token here (test/hsds-export.test.ts starts a public one of its own)
    HSDS_PUBLIC: undefined,
    OTEL_TRACES_EXPORTER: undefined,
    OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
  };
  let databaseName: string | undefined;
  const baseUrl = process.env.DATABASE_URL;
  if (baseUrl) {
    const database = await createTestDatabase(baseUrl, 'mrn_test');
    databaseName = database.name;
    env.DATABASE_URL = database.url;
  } else {
    env.DATABASE_URL = undefined;
    env.DATA_DIR = path.join(workDir, 'data');
  }
  const server = await startServer(env, path.join(workDir, 'server.log'));
  (globalThis as any).__MRN__ = { server, workDir, databaseName, baseUrl } satisfies TestRun;
  process.env.MRN_TEST_URL = server.url;
  process.env.MRN_TEST_SECRET = secret;
  process.env.MRN_TEST_METRICS_TOKEN = env.METRICS_TOKEN;
  process.env.MRN_TEST_LOG = server.logFile;
  process.env.MRN_TEST_WORKDIR = workDir;
  process.env.MRN_TEST_DATABASE_URL = env.DATABASE_URL ?? '';
  process.env.MRN_TEST_DATA_DIR = env.DATA_DIR ?? '';
}

export interface TestRun {
  server: RunningServer;
  workDir: string;
  databaseName?: string;
  baseUrl?: string;
}
