import fs from 'node:fs';
import { Client } from 'pg';
import type { TestRun } from './global-setup';

export default async function globalTeardown() {
  const run = (globalThis as any).__MRN__ as TestRun | undefined;
  if (!run) return;
  await run.server.stop('SIGTERM');
  if (run.databaseName && run.baseUrl) {
    const admin = new Client({ connectionString: run.baseUrl });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${run.databaseName} WITH (FORCE)`);
    await admin.end();
  }
  if (!process.env.KEEP_TEST_DATA) fs.rmSync(run.workDir, { recursive: true, force: true });
}
