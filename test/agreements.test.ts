import { randomUUID } from 'node:crypto';
import { Role } from '../src/auth/roles';
import { AGENCY, SERVICE, USER } from '../seed/demo-data';
import { DSA, MOU, SOP } from '../seed/agreements-data';
import { codes, gql, ok, tokenFor, type GqlResult } from './support/client';

/**
 * MoUs, SOPs, data-sharing agreements, the data catalogue and the data-sharing check.
 *
 * Everything these tests write is between agencies created here, so that no demo agency gains a partner,
 * an MoU (which would change referrals' outsideMou) or a data-sharing agreement (which would change
 * dataSharingCheck answers) that other test files may rely on. Demo records are only read, by id.
 */

/** YYYY-MM-DD, n days from today (UTC, as the server's current_date). */
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const run = `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
let seq = 0;
const ref = (prefix: string) => `${prefix}-${run}-${++seq}`;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const DOC = { url: 'https://documents.example.org/signed-mou.pdf', sha256: 'ab'.repeat(32) };
const ids = (list: { id: string }[]) => list.map((x) => x.id).sort();

const MOU_FIELDS = `id referenceNumber title status signedOn effectiveFrom expiresOn document { url sha256 }
  terminatedAt terminatedBy terminationReason createdBy rolesAndResponsibilities communication outcomeMonitoring
  parties { id } serviceCategories { code } areas { code }`;
const SOP_FIELDS = `id seriesId version title status effectiveFrom reviewDue supersededAt createdBy ownerAgency { id }
  steps { order title description } responseTargets { emergencyHours urgentHours normalHours } serviceCategories { code }`;
const DSA_FIELDS = `id referenceNumber title status validFrom validUntil terminatedAt termsVisible purposes categories excludedFields
  retentionDays onwardSharingAllowed riskAssessment { date reference } terminationReason
  providingAgency { id } receivingAgency { id } signatures { agencyId signedBy signerRole signedAt }`;

interface Staff {
  id: string;
  admin: string;
  adminSub: string;
  dpo: string;
  dpoSub: string;
  cm: string;
}

let networkAdmin: string;
let steering: string;
let outsiderCm: string; // Khartoum legal NGO case manager: party to none of the agreements created here
let outsiderAdmin: string; // Khartoum legal NGO admin
let outsiderDpo: string; // Khartoum legal NGO DPO
const area: Record<string, string> = {};
/** The AGENCY_ADMIN token of each agency created here, by agency id. */
const adminOf = new Map<string, string>();

async function newAgency(label: string): Promise<Staff> {
  const created = ok(await gql(
    `mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
    { input: { names: [{ lang: 'en', text: `Agreements ${label} ${run}` }], type: 'NATIONAL_NGO', countryCode: 'NE', languages: ['fr'], fictional: true } },
    networkAdmin,
  ));
  const id = created.createAgency.id as string;
  const adminSub = randomUUID();
  const dpoSub = randomUUID();
  const admin = await tokenFor({ sub: adminSub, agency: id, roles: [Role.AGENCY_ADMIN] });
  adminOf.set(id, admin);
  return {
    id, adminSub, dpoSub,
    admin,
    dpo: await tokenFor({ sub: dpoSub, agency: id, roles: [Role.DATA_PROTECTION_OFFICER] }),
    cm: await tokenFor({ sub: randomUUID(), agency: id, roles: [Role.CASE_MANAGER] }),
  };
}

// ---- MoU helpers -----------------------------------------------------------------------------

const createMou = (token: string, input: Record<string, unknown>) =>
  gql(`mutation($input: CreateMouInput!) { createMou(input: $input) { ${MOU_FIELDS} } }`, { input }, token);
const updateMou = (token: string, input: Record<string, unknown>) =>
  gql(`mutation($input: UpdateMouInput!) { updateMou(input: $input) { ${MOU_FIELDS} } }`, { input }, token);
const signMou = (token: string, input: Record<string, unknown>) =>
  gql(`mutation($input: SignMouInput!) { signMou(input: $input) { ${MOU_FIELDS} } }`, { input }, token);
const terminateMou = (token: string, id: string, reason: string) =>
  gql(`mutation($id: ID!, $reason: String!) { terminateMou(id: $id, reason: $reason) { ${MOU_FIELDS} } }`, { id, reason }, token);
const readMou = (token: string, id: string) => gql(`query($id: ID!) { mou(id: $id) { ${MOU_FIELDS} } }`, { id }, token);

/** Every MoU the token sees with this filter (all pages). */
async function listMous(token: string, filter: Record<string, unknown>): Promise<any[]> {
  const all: any[] = [];
  let after: string | null = null;
  for (;;) {
    const page: any = ok(await gql(
      `query($filter: MouFilter, $after: String) { mous(first: 100, after: $after, filter: $filter) { totalCount pageInfo { hasNextPage endCursor } edges { node { id referenceNumber status } } } }`,
      { filter, after }, token,
    )).mous;
    all.push(...page.edges.map((e: any) => e.node));
    if (!page.pageInfo.hasNextPage) return all;
    after = page.pageInfo.endCursor;
  }
}

/** A draft MoU between the parties, created by `token`; returns its record. */
async function draftMou(token: string, partyIds: string[], extra: Record<string, unknown> = {}) {
  return ok(await createMou(token, { referenceNumber: ref('MOU'), title: 'Test MoU', partyIds, ...extra })).createMou;
}

/** An MoU signed by the AGENCY_ADMIN of every party, with the given dates (default: effective today, expiring in a year): ACTIVE. */
async function signedMou(token: string, partyIds: string[], extra: Record<string, unknown> = {}, sign: Record<string, unknown> = {}) {
  const draft = await draftMou(token, partyIds, extra);
  let signed: any;
  for (const party of partyIds) {
    signed = ok(await signMou(adminOf.get(party)!, { id: draft.id, signedOn: day(0), effectiveFrom: day(0), expiresOn: day(365), document: DOC, ...sign })).signMou;
  }
  return signed;
}

// ---- SOP helpers -----------------------------------------------------------------------------

const publishSop = (token: string, input: Record<string, unknown>) =>
  gql(`mutation($input: PublishSopInput!) { publishSop(input: $input) { ${SOP_FIELDS} } }`, { input }, token);
const sopInput = (extra: Record<string, unknown> = {}) => ({
  title: `SOP ${run}`, categoryCodes: ['protection.gbv'],
  steps: [{ title: 'Receive the referral', description: 'Acknowledge within the target time' }, { title: 'Follow up' }],
  emergencyResponseHours: 4, urgentResponseHours: 24, normalResponseHours: 120, effectiveFrom: day(0), reviewDue: day(365), ...extra,
});

// ---- DSA helpers -----------------------------------------------------------------------------

const createDsa = (token: string, input: Record<string, unknown>) =>
  gql(`mutation($input: CreateDsaInput!) { createDataSharingAgreement(input: $input) { ${DSA_FIELDS} } }`, { input }, token);
const signDsa = (token: string, id: string) =>
  gql(`mutation($id: ID!) { signDataSharingAgreement(id: $id) { ${DSA_FIELDS} } }`, { id }, token);
const terminateDsa = (token: string, id: string, reason = 'programme ended') =>
  gql(`mutation($id: ID!, $reason: String!) { terminateDataSharingAgreement(id: $id, reason: $reason) { ${DSA_FIELDS} } }`, { id, reason }, token);
const readDsa = (token: string, id: string) => gql(`query($id: ID!) { dataSharingAgreement(id: $id) { ${DSA_FIELDS} } }`, { id }, token);
const listDsas = async (token: string, filter: Record<string, unknown>) =>
  ok(await gql(`query($filter: DsaFilter) { dataSharingAgreements(first: 100, filter: $filter) { totalCount edges { node { ${DSA_FIELDS} } } } }`, { filter }, token))
    .dataSharingAgreements.edges.map((e: any) => e.node) as any[];
const dsaInput = (providing: string, receiving: string, extra: Record<string, unknown> = {}) => ({
  referenceNumber: ref('DSA'), title: 'Test data-sharing agreement', providingAgencyId: providing, receivingAgencyId: receiving,
  purposes: ['REFERRAL_AND_SERVICE_DELIVERY'], categories: ['IDENTITY', 'CONTACT'], excludedFields: ['photoReference'],
  validFrom: day(-1), validUntil: day(365), retentionDays: 90, onwardSharingAllowed: false,
  riskAssessmentDate: day(-2), riskAssessmentReference: 'RBA-TEST-1', ...extra,
});
/** Created by the providing party's DPO; signed by `signers` in order. */
async function dsaBetween(provider: Staff, receiver: Staff, signers: Staff[], extra: Record<string, unknown> = {}) {
  let dsa = ok(await createDsa(provider.dpo, dsaInput(provider.id, receiver.id, extra))).createDataSharingAgreement;
  for (const s of signers) dsa = ok(await signDsa(s.dpo, dsa.id)).signDataSharingAgreement;
  return dsa;
}

const check = (token: string, questions: Record<string, unknown>[]) =>
  gql(`query($q: [DataSharingQuestionInput!]!) { dataSharingCheck(questions: $q) { providingAgencyId receivingAgencyId purpose field allowed reason agreementId } }`, { q: questions }, token);

function expectBadInput(r: GqlResult, field: string) {
  expect(codes(r)).toEqual(['BAD_USER_INPUT']);
  expect(r.errors![0].message).toContain(field);
}

beforeAll(async () => {
  networkAdmin = await tokenFor('nadia.admin@referral-network.example.org');
  steering = await tokenFor('abdoulaye.sc@referral-network.example.org');
  outsiderCm = await tokenFor('hiba.cm@nile-legal.example.org');
  outsiderAdmin = await tokenFor('samia.admin@nile-legal.example.org');
  outsiderDpo = await tokenFor('khalid.dpo@nile-legal.example.org');
  for (const country of ['NE', 'SD']) {
    const r = ok(await gql(`query($c: String) { areas(first: 100, filter: { countryCode: $c }) { edges { node { id code } } } }`, { c: country }, networkAdmin));
    for (const e of r.areas.edges) area[e.node.code] = e.node.id;
  }
  expect(area['NE-1']).toBeDefined();
  expect(area['SD']).toBeDefined();
});

// =============================================================================================

describe('data catalogue', () => {
  it('lists the eight categories with their data class and fields, every field in exactly one category', async () => {
    const r = ok(await gql(`{ dataCatalogue { category dataClass description fields { name description } } }`, {}, outsiderCm));
    const expected: [string, string, string[]][] = [
      ['IDENTITY', 'PERSONAL', ['givenName', 'familyName', 'otherNames', 'dateOfBirth', 'dateOfBirthEstimated', 'photoReference']],
      ['CONTACT', 'PERSONAL', ['phone', 'address', 'emergencyContact', 'safeContact']],
      ['DEMOGRAPHICS', 'PERSONAL', ['sex', 'gender', 'age', 'nationality', 'languages', 'literacy']],
      ['DOCUMENTS', 'PERSONAL', ['identityDocumentNumber', 'travelDocumentNumber']],
      ['MIGRATION', 'PERSONAL_SENSITIVE', ['migrationPhase', 'route', 'transitDetails', 'reasonsForMigrating']],
      ['PROTECTION', 'PERSONAL_SENSITIVE', ['vulnerabilities', 'protectionConcerns']],
      ['HEALTH', 'PERSONAL_SENSITIVE', ['healthInformation', 'disability']],
      ['ASSESSMENT', 'PERSONAL_SENSITIVE', ['assessmentSummary', 'servicesReceived']],
    ];
    expect(r.dataCatalogue).toHaveLength(8);
    expect(r.dataCatalogue.map((c: any) => [c.category, c.dataClass, c.fields.map((f: any) => f.name)])).toEqual(expected);
    for (const c of r.dataCatalogue) {
      expect(c.description).toEqual(expect.any(String));
      for (const f of c.fields) expect(f.description.length).toBeGreaterThan(0);
    }
    const all = r.dataCatalogue.flatMap((c: any) => c.fields.map((f: any) => f.name));
    expect(new Set(all).size).toBe(all.length);
  });
});

// =============================================================================================

describe('MoUs', () => {
  let a: Staff;
  let b: Staff;
  let c: Staff;
  beforeAll(async () => {
    a = await newAgency('MoU A');
    b = await newAgency('MoU B');
    c = await newAgency('MoU C');
  });

  describe('lifecycle', () => {
    it('lets an AGENCY_ADMIN of a party draft an MoU (DRAFT) and edit it while it is a draft', async () => {
      const referenceNumber = ref('MOU-DRAFT');
      const created = ok(await createMou(a.admin, {
        referenceNumber, title: 'GBV referrals', partyIds: [a.id, b.id], categoryCodes: ['protection.gbv'], areaIds: [area['NE-1']],
        rolesAndResponsibilities: 'A refers, B shelters', communication: 'Weekly call', outcomeMonitoring: 'Monthly report',
        effectiveFrom: day(1), expiresOn: day(200),
      })).createMou;
      expect(created).toMatchObject({
        referenceNumber, title: 'GBV referrals', status: 'DRAFT', signedOn: null, document: null, terminatedAt: null, createdBy: a.adminSub,
        effectiveFrom: day(1), expiresOn: day(200), serviceCategories: [{ code: 'protection.gbv' }], areas: [{ code: 'NE-1' }],
        rolesAndResponsibilities: 'A refers, B shelters', communication: 'Weekly call', outcomeMonitoring: 'Monthly report',
      });
      expect(ids(created.parties)).toEqual([a.id, b.id].sort());

      const updated = ok(await updateMou(b.admin, { id: created.id, title: 'GBV and safe-house referrals', categoryCodes: ['protection.gbv', 'shelter.safe_house'], expiresOn: day(300) })).updateMou;
      expect(updated).toMatchObject({ id: created.id, title: 'GBV and safe-house referrals', status: 'DRAFT', effectiveFrom: day(1), expiresOn: day(300), communication: 'Weekly call' });
      expect(updated.serviceCategories.map((x: any) => x.code).sort()).toEqual(['protection.gbv', 'shelter.safe_house']);
      expect((ok(await readMou(a.cm, created.id))).mou.title).toBe('GBV and safe-house referrals');
    });

    it('is signed by each party with its document: PARTIALLY_SIGNED, then ACTIVE when effective today or earlier', async () => {
      const draft = await draftMou(a.admin, [a.id, b.id]);
      const half = ok(await signMou(a.admin, { id: draft.id, signedOn: day(0), effectiveFrom: day(0), expiresOn: day(365), document: DOC })).signMou;
      expect(half).toMatchObject({ status: 'PARTIALLY_SIGNED', signedOn: null, effectiveFrom: day(0), expiresOn: day(365), document: DOC });
      const signed = ok(await signMou(b.admin, { id: draft.id, signedOn: day(0), document: DOC })).signMou;
      expect(signed).toMatchObject({ status: 'ACTIVE', signedOn: day(0), effectiveFrom: day(0), expiresOn: day(365), document: DOC });

      const earlier = await draftMou(a.admin, [a.id, b.id], { effectiveFrom: day(-30) });
      ok(await signMou(b.admin, { id: earlier.id, signedOn: day(-32), document: DOC }));
      const signedEarlier = ok(await signMou(a.admin, { id: earlier.id, signedOn: day(-31), document: DOC })).signMou;
      expect(signedEarlier).toMatchObject({ status: 'ACTIVE', signedOn: day(-31), effectiveFrom: day(-30), expiresOn: null });
      expect(ok(await readMou(b.cm, earlier.id)).mou.status).toBe('ACTIVE');
    });

    it('shows SIGNED while the effective date is still in the future', async () => {
      const draft = await draftMou(a.admin, [a.id, b.id]);
      ok(await signMou(a.admin, { id: draft.id, signedOn: day(0), effectiveFrom: day(10), expiresOn: day(375), document: DOC }));
      const signed = ok(await signMou(b.admin, { id: draft.id, signedOn: day(0), effectiveFrom: day(10), document: DOC })).signMou;
      expect(signed).toMatchObject({ status: 'SIGNED', effectiveFrom: day(10), signedOn: day(0) });
      expect(ok(await readMou(a.admin, draft.id)).mou.status).toBe('SIGNED');
    });

    it('shows EXPIRED once the expiry date has passed', async () => {
      const draft = await draftMou(a.admin, [a.id, b.id], { effectiveFrom: day(-400), expiresOn: day(-10) });
      ok(await signMou(b.admin, { id: draft.id, signedOn: day(-402), document: DOC }));
      const signed = ok(await signMou(a.admin, { id: draft.id, signedOn: day(-401), document: DOC })).signMou;
      expect(signed).toMatchObject({ status: 'EXPIRED', signedOn: day(-401), effectiveFrom: day(-400), expiresOn: day(-10) });
      expect(ok(await readMou(b.cm, draft.id)).mou.status).toBe('EXPIRED');
    });

    it('terminates an MoU, recording the reason, when and who', async () => {
      const active = await signedMou(a.admin, [a.id, b.id]);
      const before = Date.now();
      const t = ok(await terminateMou(b.admin, active.id, '  funding ended  ')).terminateMou;
      expect(t).toMatchObject({ status: 'TERMINATED', terminationReason: 'funding ended', terminatedBy: b.adminSub });
      expect(Date.parse(t.terminatedAt)).toBeGreaterThanOrEqual(before - 5_000);
      expect(Date.parse(t.terminatedAt)).toBeLessThanOrEqual(Date.now() + 5_000);
      expect(ok(await readMou(a.cm, active.id)).mou).toMatchObject({ status: 'TERMINATED', terminationReason: 'funding ended' });
    });

    it('refuses to edit an MoU once signed (CONFLICT) and leaves it unchanged', async () => {
      const active = await signedMou(a.admin, [a.id, b.id], { title: 'Signed title' });
      const r = await updateMou(a.admin, { id: active.id, title: 'Changed after signing' });
      expect(codes(r)).toEqual(['CONFLICT']);
      expect(ok(await readMou(a.admin, active.id)).mou).toMatchObject({ title: 'Signed title', status: 'ACTIVE' });
      // signing it again is a conflict too
      expect(codes(await signMou(a.admin, { id: active.id, signedOn: day(0), document: DOC }))).toEqual(['CONFLICT']);
    });

    it('refuses to terminate an MoU twice (CONFLICT)', async () => {
      const active = await signedMou(a.admin, [a.id, b.id]);
      ok(await terminateMou(a.admin, active.id, 'first'));
      const r = await terminateMou(b.admin, active.id, 'second');
      expect(codes(r)).toEqual(['CONFLICT']);
      expect(ok(await readMou(a.admin, active.id)).mou).toMatchObject({ status: 'TERMINATED', terminationReason: 'first', terminatedBy: a.adminSub });
    });
  });

  describe('refusals', () => {
    // demo agencies: nothing is (or should be) written by these
    let fatimata: string;
    beforeAll(async () => {
      fatimata = await tokenFor('fatimata.admin@iom-niger.example.org');
    });
    const notWritten = async (referenceNumber: string) => {
      const all = await listMous(networkAdmin, { partyAgencyId: AGENCY.IOM_NIGER });
      expect(all.map((m) => m.referenceNumber)).not.toContain(referenceNumber);
    };

    it.each([
      ['an expiry date before the effective date', { effectiveFrom: day(10), expiresOn: day(5) }, 'input.expiresOn'],
      ['a party listed twice', { partyIds: [AGENCY.IOM_NIGER, AGENCY.IOM_NIGER, AGENCY.AGADEZ_WOMEN] }, 'input.partyIds'],
      ['fewer than two parties', { partyIds: [AGENCY.IOM_NIGER] }, 'input.partyIds'],
      ['an unknown category code', { categoryCodes: ['protection.gbv', 'teleportation'] }, 'input.categoryCodes'],
    ])('refuses an MoU with %s (BAD_USER_INPUT naming the field) and writes nothing', async (_what, change, field) => {
      const referenceNumber = ref('MOU-BAD');
      const r = await createMou(fatimata, { referenceNumber, title: 'Refused', partyIds: [AGENCY.IOM_NIGER, AGENCY.AGADEZ_WOMEN], ...change });
      expectBadInput(r, field);
      await notWritten(referenceNumber);
    });

    it('gives FORBIDDEN to an AGENCY_ADMIN whose agency is not a party for create, and NOT_FOUND for terminate (it may not know the MoU exists)', async () => {
      const referenceNumber = ref('MOU-FORBIDDEN');
      const r = await createMou(outsiderAdmin, { referenceNumber, title: 'Not mine', partyIds: [AGENCY.IOM_NIGER, AGENCY.AGADEZ_WOMEN] });
      expect(codes(r)).toEqual(['FORBIDDEN']);
      await notWritten(referenceNumber);

      const active = await signedMou(a.admin, [a.id, b.id]);
      expect(codes(await terminateMou(outsiderAdmin, active.id, 'not mine to end'))).toEqual(['NOT_FOUND']);
      expect(codes(await terminateMou(c.admin, active.id, 'not mine to end'))).toEqual(['NOT_FOUND']);
      expect(ok(await readMou(a.admin, active.id)).mou.status).toBe('ACTIVE');
    });

    it('gives FORBIDDEN to a CASE_MANAGER, even of a party', async () => {
      const amina = await tokenFor('amina.cm@iom-niger.example.org');
      const referenceNumber = ref('MOU-CM');
      expect(codes(await createMou(amina, { referenceNumber, title: 'By a case manager', partyIds: [AGENCY.IOM_NIGER, AGENCY.AGADEZ_WOMEN] }))).toEqual(['FORBIDDEN']);
      await notWritten(referenceNumber);
      const draft = await draftMou(a.admin, [a.id, b.id]);
      expect(codes(await createMou(a.cm, { referenceNumber: ref('MOU-CM'), title: 'x', partyIds: [a.id, b.id] }))).toEqual(['FORBIDDEN']);
      expect(codes(await signMou(a.cm, { id: draft.id, signedOn: day(0), document: DOC }))).toEqual(['FORBIDDEN']);
      expect(codes(await terminateMou(a.cm, draft.id, 'x'))).toEqual(['FORBIDDEN']);
    });

    it('lets a NETWORK_ADMIN create an MoU for any parties', async () => {
      const created = ok(await createMou(networkAdmin, { referenceNumber: ref('MOU-NA'), title: 'Brokered by the network', partyIds: [b.id, c.id] })).createMou;
      expect(created).toMatchObject({ status: 'DRAFT', createdBy: USER.NETWORK_ADMIN });
      expect(ids(created.parties)).toEqual([b.id, c.id].sort());
    });

    it('refuses a duplicate reference number with CONFLICT', async () => {
      const referenceNumber = ref('MOU-DUP');
      ok(await createMou(a.admin, { referenceNumber, title: 'First', partyIds: [a.id, b.id] }));
      const r = await createMou(a.admin, { referenceNumber, title: 'Second', partyIds: [a.id, c.id] });
      expect(codes(r)).toEqual(['CONFLICT']);
      const withRef = (await listMous(networkAdmin, { partyAgencyId: a.id })).filter((m) => m.referenceNumber === referenceNumber);
      expect(withRef).toHaveLength(1);
    });
  });

  describe('visibility', () => {
    let mouId: string;
    beforeAll(async () => {
      mouId = (await signedMou(a.admin, [a.id, b.id], { title: 'Visibility' })).id;
    });

    it("lets every party's staff read it, by id and in mous", async () => {
      for (const token of [a.cm, b.cm, a.dpo, b.admin]) {
        expect(ok(await readMou(token, mouId)).mou.id).toBe(mouId);
        expect((await listMous(token, {})).map((m) => m.id)).toContain(mouId);
      }
    });

    it('answers NOT_FOUND by id to an unrelated agency and leaves it out of its list', async () => {
      for (const token of [outsiderCm, outsiderAdmin, c.admin]) {
        expect(codes(await readMou(token, mouId))).toEqual(['NOT_FOUND']);
        expect((await listMous(token, {})).map((m) => m.id)).not.toContain(mouId);
        expect(await listMous(token, { partyAgencyId: a.id })).toEqual([]);
      }
    });

    it('shows every MoU to the STEERING_COMMITTEE and NETWORK_ADMIN', async () => {
      for (const token of [steering, networkAdmin]) {
        expect(ok(await readMou(token, mouId)).mou.id).toBe(mouId);
        expect((await listMous(token, { partyAgencyId: a.id })).map((m) => m.id)).toContain(mouId);
        expect(ok(await readMou(token, MOU.MALI_MINISTRY_CHILDREN)).mou.id).toBe(MOU.MALI_MINISTRY_CHILDREN);
        const demo = (await listMous(token, {})).map((m) => m.id);
        expect(demo).toEqual(expect.arrayContaining(Object.values(MOU)));
      }
    });
  });

  describe('filters', () => {
    let x: Staff;
    let y: Staff;
    let z: Staff;
    const m: Record<string, string> = {};
    beforeAll(async () => {
      x = await newAgency('Filter X');
      y = await newAgency('Filter Y');
      z = await newAgency('Filter Z');
      // active, protection.gbv in the Agadez region, expiring in 45 days
      m.gbv = (await signedMou(x.admin, [x.id, y.id], { categoryCodes: ['protection.gbv'], areaIds: [area['NE-1']] }, { expiresOn: day(45) })).id;
      // draft, all of health in Sudan
      m.health = (await draftMou(x.admin, [x.id, y.id], { categoryCodes: ['health'], areaIds: [area['SD']] })).id;
      // terminated, legal documentation in all of Niger
      m.legal = (await signedMou(x.admin, [x.id, y.id], { categoryCodes: ['legal.documentation'], areaIds: [area['NE']] })).id;
      ok(await terminateMou(x.admin, m.legal, 'replaced'));
      // active, with another party, expiring in a year
      m.other = (await signedMou(x.admin, [x.id, z.id], { categoryCodes: ['mhpss'], areaIds: [area['NE-1-ARL']] })).id;
    });
    const found = async (filter: Record<string, unknown>) => (await listMous(x.admin, { partyAgencyId: x.id, ...filter })).map((r) => r.id).sort();

    it('filters by party agency', async () => {
      expect((await listMous(x.admin, { partyAgencyId: x.id })).map((r) => r.id).sort()).toEqual(Object.values(m).sort());
      expect((await listMous(x.admin, { partyAgencyId: y.id })).map((r) => r.id).sort()).toEqual([m.gbv, m.health, m.legal].sort());
      expect((await listMous(x.admin, { partyAgencyId: z.id })).map((r) => r.id)).toEqual([m.other]);
    });

    it('filters by status', async () => {
      expect(await found({ status: ['ACTIVE'] })).toEqual([m.gbv, m.other].sort());
      expect(await found({ status: ['DRAFT'] })).toEqual([m.health]);
      expect(await found({ status: ['TERMINATED'] })).toEqual([m.legal]);
      expect(await found({ status: ['DRAFT', 'TERMINATED'] })).toEqual([m.health, m.legal].sort());
      expect(await found({ status: ['EXPIRED'] })).toEqual([]);
    });

    it('filters by category: exact, a parent matching a child, a child matching a parent', async () => {
      expect(await found({ categoryCode: 'protection.gbv' })).toEqual([m.gbv]);
      expect(await found({ categoryCode: 'protection' })).toEqual([m.gbv]);
      expect(await found({ categoryCode: 'health.primary' })).toEqual([m.health]);
      expect(await found({ categoryCode: 'legal' })).toEqual([m.legal]);
      expect(await found({ categoryCode: 'shelter' })).toEqual([]);
    });

    it('filters by area: the area itself, one containing it, one inside it', async () => {
      expect(await found({ areaId: area['SD'] })).toEqual([m.health]);
      // Niger contains the Agadez region and Arlit; the Niger-wide MoU is Niger itself
      expect(await found({ areaId: area['NE'] })).toEqual([m.gbv, m.legal, m.other].sort());
      // Agadez department is inside the Agadez region and Niger, not inside Arlit
      expect(await found({ areaId: area['NE-1-AGZ'] })).toEqual([m.gbv, m.legal].sort());
      expect(await found({ areaId: area['NE-1-ARL-CU'] })).toEqual([m.gbv, m.legal, m.other].sort());
    });

    it('filters by expiringWithinDays: only MoUs in force, ending within the window', async () => {
      expect(await found({ expiringWithinDays: 60 })).toEqual([m.gbv]);
      expect(await found({ expiringWithinDays: 30 })).toEqual([]);
      // the demo MoU with the migration directorate expires in 40 days
      const fatimata = await tokenFor('fatimata.admin@iom-niger.example.org');
      for (const token of [fatimata, networkAdmin]) {
        expect((await listMous(token, { expiringWithinDays: 60 })).map((r) => r.id)).toContain(MOU.IOM_NIGER_DIRECTORATE);
        expect((await listMous(token, { expiringWithinDays: 30 })).map((r) => r.id)).not.toContain(MOU.IOM_NIGER_DIRECTORATE);
      }
      // the expired, terminated and draft demo MoUs never count as expiring
      const soon = (await listMous(networkAdmin, { expiringWithinDays: 3650 })).map((r) => r.id);
      expect(soon).not.toContain(MOU.IOM_SUDAN_LEGAL_AID);
      expect(soon).not.toContain(MOU.MALI_MINISTRY_CHILDREN);
      expect(soon).not.toContain(MOU.IOM_NIGER_SAHEL_HEALTH_DRAFT);
    });

    it('shows the demo MoUs with their derived status', async () => {
      const status = async (id: string) => ok(await readMou(networkAdmin, id)).mou.status;
      expect(await status(MOU.IOM_NIGER_AGADEZ_WOMEN)).toBe('ACTIVE');
      expect(await status(MOU.IOM_NIGER_DIRECTORATE)).toBe('ACTIVE');
      expect(await status(MOU.IOM_SUDAN_LEGAL_AID)).toBe('EXPIRED');
      expect(await status(MOU.MALI_MINISTRY_CHILDREN)).toBe('TERMINATED');
      expect(await status(MOU.IOM_NIGER_SAHEL_HEALTH_DRAFT)).toBe('DRAFT');
    });
  });
});

// =============================================================================================

describe('SOPs', () => {
  let owner: Staff;
  beforeAll(async () => {
    owner = await newAgency('SOP owner');
  });
  const readSop = (token: string, id: string) => gql(`query($id: ID!) { sop(id: $id) { ${SOP_FIELDS} versions { id version status } } }`, { id }, token);
  const listSops = async (filter: Record<string, unknown>) =>
    ok(await gql(`query($f: SopFilter) { sops(first: 100, filter: $f) { edges { node { id version status } } } }`, { f: filter }, outsiderCm)).sops.edges.map((e: any) => e.node) as any[];

  it('publishes version 1 as CURRENT, with its steps and response targets', async () => {
    const title = `GBV referral pathway ${run}`;
    const v1 = ok(await publishSop(owner.admin, sopInput({ ownerAgencyId: owner.id, title }))).publishSop;
    expect(v1).toMatchObject({
      version: 1, title, status: 'CURRENT', supersededAt: null, ownerAgency: { id: owner.id }, createdBy: owner.adminSub,
      effectiveFrom: day(0), reviewDue: day(365), serviceCategories: [{ code: 'protection.gbv' }],
      responseTargets: { emergencyHours: 4, urgentHours: 24, normalHours: 120 },
      steps: [{ order: 1, title: 'Receive the referral', description: 'Acknowledge within the target time' }, { order: 2, title: 'Follow up', description: null }],
    });
    const read = ok(await readSop(outsiderCm, v1.id)).sop;
    expect(read.responseTargets).toEqual({ emergencyHours: 4, urgentHours: 24, normalHours: 120 });
    expect(read.versions).toEqual([{ id: v1.id, version: 1, status: 'CURRENT' }]);
  });

  it('publishes version 2 superseding version 1, which stays readable; a superseded version cannot be superseded again', async () => {
    const v1 = ok(await publishSop(owner.admin, sopInput({ ownerAgencyId: owner.id }))).publishSop;
    const v2 = ok(await publishSop(owner.admin, sopInput({ supersedesId: v1.id, title: 'Revised', normalResponseHours: 72 }))).publishSop;
    expect(v2).toMatchObject({ version: 2, seriesId: v1.seriesId, status: 'CURRENT', title: 'Revised', ownerAgency: { id: owner.id }, responseTargets: { normalHours: 72 } });

    const old = ok(await readSop(outsiderCm, v1.id)).sop;
    expect(old).toMatchObject({ id: v1.id, version: 1, status: 'SUPERSEDED' });
    expect(old.supersededAt).not.toBeNull();
    expect(old.versions).toEqual([{ id: v2.id, version: 2, status: 'CURRENT' }, { id: v1.id, version: 1, status: 'SUPERSEDED' }]);
    expect(ok(await readSop(outsiderCm, v2.id)).sop.versions.map((v: any) => v.id)).toEqual([v2.id, v1.id]);

    const current = (await listSops({ ownerAgencyId: owner.id })).map((s) => s.id);
    expect(current).toContain(v2.id);
    expect(current).not.toContain(v1.id);
    expect((await listSops({ ownerAgencyId: owner.id, includeSuperseded: true })).map((s) => s.id)).toEqual(expect.arrayContaining([v1.id, v2.id]));

    const again = await publishSop(owner.admin, sopInput({ supersedesId: v1.id, title: 'Fork of v1' }));
    expect(codes(again)).toEqual(['CONFLICT']);
    expect(ok(await readSop(owner.admin, v2.id)).sop.versions).toHaveLength(2);
  });

  it('refuses a new version of an already superseded demo version (CONFLICT) and publishes nothing', async () => {
    const fatimata = await tokenFor('fatimata.admin@iom-niger.example.org');
    const r = await publishSop(fatimata, sopInput({ supersedesId: SOP.IOM_NIGER_CASE_MANAGEMENT_V1, title: 'Fork of the old version' }));
    expect(codes(r)).toEqual(['CONFLICT']);
    const versions = ok(await readSop(fatimata, SOP.IOM_NIGER_CASE_MANAGEMENT_V2)).sop.versions;
    expect(versions.map((v: any) => [v.id, v.status])).toEqual([[SOP.IOM_NIGER_CASE_MANAGEMENT_V2, 'CURRENT'], [SOP.IOM_NIGER_CASE_MANAGEMENT_V1, 'SUPERSEDED']]);
  });

  it('lists SOPs whose review is overdue, not fresh or superseded ones', async () => {
    const overdue = ok(await publishSop(owner.admin, sopInput({ ownerAgencyId: owner.id, title: 'Old SOP', effectiveFrom: day(-400), reviewDue: day(-5) }))).publishSop;
    const fresh = ok(await publishSop(owner.admin, sopInput({ ownerAgencyId: owner.id, title: 'Fresh SOP' }))).publishSop;
    const listed = (await listSops({ ownerAgencyId: owner.id, reviewOverdue: true })).map((s) => s.id);
    expect(listed).toContain(overdue.id);
    expect(listed).not.toContain(fresh.id);

    // demo: the GBV response SOP's review is overdue; the superseded case-management v1 is past its date but not listed
    const demo = (await listSops({ reviewOverdue: true })).map((s) => s.id);
    expect(demo).toContain(SOP.AGADEZ_WOMEN_GBV_RESPONSE);
    expect(demo).not.toContain(SOP.IOM_NIGER_CASE_MANAGEMENT_V1);
    expect(demo).not.toContain(SOP.IOM_NIGER_CASE_MANAGEMENT_V2);
    expect(demo).not.toContain(SOP.LEGAL_AID_INTAKE);
  });

  it('shows the demo superseded SOP version and its successor', async () => {
    const v1 = ok(await readSop(outsiderCm, SOP.IOM_NIGER_CASE_MANAGEMENT_V1)).sop;
    expect(v1).toMatchObject({ version: 1, status: 'SUPERSEDED' });
    expect(v1.versions.map((v: any) => v.id)).toEqual([SOP.IOM_NIGER_CASE_MANAGEMENT_V2, SOP.IOM_NIGER_CASE_MANAGEMENT_V1]);
  });

  it('refuses a review date before the effective date (BAD_USER_INPUT) and publishes nothing', async () => {
    const title = `Backwards SOP ${run}`;
    expectBadInput(await publishSop(owner.admin, sopInput({ ownerAgencyId: owner.id, title, effectiveFrom: day(10), reviewDue: day(5) })), 'input.reviewDue');
    const all = ok(await gql(`query($f: SopFilter) { sops(first: 100, filter: $f) { edges { node { title } } } }`, { f: { ownerAgencyId: owner.id, includeSuperseded: true } }, owner.admin));
    expect(all.sops.edges.map((e: any) => e.node.title)).not.toContain(title);
  });

  it("refuses an AGENCY_ADMIN of another agency publishing a version of someone else's SOP (FORBIDDEN)", async () => {
    const v1 = ok(await publishSop(owner.admin, sopInput({ ownerAgencyId: owner.id }))).publishSop;
    expect(codes(await publishSop(outsiderAdmin, sopInput({ supersedesId: v1.id, title: 'Hijacked' })))).toEqual(['FORBIDDEN']);
    expect(codes(await publishSop(outsiderAdmin, sopInput({ ownerAgencyId: owner.id, title: 'In their name' })))).toEqual(['FORBIDDEN']);
    expect(codes(await publishSop(owner.cm, sopInput({ supersedesId: v1.id })))).toEqual(['FORBIDDEN']);
    expect(ok(await readSop(owner.admin, v1.id)).sop).toMatchObject({ status: 'CURRENT', versions: [{ id: v1.id }] });
  });
});

// =============================================================================================

describe('data-sharing agreements', () => {
  let p: Staff; // providing
  let r: Staff; // receiving
  let third: Staff;
  beforeAll(async () => {
    p = await newAgency('DSA provider');
    r = await newAgency('DSA receiver');
    third = await newAgency('DSA third');
  });

  it('is signed by each party in turn: DRAFT, PARTIALLY_SIGNED, ACTIVE; others cannot sign; either party terminates it once', async () => {
    const input = dsaInput(p.id, r.id, { purposes: ['REFERRAL_AND_SERVICE_DELIVERY', 'CASE_COORDINATION'], categories: ['IDENTITY', 'CONTACT', 'HEALTH'], excludedFields: ['photoReference'], retentionDays: 180 });
    const draft = ok(await createDsa(p.admin, input)).createDataSharingAgreement;
    expect(draft).toMatchObject({
      referenceNumber: input.referenceNumber, status: 'DRAFT', signatures: [], termsVisible: true, validFrom: day(-1), validUntil: day(365),
      providingAgency: { id: p.id }, receivingAgency: { id: r.id }, retentionDays: 180, excludedFields: ['photoReference'],
      riskAssessment: { date: day(-2), reference: 'RBA-TEST-1' }, onwardSharingAllowed: false,
    });
    expect([...draft.purposes].sort()).toEqual(['CASE_COORDINATION', 'REFERRAL_AND_SERVICE_DELIVERY']);
    expect(draft.categories).toEqual(['IDENTITY', 'CONTACT', 'HEALTH']);

    // nobody but a party's AGENCY_ADMIN or DPO signs
    expect(codes(await signDsa(networkAdmin, draft.id))).toEqual(['FORBIDDEN']);
    // an agency party to neither may not know it exists: NOT_FOUND, as for a random id
    expect(codes(await signDsa(third.admin, draft.id))).toEqual(['NOT_FOUND']);
    expect(codes(await signDsa(outsiderDpo, draft.id))).toEqual(['NOT_FOUND']);
    expect(codes(await signDsa(p.cm, draft.id))).toEqual(['FORBIDDEN']);
    expect(ok(await readDsa(p.admin, draft.id)).dataSharingAgreement).toMatchObject({ status: 'DRAFT', signatures: [] });

    const partial = ok(await signDsa(p.dpo, draft.id)).signDataSharingAgreement;
    expect(partial.status).toBe('PARTIALLY_SIGNED');
    expect(partial.signatures).toEqual([expect.objectContaining({ agencyId: p.id, signedBy: p.dpoSub, signerRole: 'DATA_PROTECTION_OFFICER' })]);

    // the same agency cannot sign twice, whoever signs for it
    expect(codes(await signDsa(p.admin, draft.id))).toEqual(['CONFLICT']);
    expect(codes(await signDsa(p.dpo, draft.id))).toEqual(['CONFLICT']);
    expect(codes(await signDsa(r.cm, draft.id))).toEqual(['FORBIDDEN']);
    expect(codes(await signDsa(networkAdmin, draft.id))).toEqual(['FORBIDDEN']);
    expect(codes(await signDsa(third.dpo, draft.id))).toEqual(['NOT_FOUND']);
    expect(ok(await readDsa(r.admin, draft.id)).dataSharingAgreement.status).toBe('PARTIALLY_SIGNED');

    const active = ok(await signDsa(r.admin, draft.id)).signDataSharingAgreement;
    expect(active.status).toBe('ACTIVE');
    expect(active.signatures.map((s: any) => [s.agencyId, s.signedBy, s.signerRole]).sort()).toEqual(
      [[p.id, p.dpoSub, 'DATA_PROTECTION_OFFICER'], [r.id, r.adminSub, 'AGENCY_ADMIN']].sort(),
    );

    // only a party ends it
    expect(codes(await terminateDsa(third.admin, draft.id))).toEqual(['NOT_FOUND']);
    expect(codes(await terminateDsa(p.cm, draft.id))).toEqual(['FORBIDDEN']);
    const before = Date.now();
    const ended = ok(await terminateDsa(r.dpo, draft.id, 'receiver closed the programme')).terminateDataSharingAgreement;
    expect(ended).toMatchObject({ status: 'TERMINATED', terminationReason: 'receiver closed the programme' });
    expect(Date.parse(ended.terminatedAt)).toBeGreaterThanOrEqual(before - 5_000);
    expect(codes(await terminateDsa(p.admin, draft.id, 'again'))).toEqual(['CONFLICT']);
    expect(codes(await terminateDsa(r.dpo, draft.id, 'again'))).toEqual(['CONFLICT']);
    expect(ok(await readDsa(p.admin, draft.id)).dataSharingAgreement.status).toBe('TERMINATED');
  });

  it('lets the providing party terminate too', async () => {
    const dsa = await dsaBetween(p, r, [p, r]);
    expect(dsa.status).toBe('ACTIVE');
    expect(ok(await terminateDsa(p.dpo, dsa.id)).terminateDataSharingAgreement.status).toBe('TERMINATED');
    expect(codes(await terminateDsa(r.admin, dsa.id))).toEqual(['CONFLICT']);
  });

  it.each([
    ['the same agency on both sides', (p: Staff) => ({ receivingAgencyId: p.id }), 'input.receivingAgencyId'],
    ['validUntil before validFrom', () => ({ validFrom: day(10), validUntil: day(5) }), 'input.validUntil'],
    ['an unknown field in excludedFields', () => ({ excludedFields: ['shoeSize'] }), 'input.excludedFields'],
    ['an excluded field outside the covered categories', () => ({ categories: ['IDENTITY'], excludedFields: ['healthInformation'] }), 'input.excludedFields'],
    ['a risk assessment dated in the future', () => ({ riskAssessmentDate: day(3) }), 'input.riskAssessmentDate'],
  ])('refuses an agreement with %s (BAD_USER_INPUT naming the field) and writes nothing', async (_what, change, field) => {
    const input = { ...dsaInput(p.id, r.id), ...(change as (p: Staff) => Record<string, unknown>)(p) };
    expectBadInput(await createDsa(p.admin, input), field);
    const all = await listDsas(networkAdmin, { partyAgencyId: p.id });
    expect(all.map((d) => d.referenceNumber)).not.toContain(input.referenceNumber);
  });

  it('refuses a duplicate reference number with CONFLICT', async () => {
    const input = dsaInput(p.id, r.id);
    ok(await createDsa(p.dpo, input));
    expect(codes(await createDsa(r.admin, { ...input, title: 'again' }))).toEqual(['CONFLICT']);
  });

  it("refuses creation by someone who is not a party's AGENCY_ADMIN or DPO", async () => {
    expect(codes(await createDsa(third.admin, dsaInput(p.id, r.id)))).toEqual(['FORBIDDEN']);
    expect(codes(await createDsa(p.cm, dsaInput(p.id, r.id)))).toEqual(['FORBIDDEN']);
    expect(codes(await createDsa(steering, dsaInput(p.id, r.id)))).toEqual(['FORBIDDEN']);
    expect(ok(await createDsa(networkAdmin, dsaInput(p.id, r.id))).createDataSharingAgreement.status).toBe('DRAFT');
  });

  describe('who sees which terms', () => {
    let dsa: any;
    beforeAll(async () => {
      dsa = await dsaBetween(p, r, [p, r], { purposes: ['CASE_COORDINATION'], categories: ['IDENTITY', 'DEMOGRAPHICS'], excludedFields: ['photoReference'], retentionDays: 60, onwardSharingAllowed: true });
    });

    it("shows the terms to the parties' staff and network admins (termsVisible true)", async () => {
      for (const token of [p.cm, r.cm, p.admin, r.dpo, networkAdmin]) {
        const read = ok(await readDsa(token, dsa.id)).dataSharingAgreement;
        expect(read).toMatchObject({
          id: dsa.id, termsVisible: true, purposes: ['CASE_COORDINATION'], categories: ['IDENTITY', 'DEMOGRAPHICS'], excludedFields: ['photoReference'],
          retentionDays: 60, onwardSharingAllowed: true, riskAssessment: { date: day(-2), reference: 'RBA-TEST-1' }, status: 'ACTIVE',
        });
        const listed = (await listDsas(token, { partyAgencyId: p.id })).find((d) => d.id === dsa.id);
        expect(listed).toMatchObject({ termsVisible: true, purposes: ['CASE_COORDINATION'], retentionDays: 60 });
      }
    });

    it('shows the STEERING_COMMITTEE that it exists, its parties, status and dates, but not its terms', async () => {
      const hidden = { termsVisible: false, purposes: null, categories: null, excludedFields: null, retentionDays: null, onwardSharingAllowed: null, riskAssessment: null, terminationReason: null };
      const read = ok(await readDsa(steering, dsa.id)).dataSharingAgreement;
      expect(read).toMatchObject({
        ...hidden, id: dsa.id, referenceNumber: dsa.referenceNumber, status: 'ACTIVE', validFrom: day(-1), validUntil: day(365),
        providingAgency: { id: p.id }, receivingAgency: { id: r.id },
      });
      const listed = (await listDsas(steering, { partyAgencyId: p.id })).find((d) => d.id === dsa.id);
      expect(listed).toMatchObject({ ...hidden, status: 'ACTIVE', validFrom: day(-1), validUntil: day(365), providingAgency: { id: p.id }, receivingAgency: { id: r.id } });
      // demo agreements too
      expect(ok(await readDsa(steering, DSA.IOM_NIGER_TO_AGADEZ_WOMEN)).dataSharingAgreement).toMatchObject({ ...hidden, status: 'ACTIVE' });
    });

    it('answers NOT_FOUND by id to an unrelated agency, and an empty list', async () => {
      for (const token of [outsiderCm, outsiderDpo, third.admin]) {
        expect(codes(await readDsa(token, dsa.id))).toEqual(['NOT_FOUND']);
        expect(await listDsas(token, { partyAgencyId: p.id })).toEqual([]);
      }
      expect(await listDsas(third.admin, {})).toEqual([]);
    });
  });
});

// =============================================================================================

describe('dataSharingCheck and agency relations', () => {
  // hub provides to p1 (active), p2 (partially signed), p3 (expired), p4 (terminated), p5 (draft); nothing from p1 to hub
  let hub: Staff;
  let p1: Staff;
  let p2: Staff;
  let p3: Staff;
  let p4: Staff;
  let p5: Staff;
  const d: Record<string, any> = {};
  let beforeTermination: Date;

  beforeAll(async () => {
    [hub, p1, p2, p3, p4, p5] = await Promise.all(['hub', 'p1', 'p2', 'p3', 'p4', 'p5'].map((n) => newAgency(`check ${n}`)));
    d.active = await dsaBetween(hub, p1, [hub, p1], { purposes: ['REFERRAL_AND_SERVICE_DELIVERY'], categories: ['IDENTITY', 'CONTACT'], excludedFields: ['photoReference'] });
    d.partial = await dsaBetween(hub, p2, [hub]);
    d.expired = await dsaBetween(hub, p3, [hub, p3], { validFrom: day(-100), validUntil: day(-10), riskAssessmentDate: day(-110) });
    d.terminated = await dsaBetween(hub, p4, [hub, p4]);
    const signedAt = Math.max(...d.terminated.signatures.map((s: any) => Date.parse(s.signedAt)));
    await sleep(1500);
    beforeTermination = new Date(signedAt + 500);
    d.terminated = ok(await terminateDsa(p4.admin, d.terminated.id, 'stopped')).terminateDataSharingAgreement;
    d.draft = await dsaBetween(hub, p5, []);
    expect([d.active.status, d.partial.status, d.expired.status, d.terminated.status, d.draft.status]).toEqual(['ACTIVE', 'PARTIALLY_SIGNED', 'EXPIRED', 'TERMINATED', 'DRAFT']);
  });

  const q = (from: Staff, to: Staff, field: string, purpose = 'REFERRAL_AND_SERVICE_DELIVERY', at?: Date) =>
    ({ providingAgencyId: from.id, receivingAgencyId: to.id, purpose, field, ...(at ? { at: at.toISOString() } : {}) });
  const one = async (question: Record<string, unknown>, token = hub.dpo) => {
    const res = ok(await check(token, [question])).dataSharingCheck;
    expect(res).toHaveLength(1);
    return res[0];
  };

  it('ALLOWED under an active agreement covering purpose, category and field, naming the agreement', async () => {
    expect(await one(q(hub, p1, 'givenName'))).toEqual({
      providingAgencyId: hub.id, receivingAgencyId: p1.id, purpose: 'REFERRAL_AND_SERVICE_DELIVERY', field: 'givenName', allowed: true, reason: 'ALLOWED', agreementId: d.active.id,
    });
    // the receiving party may ask too
    expect(await one(q(hub, p1, 'phone'), p1.admin)).toMatchObject({ allowed: true, reason: 'ALLOWED', agreementId: d.active.id });
  });

  it('NO_AGREEMENT between agencies without one (agreements are one-way)', async () => {
    expect(await one(q(p1, hub, 'givenName'))).toMatchObject({ allowed: false, reason: 'NO_AGREEMENT', agreementId: null });
    expect(await one(q(p1, p2, 'givenName'), networkAdmin)).toMatchObject({ allowed: false, reason: 'NO_AGREEMENT', agreementId: null });
  });

  it('NOT_SIGNED under a partially signed agreement (and a draft)', async () => {
    expect(await one(q(hub, p2, 'givenName'))).toMatchObject({ allowed: false, reason: 'NOT_SIGNED', agreementId: d.partial.id });
    expect(await one(q(hub, p5, 'givenName'))).toMatchObject({ allowed: false, reason: 'NOT_SIGNED', agreementId: d.draft.id });
  });

  it('EXPIRED under a signed agreement whose validity has ended', async () => {
    expect(await one(q(hub, p3, 'givenName'))).toMatchObject({ allowed: false, reason: 'EXPIRED', agreementId: d.expired.id });
  });

  it('TERMINATED under a terminated agreement', async () => {
    expect(await one(q(hub, p4, 'givenName'))).toMatchObject({ allowed: false, reason: 'TERMINATED', agreementId: d.terminated.id });
  });

  it('PURPOSE_NOT_COVERED for a purpose the agreement does not name', async () => {
    expect(await one(q(hub, p1, 'givenName', 'STATISTICS'))).toMatchObject({ allowed: false, reason: 'PURPOSE_NOT_COVERED', agreementId: d.active.id });
  });

  it('CATEGORY_NOT_COVERED for a field of a category the agreement does not cover', async () => {
    expect(await one(q(hub, p1, 'healthInformation'))).toMatchObject({ allowed: false, reason: 'CATEGORY_NOT_COVERED', agreementId: d.active.id });
  });

  it('FIELD_EXCLUDED for an excluded field of a covered category', async () => {
    expect(await one(q(hub, p1, 'photoReference'))).toMatchObject({ allowed: false, reason: 'FIELD_EXCLUDED', agreementId: d.active.id });
  });

  it('answers for the time asked (`at`): ALLOWED before a now-terminated agreement was terminated', async () => {
    expect(beforeTermination.getTime()).toBeLessThan(Date.parse(d.terminated.terminatedAt));
    expect(await one(q(hub, p4, 'givenName', 'REFERRAL_AND_SERVICE_DELIVERY', beforeTermination))).toMatchObject({ allowed: true, reason: 'ALLOWED', agreementId: d.terminated.id });
    expect(await one(q(hub, p4, 'givenName', 'REFERRAL_AND_SERVICE_DELIVERY', new Date()))).toMatchObject({ allowed: false, reason: 'TERMINATED' });
    // within the expired one's validity, but before it was signed (today)
    const beforeSigning = new Date(Date.now() - 20 * 86_400_000);
    expect(await one(q(hub, p3, 'givenName', 'REFERRAL_AND_SERVICE_DELIVERY', beforeSigning))).toMatchObject({ allowed: false, reason: 'NOT_SIGNED' });
  });

  it('answers several questions in one request, in question order', async () => {
    const questions = [
      q(hub, p1, 'photoReference'),
      q(hub, p4, 'givenName'),
      q(hub, p1, 'givenName'),
      q(p1, hub, 'givenName'),
      q(hub, p1, 'healthInformation'),
      q(hub, p2, 'phone'),
      q(hub, p1, 'address', 'FAMILY_TRACING'),
      q(hub, p3, 'familyName'),
      q(hub, p1, 'familyName'),
    ];
    const res = ok(await check(hub.admin, questions)).dataSharingCheck;
    expect(res.map((x: any) => [x.providingAgencyId, x.receivingAgencyId, x.field, x.purpose])).toEqual(questions.map((x) => [x.providingAgencyId, x.receivingAgencyId, x.field, x.purpose]));
    expect(res.map((x: any) => x.reason)).toEqual([
      'FIELD_EXCLUDED', 'TERMINATED', 'ALLOWED', 'NO_AGREEMENT', 'CATEGORY_NOT_COVERED', 'NOT_SIGNED', 'PURPOSE_NOT_COVERED', 'EXPIRED', 'ALLOWED',
    ]);
    expect(res.map((x: any) => x.allowed)).toEqual([false, false, true, false, false, false, false, false, true]);
  });

  it("answers the demo agreements' questions", async () => {
    const oumarou = await tokenFor('oumarou.dpo@iom-niger.example.org');
    const demo = (field: string, from = AGENCY.IOM_NIGER, to = AGENCY.AGADEZ_WOMEN) => ({ providingAgencyId: from, receivingAgencyId: to, purpose: 'REFERRAL_AND_SERVICE_DELIVERY', field });
    const res = ok(await check(oumarou, [demo('photoReference'), demo('phone', AGENCY.IOM_NIGER, AGENCY.NIAMEY_CLINIC), demo('givenName', AGENCY.IOM_NIGER, AGENCY.SAHEL_HEALTH)])).dataSharingCheck;
    expect(res.map((x: any) => [x.reason, x.agreementId])).toEqual([
      ['FIELD_EXCLUDED', DSA.IOM_NIGER_TO_AGADEZ_WOMEN], ['TERMINATED', DSA.IOM_NIGER_TO_NIAMEY_CLINIC_TERMINATED], ['NOT_SIGNED', DSA.IOM_NIGER_TO_SAHEL_HEALTH_PARTIAL],
    ]);
  });

  it("refuses (FORBIDDEN) a question not involving the caller's agency, unless NETWORK_ADMIN", async () => {
    const foreign = q(p1, p2, 'givenName');
    expect(codes(await check(hub.dpo, [foreign]))).toEqual(['FORBIDDEN']);
    expect(codes(await check(hub.admin, [q(hub, p1, 'givenName'), foreign]))).toEqual(['FORBIDDEN']);
    expect(codes(await check(outsiderDpo, [q(hub, p1, 'givenName')]))).toEqual(['FORBIDDEN']);
    // a case manager of the agency concerned is not among the roles that may ask
    expect(codes(await check(hub.cm, [q(hub, p1, 'givenName')]))).toEqual(['FORBIDDEN']);
    expect(codes(await check(networkAdmin, [foreign]))).toEqual([]);
    expect(ok(await check(networkAdmin, [q(hub, p1, 'givenName')])).dataSharingCheck[0]).toMatchObject({ reason: 'ALLOWED' });
  });

  it('refuses an unknown field with BAD_USER_INPUT naming the question', async () => {
    const res = await check(hub.dpo, [q(hub, p1, 'givenName'), q(hub, p1, 'shoeSize')]);
    expectBadInput(res, 'questions[1].field');
    expect(res.errors![0].message).toContain('shoeSize');
  });

  it('Agency.activeDataSharingAgreements lists only ACTIVE agreements', async () => {
    const query = `query($id: ID!) { agency(id: $id) { activeDataSharingAgreements { id status } } }`;
    for (const token of [hub.admin, hub.cm, networkAdmin, steering]) {
      const list = ok(await gql(query, { id: hub.id }, token)).agency.activeDataSharingAgreements;
      expect(list).toEqual([{ id: d.active.id, status: 'ACTIVE' }]);
    }
    expect(ok(await gql(query, { id: p1.id }, p1.dpo)).agency.activeDataSharingAgreements).toEqual([{ id: d.active.id, status: 'ACTIVE' }]);
    for (const other of [p2, p3, p4, p5]) expect(ok(await gql(query, { id: other.id }, other.admin)).agency.activeDataSharingAgreements).toEqual([]);
    // an unrelated agency may not know of them
    expect(ok(await gql(query, { id: hub.id }, outsiderCm)).agency.activeDataSharingAgreements).toEqual([]);
    // demo: IOM Niger's two active agreements with the Agadez women's NGO, not the terminated, partial ones
    const iom = ok(await gql(query, { id: AGENCY.IOM_NIGER }, await tokenFor('oumarou.dpo@iom-niger.example.org'))).agency.activeDataSharingAgreements.map((x: any) => x.id);
    expect(iom).toEqual(expect.arrayContaining([DSA.IOM_NIGER_TO_AGADEZ_WOMEN, DSA.AGADEZ_WOMEN_TO_IOM_NIGER]));
    expect(iom).not.toContain(DSA.IOM_NIGER_TO_NIAMEY_CLINIC_TERMINATED);
    expect(iom).not.toContain(DSA.IOM_NIGER_TO_SAHEL_HEALTH_PARTIAL);
  });
});

// =============================================================================================

describe('Agency.partners and Service.mous', () => {
  it('Agency.partners lists agencies with an ACTIVE MoU, not expired, terminated, draft or not-yet-effective ones', async () => {
    const [me, active, expired, terminated, draft, future] = await Promise.all(['me', 'active', 'expired', 'terminated', 'draft', 'future'].map((n) => newAgency(`partners ${n}`)));
    await signedMou(me.admin, [me.id, active.id]);
    await signedMou(me.admin, [me.id, expired.id], { effectiveFrom: day(-400), expiresOn: day(-1) }, { signedOn: day(-400), effectiveFrom: day(-400), expiresOn: day(-1) });
    const t = await signedMou(me.admin, [me.id, terminated.id]);
    ok(await terminateMou(me.admin, t.id, 'ended'));
    await draftMou(me.admin, [me.id, draft.id]);
    await signedMou(me.admin, [me.id, future.id], {}, { effectiveFrom: day(20), expiresOn: day(400) });

    const partners = async (id: string, token = me.cm) => ok(await gql(`query($id: ID!) { agency(id: $id) { partners { id } } }`, { id }, token)).agency.partners;
    expect(await partners(me.id)).toEqual([{ id: active.id }]);
    expect(await partners(active.id)).toEqual([{ id: me.id }]);
    for (const other of [expired, terminated, draft, future]) expect(await partners(other.id)).toEqual([]);

    // demo: IOM Niger's active MoUs are with the Agadez women's NGO and the migration directorate (the Sahel health one is a draft)
    const iom = (await partners(AGENCY.IOM_NIGER, networkAdmin)).map((a: any) => a.id);
    expect(iom).toEqual(expect.arrayContaining([AGENCY.AGADEZ_WOMEN, AGENCY.NIGER_MIGRATION_DIRECTORATE]));
    expect(iom).not.toContain(AGENCY.SAHEL_HEALTH);
    // the Sudan legal-aid MoU expired, the Mali children's one was terminated
    expect((await partners(AGENCY.KHARTOUM_LEGAL_AID, networkAdmin)).map((a: any) => a.id)).not.toContain(AGENCY.IOM_SUDAN);
    expect((await partners(AGENCY.BAMAKO_CHILDREN, networkAdmin)).map((a: any) => a.id)).not.toContain(AGENCY.MALI_MINISTRY_MALIANS_ABROAD);
  });

  it("Service.mous lists the MoUs covering the demo safe house: its agency's MoU for its category and area", async () => {
    const query = `query($id: ID!) { service(id: $id) { agency { id } categories { code } locations { area { code } } mous { id parties { id } serviceCategories { code } areas { code } } } }`;
    const mariama = await tokenFor('mariama.admin@tenere-femmes.example.org');
    const svc = ok(await gql(query, { id: SERVICE.AGADEZ_GBV_SAFE_HOUSE }, mariama)).service;
    expect(svc.agency.id).toBe(AGENCY.AGADEZ_WOMEN);
    expect(svc.categories.map((c: any) => c.code)).toContain('shelter.safe_house');
    const mouIds = svc.mous.map((m: any) => m.id);
    expect(mouIds).toContain(MOU.IOM_NIGER_AGADEZ_WOMEN);
    for (const m of svc.mous) expect(m.parties.map((x: any) => x.id)).toContain(AGENCY.AGADEZ_WOMEN);
    for (const other of [MOU.IOM_NIGER_DIRECTORATE, MOU.IOM_SUDAN_LEGAL_AID, MOU.MALI_MINISTRY_CHILDREN, MOU.IOM_NIGER_SAHEL_HEALTH_DRAFT]) expect(mouIds).not.toContain(other);
    // the other party sees it too; an agency party to neither does not
    const fatimata = await tokenFor('fatimata.admin@iom-niger.example.org');
    expect(ok(await gql(query, { id: SERVICE.AGADEZ_GBV_SAFE_HOUSE }, fatimata)).service.mous.map((m: any) => m.id)).toContain(MOU.IOM_NIGER_AGADEZ_WOMEN);
    expect(ok(await gql(query, { id: SERVICE.AGADEZ_GBV_SAFE_HOUSE }, outsiderCm)).service.mous).toEqual([]);
  });

  it("Service.mous matches category (an MoU's parent category covers the service) and area (an MoU's area containing the service's)", async () => {
    const [provider, partner] = await Promise.all([newAgency('svc provider'), newAgency('svc partner')]);
    const location = ok(await gql(`mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`,
      { input: { agencyId: provider.id, names: [{ lang: 'en', text: 'Office' }], facilityType: 'OTHER', areaId: area['NE-1-AGZ-CU'] } }, provider.admin)).createLocation;
    const service = ok(await gql(`mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`, {
      input: {
        agencyId: provider.id, names: [{ lang: 'en', text: `Legal clinic ${run}` }], categoryCodes: ['legal.documentation'], populations: ['ALL'],
        locationIds: [location.id], coverageAreaIds: [], languages: ['fr'], channels: ['WALK_IN'], timezone: 'Africa/Niamey',
        openingHours: [{ day: 'MONDAY', opens: '08:00', closes: '16:00' }],
      },
    }, provider.admin)).createService;
    const parent = await signedMou(provider.admin, [provider.id, partner.id], { categoryCodes: ['legal'], areaIds: [area['NE-1']] });
    const exact = await signedMou(provider.admin, [provider.id, partner.id], { categoryCodes: ['legal.documentation'], areaIds: [area['NE-1-AGZ-CU']] });
    const everything = await signedMou(provider.admin, [provider.id, partner.id]); // no categories, no areas: covers all
    const otherCategory = await signedMou(provider.admin, [provider.id, partner.id], { categoryCodes: ['health'], areaIds: [area['NE-1']] });
    const otherArea = await signedMou(provider.admin, [provider.id, partner.id], { categoryCodes: ['legal'], areaIds: [area['SD']] });
    const childArea = await signedMou(provider.admin, [provider.id, partner.id], { categoryCodes: ['legal'], areaIds: [area['NE-1-ARL']] });

    const mous = ok(await gql(`query($id: ID!) { service(id: $id) { mous { id } } }`, { id: service.id }, partner.cm)).service.mous.map((m: any) => m.id);
    expect(mous).toEqual(expect.arrayContaining([parent.id, exact.id, everything.id]));
    expect(mous).not.toContain(otherCategory.id);
    expect(mous).not.toContain(otherArea.id);
    expect(mous).not.toContain(childArea.id);
  });
});
