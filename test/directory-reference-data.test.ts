import { randomUUID } from 'node:crypto';
import { Role } from '../src/auth/roles';
import { areas } from '../seed/demo-data';
import { gql, ok, tokenFor } from './support/client';

/**
 * The server holds agencies, areas and categories in memory (src/directory/reference-data.ts); every directory
 * write empties that copy, so a change shows on the next search. Other test files write meanwhile (each write
 * empties the copy too), which can only make these pass more easily, never fail wrongly.
 */
describe('agencies, areas and categories held in memory', () => {
  const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.replace(/\d/g, (d) => 'qwxyzjkvbp'[Number(d)]);
  const word = `Refdatum${run}`;
  const category = `refdata_${run.toLowerCase()}`;
  let networkAdmin: string;
  let agencyAdmin: string;
  let agencyId: string;
  let locationId: string;
  let districtId: string;
  let serviceId: string;

  const SEARCH = `query($f: ServiceFilter) { services(filter: $f, first: 10) { edges { node { id
    agency { name } categories { code name } locations { area { code name parent { code } } } } } } }`;
  const search = async () => {
    const nodes = ok(await gql(SEARCH, { f: { text: word } }, agencyAdmin)).services.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.id)).toEqual([serviceId]);
    return nodes[0];
  };

  beforeAll(async () => {
    networkAdmin = await tokenFor('nadia.admin@referral-network.example.org');
    agencyId = ok(await gql(`mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
      { input: { names: [{ lang: 'en', text: `${word} Aid` }], type: 'NATIONAL_NGO', countryCode: 'NE', languages: ['fr'], fictional: true } }, networkAdmin)).createAgency.id;
    agencyAdmin = await tokenFor({ sub: randomUUID(), agency: agencyId, roles: [Role.AGENCY_ADMIN] });
    ok(await gql(`mutation($input: CreateServiceCategoryInput!) { createServiceCategory(input: $input) { code } }`,
      { input: { code: category, names: [{ lang: 'en', text: `Before ${run}` }], sortOrder: 950 } }, networkAdmin));
    const districtCode = areas.find((a) => a.level === 'DISTRICT' && a.parent === 'NE-1')!.code;
    districtId = ok(await gql(`query { areas(first: 100, filter: { countryCode: "NE" }) { edges { node { id code } } } }`, {}, networkAdmin))
      .areas.edges.map((e: any) => e.node).find((a: any) => a.code === districtCode).id;
    locationId = ok(await gql(`mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`,
      { input: { agencyId, names: [{ lang: 'en', text: 'Office' }], facilityType: 'OTHER', areaId: districtId } }, agencyAdmin)).createLocation.id;
    serviceId = ok(await gql(`mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`, { input: {
      agencyId, names: [{ lang: 'en', text: `${word} clinic` }], categoryCodes: [category, 'legal.documentation'],
      populations: ['ALL'], locationIds: [locationId], languages: ['fr'], channels: ['WALK_IN'],
    } }, agencyAdmin)).createService.id;
  });

  it('shows an agency renamed on the next search, and in the renaming mutation\'s own answer', async () => {
    // read twice: the second is served from the copy the first loaded
    expect((await search()).agency).toEqual({ name: `${word} Aid` });
    expect((await search()).agency).toEqual({ name: `${word} Aid` });
    const renamed = ok(await gql(`mutation($input: UpdateAgencyInput!) { updateAgency(input: $input) { name services(first: 5) { edges { node { agency { name } } } } } }`,
      { input: { id: agencyId, names: [{ lang: 'en', text: `${word} Renamed` }] } }, agencyAdmin)).updateAgency;
    // within the same request, after the write: the copy was emptied before the mutation answered
    expect(renamed.name).toBe(`${word} Renamed`);
    expect(renamed.services.edges.map((e: any) => e.node.agency.name)).toEqual([`${word} Renamed`]);
    expect((await search()).agency).toEqual({ name: `${word} Renamed` });
  });

  it('shows a category renamed on the next search, in the order the categories are listed', async () => {
    const before = await search();
    // legal.documentation (sort order 0 or so) before the new one (950), whatever their codes
    expect(before.categories).toEqual([expect.objectContaining({ code: 'legal.documentation' }), { code: category, name: `Before ${run}` }]);
    ok(await gql(`mutation($c: ID!, $i: UpdateServiceCategoryInput!) { updateServiceCategory(code: $c, input: $i) { code } }`,
      { c: category, i: { names: [{ lang: 'en', text: `After ${run}` }] } }, networkAdmin));
    expect((await search()).categories[1]).toEqual({ code: category, name: `After ${run}` });
  });

  it('shows a location moved to an area created since on the next search, with the area\'s parent', async () => {
    const before = await search();
    expect(before.locations).toEqual([{ area: expect.objectContaining({ parent: { code: 'NE-1' } }) }]);
    const code = `NE-REF-${run.toUpperCase()}`.slice(0, 40);
    const locality = ok(await gql(`mutation($input: CreateAreaInput!) { createArea(input: $input) { id code } }`,
      { input: { code, names: [{ lang: 'en', text: `Quarter ${run}` }], level: 'LOCALITY', parentId: districtId } }, networkAdmin)).createArea;
    ok(await gql(`mutation($input: UpdateLocationInput!) { updateLocation(input: $input) { id } }`, { input: { id: locationId, areaId: locality.id } }, agencyAdmin));
    const after = await search();
    expect(after.locations).toEqual([{ area: { code, name: `Quarter ${run}`, parent: { code: before.locations[0].area.code } } }]);
  });
});
