import { createHash, randomUUID } from 'node:crypto';
import { AGENCY, SERVICE, USER } from '../seed/demo-data';
import { DSA } from '../seed/agreements-data';
import { codes, gql, ok, tokenFor, wholeAuditTrail, type GqlResult } from './support/client';

/**
 * The case lifecycle: closeCase (coded reason, refused while a referral is open), reopenCase (only from
 * CLOSED) and transferCase to another agency (consent to CASE_COORDINATION naming it and an active agreement
 * covering the fields held, else FORBIDDEN with reasons and nothing changed). After a transfer the new agency
 * owns the case and the old one reads it only as a referral lets it. Every case here is this file's own
 * (registered by IOM Niger; transferred to the Agadez women's NGO under the demo agreement, which covers
 * CASE_COORDINATION); no demo record changes.
 */

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

let amina: string; // IOM Niger case manager: registers, and is assigned, every case here
let moussa: string; // IOM Niger case manager, not assigned
let aissata: string; // IOM Niger case supervisor
let ibrahim: string; // IOM Niger referral focal point
let fatimata: string; // IOM Niger agency admin
let oumarou: string; // IOM Niger data protection officer
let zeinabou: string; // Agadez women's NGO referral focal point
let rakia: string; // Agadez women's NGO case manager
let mariama: string; // Agadez women's NGO agency admin
let hadiza: string; // Agadez women's NGO data protection officer
let hiba: string; // Khartoum legal NGO case manager (unrelated)

const PERSON = { givenName: 'Lifecyclia', familyName: 'Fictional', dateOfBirth: '1993-05-06', phone: '+227 90 55 44 33', sex: 'FEMALE' };
/** The categories PERSON's fields fall in. */
const HELD = ['IDENTITY', 'CONTACT', 'DEMOGRAPHICS'];
const CASE = `id caseCode status closedAt closureReason assignedTo ownerAgency { id }
  lifecycleHistory { id kind reason note fromAgencyId toAgencyId consentId agreementIds actorId at fromAgency { id } toAgency { id } }`;
const EVENT = 'id caseId kind reason note fromAgencyId toAgencyId consentId agreementIds actorId at';

const consent = (purposes: string[], recipients: string[], categories: string[]) => ({
  decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', interpreterUsed: false, purposes, recipientAgencyIds: recipients, categories,
});

/** A new case of IOM Niger, assigned to Amina, with consent to registration and to referral to the Agadez women's NGO. */
async function register(extraPurposes: string[] = [], recipients: string[] = [AGENCY.AGADEZ_WOMEN], categories = HELD): Promise<string> {
  return ok(await gql(`mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`,
    { i: { person: PERSON, consent: consent(['REGISTRATION', 'REFERRAL', ...extraPurposes], recipients, categories) } }, amina)).registerCase.id;
}
const readCase = (token: string, id: string, fields = CASE) => gql(`query($id: ID!) { case(id: $id) { ${fields} } }`, { id }, token);
const close = (token: string, caseId: string, reason = 'SERVICES_COMPLETED', note: string | null = null, k?: string) =>
  gql(`mutation($i: CloseCaseInput!, $k: String) { closeCase(input: $i, idempotencyKey: $k) { ${CASE} } }`, { i: { caseId, reason, note }, k }, token);
const reopen = (token: string, caseId: string, reason = 'NEW_NEEDS', note: string | null = null, k?: string) =>
  gql(`mutation($i: ReopenCaseInput!, $k: String) { reopenCase(input: $i, idempotencyKey: $k) { ${CASE} } }`, { i: { caseId, reason, note }, k }, token);
const transfer = (token: string, caseId: string, toAgencyId = AGENCY.AGADEZ_WOMEN, reason = 'PERSON_MOVED', note: string | null = null, k?: string) =>
  gql(`mutation($i: TransferCaseInput!, $k: String) { transferCase(input: $i, idempotencyKey: $k) { ${EVENT} } }`, { i: { caseId, toAgencyId, reason, note }, k }, token);
const recordConsent = async (token: string, caseId: string, input: Record<string, unknown>) =>
  ok(await gql(`mutation($c: ID!, $i: ConsentInput!) { recordConsent(caseId: $c, input: $i) { id } }`, { c: caseId, i: input }, token)).recordConsent.id as string;
const send = async (caseId: string, serviceId = SERVICE.AGADEZ_WOMEN_LISTENING, token = amina, disclosedFields?: string[]) =>
  ok(await gql(`mutation($i: SendReferralInput!) { sendReferral(input: $i) { id status } }`,
    { i: { caseId, serviceId, priority: 'NORMAL', reasons: 'Fictional: listening and case management', disclosedFields } }, token)).sendReferral.id as string;
const mutateReferral = (token: string, mutation: string, id: string) => gql(`mutation($id: ID!) { ${mutation} { id status } }`, { id }, token);
const firstError = (r: GqlResult) => r.errors?.[0];

beforeAll(async () => {
  [amina, moussa, aissata, ibrahim, fatimata, oumarou, zeinabou, rakia, mariama, hadiza, hiba] = await Promise.all([
    'amina.cm@iom-niger.example.org', 'moussa.cm@iom-niger.example.org', 'aissata.sup@iom-niger.example.org', 'ibrahim.rfp@iom-niger.example.org',
    'fatimata.admin@iom-niger.example.org', 'oumarou.dpo@iom-niger.example.org', 'zeinabou.rfp@tenere-femmes.example.org', 'rakia.cm@tenere-femmes.example.org',
    'mariama.admin@tenere-femmes.example.org', 'hadiza.dpo@tenere-femmes.example.org', 'hiba.cm@nile-legal.example.org',
  ].map((e) => tokenFor(e)));
});

describe('closing and reopening a case', () => {
  it('closes with a coded reason, keeps the note with the case and out of the audit log, and reopens only from CLOSED', async () => {
    const id = await register();
    // wrong roles, wrong relation, another agency
    expect(codes(await close(ibrahim, id))).toEqual(['FORBIDDEN']);
    expect(codes(await close(fatimata, id))).toEqual(['FORBIDDEN']);
    const notAssigned = await close(moussa, id);
    expect(codes(notAssigned)).toEqual(['FORBIDDEN']);
    expect(firstError(notAssigned)!.message).toMatch(/case manager the case is assigned to.*CASE_SUPERVISOR/);
    expect(codes(await close(hiba, id))).toEqual(['NOT_FOUND']);
    expect(codes(await close(amina, randomUUID()))).toEqual(['NOT_FOUND']);
    // OTHER needs a note; reopening an OPEN case is a conflict
    expect(codes(await close(amina, id, 'OTHER'))).toEqual(['BAD_USER_INPUT']);
    const notClosed = await reopen(amina, id);
    expect(codes(notClosed)).toEqual(['CONFLICT']);
    expect(firstError(notClosed)!.message).toMatch(/OPEN: only a CLOSED case can be reopened/);
    expect(ok(await readCase(amina, id)).case).toMatchObject({ status: 'OPEN', closedAt: null, closureReason: null, lifecycleHistory: [] });

    const note = 'Fictional: moved to Zinder with her aunt Maryam';
    const key = randomUUID();
    const closed = ok(await close(amina, id, 'PERSON_MOVED_ON', note, key)).closeCase;
    expect(closed).toMatchObject({ status: 'CLOSED', closedAt: expect.any(String), closureReason: 'PERSON_MOVED_ON' });
    expect(closed.lifecycleHistory).toEqual([expect.objectContaining({
      kind: 'CLOSED', reason: 'PERSON_MOVED_ON', note, fromAgencyId: AGENCY.IOM_NIGER, toAgencyId: null, actorId: USER.IOM_NIGER_CASE_MANAGER, toAgency: null,
    })]);
    // a retry with the same key answers the first result; without a key, closing twice is a conflict
    const replay = ok(await close(amina, id, 'PERSON_MOVED_ON', note, key)).closeCase;
    expect(replay.lifecycleHistory).toHaveLength(1);
    expect(replay.closedAt).toBe(closed.closedAt);
    const twice = await close(amina, id);
    expect(codes(twice)).toEqual(['CONFLICT']);
    expect(firstError(twice)!.message).toMatch(/already CLOSED/);
    // a closed case refers no one
    const referral = await gql(`mutation($i: SendReferralInput!) { sendReferral(input: $i) { id } }`,
      { i: { caseId: id, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', reasons: 'Fictional: listening' } }, amina);
    expect(codes(referral)).toEqual(['CONFLICT']);
    // the closed case in the agency's list; its summary for colleagues, its reason for those who read its records
    const listed = ok(await gql(`query { cases(first: 100, filter: { status: CLOSED }) { edges { node { id } } } }`, {}, aissata)).cases.edges.map((e: any) => e.node.id);
    expect(listed).toContain(id);
    expect(ok(await readCase(moussa, id, 'status closedAt closureReason lifecycleHistory { id }')).case)
      .toEqual({ status: 'CLOSED', closedAt: closed.closedAt, closureReason: null, lifecycleHistory: null });

    // the supervisor reopens it
    expect(codes(await reopen(moussa, id))).toEqual(['FORBIDDEN']);
    const reopened = ok(await reopen(aissata, id, 'PERSON_RETURNED')).reopenCase;
    expect(reopened).toMatchObject({ status: 'OPEN', closedAt: null, closureReason: null });
    expect(reopened.lifecycleHistory.map((e: any) => [e.kind, e.reason, e.actorId])).toEqual([
      ['CLOSED', 'PERSON_MOVED_ON', USER.IOM_NIGER_CASE_MANAGER], ['REOPENED', 'PERSON_RETURNED', USER.IOM_NIGER_SUPERVISOR],
    ]);
    expect(codes(await reopen(aissata, id))).toEqual(['CONFLICT']);
    // the assigned case manager closes it again, and may reopen it herself
    ok(await close(amina, id, 'DECEASED'));
    ok(await reopen(amina, id, 'CLOSED_IN_ERROR'));

    const trail = await wholeAuditTrail(id, oumarou);
    expect(JSON.stringify(trail)).not.toMatch(/Zinder|Maryam/);
    const closings = trail.filter((e) => e.action === 'case.closed');
    expect(closings.map((e) => e.details.reason)).toEqual(['PERSON_MOVED_ON', 'DECEASED']);
    expect(closings[0].details).toEqual({ eventId: closed.lifecycleHistory[0].id, reason: 'PERSON_MOVED_ON', noteSha256: sha256(note) });
    expect(trail.filter((e) => e.action === 'case.reopened').map((e) => e.details.reason)).toEqual(['PERSON_RETURNED', 'CLOSED_IN_ERROR']);
  });

  it('refuses to close while a referral is open, saying how many and in which states', async () => {
    const id = await register();
    const first = await send(id);
    let refused = await close(amina, id);
    expect(codes(refused)).toEqual(['CONFLICT']);
    expect(firstError(refused)!.extensions).toMatchObject({ openReferrals: { SENT: 1 } });
    expect(firstError(refused)!.message).toMatch(/a referral of it is open \(1 SENT\).*cancel/);
    ok(await mutateReferral(zeinabou, 'acceptReferral(id: $id)', first));
    const second = await send(id);
    refused = await close(aissata, id);
    expect(firstError(refused)!.extensions).toMatchObject({ code: 'CONFLICT', openReferrals: { ACCEPTED: 1, SENT: 1 } });
    expect(firstError(refused)!.message).toMatch(/2 referrals of it are open \(1 ACCEPTED, 1 SENT\)/);
    ok(await mutateReferral(zeinabou, 'startReferral(id: $id)', first));
    ok(await gql(`mutation($id: ID!) { holdReferral(id: $id, reason: "Fictional: waiting for a place") { id } }`, { id: first }, zeinabou));
    expect(firstError(await close(amina, id))!.extensions).toMatchObject({ openReferrals: { ON_HOLD: 1, SENT: 1 } });
    // so is a transfer
    expect(codes(await transfer(amina, id))).toEqual(['CONFLICT']);
    ok(await gql(`mutation($id: ID!) { completeReferral(input: { id: $id, outcome: SERVICE_PROVIDED }) { id } }`, { id: first }, zeinabou));
    ok(await gql(`mutation($id: ID!) { cancelReferral(id: $id, reason: "Fictional: no longer needed") { id } }`, { id: second }, amina));
    expect(ok(await close(amina, id)).closeCase.status).toBe('CLOSED');
    const trail = await wholeAuditTrail(id, oumarou);
    expect(trail.filter((e) => e.action === 'case.closed')).toHaveLength(1);
  });

  it('lets one of two concurrent closes win; the other meets the closed case', async () => {
    const id = await register();
    const results = await Promise.all([close(amina, id, 'SERVICES_COMPLETED'), close(aissata, id, 'PERSON_MOVED_ON')]);
    expect(results.map((r) => (r.errors ? codes(r)[0] : 'OK')).sort()).toEqual(['CONFLICT', 'OK']);
    const read = ok(await readCase(amina, id)).case;
    expect(read.lifecycleHistory).toHaveLength(1);
    // the same key twice at once: one close, the same answer to both
    ok(await reopen(amina, id));
    const key = randomUUID();
    const same = await Promise.all([close(amina, id, 'SERVICES_COMPLETED', null, key), close(amina, id, 'SERVICES_COMPLETED', null, key)]);
    expect(same.map((r) => ok(r).closeCase.closedAt)).toEqual([same[0].data!.closeCase.closedAt, same[0].data!.closeCase.closedAt]);
    expect(ok(await readCase(amina, id)).case.lifecycleHistory.map((e: any) => e.kind)).toEqual(['CLOSED', 'REOPENED', 'CLOSED']);
  });
});

describe('transferring a case to another agency', () => {
  it('refuses without a consent to CASE_COORDINATION naming the agency and covering what the case holds: FORBIDDEN with reasons, nothing changed', async () => {
    const id = await register();
    const before = ok(await readCase(amina, id)).case;

    const noConsent = await transfer(amina, id);
    expect(codes(noConsent)).toEqual(['FORBIDDEN']);
    expect(firstError(noConsent)!.extensions!.reasons.map((r: any) => r.code)).toEqual(['NO_CONSENT']);
    expect(firstError(noConsent)!.message).toMatch(/no granted consent of the person to CASE_COORDINATION names that agency/);

    // a consent to coordination that leaves out what the case holds
    await recordConsent(amina, id, consent(['CASE_COORDINATION'], [AGENCY.AGADEZ_WOMEN], ['IDENTITY']));
    const narrow = await transfer(amina, id);
    expect(codes(narrow)).toEqual(['FORBIDDEN']);
    const reason = firstError(narrow)!.extensions!.reasons[0];
    expect(reason.code).toBe('CATEGORY_NOT_CONSENTED');
    expect(reason.fields.sort()).toEqual(['age', 'phone', 'sex']);

    // nothing written: same owner, same assignment, no lifecycle step; the refusals are audited with their codes
    const after = ok(await readCase(amina, id)).case;
    expect(after).toEqual(before);
    const trail = await wholeAuditTrail(id, oumarou);
    expect(trail.some((e) => e.action === 'case.transferred')).toBe(false);
    expect(trail.filter((e) => e.action === 'case.transfer_refused').map((e) => e.details)).toEqual([
      { toAgencyId: AGENCY.AGADEZ_WOMEN, reason: 'PERSON_MOVED', reasons: [{ code: 'NO_CONSENT', fields: [] }] },
      { toAgencyId: AGENCY.AGADEZ_WOMEN, reason: 'PERSON_MOVED', reasons: [{ code: 'CATEGORY_NOT_CONSENTED', fields: expect.arrayContaining(['phone', 'sex', 'age']) }] },
    ]);
    // the Agadez women's NGO never learns of it
    expect(codes(await readCase(rakia, id, 'id'))).toEqual(['NOT_FOUND']);
  });

  it('refuses without an active data-sharing agreement to the agency, naming the fields', async () => {
    const id = await register(['CASE_COORDINATION'], [AGENCY.AGADEZ_WOMEN, AGENCY.BAMAKO_CHILDREN, AGENCY.SAHEL_HEALTH]);
    const none = await transfer(amina, id, AGENCY.BAMAKO_CHILDREN, 'SPECIALISED_SUPPORT');
    expect(codes(none)).toEqual(['FORBIDDEN']);
    const reasons = firstError(none)!.extensions!.reasons;
    expect(reasons.map((r: any) => r.code)).toEqual(['NO_AGREEMENT']);
    expect(reasons[0].fields.sort()).toEqual(['age', 'dateOfBirth', 'familyName', 'givenName', 'phone', 'sex']);
    // an agreement signed by one party only is no agreement yet
    const unsigned = await transfer(amina, id, AGENCY.SAHEL_HEALTH, 'SPECIALISED_SUPPORT');
    expect(firstError(unsigned)!.extensions!.reasons.map((r: any) => r.code)).toContain('NOT_SIGNED');
    expect(ok(await readCase(amina, id)).case).toMatchObject({ ownerAgency: { id: AGENCY.IOM_NIGER }, assignedTo: USER.IOM_NIGER_CASE_MANAGER, lifecycleHistory: [] });
    // bad targets
    expect(codes(await transfer(amina, id, AGENCY.IOM_NIGER))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await transfer(amina, id, randomUUID()))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await transfer(amina, id, AGENCY.AGADEZ_WOMEN, 'OTHER'))).toEqual(['BAD_USER_INPUT']);
  });

  it('hands the case over: the new agency owns and works it, the old one reads it only through a referral', async () => {
    const id = await register();
    // a referral of the old agency, answered: a referral of its own stays with it as sender
    const oldReferral = await send(id);
    ok(await gql(`mutation($id: ID!) { declineReferral(input: { id: $id, reason: NO_CAPACITY }) { id } }`, { id: oldReferral }, zeinabou));
    const consentId = await recordConsent(amina, id, consent(['CASE_COORDINATION'], [AGENCY.AGADEZ_WOMEN], HELD));

    // who may not
    expect(codes(await transfer(moussa, id))).toEqual(['FORBIDDEN']);
    expect(codes(await transfer(ibrahim, id))).toEqual(['FORBIDDEN']);
    expect(codes(await transfer(hiba, id))).toEqual(['NOT_FOUND']);
    expect(codes(await transfer(rakia, id))).toEqual(['NOT_FOUND']);
    // a closed case is reopened before it moves
    ok(await close(amina, id));
    expect(firstError(await transfer(amina, id))!.message).toMatch(/CLOSED: reopen it/);
    ok(await reopen(amina, id));

    const note = 'Fictional: she now lives near the Agadez women\'s centre with her cousin Binta';
    const key = randomUUID();
    const moved = ok(await transfer(amina, id, AGENCY.AGADEZ_WOMEN, 'PERSON_MOVED', note, key)).transferCase;
    expect(moved).toMatchObject({
      caseId: id, kind: 'TRANSFERRED', reason: 'PERSON_MOVED', note, fromAgencyId: AGENCY.IOM_NIGER, toAgencyId: AGENCY.AGADEZ_WOMEN,
      consentId, agreementIds: [DSA.IOM_NIGER_TO_AGADEZ_WOMEN], actorId: USER.IOM_NIGER_CASE_MANAGER,
    });
    // a retry with the key answers the same transfer; another attempt meets a case that is no longer the agency's
    expect(ok(await transfer(amina, id, AGENCY.AGADEZ_WOMEN, 'PERSON_MOVED', note, key)).transferCase.id).toBe(moved.id);
    const again = await transfer(aissata, id);
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(firstError(again)!.message).toMatch(/transferred from your agency/);

    // the old agency: the case is gone from its lists and reads; its referral shows no personal field
    expect(codes(await readCase(amina, id, 'id'))).toEqual(['NOT_FOUND']);
    expect(codes(await readCase(aissata, id, 'id'))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(`mutation($i: UpdateCaseInput!) { updateCase(input: $i) { id } }`, { i: { id, person: { phone: '+227 90 00 00 01' } } }, amina))).toEqual(['NOT_FOUND']);
    expect(codes(await close(aissata, id))).toEqual(['CONFLICT']);
    expect(codes(await gql(`query($id: ID!) { caseAuditTrail(caseId: $id, first: 10) { totalCount } }`, { id }, oumarou))).toEqual(['NOT_FOUND']);
    const mine = ok(await gql(`query { cases(first: 100) { edges { node { id } } } }`, {}, aissata)).cases.edges.map((e: any) => e.node.id);
    expect(mine).not.toContain(id);
    const throughReferral = await gql(`query($id: ID!) { referral(id: $id) { status case { caseCode givenName phone } } }`, { id: oldReferral }, amina);
    expect(throughReferral.data!.referral.case).toMatchObject({ givenName: null, phone: null });
    expect(throughReferral.errors!.map((e) => [e.path!.at(-1), e.extensions!.code])).toEqual([['givenName', 'FORBIDDEN_FIELD'], ['phone', 'FORBIDDEN_FIELD']]);

    // the new agency: its case, unassigned; its staff read the summary until its admin assigns it
    const summary = await readCase(rakia, id, 'status ownerAgency { id } assignedTo givenName');
    expect(summary.data!.case).toMatchObject({ status: 'OPEN', ownerAgency: { id: AGENCY.AGADEZ_WOMEN }, assignedTo: null, givenName: null });
    expect(summary.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN_FIELD', reason: 'NEED_TO_KNOW' });
    ok(await gql(`mutation($c: ID!, $u: String) { assignCase(caseId: $c, caseManagerId: $u) { id } }`, { c: id, u: USER.AGADEZ_WOMEN_CASE_MANAGER }, mariama));
    const worked = ok(await readCase(rakia, id, `${CASE} givenName phone assignmentHistory { assignedTo assignedBy }`)).case;
    expect(worked).toMatchObject({ givenName: PERSON.givenName, phone: PERSON.phone, assignedTo: USER.AGADEZ_WOMEN_CASE_MANAGER, ownerAgency: { id: AGENCY.AGADEZ_WOMEN } });
    expect(worked.lifecycleHistory.map((e: any) => [e.kind, e.fromAgency.id, e.toAgency?.id ?? null])).toEqual([
      ['CLOSED', AGENCY.IOM_NIGER, null], ['REOPENED', AGENCY.IOM_NIGER, null], ['TRANSFERRED', AGENCY.IOM_NIGER, AGENCY.AGADEZ_WOMEN],
    ]);
    // the old agency's assignment ended with the transfer
    expect(worked.assignmentHistory.slice(-2)).toEqual([
      { assignedTo: null, assignedBy: USER.IOM_NIGER_CASE_MANAGER }, { assignedTo: USER.AGADEZ_WOMEN_CASE_MANAGER, assignedBy: USER.AGADEZ_WOMEN_ADMIN },
    ]);
    const updated = ok(await gql(`mutation($i: UpdateCaseInput!) { updateCase(input: $i) { phone } }`, { i: { id, person: { phone: '+227 90 66 77 88' } } }, rakia)).updateCase;
    expect(updated.phone).toBe('+227 90 66 77 88');

    // the new agency refers the person back to an IOM service: IOM reads what that referral discloses, no more
    await recordConsent(rakia, id, consent(['REFERRAL'], [AGENCY.IOM_NIGER], ['IDENTITY']));
    const back = await send(id, SERVICE.AGADEZ_TRANSIT_SHELTER, rakia, ['givenName']);
    const asReceiver = await gql(`query($id: ID!) { referral(id: $id) { case { givenName phone } } }`, { id: back }, ibrahim);
    expect(asReceiver.data!.referral.case).toEqual({ givenName: PERSON.givenName, phone: null });
    expect(asReceiver.errors!.map((e) => [e.path!.at(-1), e.extensions!.reason])).toEqual([['phone', 'NOT_DISCLOSED']]);

    // the new owner's DPO reads the whole trail, with the transfer (no free text) and the report of what went where
    const trail = await wholeAuditTrail(id, hadiza);
    expect(JSON.stringify(trail)).not.toMatch(/Binta/);
    const transferred = trail.filter((e) => e.action === 'case.transferred');
    expect(transferred).toHaveLength(1);
    expect(transferred[0].details).toMatchObject({
      eventId: moved.id, fromAgencyId: AGENCY.IOM_NIGER, toAgencyId: AGENCY.AGADEZ_WOMEN, reason: 'PERSON_MOVED', noteSha256: sha256(note), consentId,
      agreementIds: [DSA.IOM_NIGER_TO_AGADEZ_WOMEN], assignmentEnded: true,
    });
    expect(transferred[0].details.fields.sort()).toEqual(['age', 'dateOfBirth', 'familyName', 'givenName', 'phone', 'sex']);
    const report = ok(await gql(`query($id: ID!) { disclosureReport(caseId: $id) { agencyId fieldsSent transferredAt consentIds } }`, { id }, hadiza)).disclosureReport;
    expect(report.find((e: any) => e.agencyId === AGENCY.AGADEZ_WOMEN)).toMatchObject({ transferredAt: expect.any(String), consentIds: expect.arrayContaining([consentId]) });
    expect(report.find((e: any) => e.agencyId === AGENCY.AGADEZ_WOMEN).fieldsSent).toEqual(expect.arrayContaining(['phone', 'sex', 'dateOfBirth']));
  });

  it('lets one of two concurrent transfers win; an agency admin or DPO may transfer too', async () => {
    const id = await register(['CASE_COORDINATION']);
    const results = await Promise.all([transfer(fatimata, id), transfer(oumarou, id)]);
    expect(results.map((r) => (r.errors ? codes(r)[0] : 'OK')).sort()).toEqual(['CONFLICT', 'OK']);
    expect(ok(await readCase(hadiza, id, 'ownerAgency { id } lifecycleHistory { kind }')).case).toEqual({
      ownerAgency: { id: AGENCY.AGADEZ_WOMEN }, lifecycleHistory: [{ kind: 'TRANSFERRED' }],
    });
  });
});
