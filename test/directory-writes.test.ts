import { randomUUID } from 'node:crypto';
import { Role } from '../src/auth/roles';
import { AGENCY, LOCATION, SERVICE, USER, areas } from '../seed/demo-data';
import { codes, gql, ok, tokenFor } from './support/client';

const AGENCY_FIELDS = 'id name acronym type countryCode languages createdBy updatedBy createdAt updatedAt';
const SERVICE_FIELDS = `id name status statusReason populations ageMin ageMax genders languages channels timezone
  openingHours { day opens closes } capacity { available total updatedAt } lastVerification { at by note }
  createdBy updatedBy agency { id } categories { code } locations { id name address latitude detailsHidden } coverageAreas { code }`;

const areaId = async (token: string, code: string) => {
  const r = ok(await gql(`query($c: String) { areas(first: 100, filter: { countryCode: $c }) { edges { node { id code } } } }`, { c: code.slice(0, 2) }, token));
  return r.areas.edges.map((e: any) => e.node).find((a: any) => a.code === code).id as string;
};

describe('directory writes', () => {
  const adminSub = randomUUID();
  let networkAdmin: string;
  let agencyId: string;
  let agencyAdmin: string;
  let agadezDistrict: string;
  let nigerId: string;
  const unique = `Zorblax${Date.now()}`;
  const agadezDistrictCode = areas.find((a) => a.level === 'DISTRICT' && a.parent === 'NE-1')!.code;

  beforeAll(async () => {
    networkAdmin = await tokenFor('nadia.admin@referral-network.example.org');
    const created = ok(await gql(
      `mutation($input: CreateAgencyInput!) { createAgency(input: $input) { ${AGENCY_FIELDS} } }`,
      { input: { names: [{ lang: 'en', text: `${unique} Relief` }, { lang: 'fr', text: `Secours ${unique}` }], acronym: 'ZR', type: 'NATIONAL_NGO', countryCode: 'NE', languages: ['fr', 'ha'], fictional: true } },
      networkAdmin,
    ));
    agencyId = created.createAgency.id;
    expect(created.createAgency.createdBy).toBe(USER.NETWORK_ADMIN);
    agencyAdmin = await tokenFor({ sub: adminSub, agency: agencyId, roles: [Role.AGENCY_ADMIN] });
    agadezDistrict = await areaId(networkAdmin, agadezDistrictCode);
    nigerId = await areaId(networkAdmin, 'NE');
  });

  const createLocation = (token: string, input: Record<string, unknown>) =>
    gql(`mutation($input: CreateLocationInput!) { createLocation(input: $input) { id name address latitude longitude confidential detailsHidden } }`, { input }, token);
  const createService = (token: string, input: Record<string, unknown>) =>
    gql(`mutation($input: CreateServiceInput!) { createService(input: $input) { ${SERVICE_FIELDS} } }`, { input }, token);
  const baseService = (locationId: string) => ({
    agencyId, names: [{ lang: 'en', text: `${unique} legal clinic` }, { lang: 'ar', text: 'عيادة قانونية' }], categoryCodes: ['legal.documentation'],
    populations: ['ALL'], locationIds: [locationId], coverageAreaIds: [], languages: ['fr'], channels: ['WALK_IN'], timezone: 'Africa/Niamey',
    openingHours: [{ day: 'MONDAY', opens: '08:00', closes: '16:00' }], capacity: { available: 3, total: 10 },
  });

  it('lets the agency admin create a location and a service that search then finds, recording who did it', async () => {
    const loc = ok(await createLocation(agencyAdmin, { agencyId, names: [{ lang: 'en', text: 'Office' }], facilityType: 'MIGRANT_RESOURCE_CENTRE', areaId: agadezDistrict, address: '1 Rue Test', latitude: 16.97, longitude: 7.99 }));
    expect(loc.createLocation).toMatchObject({ name: 'Office', address: '1 Rue Test', confidential: false, detailsHidden: false });
    const svc = ok(await createService(agencyAdmin, baseService(loc.createLocation.id))).createService;
    expect(svc).toMatchObject({ name: `${unique} legal clinic`, status: 'ACTIVE', createdBy: adminSub, updatedBy: adminSub, agency: { id: agencyId }, categories: [{ code: 'legal.documentation' }], capacity: { available: 3, total: 10 }, genders: [] });
    const found = ok(await gql(`query($t: String) { services(filter: { text: $t, categories: ["legal"], areaIds: ["${nigerId}"] }) { totalCount edges { node { id } } } }`, { t: unique }, agencyAdmin));
    expect(found.services.edges.map((e: any) => e.node.id)).toEqual([svc.id]);
  });

  it('updates, verifies, closes and re-opens a service, and tracks capacity', async () => {
    const loc = ok(await createLocation(agencyAdmin, { agencyId, names: [{ lang: 'en', text: 'Annex' }], facilityType: 'OTHER', areaId: agadezDistrict }));
    const id = ok(await createService(agencyAdmin, baseService(loc.createLocation.id))).createService.id;
    const updated = ok(await gql(`mutation($input: UpdateServiceInput!) { updateService(input: $input) { ${SERVICE_FIELDS} } }`,
      { input: { id, ageMin: 18, genders: ['FEMALE'], coverageAreaIds: [nigerId] } }, agencyAdmin)).updateService;
    expect(updated).toMatchObject({ ageMin: 18, ageMax: null, genders: ['FEMALE'], coverageAreas: [{ code: 'NE' }], languages: ['fr'] });

    const verified = ok(await gql(`mutation($id: ID!) { verifyService(id: $id, note: "called the office") { lastVerification { by note at } } }`, { id }, agencyAdmin)).verifyService;
    expect(verified.lastVerification).toMatchObject({ by: adminSub, note: 'called the office' });
    expect(Date.now() - Date.parse(verified.lastVerification.at)).toBeLessThan(60_000);

    const closed = ok(await gql(`mutation($id: ID!) { setServiceStatus(id: $id, status: TEMPORARILY_CLOSED, reason: "flooding") { status statusReason } }`, { id }, agencyAdmin));
    expect(closed.setServiceStatus).toEqual({ status: 'TEMPORARILY_CLOSED', statusReason: 'flooding' });
    const hidden = ok(await gql(`query($t: String) { services(filter: { text: $t }) { edges { node { id } } } }`, { t: unique }, agencyAdmin));
    expect(hidden.services.edges.map((e: any) => e.node.id)).not.toContain(id);
    expect(codes(await gql(`mutation($id: ID!) { setServiceStatus(id: $id, status: INACTIVE) { status } }`, { id }, agencyAdmin))).toEqual(['BAD_USER_INPUT']);

    const focalPoint = await tokenFor({ sub: randomUUID(), agency: agencyId, roles: [Role.REFERRAL_FOCAL_POINT] });
    const capacity = ok(await gql(`mutation($id: ID!) { updateServiceCapacity(id: $id, available: 0) { capacity { available total } } }`, { id }, focalPoint));
    expect(capacity.updateServiceCapacity.capacity).toEqual({ available: 0, total: 10 });
    const over = await gql(`mutation($id: ID!) { updateServiceCapacity(id: $id, available: 11) { id } }`, { id }, focalPoint);
    expect(codes(over)).toEqual(['BAD_USER_INPUT']);
    expect(over.errors![0].message).toMatch(/available/);
  });

  it('refuses writes to another agency\'s records with FORBIDDEN', async () => {
    const r1 = await gql(`mutation($id: ID!) { verifyService(id: $id) { id } }`, { id: SERVICE.AGADEZ_TRANSIT_SHELTER }, agencyAdmin);
    expect(codes(r1)).toEqual(['FORBIDDEN']);
    const r2 = await createService(agencyAdmin, { ...baseService(LOCATION.AGADEZ_TRANSIT_CENTRE), agencyId: AGENCY.IOM_NIGER });
    expect(codes(r2)).toEqual(['FORBIDDEN']);
    const caseManager = await tokenFor({ sub: randomUUID(), agency: agencyId, roles: [Role.CASE_MANAGER] });
    expect(codes(await gql(`mutation($id: ID!) { verifyService(id: $id) { id } }`, { id: SERVICE.AGADEZ_TRANSIT_SHELTER }, caseManager))).toEqual(['FORBIDDEN']);
    // a network admin may change anything
    expect(codes(await gql(`mutation($id: ID!) { verifyService(id: $id) { id } }`, { id: SERVICE.AGADEZ_TRANSIT_SHELTER }, networkAdmin))).toEqual([]);
  });

  it('answers NOT_FOUND for unknown records', async () => {
    const missing = randomUUID();
    expect(codes(await gql(`mutation($id: ID!) { verifyService(id: $id) { id } }`, { id: missing }, networkAdmin))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(`query($id: ID!) { agency(id: $id) { id } }`, { id: missing }, networkAdmin))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(`query($id: ID!) { location(id: $id) { id } }`, { id: 'nope' }, networkAdmin))).toEqual(['NOT_FOUND']);
    expect(codes(await createLocation(networkAdmin, { agencyId, names: [{ lang: 'en', text: 'X' }], facilityType: 'OTHER', areaId: missing }))).toEqual(['NOT_FOUND']);
  });

  it.each([
    ['an empty name list', { names: [] }, 'input.names'],
    ['an empty name', { names: [{ lang: 'en', text: '' }] }, 'input.names[0].text'],
    ['a bad language code', { languages: ['French'] }, 'input.languages'],
    ['ages out of order', { ageMin: 18, ageMax: 5 }, 'input.ageMax'],
    ['a time zone that does not exist', { timezone: 'Mars/Olympus' }, 'input.timezone'],
    ['closing before opening', { openingHours: [{ day: 'MONDAY', opens: '16:00', closes: '08:00' }] }, 'input.openingHours[0].closes'],
    ['a malformed time', { openingHours: [{ day: 'MONDAY', opens: '8h', closes: '16:00' }] }, 'input.openingHours[0].opens'],
    ['an unknown category', { categoryCodes: ['teleportation'] }, 'input.categoryCodes'],
    ['a location of another agency', { locationIds: [LOCATION.AGADEZ_TRANSIT_CENTRE] }, 'input.locationIds'],
    ['more available than total capacity', { capacity: { available: 5, total: 2 } }, 'input.capacity.available'],
  ])('refuses a service with %s (BAD_USER_INPUT naming the field) and writes nothing', async (_what, change, field) => {
    const name = `${unique} refused ${field}`;
    const loc = ok(await createLocation(agencyAdmin, { agencyId, names: [{ lang: 'en', text: 'Desk' }], facilityType: 'OTHER', areaId: agadezDistrict }));
    const r = await createService(agencyAdmin, { ...baseService(loc.createLocation.id), names: [{ lang: 'en', text: name }], ...change });
    expect(codes(r)).toEqual(['BAD_USER_INPUT']);
    expect(r.errors![0].message).toContain(field);
    const after = ok(await gql(`query($id: ID!) { agency(id: $id) { services(first: 100) { edges { node { name } } } } }`, { id: agencyId }, agencyAdmin));
    expect(after.agency.services.edges.map((e: any) => e.node.name)).not.toContain(name);
  });

  it('refuses a location with only one coordinate or out of range', async () => {
    const one = await createLocation(agencyAdmin, { agencyId, names: [{ lang: 'en', text: 'X' }], facilityType: 'OTHER', areaId: agadezDistrict, latitude: 10 });
    expect(codes(one)).toEqual(['BAD_USER_INPUT']);
    expect(one.errors![0].message).toMatch(/input.longitude/);
    const far = await createLocation(agencyAdmin, { agencyId, names: [{ lang: 'en', text: 'X' }], facilityType: 'OTHER', areaId: agadezDistrict, latitude: 95, longitude: 7 });
    expect(codes(far)).toEqual(['BAD_USER_INPUT']);
    expect(far.errors![0].message).toMatch(/input.latitude/);
  });

  it('records and ends partnerships; a partner then sees a confidential address, and stops seeing it', async () => {
    const shelter = ok(await createLocation(agencyAdmin, { agencyId, names: [{ lang: 'en', text: 'Safe house Z' }], facilityType: 'SHELTER', areaId: agadezDistrict, address: 'Secret street 9', latitude: 16.9, longitude: 7.9, confidential: true })).createLocation;
    const outsider = await tokenFor('hiba.cm@nile-legal.example.org');
    const read = async () => ok(await gql(`query($id: ID!) { location(id: $id) { name address latitude detailsHidden area { code } } }`, { id: shelter.id }, outsider)).location;
    expect(await read()).toEqual({ name: null, address: null, latitude: null, detailsHidden: true, area: { code: agadezDistrictCode } });

    const p = ok(await gql(`mutation($a: ID!, $b: ID!) { recordPartnership(providerAgencyId: $a, partnerAgencyId: $b, note: "referral partner") { id active provider { id } partner { id } } }`, { a: agencyId, b: AGENCY.KHARTOUM_LEGAL_AID }, agencyAdmin)).recordPartnership;
    expect(p).toMatchObject({ active: true, provider: { id: agencyId }, partner: { id: AGENCY.KHARTOUM_LEGAL_AID } });
    expect(await read()).toMatchObject({ name: 'Safe house Z', address: 'Secret street 9', latitude: 16.9, detailsHidden: false });
    expect(codes(await gql(`mutation($a: ID!, $b: ID!) { recordPartnership(providerAgencyId: $a, partnerAgencyId: $b) { id } }`, { a: agencyId, b: AGENCY.KHARTOUM_LEGAL_AID }, agencyAdmin))).toEqual(['CONFLICT']);
    // the partner cannot grant itself access to the provider's shelters
    const partnerAdmin = await tokenFor('samia.admin@nile-legal.example.org');
    expect(codes(await gql(`mutation($a: ID!, $b: ID!) { recordPartnership(providerAgencyId: $a, partnerAgencyId: $b) { id } }`, { a: agencyId, b: AGENCY.IOM_SUDAN }, partnerAdmin))).toEqual(['FORBIDDEN']);

    ok(await gql(`mutation($id: ID!) { endPartnership(id: $id, reason: "programme closed") { active } }`, { id: p.id }, agencyAdmin));
    expect((await read()).detailsHidden).toBe(true);
    expect(codes(await gql(`mutation($id: ID!) { endPartnership(id: $id, reason: "again") { active } }`, { id: p.id }, agencyAdmin))).toEqual(['CONFLICT']);
  });

  it('lets a network admin add areas in the hierarchy and refuses a misplaced or duplicate one', async () => {
    const code = `NE-1-T${Date.now() % 100000}`;
    const region = await areaId(networkAdmin, 'NE-1');
    const created = ok(await gql(`mutation($input: CreateAreaInput!) { createArea(input: $input) { code level parent { code } } }`,
      { input: { code, names: [{ lang: 'fr', text: 'Test' }], level: 'DISTRICT', parentId: region } }, networkAdmin)).createArea;
    expect(created).toEqual({ code, level: 'DISTRICT', parent: { code: 'NE-1' } });
    const dup = await gql(`mutation($input: CreateAreaInput!) { createArea(input: $input) { code } }`, { input: { code, names: [{ lang: 'fr', text: 'Test' }], level: 'DISTRICT', parentId: region } }, networkAdmin);
    expect(codes(dup)).toEqual(['CONFLICT']);
    const misplaced = await gql(`mutation($input: CreateAreaInput!) { createArea(input: $input) { code } }`, { input: { code: `${code}X`, names: [{ lang: 'fr', text: 'Test' }], level: 'DISTRICT', parentId: nigerId } }, networkAdmin);
    expect(codes(misplaced)).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(`mutation($input: CreateAreaInput!) { createArea(input: $input) { code } }`, { input: { code: 'ZZ', names: [{ lang: 'en', text: 'Z' }], level: 'COUNTRY' } }, agencyAdmin))).toEqual(['FORBIDDEN']);
  });
});
