import fs from 'node:fs';
import path from 'node:path';
import { AGENCY, SERVICE } from '../../seed/demo-data';
import { startServer } from '../support/server';
import { baseEnv, freshDatabase, gqlAt, token } from './support';

const SOAK_SECONDS = Number(process.env.SOAK_SECONDS ?? 120);
const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) * 1024;

/** A bounded soak: minutes of mixed reads and writes; afterwards the server's memory comes back near where it started. */
describe('soak', () => {
  it(`keeps memory bounded over ${SOAK_SECONDS} s of mixed load`, async () => {
    const db = await freshDatabase('embedded');
    const server = await startServer({ ...baseEnv, ...db.env }, path.join(db.dir, 'server.log'));
    try {
      const cm = await token('amina.cm@iom-niger.example.org');
      const fp = await token('zeinabou.rfp@tenere-femmes.example.org');
      const sc = await token('abdoulaye.sc@referral-network.example.org');
      const caseId = (await gqlAt(server.url, cm, `mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`, { i: {
        person: { givenName: 'Soak', familyName: 'Test' },
        consent: { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', purposes: ['REGISTRATION', 'REFERRAL'], recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY'] },
      } })).body.data.registerCase.id;
      const mix = [
        () => gqlAt(server.url, cm, `{ services(first: 50, filter: { text: "shelter", countryCode: "NE" }) { totalCount edges { node { name agency { name } categories { code } locations { area { name } } } } } }`),
        () => gqlAt(server.url, fp, `{ referralInbox(first: 50) { edges { node { status case { caseCode givenName } } } } }`),
        () => gqlAt(server.url, cm, `mutation($i: SendReferralInput!) { sendReferral(input: $i) { id } }`, { i: { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', reasons: 'soak' } }),
        () => gqlAt(server.url, sc, `{ statistics(dataset: SERVICE_CAPACITY, groupBy: [COUNTRY]) { total } }`),
      ];
      const load = async (seconds: number) => {
        const end = Date.now() + seconds * 1000;
        let n = 0;
        await Promise.all(Array.from({ length: 4 }, async () => {
          while (Date.now() < end) {
            const r = await mix[n++ % mix.length]();
            expect(r.status).toBe(200);
          }
        }));
        return n;
      };
      await load(10); // warm up: caches, JIT, pools
      await new Promise((r) => setTimeout(r, 3000));
      const baseline = rssOf(server.process.pid!);
      const requests = await load(SOAK_SECONDS);
      await new Promise((r) => setTimeout(r, 10_000)); // idle: let the collector run
      const after = rssOf(server.process.pid!);
      console.log(`soak: ${requests} requests, RSS ${Math.round(baseline / 1e6)} MB before, ${Math.round(after / 1e6)} MB after`);
      expect(requests).toBeGreaterThan(100);
      expect(after).toBeLessThan(baseline * 1.5 + 50e6);
    } finally {
      await server.stop();
      await db.drop();
    }
  }, (SOAK_SECONDS + 120) * 1000);
});
