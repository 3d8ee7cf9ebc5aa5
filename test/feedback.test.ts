import { createHash, randomUUID } from 'node:crypto';
import { AGENCY, SERVICE, USER } from '../seed/demo-data';
import { codes, gql, ok, tokenFor, type GqlResult } from './support/client';

/**
 * The person's feedback on a referral: recorded by the referring case manager on the person's behalf, or by the
 * receiving agency's staff; the SERVICE_FEEDBACK dataset under suppression; complaints to the network admins,
 * anonymous ones never to the agency they are about. Every case and referral here is this file's own
 * (IOM Niger -> the Agadez women's NGO), and only this file records feedback, so the counts about the Agadez
 * women's NGO are the ones kept in `recorded`.
 */

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const FIELDS = 'id referralId serviceId receivingAgencyId side recordedBy recordedByAgencyId received satisfaction respectful wouldRecommend comment anonymous complaint recordedAt';
const THRESHOLD = 5;
const NOISE = 2;

let amina: string; // IOM Niger case manager (sender)
let moussa: string; // IOM Niger second case manager (sender)
let ibrahim: string; // IOM Niger referral focal point (sender side, not a case manager)
let fatimata: string; // IOM Niger agency admin
let oumarou: string; // IOM Niger data protection officer (reads the case's audit trail)
let zeinabou: string; // Agadez women's NGO referral focal point (receiver)
let rakia: string; // Agadez women's NGO case manager (receiver)
let mariama: string; // Agadez women's NGO agency admin (the agency the feedback is about)
let hadiza: string; // Agadez women's NGO data protection officer
let hiba: string; // Khartoum legal NGO case manager (unrelated)
let nadia: string; // network admin
let caseId: string;

interface Feedback { received: boolean; satisfaction: number; respectful: boolean; wouldRecommend: boolean; comment?: string | null; anonymous?: boolean; complaint?: boolean }
/** Every feedback this file recorded (all about the Agadez women's NGO). */
const recorded: Feedback[] = [];
const GOOD: Feedback = { received: true, satisfaction: 5, respectful: true, wouldRecommend: true };

const send = async (): Promise<string> => ok(await gql(`mutation($i: SendReferralInput!) { sendReferral(input: $i) { id status } }`,
  { i: { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', reasons: 'Fictional: listening and case management' } }, amina)).sendReferral.id;
const accept = async (id: string) => ok(await gql(`mutation($id: ID!) { acceptReferral(id: $id) { id } }`, { id }, zeinabou));
const complete = async (id: string) => ok(await gql(`mutation($i: CompleteReferralInput!) { completeReferral(input: $i) { id status } }`, { i: { id, outcome: 'SERVICE_PROVIDED' } }, zeinabou));
const cancel = async (id: string) => ok(await gql(`mutation($id: ID!) { cancelReferral(id: $id, reason: "Fictional: the person moved on") { id } }`, { id }, amina));
const completed = async () => {
  const id = await send();
  await accept(id);
  await complete(id);
  return id;
};

const record = (token: string, referralId: string, f: Feedback) =>
  gql(`mutation($i: RecordFeedbackInput!) { recordFeedback(input: $i) { ${FIELDS} } }`, { i: { referralId, comment: null, anonymous: false, complaint: false, ...f } }, token);
/** Records and keeps count; fails the test on any error. */
const recordOk = async (token: string, referralId: string, f: Feedback) => {
  const out = ok(await record(token, referralId, f)).recordFeedback;
  recorded.push(f);
  return out;
};
const complaints = (token: string) => gql(`query { feedbackComplaints(first: 200) { ${FIELDS} } }`, {}, token);
const aboutMine = (token: string) => gql(`query { feedbackAboutMyAgency(first: 200) { ${FIELDS} } }`, {}, token);

const STATS = `query($groupBy: [Dimension!]!, $filter: StatisticsFilter) {
  statistics(dataset: SERVICE_FEEDBACK, groupBy: $groupBy, filter: $filter) {
    unit threshold total totalSuppressed cells { key { dimension value } count suppressed suppression } } }`;

beforeAll(async () => {
  [amina, moussa, ibrahim, fatimata, oumarou, zeinabou, rakia, mariama, hadiza, hiba, nadia] = await Promise.all([
    'amina.cm@iom-niger.example.org', 'moussa.cm@iom-niger.example.org', 'ibrahim.rfp@iom-niger.example.org', 'fatimata.admin@iom-niger.example.org',
    'oumarou.dpo@iom-niger.example.org', 'zeinabou.rfp@tenere-femmes.example.org', 'rakia.cm@tenere-femmes.example.org', 'mariama.admin@tenere-femmes.example.org',
    'hadiza.dpo@tenere-femmes.example.org', 'hiba.cm@nile-legal.example.org', 'nadia.admin@referral-network.example.org',
  ].map((e) => tokenFor(e)));
  caseId = ok(await gql(`mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`, { i: {
    person: { givenName: `Feedbacka${Date.now().toString(36)}`, familyName: 'Fictional', phone: '+227 90 00 33 44' },
    consent: { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', purposes: ['REGISTRATION', 'REFERRAL'], recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY', 'CONTACT'] },
  } }, amina)).registerCase.id;
});

describe('1. recording feedback', () => {
  it('takes it from the sending case manager and from the receiving agency\'s staff, once per side', async () => {
    const id = await completed();
    const comment = 'Fictional: the counsellor in Agadez listened and helped';
    const mine = await recordOk(amina, id, { received: true, satisfaction: 4, respectful: true, wouldRecommend: true, comment: `  ${comment}  ` });
    expect(mine).toMatchObject({
      referralId: id, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, receivingAgencyId: AGENCY.AGADEZ_WOMEN, side: 'SENDER', recordedBy: USER.IOM_NIGER_CASE_MANAGER,
      recordedByAgencyId: AGENCY.IOM_NIGER, received: true, satisfaction: 4, respectful: true, wouldRecommend: true, comment, anonymous: false, complaint: false,
    });
    const theirs = await recordOk(rakia, id, { ...GOOD, comment: null });
    expect(theirs).toMatchObject({ referralId: id, side: 'RECEIVER', recordedBy: USER.AGADEZ_WOMEN_CASE_MANAGER, recordedByAgencyId: AGENCY.AGADEZ_WOMEN });

    // a second feedback of the same side, by the same person or a colleague
    expect(codes(await record(amina, id, GOOD))).toEqual(['CONFLICT']);
    expect(codes(await record(moussa, id, GOOD))).toEqual(['CONFLICT']);
    expect(codes(await record(zeinabou, id, GOOD))).toEqual(['CONFLICT']);

    // the comment is free text: the case's audit trail holds its hash only
    const trail = ok(await gql(`query($id: ID!) { caseAuditTrail(caseId: $id, first: 100) { edges { node { action details } } } }`, { id: caseId }, oumarou)).caseAuditTrail.edges.map((e: any) => e.node);
    const events = trail.filter((e: any) => e.action === 'feedback.recorded' && e.details.referralId === id);
    expect(events.map((e: any) => [e.details.side, e.details.feedbackId, e.details.commentSha256])).toEqual(expect.arrayContaining([
      ['SENDER', mine.id, sha256(comment)], ['RECEIVER', theirs.id, null],
    ]));
    expect(JSON.stringify(trail)).not.toContain('counsellor in Agadez');
  });

  it('takes it after a cancellation of an accepted referral (the receiving agency admin records it)', async () => {
    const id = await send();
    await accept(id);
    await cancel(id);
    expect(await recordOk(mariama, id, { received: false, satisfaction: 3, respectful: true, wouldRecommend: true })).toMatchObject({ side: 'RECEIVER', received: false });
  });

  it('refuses another agency (NOT_FOUND, as for an unknown referral), the wrong role (FORBIDDEN), the wrong state (CONFLICT) and a satisfaction out of 1-5 (BAD_USER_INPUT)', async () => {
    const done = await completed();
    const r = await record(hiba, done, GOOD);
    expect(codes(r)).toEqual(['NOT_FOUND']);
    expect(codes(await record(hiba, randomUUID(), GOOD))).toEqual(['NOT_FOUND']);
    expect(JSON.stringify(r)).not.toContain(caseId);
    // on the sending side only a case manager speaks for the person; the receiving DPO does not work referrals
    expect(codes(await record(ibrahim, done, GOOD))).toEqual(['FORBIDDEN']);
    expect(codes(await record(hadiza, done, GOOD))).toEqual(['FORBIDDEN']);

    for (const satisfaction of [0, 6]) {
      const bad = await record(amina, done, { ...GOOD, satisfaction });
      expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
      expect(bad.errors![0].message).toMatch(/satisfaction/);
    }

    const sent = await send();
    const conflict = await record(amina, sent, GOOD);
    expect(codes(conflict)).toEqual(['CONFLICT']);
    expect(conflict.errors![0].message).toMatch(/SENT.*COMPLETED/);
    await accept(sent);
    expect(codes(await record(zeinabou, sent, GOOD))).toEqual(['CONFLICT']);
    // cancelled before the receiver accepted it: the person got nothing to judge
    const early = await send();
    await cancel(early);
    expect(codes(await record(amina, early, GOOD))).toEqual(['CONFLICT']);
    // none of the refusals wrote anything: the side is still free
    await recordOk(amina, done, GOOD);
  });
});

describe('2. the SERVICE_FEEDBACK dataset', () => {
  const stats = async (token: string, groupBy: string[]) => ok(await gql(STATS, { groupBy, filter: null }, token)).statistics;
  const value = (c: any, d: string) => c.key.find((k: any) => k.dimension === d)?.value;

  it('is non-sensitive, counts feedback by agency and withholds small cells', async () => {
    const info = ok(await gql(`{ datasets { dataset dataClass dimensions } }`, {}, hiba)).datasets.find((d: any) => d.dataset === 'SERVICE_FEEDBACK');
    expect(info).toMatchObject({ dataClass: 'NON_SENSITIVE' });
    expect(info.dimensions).toEqual(expect.arrayContaining(['SERVICE_CATEGORY', 'AGENCY', 'REGION', 'MONTH', 'SATISFIED', 'WOULD_RECOMMEND']));

    // enough feedback about the Agadez women's NGO for a published cell, with one person who would not recommend it
    for (let i = 0; i < 3; i++) {
      const id = await completed();
      await recordOk(amina, id, { ...GOOD, comment: 'Fictional: secret-comment-for-statistics' });
    }
    const id = await completed();
    await recordOk(amina, id, { received: true, satisfaction: 2, respectful: true, wouldRecommend: false });
    const n = recorded.length;
    const notRecommend = recorded.filter((f) => !f.wouldRecommend).length;
    expect(n).toBeGreaterThanOrEqual(THRESHOLD + 1);
    expect(notRecommend).toBeLessThan(THRESHOLD);
    expect(notRecommend).toBeGreaterThan(0);

    // by agency: the Agadez women's NGO counts every feedback recorded here, moved by the noise at most
    const byAgency = await stats(hiba, ['AGENCY']);
    expect(byAgency).toMatchObject({ unit: 'feedback records', threshold: THRESHOLD });
    const agadez = byAgency.cells.find((c: any) => value(c, 'AGENCY') === AGENCY.AGADEZ_WOMEN);
    expect(agadez).toMatchObject({ suppressed: false });
    expect(Math.abs(agadez.count - n)).toBeLessThanOrEqual(NOISE);
    expect(agadez.count).toBeGreaterThanOrEqual(THRESHOLD);

    // by agency and whether the person would recommend it: the small NO cell is withheld, and so is its complement
    const byRecommend = await stats(hiba, ['AGENCY', 'WOULD_RECOMMEND']);
    const cell = (v: string) => byRecommend.cells.find((c: any) => value(c, 'AGENCY') === AGENCY.AGADEZ_WOMEN && value(c, 'WOULD_RECOMMEND') === v);
    expect(cell('NO')).toMatchObject({ count: null, suppressed: true, suppression: 'PRIMARY' });
    expect(cell('YES')).toMatchObject({ count: null, suppressed: true, suppression: 'COMPLEMENTARY' });
    // no comment ever appears in a statistic
    expect(JSON.stringify(byRecommend)).not.toContain('secret-comment');
  });
});

describe('3. complaints', () => {
  const ANON = 'Fictional: anonymous-complaint the guard at the centre shouted at me';
  const NAMED = 'Fictional: named-complaint the session was cancelled without notice';
  let anonId: string;
  let anonReferral: string;
  let namedId: string;
  let quietId: string;

  beforeAll(async () => {
    anonReferral = await completed();
    anonId = (await recordOk(amina, anonReferral, { received: true, satisfaction: 1, respectful: false, wouldRecommend: false, comment: ANON, anonymous: true, complaint: true })).id;
    const named = await completed();
    namedId = (await recordOk(amina, named, { received: false, satisfaction: 2, respectful: true, wouldRecommend: false, comment: NAMED, complaint: true })).id;
    // anonymous but no complaint: the agency never sees it either, except in statistics
    const quiet = await completed();
    quietId = (await recordOk(amina, quiet, { ...GOOD, comment: 'Fictional: anonymous-praise', anonymous: true })).id;
  });

  it('routes every complaint to the network admins\' queue, with its source', async () => {
    const queue = ok(await complaints(nadia)).feedbackComplaints;
    const byId = new Map(queue.map((f: any) => [f.id, f]));
    expect(byId.get(anonId)).toMatchObject({ complaint: true, anonymous: true, comment: ANON, referralId: anonReferral, recordedByAgencyId: AGENCY.IOM_NIGER, receivingAgencyId: AGENCY.AGADEZ_WOMEN });
    expect(byId.get(namedId)).toMatchObject({ complaint: true, anonymous: false, comment: NAMED });
    // feedback that is no complaint stays out of the queue
    expect(byId.has(quietId)).toBe(false);
    expect(queue.every((f: any) => f.complaint)).toBe(true);
  });

  it('keeps the queue from agency staff, the agency it is about included', async () => {
    for (const token of [mariama, zeinabou, rakia, fatimata, amina]) {
      const r: GqlResult = await complaints(token);
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(JSON.stringify(r)).not.toContain('anonymous-complaint');
    }
  });

  it('shows the agency it is about its non-anonymous feedback only: an anonymous complaint never reaches it', async () => {
    const mine = ok(await aboutMine(mariama)).feedbackAboutMyAgency;
    const ids = mine.map((f: any) => f.id);
    expect(ids).toContain(namedId);
    expect(ids).not.toContain(anonId);
    expect(ids).not.toContain(quietId);
    expect(mine.every((f: any) => !f.anonymous && f.receivingAgencyId === AGENCY.AGADEZ_WOMEN)).toBe(true);
    expect(mine.find((f: any) => f.id === namedId)).toMatchObject({ comment: NAMED, recordedByAgencyId: AGENCY.IOM_NIGER, complaint: true });
    const text = JSON.stringify(mine);
    expect(text).not.toContain('anonymous-complaint');
    expect(text).not.toContain('anonymous-praise');
    expect(text).not.toContain(anonReferral);

    // another agency's admin sees none of it; staff without the admin role are refused
    const theirs = ok(await aboutMine(fatimata)).feedbackAboutMyAgency;
    expect(theirs.map((f: any) => f.id)).not.toEqual(expect.arrayContaining([namedId]));
    expect(codes(await aboutMine(zeinabou))).toEqual(['FORBIDDEN']);
  });

  it('does not let the receiving agency reach an anonymous complaint through the referral it comes from', async () => {
    const r = await gql(`query($id: ID!) { referral(id: $id) { id status history { note reason } } }`, { id: anonReferral }, zeinabou);
    expect(ok(r).referral.id).toBe(anonReferral);
    expect(JSON.stringify(r)).not.toContain('anonymous-complaint');
  });
});
