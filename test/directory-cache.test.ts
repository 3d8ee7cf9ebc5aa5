import { randomUUID } from 'node:crypto';
import { Role } from '../src/auth/roles';
import { AGENCY, SERVICE, areas } from '../seed/demo-data';
import { gql, ok, tokenFor, type GqlResult } from './support/client';

// The server keeps directory search answers in memory (DIRECTORY_CACHE_TTL_SECONDS, default 30 s).
describe('directory search cache', () => {
  const unique = `Quorvex${Date.now()}`;
  let networkAdmin: string;
  let agencyAdmin: string;
  let serviceId: string;
  const SEARCH = `query($f: ServiceFilter) { services(filter: $f, first: 10) { edges { node { id name capacity { available total } } } } }`;
  const filter = { text: unique };
  const cacheOf = (r: { headers: Headers }) => r.headers.get('x-directory-cache');

  /**
   * The same search until it is served from memory, with the last answer computed before it: the other test
   * files running meanwhile write to the directory and agreements, and every such write empties the cache.
   */
  async function servedFromCache(query: string, variables: Record<string, unknown>, token: string) {
    let computed: GqlResult | null = null;
    for (let attempt = 0; attempt < 40; attempt++) {
      const r = await gql(query, variables, token);
      if (cacheOf(r) === 'hit') return { computed, served: r };
      if (cacheOf(r) === 'miss') computed = r;
    }
    throw new Error('no answer was served from the cache in 40 requests');
  }

  beforeAll(async () => {
    networkAdmin = await tokenFor('nadia.admin@referral-network.example.org');
    const agency = ok(await gql(`mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
      { input: { names: [{ lang: 'en', text: `${unique} Aid` }], type: 'NATIONAL_NGO', countryCode: 'NE', languages: ['fr'], fictional: true } }, networkAdmin)).createAgency;
    agencyAdmin = await tokenFor({ sub: randomUUID(), agency: agency.id, roles: [Role.AGENCY_ADMIN] });
    const districtCode = areas.find((a) => a.level === 'DISTRICT' && a.parent === 'NE-1')!.code;
    const district = ok(await gql(`query { areas(first: 100, filter: { countryCode: "NE" }) { edges { node { id code } } } }`, {}, networkAdmin))
      .areas.edges.map((e: any) => e.node).find((a: any) => a.code === districtCode).id;
    const location = ok(await gql(`mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`,
      { input: { agencyId: agency.id, names: [{ lang: 'en', text: 'Office' }], facilityType: 'OTHER', areaId: district } }, agencyAdmin)).createLocation;
    serviceId = ok(await gql(`mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`, { input: {
      agencyId: agency.id, names: [{ lang: 'en', text: `${unique} clinic` }, { lang: 'fr', text: `Clinique ${unique}` }], categoryCodes: ['legal.documentation'],
      populations: ['ALL'], locationIds: [location.id], languages: ['fr'], channels: ['WALK_IN'], capacity: { available: 3, total: 10 },
    } }, agencyAdmin)).createService.id;
  });

  it('answers a repeated search from memory, without SQL, with the same answer', async () => {
    // the first search of this test file: computed, stored, then served
    const { computed: first, served: second } = await servedFromCache(SEARCH, { f: filter }, agencyAdmin);
    expect(first).not.toBeNull();
    expect(first!.statements).toBeGreaterThan(0);
    expect(second.statements).toBe(0);
    expect(second.data).toEqual(first!.data);
    expect(ok(second).services.edges.map((e: any) => e.node)).toEqual([{ id: serviceId, name: `${unique} clinic`, capacity: { available: 3, total: 10 } }]);
  });

  it('forgets every answer when the directory changes', async () => {
    await servedFromCache(SEARCH, { f: filter }, agencyAdmin);
    ok(await gql(`mutation($id: ID!) { updateServiceCapacity(id: $id, available: 0) { id } }`, { id: serviceId }, agencyAdmin));
    const after = await gql(SEARCH, { f: filter }, agencyAdmin);
    // computed afresh ('miss', or no header when another write lands meanwhile)
    expect(cacheOf(after)).not.toBe('hit');
    expect(after.statements).toBeGreaterThan(0);
    expect(ok(after).services.edges[0].node.capacity).toEqual({ available: 0, total: 10 });
  });

  it('keeps answers apart by language', async () => {
    const en = ok(await gql(SEARCH, { f: filter }, agencyAdmin, { 'accept-language': 'en' })).services.edges[0].node.name;
    const fr = ok(await gql(SEARCH, { f: filter }, agencyAdmin, { 'accept-language': 'fr' })).services.edges[0].node.name;
    expect([en, fr]).toEqual([`${unique} clinic`, `Clinique ${unique}`]);
  });

  it('never gives one agency an answer computed for another (confidential shelters)', async () => {
    const SHELTERS = `query($f: ServiceFilter) { services(filter: $f) { edges { node { id locations { address detailsHidden } } } } }`;
    const f = { agencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['shelter'] };
    const provider = await tokenFor('rakia.cm@tenere-femmes.example.org');
    const outsider = await tokenFor('hiba.cm@nile-legal.example.org');
    for (let i = 0; i < 2; i++) {
      const insiderView = ok(await gql(SHELTERS, { f }, provider)).services.edges;
      expect(insiderView.map((e: any) => e.node.id)).toEqual([SERVICE.AGADEZ_GBV_SAFE_HOUSE]);
      expect(insiderView[0].node.locations[0].detailsHidden).toBe(false);
      const outsiderView = ok(await gql(SHELTERS, { f }, outsider)).services.edges;
      expect(outsiderView[0].node.locations).toEqual([{ address: null, detailsHidden: true }]);
    }
  });

  it('does not cache searches that read agreements (their status changes with the date)', async () => {
    const WITH_MOUS = `query($f: ServiceFilter) { services(filter: $f, first: 5) { edges { node { id mous { id } } } } }`;
    for (let i = 0; i < 2; i++) {
      const r = await gql(WITH_MOUS, { f: filter }, agencyAdmin);
      ok(r);
      expect(r.headers.get('x-directory-cache')).toBeNull();
      expect(r.statements).toBeGreaterThan(0);
    }
  });

  it('caches only fields on its allow-list: a search reading an agency\'s partners (MoUs) is computed every time', async () => {
    const WITH_PARTNERS = `query($f: ServiceFilter) { services(filter: $f, first: 5) { edges { node { id agency { id partners { id } } } } } }`;
    const VIA_FRAGMENT = `query($f: ServiceFilter) { services(filter: $f, first: 5) { edges { node { id ...A } } } } fragment A on Service { agency { partners { id } } }`;
    for (const query of [WITH_PARTNERS, VIA_FRAGMENT]) {
      for (let i = 0; i < 2; i++) {
        const r = await gql(query, { f: filter }, agencyAdmin);
        ok(r);
        expect([null, 'bypass']).toContain(cacheOf(r));
        expect(r.statements).toBeGreaterThan(0);
      }
    }
    // the same search without partners is cached
    const AGENCY_ONLY = `query($f: ServiceFilter) { services(filter: $f, first: 5) { edges { node { id agency { id } } } } }`;
    await servedFromCache(AGENCY_ONLY, { f: filter }, agencyAdmin);
  });

  it('forgets every answer when an agreement is written: an MoU created, then signed', async () => {
    const partner = ok(await gql(`mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
      { input: { names: [{ lang: 'en', text: `${unique} Partner` }], type: 'NATIONAL_NGO', countryCode: 'NE', fictional: true } }, networkAdmin)).createAgency.id;
    const ownAgency = ok(await gql(`{ myAgency { id } }`, {}, agencyAdmin)).myAgency.id;
    // after each write the search is computed afresh ('miss', or no header when another write lands meanwhile)
    const computedAfresh = async () => {
      const r = await gql(SEARCH, { f: filter }, agencyAdmin);
      expect(cacheOf(r)).not.toBe('hit');
      expect(r.statements).toBeGreaterThan(0);
    };
    await servedFromCache(SEARCH, { f: filter }, agencyAdmin);
    const mou = ok(await gql(`mutation($input: CreateMouInput!) { createMou(input: $input) { id } }`,
      { input: { referenceNumber: `MOU-CACHE-${unique}`, title: 'Cache test MoU', partyIds: [ownAgency, partner] } }, agencyAdmin)).createMou;
    await computedAfresh();
    await servedFromCache(SEARCH, { f: filter }, agencyAdmin);
    const signed = ok(await gql(`mutation($input: SignMouInput!) { signMou(input: $input) { status } }`,
      { input: { id: mou.id, signedOn: new Date().toISOString().slice(0, 10), document: { url: 'https://documents.example.org/cache-mou.pdf', sha256: 'ab'.repeat(32) } } }, agencyAdmin)).signMou;
    expect(signed.status).toBe('PARTIALLY_SIGNED');
    await computedAfresh();
  });
});
