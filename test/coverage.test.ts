import { randomUUID } from 'node:crypto';
import { Role } from '../src/auth/roles';
import { AGENCY, SERVICE } from '../seed/demo-data';
import { DSA, MOU, SOP } from '../seed/agreements-data';
import { PATHWAY, pathways as demoPathways } from '../seed/pathways-data';
import { codes, gql, ok, SERVER_URL, tokenFor } from './support/client';

/**
 * Pathways, pathway coverage, network performance, governance alerts and the coverage report.
 *
 * Self-contained: the scenario lives in a country created here (a fresh two-letter code), with agencies,
 * services, MoUs, SOPs, cases and referrals of its own, so that nothing depends on other test files and
 * no demo record gains a partner, an agreement or a referral. Demo records are only read.
 *
 * The country (code CC) has two regions: R1 with six districts, R2 with none.
 *   step 1 "Identity documents" (legal.documentation, required) is built to be, district by district:
 *     D1 COVERED       S1 of P1: verified, capacity 5/10, MoU1 (P1+partner, legal/health.primary/mhpss, area R1), SOP1 of P1
 *     D2 NO_SOP        S2 of P2: verified, capacity, MoU2 (P2+partner, legal.documentation, no area) but no SOP in force
 *     D3 NO_AGREEMENT  S3 of P3: verified, capacity, P3 has only MoUs that do not count (draft, not yet effective, other category, other area)
 *     D4 STALE         S4 of P3: never verified
 *     D5 NO_CAPACITY   S5 of P3: verified, then 0 of 10 places
 *     D6 GAP           only decoys: another population, the parent category only, an inactive service
 *   step 2 "Primary health care" (health.primary, required): H of P1 covers the whole country (coverage area), so COVERED in every district of R1
 *   step 3 "Psychosocial support" (mhpss, optional): M of P1 (mhpss.focused, a sub-category) in D2 only
 */

/** YYYY-MM-DD, n days from today (UTC, as the server's current_date). */
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
let seq = 0;
const ref = (prefix: string) => `${prefix}-COV-${run}-${++seq}`;
const DOC = { url: 'https://documents.example.org/signed-coverage-mou.pdf', sha256: 'cd'.repeat(32) };
const sorted = (xs: string[]) => [...xs].sort();
const within = (actual: number | null, truth: number, by = 2) => {
  expect(actual).not.toBeNull();
  expect(Math.abs(actual! - truth)).toBeLessThanOrEqual(by);
};

interface Staff { id: string; admin: string; dpo: string; fp: string; cm: string }

let networkAdmin: string;
let steering: string;

const sc = {
  country: { id: '', code: '' },
  r1: { id: '', code: '' },
  r2: { id: '', code: '' },
  d: [] as { id: string; code: string; name: string }[],
  p1: null as unknown as Staff,
  p2: null as unknown as Staff,
  p3: null as unknown as Staff,
  partner: null as unknown as Staff,
  pathwayId: '',
  pathwayName: '',
  s1: '', s2: '', s3: '', s4: '', s5: '', h: '', m: '', decoys: [] as string[],
  mou1: '', mou2: '', sop1: '', sop1Series: '', p2SopV2: '', p2SopSeries: '', futureSopSeries: '',
};

const COVERAGE = `query($p: ID!, $a: ID!, $l: AreaLevel!) { pathwayCoverage(pathwayId: $p, areaId: $a, level: $l) {
  level computedAt pathway { id } steps { position title categoryCode required }
  areas { area { id code level } requiredSteps requiredCovered coveredShare steps { position status serviceIds serviceId mouId sopId } }
  gaps { area { code } position stepTitle required status } } }`;
const coverage = (token: string, pathwayId: string, areaId: string, level: string) => gql(COVERAGE, { p: pathwayId, a: areaId, l: level }, token);
const coverageOf = async (pathwayId: string, areaId: string, level: string) => ok(await coverage(steering, pathwayId, areaId, level)).pathwayCoverage;

const PATHWAY_FIELDS = 'id name description populations steps { position title categoryCode required leadAgencyId sopSeriesId }';
const createPathway = (token: string, input: Record<string, unknown>) =>
  gql(`mutation($input: PathwayInput!) { createPathway(input: $input) { ${PATHWAY_FIELDS} } }`, { input }, token);

async function createArea(input: Record<string, unknown>) {
  return ok(await gql(`mutation($input: CreateAreaInput!) { createArea(input: $input) { id code level } }`, { input }, networkAdmin)).createArea as { id: string; code: string };
}

/** A country with an unused two-letter code: tries Q? and X? codes in random order until one is free. */
async function createCountry() {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const candidates = ['Q', 'X'].flatMap((f) => [...letters].map((l) => f + l)).sort(() => Math.random() - 0.5);
  for (const code of candidates) {
    const r = await gql(`mutation($input: CreateAreaInput!) { createArea(input: $input) { id code level } }`,
      { input: { code, level: 'COUNTRY', names: [{ lang: 'en', text: `Coverland ${code}` }] } }, networkAdmin);
    if (!r.errors?.length) return r.data.createArea as { id: string; code: string };
    if (codes(r)[0] !== 'CONFLICT') throw new Error(`createArea ${code}: ${JSON.stringify(r.errors)}`);
  }
  throw new Error('no unused country code left');
}

async function newAgency(label: string): Promise<Staff> {
  const id = ok(await gql(`mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
    { input: { names: [{ lang: 'en', text: `Coverage ${label} ${run}` }], type: 'NATIONAL_NGO', countryCode: 'NE', languages: ['fr'], fictional: true } },
    networkAdmin)).createAgency.id as string;
  const as = (roles: Role[]) => tokenFor({ sub: randomUUID(), agency: id, roles });
  return { id, admin: await as([Role.AGENCY_ADMIN]), dpo: await as([Role.DATA_PROTECTION_OFFICER]), fp: await as([Role.REFERRAL_FOCAL_POINT]), cm: await as([Role.CASE_MANAGER]) };
}

async function location(agency: Staff, areaId: string) {
  return ok(await gql(`mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`,
    { input: { agencyId: agency.id, names: [{ lang: 'en', text: `Office ${++seq}` }], facilityType: 'OTHER', areaId } }, agency.admin)).createLocation.id as string;
}

async function service(agency: Staff, input: Record<string, unknown>, opts: { verify?: boolean } = {}) {
  const id = ok(await gql(`mutation($input: CreateServiceInput!) { createService(input: $input) { id status lastVerification { at } } }`,
    { input: { agencyId: agency.id, names: [{ lang: 'en', text: `Coverage service ${++seq} ${run}` }], populations: ['ALL'], ...input } }, agency.admin)).createService.id as string;
  if (opts.verify) ok(await gql(`mutation($id: ID!) { verifyService(id: $id, note: "checked by phone") { id } }`, { id }, agency.admin));
  return id;
}

/** An MoU drafted by `creator`; unless `sign` is null, signed by the AGENCY_ADMIN of each party (`signers`, default: the creator only, for a one-sided signature). */
async function mou(creator: Staff, partyIds: string[], extra: Record<string, unknown>, sign: Record<string, unknown> | null = {}, signers: Staff[] = [creator]) {
  const draft = ok(await gql(`mutation($input: CreateMouInput!) { createMou(input: $input) { id status } }`,
    { input: { referenceNumber: ref('MOU'), title: 'Coverage test MoU', partyIds, ...extra } }, creator.admin)).createMou;
  if (sign === null) return draft.id as string;
  for (const signer of signers) {
    ok(await gql(`mutation($input: SignMouInput!) { signMou(input: $input) { id status } }`,
      { input: { id: draft.id, signedOn: day(0), effectiveFrom: day(0), expiresOn: day(365), document: DOC, ...sign } }, signer.admin));
  }
  return draft.id as string;
}

async function sop(owner: Staff, input: Record<string, unknown>) {
  return ok(await gql(`mutation($input: PublishSopInput!) { publishSop(input: $input) { id seriesId version status } }`,
    { input: { ownerAgencyId: owner.id, title: `Coverage SOP ${run}`, steps: [{ title: 'Receive' }, { title: 'Follow up' }], normalResponseHours: 120,
      effectiveFrom: day(0), reviewDue: day(365), ...input } }, owner.admin)).publishSop as { id: string; seriesId: string; version: number; status: string };
}

beforeAll(async () => {
  networkAdmin = await tokenFor('nadia.admin@referral-network.example.org');
  steering = await tokenFor('abdoulaye.sc@referral-network.example.org');

  // ---- areas ----
  sc.country = await createCountry();
  const cc = sc.country.code;
  sc.r1 = await createArea({ code: `${cc}-R1`, level: 'REGION', parentId: sc.country.id, names: [{ lang: 'en', text: `Region one ${cc}` }] });
  sc.r2 = await createArea({ code: `${cc}-R2`, level: 'REGION', parentId: sc.country.id, names: [{ lang: 'en', text: `Region two ${cc}` }] });
  for (let i = 1; i <= 6; i++) {
    const name = i === 6 ? `District ${i}, "the north" ${cc}` : `District ${i} ${cc}`; // the last one needs quoting in CSV
    const a = await createArea({ code: `${cc}-R1-D${i}`, level: 'DISTRICT', parentId: sc.r1.id, names: [{ lang: 'en', text: name }, { lang: 'fr', text: `Département ${i}` }] });
    sc.d.push({ ...a, name });
  }
  const [d1, d2, d3, d4, d5, d6] = sc.d;

  // ---- agencies ----
  sc.p1 = await newAgency('covered provider');
  sc.p2 = await newAgency('provider without SOP');
  sc.p3 = await newAgency('provider without MoU');
  sc.partner = await newAgency('partner');
  const { p1, p2, p3, partner } = sc;

  // ---- the pathway ----
  sc.pathwayName = `Coverage trafficking pathway ${run}`;
  const created = ok(await createPathway(steering, {
    name: sc.pathwayName, description: 'Built by the coverage tests', populations: ['VICTIMS_OF_TRAFFICKING'],
    steps: [
      { title: 'Identity documents', categoryCode: 'legal.documentation', required: true },
      { title: 'Primary health care', categoryCode: 'health.primary' },
      { title: 'Psychosocial support', categoryCode: 'mhpss', required: false },
    ],
  })).createPathway;
  sc.pathwayId = created.id;

  // ---- services ----
  const vot = ['VICTIMS_OF_TRAFFICKING'];
  sc.s1 = await service(p1, { categoryCodes: ['legal.documentation'], locationIds: [await location(p1, d1.id)], populations: vot,
    capacity: { available: 5, total: 10 }, referralFields: ['givenName', 'familyName', 'phone', 'sex'] }, { verify: true });
  sc.h = await service(p1, { categoryCodes: ['health.primary'], coverageAreaIds: [sc.country.id], populations: ['ALL'] }, { verify: true });
  sc.m = await service(p1, { categoryCodes: ['mhpss.focused'], locationIds: [await location(p1, d2.id)], populations: [...vot, 'GBV_SURVIVORS'],
    referralFields: ['givenName'] }, { verify: true });
  sc.s2 = await service(p2, { categoryCodes: ['legal.documentation'], locationIds: [await location(p2, d2.id)], populations: ['ALL'], capacity: { available: 5, total: 10 } }, { verify: true });
  sc.s3 = await service(p3, { categoryCodes: ['legal.documentation'], locationIds: [await location(p3, d3.id)], populations: vot, capacity: { available: 2, total: 4 } }, { verify: true });
  sc.s4 = await service(p3, { categoryCodes: ['legal.documentation'], locationIds: [await location(p3, d4.id)], populations: vot });
  sc.s5 = await service(p3, { categoryCodes: ['legal.documentation'], locationIds: [await location(p3, d5.id)], populations: vot, capacity: { available: 3, total: 10 } }, { verify: true });
  const full = ok(await gql(`mutation($id: ID!) { updateServiceCapacity(id: $id, available: 0, total: 10) { capacity { available total } } }`, { id: sc.s5 }, p3.admin));
  expect(full.updateServiceCapacity.capacity).toEqual({ available: 0, total: 10 });
  const d6Office = await location(p3, d6.id);
  sc.decoys = [
    // another population only
    await service(p3, { categoryCodes: ['legal.documentation'], locationIds: [d6Office], populations: ['RETURNEES'] }, { verify: true }),
    // the parent category only: a step of a sub-category needs that sub-category
    await service(p3, { categoryCodes: ['legal'], locationIds: [d6Office], populations: ['ALL'] }, { verify: true }),
    // not active
    await service(p3, { categoryCodes: ['legal.documentation'], locationIds: [d6Office], populations: ['ALL'] }, { verify: true }),
  ];
  ok(await gql(`mutation($id: ID!) { setServiceStatus(id: $id, status: INACTIVE, reason: "office closed") { status } }`, { id: sc.decoys[2] }, p3.admin));

  // ---- MoUs ----
  sc.mou1 = await mou(p1, [p1.id, partner.id], { categoryCodes: ['legal', 'health.primary', 'mhpss'], areaIds: [sc.r1.id] }, {}, [p1, partner]);
  sc.mou2 = await mou(p2, [p2.id, partner.id], { categoryCodes: ['legal.documentation'] }, {}, [p2, partner]);
  // none of P3's MoUs counts: a draft, one signed by P3 alone, one not yet in effect, one for another category, one for another area
  await mou(p3, [p3.id, partner.id], { categoryCodes: ['legal.documentation'] }, null);
  await mou(p3, [p3.id, partner.id], { categoryCodes: ['legal.documentation'] }, {}, [p3]);
  await mou(p3, [p3.id, partner.id], { categoryCodes: ['legal.documentation'] }, { effectiveFrom: day(10) }, [p3, partner]);
  await mou(p3, [p3.id, partner.id], { categoryCodes: ['health'] }, {}, [p3, partner]);
  await mou(p3, [p3.id, partner.id], { categoryCodes: ['legal'], areaIds: [sc.r2.id] }, {}, [p3, partner]);

  // ---- SOPs ----
  const sop1 = await sop(p1, { categoryCodes: ['legal', 'health', 'mhpss'] });
  sc.sop1 = sop1.id;
  sc.sop1Series = sop1.seriesId;
  // none of P2's SOPs is in force for the category: v1 covered it but is superseded by v2 for food; another starts in ten days
  const v1 = await sop(p2, { categoryCodes: ['legal.documentation'] });
  const v2 = ok(await gql(`mutation($input: PublishSopInput!) { publishSop(input: $input) { id seriesId version } }`,
    { input: { supersedesId: v1.id, title: `Coverage SOP v2 ${run}`, categoryCodes: ['food_nfi'], steps: [{ title: 'Distribute' }], effectiveFrom: day(0), reviewDue: day(365) } }, p2.admin)).publishSop;
  expect(v2.version).toBe(2);
  sc.p2SopV2 = v2.id;
  sc.p2SopSeries = v2.seriesId;
  sc.futureSopSeries = (await sop(p2, { categoryCodes: ['legal.documentation'], effectiveFrom: day(10), reviewDue: day(400) })).seriesId;
}, 180_000);

// ------------------------------------------------------------------------------------------------

describe('pathways', () => {
  it('lists the five demo pathways with their steps in order', async () => {
    const cm = await tokenFor('amina.cm@iom-niger.example.org');
    const list = ok(await gql(`{ pathways { ${PATHWAY_FIELDS} } }`, {}, cm)).pathways as any[];
    expect(Object.values(PATHWAY)).toHaveLength(5);
    for (const demo of demoPathways) {
      const got = list.find((p) => p.id === demo.id);
      expect(got).toBeDefined();
      expect(got).toEqual({
        id: demo.id, name: demo.name, description: demo.description, populations: demo.populations,
        steps: demo.steps.map((s, i) => ({ position: i + 1, title: s.title, categoryCode: s.category, required: s.required ?? true, leadAgencyId: s.lead ?? null, sopSeriesId: s.sopSeries ?? null })),
      });
    }
    // the GBV pathway's first step is led by the women's association under its GBV SOP
    const gbv = list.find((p) => p.id === PATHWAY.GBV);
    expect(gbv.steps[0]).toMatchObject({ leadAgencyId: AGENCY.AGADEZ_WOMEN, categoryCode: 'shelter.safe_house' });
  });

  it('creates a pathway (steering committee), numbering the steps; every authenticated role can read it, anonymous callers cannot', async () => {
    const name = `Coverage readable pathway ${run}`;
    const created = ok(await createPathway(steering, {
      name, populations: ['RETURNEES', 'RETURNEES'],
      steps: [{ title: 'Counselling', categoryCode: 'information' }, { title: 'Reintegration', categoryCode: 'reintegration', required: false, leadAgencyId: AGENCY.IOM_NIGER }],
    })).createPathway;
    expect(created).toMatchObject({
      name, description: null, populations: ['RETURNEES'],
      steps: [
        { position: 1, title: 'Counselling', categoryCode: 'information', required: true, leadAgencyId: null, sopSeriesId: null },
        { position: 2, title: 'Reintegration', categoryCode: 'reintegration', required: false, leadAgencyId: AGENCY.IOM_NIGER, sopSeriesId: null },
      ],
    });
    const readers = [
      await tokenFor('amina.cm@iom-niger.example.org'),
      await tokenFor('ibrahim.rfp@iom-niger.example.org'),
      await tokenFor('oumarou.dpo@iom-niger.example.org'),
      await tokenFor('fatimata.admin@iom-niger.example.org'),
      await tokenFor({ sub: randomUUID(), agency: AGENCY.SAHEL_HEALTH, roles: [Role.CASE_MANAGER] }),
    ];
    for (const t of readers) {
      const list = ok(await gql(`{ pathways { id } }`, {}, t)).pathways.map((p: any) => p.id);
      expect(list).toEqual(expect.arrayContaining([...Object.values(PATHWAY), created.id]));
      expect(ok(await gql(`query($id: ID!) { pathway(id: $id) { id name } }`, { id: created.id }, t)).pathway).toEqual({ id: created.id, name });
    }
    expect(codes(await gql(`{ pathways { id } }`, {}, null))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(`query($id: ID!) { pathway(id: $id) { id } }`, { id: randomUUID() }, steering))).toEqual(['NOT_FOUND']);
  });

  it('refuses an unknown category, naming input.steps[i].categoryCode, and writes nothing', async () => {
    const name = `Coverage refused pathway ${run}`;
    const r = await createPathway(networkAdmin, {
      name, populations: ['VICTIMS_OF_TRAFFICKING'],
      steps: [{ title: 'Documents', categoryCode: 'legal.documentation' }, { title: 'Teleport home', categoryCode: 'teleportation' }],
    });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].message).toContain('input.steps[1].categoryCode');
    expect(r.errors![0].message).not.toContain('input.steps[0]');
    const names = ok(await gql(`{ pathways { name } }`, {}, steering)).pathways.map((p: any) => p.name);
    expect(names).not.toContain(name);
  });

  it('refuses a duplicate name (CONFLICT), whatever its case', async () => {
    const steps = [{ title: 'Documents', categoryCode: 'legal.documentation' }];
    const demoName = demoPathways.find((p) => p.id === PATHWAY.TRAFFICKING)!.name;
    expect(codes(await createPathway(steering, { name: demoName, populations: ['VICTIMS_OF_TRAFFICKING'], steps }))).toEqual(['CONFLICT']);
    expect(codes(await createPathway(networkAdmin, { name: demoName.toUpperCase(), populations: ['VICTIMS_OF_TRAFFICKING'], steps }))).toEqual(['CONFLICT']);
    expect(codes(await createPathway(steering, { name: sc.pathwayName, populations: ['ALL'], steps }))).toEqual(['CONFLICT']);
  });

  const updatePathway = (token: string, id: string, input: Record<string, unknown>) =>
    gql(`mutation($id: ID!, $input: PathwayInput!) { updatePathway(id: $id, input: $input) { ${PATHWAY_FIELDS} } }`, { id, input }, token);
  const readPathway = async (id: string) => ok(await gql(`query($id: ID!) { pathway(id: $id) { name populations steps { position title categoryCode } } }`, { id }, steering)).pathway;

  it('refuses an updatePathway with another pathway\'s name, an unknown category, an unknown id or without the role, changing nothing', async () => {
    const created = ok(await createPathway(networkAdmin, { name: `Coverage not to update ${run}`, populations: ['ALL'],
      steps: [{ title: 'A', categoryCode: 'information' }, { title: 'B', categoryCode: 'shelter' }] })).createPathway;
    const before = await readPathway(created.id);
    const input = { name: `Coverage never renamed ${run}`, populations: ['RETURNEES'], steps: [{ title: 'Only step', categoryCode: 'reintegration' }] };
    expect(codes(await updatePathway(networkAdmin, created.id, { ...input, name: sc.pathwayName }))).toEqual(['CONFLICT']);
    const bad = await updatePathway(networkAdmin, created.id, { ...input, steps: [{ title: 'X', categoryCode: 'information' }, { title: 'Y', categoryCode: 'nowhere' }] });
    expect(codes(bad)).toEqual(['BAD_USER_INPUT']);
    expect(bad.errors![0].message).toContain('input.steps[1].categoryCode');
    expect(codes(await updatePathway(networkAdmin, randomUUID(), input))).toEqual(['NOT_FOUND']);
    expect(codes(await updatePathway(sc.p1.admin, created.id, input))).toEqual(['FORBIDDEN']);
    expect(codes(await updatePathway(await tokenFor('amina.cm@iom-niger.example.org'), created.id, input))).toEqual(['FORBIDDEN']);
    expect(await readPathway(created.id)).toEqual(before);
  });

  it('replaces a pathway\'s name, description, populations and steps with updatePathway (its own name may be kept)', async () => {
    const created = ok(await createPathway(networkAdmin, { name: `Coverage to update ${run}`, populations: ['ALL'],
      steps: [{ title: 'A', categoryCode: 'information' }, { title: 'B', categoryCode: 'shelter' }, { title: 'C', categoryCode: 'avrr' }] })).createPathway;
    const input = { name: `Coverage updated ${run}`, description: 'now shorter', populations: ['RETURNEES'], steps: [{ title: 'Only step', categoryCode: 'reintegration', required: false }] };
    const updated = await updatePathway(steering, created.id, input);
    expect(codes(updated)).toEqual([]);
    expect(updated.data?.updatePathway).toEqual({
      id: created.id, name: input.name, description: 'now shorter', populations: ['RETURNEES'],
      steps: [{ position: 1, title: 'Only step', categoryCode: 'reintegration', required: false, leadAgencyId: null, sopSeriesId: null }],
    });
    expect(await readPathway(created.id)).toEqual({ name: input.name, populations: ['RETURNEES'], steps: [{ position: 1, title: 'Only step', categoryCode: 'reintegration' }] });
    // the same name again (a pathway does not clash with itself)
    expect(codes(await updatePathway(networkAdmin, created.id, { ...input, description: null }))).toEqual([]);
  });

  it('lets only the network admin and the steering committee create pathways', async () => {
    const input = { name: `Coverage forbidden pathway ${run}`, populations: ['ALL'], steps: [{ title: 'Documents', categoryCode: 'legal.documentation' }] };
    const cm = await tokenFor('amina.cm@iom-niger.example.org');
    expect(codes(await createPathway(cm, input))).toEqual(['FORBIDDEN']);
    expect(codes(await createPathway(sc.p1.admin, input))).toEqual(['FORBIDDEN']);
    expect(codes(await createPathway(null as unknown as string, input))).toEqual(['UNAUTHENTICATED']);
    const names = ok(await gql(`{ pathways { name } }`, {}, steering)).pathways.map((p: any) => p.name);
    expect(names).not.toContain(input.name);
  });
});

// ------------------------------------------------------------------------------------------------

describe('pathway coverage', () => {
  const byCode = (report: any) => new Map<string, any>(report.areas.map((a: any) => [a.area.code, a]));

  it('gives each district the status built for it, with its evidence', async () => {
    const report = await coverageOf(sc.pathwayId, sc.country.id, 'DISTRICT');
    expect(report.level).toBe('DISTRICT');
    expect(report.pathway.id).toBe(sc.pathwayId);
    expect(report.steps.map((s: any) => [s.position, s.categoryCode, s.required])).toEqual([[1, 'legal.documentation', true], [2, 'health.primary', true], [3, 'mhpss', false]]);
    expect(report.areas.map((a: any) => a.area.code)).toEqual(sc.d.map((d) => d.code));
    expect(report.areas.every((a: any) => a.area.level === 'DISTRICT')).toBe(true);
    const areas = byCode(report);
    const step1 = (i: number) => areas.get(sc.d[i].code).steps[0];
    const none = { serviceId: null, mouId: null, sopId: null };

    expect(step1(0)).toEqual({ position: 1, status: 'COVERED', serviceIds: [sc.s1], serviceId: sc.s1, mouId: sc.mou1, sopId: sc.sop1 });
    expect(step1(1)).toEqual({ position: 1, status: 'NO_SOP', serviceIds: [sc.s2], serviceId: sc.s2, mouId: sc.mou2, sopId: null });
    expect(step1(2)).toEqual({ position: 1, status: 'NO_AGREEMENT', serviceIds: [sc.s3], ...none });
    expect(step1(3)).toEqual({ position: 1, status: 'STALE', serviceIds: [sc.s4], ...none });
    expect(step1(4)).toEqual({ position: 1, status: 'NO_CAPACITY', serviceIds: [sc.s5], ...none });
    expect(step1(5)).toEqual({ position: 1, status: 'GAP', serviceIds: [], ...none });

    // a country-wide service covers every district through its coverage area
    for (const d of sc.d) {
      expect(areas.get(d.code).steps[1]).toEqual({ position: 2, status: 'COVERED', serviceIds: [sc.h], serviceId: sc.h, mouId: sc.mou1, sopId: sc.sop1 });
    }
    // a service of a sub-category (mhpss.focused) serves a step of its parent category (mhpss), where it is
    expect(areas.get(sc.d[1].code).steps[2]).toEqual({ position: 3, status: 'COVERED', serviceIds: [sc.m], serviceId: sc.m, mouId: sc.mou1, sopId: sc.sop1 });
    for (const i of [0, 2, 3, 4, 5]) expect(areas.get(sc.d[i].code).steps[2]).toEqual({ position: 3, status: 'GAP', serviceIds: [], ...none });
  });

  it('counts only required steps in the share of an area', async () => {
    const report = await coverageOf(sc.pathwayId, sc.country.id, 'DISTRICT');
    const shares = report.areas.map((a: any) => [a.area.code, a.requiredCovered, a.requiredSteps, a.coveredShare]);
    expect(shares).toEqual([
      [sc.d[0].code, 2, 2, 1], // both required steps covered; the optional step is a GAP and does not lower the share
      [sc.d[1].code, 1, 2, 0.5], // the optional step is covered and does not raise it
      [sc.d[2].code, 1, 2, 0.5],
      [sc.d[3].code, 1, 2, 0.5],
      [sc.d[4].code, 1, 2, 0.5],
      [sc.d[5].code, 1, 2, 0.5],
    ]);
    for (const a of report.areas) {
      expect(a.coveredShare).toBeCloseTo(a.requiredCovered / a.requiredSteps, 10);
      expect(a.steps.map((s: any) => s.position)).toEqual([1, 2, 3]);
    }
  });

  it('lists gaps required steps first, then worst status first (GAP, NO_CAPACITY, STALE, NO_AGREEMENT, NO_SOP), then by area', async () => {
    const report = await coverageOf(sc.pathwayId, sc.country.id, 'DISTRICT');
    const [d1, d2, d3, d4, d5, d6] = sc.d.map((d) => d.code);
    const first = 'Identity documents';
    const third = 'Psychosocial support';
    expect(report.gaps.map((g: any) => [g.area.code, g.position, g.stepTitle, g.required, g.status])).toEqual([
      [d6, 1, first, true, 'GAP'],
      [d5, 1, first, true, 'NO_CAPACITY'],
      [d4, 1, first, true, 'STALE'],
      [d3, 1, first, true, 'NO_AGREEMENT'],
      [d2, 1, first, true, 'NO_SOP'],
      [d1, 3, third, false, 'GAP'],
      [d3, 3, third, false, 'GAP'],
      [d4, 3, third, false, 'GAP'],
      [d5, 3, third, false, 'GAP'],
      [d6, 3, third, false, 'GAP'],
    ]);
  });

  it('aggregates by region, country or the area itself; an MoU limited to one region does not cover another', async () => {
    const regions = await coverageOf(sc.pathwayId, sc.country.id, 'REGION');
    expect(regions.level).toBe('REGION');
    expect(regions.areas.map((a: any) => [a.area.code, a.area.level])).toEqual([[sc.r1.code, 'REGION'], [sc.r2.code, 'REGION']]);
    const [r1, r2] = regions.areas;
    expect(r1.steps[0]).toMatchObject({ status: 'COVERED', serviceId: sc.s1, mouId: sc.mou1, sopId: sc.sop1 });
    expect(sorted(r1.steps[0].serviceIds)).toEqual(sorted([sc.s1, sc.s2, sc.s3, sc.s4, sc.s5]));
    expect(r1.steps[1]).toMatchObject({ status: 'COVERED', serviceIds: [sc.h], serviceId: sc.h });
    expect(r1.steps[2]).toMatchObject({ status: 'COVERED', serviceIds: [sc.m], serviceId: sc.m });
    expect([r1.requiredCovered, r1.requiredSteps, r1.coveredShare]).toEqual([2, 2, 1]);
    // region 2 has nothing of its own; the national service is there, but its agency's MoU covers region 1 only
    expect(r2.steps.map((s: any) => s.status)).toEqual(['GAP', 'NO_AGREEMENT', 'GAP']);
    expect(r2.steps[1]).toEqual({ position: 2, status: 'NO_AGREEMENT', serviceIds: [sc.h], serviceId: null, mouId: null, sopId: null });
    expect([r2.requiredCovered, r2.requiredSteps, r2.coveredShare]).toEqual([0, 2, 0]);

    // the default level is REGION
    const byDefault = ok(await gql(`query($p: ID!, $a: ID!) { pathwayCoverage(pathwayId: $p, areaId: $a) { level areas { area { code } } } }`, { p: sc.pathwayId, a: sc.country.id }, steering)).pathwayCoverage;
    expect(byDefault).toEqual({ level: 'REGION', areas: [{ area: { code: sc.r1.code } }, { area: { code: sc.r2.code } }] });

    const country = await coverageOf(sc.pathwayId, sc.country.id, 'COUNTRY');
    expect(country.areas.map((a: any) => a.area.code)).toEqual([sc.country.code]);
    expect(country.areas[0].steps.map((s: any) => s.status)).toEqual(['COVERED', 'COVERED', 'COVERED']);

    const regionByDistrict = await coverageOf(sc.pathwayId, sc.r1.id, 'DISTRICT');
    expect(regionByDistrict.areas.map((a: any) => a.area.code)).toEqual(sc.d.map((d) => d.code));
    const itself = await coverageOf(sc.pathwayId, sc.d[3].id, 'DISTRICT');
    expect(itself.areas.map((a: any) => [a.area.code, a.steps[0].status])).toEqual([[sc.d[3].code, 'STALE']]);
    expect((await coverageOf(sc.pathwayId, sc.r2.id, 'DISTRICT')).areas).toEqual([]);
  });

  it('refuses a level coarser than the area, unknown pathways and areas, and callers without a coverage role', async () => {
    const coarse = await coverage(steering, sc.pathwayId, sc.d[0].id, 'COUNTRY');
    expect(codes(coarse)).toEqual(['BAD_USER_INPUT']);
    expect(coarse.errors![0].message).toMatch(/^level/);
    expect(codes(await coverage(steering, sc.pathwayId, sc.r1.id, 'COUNTRY'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await coverage(steering, randomUUID(), sc.country.id, 'REGION'))).toEqual(['NOT_FOUND']);
    expect(codes(await coverage(steering, 'not-a-pathway', sc.country.id, 'REGION'))).toEqual(['NOT_FOUND']);
    expect(codes(await coverage(steering, sc.pathwayId, randomUUID(), 'REGION'))).toEqual(['NOT_FOUND']);
    expect(codes(await coverage(steering, sc.pathwayId, 'not-an-area', 'REGION'))).toEqual(['NOT_FOUND']);

    expect(codes(await coverage(await tokenFor('amina.cm@iom-niger.example.org'), sc.pathwayId, sc.country.id, 'REGION'))).toEqual(['FORBIDDEN']);
    expect(codes(await coverage(sc.p1.cm, sc.pathwayId, sc.country.id, 'REGION'))).toEqual(['FORBIDDEN']);
    expect(codes(await coverage(sc.p1.fp, sc.pathwayId, sc.country.id, 'REGION'))).toEqual(['FORBIDDEN']);
    expect(codes(await coverage(null as unknown as string, sc.pathwayId, sc.country.id, 'REGION'))).toEqual(['UNAUTHENTICATED']);
    // the roles that may see coverage
    for (const t of [networkAdmin, steering, sc.p3.admin]) expect(codes(await coverage(t, sc.pathwayId, sc.country.id, 'REGION'))).toEqual([]);
  });

  it('counts an MoU or SOP without category or area restriction, and stops counting a terminated MoU', async () => {
    // a step of its own category ("information"), so that the main pathway is not touched
    const p4 = await newAgency('unrestricted provider');
    const d6 = sc.d[5];
    const svc = await service(p4, { categoryCodes: ['information'], locationIds: [await location(p4, d6.id)], populations: ['ALL'] }, { verify: true });
    const anyMou = await mou(p4, [p4.id, sc.partner.id], {}, {}, [p4, sc.partner]);
    const anySop = (await sop(p4, { categoryCodes: [] })).id;
    const pathwayId = ok(await createPathway(networkAdmin, { name: `Coverage information ${run}`, populations: ['STRANDED_MIGRANTS'],
      steps: [{ title: 'Information', categoryCode: 'information' }] })).createPathway.id as string;
    const cell = async () => (await coverageOf(pathwayId, sc.r1.id, 'DISTRICT')).areas.find((a: any) => a.area.code === d6.code).steps[0];
    expect(await cell()).toEqual({ position: 1, status: 'COVERED', serviceIds: [svc], serviceId: svc, mouId: anyMou, sopId: anySop });
    ok(await gql(`mutation($id: ID!) { terminateMou(id: $id, reason: "ended") { status } }`, { id: anyMou }, p4.admin));
    expect(await cell()).toEqual({ position: 1, status: 'NO_AGREEMENT', serviceIds: [svc], serviceId: null, mouId: null, sopId: null });
  });

  it('takes the SOP from the step: its lead agency\'s, or the named series (current version, in force) whatever its owner', async () => {
    const [d1, d2, d3] = sc.d;
    const step = { title: 'Identity documents', categoryCode: 'legal.documentation' };
    const make = async (label: string, extra: Record<string, unknown>) =>
      ok(await createPathway(networkAdmin, { name: `Coverage ${label} ${run}`, populations: ['VICTIMS_OF_TRAFFICKING'], steps: [{ ...step, ...extra }] })).createPathway.id as string;
    const statuses = async (pathwayId: string) => {
      const report = await coverageOf(pathwayId, sc.r1.id, 'DISTRICT');
      return new Map<string, any>(report.areas.map((a: any) => [a.area.code, a.steps[0]]));
    };

    // led by P1: P1's SOP governs P2's service too
    const led = await statuses(await make('led by P1', { leadAgencyId: sc.p1.id }));
    expect(led.get(d2.code)).toMatchObject({ status: 'COVERED', serviceId: sc.s2, mouId: sc.mou2, sopId: sc.sop1 });
    expect(led.get(d3.code)).toMatchObject({ status: 'NO_AGREEMENT' });

    // under P2's series: its current version (v2) governs, whoever provides and whatever categories it names
    const series = await statuses(await make('under P2 series', { sopSeriesId: sc.p2SopSeries }));
    expect(series.get(d1.code)).toMatchObject({ status: 'COVERED', serviceId: sc.s1, mouId: sc.mou1, sopId: sc.p2SopV2 });
    expect(series.get(d2.code)).toMatchObject({ status: 'COVERED', serviceId: sc.s2, mouId: sc.mou2, sopId: sc.p2SopV2 });

    // under a series not yet in force: no SOP, even where the provider has one of its own
    const future = await statuses(await make('under a future series', { sopSeriesId: sc.futureSopSeries }));
    expect(future.get(d1.code)).toEqual({ position: 1, status: 'NO_SOP', serviceIds: [sc.s1], serviceId: sc.s1, mouId: sc.mou1, sopId: null });
    expect(future.get(d2.code)).toMatchObject({ status: 'NO_SOP', serviceId: sc.s2, mouId: sc.mou2, sopId: null });

    const unknown = await createPathway(networkAdmin, { name: `Coverage unknown series ${run}`, populations: ['ALL'], steps: [{ ...step, sopSeriesId: randomUUID() }] });
    expect(codes(unknown)).toEqual(['BAD_USER_INPUT']);
    expect(unknown.errors![0].message).toContain('input.steps[0].sopSeriesId');
  });
});

// ------------------------------------------------------------------------------------------------

describe('network performance and governance alerts', () => {
  let sender: Staff;
  const toS1: string[] = [];
  const toM: string[] = [];

  const PERFORMANCE = `query($f: PerformanceFilter) { networkPerformance(filter: $f) {
    threshold sent accepted declined completed cancelled overdue acceptanceRate outsideMouShare
    responseHoursMedian responseHoursP90 completionHoursMedian completionHoursP90
    declinedByReason { value count suppressed } completedByOutcome { value count suppressed } } }`;
  const performance = async (filter: Record<string, unknown>, token = steering) => ok(await gql(PERFORMANCE, { f: filter }, token)).networkPerformance;
  const byValue = (cells: any[]) => [...cells].sort((a, b) => (a.value < b.value ? -1 : a.value > b.value ? 1 : 0));

  beforeAll(async () => {
    sender = await newAgency('sending agency');
    const p1 = sc.p1;
    // the data-sharing agreement the referrals rely on, signed by both parties
    let dsa = ok(await gql(`mutation($input: CreateDsaInput!) { createDataSharingAgreement(input: $input) { id status } }`, { input: {
      referenceNumber: ref('DSA'), title: 'Coverage referrals', providingAgencyId: sender.id, receivingAgencyId: p1.id,
      purposes: ['REFERRAL_AND_SERVICE_DELIVERY'], categories: ['IDENTITY', 'CONTACT', 'DEMOGRAPHICS'], excludedFields: [],
      validFrom: day(-1), validUntil: day(365), retentionDays: 90, onwardSharingAllowed: false, riskAssessmentDate: day(-2), riskAssessmentReference: 'RBA-COV-1',
    } }, sender.dpo)).createDataSharingAgreement;
    for (const signer of [sender, p1]) dsa = ok(await gql(`mutation($id: ID!) { signDataSharingAgreement(id: $id) { id status } }`, { id: dsa.id }, signer.dpo)).signDataSharingAgreement;
    expect(dsa.status).toBe('ACTIVE');

    const send = async (i: number, serviceId: string) => {
      const c = ok(await gql(`mutation($input: RegisterCaseInput!) { registerCase(input: $input) { id } }`, { input: {
        person: { givenName: 'Fictional', familyName: `Person ${i} ${run}`, sex: 'FEMALE', phone: `+000 ${i}`, vulnerabilities: ['VICTIMS_OF_TRAFFICKING'] },
        consent: { decision: 'GRANTED', givenBy: 'PERSON', method: 'WRITTEN_FORM', language: 'fr', purposes: ['REGISTRATION', 'REFERRAL'],
          recipientAgencyIds: [p1.id], categories: ['IDENTITY', 'CONTACT', 'DEMOGRAPHICS'] },
      } }, sender.cm)).registerCase;
      const r = ok(await gql(`mutation($input: SendReferralInput!) { sendReferral(input: $input) { id status outsideMou disclosedFields } }`,
        { input: { caseId: c.id, serviceId, priority: 'NORMAL', reasons: 'Needs identity documents' } }, sender.cm)).sendReferral;
      expect(r).toMatchObject({ status: 'SENT', outsideMou: true });
      return r.id as string;
    };
    for (let i = 0; i < 12; i++) toS1.push(await send(i, sc.s1));
    for (let i = 12; i < 15; i++) toM.push(await send(i, sc.m));

    const accept = async (id: string) => ok(await gql(`mutation($id: ID!) { acceptReferral(id: $id) { status } }`, { id }, p1.fp));
    const decline = async (id: string, reason: string) => ok(await gql(`mutation($input: DeclineReferralInput!) { declineReferral(input: $input) { status } }`, { input: { id, reason } }, p1.fp));
    // to S1 (district 1): 8 accepted (6 of them completed), 4 declined (2 for capacity, 2 not eligible)
    for (const id of toS1.slice(0, 8)) await accept(id);
    for (const id of toS1.slice(8, 10)) await decline(id, 'NO_CAPACITY');
    for (const id of toS1.slice(10, 12)) await decline(id, 'NOT_ELIGIBLE');
    for (const id of toS1.slice(0, 6)) {
      ok(await gql(`mutation($input: CompleteReferralInput!) { completeReferral(input: $input) { status } }`, { input: { id, outcome: 'SERVICE_PROVIDED' } }, p1.fp));
    }
    // to M (district 2): 1 accepted, 1 declined, 1 waiting
    await accept(toM[0]);
    await decline(toM[1], 'CLIENT_UNREACHABLE');
  }, 180_000);

  it('publishes the figures of a service\'s referrals with noise, and withholds small ones', async () => {
    // 12 referrals: 8 accepted (6 completed), 4 declined
    const perf = await performance({ agencyId: sc.p1.id, areaId: sc.d[0].id });
    expect(perf.threshold).toBe(5);
    within(perf.sent, 12);
    within(perf.accepted, 8);
    within(perf.completed, 6);
    expect(perf.declined).toBeNull(); // 4 < 5
    expect(perf.cancelled).toBe(0);
    expect(perf.overdue).toBe(0);
    for (const k of ['sent', 'accepted', 'completed']) expect(perf[k]).toBeGreaterThanOrEqual(5);
    // both decline reasons count 2: withheld
    expect(byValue(perf.declinedByReason)).toEqual([
      { value: 'NOT_ELIGIBLE', count: null, suppressed: true },
      { value: 'NO_CAPACITY', count: null, suppressed: true },
    ]);
    expect(perf.completedByOutcome).toHaveLength(1);
    expect(perf.completedByOutcome[0]).toMatchObject({ value: 'SERVICE_PROVIDED', suppressed: false });
    within(perf.completedByOutcome[0].count, 6);
    // 8 accepted of 12 answered, but 4 declined is a small count: no rate
    expect(perf.acceptanceRate).toBeNull();
    // 12 responses and 6 completions: medians are published
    expect(typeof perf.responseHoursMedian).toBe('number');
    expect(perf.responseHoursMedian).toBeGreaterThanOrEqual(0);
    expect(perf.responseHoursMedian).toBeLessThan(1);
    expect(typeof perf.responseHoursP90).toBe('number');
    expect(typeof perf.completionHoursMedian).toBe('number');
    expect(perf.completionHoursMedian).toBeLessThan(1);
    // no MoU links the sender and P1: every referral went outside an MoU
    expect(perf.outsideMouShare).toBe(100);
  });

  it('publishes the acceptance rate once both accepted and declined reach the threshold', async () => {
    // all 15 of P1: 9 accepted, 5 declined, 1 waiting
    const perf = await performance({ agencyId: sc.p1.id });
    within(perf.sent, 15);
    within(perf.accepted, 9);
    within(perf.declined, 5);
    within(perf.completed, 6);
    expect(perf.acceptanceRate).toBe(Math.round(1000 * 9 / 14) / 10); // 64.3, from the true counts
    expect(byValue(perf.declinedByReason)).toEqual([
      { value: 'CLIENT_UNREACHABLE', count: null, suppressed: true },
      { value: 'NOT_ELIGIBLE', count: null, suppressed: true },
      { value: 'NO_CAPACITY', count: null, suppressed: true },
    ]);
    // the sending agency sees the same traffic; so does the pathway the services belong to
    within((await performance({ agencyId: sender.id })).sent, 15);
    within((await performance({ agencyId: sender.id, pathwayId: sc.pathwayId })).sent, 15);
  });

  it('gives nulls, never small numbers, when a filter leaves fewer than five referrals', async () => {
    // 3 referrals to M in district 2: 1 accepted, 1 declined, 1 waiting
    for (const filter of [{ agencyId: sc.p1.id, areaId: sc.d[1].id }, { agencyId: sender.id, categoryCode: 'mhpss' }]) {
      const perf = await performance(filter);
      expect(perf).toMatchObject({
        sent: null, accepted: null, declined: null, completed: 0, cancelled: 0, overdue: 0,
        acceptanceRate: null, outsideMouShare: null, responseHoursMedian: null, responseHoursP90: null, completionHoursMedian: null, completionHoursP90: null,
        completedByOutcome: [],
      });
      expect(perf.declinedByReason).toEqual([{ value: 'CLIENT_UNREACHABLE', count: null, suppressed: true }]);
    }
    // nothing at all is zero, not withheld
    const empty = await performance({ agencyId: sc.p2.id });
    expect(empty).toMatchObject({ sent: 0, accepted: 0, declined: 0, completed: 0, acceptanceRate: null, declinedByReason: [], completedByOutcome: [] });
  });

  it('is for the steering committee, network admins and agency admins only', async () => {
    expect(codes(await gql(PERFORMANCE, { f: { agencyId: sc.p1.id } }, sc.p1.cm))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(PERFORMANCE, { f: { agencyId: sc.p1.id } }, sc.p1.fp))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(PERFORMANCE, { f: { agencyId: sc.p1.id } }, null))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(PERFORMANCE, { f: { agencyId: sc.p1.id } }, sc.p1.admin))).toEqual([]);
  });

  describe('governance alerts', () => {
    const ALERTS = `query($a: ID) { governanceAlerts(areaId: $a) {
      mousExpiring { id referenceNumber title expiresOn }
      sopsOverdueForReview { id title version reviewDue ownerAgencyId }
      dataSharingAgreementsExpiring { id referenceNumber title validUntil }
      servicesNotVerified { service { id } lastVerifiedAt }
      servicesDecliningForCapacity { service { id } declinedForCapacity received suppressed }
      overdueReferralsByAgency { agency { id } overdue suppressed oldestDue } } }`;

    it('lists what the steering committee must act on across the network', async () => {
      const a = ok(await gql(ALERTS, {}, steering)).governanceAlerts;
      const directorate = a.mousExpiring.find((m: any) => m.id === MOU.IOM_NIGER_DIRECTORATE);
      expect(directorate).toMatchObject({ referenceNumber: 'MOU-NE-2024-003', expiresOn: day(40) });
      expect(a.mousExpiring.map((m: any) => m.id)).not.toContain(MOU.IOM_NIGER_AGADEZ_WOMEN); // 430 days left
      expect(a.mousExpiring.map((m: any) => m.id)).not.toContain(MOU.IOM_SUDAN_LEGAL_AID); // already expired
      for (const m of a.mousExpiring) expect(m.expiresOn <= day(60)).toBe(true);

      const gbvSop = a.sopsOverdueForReview.find((s: any) => s.id === SOP.AGADEZ_WOMEN_GBV_RESPONSE);
      expect(gbvSop).toMatchObject({ version: 1, reviewDue: day(-40), ownerAgencyId: AGENCY.AGADEZ_WOMEN });
      expect(a.sopsOverdueForReview.map((s: any) => s.id)).not.toContain(SOP.IOM_NIGER_CASE_MANAGEMENT_V1); // superseded
      expect(a.sopsOverdueForReview.map((s: any) => s.id)).not.toContain(SOP.IOM_NIGER_CASE_MANAGEMENT_V2); // review not due

      expect(a.dataSharingAgreementsExpiring.find((d: any) => d.id === DSA.AGADEZ_WOMEN_TO_IOM_NIGER)).toMatchObject({ referenceNumber: 'DSA-NE-2025-032', validUntil: day(50) });
      expect(a.dataSharingAgreementsExpiring.map((d: any) => d.id)).not.toContain(DSA.IOM_NIGER_TO_AGADEZ_WOMEN); // 440 days left
      expect(a.dataSharingAgreementsExpiring.map((d: any) => d.id)).not.toContain(DSA.IOM_SUDAN_TO_LEGAL_AID_EXPIRED);

      const stale = a.servicesNotVerified.map((s: any) => s.service.id);
      expect(stale).toContain(SERVICE.AGADEZ_CIVIL_REGISTRATION); // verified 430 days ago
      expect(stale).toContain(sc.s4); // never verified
      expect(a.servicesNotVerified.find((s: any) => s.service.id === sc.s4).lastVerifiedAt).toBeNull();
      expect(stale).not.toContain(sc.s1);

      const women = a.overdueReferralsByAgency.find((o: any) => o.agency.id === AGENCY.AGADEZ_WOMEN);
      expect(women).toBeDefined();
      // a small count is withheld (null), a published one is at least the threshold
      expect(women.suppressed ? women.overdue === null : women.overdue >= 5).toBe(true);
      expect(Date.parse(women.oldestDue)).toBeLessThan(Date.now() - 40 * 3_600_000); // due 48 hours ago
      expect(a.overdueReferralsByAgency.map((o: any) => o.agency.id)).not.toContain(sc.p1.id);

      const declining = a.servicesDecliningForCapacity.map((d: any) => d.service.id);
      expect(declining).toContain(SERVICE.AGADEZ_WOMEN_VOCATIONAL);
      // 2 of 12 declined for capacity: under the threshold (5), withheld with the rest, as networkPerformance would
      const s1 = a.servicesDecliningForCapacity.find((d: any) => d.service.id === sc.s1);
      expect(s1).toMatchObject({ service: { id: sc.s1 }, declinedForCapacity: null, suppressed: true });
      expect(Math.abs(s1.received - 12)).toBeLessThanOrEqual(2);
      expect(declining).not.toContain(sc.m);
    });

    it('narrows to an area', async () => {
      const a = ok(await gql(ALERTS, { a: sc.country.id }, steering)).governanceAlerts;
      expect(a.servicesNotVerified.map((s: any) => s.service.id)).toEqual([sc.s4]);
      expect(a.servicesDecliningForCapacity).toMatchObject([{ service: { id: sc.s1 }, declinedForCapacity: null, suppressed: true }]);
      expect(a.overdueReferralsByAgency).toEqual([]);
      expect(a.mousExpiring.map((m: any) => m.id)).not.toContain(MOU.IOM_NIGER_DIRECTORATE); // Niger only
      expect(a.sopsOverdueForReview.map((s: any) => s.id)).not.toContain(SOP.AGADEZ_WOMEN_GBV_RESPONSE);
      expect(a.dataSharingAgreementsExpiring.map((d: any) => d.id)).not.toContain(DSA.AGADEZ_WOMEN_TO_IOM_NIGER);
      expect(codes(await gql(ALERTS, { a: randomUUID() }, steering))).toEqual(['NOT_FOUND']);
    });

    it('is refused to agency admins and other roles', async () => {
      expect(codes(await gql(ALERTS, {}, sc.p1.admin))).toEqual(['FORBIDDEN']);
      expect(codes(await gql(ALERTS, {}, await tokenFor('fatimata.admin@iom-niger.example.org')))).toEqual(['FORBIDDEN']);
      expect(codes(await gql(ALERTS, {}, await tokenFor('amina.cm@iom-niger.example.org')))).toEqual(['FORBIDDEN']);
      expect(codes(await gql(ALERTS, {}, null))).toEqual(['UNAUTHENTICATED']);
      expect(codes(await gql(ALERTS, {}, networkAdmin))).toEqual([]);
    });
  });
});

// ------------------------------------------------------------------------------------------------

describe('coverage report (CSV and signed links)', () => {
  const csvPath = (areaId: string, level: string) => `/reports/coverage.csv?pathway=${sc.pathwayId}&area=${areaId}&level=${level}`;
  const get = (path: string, token?: string) => fetch(`${SERVER_URL()}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  /** RFC 4180: quoted cells may hold commas and doubled quotes. */
  const parse = (text: string) => text.trimEnd().split('\n').map((line) => {
    const cells: string[] = [];
    for (let i = 0; i <= line.length;) {
      if (line[i] === '"') {
        let cell = '';
        for (i++; i < line.length; i++) {
          if (line[i] === '"' && line[i + 1] === '"') { cell += '"'; i++; } else if (line[i] === '"') { i++; break; } else cell += line[i];
        }
        cells.push(cell);
        i++; // the comma
      } else {
        const end = line.indexOf(',', i) === -1 ? line.length : line.indexOf(',', i);
        cells.push(line.slice(i, end));
        i = end + 1;
      }
    }
    return cells;
  });

  it('gives the steering committee a CSV with a header and one row per area, matching pathwayCoverage', async () => {
    const response = await get(csvPath(sc.country.id, 'DISTRICT'), steering);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/csv/);
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(response.headers.get('content-disposition')).toBe(`attachment; filename="coverage-${sc.country.code}-district.csv"`);
    const text = await response.text();
    expect(text).toContain(`"District 6, ""the north"" ${sc.country.code}"`);
    const [header, ...rows] = parse(text);
    expect(header).toEqual(['area_code', 'area_name', 'step_1_Identity documents', 'step_2_Primary health care', 'step_3_Psychosocial support', 'required_covered', 'required_steps']);
    const report = await coverageOf(sc.pathwayId, sc.country.id, 'DISTRICT');
    expect(rows).toHaveLength(report.areas.length);
    expect(rows).toEqual(report.areas.map((a: any, i: number) => [
      a.area.code, sc.d[i].name, ...a.steps.map((s: any) => s.status), String(a.requiredCovered), String(a.requiredSteps),
    ]));
    expect(rows.map((r) => r[2])).toEqual(['COVERED', 'NO_SOP', 'NO_AGREEMENT', 'STALE', 'NO_CAPACITY', 'GAP']);

    // by region, with the level in lower case
    const regions = parse(await (await get(csvPath(sc.country.id, 'region'), steering)).text());
    expect(regions.slice(1).map((r) => [r[0], r[2], r[3], r[4]])).toEqual([[sc.r1.code, 'COVERED', 'COVERED', 'COVERED'], [sc.r2.code, 'GAP', 'NO_AGREEMENT', 'GAP']]);
  });

  it('refuses a request without a token (401) and a role that may not see coverage (403)', async () => {
    expect((await get(csvPath(sc.country.id, 'DISTRICT'))).status).toBe(401);
    expect((await get(csvPath(sc.country.id, 'DISTRICT'), await tokenFor('amina.cm@iom-niger.example.org'))).status).toBe(403);
    expect((await get(csvPath(sc.country.id, 'DISTRICT'), sc.p1.cm)).status).toBe(403);
    expect((await get(csvPath(sc.country.id, 'DISTRICT'), 'not-a-token')).status).toBe(401);
    expect((await get(csvPath(randomUUID(), 'DISTRICT'), steering)).status).toBe(404);
    expect((await get(csvPath(sc.d[0].id, 'COUNTRY'), steering)).status).toBe(400);
  });

  it('serves the signed link without a bearer token, for its own report only', async () => {
    const link = ok(await gql(`mutation($p: ID!, $a: ID!) { createCoverageReportLink(pathwayId: $p, areaId: $a, level: DISTRICT) { url csvUrl expiresAt } }`,
      { p: sc.pathwayId, a: sc.country.id }, steering)).createCoverageReportLink;
    expect(Date.parse(link.expiresAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(link.expiresAt)).toBeLessThan(Date.now() + 24 * 3_600_000);
    expect(link.csvUrl).toMatch(/^\/reports\/coverage\.csv\?/);
    expect(link.url).toMatch(/^\/reports\/coverage\?/);

    const csv = await get(link.csvUrl);
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const viaBearer = await (await get(csvPath(sc.country.id, 'DISTRICT'), steering)).text();
    expect(await csv.text()).toBe(viaBearer);
    const page = await get(link.url);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await page.text()).toContain(sc.d[3].code);

    // the same link for another area or level is refused
    const otherArea = link.csvUrl.replace(`area=${sc.country.id}`, `area=${sc.r1.id}`);
    expect(otherArea).not.toBe(link.csvUrl);
    expect((await get(otherArea)).status).toBe(403);
    expect((await get(link.csvUrl.replace('level=DISTRICT', 'level=REGION'))).status).toBe(403);
    const otherPathway = link.csvUrl.replace(`pathway=${sc.pathwayId}`, `pathway=${PATHWAY.TRAFFICKING}`);
    expect((await get(otherPathway)).status).toBe(403);
    // a tampered link is no link
    expect((await get(link.csvUrl.replace(/link=([^&]+)/, (_m: string, t: string) => `link=${t.slice(0, -4)}AAAA`))).status).toBe(401);

    expect(codes(await gql(`mutation($p: ID!, $a: ID!) { createCoverageReportLink(pathwayId: $p, areaId: $a) { url } }`,
      { p: randomUUID(), a: sc.country.id }, steering))).toEqual(['NOT_FOUND']);
    // a case manager cannot make one
    expect(codes(await gql(`mutation($p: ID!, $a: ID!) { createCoverageReportLink(pathwayId: $p, areaId: $a) { url } }`,
      { p: sc.pathwayId, a: sc.country.id }, sc.p1.cm))).toEqual(['FORBIDDEN']);
  });
});
