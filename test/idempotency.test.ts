import { randomUUID } from 'node:crypto';
import { AGENCY, SERVICE, USER } from '../seed/demo-data';
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
    const malformed = await gql(SEND, { i: { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', reasons: 'x y z' }, k: 'short' }, cm);
    expect(codes(malformed)).toEqual(['BAD_USER_INPUT']);
    expect(malformed.errors![0].message).toBe('idempotencyKey: must be 8 to 100 visible ASCII characters, e.g. a UUID');
    expect(malformed.errors![0].extensions?.field).toBe('idempotencyKey');
    // on every mutation that takes a key
    const accept = await gql(`mutation($id: ID!, $k: String) { acceptReferral(id: $id, idempotencyKey: $k) { id } }`, { id: randomUUID(), k: 'no spaces allowed' }, fp);
    expect(codes(accept)).toEqual(['BAD_USER_INPUT']);
    expect(accept.errors![0].extensions?.field).toBe('idempotencyKey');
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

  it('scopes a key to the subject, the agency and the operation: the same subject under another agency gets nothing of the first agency\'s referral', async () => {
    const key = randomUUID();
    const input = { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', reasons: 'scope test' };
    const first = ok(await gql(`mutation($i: SendReferralInput!, $k: String) { sendReferral(input: $i, idempotencyKey: $k) { id case { givenName } } }`, { i: input, k: key }, cm)).sendReferral;
    expect(first.case.givenName).toMatch(/^Idem/);
    // the same sub, now claiming another agency: the replay is a new request there, and that agency has no such case
    const aminaId = USER.IOM_NIGER_CASE_MANAGER;
    const elsewhere = await tokenFor({ sub: aminaId, agency: AGENCY.KHARTOUM_LEGAL_AID, roles: ['CASE_MANAGER' as any] });
    const replay = await gql(`mutation($i: SendReferralInput!, $k: String) { sendReferral(input: $i, idempotencyKey: $k) { id case { givenName phone } } }`, { i: input, k: key }, elsewhere);
    expect(replay.data?.sendReferral ?? null).toBeNull();
    expect(['NOT_FOUND', 'UNAUTHENTICATED']).toContain(codes(replay)[0]);
    expect(JSON.stringify(replay)).not.toContain(first.id);
    // the same key on another operation is its own request, not a CONFLICT with the send
    const accept = await gql(`mutation($id: ID!, $k: String) { acceptReferral(id: $id, idempotencyKey: $k) { status } }`, { id: first.id, k: key }, fp);
    expect(accept.data.acceptReferral.status).toBe('ACCEPTED');
  });

  it('re-reads a replayed transition under the caller\'s current rights', async () => {
    const id = ok(await gql(SEND, { i: { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'URGENT', reasons: 'replay rights' } }, cm)).sendReferral.id;
    const key = randomUUID();
    const decline = `mutation($id: ID!, $k: String) { declineReferral(input: { id: $id, reason: NO_CAPACITY }, idempotencyKey: $k) { status case { givenName } } }`;
    const first = await gql(decline, { id, k: key }, fp);
    expect(first.data.declineReferral.status).toBe('DECLINED');
    // the decline ended disclosure: the replay shows the state and no personal field
    const again = await gql(decline, { id, k: key }, fp);
    expect(again.data.declineReferral).toEqual({ status: 'DECLINED', case: { givenName: null } });
    expect(again.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN_FIELD', reason: 'REFERRAL_DECLINED' });
  });
});
