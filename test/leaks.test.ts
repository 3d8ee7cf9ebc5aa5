import { randomUUID } from 'node:crypto';
import { Role } from '../src/auth/roles';
import { AGENCY, LOCATION, SERVICE } from '../seed/demo-data';
import { DSA } from '../seed/agreements-data';
import { codes, gql, ok, tokenFor, type GqlResult } from './support/client';

/** Smaller leaks: existence oracles in mutations, partnerships' defaults, governance alert counts, confidential areas. */

const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const run = `${Date.now()}-${Math.random().toString(36).slice(2, 7)}`;
const DOC = { url: 'https://documents.example.org/leaks.pdf', sha256: 'aa'.repeat(32) };
let networkAdmin: string;
let steering: string;

interface Staff { id: string; admin: string; cm: string }
async function newAgency(label: string): Promise<Staff> {
  const id = ok(await gql(`mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
    { input: { names: [{ lang: 'en', text: `Leaks ${label} ${run}` }], type: 'NATIONAL_NGO', countryCode: 'NE', fictional: true } }, networkAdmin)).createAgency.id as string;
  return {
    id,
    admin: await tokenFor({ sub: randomUUID(), agency: id, roles: [Role.AGENCY_ADMIN, Role.DATA_PROTECTION_OFFICER] }),
    cm: await tokenFor({ sub: randomUUID(), agency: id, roles: [Role.CASE_MANAGER] }),
  };
}

/** The error of a response with the id it names made anonymous, to compare a real id's answer with a random one's. */
const answer = (r: GqlResult, id: string) => ({ codes: codes(r), message: r.errors?.[0]?.message.replace(id, '<id>') });

beforeAll(async () => {
  networkAdmin = await tokenFor('nadia.admin@referral-network.example.org');
  steering = await tokenFor('abdoulaye.sc@referral-network.example.org');
});

describe('mutations on records of other agencies are no existence oracle', () => {
  let a: Staff;
  let b: Staff;
  let outsider: Staff;
  let mouId: string;
  let dsaId: string;
  let partnershipId: string;
  beforeAll(async () => {
    [a, b, outsider] = await Promise.all([newAgency('A'), newAgency('B'), newAgency('outsider')]);
    mouId = ok(await gql(`mutation($input: CreateMouInput!) { createMou(input: $input) { id } }`,
      { input: { referenceNumber: `MOU-LEAK-${run}`, title: 'Leak test', partyIds: [a.id, b.id] } }, a.admin)).createMou.id;
    dsaId = ok(await gql(`mutation($input: CreateDsaInput!) { createDataSharingAgreement(input: $input) { id } }`, {
      input: { referenceNumber: `DSA-LEAK-${run}`, title: 'Leak test', providingAgencyId: a.id, receivingAgencyId: b.id, purposes: ['REFERRAL_AND_SERVICE_DELIVERY'],
        categories: ['IDENTITY'], validFrom: day(0), validUntil: day(100), retentionDays: 30, riskAssessmentDate: day(-1), riskAssessmentReference: 'RBA-LEAK' },
    }, a.admin)).createDataSharingAgreement.id;
    partnershipId = ok(await gql(`mutation($a: ID!, $b: ID!) { recordPartnership(providerAgencyId: $a, partnerAgencyId: $b) { id } }`, { a: a.id, b: b.id }, a.admin)).recordPartnership.id;
  });

  const mutations: [string, (id: string) => [string, Record<string, unknown>]][] = [
    ['updateMou', (id) => [`mutation($input: UpdateMouInput!) { updateMou(input: $input) { id } }`, { input: { id, title: 'x' } }]],
    ['signMou', (id) => [`mutation($input: SignMouInput!) { signMou(input: $input) { id } }`, { input: { id, signedOn: day(0), document: DOC } }]],
    ['terminateMou', (id) => [`mutation($id: ID!) { terminateMou(id: $id, reason: "x") { id } }`, { id }]],
    ['signDataSharingAgreement', (id) => [`mutation($id: ID!) { signDataSharingAgreement(id: $id) { id } }`, { id }]],
    ['terminateDataSharingAgreement', (id) => [`mutation($id: ID!) { terminateDataSharingAgreement(id: $id, reason: "x") { id } }`, { id }]],
    ['endPartnership', (id) => [`mutation($id: ID!) { endPartnership(id: $id, reason: "x") { id } }`, { id }]],
  ];
  const target = (name: string) => (/Mou$/.test(name) ? mouId : /DataSharing/.test(name) ? dsaId : partnershipId);
  const call = (name: string, token: string, id: string) => {
    const [query, variables] = mutations.find(([n]) => n === name)![1](id);
    return gql(query, variables, token);
  };

  it.each(mutations.map(([n]) => [n]))('%s: an agency that may not see the record gets NOT_FOUND for a real id, as for a random one', async (name) => {
    const random = randomUUID();
    for (const token of [outsider.admin, outsider.cm]) {
      const real = answer(await call(name, token, target(name)), target(name));
      expect(real.codes).toEqual(['NOT_FOUND']);
      expect(real).toEqual(answer(await call(name, token, random), random));
    }
  });

  it('a party with the wrong role still gets FORBIDDEN, and network-wide roles that may see the agreement too', async () => {
    for (const [name] of mutations) expect([name, codes(await call(name, a.cm, target(name)))]).toEqual([name, ['FORBIDDEN']]);
    // the steering committee sees every agreement but may change none; a partner sees the partnership but only the provider ends it
    for (const name of ['updateMou', 'signMou', 'terminateMou', 'signDataSharingAgreement', 'terminateDataSharingAgreement']) {
      expect([name, codes(await call(name, steering, target(name)))]).toEqual([name, ['FORBIDDEN']]);
    }
    expect(codes(await call('endPartnership', b.admin, partnershipId))).toEqual(['FORBIDDEN']);
    expect(codes(await call('endPartnership', steering, partnershipId))).toEqual(['NOT_FOUND']);
    // a network admin may not sign for an agency: FORBIDDEN for a real one, NOT_FOUND for a random one
    expect(codes(await call('signDataSharingAgreement', networkAdmin, dsaId))).toEqual(['FORBIDDEN']);
    expect(codes(await call('signMou', networkAdmin, mouId))).toEqual(['FORBIDDEN']);
    expect(codes(await call('signMou', networkAdmin, randomUUID()))).toEqual(['NOT_FOUND']);
    // the demo agreement between IOM Niger and the Agadez women's NGO, to an agency party to neither
    const samia = await tokenFor('samia.admin@nile-legal.example.org');
    const real = answer(await call('terminateDataSharingAgreement', samia, DSA.IOM_NIGER_TO_AGADEZ_WOMEN), DSA.IOM_NIGER_TO_AGADEZ_WOMEN);
    const random = randomUUID();
    expect(real).toEqual(answer(await call('terminateDataSharingAgreement', samia, random), random));
    expect(real.codes).toEqual(['NOT_FOUND']);
  });
});

describe('partnerships(agencyId)', () => {
  it('answers with its default arguments (active ones only), and includeEnded adds the ended ones', async () => {
    const [provider, partner] = await Promise.all([newAgency('provider'), newAgency('partner')]);
    const p = ok(await gql(`mutation($a: ID!, $b: ID!) { recordPartnership(providerAgencyId: $a, partnerAgencyId: $b) { id } }`, { a: provider.id, b: partner.id }, provider.admin)).recordPartnership;
    const ended = ok(await gql(`mutation($a: ID!, $b: ID!) { recordPartnership(providerAgencyId: $a, partnerAgencyId: $b) { id } }`, { a: partner.id, b: provider.id }, partner.admin)).recordPartnership;
    ok(await gql(`mutation($id: ID!) { endPartnership(id: $id, reason: "ended") { id } }`, { id: ended.id }, partner.admin));
    const list = async (token: string, includeEnded?: boolean) => {
      const r = includeEnded === undefined
        ? await gql(`query($id: ID!) { partnerships(agencyId: $id) { id active } }`, { id: provider.id }, token)
        : await gql(`query($id: ID!, $e: Boolean!) { partnerships(agencyId: $id, includeEnded: $e) { id active } }`, { id: provider.id, e: includeEnded }, token);
      expect(codes(r)).toEqual([]);
      return r.data.partnerships.map((x: any) => x.id).sort();
    };
    expect(await list(provider.admin)).toEqual([p.id]);
    expect(await list(networkAdmin)).toEqual([p.id]);
    expect(await list(provider.admin, true)).toEqual([p.id, ended.id].sort());
  });
});

describe('governanceAlerts publishes counts as networkPerformance does', () => {
  it('withholds counts under the threshold (the demo: 1 declined for capacity, 1 overdue), and publishes none below it', async () => {
    // one costly field per request
    const t = ok(await gql(`{ networkPerformance { threshold } }`, {}, steering)).networkPerformance.threshold;
    const a = ok(await gql(`{ governanceAlerts {
      servicesDecliningForCapacity { service { id } declinedForCapacity received suppressed }
      overdueReferralsByAgency { agency { id } overdue suppressed } } }`, {}, steering)).governanceAlerts;
    const vocational = a.servicesDecliningForCapacity.find((d: any) => d.service.id === SERVICE.AGADEZ_WOMEN_VOCATIONAL);
    expect(vocational).toMatchObject({ declinedForCapacity: null, suppressed: true });
    const women = a.overdueReferralsByAgency.find((o: any) => o.agency.id === AGENCY.AGADEZ_WOMEN);
    expect(women).toMatchObject({ overdue: null, suppressed: true });
    for (const d of a.servicesDecliningForCapacity) {
      for (const n of [d.declinedForCapacity, d.received]) expect(n === null || n >= t).toBe(true);
      // a withheld count of declines is not the difference of what is shown
      if (d.declinedForCapacity === null) expect(d.suppressed).toBe(true);
    }
    for (const o of a.overdueReferralsByAgency) expect(o.overdue === null ? o.suppressed : o.overdue >= t).toBe(true);
    // never a lone withheld agency beside published ones, which the network's overdue total would give away
    const withheld = a.overdueReferralsByAgency.filter((o: any) => o.suppressed).length;
    expect(withheld !== 1 || withheld === a.overdueReferralsByAgency.length).toBe(true);
  });
});

describe('a hidden confidential location shows its area at district level or above', () => {
  let provider: Staff;
  let outsider: string;
  let shelter: string;
  let service: string;
  const area: Record<string, string> = {};
  beforeAll(async () => {
    provider = await newAgency('shelter provider');
    outsider = (await newAgency('outsider')).cm;
    const r = ok(await gql(`{ areas(first: 100, filter: { countryCode: "NE" }) { edges { node { id code } } } }`, {}, networkAdmin));
    for (const e of r.areas.edges) area[e.node.code] = e.node.id;
    shelter = ok(await gql(`mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`, {
      input: { agencyId: provider.id, names: [{ lang: 'en', text: 'Safe house' }], facilityType: 'SHELTER', areaId: area['NE-1-ARL-CU'],
        address: 'Secret street', latitude: 18.74, longitude: 7.39, confidential: true },
    }, provider.admin)).createLocation.id;
    service = ok(await gql(`mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`, {
      input: { agencyId: provider.id, names: [{ lang: 'en', text: `Leak shelter ${run}` }], categoryCodes: ['shelter.safe_house'], populations: ['ALL'],
        locationIds: [shelter], coverageAreaIds: [], languages: ['fr'], channels: ['PHONE'], timezone: 'Africa/Niamey',
        openingHours: [{ day: 'MONDAY', opens: '08:00', closes: '16:00' }] },
    }, provider.admin)).createService.id;
  });

  const AREA = 'area { id code level }';

  it('through service.locations.area, location(id).area, the locations list and the near search', async () => {
    const viaService = async (token: string) => ok(await gql(`query($id: ID!) { service(id: $id) { locations { ${AREA} } } }`, { id: service }, token)).service.locations[0].area;
    const viaLocation = async (token: string) => ok(await gql(`query($id: ID!) { location(id: $id) { ${AREA} } }`, { id: shelter }, token)).location.area;
    const viaList = async (token: string) => ok(await gql(`query($a: [ID!]) { locations(first: 10, filter: { agencyIds: $a }) { edges { node { id ${AREA} } } } }`, { a: [provider.id] }, token))
      .locations.edges[0].node.area;
    const viaNear = async (token: string) => {
      const edges = ok(await gql(`query($a: [ID!]) { services(first: 10, filter: { agencyIds: $a, near: { latitude: 18.74, longitude: 7.39, radiusKm: 30 } }) { edges { node { id locations { ${AREA} } } } } }`,
        { a: [provider.id] }, token)).services.edges;
      expect(edges.map((e: any) => e.node.id)).toEqual([service]);
      return edges[0].node.locations[0].area;
    };
    for (const path of [viaService, viaLocation, viaList, viaNear]) {
      expect(await path(provider.admin)).toMatchObject({ code: 'NE-1-ARL-CU', level: 'LOCALITY' });
      expect(await path(outsider)).toEqual({ id: area['NE-1-ARL'], code: 'NE-1-ARL', level: 'DISTRICT' });
    }
    // the demo safe shelter in Agadez, to an agency with no partnership with its provider
    const hiba = await tokenFor('hiba.cm@nile-legal.example.org');
    const demo = ok(await gql(`query($id: ID!) { location(id: $id) { detailsHidden ${AREA} } }`, { id: LOCATION.AGADEZ_SAFE_SHELTER }, hiba)).location;
    expect(demo).toMatchObject({ detailsHidden: true, area: { level: 'DISTRICT' } });
  });

  it('through area filters: the locality finds it for no outsider, the district does', async () => {
    const locations = async (token: string, areaCode: string) =>
      ok(await gql(`query($a: [ID!], $ar: [ID!]) { locations(first: 10, filter: { agencyIds: $a, areaIds: $ar }) { edges { node { id } } } }`, { a: [provider.id], ar: [area[areaCode]] }, token))
        .locations.edges.map((e: any) => e.node.id);
    const services = async (token: string, areaCode: string) =>
      ok(await gql(`query($a: [ID!], $ar: [ID!]) { services(first: 10, filter: { agencyIds: $a, areaIds: $ar }) { edges { node { id } } } }`, { a: [provider.id], ar: [area[areaCode]] }, token))
        .services.edges.map((e: any) => e.node.id);
    expect(await locations(outsider, 'NE-1-ARL-CU')).toEqual([]);
    expect(await locations(outsider, 'NE-1-ARL')).toEqual([shelter]);
    expect(await locations(provider.admin, 'NE-1-ARL-CU')).toEqual([shelter]);
    expect(await services(outsider, 'NE-1-ARL-CU')).toEqual([]);
    expect(await services(outsider, 'NE-1-ARL')).toEqual([service]);
    expect(await services(outsider, 'NE')).toEqual([service]);
  });
});
