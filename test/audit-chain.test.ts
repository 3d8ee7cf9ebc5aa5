import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { signToken } from '../src/auth/jwt';
import { Role } from '../src/auth/roles';
import { AGENCY, SERVICE, USER } from '../seed/demo-data';
import { codes, gql, ok, tokenFor } from './support/client';
import { startServer } from './support/server';

const VERIFY = '{ verifyAuditChain { intact checked firstBrokenSeq problem } }';

/** Sets audit row `seq` to say something else, with the append-only trigger bypassed as only a database superuser could. */
async function tamper(query: (sql: string) => Promise<unknown>, seq: number) {
  await query(`SET session_replication_role = replica`);
  await query(`UPDATE audit_events SET action = 'tampered' WHERE seq = ${seq}`);
  await query(`SET session_replication_role = origin`);
}

describe('tamper-evident audit log', () => {
  it('chains every entry, and refuses UPDATE and DELETE at the database level', async () => {
    const admin = await tokenFor('nadia.admin@referral-network.example.org');
    ok(await gql(`mutation($id: ID!) { verifyService(id: $id, note: "audit chain test") { id } }`, { id: SERVICE.AGADEZ_TRANSIT_SHELTER }, admin));
    const report = ok(await gql(VERIFY, {}, admin)).verifyAuditChain;
    expect(report).toMatchObject({ intact: true, firstBrokenSeq: null });
    expect(report.checked).toBeGreaterThan(0);
    expect(codes(await gql(VERIFY, {}, await tokenFor('amina.cm@iom-niger.example.org')))).toEqual(['FORBIDDEN']);
    // a data protection officer learns whether the chain is intact, not how many events the whole network wrote
    const dpoReport = ok(await gql(VERIFY, {}, await tokenFor('oumarou.dpo@iom-niger.example.org'))).verifyAuditChain;
    expect(dpoReport).toEqual({ intact: true, checked: null, firstBrokenSeq: null, problem: null });

    const url = process.env.MRN_TEST_DATABASE_URL;
    if (!url) return; // on the embedded database the next test covers the same with a server of its own
    const db = new Client({ connectionString: url });
    await db.connect();
    try {
      await expect(db.query(`UPDATE audit_events SET action = 'x' WHERE seq = 1`)).rejects.toThrow(/append-only/);
      await expect(db.query(`DELETE FROM audit_events WHERE seq = 1`)).rejects.toThrow(/append-only/);
    } finally {
      await db.end();
    }
  });

  it('reports the first broken link after a row is edited directly in SQL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-audit-'));
    const secret = 'a'.repeat(48);
    const server = await startServer({ DATABASE_URL: undefined, DATA_DIR: path.join(dir, 'data'), JWT_SECRET: secret, SEED_DEMO_DATA: 'true' }, path.join(dir, 'server.log'));
    const admin = await signToken(secret, { sub: USER.NETWORK_ADMIN, agency: AGENCY.NETWORK_SECRETARIAT, roles: [Role.NETWORK_ADMIN] });
    const call = async (query: string, variables = {}) => {
      const r = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify({ query, variables }) });
      return ((await r.json()) as any).data;
    };
    try {
      for (let i = 0; i < 3; i++) await call(`mutation($id: ID!) { verifyService(id: $id) { id } }`, { id: SERVICE.AGADEZ_TRANSIT_SHELTER });
      expect((await call(VERIFY)).verifyAuditChain).toMatchObject({ intact: true, checked: 3 });
    } finally {
      await server.stop('SIGTERM');
    }
    // the server is stopped and its lock released: edit the row in the data folder directly
    const { PGlite } = await import('@electric-sql/pglite');
    const pglite = await PGlite.create(path.join(dir, 'data', 'pgdata'));
    await expect(pglite.query(`DELETE FROM audit_events WHERE seq = 2`)).rejects.toThrow(/append-only/);
    await tamper((sql) => pglite.exec(sql), 2);
    await pglite.close();

    const again = await startServer({ DATABASE_URL: undefined, DATA_DIR: path.join(dir, 'data'), JWT_SECRET: secret }, path.join(dir, 'server.log'));
    try {
      const r = await fetch(`${again.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body: JSON.stringify({ query: VERIFY }) });
      const report = ((await r.json()) as any).data.verifyAuditChain;
      expect(report).toMatchObject({ intact: false, firstBrokenSeq: '2', problem: 'its contents do not match its hash' });
    } finally {
      await again.stop('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
