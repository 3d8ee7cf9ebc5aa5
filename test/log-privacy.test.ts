import fs from 'node:fs';
import { AGENCY, SERVICE } from '../seed/demo-data';
import { gql, ok, tokenFor } from './support/client';

/** Logs go to places personal data must not: a recognisable name sent through the API appears in no log line. */
describe('structured logs without personal data', () => {
  it('never writes a case\'s personal fields to the log, on success or on failure', async () => {
    const marker = `Zyxwvut${Date.now()}`;
    const cm = await tokenFor('amina.cm@iom-niger.example.org');
    const created = ok(await gql(`mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`, { i: {
      person: { givenName: marker, familyName: `${marker}son`, phone: '+227 91 23 45 67', healthInformation: `${marker} diagnosis` },
      consent: { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', purposes: ['REGISTRATION', 'REFERRAL'], recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY', 'CONTACT', 'HEALTH'] },
    } }, cm)).registerCase;
    ok(await gql(`mutation($i: SendReferralInput!) { sendReferral(input: $i) { id } }`, { i: { caseId: created.id, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'URGENT', reasons: `${marker} needs help` } }, cm));
    // a refused write and a malformed one
    await gql(`mutation($i: UpdateCaseInput!) { updateCase(input: $i) { id } }`, { i: { id: created.id, person: { dateOfBirth: '2999-01-01', givenName: marker } } }, cm);
    await gql(`mutation { registerCase(input: { person: { givenName: "${marker}" } }) { id } }`, {}, cm);
    const fp = await tokenFor('zeinabou.rfp@tenere-femmes.example.org');
    const inbox = await gql(`{ referralInbox(first: 100) { edges { node { case { givenName familyName phone } } } } }`, {}, fp);
    expect(JSON.stringify(inbox.data)).toContain(marker); // the receiver did read the name, so it went through the server

    await new Promise((r) => setTimeout(r, 300)); // let the server flush its log
    const log = fs.readFileSync(process.env.MRN_TEST_LOG!, 'utf8');
    const lines = log.split('\n').filter(Boolean);
    expect(lines.length).toBeGreaterThan(10);
    for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
    expect(lines.filter((l) => l.includes(marker) || l.includes('91 23 45 67'))).toEqual([]);
  });
});
