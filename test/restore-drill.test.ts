import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REFERRAL } from '../seed/cases-data';
import { gql, ok, tokenFor } from './support/client';
import { startServer, type RunningServer } from './support/server';
import { createTestDatabase, type TestDatabase } from './support/test-database';

const run = promisify(execFile);

/**
 * The README's backup and restore, performed: pg_dump of the suite's database, pg_restore into a fresh
 * database, a server started on it (migrations at start have nothing left to do), the audit chain intact,
 * a referral readable, and a new audited write that continues the chain. PostgreSQL only: the embedded
 * database is backed up by copying its folder while the server is stopped.
 */
const source = process.env.MRN_TEST_DATABASE_URL;
const drill = source ? describe : describe.skip;
const title = source ? 'restore drill: pg_dump, pg_restore into a fresh database, serve it' : 'restore drill — skipped: PGlite-only run (set DATABASE_URL to run it on PostgreSQL)';

drill(title, () => {
  let workDir: string;
  let restored: TestDatabase;
  let server: RunningServer;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-restore-'));
    // audited changes on the suite's server, so that the backup has a chain to check
    const admin = await tokenFor('fatimata.admin@iom-niger.example.org');
    for (const note of ['before the backup', 'before the backup, again']) {
      ok(await gql('mutation($note: String) { verifyService(id: "c0000000-0000-4000-8000-000000000001", note: $note) { id } }', { note }, admin));
    }
    const dump = path.join(workDir, 'mrn.dump');
    // the nightly backup of the README: custom format, no owners (restorable as another role)
    await run('pg_dump', ['--format=custom', '--no-owner', '--file', dump, '--dbname', source!]);
    expect(fs.statSync(dump).size).toBeGreaterThan(10_000);
    restored = await createTestDatabase(source!, 'mrn_restore');
    await run('pg_restore', ['--no-owner', '--exit-on-error', '--dbname', restored.url, dump]);
    server = await startServer({
      NODE_ENV: 'test',
      DATABASE_URL: restored.url,
      JWT_SECRET: process.env.MRN_TEST_SECRET,
      SEED_DEMO_DATA: 'false',
      WEBHOOK_WORKER_IN_SERVER: 'false',
      METRICS_TOKEN: undefined,
    }, path.join(workDir, 'server.log'));
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    await restored?.drop();
    if (!process.env.KEEP_TEST_DATA) fs.rmSync(workDir, { recursive: true, force: true });
  });

  const on = <T = any>(query: string, variables: Record<string, unknown>, token: string) => {
    const previous = process.env.MRN_TEST_URL;
    process.env.MRN_TEST_URL = server.url;
    try {
      return gql<T>(query, variables, token);
    } finally {
      process.env.MRN_TEST_URL = previous;
    }
  };

  it('applies no migration at start: the restored schema is current', async () => {
    // the server's output reaches its log file through a pipe
    let log = '';
    for (let i = 0; i < 100 && !log.includes('"msg":"server ready"'); i++) {
      log = fs.readFileSync(server.logFile, 'utf8');
      if (!log.includes('"msg":"server ready"')) await new Promise((r) => setTimeout(r, 50));
    }
    expect(log).toContain('"msg":"server ready"');
    expect(log).not.toContain('"msg":"migrations applied"');
  });

  it('keeps the audit chain intact and the referrals readable', async () => {
    const admin = await tokenFor('nadia.admin@referral-network.example.org');
    const chain = ok(await on('{ verifyAuditChain { intact checked firstBrokenSeq problem } }', {}, admin)).verifyAuditChain;
    expect(chain).toMatchObject({ intact: true, firstBrokenSeq: null, problem: null });
    expect(chain.checked).toBeGreaterThanOrEqual(2);

    const amina = await tokenFor('amina.cm@iom-niger.example.org');
    const referral = ok(await on('query($id: ID!) { referral(id: $id) { id status case { caseCode } } }', { id: REFERRAL.ACCEPTED }, amina)).referral;
    expect(referral.id).toBe(REFERRAL.ACCEPTED);
    expect(referral.case.caseCode).toMatch(/\S/);
  });

  it('continues the chain with new audited writes', async () => {
    const admin = await tokenFor('fatimata.admin@iom-niger.example.org');
    ok(await on('mutation { verifyService(id: "c0000000-0000-4000-8000-000000000001", note: "after the restore drill") { id } }', {}, admin));
    const network = await tokenFor('nadia.admin@referral-network.example.org');
    expect(ok(await on('{ verifyAuditChain { intact } }', {}, network)).verifyAuditChain.intact).toBe(true);
  });
});
