import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { AGENCY, SERVICE } from '../../seed/demo-data';
import { startServer } from '../support/server';
import { baseEnv, freshDatabase, gqlAt, token } from './support';

/**
 * A burst of referral writes, the server killed with SIGKILL in the middle, then restarted: every
 * acknowledged referral is there with its history, none is half-written, the data opens cleanly.
 */
describe.each(['embedded', 'postgres'] as const)('crash safety on the %s database', (kind) => {
  it('keeps every acknowledged referral, whole, across a SIGKILL', async () => {
    const db = await freshDatabase(kind);
    const log = path.join(db.dir, 'server.log');
    let server = await startServer({ ...baseEnv, ...db.env }, log);
    try {
      const cm = await token('amina.cm@iom-niger.example.org');
      const registered = await gqlAt(server.url, cm, `mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`, { i: {
        person: { givenName: 'Crash', familyName: 'Test' },
        consent: { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', purposes: ['REGISTRATION', 'REFERRAL'], recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY'] },
      } });
      const caseId = registered.body.data.registerCase.id;
      const acknowledged: string[] = [];
      const send = async () => {
        try {
          const r = await gqlAt(server.url, cm, `mutation($i: SendReferralInput!, $k: String) { sendReferral(input: $i, idempotencyKey: $k) { id } }`,
            { i: { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', reasons: 'crash test' }, k: randomUUID() });
          if (r.body.data?.sendReferral?.id) acknowledged.push(r.body.data.sendReferral.id);
        } catch {
          /* the connection died with the server: not acknowledged */
        }
      };
      const burst: Promise<void>[] = [];
      const started = Date.now();
      while (acknowledged.length < 10 && Date.now() - started < 30_000) {
        for (let i = 0; i < 8; i++) burst.push(send());
        await new Promise((r) => setTimeout(r, 20));
      }
      server.process.kill('SIGKILL');
      await Promise.allSettled(burst);
      await server.stop();
      expect(acknowledged.length).toBeGreaterThanOrEqual(10);

      server = await startServer({ ...baseEnv, ...db.env }, log);
      const after = await gqlAt(server.url, cm, `query($id: ID!) { case(id: $id) { referrals { id status history { toStatus } } } }`, { id: caseId });
      const referrals: { id: string; status: string; history: { toStatus: string }[] }[] = after.body.data.case.referrals;
      const present = new Set(referrals.map((r) => r.id));
      expect(acknowledged.filter((id) => !present.has(id))).toEqual([]);
      for (const r of referrals) {
        expect(r.status).toBe('SENT');
        expect(r.history.map((h) => h.toStatus)).toEqual(['SENT']);
      }
      const audit = await gqlAt(server.url, await token('nadia.admin@referral-network.example.org'), `{ verifyAuditChain { intact } }`);
      expect(audit.body.data.verifyAuditChain.intact).toBe(true);
    } finally {
      await server.stop('SIGKILL');
      await db.drop();
    }
  }, 180_000);
});
