import fs from 'node:fs';
import type { TestRun } from './global-setup';
import { dropTestDatabase } from './test-database';

export default async function globalTeardown() {
  const run = (globalThis as any).__MRN__ as TestRun | undefined;
  if (!run) return;
  await run.server.stop('SIGTERM');
  if (run.databaseName && run.baseUrl) await dropTestDatabase(run.baseUrl, run.databaseName);
  if (!process.env.KEEP_TEST_DATA) fs.rmSync(run.workDir, { recursive: true, force: true });
}
