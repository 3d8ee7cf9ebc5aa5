import { createHash } from 'node:crypto';
import { AGENCY, SERVICE, USER } from '../seed/demo-data';
import { codes, gql, ok, tokenFor, wholeAuditTrail } from './support/client';

/**
 * Messages on a referral (between the two agencies only, hidden from the receiver once the referral stops
 * disclosing, never in the audit log, redacted by the author's DPO) and forwarding a declined referral.
 * Every case and referral here is this file's own (IOM Niger -> the Agadez women's NGO); no demo record changes.
 */

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

let amina: string; // IOM Niger case manager (sender)
let oumarou: string; // IOM Niger data protection officer
let zeinabou: string; // Agadez women's NGO referral focal point (receiver)
let hadiza: string; // Agadez women's NGO data protection officer
let hiba: string; // Khartoum legal NGO case manager (third agency)
let khalid: string; // Khartoum legal NGO data protection officer (third agency)
let caseId: string;

const MESSAGE = `id referralId authorId authorAgencyId body postedAt redactedAt`;
const send = async (): Promise<string> => ok(await gql(`mutation($i: SendReferralInput!) { sendReferral(input: $i) { id } }`,
  { i: { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', reasons: 'Fictional: listening and case management' } }, amina)).sendReferral.id;
const post = (token: string, referralId: string, body: string, k?: string) =>
  gql(`mutation($r: ID!, $b: String!, $k: String) { postReferralMessage(referralId: $r, body: $b, idempotencyKey: $k) { ${MESSAGE} } }`, { r: referralId, b: body, k }, token);
const messages = (token: string, id: string) => gql(`query($id: ID!) { referral(id: $id) { id status messages { ${MESSAGE} } } }`, { id }, token);
const decline = (token: string, id: string, suggestedServiceId: string | null = null) =>
  gql(`mutation($i: DeclineReferralInput!) { declineReferral(input: $i) { id status suggestedService { id } } }`, { i: { id, reason: 'NO_CAPACITY', suggestedServiceId } }, token);
const forward = (token: string, id: string, serviceId: string, extra: Record<string, unknown> = {}) =>
  gql(`mutation($id: ID!, $s: ID!, $p: ReferralPriority, $r: String, $k: String) { forwardReferral(id: $id, serviceId: $s, priority: $p, reasons: $r, idempotencyKey: $k) {
    id status priority reasons disclosedFields forwardedFrom forwardedTo receivingAgency { id } service { id } } }`, { id, s: serviceId, ...extra }, token);

const trail = () => wholeAuditTrail(caseId, oumarou);

beforeAll(async () => {
  [amina, oumarou, zeinabou, hadiza, hiba, khalid] = await Promise.all([
    'amina.cm@iom-niger.example.org', 'oumarou.dpo@iom-niger.example.org', 'zeinabou.rfp@tenere-femmes.example.org', 'hadiza.dpo@tenere-femmes.example.org',
    'hiba.cm@nile-legal.example.org', 'khalid.dpo@nile-legal.example.org',
  ].map((e) => tokenFor(e)));
  caseId = ok(await gql(`mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`, { i: {
    person: { givenName: `Messagina${Date.now().toString(36)}`, familyName: 'Fictional', phone: '+227 90 00 33 44' },
    consent: { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', purposes: ['REGISTRATION', 'REFERRAL'], recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY', 'CONTACT'] },
  } }, amina)).registerCase.id;
});

describe('1. messages on a referral', () => {
  it('are read and written by the two agencies only; the audit records posts and reads, never the text', async () => {
    const id = await send();
    const first = 'Fictional: she prefers to be called after 17:00 on the Zinder number';
    const posted = ok(await post(amina, id, `  ${first}  `)).postReferralMessage;
    expect(posted).toMatchObject({ referralId: id, authorId: USER.IOM_NIGER_CASE_MANAGER, authorAgencyId: AGENCY.IOM_NIGER, body: first, redactedAt: null });
    const reply = ok(await post(zeinabou, id, 'Fictional: noted, the Tuesday group has a place')).postReferralMessage;

    for (const token of [amina, zeinabou, hadiza]) {
      expect(ok(await messages(token, id)).referral.messages.map((m: any) => [m.id, m.body])).toEqual([[posted.id, first], [reply.id, 'Fictional: noted, the Tuesday group has a place']]);
    }
    // a third agency neither reads nor writes them
    for (const token of [hiba, khalid]) {
      expect(codes(await messages(token, id))).toEqual(['NOT_FOUND']);
      expect(codes(await post(token, id, 'Fictional: hello'))).toEqual(['NOT_FOUND']);
    }
    // the sender's own lists show them too
    const sent = ok(await gql(`{ sentReferrals(first: 100) { edges { node { id messages { id } } } } }`, {}, amina)).sentReferrals.edges.find((e: any) => e.node.id === id);
    expect(sent.node.messages.map((m: any) => m.id)).toEqual([posted.id, reply.id]);

    const events = await trail();
    const postedEvents = events.filter((e: any) => e.action === 'referral.message_posted' && e.details.referralId === id);
    expect(postedEvents.map((e: any) => [e.details.messageId, e.details.bodySha256])).toEqual(expect.arrayContaining([[posted.id, sha256(first)], [reply.id, sha256('Fictional: noted, the Tuesday group has a place')]]));
    // each request that read them recorded their ids (the case's trail shows each read as case.disclosed)
    const reads = events.filter((e: any) => e.action === 'case.disclosed' && e.details.referralId === id && e.details.messageIds).map((e: any) => e.details);
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(reads[0].messageIds).toEqual([posted.id, reply.id].sort());
    // the sender's own reads are the owning agency's: in the trail, not in the disclosure report
    expect(reads.filter((r: any) => r.internal)).not.toHaveLength(0);
    expect(reads.filter((r: any) => !r.internal)).not.toHaveLength(0);
    expect(JSON.stringify(events)).not.toMatch(/Zinder|Tuesday/);
    const report = ok(await gql(`query($id: ID!) { disclosureReport(caseId: $id) { agencyId reads } }`, { id: caseId }, oumarou)).disclosureReport;
    expect(report.map((e: any) => e.agencyId)).not.toContain(AGENCY.IOM_NIGER);
  });

  it('refuses empty messages and messages over 10,000 characters with BAD_USER_INPUT', async () => {
    const id = await send();
    expect(codes(await post(amina, id, '   '))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await post(amina, id, 'x'.repeat(10_001)))).toEqual(['BAD_USER_INPUT']);
    expect(ok(await post(amina, id, 'x'.repeat(10_000))).postReferralMessage.body).toHaveLength(10_000);
  });

  it('posts once per idempotency key', async () => {
    const id = await send();
    const a = ok(await post(amina, id, 'Fictional: once', 'messages-once-' + id)).postReferralMessage;
    const b = ok(await post(amina, id, 'Fictional: once', 'messages-once-' + id)).postReferralMessage;
    expect(b.id).toBe(a.id);
    expect(ok(await messages(amina, id)).referral.messages).toHaveLength(1);
  });

  it('are hidden from the receiver after a decline (FORBIDDEN_FIELD), still shown to the sender; nobody posts any more', async () => {
    const id = await send();
    const m = ok(await post(amina, id, 'Fictional: she has two children with her')).postReferralMessage;
    expect(ok(await decline(zeinabou, id)).declineReferral.status).toBe('DECLINED');
    const seen = await messages(zeinabou, id);
    expect(seen.data?.referral).toMatchObject({ id, status: 'DECLINED', messages: null });
    expect(seen.errors?.map((e) => [e.extensions?.code, e.extensions?.reason, e.path?.join('.')])).toEqual([['FORBIDDEN_FIELD', 'REFERRAL_DECLINED', 'referral.messages']]);
    expect(JSON.stringify(seen)).not.toMatch(/children/);
    expect(ok(await messages(amina, id)).referral.messages.map((x: any) => x.id)).toEqual([m.id]);
    expect(codes(await post(zeinabou, id, 'Fictional: one more thing'))).toEqual(['CONFLICT']);
    expect(codes(await post(amina, id, 'Fictional: one more thing'))).toEqual(['CONFLICT']);
  });

  it('are hidden from the receiver after a cancellation', async () => {
    const id = await send();
    ok(await post(zeinabou, id, 'Fictional: we can see her on Monday'));
    ok(await gql(`mutation($id: ID!) { cancelReferral(id: $id, reason: "Fictional: she left Agadez") { id } }`, { id }, amina));
    const seen = await messages(zeinabou, id);
    expect(seen.data?.referral.messages).toBeNull();
    expect(seen.errors?.map((e) => e.extensions?.reason)).toEqual(['REFERRAL_CANCELLED']);
  });

  it('are redacted by a data protection officer of the author\'s agency only; the text is gone, the redaction recorded', async () => {
    const id = await send();
    const m = ok(await post(amina, id, 'Fictional: wrong person, ignore the phone number 90 11 22 33')).postReferralMessage;
    // the author's own case manager, the other agency's DPO and a third agency's DPO cannot
    expect(codes(await gql(`mutation($id: ID!) { redactReferralMessage(messageId: $id) { id } }`, { id: m.id }, amina))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(`mutation($id: ID!) { redactReferralMessage(messageId: $id) { id } }`, { id: m.id }, hadiza))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(`mutation($id: ID!) { redactReferralMessage(messageId: $id) { id } }`, { id: m.id }, khalid))).toEqual(['NOT_FOUND']);
    const redacted = ok(await gql(`mutation($id: ID!) { redactReferralMessage(messageId: $id) { ${MESSAGE} } }`, { id: m.id }, oumarou)).redactReferralMessage;
    expect(redacted).toMatchObject({ id: m.id, body: null, redactedAt: expect.any(String) });
    expect(ok(await messages(zeinabou, id)).referral.messages).toEqual([expect.objectContaining({ id: m.id, body: null })]);
    expect(codes(await gql(`mutation($id: ID!) { redactReferralMessage(messageId: $id) { id } }`, { id: m.id }, oumarou))).toEqual(['CONFLICT']);
    const events = (await trail()).filter((e: any) => e.action === 'referral.message_redacted');
    expect(events.map((e: any) => e.details)).toEqual(expect.arrayContaining([expect.objectContaining({ referralId: id, messageId: m.id })]));
  });
});

describe('2. forwarding and suggested services', () => {
  it('a receiver suggests an ACTIVE service when it declines; both agencies see it', async () => {
    const id = await send();
    expect(codes(await decline(zeinabou, id, '00000000-0000-4000-8000-000000000000'))).toEqual(['BAD_USER_INPUT']);
    expect(ok(await decline(zeinabou, id, SERVICE.AGADEZ_WOMEN_VOCATIONAL)).declineReferral.suggestedService).toEqual({ id: SERVICE.AGADEZ_WOMEN_VOCATIONAL });
    const read = ok(await gql(`query($id: ID!) { referral(id: $id) { suggestedService { id } } }`, { id }, amina)).referral;
    expect(read.suggestedService).toEqual({ id: SERVICE.AGADEZ_WOMEN_VOCATIONAL });
  });

  it('forwards a declined referral to a service the consent covers: a new referral linked to the first, its reasons carried over', async () => {
    const id = await send();
    expect(codes(await forward(amina, id, SERVICE.AGADEZ_WOMEN_VOCATIONAL))).toEqual(['CONFLICT']); // not declined yet
    ok(await decline(zeinabou, id, SERVICE.AGADEZ_WOMEN_VOCATIONAL));
    expect(codes(await forward(zeinabou, id, SERVICE.AGADEZ_WOMEN_VOCATIONAL))).toEqual(['FORBIDDEN']); // the receiver cannot
    expect(codes(await forward(hiba, id, SERVICE.AGADEZ_WOMEN_VOCATIONAL))).toEqual(['NOT_FOUND']);
    const first = ok(await gql(`query($id: ID!) { referral(id: $id) { disclosedFields } }`, { id }, amina)).referral;
    const fwd = ok(await forward(amina, id, SERVICE.AGADEZ_WOMEN_VOCATIONAL, { k: `forward-${id}` })).forwardReferral;
    expect(fwd).toMatchObject({ status: 'SENT', priority: 'NORMAL', reasons: 'Fictional: listening and case management', forwardedFrom: id, forwardedTo: null,
      disclosedFields: first.disclosedFields, service: { id: SERVICE.AGADEZ_WOMEN_VOCATIONAL }, receivingAgency: { id: AGENCY.AGADEZ_WOMEN } });
    // replayed with the same key: the same referral
    expect(ok(await forward(amina, id, SERVICE.AGADEZ_WOMEN_VOCATIONAL, { k: `forward-${id}` })).forwardReferral.id).toBe(fwd.id);
    expect(ok(await gql(`query($id: ID!) { referral(id: $id) { forwardedTo } }`, { id }, amina)).referral.forwardedTo).toBe(fwd.id);
    // the links are the sender's: the receiver does not see where a referral came from
    expect(ok(await gql(`query($id: ID!) { referral(id: $id) { forwardedFrom } }`, { id: fwd.id }, zeinabou)).referral.forwardedFrom).toBeNull();
    // once only
    expect(codes(await forward(amina, id, SERVICE.AGADEZ_WOMEN_LISTENING))).toEqual(['CONFLICT']);
    const events = (await trail()).filter((e: any) => e.action === 'referral.forwarded');
    expect(events.map((e: any) => e.details)).toEqual(expect.arrayContaining([expect.objectContaining({ referralId: id, newReferralId: fwd.id })]));
  });

  it('refuses to forward to an agency the consent does not cover, like sendReferral, and audits the refusal', async () => {
    const id = await send();
    ok(await decline(zeinabou, id));
    const refused = await forward(amina, id, SERVICE.AGADEZ_MOBILE_CLINIC, { r: 'Fictional: she needs a health check' });
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    expect((refused.errors![0].extensions!.reasons as any[]).map((r) => r.code)).toContain('NO_CONSENT');
    expect(ok(await gql(`query($id: ID!) { referral(id: $id) { forwardedTo } }`, { id }, amina)).referral.forwardedTo).toBeNull();
    const events = (await trail()).filter((e: any) => e.action === 'referral.refused' && e.details.forwardedFrom === id);
    expect(events).toHaveLength(1);
  });
});
