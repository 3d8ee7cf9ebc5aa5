import { randomUUID } from 'node:crypto';
import { Role } from '../src/auth/roles';
import { AGENCY, SERVICE, USER } from '../seed/demo-data';
import { CASE } from '../seed/cases-data';
import { codes, gql, ok, tokenFor, wholeAuditTrail, type GqlResult } from './support/client';

/**
 * The person's data over its whole life (issue 15), three parts: a child's consent (assent with a guardian,
 * or a best-interest determination), safe-contact instructions that go with every contact field, and the
 * record of rectifications. Every case here is this file's own (IOM Niger); the receiving agency is the
 * Agadez women's NGO under the demo agreement, or a partner created here.
 */

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let seq = 0;
const unique = (prefix: string) => `${prefix}${run}x${++seq}`;
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const bornYearsAgo = (years: number) => day(-Math.round(years * 365.25));
const sorted = (list: string[]) => [...list].sort();

let amina: string; // IOM Niger case manager
let moussa: string; // IOM Niger case manager, not assigned
let ibrahim: string; // IOM Niger referral focal point
let aissata: string; // IOM Niger case supervisor
let fatimata: string; // IOM Niger agency admin
let oumarou: string; // IOM Niger data protection officer
let zeinabou: string; // Agadez women's NGO focal point (receiver)
let hadiza: string; // Agadez women's NGO data protection officer
let khalid: string; // Khartoum legal NGO data protection officer (unrelated)
let networkAdmin: string;

const CASE_READ = `id caseCode givenName familyName dateOfBirth dateOfBirthEstimated age phone
  safeContact { method hoursFrom hoursUntil intermediary codeWord }
  consents { id givenBy method guardianName guardianRelation bestInterestDeterminedBy bestInterestDeterminedOn }`;

const consentInput = (extra: Record<string, unknown> = {}, recipients: string[] = [AGENCY.AGADEZ_WOMEN], categories = ['IDENTITY', 'CONTACT', 'DEMOGRAPHICS']) => ({
  decision: 'GRANTED', method: 'WRITTEN_FORM', language: 'fr', purposes: ['REGISTRATION', 'REFERRAL'], recipientAgencyIds: recipients, categories, ...extra,
});

const register = (person: Record<string, unknown>, consent: Record<string, unknown>, token = amina) =>
  gql(`mutation($i: RegisterCaseInput!) { registerCase(input: $i) { ${CASE_READ} } }`, { i: { person: { familyName: unique('Fam'), ...person }, consent } }, token);

const recordConsent = (caseId: string, input: Record<string, unknown>, token = amina) =>
  gql(`mutation($c: ID!, $i: ConsentInput!) { recordConsent(caseId: $c, input: $i) { id givenBy guardianName guardianRelation bestInterestDeterminedBy bestInterestDeterminedOn } }`, { c: caseId, i: input }, token);

const send = (input: Record<string, unknown>, token = amina) =>
  gql(`mutation($i: SendReferralInput!) { sendReferral(input: $i) { id disclosedFields } }`,
    { i: { serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', reasons: 'Fictional: listening', ...input } }, token);

const readAsReceiver = (referralId: string, fields: string, token = zeinabou) =>
  gql(`query($id: ID!) { referral(id: $id) { case { ${fields} } } }`, { id: referralId }, token);

const searchCount = async (name: string) => ok(await gql(`query($s: String) { cases(filter: { search: $s }) { totalCount } }`, { s: name }, amina)).cases.totalCount;

/** field name -> FORBIDDEN_FIELD reason, for the withheld fields of a response. */
function withheld(r: GqlResult): Record<string, string> {
  const out: Record<string, string> = {};
  for (const e of r.errors ?? []) {
    expect(e.extensions?.code).toBe('FORBIDDEN_FIELD');
    out[String(e.path![e.path!.length - 1])] = e.extensions!.reason;
  }
  return out;
}

beforeAll(async () => {
  [amina, moussa, ibrahim, aissata, fatimata, oumarou, zeinabou, hadiza, khalid, networkAdmin] = await Promise.all([
    'amina.cm@iom-niger.example.org', 'moussa.cm@iom-niger.example.org', 'ibrahim.rfp@iom-niger.example.org', 'aissata.sup@iom-niger.example.org',
    'fatimata.admin@iom-niger.example.org', 'oumarou.dpo@iom-niger.example.org', 'zeinabou.rfp@tenere-femmes.example.org', 'hadiza.dpo@tenere-femmes.example.org',
    'khalid.dpo@nile-legal.example.org', 'nadia.admin@referral-network.example.org',
  ].map((e) => tokenFor(e)));
});

// =================================================================================================

describe('children and capacity: a person under 18 does not consent alone', () => {
  it('refuses givenBy PERSON for a minor by date of birth (BAD_USER_INPUT, saying what to provide) and records nothing', async () => {
    const givenName = unique('Minora');
    const r = await register({ givenName, dateOfBirth: bornYearsAgo(15) }, consentInput({ givenBy: 'PERSON' }));
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.data).toBeNull();
    const message = r.errors![0].message;
    expect(message).toContain('input.consent.givenBy');
    expect(message).toContain('under 18');
    for (const what of ['CHILD_WITH_GUARDIAN', 'guardianName', 'guardianRelation', 'BEST_INTEREST_DETERMINATION', 'bestInterestDeterminedBy', 'bestInterestDeterminedOn']) expect(message).toContain(what);
    expect(await searchCount(givenName)).toBe(0);
  });

  it('takes PERSON as the default givenBy, and refuses it for a minor known only by an estimated age, or a caregiver alone', async () => {
    const noGivenBy = await register({ givenName: unique('Estima'), ageEstimate: 14 }, consentInput());
    expect(codes(noGivenBy)).toEqual(['BAD_USER_INPUT']);
    expect(noGivenBy.errors![0].message).toContain('(PERSON)');
    const caregiver = await register({ givenName: unique('Carega'), ageEstimate: 9 }, consentInput({ givenBy: 'CAREGIVER' }));
    expect(codes(caregiver)).toEqual(['BAD_USER_INPUT']);
    // an estimated age under 18 is enough even when a date of birth says otherwise: a child is never taken for an adult
    const conflicting = await register({ givenName: unique('Confla'), dateOfBirth: bornYearsAgo(25), ageEstimate: 16 }, consentInput());
    expect(codes(conflicting)).toEqual(['BAD_USER_INPUT']);
  });

  it('accepts an adult\'s own consent, givenBy left to its default', async () => {
    const c = ok(await register({ givenName: unique('Adulta'), dateOfBirth: bornYearsAgo(30) }, consentInput())).registerCase;
    expect(c.consents).toEqual([expect.objectContaining({ givenBy: 'PERSON', guardianName: null, bestInterestDeterminedBy: null })]);
    // no age known: nothing to refuse on
    ok(await register({ givenName: unique('Ageless') }, consentInput()));
  });

  it('accepts the child\'s assent with a guardian\'s consent, with the guardian named and related; an estimated date of birth counts', async () => {
    const missing = await register({ givenName: unique('Kida'), dateOfBirth: bornYearsAgo(12) }, consentInput({ givenBy: 'CHILD_WITH_GUARDIAN' }));
    expect(codes(missing)).toEqual(['BAD_USER_INPUT']);
    expect(missing.errors![0].extensions?.problems.map((p: any) => p.field)).toEqual(['input.consent.guardianName', 'input.consent.guardianRelation']);

    const guardianName = `Fictional guardian ${unique('G')}`;
    const estimated = await register({ givenName: unique('Kidb'), dateOfBirth: `${new Date().getUTCFullYear() - 13}-01-01`, dateOfBirthEstimated: true }, consentInput({ givenBy: 'PERSON' }));
    expect(codes(estimated)).toEqual(['BAD_USER_INPUT']);
    const child = ok(await register({ givenName: unique('Kidc'), dateOfBirth: `${new Date().getUTCFullYear() - 13}-01-01`, dateOfBirthEstimated: true },
      consentInput({ givenBy: 'CHILD_WITH_GUARDIAN', method: 'ASSENT_WITH_GUARDIAN', guardianName, guardianRelation: 'PARENT' }))).registerCase;
    expect(child).toMatchObject({ dateOfBirthEstimated: true, age: expect.any(Number) });
    expect(child.age).toBeLessThan(18);
    expect(child.consents).toEqual([expect.objectContaining({ givenBy: 'CHILD_WITH_GUARDIAN', method: 'ASSENT_WITH_GUARDIAN', guardianName, guardianRelation: 'PARENT' })]);

    // the guardian's name is personal data: never in the audit log
    const trail = await wholeAuditTrail(child.id, oumarou);
    expect(trail.find((e: any) => e.action === 'consent.granted').details).toMatchObject({ givenBy: 'CHILD_WITH_GUARDIAN' });
    expect(JSON.stringify(trail)).not.toContain(guardianName);

    // nor shown to a receiving agency, nor to staff of the owning agency who may not read the case's consents
    const referral = ok(await send({ caseId: child.id, disclosedFields: ['givenName'] })).sendReferral;
    const asReceiver = await gql(`query($id: ID!) { referral(id: $id) { consent { guardianName } case { givenName consents { guardianName } } } }`, { id: referral.id }, zeinabou);
    expect(asReceiver.data.referral).toEqual({ consent: null, case: { givenName: child.givenName, consents: null } });
    expect(JSON.stringify(asReceiver)).not.toContain(guardianName);
    const asFocalPoint = await gql(`query($id: ID!) { referral(id: $id) { consent { guardianName } } }`, { id: referral.id }, ibrahim);
    expect(asFocalPoint.data.referral.consent).toBeNull();
    expect(ok(await gql(`query($id: ID!) { referral(id: $id) { consent { guardianName } } }`, { id: referral.id }, amina)).referral.consent).toEqual({ guardianName });
  });

  it('accepts a best-interest determination by a named staff member of the agency on a given day, and refuses it half recorded', async () => {
    const person = () => ({ givenName: unique('Bida'), ageEstimate: 16 });
    const bid = (extra: Record<string, unknown>) => consentInput({ givenBy: 'BEST_INTEREST_DETERMINATION', ...extra });
    const noOne = await register(person(), bid({ bestInterestDeterminedOn: day(-1) }));
    expect(codes(noOne)).toEqual(['BAD_USER_INPUT']);
    expect(noOne.errors![0].message).toContain('bestInterestDeterminedBy');
    const noDay = await register(person(), bid({ bestInterestDeterminedBy: USER.IOM_NIGER_SUPERVISOR }));
    expect(noDay.errors![0].message).toContain('bestInterestDeterminedOn');
    const future = await register(person(), bid({ bestInterestDeterminedBy: USER.IOM_NIGER_SUPERVISOR, bestInterestDeterminedOn: day(3) }));
    expect(future.errors![0].message).toContain('future');
    const otherAgency = await register(person(), bid({ bestInterestDeterminedBy: USER.KHARTOUM_LEGAL_DPO, bestInterestDeterminedOn: day(-1) }));
    expect(codes(otherAgency)).toEqual(['BAD_USER_INPUT']);
    expect(otherAgency.errors![0].message).toContain('staff member of your agency');
    const unknown = await register(person(), bid({ bestInterestDeterminedBy: randomUUID(), bestInterestDeterminedOn: day(-1) }));
    expect(codes(unknown)).toEqual(['BAD_USER_INPUT']);
    // a determination goes with its own route only
    const stray = await register({ givenName: unique('Adultb'), ageEstimate: 40 }, consentInput({ bestInterestDeterminedBy: USER.IOM_NIGER_SUPERVISOR }));
    expect(codes(stray)).toEqual(['BAD_USER_INPUT']);

    const c = ok(await register(person(), bid({ bestInterestDeterminedBy: USER.IOM_NIGER_SUPERVISOR, bestInterestDeterminedOn: day(-1) }))).registerCase;
    expect(c.consents).toEqual([expect.objectContaining({ givenBy: 'BEST_INTEREST_DETERMINATION', bestInterestDeterminedBy: USER.IOM_NIGER_SUPERVISOR, bestInterestDeterminedOn: day(-1) })]);
    const trail = await wholeAuditTrail(c.id, oumarou);
    expect(trail.find((e: any) => e.action === 'consent.granted').details).toMatchObject({ givenBy: 'BEST_INTEREST_DETERMINATION', bestInterestDeterminedBy: USER.IOM_NIGER_SUPERVISOR });
  });

  it('applies the same rule to a consent recorded later for a minor\'s case', async () => {
    const c = ok(await register({ givenName: unique('Later'), dateOfBirth: bornYearsAgo(10) },
      consentInput({ givenBy: 'GUARDIAN', method: 'ASSENT_WITH_GUARDIAN', guardianName: 'Fictional aunt' }))).registerCase;
    const refused = await recordConsent(c.id, consentInput({ givenBy: 'PERSON', supersedesId: c.consents[0].id }));
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0].message).toContain('input.givenBy');
    // a guardian without the child's assent is not enough either
    expect(codes(await recordConsent(c.id, consentInput({ givenBy: 'GUARDIAN', guardianName: 'Fictional aunt' })))).toEqual(['BAD_USER_INPUT']);
    const later = ok(await recordConsent(c.id, consentInput({ givenBy: 'CHILD_WITH_GUARDIAN', guardianName: 'Fictional aunt', guardianRelation: 'RELATIVE', supersedesId: c.consents[0].id }))).recordConsent;
    expect(later).toMatchObject({ givenBy: 'CHILD_WITH_GUARDIAN', guardianRelation: 'RELATIVE' });
  });

  it('refuses an estimated date of birth without the date', async () => {
    const r = await register({ givenName: unique('Nodate'), dateOfBirthEstimated: true, ageEstimate: 30 }, consentInput());
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].message).toContain('input.person.dateOfBirthEstimated');
  });

  it('shows the demo child\'s consent through her guardian to her case manager', async () => {
    const mariam = ok(await gql(`query($id: ID!) { case(id: $id) { dateOfBirthEstimated safeContact { method intermediary } consents { givenBy guardianRelation } } }`, { id: CASE.MARIAM }, amina)).case;
    expect(mariam).toMatchObject({ dateOfBirthEstimated: true, safeContact: { method: 'THROUGH_INTERMEDIARY' }, consents: [{ givenBy: 'CHILD_WITH_GUARDIAN', guardianRelation: 'GUARDIANSHIP_AUTHORITY' }] });
  });
});

// =================================================================================================

describe('safe contact: disclosed with every contact field, never left out', () => {
  const SAFE = { method: 'CALL_AT_HOURS', hoursFrom: '18:00', hoursUntil: '20:00', codeWord: 'Fictional: mango' };
  const phone = '+227 90 55 44 33';
  let caseId: string;

  beforeAll(async () => {
    caseId = ok(await register({ givenName: unique('Safa'), dateOfBirth: bornYearsAgo(28), phone, address: 'Fictional street', safeContact: SAFE },
      consentInput({}, [AGENCY.AGADEZ_WOMEN], ['IDENTITY', 'CONTACT']))).registerCase.id;
  });

  it('records structured safe-contact instructions and refuses incomplete ones', async () => {
    expect(ok(await gql(`query($id: ID!) { case(id: $id) { safeContact { method hoursFrom hoursUntil intermediary codeWord } } }`, { id: caseId }, amina)).case.safeContact)
      .toEqual({ ...SAFE, intermediary: null });
    const update = (safeContact: Record<string, unknown>) => gql(`mutation($i: UpdateCaseInput!) { updateCase(input: $i) { id } }`, { i: { id: caseId, person: { safeContact } } }, amina);
    for (const bad of [{ method: 'CALL_AT_HOURS' }, { method: 'THROUGH_INTERMEDIARY', intermediary: '  ' }, { method: 'DO_NOT_CALL', hoursFrom: '08:00', hoursUntil: '09:00' }, { method: 'CALL_AT_HOURS', hoursFrom: '25:00', hoursUntil: '26:00' }]) {
      const r = await update(bad);
      expect([JSON.stringify(bad), codes(r)]).toEqual([JSON.stringify(bad), ['BAD_USER_INPUT']]);
      expect(r.errors![0].message).toContain('safeContact');
    }
  });

  it('adds safeContact to a referral that discloses the phone, even when the sender leaves it out, and the receiver reads both', async () => {
    const r = ok(await send({ caseId, disclosedFields: ['givenName', 'phone'] })).sendReferral;
    expect(sorted(r.disclosedFields)).toEqual(['givenName', 'phone', 'safeContact']);
    const read = ok(await readAsReceiver(r.id, 'phone safeContact { method hoursFrom hoursUntil intermediary codeWord }')).referral.case;
    expect(read).toEqual({ phone, safeContact: { ...SAFE, intermediary: null } });
    // the default list does the same
    const byDefault = ok(await send({ caseId })).sendReferral;
    if (byDefault.disclosedFields.includes('phone')) expect(byDefault.disclosedFields).toContain('safeContact');
    // the receiver's read of it is audited like any other field
    const trail = await wholeAuditTrail(caseId, oumarou);
    const reads = trail.filter((e: any) => e.action === 'case.disclosed' && e.details.referralId === r.id);
    expect(reads.flatMap((e: any) => e.details.fields)).toEqual(expect.arrayContaining(['phone', 'safeContact']));
    expect(JSON.stringify(trail)).not.toMatch(/mango|18:00/);
  });

  it('does not disclose safeContact with no contact field, under the same field-by-field rule', async () => {
    const r = ok(await send({ caseId, disclosedFields: ['givenName'] })).sendReferral;
    expect(r.disclosedFields).toEqual(['givenName']);
    const read = await readAsReceiver(r.id, 'givenName safeContact { method }');
    expect(read.data.referral.case.safeContact).toBeNull();
    expect(withheld(read)).toEqual({ safeContact: 'NOT_DISCLOSED' });
  });

  it('refuses to disclose the phone when the agreement does not let safeContact pass, and leaves contact out of the default list', async () => {
    // a partner whose agreement with IOM Niger covers CONTACT but excludes safeContact
    const areas = ok(await gql(`{ areas(first: 100, filter: { countryCode: "NE" }) { edges { node { id code } } } }`, {}, networkAdmin)).areas.edges;
    const areaId = areas.find((e: any) => e.node.code === 'NE-1-AGZ').node.id;
    const partnerId = ok(await gql(`mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
      { input: { names: [{ lang: 'en', text: `Safe contact partner ${run}` }], type: 'NATIONAL_NGO', countryCode: 'NE', languages: ['fr'], fictional: true } }, networkAdmin)).createAgency.id;
    const admin = await tokenFor({ sub: randomUUID(), agency: partnerId, roles: [Role.AGENCY_ADMIN] });
    const fp = await tokenFor({ sub: randomUUID(), agency: partnerId, roles: [Role.REFERRAL_FOCAL_POINT] });
    const locationId = ok(await gql(`mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`,
      { input: { agencyId: partnerId, names: [{ lang: 'en', text: 'Office' }], facilityType: 'OTHER', areaId } }, admin)).createLocation.id;
    const serviceId = ok(await gql(`mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`, { input: {
      agencyId: partnerId, names: [{ lang: 'en', text: `Safe contact service ${run}` }], categoryCodes: ['protection.gbv'], populations: ['ALL'], locationIds: [locationId],
      languages: ['fr'], channels: ['WALK_IN'], timezone: 'Africa/Niamey', referralFields: ['givenName', 'phone'],
    } }, admin)).createService.id;
    const dsa = ok(await gql(`mutation($input: CreateDsaInput!) { createDataSharingAgreement(input: $input) { id } }`, { input: {
      referenceNumber: unique('DSA-SAFE-'), title: 'Safe contact test agreement', providingAgencyId: AGENCY.IOM_NIGER, receivingAgencyId: partnerId,
      purposes: ['REFERRAL_AND_SERVICE_DELIVERY'], categories: ['IDENTITY', 'CONTACT'], excludedFields: ['safeContact'], validFrom: day(-1), validUntil: day(365),
      retentionDays: 90, onwardSharingAllowed: false, riskAssessmentDate: day(-2), riskAssessmentReference: 'RBA-FICT-SAFE',
    } }, fatimata)).createDataSharingAgreement.id;
    ok(await gql(`mutation($id: ID!) { signDataSharingAgreement(id: $id) { status } }`, { id: dsa }, fatimata));
    expect(ok(await gql(`mutation($id: ID!) { signDataSharingAgreement(id: $id) { status } }`, { id: dsa }, admin)).signDataSharingAgreement.status).toBe('ACTIVE');
    const c = ok(await register({ givenName: unique('Safb'), dateOfBirth: bornYearsAgo(33), phone, safeContact: { method: 'DO_NOT_CALL' } },
      consentInput({}, [partnerId], ['IDENTITY', 'CONTACT']))).registerCase;

    const refused = await send({ caseId: c.id, serviceId, disclosedFields: ['givenName', 'phone'] });
    expect(codes(refused)).toEqual(['FORBIDDEN']);
    const reasons = refused.errors![0].extensions!.reasons;
    expect(reasons).toEqual([expect.objectContaining({ code: 'SAFE_CONTACT_REQUIRED', field: 'safeContact' })]);
    expect(reasons[0].message).toContain('phone');
    expect(reasons[0].message).toContain('safe-contact instructions');
    expect(ok(await gql(`query($id: ID!) { case(id: $id) { referrals { id } } }`, { id: c.id }, amina)).case.referrals).toEqual([]);
    // the refused attempt is audited with its codes
    const trail = await wholeAuditTrail(c.id, oumarou);
    expect(trail.find((e: any) => e.action === 'referral.refused').details.reasons).toEqual([{ code: 'SAFE_CONTACT_REQUIRED', field: 'safeContact' }]);

    // without a list, the contact fields are left out rather than sent without their instructions
    const byDefault = ok(await send({ caseId: c.id, serviceId })).sendReferral;
    expect(byDefault.disclosedFields).toEqual(['givenName']);
    const read = await readAsReceiver(byDefault.id, 'givenName phone', fp);
    expect(read.data.referral.case).toEqual({ givenName: c.givenName, phone: null });
    expect(withheld(read)).toEqual({ phone: 'NOT_DISCLOSED' });
  });
});

// =================================================================================================

describe('rectification: who changed which fields when, for the owner\'s DPO; receivers read the corrected value', () => {
  let caseId: string;
  let referralId: string;
  const familyName = unique('Recti');
  const listChanges = (token: string, id = caseId) =>
    gql(`query($id: ID!) { caseFieldChanges(caseId: $id, first: 10) { totalCount edges { node { id fields changedBy changedAt } } } }`, { id }, token);
  const update = (person: Record<string, unknown>, token = amina) =>
    gql(`mutation($i: UpdateCaseInput!) { updateCase(input: $i) { id phone familyName } }`, { i: { id: caseId, person } }, token);

  beforeAll(async () => {
    caseId = ok(await register({ givenName: unique('Rect'), familyName, dateOfBirth: bornYearsAgo(40), phone: '+227 90 10 10 10' },
      consentInput({}, [AGENCY.AGADEZ_WOMEN], ['IDENTITY', 'CONTACT']))).registerCase.id;
    referralId = ok(await send({ caseId, disclosedFields: ['givenName', 'familyName', 'phone'] })).sendReferral.id;
  });

  it('records the names of the fields that changed (not those sent unchanged), and the receiver reads the corrected value at its next read', async () => {
    expect(ok(await readAsReceiver(referralId, 'phone familyName')).referral.case).toEqual({ phone: '+227 90 10 10 10', familyName });
    const before = ok(await listChanges(oumarou)).caseFieldChanges;
    expect(before).toEqual({ totalCount: 0, edges: [] });

    ok(await update({ phone: '+227 90 20 20 20', familyName, safeContact: { method: 'IN_PERSON_ONLY' } }));
    expect(ok(await readAsReceiver(referralId, 'phone familyName safeContact { method }')).referral.case)
      .toEqual({ phone: '+227 90 20 20 20', familyName, safeContact: { method: 'IN_PERSON_ONLY' } });

    ok(await update({ familyName: `${familyName}-Corrected`, dateOfBirth: bornYearsAgo(41), dateOfBirthEstimated: true }));
    expect(ok(await readAsReceiver(referralId, 'familyName')).referral.case.familyName).toBe(`${familyName}-Corrected`);
    // sending the same values again changes nothing, and records nothing
    ok(await update({ phone: '+227 90 20 20 20', safeContact: { method: 'IN_PERSON_ONLY', codeWord: null } }));

    const changes = ok(await listChanges(oumarou)).caseFieldChanges;
    expect(changes.totalCount).toBe(2);
    expect(changes.edges.map((e: any) => sorted(e.node.fields))).toEqual([['dateOfBirth', 'dateOfBirthEstimated', 'familyName'], ['phone', 'safeContact']]);
    for (const e of changes.edges) expect(e.node).toMatchObject({ changedBy: USER.IOM_NIGER_CASE_MANAGER, changedAt: expect.any(String) });
    // names, never values: neither in the list nor in the audit log
    const trail = await wholeAuditTrail(caseId, oumarou);
    const updates = trail.filter((e: any) => e.action === 'case.updated');
    expect(updates.map((e: any) => sorted(e.details.fields))).toEqual([['phone', 'safeContact'], ['dateOfBirth', 'dateOfBirthEstimated', 'familyName'], []]);
    expect(JSON.stringify([changes, trail])).not.toMatch(/90 20 20 20|Corrected|IN_PERSON_ONLY/);
  });

  it('is the owning agency\'s DPO\'s to list: other roles are refused, other agencies do not find the case', async () => {
    for (const token of [amina, moussa, aissata, fatimata, ibrahim, zeinabou]) expect(codes(await listChanges(token))).toEqual(['FORBIDDEN']);
    for (const token of [khalid, hadiza]) {
      const r = await listChanges(token);
      expect(codes(r)).toEqual(['NOT_FOUND']);
      expect(r.data).toBeNull();
    }
    expect(codes(await listChanges(oumarou, randomUUID()))).toEqual(['NOT_FOUND']);
  });
});
