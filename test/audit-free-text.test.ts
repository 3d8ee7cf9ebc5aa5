import { createHash } from 'node:crypto';
import { AGENCY, SERVICE } from '../seed/demo-data';
import { codes, gql, ok, tokenFor } from './support/client';

/**
 * Free-text reasons and notes may hold personal details: they stay with the record they explain, where
 * the writing agency's DPO can correct or erase them, and the append-only audit log holds only a hash.
 */
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const HISTORY = `history { id toStatus reason note correctedAt }`;

describe('free text in the audit log', () => {
  let amina: string; let fp: string; let dpo: string; let womenDpo: string;
  let caseId: string;
  const send = async () => ok(await gql(`mutation($i: SendReferralInput!) { sendReferral(input: $i) { id } }`,
    { i: { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', reasons: 'Fictional: listening' } }, amina)).sendReferral.id as string;
  const trail = async () => ok(await gql(`query($id: ID!) { caseAuditTrail(caseId: $id, first: 100) { edges { node { action details } } } }`, { id: caseId }, dpo))
    .caseAuditTrail.edges.map((e: any) => e.node);

  beforeAll(async () => {
    [amina, fp, dpo, womenDpo] = await Promise.all(['amina.cm@iom-niger.example.org', 'zeinabou.rfp@tenere-femmes.example.org', 'oumarou.dpo@iom-niger.example.org', 'hadiza.dpo@tenere-femmes.example.org'].map((e) => tokenFor(e)));
    caseId = ok(await gql(`mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`, { i: {
      person: { givenName: 'Textina', familyName: 'Fictional' },
      consent: { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', purposes: ['REGISTRATION', 'REFERRAL'], recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY'] },
    } }, amina)).registerCase.id;
  });

  it('keeps a cancellation reason and a decline note with the referral, and only their hashes in the audit log', async () => {
    const cancelled = await send();
    const reason = 'Fictional: moved to Zinder with her aunt Maryam';
    ok(await gql(`mutation($id: ID!, $r: String!) { cancelReferral(id: $id, reason: $r) { status } }`, { id: cancelled, r: reason }, amina));
    const declined = await send();
    const note = 'Fictional: her cousin Binta called, she is safe';
    ok(await gql(`mutation($id: ID!, $n: String) { declineReferral(input: { id: $id, reason: OTHER, note: $n }) { status } }`, { id: declined, n: note }, fp));

    const events = await trail();
    const text = JSON.stringify(events);
    expect(text).not.toMatch(/Zinder|Maryam|Binta/);
    const cancel = events.find((e: any) => e.action === 'referral.cancelled' && e.details.referralId === cancelled);
    expect(cancel.details).toMatchObject({ reason: null, reasonSha256: sha256(reason), eventId: expect.stringMatching(/^\d+$/) });
    const decline = events.find((e: any) => e.action === 'referral.declined' && e.details.referralId === declined);
    expect(decline.details).toMatchObject({ reason: 'OTHER', noteSha256: sha256(note) });
    // the record itself holds the text
    const history = ok(await gql(`query($id: ID!) { referral(id: $id) { cancelReason ${HISTORY} } }`, { id: cancelled }, amina)).referral;
    expect(history.cancelReason).toBe(reason);
    expect(history.history.find((h: any) => h.toStatus === 'CANCELLED').reason).toBe(reason);
  });

  it('lets the writing agency\'s DPO correct or erase the text, records that it did, and no one else', async () => {
    const id = await send();
    ok(await gql(`mutation($id: ID!) { cancelReferral(id: $id, reason: "Fictional: staying with Ousmane in Arlit") { status } }`, { id }, amina));
    const eventId = ok(await gql(`query($id: ID!) { referral(id: $id) { ${HISTORY} } }`, { id }, amina)).referral.history.find((h: any) => h.toStatus === 'CANCELLED').id;
    const correct = `mutation($e: ID!, $r: String, $n: String) { correctReferralText(eventId: $e, reason: $r, note: $n) { cancelReason ${HISTORY} } }`;
    // the receiving agency's DPO did not write it, a case manager is not a DPO
    expect(codes(await gql(correct, { e: eventId, r: 'x' }, womenDpo))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(correct, { e: eventId, r: 'x' }, amina))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(correct, { e: '999999999', r: 'x' }, dpo))).toEqual(['NOT_FOUND']);
    const fixed = ok(await gql(correct, { e: eventId, r: 'Fictional: moved (details erased)' }, dpo)).correctReferralText;
    expect(fixed.cancelReason).toBe('Fictional: moved (details erased)');
    const step = fixed.history.find((h: any) => h.id === eventId);
    expect(step).toMatchObject({ reason: 'Fictional: moved (details erased)', correctedAt: expect.any(String) });
    const events = await trail();
    expect(JSON.stringify(events)).not.toMatch(/Ousmane|Arlit/);
    expect(events.some((e: any) => e.action === 'referral.text_corrected' && e.details.eventId === eventId)).toBe(true);
    // a coded reason cannot be rewritten as free text
    const sent = ok(await gql(`query($id: ID!) { referral(id: $id) { ${HISTORY} } }`, { id }, amina)).referral.history.find((h: any) => h.toStatus === 'SENT').id;
    expect(codes(await gql(correct, { e: sent, r: 'free text' }, dpo))).toEqual(['BAD_USER_INPUT']);
  });
});
