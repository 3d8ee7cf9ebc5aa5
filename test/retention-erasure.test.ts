import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AGENCY, SERVICE } from '../seed/demo-data';
import { tokenFor, type GqlResult } from './support/client';
import { ROOT, runServerToExit, startServer, type RunningServer } from './support/server';
import { createTestDatabase } from './support/test-database';

/**
 * Retention and erasure: each agency's retention policy, eraseCase by the owning agency's DPO, and the retention
 * sweep (npm run retention, its dry run, and the sweep inside the server) with its clock set forward by the
 * test-only RETENTION_NOW_OFFSET_DAYS. Everything runs on servers of this file, on a database of its own (the
 * sweep erases every case past its period, demo cases included, and statistics totals are compared exactly).
 */

async function freshPlace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-retention-'));
  const base = process.env.DATABASE_URL;
  if (!base) return { dir, env: { DATABASE_URL: undefined, DATA_DIR: path.join(dir, 'data') } as Record<string, string | undefined>, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  const database = await createTestDatabase(base, 'mrn_retention');
  return { dir, env: { DATABASE_URL: database.url } as Record<string, string | undefined>, drop: async () => { await database.drop(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

const baseEnv = () => ({
  NODE_ENV: 'test', JWT_SECRET: process.env.MRN_TEST_SECRET, SEED_DEMO_DATA: 'true', LOG_LEVEL: 'info',
  RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000', REDIS_URL: undefined, WEBHOOK_WORKER_IN_SERVER: 'false',
  JWKS_URL: undefined, JWT_ISSUER: undefined, JWT_AUDIENCE: undefined, RETENTION_NOW_OFFSET_DAYS: undefined,
});

let place: Awaited<ReturnType<typeof freshPlace>>;
let server: RunningServer;

async function gqlAt(query: string, variables: Record<string, unknown>, token: string): Promise<GqlResult> {
  const r = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await r.json()) as any;
  return { status: r.status, data: body.data ?? null, errors: body.errors, statements: NaN, headers: r.headers };
}
const ok = async (query: string, variables: Record<string, unknown>, token: string) => {
  const r = await gqlAt(query, variables, token);
  if (r.errors?.length || !r.data) throw new Error(`request failed: ${JSON.stringify(r.errors)}`);
  return r.data;
};
const codes = (r: GqlResult) => (r.errors ?? []).map((e) => e.extensions?.code);
/** field -> reason of each FORBIDDEN_FIELD error, by the last element of its path. */
const refusedFields = (r: GqlResult) => Object.fromEntries((r.errors ?? []).filter((e) => e.extensions?.code === 'FORBIDDEN_FIELD').map((e) => [e.path!.join('.'), e.extensions!.reason]));

/** `npm run retention` (built), against this file's database, with `offsetDays` of clock. */
function retentionCli(args: string[], offsetDays: number, extraEnv: Record<string, string | undefined> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...baseEnv(), ...place.env, RETENTION_NOW_OFFSET_DAYS: String(offsetDays), LOG_LEVEL: undefined, ...extraEnv })) if (v !== undefined) env[k] = v;
  delete env.NODE_OPTIONS;
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(ROOT, 'dist', 'src', 'cli', 'retention.js'), ...args], { cwd: ROOT, env, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
/** Every value here is personal: none may be found anywhere after the erasure. */
const MARK = `Zqx${run}`;
const PERSON = {
  givenName: `Erasina${MARK}`, familyName: `Fictional${MARK}`, otherNames: `Era${MARK}`, dateOfBirth: '1991-03-04', dateOfBirthEstimated: true,
  photoReference: `photo-${MARK}`, phone: '+227 90 12 34 56', address: `Quartier ${MARK}, Agadez`, emergencyContact: `Aunt ${MARK}, +227 90 00 00 01`,
  safeContact: { method: 'THROUGH_INTERMEDIARY', intermediary: `Cousin ${MARK}`, codeWord: `mango${MARK}` }, sex: 'FEMALE', gender: `woman ${MARK}`,
  nationality: 'ML', languages: ['fr', 'ha'], literacy: `reads ${MARK}`, identityDocumentNumber: `ID-${MARK}`, travelDocumentNumber: `P-${MARK}`,
  migrationPhase: 'IN_TRANSIT', route: `Gao - ${MARK} - Agadez`, transitDetails: `Truck ${MARK}`, reasonsForMigrating: `Work ${MARK}`,
  vulnerabilities: ['GBV_SURVIVORS'], protectionConcerns: `Fictional threat ${MARK}`, healthInformation: `Fictional health ${MARK}`, disability: `Fictional ${MARK}`,
  assessmentSummary: `Assessment ${MARK}`, servicesReceived: `Services ${MARK}`,
};
const PERSONAL_FIELDS = `givenName familyName otherNames dateOfBirth dateOfBirthEstimated photoReference phone address emergencyContact
  safeContact { method intermediary codeWord } sex gender age ageBand nationality languages literacy identityDocumentNumber travelDocumentNumber
  migrationPhase route transitDetails reasonsForMigrating vulnerabilities protectionConcerns healthInformation disability assessmentSummary servicesReceived`;
const PERSONAL_NAMES = PERSONAL_FIELDS.replace(/\{[^}]*\}/g, '').split(/\s+/).filter(Boolean);
const CASE_AFTER = `id caseCode status closedAt closureReason erasedAt erasureReason erasedBy ${PERSONAL_FIELDS}
  consents { id purposes categories recipientAgencyIds decision givenBy guardianName evidenceReference withdrawnAt withdrawalReason }
  lifecycleHistory { kind reason note }
  referrals { id status outcome erasedAt reasons cancelReason history { toStatus reason note } messages { body redactedAt } }`;
const consent = (purposes: string[], extra: Record<string, unknown> = {}) => ({
  decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', purposes, recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY', 'CONTACT'], ...extra,
});

let amina: string; // IOM Niger case manager
let aissata: string; // IOM Niger case supervisor
let oumarou: string; // IOM Niger data protection officer
let fatimata: string; // IOM Niger agency admin
let zeinabou: string; // Agadez women's NGO focal point (receiver)
let mariama: string; // Agadez women's NGO agency admin
let hadiza: string; // Agadez women's NGO data protection officer
let nadia: string; // network admin

const registerCase = async (person: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
  (await ok(`mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id caseCode } }`, { i: { person, consent: consent(['REGISTRATION', 'REFERRAL'], extra) } }, amina)).registerCase as { id: string; caseCode: string };
const sendReferral = async (caseId: string, reasons: string) => (await ok(`mutation($i: SendReferralInput!) { sendReferral(input: $i) { id } }`,
  { i: { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', reasons, disclosedFields: ['givenName', 'phone'] } }, amina)).sendReferral.id as string;
const closeCase = (caseId: string, reason = 'SERVICES_COMPLETED', note: string | null = null) =>
  ok(`mutation($i: CloseCaseInput!) { closeCase(input: $i) { status closedAt } }`, { i: { caseId, reason, note } }, aissata);
const erase = (token: string, caseId: string, reason = 'PERSON_REQUESTED') =>
  gqlAt(`mutation($id: ID!, $r: CaseErasureReason!) { eraseCase(caseId: $id, reason: $r) { id caseCode status erasedAt erasureReason erasedBy } }`, { id: caseId, r: reason }, token);
const setPolicy = (token: string, input: Record<string, unknown>) =>
  gqlAt(`mutation($i: RetentionPolicyInput!) { setRetentionPolicy(input: $i) { agencyId closedDays inactiveOpenDays updatedBy updatedAt casesDue } }`, { i: input }, token);
const STATS = `{ statistics(dataset: REFERRAL_FLOWS, groupBy: [STATUS]) { total totalSuppressed cells { key { value } count suppressed } } }`;
const trailOf = async (caseId: string) => (await ok(`query($id: ID!) { caseAuditTrail(caseId: $id, first: 100) { edges { node { action actorId details } } } }`, { id: caseId }, oumarou))
  .caseAuditTrail.edges.map((e: any) => e.node);

beforeAll(async () => {
  [amina, aissata, oumarou, fatimata, zeinabou, mariama, hadiza, nadia] = await Promise.all([
    'amina.cm@iom-niger.example.org', 'aissata.sup@iom-niger.example.org', 'oumarou.dpo@iom-niger.example.org', 'fatimata.admin@iom-niger.example.org',
    'zeinabou.rfp@tenere-femmes.example.org', 'mariama.admin@tenere-femmes.example.org', 'hadiza.dpo@tenere-femmes.example.org', 'nadia.admin@referral-network.example.org',
  ].map((e) => tokenFor(e)));
  place = await freshPlace();
  server = await startServer({ ...baseEnv(), ...place.env }, path.join(place.dir, 'server-a.log'));
}, 180_000);
afterAll(async () => {
  await server?.stop();
  await place?.drop();
});

describe('retention policy', () => {
  it('is set by the agency admin or DPO for their own agency, with periods of 30 days or more; null keeps the cases', async () => {
    const fresh = await ok(`{ retentionPolicy { agencyId closedDays inactiveOpenDays updatedBy updatedAt casesDue } }`, {}, oumarou);
    expect(fresh.retentionPolicy).toEqual({ agencyId: AGENCY.IOM_NIGER, closedDays: null, inactiveOpenDays: null, updatedBy: null, updatedAt: null, casesDue: 0 });

    expect(codes(await setPolicy(amina, { closedDays: 365 }))).toEqual(['FORBIDDEN']);
    expect(codes(await gqlAt(`{ retentionPolicy { closedDays } }`, {}, aissata))).toEqual(['FORBIDDEN']);
    const tooShort = await setPolicy(fatimata, { closedDays: 7 });
    expect(codes(tooShort)).toEqual(['BAD_USER_INPUT']);
    expect(tooShort.errors![0].message).toMatch(/30 to 36500 days/);

    const set = (await setPolicy(fatimata, { closedDays: 365, inactiveOpenDays: 730 })).data!.setRetentionPolicy;
    expect(set).toMatchObject({ agencyId: AGENCY.IOM_NIGER, closedDays: 365, inactiveOpenDays: 730, updatedBy: expect.any(String), updatedAt: expect.any(String) });
    // another agency's DPO sets her own agency's policy, never IOM Niger's
    expect((await setPolicy(hadiza, { closedDays: 3650 })).data!.setRetentionPolicy).toMatchObject({ agencyId: AGENCY.AGADEZ_WOMEN, closedDays: 3650, inactiveOpenDays: null });
    expect((await ok(`{ retentionPolicy { closedDays inactiveOpenDays } }`, {}, oumarou)).retentionPolicy).toEqual({ closedDays: 365, inactiveOpenDays: 730 });
    // both periods are set together: what is left out is kept
    expect((await setPolicy(oumarou, { closedDays: 30 })).data!.setRetentionPolicy).toMatchObject({ closedDays: 30, inactiveOpenDays: null });
  });
});

describe('eraseCase', () => {
  let c: { id: string; caseCode: string };
  let completed: string; let cancelled: string;
  let statsBefore: any;

  beforeAll(async () => {
    c = await registerCase(PERSON, { evidenceReference: `Cabinet 3, form of ${MARK}` });
    // a second consent given by a guardian, then withdrawn with a reason in the person's words
    const second = (await ok(`mutation($c: ID!, $i: ConsentInput!) { recordConsent(caseId: $c, input: $i) { id } }`,
      { c: c.id, i: consent(['FAMILY_TRACING'], { givenBy: 'GUARDIAN', guardianName: `Uncle ${MARK}` }) }, amina)).recordConsent.id;
    await ok(`mutation($id: ID!, $r: String!) { withdrawConsent(consentId: $id, reason: $r) { id } }`, { id: second, r: `She said ${MARK}` }, amina);
    // a referral worked to the end, with messages both ways and the person's feedback
    completed = await sendReferral(c.id, `Fictional: listening for ${MARK}`);
    await ok(`mutation($id: ID!, $n: String) { acceptReferral(id: $id, note: $n) { id } }`, { id: completed, n: `Accepted, call ${MARK}` }, zeinabou);
    await ok(`mutation($id: ID!, $b: String!) { postReferralMessage(referralId: $id, body: $b) { id } }`, { id: completed, b: `She arrives Monday ${MARK}` }, amina);
    await ok(`mutation($id: ID!, $b: String!) { postReferralMessage(referralId: $id, body: $b) { id } }`, { id: completed, b: `Seen her ${MARK}` }, zeinabou);
    await ok(`mutation($i: CompleteReferralInput!) { completeReferral(input: $i) { id } }`, { i: { id: completed, outcome: 'SERVICE_PROVIDED', note: `Done ${MARK}` } }, zeinabou);
    await ok(`mutation($i: RecordFeedbackInput!) { recordFeedback(input: $i) { id } }`,
      { i: { referralId: completed, received: true, satisfaction: 4, respectful: true, wouldRecommend: true, comment: `Kind staff ${MARK}`, anonymous: false, complaint: false } }, amina);
    // a referral cancelled with a free-text reason
    cancelled = await sendReferral(c.id, `Fictional: second try ${MARK}`);
    await ok(`mutation($id: ID!, $r: String!) { cancelReferral(id: $id, reason: $r) { id } }`, { id: cancelled, r: `Moved to ${MARK}` }, amina);
    statsBefore = (await ok(STATS, {}, nadia)).statistics;
  }, 120_000);

  it('is refused to other roles and agencies, and while the case is OPEN', async () => {
    expect(codes(await erase(amina, c.id))).toEqual(['FORBIDDEN']);
    expect(codes(await erase(fatimata, c.id))).toEqual(['FORBIDDEN']);
    expect(codes(await erase(hadiza, c.id))).toEqual(['NOT_FOUND']);
    const open = await erase(oumarou, c.id);
    expect(codes(open)).toEqual(['CONFLICT']);
    expect(open.errors![0].message).toMatch(/OPEN.*closeCase/);
  });

  it('erases every personal field, free text and message tied to the case, once, and audits it without a value', async () => {
    await closeCase(c.id, 'OTHER', `Went to her aunt ${MARK}`);
    // the receiver reads what the referral disclosed, before
    const before = await ok(`query($id: ID!) { referral(id: $id) { case { givenName phone } } }`, { id: completed }, zeinabou);
    expect(before.referral.case).toEqual({ givenName: PERSON.givenName, phone: PERSON.phone });

    const erased = (await erase(oumarou, c.id)).data!.eraseCase;
    expect(erased).toMatchObject({ id: c.id, caseCode: c.caseCode, status: 'CLOSED', erasedAt: expect.any(String), erasureReason: 'PERSON_REQUESTED', erasedBy: expect.any(String) });
    // erasing twice answers the existing erasure, unchanged
    const again = await erase(oumarou, c.id, 'NO_LONGER_NEEDED');
    expect(codes(again)).toEqual([]);
    expect(again.data!.eraseCase).toEqual(erased);

    const trail = await trailOf(c.id);
    const events = trail.filter((e: any) => e.action === 'case.erased');
    expect(events).toHaveLength(1);
    expect(events[0].details).toMatchObject({ reason: 'PERSON_REQUESTED', consents: 2, lifecycleNotes: 1, referrals: 2, messages: 2, feedbackComments: 1 });
    expect(events[0].details.fields).toEqual(expect.arrayContaining(['givenName', 'safeContact', 'dateOfBirthEstimated', 'healthInformation']));
    expect(JSON.stringify(trail)).not.toContain(MARK);
  });

  it('leaves every reader, the owner too, the personal fields as null with reason ERASED, and the skeleton as it was', async () => {
    const r = await gqlAt(`query($id: ID!) { case(id: $id) { ${CASE_AFTER} } }`, { id: c.id }, oumarou);
    const got = r.data!.case;
    expect(JSON.stringify(got)).not.toContain(MARK);
    for (const f of PERSONAL_NAMES) expect([f, got[f]]).toEqual([f, null]);
    const refused = Object.entries(refusedFields(r));
    expect(Object.fromEntries(refused.filter(([p]) => !p.startsWith('case.referrals')))).toEqual(Object.fromEntries(PERSONAL_NAMES.map((f) => [`case.${f}`, 'ERASED'])));
    expect(r.errors!.find((e) => e.path!.join('.') === 'case.givenName')!.message).toMatch(/erased/);
    expect(got).toMatchObject({ caseCode: c.caseCode, status: 'CLOSED', closedAt: expect.any(String), closureReason: 'OTHER', erasureReason: 'PERSON_REQUESTED' });
    // consents keep their structure, lose their free text
    expect(got.consents).toHaveLength(2);
    for (const k of got.consents) expect(k).toMatchObject({ guardianName: null, evidenceReference: null, withdrawalReason: null, recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY', 'CONTACT'] });
    expect(got.consents.map((k: any) => k.givenBy).sort()).toEqual(['GUARDIAN', 'PERSON']);
    expect(got.consents.filter((k: any) => k.withdrawnAt)).toHaveLength(1);
    expect(got.lifecycleHistory).toEqual([{ kind: 'CLOSED', reason: 'OTHER', note: null }]);
    // the referral skeleton stays: status, outcome, history steps; texts are gone
    const byId = new Map(got.referrals.map((x: any) => [x.id, x]));
    expect(byId.get(completed)).toMatchObject({ status: 'COMPLETED', outcome: 'SERVICE_PROVIDED', erasedAt: expect.any(String), reasons: null });
    const history = (byId.get(completed) as any).history;
    expect(history.map((h: any) => h.toStatus)).toEqual(expect.arrayContaining(['SENT', 'ACCEPTED', 'COMPLETED']));
    for (const h of history) expect(h.note).toBeNull();
    expect((byId.get(completed) as any).messages).toEqual([{ body: null, redactedAt: expect.any(String) }, { body: null, redactedAt: expect.any(String) }]);
    expect(byId.get(cancelled)).toMatchObject({ status: 'CANCELLED', cancelReason: null });
    expect((byId.get(cancelled) as any).history.find((h: any) => h.toStatus === 'CANCELLED').reason).toBeNull();
    // the referrals' free text says why it is null: reasons of both, the cancellation's reason
    expect(refused.filter(([p]) => p.startsWith('case.referrals')).map(([p, why]) => `${p.replace(/\.\d+\./, '.')}:${why}`).sort())
      .toEqual(['case.referrals.cancelReason:ERASED', 'case.referrals.reasons:ERASED', 'case.referrals.reasons:ERASED']);

    // the receiver: the case through its referral, the referral's reasons and messages, all ERASED
    const asReceiver = await gqlAt(`query($id: ID!) { referral(id: $id) { status outcome erasedAt reasons messages { body } case { caseCode erasedAt givenName phone safeContact { method } } } }`,
      { id: completed }, zeinabou);
    expect(asReceiver.data!.referral).toMatchObject({ status: 'COMPLETED', outcome: 'SERVICE_PROVIDED', reasons: null, messages: null,
      case: { caseCode: c.caseCode, erasedAt: expect.any(String), givenName: null, phone: null, safeContact: null } });
    expect(refusedFields(asReceiver)).toEqual({
      'referral.reasons': 'ERASED', 'referral.messages': 'ERASED', 'referral.case.givenName': 'ERASED', 'referral.case.phone': 'ERASED', 'referral.case.safeContact': 'ERASED',
    });
    // the feedback keeps its ratings, not its comment
    const feedback = (await ok(`{ feedbackAboutMyAgency(first: 200) { referralId satisfaction comment } }`, {}, mariama)).feedbackAboutMyAgency;
    expect(feedback.find((f: any) => f.referralId === completed)).toEqual({ referralId: completed, satisfaction: 4, comment: null });
  });

  it('keeps statistics totals and the audit chain, and the case can be read but not changed', async () => {
    expect((await ok(STATS, {}, nadia)).statistics).toEqual(statsBefore);
    expect(statsBefore.totalSuppressed).toBe(false);
    expect(statsBefore.total).toBeGreaterThan(0);
    expect((await ok(`{ verifyAuditChain { intact problem } }`, {}, nadia)).verifyAuditChain).toEqual({ intact: true, problem: null });

    const refusals = await Promise.all([
      gqlAt(`mutation($i: UpdateCaseInput!) { updateCase(input: $i) { id } }`, { i: { id: c.id, person: { givenName: 'Again' } } }, amina),
      gqlAt(`mutation($i: ReopenCaseInput!) { reopenCase(input: $i) { id } }`, { i: { caseId: c.id, reason: 'PERSON_RETURNED' } }, aissata),
      gqlAt(`mutation($c: ID!, $i: ConsentInput!) { recordConsent(caseId: $c, input: $i) { id } }`, { c: c.id, i: consent(['REFERRAL']) }, amina),
      gqlAt(`mutation($id: ID!, $b: String!) { postReferralMessage(referralId: $id, body: $b) { id } }`, { id: completed, b: 'new text' }, zeinabou),
      gqlAt(`mutation($i: RecordFeedbackInput!) { recordFeedback(input: $i) { id } }`,
        { i: { referralId: completed, received: true, satisfaction: 3, respectful: true, wouldRecommend: true, comment: 'x', anonymous: false, complaint: false } }, zeinabou),
    ]);
    expect(refusals.map(codes)).toEqual([['CONFLICT'], ['CONFLICT'], ['CONFLICT'], ['CONFLICT'], ['CONFLICT']]);
    expect(refusals[0].errors![0].message).toMatch(/erased on/);
  });

  it('shows the erasure in the person\'s own copy, as JSON and on the page', async () => {
    const pkg = (await ok(`query($id: ID!) { subjectAccessPackage(caseId: $id) { case { caseCode status erasedAt erasureReason } fields { name value erased } consents { guardianName } referrals { reasons status } json } }`,
      { id: c.id }, oumarou)).subjectAccessPackage;
    expect(pkg.case).toMatchObject({ caseCode: c.caseCode, status: 'CLOSED', erasedAt: expect.any(String), erasureReason: 'PERSON_REQUESTED' });
    expect(pkg.fields.length).toBeGreaterThan(25);
    for (const f of pkg.fields) expect([f.name, f.value, f.erased]).toEqual([f.name, null, true]);
    expect(pkg.referrals.map((x: any) => x.status).sort()).toEqual(['CANCELLED', 'COMPLETED']);
    expect(JSON.stringify(pkg)).not.toContain(MARK);
    expect(pkg.json.case).toMatchObject({ erasedAt: expect.any(String), erasureReason: 'PERSON_REQUESTED' });

    const page = await fetch(`${server.url}/reports/subject-access/${c.id}?lang=en`, { headers: { authorization: `Bearer ${oumarou}` } });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).not.toContain(MARK);
    expect(html).toContain('id="erased"');
    expect(html).toMatch(/was erased on .* \(at your request\)/);
    expect(html).toContain('<tr data-field="givenName" data-erased="true">');
  });
});

describe('the retention sweep', () => {
  let closedLongAgo: { id: string; caseCode: string };
  let idle: { id: string; caseCode: string };
  let busy: { id: string; caseCode: string };
  let womensCase: { id: string; caseCode: string };
  let dpoErased: string;

  beforeAll(async () => {
    // IOM Niger: closed cases kept 30 days, open cases without activity 60 days
    expect(codes(await setPolicy(oumarou, { closedDays: 30, inactiveOpenDays: 60 }))).toEqual([]);
    closedLongAgo = await registerCase({ givenName: `Sweepa${MARK}` });
    await closeCase(closedLongAgo.id);
    idle = await registerCase({ givenName: `Idla${MARK}` });
    // an open referral keeps an idle case: it is being worked elsewhere
    busy = await registerCase({ givenName: `Busya${MARK}`, phone: '+227 90 98 76 54' });
    await sendReferral(busy.id, 'Fictional: still open');
    // the Agadez women's NGO keeps closed cases ten years
    const women = await tokenFor('rakia.cm@tenere-femmes.example.org');
    womensCase = (await ok(`mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id caseCode } }`, { i: { person: { givenName: `Womena${MARK}` },
      consent: { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', purposes: ['REGISTRATION'] } } }, women)).registerCase;
    await ok(`mutation($i: CloseCaseInput!) { closeCase(input: $i) { id } }`, { i: { caseId: womensCase.id, reason: 'SERVICES_COMPLETED' } }, women);
    // erased by the DPO in the first part: never erased again
    dpoErased = (await ok(`{ cases(first: 100, filter: { erased: true }) { edges { node { id } } } }`, {}, oumarou)).cases.edges[0].node.id;
    // the command and the embedded database cannot share it with a running server
    await server.stop();
  }, 120_000);

  it('previews with --dry-run per agency, changing nothing, then erases what is due, case by case', async () => {
    const now = await retentionCli(['--dry-run', '--json'], 0);
    expect([now.code, now.stderr]).toEqual([0, '']);
    const codesIn = (report: any) => report.agencies.flatMap((a: any) => a.caseCodes);
    expect(codesIn(JSON.parse(now.stdout))).not.toContain(closedLongAgo.caseCode);

    const preview = await retentionCli(['--dry-run', '--json'], 31);
    expect(preview.code).toBe(0);
    const report = JSON.parse(preview.stdout);
    expect(report).toMatchObject({ dryRun: true, erased: 0 });
    const iom = report.agencies.find((a: any) => a.agencyId === AGENCY.IOM_NIGER);
    expect(iom.caseCodes).toContain(closedLongAgo.caseCode);
    expect(iom.due).toBe(iom.caseCodes.length);
    for (const kept of [idle, busy, womensCase]) expect(codesIn(report)).not.toContain(kept.caseCode);
    expect(report.agencies.find((a: any) => a.agencyId === AGENCY.AGADEZ_WOMEN)).toBeUndefined();

    // the human-readable form says the same, and a second preview finds the same: the first changed nothing
    const text = await retentionCli(['--dry-run'], 31);
    expect(text.stdout).toMatch(/^Dry run: nothing changed\./);
    expect(text.stdout).toContain(`(${AGENCY.IOM_NIGER}): ${iom.due} case${iom.due === 1 ? '' : 's'} would be erased: `);
    expect(text.stdout).toContain(closedLongAgo.caseCode);
    expect(codesIn(JSON.parse((await retentionCli(['--dry-run', '--json', '--agency', AGENCY.IOM_NIGER], 31)).stdout)).sort()).toEqual([...iom.caseCodes].sort());

    const done = JSON.parse((await retentionCli(['--json'], 31)).stdout);
    expect(done).toMatchObject({ dryRun: false, due: iom.due, erased: iom.due, failed: 0 });
    expect(JSON.parse((await retentionCli(['--dry-run', '--json'], 31)).stdout).due).toBe(0);
  }, 120_000);

  it('refuses the clock offset in production', async () => {
    const refused = await retentionCli(['--dry-run'], 31, { NODE_ENV: 'production', STATS_PERTURBATION_KEY: 'k'.repeat(40) });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/RETENTION_NOW_OFFSET_DAYS .* refused with NODE_ENV=production/);
    const server = await runServerToExit({ ...baseEnv(), ...place.env, NODE_ENV: 'production', STATS_PERTURBATION_KEY: 'k'.repeat(40), RETENTION_NOW_OFFSET_DAYS: '1' });
    expect(server.code).toBe(1);
    expect(server.output).toMatch(/RETENTION_NOW_OFFSET_DAYS/);
  }, 60_000);

  it('runs in the server: idle OPEN cases are closed and erased, open referrals and other agencies\' periods are respected', async () => {
    server = await startServer({ ...baseEnv(), ...place.env, RETENTION_NOW_OFFSET_DAYS: '61' }, path.join(place.dir, 'server-b.log'));
    const read = (id: string) => gqlAt(`query($id: ID!) { case(id: $id) { caseCode status closureReason erasedAt erasureReason erasedBy givenName lifecycleHistory { kind reason actorId } } }`, { id }, oumarou);

    const swept = await read(closedLongAgo.id);
    expect(swept.data!.case).toMatchObject({ status: 'CLOSED', erasureReason: 'RETENTION_PERIOD_ENDED', erasedBy: 'retention-sweep', givenName: null });
    expect(refusedFields(swept)).toEqual({ 'case.givenName': 'ERASED' });

    const closedIdle = await read(idle.id);
    expect(closedIdle.data!.case).toMatchObject({ status: 'CLOSED', closureReason: 'PERSON_UNREACHABLE', erasureReason: 'RETENTION_PERIOD_ENDED', erasedBy: 'retention-sweep', givenName: null });
    expect(closedIdle.data!.case.lifecycleHistory).toEqual([{ kind: 'CLOSED', reason: 'PERSON_UNREACHABLE', actorId: 'retention-sweep' }]);
    const sweepEvents = (await trailOf(idle.id)).filter((e: any) => e.action === 'case.erased');
    expect(sweepEvents).toEqual([{ action: 'case.erased', actorId: null, details: expect.objectContaining({ reason: 'RETENTION_PERIOD_ENDED', by: 'retention-sweep', rule: 'INACTIVE_OPEN', periodDays: 60 }) }]);

    expect((await read(busy.id)).data!.case).toMatchObject({ status: 'OPEN', erasedAt: null, givenName: `Busya${MARK}` });
    const women = await tokenFor('hadiza.dpo@tenere-femmes.example.org');
    expect((await ok(`query($id: ID!) { case(id: $id) { status erasedAt givenName } }`, { id: womensCase.id }, women)).case).toEqual({ status: 'CLOSED', erasedAt: null, givenName: `Womena${MARK}` });
    // the DPO's erasure stands as it was
    expect((await read(dpoErased)).data!.case).toMatchObject({ erasureReason: 'PERSON_REQUESTED' });
    expect((await ok(`{ retentionPolicy { casesDue } }`, {}, oumarou)).retentionPolicy.casesDue).toBe(0);
    expect((await ok(`{ verifyAuditChain { intact } }`, {}, nadia)).verifyAuditChain.intact).toBe(true);
  }, 180_000);
});
