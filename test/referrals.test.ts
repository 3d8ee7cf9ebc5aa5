import { randomUUID } from 'node:crypto';
import { Role } from '../src/auth/roles';
import { AGENCY, SERVICE, USER } from '../seed/demo-data';
import { DSA, MOU } from '../seed/agreements-data';
import { REFERRAL } from '../seed/cases-data';
import { codes, gql, ok, tokenFor, type GqlResult } from './support/client';

/**
 * Cases, consents and referrals: registration with informed consent, the refusals of sendReferral, the
 * field-by-field disclosure to the receiving agency decided at read time, the referral lifecycle, the
 * inbox, the vital-interest basis, the audit trail and the right-to-know report.
 *
 * Every case here is registered by this file. Data-sharing agreements this file needs beyond the demo
 * ones are made between IOM Niger and agencies created here, so no demo pair of agencies changes.
 */

// ---- the personal-data catalogue (as the API documents it) -------------------------------------

const CATALOGUE: Record<string, string[]> = {
  IDENTITY: ['givenName', 'familyName', 'otherNames', 'dateOfBirth', 'photoReference'],
  CONTACT: ['phone', 'address', 'emergencyContact'],
  DEMOGRAPHICS: ['sex', 'gender', 'age', 'nationality', 'languages', 'literacy'],
  DOCUMENTS: ['identityDocumentNumber', 'travelDocumentNumber'],
  MIGRATION: ['migrationPhase', 'route', 'transitDetails', 'reasonsForMigrating'],
  PROTECTION: ['vulnerabilities', 'protectionConcerns'],
  HEALTH: ['healthInformation', 'disability'],
  ASSESSMENT: ['assessmentSummary', 'servicesReceived'],
};
const ALL_FIELDS = Object.values(CATALOGUE).flat();
const CATEGORY_OF = new Map(Object.entries(CATALOGUE).flatMap(([c, fs]) => fs.map((f) => [f, c] as const)));

// ---- small helpers ----------------------------------------------------------------------------

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let seq = 0;
const unique = (prefix: string) => `${prefix}${run}x${++seq}`;
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const sorted = (list: string[]) => [...list].sort();
const HOUR = 3_600_000;

/** Every person field, as the owning agency registers it (the names are added per case). */
const PERSON = {
  otherNames: 'Fictional alias', dateOfBirth: '1994-02-03', photoReference: 'photo://fictional/1', phone: '+227 90 11 22 33',
  address: 'Fictional street, Agadez', emergencyContact: 'Fictional sister, +227 90 00 00 99', sex: 'FEMALE', gender: 'woman',
  nationality: 'NG', languages: ['ha', 'fr'], literacy: 'Reads Hausa', identityDocumentNumber: 'ID-FICT-001', travelDocumentNumber: 'P-FICT-001',
  migrationPhase: 'IN_TRANSIT', route: 'Kano - Zinder - Agadez', transitDetails: 'Fictional: travelled by truck', reasonsForMigrating: 'Fictional: work',
  vulnerabilities: ['GBV_SURVIVORS'], protectionConcerns: 'Fictional: threats on the route', healthInformation: 'Fictional: needs follow-up',
  disability: 'Fictional: none', assessmentSummary: 'Fictional: needs shelter', servicesReceived: 'Fictional: food',
};

const CASE_FIELDS = `id caseCode status ${ALL_FIELDS.join(' ')} possibleDuplicates registeredBy viaReferralId`;
const REFERRAL_FIELDS = `id status priority anonymous legalBasis consentId disclosedFields outsideMou mouId overdue responseDueAt sentAt sentBy
  respondedAt declineReason completedAt outcome outcomeReason cancelledAt cancelReason vitalInterestJustification reasons
  sendingAgency { id } receivingAgency { id } service { id }
  history { fromStatus toStatus actorId actorAgencyId at reason note }`;

const consentInput = (recipients: string[], categories: string[], extra: Record<string, unknown> = {}) => ({
  decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', interpreterUsed: false,
  purposes: ['REGISTRATION', 'REFERRAL'], recipientAgencyIds: recipients, categories, evidenceReference: 'Fictional form in the case file', ...extra,
});

const registerCase = (token: string, input: Record<string, unknown>) =>
  gql(`mutation($input: RegisterCaseInput!) { registerCase(input: $input) { ${CASE_FIELDS} consents { id decision purposes recipientAgencyIds categories state } } }`, { input }, token);

const recordConsent = (token: string, caseId: string, input: Record<string, unknown>) =>
  gql(`mutation($caseId: ID!, $input: ConsentInput!) { recordConsent(caseId: $caseId, input: $input) { id state validUntil supersededBy } }`, { caseId, input }, token);

const withdrawConsent = (token: string, consentId: string, reason = 'The person changed her mind') =>
  gql(`mutation($id: ID!, $reason: String!) { withdrawConsent(consentId: $id, reason: $reason) { id state withdrawnAt } }`, { id: consentId, reason }, token);

const sendReferral = (token: string, input: Record<string, unknown>) =>
  gql(`mutation($input: SendReferralInput!) { sendReferral(input: $input) { ${REFERRAL_FIELDS} } }`, { input: { reasons: 'Fictional: needs the service', ...input } }, token);

const VERIFY_CHAIN = '{ verifyAuditChain { intact checked firstBrokenSeq problem } }';
const readReferral = (token: string, id: string, caseFields = 'caseCode') =>
  gql(`query($id: ID!) { referral(id: $id) { ${REFERRAL_FIELDS} case { ${caseFields} } } }`, { id }, token);

const accept = (token: string, id: string, note: string | null = null) =>
  gql(`mutation($id: ID!, $note: String) { acceptReferral(id: $id, note: $note) { ${REFERRAL_FIELDS} } }`, { id, note }, token);
const decline = (token: string, input: Record<string, unknown>) =>
  gql(`mutation($input: DeclineReferralInput!) { declineReferral(input: $input) { ${REFERRAL_FIELDS} } }`, { input }, token);
const complete = (token: string, input: Record<string, unknown>) =>
  gql(`mutation($input: CompleteReferralInput!) { completeReferral(input: $input) { ${REFERRAL_FIELDS} } }`, { input }, token);
const cancel = (token: string, id: string, reason = 'Fictional: the person left town') =>
  gql(`mutation($id: ID!, $reason: String!) { cancelReferral(id: $id, reason: $reason) { ${REFERRAL_FIELDS} } }`, { id, reason }, token);

/** The `reasons` of a sendReferral refusal, as [code, field] pairs in order. */
function refusal(r: GqlResult): [string, string | undefined][] {
  expect(codes(r)).toEqual(['FORBIDDEN']);
  expect(r.data).toBeNull();
  const reasons = r.errors![0].extensions?.reasons as { code: string; field?: string; message: string }[];
  expect(Array.isArray(reasons)).toBe(true);
  for (const reason of reasons) expect(reason.message).toEqual(expect.any(String));
  return reasons.map((x) => [x.code, x.field]);
}

/** field name -> FORBIDDEN_FIELD reason, for the withheld fields of a response. */
function withheld(r: GqlResult): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of r.errors ?? []) {
    expect(e.extensions?.code).toBe('FORBIDDEN_FIELD');
    out[String(e.path![e.path!.length - 1])] = e.extensions!.reason;
  }
  return out;
}

// ---- actors -------------------------------------------------------------------------------------

let amina: string; // IOM Niger case manager
let oumarou: string; // IOM Niger data protection officer
let fatimata: string; // IOM Niger agency admin
let ibrahim: string; // IOM Niger referral focal point
let zeinabou: string; // Agadez women's NGO focal point
let rakia: string; // Agadez women's NGO case manager
let hiba: string; // Khartoum legal NGO case manager (unrelated)
let tariq: string; // Khartoum legal NGO focal point (unrelated)
let khalid: string; // Khartoum legal NGO DPO (unrelated)
let networkAdmin: string;
let agadezDistrictId: string;

interface NewCase { id: string; caseCode: string; consentId: string; givenName: string; familyName: string }

/**
 * Registers a fresh case (unique names) for IOM Niger with a consent granting REGISTRATION and REFERRAL to
 * the given recipients for the given categories of data.
 */
async function newCase(recipients: string[], categories: string[], opts: { person?: Record<string, unknown>; consent?: Record<string, unknown>; token?: string } = {}): Promise<NewCase> {
  const givenName = unique('Given');
  const familyName = unique('Family');
  const created = ok(await registerCase(opts.token ?? amina, {
    person: { ...PERSON, givenName, familyName, ...opts.person },
    consent: consentInput(recipients, categories, opts.consent),
  })).registerCase;
  expect(created.consents).toHaveLength(1);
  return { id: created.id, caseCode: created.caseCode, consentId: created.consents[0].id, givenName, familyName };
}

interface Partner { id: string; admin: string; fp: string; fpSub: string; cm: string; services: Record<string, string>; dsaId: string | null }

const createDsa = (token: string, input: Record<string, unknown>) =>
  gql(`mutation($input: CreateDsaInput!) { createDataSharingAgreement(input: $input) { id status } }`, { input }, token);
const signDsa = (token: string, id: string) => gql(`mutation($id: ID!) { signDataSharingAgreement(id: $id) { id status } }`, { id }, token);
const terminateDsa = (token: string, id: string) =>
  gql(`mutation($id: ID!) { terminateDataSharingAgreement(id: $id, reason: "Fictional: programme closed") { id status } }`, { id }, token);

/** An active agreement (signed by both parties' admins) letting IOM Niger pass these categories to the partner for referrals. */
async function iomAgreementWith(partner: { id: string; admin: string }, categories: string[], excludedFields: string[] = []): Promise<string> {
  const draft = ok(await createDsa(fatimata, {
    referenceNumber: unique('DSA-REF-'), title: 'Referral test agreement', providingAgencyId: AGENCY.IOM_NIGER, receivingAgencyId: partner.id,
    purposes: ['REFERRAL_AND_SERVICE_DELIVERY'], categories, excludedFields, validFrom: day(-1), validUntil: day(365), retentionDays: 90,
    onwardSharingAllowed: false, riskAssessmentDate: day(-2), riskAssessmentReference: 'RBA-FICT-1',
  })).createDataSharingAgreement;
  ok(await signDsa(fatimata, draft.id));
  expect(ok(await signDsa(partner.admin, draft.id)).signDataSharingAgreement.status).toBe('ACTIVE');
  return draft.id;
}

/** A new agency (no MoU with anyone) with staff, one location, services, and optionally an agreement with IOM Niger. */
async function newPartner(label: string, services: { key: string; categories: string[]; referralFields: string[] }[], dsa: { categories: string[]; excludedFields?: string[] } | null): Promise<Partner> {
  const id = ok(await gql(`mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
    { input: { names: [{ lang: 'en', text: `Referral partner ${label} ${run}` }], type: 'NATIONAL_NGO', countryCode: 'NE', languages: ['fr'], fictional: true } },
    networkAdmin)).createAgency.id as string;
  const fpSub = randomUUID();
  const admin = await tokenFor({ sub: randomUUID(), agency: id, roles: [Role.AGENCY_ADMIN] });
  const fp = await tokenFor({ sub: fpSub, agency: id, roles: [Role.REFERRAL_FOCAL_POINT] });
  const cm = await tokenFor({ sub: randomUUID(), agency: id, roles: [Role.CASE_MANAGER] });
  const location = ok(await gql(`mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`,
    { input: { agencyId: id, names: [{ lang: 'en', text: 'Office' }], facilityType: 'OTHER', areaId: agadezDistrictId } }, admin)).createLocation.id;
  const ids: Record<string, string> = {};
  for (const s of services) {
    const created = ok(await gql(`mutation($input: CreateServiceInput!) { createService(input: $input) { id referralFields } }`, { input: {
      agencyId: id, names: [{ lang: 'en', text: `${label} ${s.key} ${run}` }], categoryCodes: s.categories, populations: ['ALL'], locationIds: [location],
      languages: ['fr'], channels: ['WALK_IN'], timezone: 'Africa/Niamey', referralFields: s.referralFields,
    } }, admin)).createService;
    expect(created.referralFields).toEqual(s.referralFields);
    ids[s.key] = created.id;
  }
  const partner: Partner = { id, admin, fp, fpSub, cm, services: ids, dsaId: null };
  if (dsa) partner.dsaId = await iomAgreementWith(partner, dsa.categories, dsa.excludedFields);
  return partner;
}

/** R1: the main partner of these tests, with an MoU-less agreement covering all but health, documents and a few fields. */
let r1: Partner;
const R1_DSA_CATEGORIES = ['IDENTITY', 'CONTACT', 'DEMOGRAPHICS', 'PROTECTION'];
const R1_GBV_FIELDS = ['givenName', 'familyName', 'phone', 'age', 'sex', 'photoReference', 'healthInformation', 'identityDocumentNumber', 'protectionConcerns'];

beforeAll(async () => {
  [amina, oumarou, fatimata, ibrahim, zeinabou, rakia, hiba, tariq, khalid, networkAdmin] = await Promise.all([
    'amina.cm@iom-niger.example.org', 'oumarou.dpo@iom-niger.example.org', 'fatimata.admin@iom-niger.example.org', 'ibrahim.rfp@iom-niger.example.org',
    'zeinabou.rfp@tenere-femmes.example.org', 'rakia.cm@tenere-femmes.example.org',
    'hiba.cm@nile-legal.example.org', 'tariq.rfp@nile-legal.example.org', 'khalid.dpo@nile-legal.example.org', 'nadia.admin@referral-network.example.org',
  ].map((email) => tokenFor(email)));
  const areas = ok(await gql(`{ areas(first: 100, filter: { countryCode: "NE" }) { edges { node { id code } } } }`, {}, networkAdmin)).areas.edges;
  agadezDistrictId = areas.find((e: any) => e.node.code === 'NE-1-AGZ').node.id;
  r1 = await newPartner('R1', [
    { key: 'gbv', categories: ['protection.gbv'], referralFields: R1_GBV_FIELDS },
    { key: 'closed', categories: ['protection.gbv'], referralFields: ['givenName'] },
  ], { categories: R1_DSA_CATEGORIES, excludedFields: ['photoReference'] });
  const closed = ok(await gql(`mutation($id: ID!) { setServiceStatus(id: $id, status: TEMPORARILY_CLOSED, reason: "Fictional: flooding") { status } }`, { id: r1.services.closed }, r1.admin));
  expect(closed.setServiceStatus.status).toBe('TEMPORARILY_CLOSED');
});

// =================================================================================================

describe('1. case registration', () => {
  it('registers a case with consent: a pseudonymous case code, and the owner reads every field', async () => {
    const givenName = unique('Aminata');
    const familyName = unique('Soumana');
    const r = ok(await registerCase(amina, { person: { ...PERSON, givenName, familyName }, consent: consentInput([AGENCY.AGADEZ_WOMEN], ['IDENTITY', 'CONTACT']) })).registerCase;
    expect(r.caseCode).toMatch(/^CASE-[A-Z0-9]+$/);
    for (const part of [givenName, familyName, 'Aminata', 'Soumana', '1994']) expect(r.caseCode.toLowerCase()).not.toContain(part.toLowerCase());
    expect(r.consents).toEqual([{ id: expect.any(String), decision: 'GRANTED', purposes: ['REGISTRATION', 'REFERRAL'], recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY', 'CONTACT'], state: 'ACTIVE' }]);

    for (const token of [amina, oumarou]) {
      const res = await gql(`query($id: ID!) { case(id: $id) { ${CASE_FIELDS} ownerAgency { id } } }`, { id: r.id }, token);
      expect(res.errors).toBeUndefined();
      const c = res.data.case;
      for (const [field, value] of Object.entries(PERSON)) expect([field, c[field]]).toEqual([field, value]);
      expect(c).toMatchObject({ givenName, familyName, caseCode: r.caseCode, status: 'OPEN', viaReferralId: null, ownerAgency: { id: AGENCY.IOM_NIGER } });
      expect(c.registeredBy).toBe(USER.IOM_NIGER_CASE_MANAGER);
      const age = Math.floor((Date.now() - Date.parse('1994-02-03')) / (365.25 * 86_400_000));
      expect(c.age).toBe(age);
    }
    const found = ok(await gql(`query($s: String) { cases(filter: { search: $s }) { totalCount edges { node { id } } } }`, { s: givenName }, amina)).cases;
    expect(found).toEqual({ totalCount: 1, edges: [{ node: { id: r.id } }] });
  });

  it.each([
    ['no consent to REGISTRATION', { purposes: ['REFERRAL'] }],
    ['a refusal', { decision: 'REFUSED', purposes: ['REGISTRATION'] }],
    ['a verbal consent nobody certified', { method: 'VERBAL_CERTIFIED', certifiedBy: null }],
    ['a verbal consent certified by blanks', { method: 'VERBAL_CERTIFIED', certifiedBy: '   ' }],
    ['an assent without the guardian', { method: 'ASSENT_WITH_GUARDIAN', givenBy: 'GUARDIANSHIP_AUTHORITY', guardianName: null }],
    ['a consent already expired', { validUntil: new Date(Date.now() - HOUR).toISOString() }],
    ['a recipient agency that does not exist', { recipientAgencyIds: [randomUUID()] }],
  ])('refuses to register a case with %s (BAD_USER_INPUT) and records nothing', async (_what, consent) => {
    const givenName = unique('Refused');
    const r = await registerCase(amina, { person: { ...PERSON, givenName, familyName: unique('Nobody') }, consent: consentInput([AGENCY.AGADEZ_WOMEN], ['IDENTITY'], consent) });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.data).toBeNull();
    if ((consent as any).method === 'VERBAL_CERTIFIED') expect(r.errors![0].message).toContain('certifiedBy');
    const found = ok(await gql(`query($s: String) { cases(filter: { search: $s }) { totalCount edges { node { id } } } }`, { s: givenName }, amina)).cases;
    expect(found).toEqual({ totalCount: 0, edges: [] });
  });

  it('accepts a verbal consent certified by a named staff member', async () => {
    const c = await newCase([AGENCY.AGADEZ_WOMEN], ['IDENTITY'], { consent: { method: 'VERBAL_CERTIFIED', certifiedBy: 'Fictional staff member' } });
    const consents = ok(await gql(`query($id: ID!) { case(id: $id) { consents { method certifiedBy } } }`, { id: c.id }, amina)).case.consents;
    expect(consents).toEqual([{ method: 'VERBAL_CERTIFIED', certifiedBy: 'Fictional staff member' }]);
  });

  it('flags a possible duplicate: same given name, family name and date of birth in the agency', async () => {
    const first = await newCase([], ['IDENTITY'], { person: { dateOfBirth: '1988-08-08' } });
    expect(ok(await gql(`query($id: ID!) { case(id: $id) { possibleDuplicates } }`, { id: first.id }, amina)).case.possibleDuplicates).toEqual([]);
    // the same person, names typed in another case
    const again = ok(await registerCase(amina, {
      person: { givenName: first.givenName.toUpperCase(), familyName: first.familyName.toLowerCase(), dateOfBirth: '1988-08-08' },
      consent: consentInput([], ['IDENTITY']),
    })).registerCase;
    expect(again.id).not.toBe(first.id);
    expect(again.possibleDuplicates).toEqual([first.id]);
    // another date of birth is another person
    const other = ok(await registerCase(amina, {
      person: { givenName: first.givenName, familyName: first.familyName, dateOfBirth: '1988-08-09' },
      consent: consentInput([], ['IDENTITY']),
    })).registerCase;
    expect(other.possibleDuplicates).toEqual([]);
    // another agency's case with the same name and date of birth is not a duplicate for IOM Niger's
    const elsewhere = ok(await registerCase(rakia, {
      person: { givenName: first.givenName, familyName: first.familyName, dateOfBirth: '1988-08-08' },
      consent: consentInput([], ['IDENTITY']),
    })).registerCase;
    expect(elsewhere.possibleDuplicates).toEqual([]);
  });

  it('hides a case from other agencies (NOT_FOUND) and from roles that do not handle cases (FORBIDDEN)', async () => {
    const c = await newCase([AGENCY.AGADEZ_WOMEN], ['IDENTITY']);
    const outsider = await gql(`query($id: ID!) { case(id: $id) { id givenName } }`, { id: c.id }, hiba);
    expect(codes(outsider)).toEqual(['NOT_FOUND']);
    expect(outsider.data).toBeNull();
    // even the agency the person consented to share with: cases reach it only through a referral
    expect(codes(await gql(`query($id: ID!) { case(id: $id) { id } }`, { id: c.id }, rakia))).toEqual(['NOT_FOUND']);
    // a focal point of the owning agency does not read cases
    const focalPoint = await gql(`query($id: ID!) { case(id: $id) { id givenName } }`, { id: c.id }, ibrahim);
    expect(codes(focalPoint)).toEqual(['FORBIDDEN']);
    expect(codes(await gql(`query { cases { totalCount } }`, {}, ibrahim))).toEqual(['FORBIDDEN']);
    // nor does another agency's case manager find it in a search
    expect(ok(await gql(`query($s: String) { cases(filter: { search: $s }) { totalCount } }`, { s: c.givenName }, hiba)).cases.totalCount).toBe(0);
    expect(ok(await gql(`query($s: String) { cases(filter: { search: $s }) { totalCount } }`, { s: c.caseCode }, amina)).cases.totalCount).toBe(1);
  });
});

// =================================================================================================

describe('1b. case updates', () => {
  it('lets the owner update a case; the receiver of a referral reads the current value; others get NOT_FOUND', async () => {
    const c = await newCase([r1.id], ['IDENTITY', 'CONTACT']);
    const r = ok(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority: 'URGENT', disclosedFields: ['givenName', 'phone'] })).sendReferral;
    const updated = ok(await gql(`mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id phone address status } }`,
      { input: { id: c.id, person: { phone: '+227 96 00 00 01' } } }, amina)).updateCase;
    expect(updated).toMatchObject({ phone: '+227 96 00 00 01', address: PERSON.address, status: 'OPEN' });
    expect(ok(await readReferral(r1.fp, r.id, 'phone')).referral.case.phone).toBe('+227 96 00 00 01');
    expect(codes(await gql(`mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id } }`, { input: { id: c.id, person: { phone: '+227 96 00 00 02' } } }, hiba))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(`mutation($input: UpdateCaseInput!) { updateCase(input: $input) { id } }`, { input: { id: c.id, person: { dateOfBirth: '2999-01-01' } } }, amina))).toEqual(['BAD_USER_INPUT']);
    expect(ok(await gql(`query($id: ID!) { case(id: $id) { phone dateOfBirth } }`, { id: c.id }, amina)).case).toEqual({ phone: '+227 96 00 00 01', dateOfBirth: PERSON.dateOfBirth });
    const trail = ok(await gql(`query($id: ID!) { caseAuditTrail(caseId: $id, first: 100) { edges { node { action details } } } }`, { id: c.id }, oumarou)).caseAuditTrail.edges;
    const update = trail.find((e: any) => e.node.action === 'case.updated').node;
    expect(update.details.fields).toEqual(['phone']);
    expect(JSON.stringify(update)).not.toContain('96 00 00 01');
  });
});

// =================================================================================================

describe('2. sendReferral refusals', () => {
  const refusedCases: string[] = [];
  let started: string;
  beforeAll(() => {
    started = new Date(Date.now() - 1000).toISOString();
  });

  /** A case IOM Niger registered with this consent; remembered so the last test checks nothing was written. */
  async function caseFor(recipients: string[], categories: string[], consent: Record<string, unknown> = {}) {
    const c = await newCase(recipients, categories, { consent });
    refusedCases.push(c.id);
    return c;
  }

  it('NO_CONSENT: the consent names another recipient', async () => {
    const c = await caseFor([AGENCY.NIAMEY_CLINIC], ['IDENTITY', 'CONTACT', 'PROTECTION']);
    const r = await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_GBV_SAFE_HOUSE, priority: 'URGENT' });
    expect(refusal(r)).toEqual([['NO_CONSENT', undefined]]);
  });

  it('NO_CONSENT: the consent covers registration but not referral', async () => {
    const c = await caseFor([AGENCY.AGADEZ_WOMEN], ['IDENTITY'], { purposes: ['REGISTRATION'] });
    expect(refusal(await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_GBV_SAFE_HOUSE, priority: 'URGENT' }))).toEqual([['NO_CONSENT', undefined]]);
  });

  it('CONSENT_WITHDRAWN: the person withdrew the consent before the referral', async () => {
    const c = await caseFor([AGENCY.AGADEZ_WOMEN], ['IDENTITY', 'CONTACT']);
    expect(ok(await withdrawConsent(amina, c.consentId)).withdrawConsent.state).toBe('WITHDRAWN');
    expect(codes(await withdrawConsent(amina, c.consentId))).toEqual(['CONFLICT']);
    const r = await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_GBV_SAFE_HOUSE, priority: 'URGENT' });
    expect(refusal(r)).toEqual([['CONSENT_WITHDRAWN', undefined]]);
  });

  it('CONSENT_EXPIRED: the consent to refer was valid until a moment ago', async () => {
    const c = await caseFor([], ['IDENTITY']);
    const validUntil = new Date(Date.now() + 2_500).toISOString();
    const consent = ok(await recordConsent(amina, c.id, { ...consentInput([AGENCY.AGADEZ_WOMEN], ['IDENTITY', 'CONTACT']), purposes: ['REFERRAL'], validUntil })).recordConsent;
    expect(consent.state).toBe('ACTIVE');
    await sleep(3_500);
    const r = await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_GBV_SAFE_HOUSE, priority: 'URGENT' });
    expect(refusal(r)).toEqual([['CONSENT_EXPIRED', undefined]]);
    const states = ok(await gql(`query($id: ID!) { case(id: $id) { consents { id state } } }`, { id: c.id }, amina)).case.consents;
    expect(states.find((k: any) => k.id === consent.id).state).toBe('EXPIRED');
  });

  it('CATEGORY_NOT_CONSENTED: an explicit field of a category the consent leaves out', async () => {
    const c = await caseFor([AGENCY.AGADEZ_WOMEN], ['IDENTITY', 'CONTACT']);
    const r = await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', disclosedFields: ['givenName', 'healthInformation'] });
    expect(refusal(r)).toEqual([['CATEGORY_NOT_CONSENTED', 'healthInformation']]);
  });

  it('NO_AGREEMENT: no data-sharing agreement at all with the receiving agency', async () => {
    const c = await caseFor([AGENCY.BAMAKO_CHILDREN], ['IDENTITY', 'CONTACT']);
    const r = await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.BAMAKO_CHILD_CASE_MANAGEMENT, priority: 'NORMAL', disclosedFields: ['givenName', 'phone'] });
    expect(refusal(r)).toEqual([['NO_AGREEMENT', 'givenName'], ['NO_AGREEMENT', 'phone']]);
  });

  it('TERMINATED: the agreement with the Niamey clinic was terminated', async () => {
    const c = await caseFor([AGENCY.NIAMEY_CLINIC], ['IDENTITY', 'HEALTH']);
    const r = await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.NIAMEY_MATERNITY, priority: 'NORMAL', disclosedFields: ['givenName'] });
    expect(refusal(r)).toEqual([['TERMINATED', 'givenName']]);
  });

  it('NOT_SIGNED: the agreement with Sahel health is signed by one party only', async () => {
    const c = await caseFor([AGENCY.SAHEL_HEALTH], ['IDENTITY', 'HEALTH']);
    const r = await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_MOBILE_CLINIC, priority: 'URGENT', disclosedFields: ['givenName', 'healthInformation'] });
    expect(refusal(r)).toEqual([['NOT_SIGNED', 'givenName'], ['NOT_SIGNED', 'healthInformation']]);
  });

  it('FIELD_EXCLUDED: the agreement with the Agadez women\'s NGO excludes the photo', async () => {
    const c = await caseFor([AGENCY.AGADEZ_WOMEN], ['IDENTITY']);
    const r = await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_GBV_SAFE_HOUSE, priority: 'URGENT', disclosedFields: ['givenName', 'photoReference'] });
    expect(refusal(r)).toEqual([['FIELD_EXCLUDED', 'photoReference']]);
  });

  it('CATEGORY_NOT_COVERED: a consented field of a category the agreement does not cover', async () => {
    const c = await caseFor([AGENCY.AGADEZ_WOMEN], ['IDENTITY', 'DOCUMENTS']);
    const r = await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_GBV_SAFE_HOUSE, priority: 'URGENT', disclosedFields: ['givenName', 'identityDocumentNumber'] });
    expect(refusal(r)).toEqual([['CATEGORY_NOT_COVERED', 'identityDocumentNumber']]);
  });

  it('SERVICE_NOT_ACTIVE: a temporarily closed service, everything else in order', async () => {
    const c = await caseFor([r1.id], ['IDENTITY']);
    const r = await sendReferral(amina, { caseId: c.id, serviceId: r1.services.closed, priority: 'URGENT' });
    expect(refusal(r)).toEqual([['SERVICE_NOT_ACTIVE', undefined]]);
  });

  it('SERVICE_NOT_ACTIVE: an inactive demo service is refused among the other reasons', async () => {
    const c = await caseFor([AGENCY.MALI_MINISTRY_MALIANS_ABROAD], ['IDENTITY']);
    const r = await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.SEGOU_COUNSELLING, priority: 'NORMAL', disclosedFields: ['givenName'] });
    const reasons = refusal(r);
    expect(reasons.map(([code]) => code)).toContain('SERVICE_NOT_ACTIVE');
    expect(reasons).toContainEqual(['NO_AGREEMENT', 'givenName']);
  });

  it('lists every reason of a refusal at once', async () => {
    // a field the consent leaves out and a field the agreement excludes
    const c = await caseFor([AGENCY.AGADEZ_WOMEN], ['IDENTITY']);
    const r = await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_GBV_SAFE_HOUSE, priority: 'URGENT', disclosedFields: ['givenName', 'healthInformation', 'photoReference'] });
    expect(sorted(refusal(r).map(([code, field]) => `${code}:${field}`))).toEqual(['CATEGORY_NOT_CONSENTED:healthInformation', 'FIELD_EXCLUDED:photoReference']);
    expect(r.errors![0].message).toContain('healthInformation');
    expect(r.errors![0].message).toContain('photoReference');
    // a closed service and no consent
    const d = await caseFor([AGENCY.AGADEZ_WOMEN], ['IDENTITY']);
    const both = await sendReferral(amina, { caseId: d.id, serviceId: r1.services.closed, priority: 'URGENT' });
    expect(sorted(refusal(both).map(([code]) => code))).toEqual(['NO_CONSENT', 'SERVICE_NOT_ACTIVE']);
  });

  it('answers BAD_USER_INPUT for a field that is not in the catalogue, an anonymous referral with fields, or the agency\'s own service', async () => {
    const c = await caseFor([AGENCY.AGADEZ_WOMEN], ['IDENTITY']);
    const unknown = await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_GBV_SAFE_HOUSE, priority: 'URGENT', disclosedFields: ['givenName', 'shoeSize'] });
    expect(codes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors![0].message).toContain('shoeSize');
    const anonymous = await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_GBV_SAFE_HOUSE, priority: 'URGENT', anonymous: true, disclosedFields: ['givenName'] });
    expect(codes(anonymous)).toEqual(['BAD_USER_INPUT']);
    expect(codes(await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_PRIMARY_HEALTH, priority: 'URGENT' }))).toEqual(['BAD_USER_INPUT']);
    // another agency's case does not exist for the sender
    expect(codes(await sendReferral(hiba, { caseId: c.id, serviceId: SERVICE.AGADEZ_GBV_SAFE_HOUSE, priority: 'URGENT' }))).toEqual(['NOT_FOUND']);
  });

  it('refuses a case manager whose relation to the case does not allow sending (FORBIDDEN), an unknown case or service (NOT_FOUND)', async () => {
    const moussa = await tokenFor('moussa.cm@iom-niger.example.org'); // another case manager of IOM Niger: not assigned, not shared
    const c = await newCase([r1.id], ['IDENTITY']);
    const stranger = await sendReferral(moussa, { caseId: c.id, serviceId: r1.services.gbv, priority: 'URGENT' });
    expect(codes(stranger)).toEqual(['FORBIDDEN']);
    expect(stranger.errors![0].message).toContain('does not allow this (sendReferral)');
    // the need-to-know check comes before the service is looked at
    expect(codes(await sendReferral(moussa, { caseId: c.id, serviceId: randomUUID(), priority: 'URGENT' }))).toEqual(['FORBIDDEN']);
    const noService = await sendReferral(amina, { caseId: c.id, serviceId: randomUUID(), priority: 'URGENT' });
    expect(codes(noService)).toEqual(['NOT_FOUND']);
    expect(noService.errors![0].message).toContain('Service');
    const noCase = await sendReferral(amina, { caseId: randomUUID(), serviceId: r1.services.gbv, priority: 'URGENT' });
    expect(codes(noCase)).toEqual(['NOT_FOUND']);
    expect(noCase.errors![0].message).toContain('Case');
    expect(ok(await gql(`query($id: ID!) { case(id: $id) { referrals { id } } }`, { id: c.id }, amina)).case.referrals).toEqual([]);
  });

  it('writes nothing when it refuses', async () => {
    expect(refusedCases.length).toBeGreaterThan(10);
    // none of the refused cases has a referral, and the sent list holds none of them
    const q = `query($id: ID!) { case(id: $id) { referrals { id } } }`;
    for (const id of refusedCases) expect(ok(await gql(q, { id }, amina)).case.referrals).toEqual([]);
    const sent = ok(await gql(`query($f: ReferralFilter) { sentReferrals(first: 100, filter: $f) { edges { node { id case { id } } } } }`, { f: { sentFrom: started } }, amina)).sentReferrals.edges;
    expect(sent.filter((e: any) => refusedCases.includes(e.node.case.id))).toEqual([]);
    // nor any audit event of a referral: only the refused attempt itself, once, with its reasons as codes
    const trail = ok(await gql(`query($id: ID!) { caseAuditTrail(caseId: $id, first: 100) { edges { node { action details } } } }`, { id: refusedCases[0] }, oumarou)).caseAuditTrail.edges.map((e: any) => e.node);
    expect(trail.map((e: any) => e.action)).toContain('case.registered');
    const referralEvents = trail.filter((e: any) => e.action.startsWith('referral.'));
    expect(referralEvents.map((e: any) => e.action)).toEqual(['referral.refused']);
    expect(referralEvents[0].details.reasons.length).toBeGreaterThan(0);
    for (const r of referralEvents[0].details.reasons) expect(r.code).toMatch(/^[A-Z_]+$/);

    // the count, in an agency nobody else sends from
    const sender = await newPartner('sender', [], null);
    const senderCm = sender.cm;
    const count = async () => ok(await gql(`{ sentReferrals { totalCount } }`, {}, senderCm)).sentReferrals.totalCount;
    const c = await newCase([], ['IDENTITY'], { token: senderCm });
    expect(await count()).toBe(0);
    expect(refusal(await sendReferral(senderCm, { caseId: c.id, serviceId: r1.services.gbv, priority: 'URGENT' }))).toEqual([['NO_CONSENT', undefined]]);
    expect(refusal(await sendReferral(senderCm, { caseId: c.id, serviceId: r1.services.closed, priority: 'URGENT' })).map(([code]) => code)).toContain('SERVICE_NOT_ACTIVE');
    expect(await count()).toBe(0);
  });
});

// =================================================================================================

describe('3. what a referral discloses, under which MoU, due when', () => {
  it('discloses by default the fields the consent, the agreement and the service\'s needs all allow', async () => {
    // R1's service needs 9 fields; the consent leaves out PROTECTION and DOCUMENTS, the agreement HEALTH and the photo
    const c = await newCase([r1.id], ['IDENTITY', 'CONTACT', 'DEMOGRAPHICS', 'HEALTH']);
    const sent = ok(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority: 'NORMAL' })).sendReferral;
    const expected = R1_GBV_FIELDS.filter((f) => ['IDENTITY', 'CONTACT', 'DEMOGRAPHICS', 'HEALTH'].includes(CATEGORY_OF.get(f)!))
      .filter((f) => R1_DSA_CATEGORIES.includes(CATEGORY_OF.get(f)!) && f !== 'photoReference');
    expect(sorted(expected)).toEqual(['age', 'familyName', 'givenName', 'phone', 'sex']);
    // the phone goes with the person's safe-contact instructions (test/case-protection.test.ts)
    expect(sorted(sent.disclosedFields)).toEqual(sorted([...expected, 'safeContact']));
    expect(sent).toMatchObject({ status: 'SENT', legalBasis: 'CONSENT', consentId: c.consentId, anonymous: false, sendingAgency: { id: AGENCY.IOM_NIGER }, receivingAgency: { id: r1.id }, service: { id: r1.services.gbv }, sentBy: USER.IOM_NIGER_CASE_MANAGER });

    // the receiver reads exactly those fields; anything else is NOT_DISCLOSED, even what consent and agreement would allow
    const read = await gql(`query($id: ID!) { referral(id: $id) { consentId consent { id } case { caseCode viaReferralId status ownerAgency { id }
      consents { id } referrals { id } registeredBy possibleDuplicates ${ALL_FIELDS.join(' ')} } } }`, { id: sent.id }, r1.fp);
    const refused = withheld(read);
    expect(sorted(Object.keys(refused))).toEqual(sorted(ALL_FIELDS.filter((f) => !expected.includes(f))));
    for (const reason of Object.values(refused)) expect(reason).toBe('NOT_DISCLOSED');
    const kase = read.data.referral.case;
    expect(kase).toMatchObject({ caseCode: c.caseCode, viaReferralId: sent.id, givenName: c.givenName, familyName: c.familyName, phone: PERSON.phone, sex: 'FEMALE' });
    expect(kase.age).toEqual(expect.any(Number));
    // what only the owning agency sees: its consents, its other referrals, who registered the case, possible duplicates
    expect(kase).toMatchObject({ status: 'OPEN', ownerAgency: { id: AGENCY.IOM_NIGER }, consents: null, referrals: null, registeredBy: null, possibleDuplicates: null });
    expect(read.data.referral.consent).toBeNull();
    // the sender sees the consent it relied on
    expect(ok(await gql(`query($id: ID!) { referral(id: $id) { consent { id categories } case { referrals { id } } } }`, { id: sent.id }, amina)).referral)
      .toEqual({ consent: { id: c.consentId, categories: ['IDENTITY', 'CONTACT', 'DEMOGRAPHICS', 'HEALTH'] }, case: { referrals: [{ id: sent.id }] } });
    for (const f of ALL_FIELDS.filter((x) => !expected.includes(x))) expect(kase[f]).toBeNull();
  });

  it('costs at most 12 SQL statements (its webhook announcement included): the case and the sender\'s relation to it are read with the service, in one', async () => {
    const c = await newCase([r1.id], ['IDENTITY', 'CONTACT']);
    const sent = await gql(`mutation($input: SendReferralInput!) { sendReferral(input: $input) { id status } }`,
      { input: { caseId: c.id, serviceId: r1.services.gbv, priority: 'NORMAL', reasons: 'Fictional: needs the service' } }, amina);
    expect(ok(sent).sendReferral.status).toBe('SENT');
    expect(Number.isFinite(sent.statements)).toBe(true);
    expect(sent.statements).toBeLessThanOrEqual(12);
  });

  it('discloses by default only the service\'s needs at the Agadez women\'s safe house', async () => {
    const svc = ok(await gql(`query($id: ID!) { service(id: $id) { referralFields } }`, { id: SERVICE.AGADEZ_GBV_SAFE_HOUSE }, amina)).service;
    const consented = ['IDENTITY', 'CONTACT', 'PROTECTION'];
    const c = await newCase([AGENCY.AGADEZ_WOMEN], consented);
    const sent = ok(await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_GBV_SAFE_HOUSE, priority: 'URGENT' })).sendReferral;
    // the demo agreement covers IDENTITY, CONTACT, DEMOGRAPHICS, PROTECTION and HEALTH, except the photo
    const expected = svc.referralFields.filter((f: string) => consented.includes(CATEGORY_OF.get(f)!) && f !== 'photoReference');
    expect(expected.length).toBeGreaterThan(2);
    expect(expected).not.toContain('age'); // DEMOGRAPHICS was not consented
    expect(expected).toContain('phone');
    expect(sorted(sent.disclosedFields)).toEqual(sorted([...expected, 'safeContact']));
    // sent under the demo agreement
    const trail = ok(await gql(`query($id: ID!) { caseAuditTrail(caseId: $id, first: 100) { edges { node { action details } } } }`, { id: c.id }, oumarou)).caseAuditTrail.edges;
    expect(trail.find((e: any) => e.node.action === 'referral.sent').node.details).toMatchObject({ referralId: sent.id, agreementIds: [DSA.IOM_NIGER_TO_AGADEZ_WOMEN], basis: 'CONSENT', consentId: c.consentId, outsideMou: false });
  });

  it('an anonymous referral discloses nothing but the case code', async () => {
    const c = await newCase([AGENCY.AGADEZ_WOMEN], ['IDENTITY', 'CONTACT', 'DEMOGRAPHICS', 'PROTECTION', 'HEALTH']);
    const sent = ok(await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_GBV_SAFE_HOUSE, priority: 'EMERGENCY', anonymous: true })).sendReferral;
    expect(sent).toMatchObject({ anonymous: true, disclosedFields: [], legalBasis: 'CONSENT' });
    const read = await readReferral(zeinabou, sent.id, `caseCode ${ALL_FIELDS.join(' ')}`);
    expect(read.data.referral.case.caseCode).toBe(c.caseCode);
    const refused = withheld(read);
    expect(sorted(Object.keys(refused))).toEqual(sorted(ALL_FIELDS));
    for (const [field, reason] of Object.entries(refused)) expect([field, reason]).toEqual([field, 'NOT_DISCLOSED']);
    for (const f of ALL_FIELDS) expect(read.data.referral.case[f]).toBeNull();
    for (const e of read.errors!) expect(e.path!.slice(0, 2)).toEqual(['referral', 'case']);
  });

  it('outsideMou: true between agencies with an agreement but no MoU, false under the active MoU', async () => {
    const c = await newCase([r1.id, AGENCY.AGADEZ_WOMEN], ['IDENTITY', 'CONTACT']);
    const outside = ok(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority: 'URGENT' })).sendReferral;
    expect(outside).toMatchObject({ outsideMou: true, mouId: null });
    expect(outside.disclosedFields.length).toBeGreaterThan(0);
    const inside = ok(await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'URGENT' })).sendReferral;
    expect(inside).toMatchObject({ outsideMou: false, mouId: MOU.IOM_NIGER_AGADEZ_WOMEN });
    // the receiver sees the same
    expect(ok(await readReferral(r1.fp, outside.id)).referral.outsideMou).toBe(true);
    expect(ok(await readReferral(zeinabou, inside.id)).referral.outsideMou).toBe(false);
  });

  it('sets the response due time from the priority: 24 h, 72 h, 14 days', async () => {
    const c = await newCase([r1.id], ['IDENTITY']);
    for (const [priority, hours] of [['EMERGENCY', 24], ['URGENT', 72], ['NORMAL', 14 * 24]] as const) {
      const before = Date.now();
      const r = ok(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority })).sendReferral;
      const sentAt = Date.parse(r.sentAt);
      expect(Math.abs(sentAt - before)).toBeLessThan(60_000);
      expect([priority, Date.parse(r.responseDueAt) - sentAt]).toEqual([priority, hours * HOUR]);
      expect(r.overdue).toBe(false);
    }
  });

  it('uses the receiving agency\'s SOP targets when one covers the service (GBV safe house: 6 h, 24 h, 168 h)', async () => {
    const c = await newCase([AGENCY.AGADEZ_WOMEN], ['IDENTITY']);
    for (const [priority, hours] of [['EMERGENCY', 6], ['URGENT', 24], ['NORMAL', 168]] as const) {
      const r = ok(await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_GBV_SAFE_HOUSE, priority })).sendReferral;
      expect([priority, Date.parse(r.responseDueAt) - Date.parse(r.sentAt)]).toEqual([priority, hours * HOUR]);
    }
    // a service of the same agency the SOP does not cover keeps the defaults
    const vocational = ok(await sendReferral(amina, { caseId: c.id, serviceId: SERVICE.AGADEZ_WOMEN_VOCATIONAL, priority: 'URGENT' })).sendReferral;
    expect(Date.parse(vocational.responseDueAt) - Date.parse(vocational.sentAt)).toBe(72 * HOUR);
  });
});

// =================================================================================================

describe('4. referral lifecycle', () => {
  let c: NewCase;
  const send = async (priority = 'URGENT') => ok(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority })).sendReferral;
  beforeAll(async () => {
    c = await newCase([r1.id], ['IDENTITY', 'CONTACT']);
  });

  it('accept: the receiver accepts with a note; the history records who, when and the note', async () => {
    const r = await send();
    const before = Date.now();
    const accepted = ok(await accept(r1.fp, r.id, 'First appointment on Monday')).acceptReferral;
    expect(accepted).toMatchObject({ status: 'ACCEPTED', declineReason: null });
    expect(Math.abs(Date.parse(accepted.respondedAt) - before)).toBeLessThan(60_000);
    expect(accepted.history).toEqual([
      { fromStatus: null, toStatus: 'SENT', actorId: USER.IOM_NIGER_CASE_MANAGER, actorAgencyId: AGENCY.IOM_NIGER, at: expect.any(String), reason: null, note: null },
      { fromStatus: 'SENT', toStatus: 'ACCEPTED', actorId: r1.fpSub, actorAgencyId: r1.id, at: expect.any(String), reason: null, note: 'First appointment on Monday' },
    ]);
    expect(Math.abs(Date.parse(accepted.history[1].at) - before)).toBeLessThan(60_000);
    expect(Date.parse(accepted.history[1].at)).toBeGreaterThanOrEqual(Date.parse(accepted.history[0].at));
    // the sender sees the same
    expect(ok(await readReferral(amina, r.id)).referral.history).toEqual(accepted.history);
  });

  it('decline: with a reason and a note (OTHER needs the note)', async () => {
    const r = await send();
    expect(codes(await decline(r1.fp, { id: r.id, reason: 'OTHER' }))).toEqual(['BAD_USER_INPUT']);
    const declined = ok(await decline(r1.fp, { id: r.id, reason: 'NO_CAPACITY', note: 'Full until next month' })).declineReferral;
    expect(declined).toMatchObject({ status: 'DECLINED', declineReason: 'NO_CAPACITY' });
    expect(declined.respondedAt).toEqual(expect.any(String));
    expect(declined.history.map((h: any) => [h.fromStatus, h.toStatus, h.actorId, h.reason, h.note])).toEqual([
      [null, 'SENT', USER.IOM_NIGER_CASE_MANAGER, null, null],
      ['SENT', 'DECLINED', r1.fpSub, 'NO_CAPACITY', 'Full until next month'],
    ]);
  });

  it('complete: an outcome, with a reason unless the service was provided', async () => {
    const r = await send();
    ok(await accept(r1.fp, r.id));
    const missing = await complete(r1.fp, { id: r.id, outcome: 'NOT_PROVIDED' });
    expect(codes(missing)).toEqual(['BAD_USER_INPUT']);
    expect(missing.errors![0].message).toContain('outcomeReason');
    expect(codes(await complete(r1.fp, { id: r.id, outcome: 'PARTIALLY_PROVIDED' }))).toEqual(['BAD_USER_INPUT']);
    expect(ok(await readReferral(r1.fp, r.id)).referral.status).toBe('ACCEPTED');
    const done = ok(await complete(r1.fp, { id: r.id, outcome: 'NOT_PROVIDED', outcomeReason: 'CLIENT_UNREACHABLE', note: 'Three calls unanswered' })).completeReferral;
    expect(done).toMatchObject({ status: 'COMPLETED', outcome: 'NOT_PROVIDED', outcomeReason: 'CLIENT_UNREACHABLE' });
    expect(done.completedAt).toEqual(expect.any(String));
    expect(done.history.map((h: any) => [h.fromStatus, h.toStatus, h.actorId, h.note])).toEqual([
      [null, 'SENT', USER.IOM_NIGER_CASE_MANAGER, null], ['SENT', 'ACCEPTED', r1.fpSub, null], ['ACCEPTED', 'COMPLETED', r1.fpSub, 'Three calls unanswered'],
    ]);

    const other = await send();
    ok(await accept(r1.fp, other.id));
    expect(codes(await complete(r1.fp, { id: other.id, outcome: 'NOT_PROVIDED', outcomeReason: 'OTHER' }))).toEqual(['BAD_USER_INPUT']);
    expect(ok(await complete(r1.fp, { id: other.id, outcome: 'NOT_PROVIDED', outcomeReason: 'OTHER', note: 'Moved to Niamey' })).completeReferral.outcomeReason).toBe('OTHER');

    const provided = await send();
    ok(await accept(r1.admin, provided.id)); // an AGENCY_ADMIN of the receiver may act too
    const ok2 = ok(await complete(r1.fp, { id: provided.id, outcome: 'SERVICE_PROVIDED' })).completeReferral;
    expect(ok2).toMatchObject({ status: 'COMPLETED', outcome: 'SERVICE_PROVIDED', outcomeReason: null });
  });

  it('cancel: the sender cancels while SENT or ACCEPTED, with a reason', async () => {
    const sent = await send();
    expect(codes(await cancel(amina, sent.id, '  '))).toEqual(['BAD_USER_INPUT']);
    const c1 = ok(await cancel(amina, sent.id, 'Found a place closer to home')).cancelReferral;
    expect(c1).toMatchObject({ status: 'CANCELLED', cancelReason: 'Found a place closer to home' });
    expect(c1.cancelledAt).toEqual(expect.any(String));
    expect(c1.history.map((h: any) => [h.fromStatus, h.toStatus, h.actorId, h.actorAgencyId, h.reason])).toEqual([
      [null, 'SENT', USER.IOM_NIGER_CASE_MANAGER, AGENCY.IOM_NIGER, null],
      ['SENT', 'CANCELLED', USER.IOM_NIGER_CASE_MANAGER, AGENCY.IOM_NIGER, 'Found a place closer to home'],
    ]);
    const acceptedOne = await send();
    ok(await accept(r1.fp, acceptedOne.id));
    const c2 = ok(await cancel(amina, acceptedOne.id)).cancelReferral;
    expect(c2.status).toBe('CANCELLED');
    expect(c2.history.map((h: any) => h.toStatus)).toEqual(['SENT', 'ACCEPTED', 'CANCELLED']);
  });

  it('refuses transitions from the wrong state with CONFLICT, changing nothing', async () => {
    const sent = await send();
    const r = await complete(r1.fp, { id: sent.id, outcome: 'SERVICE_PROVIDED' });
    expect(codes(r)).toEqual(['CONFLICT']);
    expect(ok(await readReferral(amina, sent.id)).referral).toMatchObject({ status: 'SENT', completedAt: null });

    const declined = await send();
    ok(await decline(r1.fp, { id: declined.id, reason: 'NOT_ELIGIBLE' }));
    expect(codes(await accept(r1.fp, declined.id))).toEqual(['CONFLICT']);
    expect(codes(await decline(r1.fp, { id: declined.id, reason: 'NO_CAPACITY' }))).toEqual(['CONFLICT']);
    expect(codes(await cancel(amina, declined.id))).toEqual(['CONFLICT']);

    const completed = await send();
    ok(await accept(r1.fp, completed.id));
    ok(await complete(r1.fp, { id: completed.id, outcome: 'SERVICE_PROVIDED' }));
    expect(codes(await cancel(amina, completed.id))).toEqual(['CONFLICT']);
    expect(codes(await accept(r1.fp, completed.id))).toEqual(['CONFLICT']);
    const after = ok(await readReferral(amina, completed.id)).referral;
    expect(after).toMatchObject({ status: 'COMPLETED', cancelledAt: null });
    expect(after.history.map((h: any) => h.toStatus)).toEqual(['SENT', 'ACCEPTED', 'COMPLETED']);

    const cancelled = await send();
    ok(await cancel(amina, cancelled.id));
    expect(codes(await accept(r1.fp, cancelled.id))).toEqual(['CONFLICT']);
    expect(codes(await cancel(amina, cancelled.id))).toEqual(['CONFLICT']);
  });

  it('lets only the receiver answer and only the sender cancel (FORBIDDEN), and hides the referral from others (NOT_FOUND)', async () => {
    const r = await send();
    // the sending agency cannot accept, decline or complete its own referral
    expect(codes(await accept(amina, r.id))).toEqual(['FORBIDDEN']);
    expect(codes(await accept(fatimata, r.id))).toEqual(['FORBIDDEN']);
    expect(codes(await accept(ibrahim, r.id))).toEqual(['FORBIDDEN']);
    expect(codes(await decline(ibrahim, { id: r.id, reason: 'NO_CAPACITY' }))).toEqual(['FORBIDDEN']);
    // the receiving agency cannot cancel it
    expect(codes(await cancel(r1.cm, r.id))).toEqual(['FORBIDDEN']);
    expect(codes(await cancel(r1.fp, r.id))).toEqual(['FORBIDDEN']);
    // an unrelated agency does not learn it exists
    expect(codes(await readReferral(hiba, r.id))).toEqual(['NOT_FOUND']);
    expect(codes(await readReferral(tariq, r.id))).toEqual(['NOT_FOUND']);
    expect(codes(await accept(tariq, r.id))).toEqual(['NOT_FOUND']);
    expect(codes(await decline(tariq, { id: r.id, reason: 'NO_CAPACITY' }))).toEqual(['NOT_FOUND']);
    expect(codes(await cancel(hiba, r.id))).toEqual(['NOT_FOUND']);
    expect(codes(await readReferral(hiba, randomUUID()))).toEqual(['NOT_FOUND']);
    const after = ok(await readReferral(amina, r.id)).referral;
    expect(after.status).toBe('SENT');
    expect(after.history).toHaveLength(1);
  });

  it('of an accept and a decline racing on one SENT referral, exactly one wins and the other gets CONFLICT', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await send();
      const [a, d] = await Promise.all([accept(r1.fp, r.id, 'race accept'), decline(r1.admin, { id: r.id, reason: 'NO_CAPACITY', note: 'race decline' })]);
      const outcomes = [codes(a), codes(d)];
      expect(sorted(outcomes.map((x) => x.join(',')))).toEqual(['', 'CONFLICT']);
      const winner = codes(a).length ? 'DECLINED' : 'ACCEPTED';
      const after = ok(await readReferral(amina, r.id)).referral;
      expect(after.status).toBe(winner);
      expect(after.history.map((h: any) => [h.fromStatus, h.toStatus])).toEqual([[null, 'SENT'], ['SENT', winner]]);
    }
  });
});

// =================================================================================================

describe('5. inbox and sent list', () => {
  let ri: Partner;
  let c: NewCase;
  const sent: any[] = [];
  const plan: [string, string][] = [
    ['NORMAL', 'gbv'], ['URGENT', 'health'], ['EMERGENCY', 'gbv'], ['NORMAL', 'health'], ['URGENT', 'gbv'], ['EMERGENCY', 'health'], ['NORMAL', 'gbv'],
  ];
  const inbox = async (filter: Record<string, unknown> = {}, first = 100, token?: string) =>
    ok(await gql(`query($f: ReferralFilter, $n: Int!) { referralInbox(first: $n, filter: $f) { totalCount pageInfo { hasNextPage endCursor } edges { node { id status priority overdue responseDueAt sentAt service { id } } } } }`,
      { f: filter, n: first }, token ?? ri.fp)).referralInbox;
  const idsOf = (conn: any) => conn.edges.map((e: any) => e.node.id);

  beforeAll(async () => {
    ri = await newPartner('inbox', [
      { key: 'gbv', categories: ['protection.gbv'], referralFields: ['givenName', 'familyName', 'phone', 'age'] },
      { key: 'health', categories: ['health.primary'], referralFields: ['givenName', 'familyName', 'phone', 'age'] },
    ], { categories: ['IDENTITY', 'CONTACT', 'DEMOGRAPHICS'] });
    c = await newCase([ri.id], ['IDENTITY', 'CONTACT', 'DEMOGRAPHICS']);
    for (const [priority, svc] of plan) {
      sent.push(ok(await sendReferral(amina, { caseId: c.id, serviceId: ri.services[svc], priority })).sendReferral);
      await sleep(15);
    }
    ok(await accept(ri.fp, sent[0].id));
    ok(await decline(ri.fp, { id: sent[3].id, reason: 'NOT_ELIGIBLE' }));
  });

  it('lists emergencies first, then urgent, then normal, each by response due time; totalCount counts every page', async () => {
    const all = await inbox();
    expect(all.totalCount).toBe(7);
    const rank: Record<string, number> = { EMERGENCY: 0, URGENT: 1, NORMAL: 2 };
    const nodes = all.edges.map((e: any) => e.node);
    for (let i = 1; i < nodes.length; i++) {
      const [a, b] = [nodes[i - 1], nodes[i]];
      expect(rank[a.priority] < rank[b.priority] || (a.priority === b.priority && Date.parse(a.responseDueAt) <= Date.parse(b.responseDueAt))).toBe(true);
    }
    expect(idsOf(all)).toEqual([2, 5, 1, 4, 0, 3, 6].map((i) => sent[i].id));
    const page = await inbox({}, 2);
    expect(page.totalCount).toBe(7);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(idsOf(page)).toEqual([sent[2].id, sent[5].id]);
    // the next pages continue where the first stopped
    const next = ok(await gql(`query($after: String) { referralInbox(first: 2, after: $after) { totalCount edges { node { id } } } }`, { after: page.pageInfo.endCursor }, ri.fp)).referralInbox;
    expect(idsOf(next)).toEqual([sent[1].id, sent[4].id]);
    expect(next.totalCount).toBe(7);
  });

  it('filters by status and by priority', async () => {
    const open = await inbox({ status: ['SENT'] });
    expect(open.totalCount).toBe(5);
    expect(sorted(idsOf(open))).toEqual(sorted([1, 2, 4, 5, 6].map((i) => sent[i].id)));
    const answered = await inbox({ status: ['ACCEPTED', 'DECLINED'] });
    expect(sorted(idsOf(answered))).toEqual(sorted([sent[0].id, sent[3].id]));
    const pressing = await inbox({ priority: ['EMERGENCY', 'URGENT'] });
    expect(pressing.totalCount).toBe(4);
    expect(idsOf(pressing)).toEqual([2, 5, 1, 4].map((i) => sent[i].id));
    expect(idsOf(await inbox({ priority: ['NORMAL'], status: ['SENT'] }))).toEqual([sent[6].id]);
  });

  it('filters by service category, a parent category including its sub-categories', async () => {
    const gbv = await inbox({ categoryCode: 'protection.gbv' });
    expect(sorted(idsOf(gbv))).toEqual(sorted([0, 2, 4, 6].map((i) => sent[i].id)));
    expect(gbv.totalCount).toBe(4);
    expect(sorted(idsOf(await inbox({ categoryCode: 'health.primary' })))).toEqual(sorted([1, 3, 5].map((i) => sent[i].id)));
    expect(idsOf(await inbox({ categoryCode: 'legal' }))).toEqual([]);
    // the filter is documented to include sub-categories
    const parent = await inbox({ categoryCode: 'protection' });
    expect(sorted(idsOf(parent))).toEqual(sorted([0, 2, 4, 6].map((i) => sent[i].id)));
  });

  it('filters by the time sent (from inclusive, to exclusive)', async () => {
    const window = await inbox({ sentFrom: sent[2].sentAt, sentTo: sent[5].sentAt });
    expect(sorted(idsOf(window))).toEqual(sorted([2, 3, 4].map((i) => sent[i].id)));
    expect(window.totalCount).toBe(3);
    expect(idsOf(await inbox({ sentFrom: new Date(Date.now() + HOUR).toISOString() }))).toEqual([]);
    expect((await inbox({ sentTo: sent[1].sentAt })).totalCount).toBe(1);
  });

  it('filters overdue referrals: only SENT ones past their due time', async () => {
    expect(await inbox({ overdue: true })).toMatchObject({ totalCount: 0, edges: [] });
    expect((await inbox({ overdue: false })).totalCount).toBe(7);
    // the demo data has an overdue referral to the Agadez women's NGO; a fresh one is not overdue
    const d = await newCase([AGENCY.AGADEZ_WOMEN], ['IDENTITY']);
    const fresh = ok(await sendReferral(amina, { caseId: d.id, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'EMERGENCY' })).sendReferral;
    const overdue = await inbox({ overdue: true }, 100, zeinabou);
    expect(idsOf(overdue)).toContain(REFERRAL.OVERDUE);
    expect(idsOf(overdue)).not.toContain(fresh.id);
    for (const e of overdue.edges) {
      expect(e.node).toMatchObject({ overdue: true, status: 'SENT' });
      expect(Date.parse(e.node.responseDueAt)).toBeLessThan(Date.now());
    }
    const notOverdue = await inbox({ overdue: false }, 100, zeinabou);
    expect(idsOf(notOverdue)).toContain(fresh.id);
    expect(idsOf(notOverdue)).not.toContain(REFERRAL.OVERDUE);
    for (const e of notOverdue.edges) expect(e.node.overdue).toBe(false);
  });

  it('shows the sender its sent referrals, newest first, and nobody else\'s', async () => {
    const list = ok(await gql(`query($f: ReferralFilter) { sentReferrals(first: 100, filter: $f) { totalCount edges { node { id sentAt receivingAgency { id } } } } }`,
      { f: { sentFrom: sent[0].sentAt } }, amina)).sentReferrals;
    const mine = list.edges.map((e: any) => e.node.id).filter((id: string) => sent.some((s) => s.id === id));
    expect(mine).toEqual([...sent].reverse().map((s) => s.id));
    const times = list.edges.map((e: any) => Date.parse(e.node.sentAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(ok(await gql(`query($f: ReferralFilter) { sentReferrals(filter: $f) { totalCount } }`, { f: { sentFrom: sent[0].sentAt, status: ['DECLINED'] } }, amina)).sentReferrals.totalCount).toBeGreaterThanOrEqual(1);
    // the receiver sent none; the receiver's inbox is not the sender's
    expect(ok(await gql(`{ sentReferrals { totalCount } }`, {}, await tokenFor({ sub: randomUUID(), agency: ri.id, roles: [Role.REFERRAL_FOCAL_POINT] }))).sentReferrals.totalCount).toBe(0);
    const senderInbox = ok(await gql(`{ referralInbox(first: 100) { edges { node { id } } } }`, {}, amina)).referralInbox;
    for (const s of sent) expect(idsOf(senderInbox)).not.toContain(s.id);
  });

  it('9. costs the same few SQL statements for an inbox page of 2 or 20 with case fields', async () => {
    // declined and cancelled referrals disclose nothing: the page holds the open and completed ones
    const query = (n: number) => `{ referralInbox(first: ${n}, filter: { status: [SENT, ACCEPTED, COMPLETED] }) { edges { node { id status case { caseCode givenName familyName phone age } service { name } } } } }`;
    // the agreements of the page's pairs of agencies are kept in memory at the agreements' epoch: read once,
    // and again after any write of an agreement (other test files write them meanwhile: measured again then)
    await gql(query(20), {}, ri.fp);
    let small = await gql(query(2), {}, ri.fp);
    let large = await gql(query(20), {}, ri.fp);
    for (let tries = 0; tries < 5 && large.statements !== small.statements; tries++) {
      small = await gql(query(2), {}, ri.fp);
      large = await gql(query(20), {}, ri.fp);
    }
    expect(small.errors).toBeUndefined();
    expect(large.errors).toBeUndefined();
    expect(small.data.referralInbox.edges).toHaveLength(2);
    expect(large.data.referralInbox.edges.length).toBeGreaterThan(2);
    for (const e of large.data.referralInbox.edges) expect(e.node.case).toMatchObject({ caseCode: c.caseCode, givenName: c.givenName, familyName: c.familyName, phone: PERSON.phone });
    expect(Number.isFinite(small.statements)).toBe(true);
    expect(large.statements).toBe(small.statements);
    expect(large.statements).toBeLessThanOrEqual(10);
  });

  it('9b. answers a page\'s case fields as each referral read alone does: withheld fields, fragments, aliases, computed fields, the owner\'s own records', async () => {
    // the page's statement reads the cases along, with the columns of the fields asked: the answers must not differ
    // fields that read their own columns only, and (possibleDuplicates, consents) fields that read all of them
    const fields = `...Person other: phone ... on Case { age languages status }`;
    const person = 'fragment Person on Case { caseCode givenName familyName phone }';
    const reasons = (errors: readonly any[] | undefined, prefix: (string | number)[]) => Object.fromEntries((errors ?? [])
      .filter((e) => prefix.every((p, i) => e.path?.[i] === p)).map((e) => [e.path.slice(prefix.length).join('.'), e.extensions?.code === 'FORBIDDEN_FIELD' ? e.extensions.reason : e.extensions?.code]));
    const check = async (list: 'referralInbox' | 'sentReferrals', token: string, caseFields: string) => {
      const page = await gql(`${person} { ${list}(first: 100) { edges { node { id case { ${caseFields} } } } } }`, {}, token);
      const edges = page.data[list].edges.filter((e: any) => sent.some((s) => s.id === e.node.id));
      expect(edges.length).toBe(sent.length);
      for (const e of edges) {
        const i = page.data[list].edges.indexOf(e);
        const alone = await gql(`${person} query($id: ID!) { referral(id: $id) { case { ${caseFields} } } }`, { id: e.node.id }, token);
        expect(e.node.case).toEqual(alone.data.referral.case);
        expect(reasons(page.errors, [list, 'edges', i, 'node', 'case'])).toEqual(reasons(alone.errors, ['referral', 'case']));
      }
      return edges;
    };
    const received = await check('referralInbox', ri.fp, fields);
    // a disclosed field, a withheld one and a declined referral's fields are all there
    expect(received.some((e: any) => e.node.case.givenName === c.givenName && e.node.case.age !== null)).toBe(true);
    expect(received.some((e: any) => e.node.case.languages === null)).toBe(true);
    await check('referralInbox', ri.fp, `${fields} ageBand dateOfBirth possibleDuplicates`);
    const own = await check('sentReferrals', amina, `${fields} sharedWith`);
    expect(own.every((e: any) => e.node.case.phone === PERSON.phone && e.node.case.age !== null && Array.isArray(e.node.case.sharedWith))).toBe(true);
    const records = await check('sentReferrals', amina, `${fields} consents { id }`);
    expect(records.every((e: any) => e.node.case.consents.length >= 1)).toBe(true);
  });
});

// =================================================================================================

describe('5b. paging through a busy inbox', () => {
  it('continues after the last referral shown, whatever arrives meanwhile: no referral shown twice or skipped, old cursors still work, a forged one refused', async () => {
    const rk = await newPartner('paging', [{ key: 'gbv', categories: ['protection.gbv'], referralFields: ['givenName'] }], { categories: ['IDENTITY'] });
    const c = await newCase([rk.id], ['IDENTITY']);
    const send = async (priority: string) => ok(await sendReferral(amina, { caseId: c.id, serviceId: rk.services.gbv, priority })).sendReferral.id as string;
    const first = [await send('URGENT'), await send('NORMAL'), await send('NORMAL'), await send('NORMAL')];
    const PAGE = `query($after: String) { referralInbox(first: 2, after: $after) { totalCount pageInfo { hasNextPage hasPreviousPage endCursor } edges { cursor node { id } } } }`;
    const page = async (after: string | null, token = rk.fp): Promise<GqlResult<any>> => gql(PAGE, { after }, token);
    const ids = (r: GqlResult<any>) => ok(r).referralInbox.edges.map((e: any) => e.node.id);

    const one = ok(await page(null)).referralInbox;
    expect(one.edges.map((e: any) => e.node.id)).toEqual(first.slice(0, 2));
    expect(one.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    // an emergency arrives and goes to the top, and a referral of the next page is declined (it leaves the
    // SENT-and-ACCEPTED view below): the next page still starts right after what was shown
    const emergency = await send('EMERGENCY');
    const filtered = `query($after: String) { referralInbox(first: 2, after: $after, filter: { status: [SENT] }) { edges { node { id } } pageInfo { endCursor } } }`;
    const open = ok(await gql(filtered, { after: null }, rk.fp)).referralInbox;
    expect(open.edges.map((e: any) => e.node.id)).toEqual([emergency, first[0]]);
    const two = ok(await page(one.pageInfo.endCursor)).referralInbox;
    expect(two.edges.map((e: any) => e.node.id)).toEqual(first.slice(2, 4));
    expect(two.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
    expect(two.totalCount).toBe(5);
    ok(await decline(rk.fp, { id: first[1], reason: 'NOT_ELIGIBLE' }));
    const afterEmergency = ok(await gql(filtered, { after: open.pageInfo.endCursor }, rk.fp)).referralInbox;
    expect(afterEmergency.edges.map((e: any) => e.node.id)).toEqual([first[2], first[3]]);

    // a cursor given out before (a position) still works; one made up is refused with what to fix
    const offsetCursor = Buffer.from('o:2').toString('base64url');
    expect(ids(await page(offsetCursor))).toHaveLength(2);
    for (const forged of [Buffer.from('k:["0","x"]').toString('base64url'), Buffer.from('k:not json').toString('base64url'), Buffer.from("k:[\"0\",\"2026-01-01\",\"1' OR '1'='1\"]").toString('base64url')]) {
      const refused = await page(forged);
      expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    }
    // the sender's list pages the same way, newest first
    const SENT_PAGE = `query($after: String) { sentReferrals(first: 3, after: $after) { edges { node { id sentAt } } pageInfo { endCursor } } }`;
    const newest = ok(await gql(SENT_PAGE, { after: null }, amina)).sentReferrals;
    const older = ok(await gql(SENT_PAGE, { after: newest.pageInfo.endCursor }, amina)).sentReferrals;
    const both = [...newest.edges, ...older.edges].map((e: any) => e.node);
    expect(new Set(both.map((n: any) => n.id)).size).toBe(6);
    for (let i = 1; i < both.length; i++) expect(Date.parse(both[i - 1].sentAt)).toBeGreaterThanOrEqual(Date.parse(both[i].sentAt));

    // a cursor is a position in the reader's own inbox, nothing more: another agency's inbox shows only its own
    const other = await newPartner('paging-other', [{ key: 'gbv', categories: ['protection.gbv'], referralFields: ['givenName'] }], null);
    const elsewhere = ok(await page(one.pageInfo.endCursor, other.fp)).referralInbox;
    expect(elsewhere.edges).toEqual([]);
  });

  it('a page reads only the columns its fields need, and answers every field as reading the referral alone does', async () => {
    const rk = await newPartner('columns', [{ key: 'gbv', categories: ['protection.gbv'], referralFields: ['givenName'] }], { categories: ['IDENTITY'] });
    const c = await newCase([rk.id], ['IDENTITY']);
    const sent: string[] = [];
    for (const priority of ['URGENT', 'NORMAL', 'NORMAL']) sent.push(ok(await sendReferral(amina, { caseId: c.id, serviceId: rk.services.gbv, priority, reasons: 'Fictional: needs a safe place' })).sendReferral.id as string);
    ok(await decline(rk.fp, { id: sent[1], reason: 'NOT_ELIGIBLE' }));
    ok(await cancel(amina, sent[2], 'Found a place closer to home'));
    // every field of Referral (from the schema), with the case and the relations as ids
    const { __type } = ok(await gql(`{ __type(name: "Referral") { fields { name type { kind ofType { kind ofType { kind } } } } } }`, {}, amina));
    const objectKinds = new Set(['OBJECT', 'LIST']);
    const named = (t: any): string => (t.kind === 'NON_NULL' ? named(t.ofType) : t.kind);
    const every = __type.fields.map((f: any) => (objectKinds.has(named(f.type)) && f.name !== 'disclosedFields' ? (f.name === 'history' ? `${f.name} { toStatus at }` : f.name === 'messages' ? `${f.name} { id }` : f.name === 'case' ? 'case { caseCode givenName }' : `${f.name} { id }`) : f.name)).join(' ');
    for (const [token, list] of [[rk.fp, 'referralInbox'], [amina, 'sentReferrals']] as const) {
      for (const fields of [every, 'id status', 'id overdue reasons cancelReason assignedTo', 'status forwardedTo suggestedService { id } case { caseCode }']) {
        const page = await gql(`{ ${list}(first: 50, filter: { status: [SENT, DECLINED, CANCELLED] }) { edges { node { id ${fields} } } } }`, {}, token);
        // withheld case fields (a declined referral discloses nothing) are the only errors, on the page as alone
        const refusals = (r: GqlResult<any>) => (r.errors ?? []).map((e) => `${e.extensions?.code} ${e.path?.at(-1)}`);
        for (const refusal of refusals(page)) expect(refusal).toMatch(/^FORBIDDEN_FIELD /);
        const nodes = (page.data as any)[list].edges.map((e: any) => e.node).filter((n: any) => sent.includes(n.id));
        expect(nodes).toHaveLength(3);
        for (const node of nodes) {
          const alone = await gql(`query($id: ID!) { referral(id: $id) { id ${fields} } }`, { id: node.id }, token);
          for (const refusal of refusals(alone)) expect(refusal).toMatch(/^FORBIDDEN_FIELD /);
          expect({ list, node }).toEqual({ list, node: (alone.data as any).referral });
        }
      }
    }
  });
});

describe('6. fields withheld at read time (FORBIDDEN_FIELD)', () => {
  const read = (token: string, id: string, fields: string[]) => gql(`query($id: ID!) { referral(id: $id) { id status case { caseCode ${fields.join(' ')} } } }`, { id }, token);

  it('NOT_DISCLOSED: a field the sender did not choose', async () => {
    const c = await newCase([r1.id], ['IDENTITY', 'CONTACT']);
    const r = ok(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority: 'URGENT', disclosedFields: ['givenName'] })).sendReferral;
    expect(r.disclosedFields).toEqual(['givenName']);
    const res = await read(r1.fp, r.id, ['givenName', 'phone', 'familyName']);
    expect(res.data.referral.case).toEqual({ caseCode: c.caseCode, givenName: c.givenName, phone: null, familyName: null });
    expect(withheld(res)).toEqual({ phone: 'NOT_DISCLOSED', familyName: 'NOT_DISCLOSED' });
    for (const e of res.errors!) expect(e.path).toEqual(['referral', 'case', e.path![2]]);
    // the owner reads its own case through the referral as it is
    const own = await read(amina, r.id, ['givenName', 'phone']);
    expect(own.errors).toBeUndefined();
    expect(own.data.referral.case).toEqual({ caseCode: c.caseCode, givenName: c.givenName, phone: PERSON.phone });
  });

  it('CONSENT_WITHDRAWN: an accepted referral loses the fields at the next read after the person withdraws', async () => {
    const c = await newCase([r1.id], ['IDENTITY', 'CONTACT']);
    const r = ok(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority: 'URGENT' })).sendReferral;
    ok(await accept(r1.fp, r.id));
    const before = await read(r1.fp, r.id, ['givenName', 'phone']);
    expect(before.errors).toBeUndefined();
    expect(before.data.referral.case).toMatchObject({ givenName: c.givenName, phone: PERSON.phone });

    // nobody outside the owning agency can touch the consent
    expect(codes(await withdrawConsent(hiba, c.consentId))).toEqual(['NOT_FOUND']);
    expect(codes(await recordConsent(hiba, c.id, consentInput([r1.id], ['IDENTITY'])))).toEqual(['NOT_FOUND']);
    expect(codes(await withdrawConsent(amina, c.consentId, '  '))).toEqual(['BAD_USER_INPUT']);
    expect((await read(r1.fp, r.id, ['givenName'])).errors).toBeUndefined();
    ok(await withdrawConsent(oumarou, c.consentId, 'Asked the DPO to stop sharing'));
    const after = await read(r1.fp, r.id, ['givenName', 'phone']);
    expect(after.data.referral).toMatchObject({ id: r.id, status: 'ACCEPTED', case: { caseCode: c.caseCode, givenName: null, phone: null } });
    expect(withheld(after)).toEqual({ givenName: 'CONSENT_WITHDRAWN', phone: 'CONSENT_WITHDRAWN' });
    // the inbox says the same
    const viaInbox = await gql(`{ referralInbox(first: 100, filter: { status: [ACCEPTED] }) { edges { node { id case { givenName } } } } }`, {}, r1.fp);
    const mine = viaInbox.data.referralInbox.edges.find((e: any) => e.node.id === r.id);
    expect(mine.node.case.givenName).toBeNull();
    expect((viaInbox.errors ?? []).filter((e) => e.extensions?.reason === 'CONSENT_WITHDRAWN').length).toBeGreaterThanOrEqual(1);
  });

  it('CATEGORY_NOT_CONSENTED: a new consent that supersedes the old one with fewer categories applies at once', async () => {
    const c = await newCase([r1.id], ['IDENTITY', 'CONTACT']);
    const r = ok(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority: 'URGENT', disclosedFields: ['givenName', 'phone'] })).sendReferral;
    expect((await read(r1.fp, r.id, ['givenName', 'phone'])).errors).toBeUndefined();
    const narrower = ok(await recordConsent(amina, c.id, { ...consentInput([r1.id], ['IDENTITY']), supersedesId: c.consentId })).recordConsent;
    expect(ok(await readReferral(amina, r.id)).referral.consentId).toBe(narrower.id);
    const states = ok(await gql(`query($id: ID!) { case(id: $id) { consents { id state supersededBy } } }`, { id: c.id }, amina)).case.consents;
    expect(states.find((k: any) => k.id === c.consentId)).toEqual({ id: c.consentId, state: 'SUPERSEDED', supersededBy: narrower.id });
    expect(states.find((k: any) => k.id === narrower.id)).toMatchObject({ state: 'ACTIVE', supersededBy: null });
    const after = await read(r1.fp, r.id, ['givenName', 'phone']);
    expect(after.data.referral.case).toEqual({ caseCode: c.caseCode, givenName: c.givenName, phone: null });
    expect(withheld(after)).toEqual({ phone: 'CATEGORY_NOT_CONSENTED' });
    // superseding again with a consent that no longer names the agency withholds everything
    ok(await recordConsent(amina, c.id, { ...consentInput([AGENCY.AGADEZ_WOMEN], ['IDENTITY', 'CONTACT']), supersedesId: narrower.id }));
    expect(withheld(await read(r1.fp, r.id, ['givenName', 'phone']))).toEqual({ givenName: 'CATEGORY_NOT_CONSENTED', phone: 'CATEGORY_NOT_CONSENTED' });
  });

  it('a recorded refusal that supersedes the consent stops the disclosure', async () => {
    const c = await newCase([r1.id], ['IDENTITY', 'CONTACT']);
    const r = ok(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority: 'URGENT', disclosedFields: ['givenName', 'phone'] })).sendReferral;
    expect((await read(r1.fp, r.id, ['givenName', 'phone'])).errors).toBeUndefined();
    // the person now refuses what she had agreed to: the refusal names the same purpose, agency and data
    const refusalRecord = ok(await recordConsent(amina, c.id, { ...consentInput([r1.id], ['IDENTITY', 'CONTACT']), decision: 'REFUSED', purposes: ['REFERRAL'], supersedesId: c.consentId })).recordConsent;
    expect(refusalRecord.state).toBe('REFUSED');
    const after = await read(r1.fp, r.id, ['givenName', 'phone']);
    expect(after.data.referral.case).toEqual({ caseCode: c.caseCode, givenName: null, phone: null });
    expect(Object.keys(withheld(after)).sort()).toEqual(['givenName', 'phone']);
    // and no new referral can rely on it
    expect(refusal(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority: 'URGENT' }))).toEqual([['NO_CONSENT', undefined]]);
  });

  it('CONSENT_EXPIRED: the consent relied on reaches its end date', async () => {
    const c = await newCase([r1.id], ['IDENTITY']);
    const r = ok(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority: 'URGENT', disclosedFields: ['givenName'] })).sendReferral;
    const validUntil = new Date(Date.now() + 2_500).toISOString();
    ok(await recordConsent(amina, c.id, { ...consentInput([r1.id], ['IDENTITY']), supersedesId: c.consentId, validUntil }));
    expect((await read(r1.fp, r.id, ['givenName'])).data.referral.case.givenName).toBe(c.givenName);
    await sleep(3_500);
    const after = await read(r1.fp, r.id, ['givenName']);
    expect(after.data.referral.case.givenName).toBeNull();
    expect(withheld(after)).toEqual({ givenName: 'CONSENT_EXPIRED' });
  });

  it('AGREEMENT_ENDED: the agreement the referral was sent under is terminated', async () => {
    const r2 = await newPartner('R2', [{ key: 'svc', categories: ['protection.gbv'], referralFields: ['givenName', 'phone'] }], { categories: ['IDENTITY', 'CONTACT'] });
    const c = await newCase([r2.id], ['IDENTITY', 'CONTACT']);
    const r = ok(await sendReferral(amina, { caseId: c.id, serviceId: r2.services.svc, priority: 'URGENT' })).sendReferral;
    expect(sorted(r.disclosedFields)).toEqual(['givenName', 'phone', 'safeContact']);
    ok(await accept(r2.fp, r.id));
    expect((await read(r2.fp, r.id, ['givenName', 'phone'])).errors).toBeUndefined();
    expect(ok(await terminateDsa(r2.admin, r2.dsaId!)).terminateDataSharingAgreement.status).toBe('TERMINATED');
    const after = await read(r2.fp, r.id, ['givenName', 'phone']);
    expect(after.data.referral.case).toEqual({ caseCode: c.caseCode, givenName: null, phone: null });
    expect(withheld(after)).toEqual({ givenName: 'AGREEMENT_ENDED', phone: 'AGREEMENT_ENDED' });
  });

  it('FIELD_EXCLUDED: the agreement that allowed a field ends and the one left in force excludes it', async () => {
    const r3 = await newPartner('R3', [{ key: 'svc', categories: ['protection.gbv'], referralFields: ['givenName', 'photoReference'] }], { categories: ['IDENTITY'] });
    const narrow = await iomAgreementWith(r3, ['IDENTITY'], ['photoReference']);
    const c = await newCase([r3.id], ['IDENTITY']);
    const r = ok(await sendReferral(amina, { caseId: c.id, serviceId: r3.services.svc, priority: 'URGENT', disclosedFields: ['givenName', 'photoReference'] })).sendReferral;
    const before = await read(r3.fp, r.id, ['givenName', 'photoReference']);
    expect(before.errors).toBeUndefined();
    expect(before.data.referral.case.photoReference).toBe(PERSON.photoReference);
    ok(await terminateDsa(fatimata, r3.dsaId!));
    const after = await read(r3.fp, r.id, ['givenName', 'photoReference']);
    expect(after.data.referral.case).toEqual({ caseCode: c.caseCode, givenName: c.givenName, photoReference: null });
    expect(withheld(after)).toEqual({ photoReference: 'FIELD_EXCLUDED' });
    expect(narrow).toEqual(expect.any(String));
  });

  it('REFERRAL_CANCELLED: the sender cancels and the receiver reads nothing more', async () => {
    const c = await newCase([r1.id], ['IDENTITY', 'CONTACT']);
    const r = ok(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority: 'URGENT', disclosedFields: ['givenName', 'phone'] })).sendReferral;
    ok(await accept(r1.fp, r.id));
    expect((await read(r1.fp, r.id, ['givenName', 'phone'])).errors).toBeUndefined();
    ok(await cancel(amina, r.id));
    const after = await read(r1.fp, r.id, ['givenName', 'phone', 'address']);
    expect(after.data.referral).toMatchObject({ status: 'CANCELLED', case: { caseCode: c.caseCode, givenName: null, phone: null, address: null } });
    expect(withheld(after)).toEqual({ givenName: 'REFERRAL_CANCELLED', phone: 'REFERRAL_CANCELLED', address: 'REFERRAL_CANCELLED' });
  });
});

// =================================================================================================

describe('7. the vital-interest basis', () => {
  it('lets a case manager send an EMERGENCY referral without consent, on a written justification', async () => {
    const c = await newCase([], ['IDENTITY']); // consents to no recipient at all
    const justification = 'Fictional: unconscious after a fall; cannot consent and delay would endanger life';
    expect(refusal(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority: 'EMERGENCY' }))).toEqual([['NO_CONSENT', undefined]]);
    const r = ok(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority: 'EMERGENCY', vitalInterestJustification: justification })).sendReferral;
    expect(r).toMatchObject({ legalBasis: 'VITAL_INTEREST', consentId: null, vitalInterestJustification: justification, status: 'SENT', priority: 'EMERGENCY' });
    // still no further than the agreement and the service's needs
    expect(sorted(r.disclosedFields)).toEqual(sorted([...R1_GBV_FIELDS.filter((f) => R1_DSA_CATEGORIES.includes(CATEGORY_OF.get(f)!) && f !== 'photoReference'), 'safeContact']));
    const res = await readReferral(r1.fp, r.id, 'caseCode givenName protectionConcerns healthInformation');
    expect(res.data.referral.case).toMatchObject({ caseCode: c.caseCode, givenName: c.givenName, protectionConcerns: PERSON.protectionConcerns, healthInformation: null });
    expect(withheld(res)).toEqual({ healthInformation: 'NOT_DISCLOSED' });

    // the owning agency's DPO reviews it
    const list = ok(await gql(`{ vitalInterestReferrals(first: 100) { totalCount edges { node { id legalBasis vitalInterestJustification case { id } } } } }`, {}, oumarou)).vitalInterestReferrals;
    const mine = list.edges.find((e: any) => e.node.id === r.id);
    expect(mine?.node).toMatchObject({ legalBasis: 'VITAL_INTEREST', vitalInterestJustification: justification, case: { id: c.id } });
    for (const e of list.edges) expect(e.node.legalBasis).toBe('VITAL_INTEREST');
    expect(codes(await gql(`{ vitalInterestReferrals { totalCount } }`, {}, amina))).toEqual(['FORBIDDEN']);
    expect(ok(await gql(`{ vitalInterestReferrals(first: 100) { edges { node { id } } } }`, {}, khalid)).vitalInterestReferrals.edges.map((e: any) => e.node.id)).not.toContain(r.id);

    const trail = ok(await gql(`query($id: ID!) { caseAuditTrail(caseId: $id, first: 100) { edges { node { action actorId actorAgencyId details } } } }`, { id: c.id }, oumarou)).caseAuditTrail.edges.map((e: any) => e.node);
    const override = trail.find((e: any) => e.action === 'referral.vital_interest_override');
    expect(override).toMatchObject({ actorId: USER.IOM_NIGER_CASE_MANAGER, actorAgencyId: AGENCY.IOM_NIGER, details: { referralId: r.id, receivingAgencyId: r1.id } });
    expect(trail.find((e: any) => e.action === 'referral.sent').details).toMatchObject({ referralId: r.id, basis: 'VITAL_INTEREST', consentId: null });
  });

  it('lets the data protection officer send an emergency on the vital-interest basis, but no consent-based referral', async () => {
    const c = await newCase([r1.id], ['IDENTITY']);
    expect(codes(await sendReferral(oumarou, { caseId: c.id, serviceId: r1.services.gbv, priority: 'EMERGENCY' }))).toEqual(['FORBIDDEN']);
    const r = ok(await sendReferral(oumarou, { caseId: c.id, serviceId: r1.services.gbv, priority: 'EMERGENCY', vitalInterestJustification: 'Fictional: life at risk tonight' })).sendReferral;
    expect(r).toMatchObject({ legalBasis: 'VITAL_INTEREST', sentBy: USER.IOM_NIGER_DPO, consentId: null });
    // a focal point is neither
    expect(codes(await sendReferral(ibrahim, { caseId: c.id, serviceId: r1.services.gbv, priority: 'EMERGENCY', vitalInterestJustification: 'Fictional' }))).toEqual(['FORBIDDEN']);
  });

  it('refuses the vital-interest basis for anything but an EMERGENCY (BAD_USER_INPUT)', async () => {
    const c = await newCase([], ['IDENTITY']);
    for (const priority of ['URGENT', 'NORMAL']) {
      const r = await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority, vitalInterestJustification: 'Fictional: it is serious' });
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0].message).toContain('vitalInterestJustification');
    }
    expect(ok(await gql(`query($id: ID!) { case(id: $id) { referrals { id } } }`, { id: c.id }, amina)).case.referrals).toEqual([]);
  });
});

// =================================================================================================

describe('8. audit trail and the right to know', () => {
  it('records what the receiver read, and reports which agency received what, when and on which basis', async () => {
    const c = await newCase([r1.id], ['IDENTITY', 'CONTACT', 'DEMOGRAPHICS']);
    const r = ok(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority: 'URGENT' })).sendReferral;
    expect(sorted(r.disclosedFields)).toEqual(['age', 'familyName', 'givenName', 'phone', 'safeContact', 'sex']);
    const res = await readReferral(r1.fp, r.id, 'caseCode givenName phone');
    expect(res.errors).toBeUndefined();
    // a field the receiver may not read is not recorded as read
    expect(withheld(await readReferral(r1.fp, r.id, 'protectionConcerns'))).toEqual({ protectionConcerns: 'NOT_DISCLOSED' });

    const trail = ok(await gql(`query($id: ID!) { caseAuditTrail(caseId: $id, first: 100) { totalCount edges { node { action actorId actorAgencyId entityType entityId details } } } }`, { id: c.id }, oumarou)).caseAuditTrail;
    const actions = trail.edges.map((e: any) => e.node.action);
    expect(actions).toEqual(expect.arrayContaining(['case.registered', 'consent.granted', 'referral.sent', 'case.disclosed']));
    const disclosed = trail.edges.map((e: any) => e.node).filter((e: any) => e.action === 'case.disclosed');
    expect(disclosed).toHaveLength(1);
    expect(disclosed[0]).toMatchObject({ actorId: r1.fpSub, actorAgencyId: r1.id, entityType: 'case', entityId: c.id, details: { referralId: r.id, consentId: c.consentId, agreementIds: [r1.dsaId] } });
    expect(sorted(disclosed[0].details.fields)).toEqual(['givenName', 'phone']);
    // the audit log never holds the values
    expect(JSON.stringify(trail)).not.toContain(c.givenName);
    expect(JSON.stringify(trail)).not.toContain(PERSON.phone);

    const report = ok(await gql(`query($id: ID!) { disclosureReport(caseId: $id) { agencyId fieldsSent fieldsRead bases referralIds consentIds agreementIds reads firstAt lastAt } }`, { id: c.id }, oumarou)).disclosureReport;
    expect(report).toHaveLength(1);
    expect(report[0]).toMatchObject({
      agencyId: r1.id, fieldsSent: ['age', 'familyName', 'givenName', 'phone', 'safeContact', 'sex'], fieldsRead: ['givenName', 'phone'], bases: ['CONSENT'],
      referralIds: [r.id], consentIds: [c.consentId], agreementIds: [r1.dsaId], reads: 1,
    });
    expect(Date.parse(report[0].lastAt)).toBeGreaterThanOrEqual(Date.parse(report[0].firstAt));
    // the case manager may see the report too
    expect(ok(await gql(`query($id: ID!) { disclosureReport(caseId: $id) { agencyId } }`, { id: c.id }, amina)).disclosureReport).toEqual([{ agencyId: r1.id }]);
  });

  it('records each of many reads ending together as its own event, chained, each costing its request one statement', async () => {
    // requests that end together share one INSERT (group commit): each keeps its own event, in the chain
    const c = await newCase([r1.id], ['IDENTITY', 'CONTACT']);
    const r = ok(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority: 'URGENT' })).sendReferral;
    const fields = ['givenName', 'phone', 'familyName', 'givenName phone', 'phone familyName', 'givenName familyName'];
    // the agreements between the two agencies are read once and kept (src/agreements/pair-cache.ts); a read that
    // finds them changed since (another test file's write of an agreement) reads them again: one statement more
    await readReferral(r1.fp, r.id, 'givenName');
    const reads = await Promise.all(Array.from({ length: 12 }, (_, i) => readReferral(r1.fp, r.id, fields[i % fields.length])));
    for (const read of reads) expect(read.errors).toBeUndefined();
    const costs = reads.map((read) => read.statements);
    expect(Math.max(...costs) - Math.min(...costs)).toBeLessThanOrEqual(1);
    const trail = ok(await gql(`query($id: ID!) { caseAuditTrail(caseId: $id, first: 100) { edges { node { action actorId details } } } }`, { id: c.id }, oumarou)).caseAuditTrail;
    const disclosed = trail.edges.map((e: any) => e.node).filter((e: any) => e.action === 'case.disclosed');
    expect(disclosed).toHaveLength(13); // the first read, then the twelve
    for (const e of disclosed) expect(e).toMatchObject({ actorId: r1.fpSub, details: { referralId: r.id, consentId: c.consentId } });
    expect(disclosed.map((e: any) => sorted(e.details.fields).join(' ')).sort()).toEqual(['givenName', ...reads.map((_, i) => sorted(fields[i % fields.length].split(' ')).join(' '))].sort());
    expect(ok(await gql(VERIFY_CHAIN, {}, await tokenFor('nadia.admin@referral-network.example.org'))).verifyAuditChain).toMatchObject({ intact: true, firstBrokenSeq: null });
  });

  it('logs the reads of one request once, but shows each case only its own reads', async () => {
    const a = await newCase([r1.id], ['IDENTITY', 'CONTACT']);
    const b = await newCase([r1.id], ['IDENTITY', 'CONTACT']);
    const ra = ok(await sendReferral(amina, { caseId: a.id, serviceId: r1.services.gbv, priority: 'URGENT' })).sendReferral;
    const rb = ok(await sendReferral(amina, { caseId: b.id, serviceId: r1.services.gbv, priority: 'URGENT' })).sendReferral;
    // one request reads both cases: a's name and b's phone
    const both = await gql(`query($a: ID!, $b: ID!) { a: referral(id: $a) { case { givenName } } b: referral(id: $b) { case { phone } } }`, { a: ra.id, b: rb.id }, r1.fp);
    expect(both.errors).toBeUndefined();
    const disclosedOf = async (caseId: string) => ok(await gql(`query($id: ID!) { caseAuditTrail(caseId: $id, first: 100) { edges { node { id action entityId details } } } }`,
      { id: caseId }, oumarou)).caseAuditTrail.edges.map((e: any) => e.node).filter((e: any) => e.action === 'case.disclosed');
    const readsOfA = await disclosedOf(a.id);
    const readsOfB = await disclosedOf(b.id);
    expect([readsOfA.length, readsOfB.length]).toEqual([1, 1]);
    const [readA, readB] = [readsOfA[0], readsOfB[0]];
    expect(readA).toMatchObject({ entityId: a.id, details: { referralId: ra.id, fields: ['givenName'] } });
    expect(readB).toMatchObject({ entityId: b.id, details: { referralId: rb.id, fields: ['phone'] } });
    // nothing of the other case leaks into a case's trail
    expect(JSON.stringify(readA)).not.toContain(b.id);
    expect(JSON.stringify(readA)).not.toContain(rb.id);
    expect(JSON.stringify(readB)).not.toContain(ra.id);
    expect(readA.id).not.toEqual(readB.id);
  });

  it('hides the audit trail and the report of a case from any other agency (NOT_FOUND)', async () => {
    const c = await newCase([r1.id], ['IDENTITY']);
    const r = ok(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority: 'URGENT' })).sendReferral;
    ok(await readReferral(r1.fp, r.id, 'givenName'));
    expect(codes(await gql(`query($id: ID!) { caseAuditTrail(caseId: $id) { totalCount } }`, { id: c.id }, khalid))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(`query($id: ID!) { disclosureReport(caseId: $id) { agencyId } }`, { id: c.id }, khalid))).toEqual(['NOT_FOUND']);
    // not even the receiving agency's DPO: the case is not its own
    const r1Dpo = await tokenFor({ sub: randomUUID(), agency: r1.id, roles: [Role.DATA_PROTECTION_OFFICER] });
    expect(codes(await gql(`query($id: ID!) { caseAuditTrail(caseId: $id) { totalCount } }`, { id: c.id }, r1Dpo))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(`query($id: ID!) { disclosureReport(caseId: $id) { agencyId } }`, { id: c.id }, r1Dpo))).toEqual(['NOT_FOUND']);
    // a case manager is not a DPO
    expect(codes(await gql(`query($id: ID!) { caseAuditTrail(caseId: $id) { totalCount } }`, { id: c.id }, amina))).toEqual(['FORBIDDEN']);
  });

  it('reports a vital-interest disclosure with its basis', async () => {
    const c = await newCase([], ['IDENTITY']);
    const r = ok(await sendReferral(amina, { caseId: c.id, serviceId: r1.services.gbv, priority: 'EMERGENCY', vitalInterestJustification: 'Fictional: life at risk' })).sendReferral;
    ok(await readReferral(r1.fp, r.id, 'givenName'));
    const report = ok(await gql(`query($id: ID!) { disclosureReport(caseId: $id) { agencyId bases fieldsRead consentIds referralIds } }`, { id: c.id }, oumarou)).disclosureReport;
    expect(report).toEqual([{ agencyId: r1.id, bases: ['VITAL_INTEREST'], fieldsRead: ['givenName'], consentIds: [], referralIds: [r.id] }]);
  });
});
