import { randomUUID } from 'node:crypto';
import { AGENCY, SERVICE } from '../seed/demo-data';
import { codes, gql, ok, tokenFor } from './support/client';

const SEND = `mutation($i: SendReferralInput!, $k: String) { sendReferral(input: $i, idempotencyKey: $k) { id status } }`;

describe('idempotency keys: a retry after a lost response creates nothing twice', () => {
  let cm: string;
  let fp: string;
  let caseId: string;
  beforeAll(async () => {
    cm = await tokenFor('amina.cm@iom-niger.example.org');
    fp = await tokenFor('zeinabou.rfp@tenere-femmes.example.org');
    caseId = ok(await gql(`mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`, { i: {
      person: { givenName: `Idem${Date.now()}`, familyName: 'Potent', sex: 'FEMALE' },
      consent: { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', purposes: ['REGISTRATION', 'REFERRAL'], recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY', 'DEMOGRAPHICS'] },
    } }, cm)).registerCase.id;
  });

  const referralsOfCase = async () => ok(await gql(`query($id: ID!) { case(id: $id) { referrals { id } } }`, { id: caseId }, cm)).case.referrals.map((r: any) => r.id);

  it('sends once for concurrent duplicates with one key, and returns the same referral to each', async () => {
    const key = randomUUID();
    const input = { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', reasons: 'idempotency test' };
    const before = await referralsOfCase();
    const results = await Promise.all(Array.from({ length: 5 }, () => gql(SEND, { i: input, k: key }, cm)));
    for (const r of results) expect(r.errors).toBeUndefined();
    const ids = new Set(results.map((r) => r.data.sendReferral.id));
    expect(ids.size).toBe(1);
    const after = await referralsOfCase();
    expect(after.length).toBe(before.length + 1);
    // a later retry too
    expect(ok(await gql(SEND, { i: input, k: key }, cm)).sendReferral.id).toBe([...ids][0]);
    // without a key each request is a new referral
    ok(await gql(SEND, { i: input }, cm));
    expect((await referralsOfCase()).length).toBe(before.length + 2);
  });

  it('refuses a key reused for a different request, and a malformed key', async () => {
    const key = randomUUID();
    ok(await gql(SEND, { i: { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', reasons: 'first' }, k: key }, cm));
    const reused = await gql(SEND, { i: { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'URGENT', reasons: 'second' }, k: key }, cm);
    expect(codes(reused)).toEqual(['CONFLICT']);
    expect(codes(await gql(SEND, { i: { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', reasons: 'x y z' }, k: 'short' }, cm))).toEqual(['BAD_USER_INPUT']);
  });

  it('applies a state transition once: a retried accept returns the accepted referral, not CONFLICT, and history has one accept', async () => {
    const id = ok(await gql(SEND, { i: { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'URGENT', reasons: 'transition test' } }, cm)).sendReferral.id;
    const key = randomUUID();
    const accept = `mutation($id: ID!, $k: String) { acceptReferral(id: $id, idempotencyKey: $k, note: "ok") { status history { toStatus } } }`;
    const results = await Promise.all([gql(accept, { id, k: key }, fp), gql(accept, { id, k: key }, fp)]);
    for (const r of results) expect(r.data?.acceptReferral.status).toBe('ACCEPTED');
    expect(results[0].data.acceptReferral.history.map((h: any) => h.toStatus)).toEqual(['SENT', 'ACCEPTED']);
    // without the key, a second accept is the invalid transition it is
    expect(codes(await gql(accept, { id }, fp))).toEqual(['CONFLICT']);
  });
});
