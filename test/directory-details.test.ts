import { randomUUID } from 'node:crypto';
import { Role } from '../src/auth/roles';
import { AGENCY, LOCATION, SERVICE, agencies, services } from '../seed/demo-data';
import type { DemoService } from '../seed/types';
import { codes, gql, ok, tokenFor, type GqlResult } from './support/client';

/**
 * What decides whether a referral makes sense (eligibility, documents, fees, accessibility, interpretation,
 * standards, contacts, hours and places per site, closures, outreach): the demo data, each filter, the
 * writes and their refusals, and that a confidential location shows nothing more through its site.
 * Expectations on demo data are scoped to the demo agencies of Niger, Sudan and Mali (other test files
 * add services under agencies of their own); the rest runs on an agency this file creates.
 */

const SCOPE = new Set(['NE', 'SD', 'ML']);
const SCOPED_AGENCIES = agencies.filter((a) => SCOPE.has(a.countryCode) && a.id !== AGENCY.NETWORK_SECRETARIAT).map((a) => a.id);
const active = services.filter((s) => SCOPED_AGENCIES.includes(s.agency) && s.status === 'ACTIVE');
const sorted = (ids: string[]) => [...ids].sort();
const idsOf = (list: DemoService[]) => list.map((s) => s.id);

const SEARCH = `query($f: ServiceFilter) { services(filter: $f, first: 100) { totalCount pageInfo { hasNextPage } edges { node { id } } } }`;

/** Monday 3 March 2031 and the days after it; Niamey is UTC+1. */
const NIAMEY = (date: string, time: string) => new Date(`${date}T${time}:00+01:00`).toISOString();

describe('directory: what decides whether a referral makes sense', () => {
  let amina: string; // IOM Niger case manager: an outsider to the Khartoum legal NGO's safe house
  let samia: string; // Khartoum legal NGO admin: the provider of the safe house
  let yousra: string; // IOM Sudan case manager: a partner of the Khartoum legal NGO
  let networkAdmin: string;
  let otherAdmin: string; // IOM Niger admin: another agency than the one this file creates
  let otherFocalPoint: string;
  let agencyId: string;
  let admin: string;
  let focalPoint: string;
  let caseManager: string;
  const unique = `Velmora${Date.now()}`;
  const areaIds = new Map<string, string>();
  let siteA: string;
  let siteB: string;
  let shelter: string; // a confidential location of this file's agency

  const ids = async (token: string, filter: Record<string, unknown>) => {
    const r = ok(await gql(SEARCH, { f: filter }, token)).services;
    expect(r.pageInfo.hasNextPage).toBe(false);
    return r.edges.map((e: any) => e.node.id) as string[];
  };
  const scoped = (filter: Record<string, unknown>) => ({ agencyIds: SCOPED_AGENCIES, ...filter });
  const mine = (filter: Record<string, unknown>) => ({ agencyIds: [agencyId], ...filter });

  const createLocation = async (input: Record<string, unknown>) =>
    ok(await gql(`mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`, { input: { agencyId, facilityType: 'OTHER', areaId: areaIds.get('NE-1-AGZ'), ...input } }, admin)).createLocation.id as string;
  const SERVICE_OUT = `id capacity { available total } sites { location { id } ownHours ownCapacity capacity { available total } openingHours { day opens closes } }`;
  const createService = (input: Record<string, unknown>, token = admin, out = SERVICE_OUT) =>
    gql(`mutation($input: CreateServiceInput!) { createService(input: $input) { ${out} } }`, { input: { ...base(), ...input } }, token);
  const updateService = (input: Record<string, unknown>, token = admin, out = SERVICE_OUT) =>
    gql(`mutation($input: UpdateServiceInput!) { updateService(input: $input) { ${out} } }`, { input }, token);
  const base = () => ({
    agencyId, names: [{ lang: 'en', text: `${unique} service ${randomUUID().slice(0, 8)}` }], categoryCodes: ['legal.documentation'], populations: ['ALL'],
    languages: ['fr'], channels: ['WALK_IN'], timezone: 'Africa/Niamey',
  });

  beforeAll(async () => {
    [amina, samia, yousra, networkAdmin, otherAdmin, otherFocalPoint] = await Promise.all([
      tokenFor('amina.cm@iom-niger.example.org'), tokenFor('samia.admin@nile-legal.example.org'), tokenFor('yousra.cm@iom-sudan.example.org'),
      tokenFor('nadia.admin@referral-network.example.org'), tokenFor('fatimata.admin@iom-niger.example.org'), tokenFor('ibrahim.rfp@iom-niger.example.org'),
    ]);
    agencyId = ok(await gql(`mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
      { input: { names: [{ lang: 'en', text: `${unique} Aid` }], type: 'NATIONAL_NGO', countryCode: 'NE', languages: ['fr'], fictional: true } }, networkAdmin)).createAgency.id;
    [admin, focalPoint, caseManager] = await Promise.all([
      tokenFor({ sub: randomUUID(), agency: agencyId, roles: [Role.AGENCY_ADMIN] }),
      tokenFor({ sub: randomUUID(), agency: agencyId, roles: [Role.REFERRAL_FOCAL_POINT] }),
      tokenFor({ sub: randomUUID(), agency: agencyId, roles: [Role.CASE_MANAGER] }),
    ]);
    const r = ok(await gql(`{ areas(first: 100, filter: { countryCode: "NE" }) { edges { node { id code } } } }`, {}, amina));
    for (const e of r.areas.edges) areaIds.set(e.node.code, e.node.id);
    siteA = await createLocation({ names: [{ lang: 'en', text: 'Site A' }] });
    siteB = await createLocation({ names: [{ lang: 'en', text: 'Site B' }] });
    shelter = await createLocation({ names: [{ lang: 'en', text: `${unique} hidden house` }], facilityType: 'SHELTER', areaId: areaIds.get('NE-1-AGZ-CU'),
      address: `${unique} secret street 7`, latitude: 16.96, longitude: 7.99, confidential: true });
  });

  describe('the demo data', () => {
    it('gives every demo service its eligibility, documents, fees, accessibility, interpretation, standards, contacts and sites', async () => {
      // in two halves: the whole at once costs more than MAX_QUERY_COST
      const f = { agencyIds: [...new Set(services.map((s) => s.agency))], status: ['ACTIVE', 'TEMPORARILY_CLOSED', 'INACTIVE'] };
      const half = async (fields: string) => {
        const r = ok(await gql(`query($f: ServiceFilter) { services(filter: $f, first: 100) { pageInfo { hasNextPage } edges { node { id ${fields} } } } }`, { f }, amina));
        expect(r.services.pageInfo.hasNextPage).toBe(false);
        return r.services.edges.map((e: any) => e.node);
      };
      const first = await half(`eligibility { description(lang: "fr") documentsRequired acceptsWithoutDocuments nationalities excludedNationalities }
        requiredDocuments { type label } fees { kind options { amount currency } } accessibility { features detail } interpretation { languages byPhone } standards`);
      const second = new Map((await half(`contacts { role phone email always } closures { from to } outreach { date area { code } } sites { location { id } }`)).map((n: any) => [n.id, n]));
      const byId = new Map<string, any>(first.map((n: any) => [n.id, { ...n, ...(second.get(n.id) as object) }]));
      expect(byId.size).toBe(services.length);
      for (const s of services) {
        const n: any = byId.get(s.id);
        const d = s.details;
        expect({ id: s.id, description: !!n.eligibility.description, contacts: n.contacts.length > 0, standards: n.standards.includes('PSEA_CORE_PRINCIPLES'), detail: !!n.accessibility.detail })
          .toEqual({ id: s.id, description: true, contacts: true, standards: true, detail: true });
        expect(n.eligibility).toMatchObject({ documentsRequired: d.documentsRequired, acceptsWithoutDocuments: d.acceptsWithoutDocuments, nationalities: d.nationalities, excludedNationalities: d.excludedNationalities });
        expect(n.fees.kind).toBe(s.costFree ? 'FREE' : d.fees.kind);
        expect(n.requiredDocuments.map((x: any) => x.type)).toEqual(d.requiredDocuments.map((x) => x.type));
        expect(n.requiredDocuments.every((x: any) => x.label)).toBe(true);
        expect(sorted(n.standards)).toEqual(sorted(d.standards));
        expect(sorted(n.accessibility.features)).toEqual(sorted(d.accessibility.features));
        expect(n.interpretation).toEqual({ languages: d.interpretation.languages, byPhone: d.interpretation.byPhone });
        expect(sorted(n.sites.map((x: any) => x.location.id))).toEqual(sorted(s.locations));
        expect(n.closures.length).toBe(d.closures.length);
        expect(n.outreach.map((v: any) => v.area.code).sort()).toEqual(d.outreach.map((v) => v.area).sort());
      }
      // some hand-written details
      const clinic: any = byId.get(SERVICE.NIAMEY_SPECIALISED_MENTAL_HEALTH);
      expect(clinic.fees).toEqual({ kind: 'FEE', options: [{ amount: 0, currency: 'XOF' }, { amount: 10000, currency: 'XOF' }] });
      expect((byId.get(SERVICE.NIAMEY_MATERNITY) as any).fees.kind).toBe('SLIDING_SCALE');
      expect((byId.get(SERVICE.AGADEZ_WOMEN_LISTENING) as any).contacts.map((c: any) => [c.role, c.always])).toEqual([['FOCAL_POINT', false], ['AFTER_HOURS_EMERGENCY', true], ['COMPLAINTS', false]]);
      // every phone of a contact is international ("+", country code)
      for (const n of byId.values() as any) for (const c of n.contacts) if (c.phone) expect(c.phone).toMatch(/^\+[1-9][0-9 ]{6,}$/);
    });

    it('counts places per site where the demo does so, and the service\'s capacity is their sum', async () => {
      const r = ok(await gql(`query($id: ID!) { service(id: $id) { capacity { available total }
        sites { location { id } ownCapacity capacity { available total } ownHours openingHours { day closes } note(lang: "en") closures { from wholeService } } } }`,
      { id: SERVICE.MALI_REINTEGRATION }, amina)).service;
      expect(r.capacity).toEqual({ available: 15, total: 70 });
      const site = (id: string) => r.sites.find((x: any) => x.location.id === id);
      expect(site(LOCATION.BAMAKO_RECEPTION_CENTRE)).toMatchObject({ ownCapacity: true, capacity: { available: 10, total: 40 }, ownHours: false });
      expect(site(LOCATION.GAO_RESOURCE_CENTRE)).toMatchObject({ ownCapacity: true, capacity: { available: 0, total: 15 }, ownHours: true, note: 'Mornings only while the security rules apply' });
      expect(site(LOCATION.GAO_RESOURCE_CENTRE).openingHours.every((h: any) => h.closes === '13:00')).toBe(true);
      expect(site(LOCATION.MOPTI_RESOURCE_CENTRE).closures.filter((c: any) => !c.wholeService)).toEqual([{ from: '2027-02-08', wholeService: false }]);
      // Kayes does not count its places: not tracked there, which is not "full"
      expect(site(LOCATION.KAYES_RESOURCE_CENTRE)).toMatchObject({ ownCapacity: false, capacity: { available: null, total: null } });
    });
  });

  describe('filters a case manager uses (each against the demo data)', () => {
    const check = async (filter: Record<string, unknown>, expected: DemoService[]) => {
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(active.length); // the filter discriminates
      expect(sorted(await ids(amina, scoped(filter)))).toEqual(sorted(idsOf(expected)));
    };

    it('freeOfCharge: free services, or those with a fee or a sliding scale', async () => {
      await check({ freeOfCharge: true }, active.filter((s) => s.details.fees.kind === 'FREE'));
      await check({ freeOfCharge: false }, active.filter((s) => s.details.fees.kind !== 'FREE'));
      expect(await ids(amina, scoped({ freeOfCharge: false }))).toEqual(expect.arrayContaining([SERVICE.NIAMEY_MATERNITY, SERVICE.NIAMEY_SPECIALISED_MENTAL_HEALTH]));
    });

    it('acceptsWithoutDocuments and documentsRequired: only what the service stated (not stated matches neither)', async () => {
      await check({ acceptsWithoutDocuments: true }, active.filter((s) => s.details.acceptsWithoutDocuments === true));
      await check({ documentsRequired: false }, active.filter((s) => s.details.documentsRequired === false));
      await check({ documentsRequired: true }, active.filter((s) => s.details.documentsRequired === true));
      const notStated = active.filter((s) => s.details.acceptsWithoutDocuments === null);
      expect(notStated.length).toBeGreaterThan(0);
      const got = await ids(amina, scoped({ acceptsWithoutDocuments: false }));
      for (const s of notStated) expect(got).not.toContain(s.id);
    });

    it('nationality: services with no restriction, or restricted to it, and never those that exclude it', async () => {
      const allows = (c: string) => (s: DemoService) => (s.details.nationalities.length === 0 || s.details.nationalities.includes(c)) && !s.details.excludedNationalities.includes(c);
      await check({ nationality: 'NE' }, active.filter(allows('NE')));
      await check({ nationality: 'SD' }, active.filter(allows('SD')));
      const forNigerien = await ids(amina, scoped({ nationality: 'NE' }));
      expect(forNigerien).not.toContain(SERVICE.NIGER_AVRR); // return from Niger is for other nationalities
      expect(forNigerien).not.toContain(SERVICE.MALI_REINTEGRATION); // for Malians only
      expect(await ids(amina, scoped({ nationality: 'ML' }))).toEqual(expect.arrayContaining([SERVICE.NIGER_AVRR, SERVICE.MALI_REINTEGRATION, SERVICE.MALI_CONSULAR_DOCUMENTS]));
    });

    it('accessibility: every feature asked for', async () => {
      const withAll = (features: string[]) => (s: DemoService) => features.every((f) => (s.details.accessibility.features as string[]).includes(f));
      await check({ accessibility: ['WHEELCHAIR_ACCESS'] }, active.filter(withAll(['WHEELCHAIR_ACCESS'])));
      await check({ accessibility: ['WHEELCHAIR_ACCESS', 'ACCESSIBLE_TOILET'] }, active.filter(withAll(['WHEELCHAIR_ACCESS', 'ACCESSIBLE_TOILET'])));
      await check({ accessibility: ['SIGN_LANGUAGE'] }, active.filter(withAll(['SIGN_LANGUAGE'])));
    });

    it('interpretation: in a language, and by phone', async () => {
      await check({ interpretationLanguage: 'ti' }, active.filter((s) => s.details.interpretation.languages.includes('ti')));
      await check({ interpretationLanguage: 'tmh' }, active.filter((s) => s.details.interpretation.languages.includes('tmh')));
      await check({ interpretationLanguage: 'tmh', interpretationByPhone: true }, active.filter((s) => s.details.interpretation.languages.includes('tmh') && s.details.interpretation.byPhone));
      await check({ interpretationByPhone: false }, active.filter((s) => !s.details.interpretation.byPhone));
    });

    it('standards: every standard asked for', async () => {
      await check({ standards: ['IASC_GBV_CASE_MANAGEMENT'] }, active.filter((s) => s.details.standards.includes('IASC_GBV_CASE_MANAGEMENT' as any)));
      await check({ standards: ['CPMS', 'BEST_INTERESTS_PROCEDURE'] }, active.filter((s) => s.details.standards.includes('CPMS' as any) && s.details.standards.includes('BEST_INTERESTS_PROCEDURE' as any)));
    });

    it('combines with the other filters (AND)', async () => {
      const expected = active.filter((s) => s.details.fees.kind === 'FREE' && s.details.acceptsWithoutDocuments === true
        && s.categories.some((c) => c.startsWith('protection')) && s.details.interpretation.languages.includes('tmh'));
      await check({ freeOfCharge: true, acceptsWithoutDocuments: true, categories: ['protection'], interpretationLanguage: 'tmh' }, expected);
    });

    it('refuses codes that are not ISO codes', async () => {
      for (const [filter, field] of [[{ nationality: 'ZZ' }, 'filter.nationality'], [{ nationality: 'ne' }, 'filter.nationality'], [{ interpretationLanguage: 'xx' }, 'filter.interpretationLanguage']] as const) {
        const r = await gql(SEARCH, { f: filter }, amina);
        expect(codes(r)).toEqual(['BAD_USER_INPUT']);
        expect(r.errors![0].message).toContain(field);
      }
    });
  });

  describe('hours and places per site (HSDS service_at_location)', () => {
    let serviceId: string;

    beforeAll(async () => {
      // A: Monday mornings, full; B: Monday afternoons, 3 places; both in Niamey time
      const created = ok(await createService({
        sites: [
          { locationId: siteA, openingHours: [{ day: 'MONDAY', opens: '08:00', closes: '12:00' }], capacity: { available: 0, total: 5 },
            closures: [{ from: '2031-03-10', to: '2031-03-10', reasons: [{ lang: 'en', text: 'Staff day at site A' }] }] },
          { locationId: siteB, openingHours: [{ day: 'MONDAY', opens: '14:00', closes: '18:00' }], capacity: { available: 3, total: 5 }, notes: [{ lang: 'en', text: 'Back door' }] },
        ],
        closures: [{ from: '2031-03-17', to: '2031-03-17', reasons: [{ lang: 'en', text: 'Public holiday' }] }],
      })).createService;
      serviceId = created.id;
      expect(created.capacity).toEqual({ available: 3, total: 10 });
      expect(created.sites).toEqual([
        { location: { id: siteA }, ownHours: true, ownCapacity: true, capacity: { available: 0, total: 5 }, openingHours: [{ day: 'MONDAY', opens: '08:00', closes: '12:00' }] },
        { location: { id: siteB }, ownHours: true, ownCapacity: true, capacity: { available: 3, total: 5 }, openingHours: [{ day: 'MONDAY', opens: '14:00', closes: '18:00' }] },
      ]);
    });

    const openPerSite = async (at: string) => ok(await gql(`query($id: ID!, $at: DateTime!) { service(id: $id) { sites { location { id } openAt(at: $at) } } }`, { id: serviceId, at }, amina))
      .service.sites.map((s: any) => s.openAt);

    it('openAt is answered per site, and hasCapacity at the same site', async () => {
      const mondayMorning = NIAMEY('2031-03-03', '10:00');
      const mondayAfternoon = NIAMEY('2031-03-03', '15:00');
      expect(await openPerSite(mondayMorning)).toEqual([true, false]);
      expect(await openPerSite(mondayAfternoon)).toEqual([false, true]);
      expect(await ids(amina, mine({ openAt: mondayMorning }))).toEqual([serviceId]);
      // open in the morning only at A, which is full
      expect(await ids(amina, mine({ openAt: mondayMorning, hasCapacity: true }))).toEqual([]);
      expect(await ids(amina, mine({ openAt: mondayAfternoon, hasCapacity: true }))).toEqual([serviceId]);
      expect(await ids(amina, mine({ openAt: NIAMEY('2031-03-04', '10:00') }))).toEqual([]); // a Tuesday
      expect(await ids(amina, mine({ hasCapacity: true }))).toEqual([serviceId]);
      expect(await ids(amina, mine({ hasCapacity: false }))).toEqual([]);
    });

    it('a holiday closure of one site closes that site only; one of the service closes every site', async () => {
      expect(await openPerSite(NIAMEY('2031-03-10', '10:00'))).toEqual([false, false]); // A's staff day
      expect(await openPerSite(NIAMEY('2031-03-10', '15:00'))).toEqual([false, true]);
      expect(await ids(amina, mine({ openAt: NIAMEY('2031-03-10', '10:00') }))).toEqual([]);
      expect(await ids(amina, mine({ openAt: NIAMEY('2031-03-10', '15:00') }))).toEqual([serviceId]);
      expect(await openPerSite(NIAMEY('2031-03-17', '15:00'))).toEqual([false, false]); // the service's holiday
      expect(await ids(amina, mine({ openAt: NIAMEY('2031-03-17', '15:00') }))).toEqual([]);
      const site = ok(await gql(`query($id: ID!) { service(id: $id) { closures { from reason } sites { closures { from to wholeService reason } note } } }`, { id: serviceId }, amina)).service;
      expect(site.closures).toEqual([{ from: '2031-03-17', reason: 'Public holiday' }]);
      expect(site.sites[0].closures).toEqual([
        { from: '2031-03-10', to: '2031-03-10', wholeService: false, reason: 'Staff day at site A' },
        { from: '2031-03-17', to: '2031-03-17', wholeService: true, reason: 'Public holiday' },
      ]);
      expect(site.sites[1].note).toBe('Back door');
    });

    it('updateServiceCapacity counts the places of one site; the service\'s capacity follows', async () => {
      const UPDATE = `mutation($id: ID!, $available: Int!, $locationId: ID) { updateServiceCapacity(id: $id, available: $available, locationId: $locationId) {
        capacity { available total } sites { location { id } capacity { available total } } } }`;
      const r = ok(await gql(UPDATE, { id: serviceId, available: 2, locationId: siteA }, focalPoint)).updateServiceCapacity;
      expect(r.capacity).toEqual({ available: 5, total: 10 });
      expect(r.sites[0].capacity).toEqual({ available: 2, total: 5 });
      expect(await ids(amina, mine({ openAt: NIAMEY('2031-03-03', '10:00'), hasCapacity: true }))).toEqual([serviceId]);
      // for the whole service, or at a place that is not one of its sites: refused
      const whole = await gql(UPDATE, { id: serviceId, available: 1 }, focalPoint);
      expect(codes(whole)).toEqual(['BAD_USER_INPUT']);
      expect(whole.errors![0].message).toMatch(/^locationId: .*per site/);
      const elsewhere = await gql(UPDATE, { id: serviceId, available: 1, locationId: shelter }, focalPoint);
      expect(codes(elsewhere)).toEqual(['BAD_USER_INPUT']);
      expect(codes(await gql(UPDATE, { id: serviceId, available: 6, locationId: siteA }, focalPoint))).toEqual(['BAD_USER_INPUT']); // more than its 5
      // another agency's focal point may not
      expect(codes(await gql(UPDATE, { id: serviceId, available: 1, locationId: siteA }, otherFocalPoint))).toEqual(['FORBIDDEN']);
    });

    it('a site kept by locationIds keeps its own hours and places; one dropped takes its places away', async () => {
      const r = ok(await updateService({ id: serviceId, locationIds: [siteA] })).updateService;
      expect(r.sites).toEqual([{ location: { id: siteA }, ownHours: true, ownCapacity: true, capacity: { available: 2, total: 5 }, openingHours: [{ day: 'MONDAY', opens: '08:00', closes: '12:00' }] }]);
      expect(r.capacity).toEqual({ available: 2, total: 5 });
      // giving sites again without places: the service no longer counts them
      const again = ok(await updateService({ id: serviceId, sites: [{ locationId: siteA }, { locationId: siteB }] })).updateService;
      expect(again.capacity).toEqual({ available: null, total: null });
      expect(again.sites.map((s: any) => [s.ownHours, s.ownCapacity])).toEqual([[false, false], [false, false]]);
      // counted at a site again, then for the whole service: the service's own count stays
      ok(await gql(`mutation($id: ID!, $l: ID) { updateServiceCapacity(id: $id, available: 1, total: 2, locationId: $l) { id } }`, { id: serviceId, l: siteB }, focalPoint));
      const whole = ok(await updateService({ id: serviceId, sites: [{ locationId: siteA }, { locationId: siteB }], capacity: { available: 4, total: 8 } })).updateService;
      expect(whole.capacity).toEqual({ available: 4, total: 8 });
      expect(whole.sites.map((s: any) => [s.ownCapacity, s.capacity])).toEqual([[false, { available: 4, total: 8 }], [false, { available: 4, total: 8 }]]);
    });

    it('a service whose sites have nothing of their own: every site has the service\'s hours and places, as before', async () => {
      const created = ok(await createService({
        locationIds: [siteA, siteB], openingHours: [{ day: 'MONDAY', opens: '08:00', closes: '17:00' }], capacity: { available: 1, total: 4 },
      })).createService;
      expect(created.capacity).toEqual({ available: 1, total: 4 });
      expect(created.sites.map((s: any) => [s.ownHours, s.ownCapacity, s.capacity])).toEqual([[false, false, { available: 1, total: 4 }], [false, false, { available: 1, total: 4 }]]);
      const found = await ids(amina, mine({ openAt: NIAMEY('2031-03-03', '16:00'), hasCapacity: true }));
      expect(found).toContain(created.id);
      const full = ok(await gql(`mutation($id: ID!) { updateServiceCapacity(id: $id, available: 0) { capacity { available } sites { capacity { available } } } }`, { id: created.id }, focalPoint)).updateServiceCapacity;
      expect(full).toEqual({ capacity: { available: 0 }, sites: [{ capacity: { available: 0 } }, { capacity: { available: 0 } }] });
      expect(await ids(amina, mine({ hasCapacity: false }))).toContain(created.id);
    });
  });

  describe('outreach: dates and places a mobile team visits', () => {
    it('is listed with its area and counts as open while the team is there', async () => {
      const created = ok(await createService({
        channels: ['MOBILE', 'OUTREACH'], locationIds: [], coverageAreaIds: [areaIds.get('NE-1')],
        outreach: [
          { date: '2031-03-12', opens: '09:00', closes: '13:00', areaId: areaIds.get('NE-1-AGZ'), places: [{ lang: 'en', text: 'Ingall health centre' }] },
          { date: '2031-03-05', opens: '09:00', closes: '13:00', areaId: areaIds.get('NE-1-ARL-CU'), places: [{ lang: 'en', text: 'Arlit bus station' }, { lang: 'fr', text: "Gare routière d'Arlit" }] },
        ],
        closures: [{ from: '2031-03-12', to: '2031-03-12' }],
      }, admin, 'id outreach { date opens closes place(lang: "fr") area { code } }')).createService;
      expect(created.outreach).toEqual([
        { date: '2031-03-05', opens: '09:00', closes: '13:00', place: "Gare routière d'Arlit", area: { code: 'NE-1-ARL-CU' } },
        { date: '2031-03-12', opens: '09:00', closes: '13:00', place: 'Ingall health centre', area: { code: 'NE-1-AGZ' } },
      ]);
      expect(await ids(amina, mine({ openAt: NIAMEY('2031-03-05', '10:00') }))).toContain(created.id);
      expect(await ids(amina, mine({ openAt: NIAMEY('2031-03-05', '14:00') }))).not.toContain(created.id);
      expect(await ids(amina, mine({ openAt: NIAMEY('2031-03-06', '10:00') }))).not.toContain(created.id);
      // the visit of the 12th falls on a day the service is closed
      expect(await ids(amina, mine({ openAt: NIAMEY('2031-03-12', '10:00') }))).not.toContain(created.id);
    });

    it('refuses a visit to an unknown area, or one that ends before it starts', async () => {
      const unknown = await createService({ outreach: [{ date: '2031-03-05', opens: '09:00', closes: '13:00', areaId: randomUUID() }] });
      expect(codes(unknown)).toEqual(['BAD_USER_INPUT']);
      expect(unknown.errors![0].message).toContain('input.outreach[0].areaId');
      const backwards = await createService({ outreach: [{ date: '2031-03-05', opens: '13:00', closes: '09:00', areaId: areaIds.get('NE-1-AGZ') }] });
      expect(backwards.errors![0].message).toContain('input.outreach[0].closes');
    });
  });

  describe('writes', () => {
    const DETAILS_OUT = `id eligibility { description descriptions { lang text } documentsRequired acceptsWithoutDocuments nationalities excludedNationalities }
      requiredDocuments { type label(lang: "fr") url } fees { kind options { amount currency description } description } accessibility { features detail }
      interpretation { languages byPhone inPerson note } standards contacts { role name title phone email languages always hours { day opens closes } answersAt(at: "2031-03-03T09:00:00Z") }
      cost { free note }`;

    it('createService and updateService write every detail; each group given replaces the stored one', async () => {
      const created = ok(await createService({
        eligibility: { descriptions: [{ lang: 'en', text: 'Adults stranded in Agadez' }, { lang: 'fr', text: 'Adultes bloqués à Agadez' }], documentsRequired: false, acceptsWithoutDocuments: true, excludedNationalities: ['NE'] },
        requiredDocuments: [{ type: 'REFERRAL_FORM', url: 'https://forms.example.org/referral.pdf' }, { type: 'OTHER', labels: [{ lang: 'fr', text: 'Deux photos' }] }],
        fees: { kind: 'FEE', options: [{ amount: 2500, currency: 'XOF', descriptions: [{ lang: 'en', text: 'Per certified copy' }] }], descriptions: [{ lang: 'en', text: 'Copies are charged' }] },
        accessibility: { features: ['WHEELCHAIR_ACCESS', 'SIGN_LANGUAGE', 'WHEELCHAIR_ACCESS'], details: [{ lang: 'en', text: 'Ramp at the side door' }] },
        interpretation: { languages: ['tmh', 'kr'], byPhone: true, notes: [{ lang: 'en', text: 'Book a day ahead' }] },
        standards: ['CORE_HUMANITARIAN_STANDARD', 'PSEA_CORE_PRINCIPLES'],
        contacts: [
          { role: 'FOCAL_POINT', name: 'A. Focal', title: 'Legal officer', phone: '+227 20 72 00 01', email: 'focal@example.org', languages: ['fr', 'ha'], hours: [{ day: 'MONDAY', opens: '09:00', closes: '12:00' }] },
          { role: 'AFTER_HOURS_EMERGENCY', phone: '+227 90 00 00 99', always: true },
        ],
      }, admin, DETAILS_OUT)).createService;
      expect(created).toMatchObject({
        eligibility: { description: 'Adults stranded in Agadez', documentsRequired: false, acceptsWithoutDocuments: true, nationalities: [], excludedNationalities: ['NE'] },
        requiredDocuments: [{ type: 'REFERRAL_FORM', label: "Fiche d'orientation d'un membre du réseau", url: 'https://forms.example.org/referral.pdf' }, { type: 'OTHER', label: 'Deux photos', url: null }],
        fees: { kind: 'FEE', options: [{ amount: 2500, currency: 'XOF', description: 'Per certified copy' }], description: 'Copies are charged' },
        cost: { free: false },
        accessibility: { features: ['WHEELCHAIR_ACCESS', 'SIGN_LANGUAGE'], detail: 'Ramp at the side door' },
        interpretation: { languages: ['tmh', 'kr'], byPhone: true, inPerson: false, note: 'Book a day ahead' },
        standards: ['CORE_HUMANITARIAN_STANDARD', 'PSEA_CORE_PRINCIPLES'],
        contacts: [
          { role: 'FOCAL_POINT', name: 'A. Focal', phone: '+227 20 72 00 01', always: false, hours: [{ day: 'MONDAY', opens: '09:00', closes: '12:00' }], answersAt: true },
          { role: 'AFTER_HOURS_EMERGENCY', phone: '+227 90 00 00 99', always: true, hours: [], answersAt: true },
        ],
      });
      expect(await ids(amina, mine({ nationality: 'NE' }))).not.toContain(created.id);
      expect(await ids(amina, mine({ nationality: 'ML', freeOfCharge: false, accessibility: ['SIGN_LANGUAGE'], interpretationLanguage: 'kr', standards: ['PSEA_CORE_PRINCIPLES'] }))).toContain(created.id);

      const updated = ok(await updateService({ id: created.id, fees: { kind: 'SLIDING_SCALE' }, eligibility: { nationalities: ['ML', 'NE'] } }, admin, DETAILS_OUT)).updateService;
      expect(updated.fees).toEqual({ kind: 'SLIDING_SCALE', options: [], description: null });
      expect(updated.eligibility).toMatchObject({ description: null, nationalities: ['ML', 'NE'], excludedNationalities: [], documentsRequired: null });
      expect(updated.contacts).toHaveLength(2); // left out: as it was
      expect(await ids(amina, mine({ nationality: 'NE' }))).toContain(created.id);
      expect(await ids(amina, mine({ nationality: 'SD' }))).not.toContain(created.id);
      // the older costFree switch keeps the fees in step
      const free = ok(await updateService({ id: created.id, costFree: true }, admin, DETAILS_OUT)).updateService;
      expect(free.fees).toMatchObject({ kind: 'FREE', options: [] });
      expect(await ids(amina, mine({ freeOfCharge: true }))).toContain(created.id);
    });

    it('refuses bad codes, URLs, phone numbers and contradictions with BAD_USER_INPUT naming the field', async () => {
      const cases: [string, Record<string, unknown>, string][] = [
        ['an unknown currency', { fees: { kind: 'FEE', options: [{ amount: 100, currency: 'ABC' }] } }, 'input.fees.options[0].currency'],
        ['a currency in lower case', { fees: { kind: 'FEE', options: [{ amount: 100, currency: 'xof' }] } }, 'input.fees.options[0].currency'],
        ['an amount without currency', { fees: { kind: 'FEE', options: [{ amount: 100 }] } }, 'input.fees.options[0].currency'],
        ['a negative amount', { fees: { kind: 'FEE', options: [{ amount: -1, currency: 'XOF' }] } }, 'input.fees.options[0].amount'],
        ['prices for a free service', { fees: { kind: 'FREE', options: [{ amount: 0, currency: 'XOF' }] } }, 'input.fees.options'],
        ['costFree against the fees', { fees: { kind: 'FEE' }, costFree: true }, 'input.costFree'],
        ['a document URL that is not http(s)', { requiredDocuments: [{ type: 'OTHER', url: 'javascript:alert(1)' }] }, 'input.requiredDocuments[0].url'],
        ['a document URL that is no URL', { requiredDocuments: [{ type: 'OTHER', url: 'forms' }] }, 'input.requiredDocuments[0].url'],
        ['a phone number without country code', { contacts: [{ role: 'GENERAL', phone: '20 72 00 00' }] }, 'input.contacts[0].phone'],
        ['a phone number of letters', { contacts: [{ role: 'GENERAL', phone: '+227 CALL NOW' }] }, 'input.contacts[0].phone'],
        ['a phone number too short', { contacts: [{ role: 'GENERAL', phone: '+227 12' }] }, 'input.contacts[0].phone'],
        ['an e-mail that is not one', { contacts: [{ role: 'GENERAL', email: 'focal point' }] }, 'input.contacts[0].email'],
        ['a contact without phone or e-mail', { contacts: [{ role: 'GENERAL', name: 'Someone' }] }, 'input.contacts[0]'],
        ['an emergency contact without phone', { contacts: [{ role: 'AFTER_HOURS_EMERGENCY', email: 'duty@example.org' }] }, 'input.contacts[0].phone'],
        ['a contact language that is no language', { contacts: [{ role: 'GENERAL', email: 'a@example.org', languages: ['xx'] }] }, 'input.contacts[0].languages'],
        ['contact hours that end before they start', { contacts: [{ role: 'GENERAL', email: 'a@example.org', hours: [{ day: 'MONDAY', opens: '12:00', closes: '09:00' }] }] }, 'input.contacts[0].hours[0].closes'],
        ['an interpretation language that is no language', { interpretation: { languages: ['fr', 'qq'] } }, 'input.interpretation.languages'],
        ['a nationality that is no country', { eligibility: { nationalities: ['ZZ'] } }, 'input.eligibility.nationalities'],
        ['a nationality both allowed and excluded', { eligibility: { nationalities: ['ML'], excludedNationalities: ['ML'] } }, 'input.eligibility.excludedNationalities'],
        ['a closure that ends before it starts', { closures: [{ from: '2031-03-10', to: '2031-03-01' }] }, 'input.closures[0].to'],
        ['a closure of more than a year', { closures: [{ from: '2031-01-01', to: '2032-06-01' }] }, 'input.closures[0].to'],
        ['sites and locationIds together', { locationIds: [siteA], sites: [{ locationId: siteA }] }, 'input.sites'],
        ['a site twice', { sites: [{ locationId: siteA }, { locationId: siteA }] }, 'input.sites[1].locationId'],
        ['a site in no time zone', { sites: [{ locationId: siteA, timezone: 'Mars/Olympus_Mons' }] }, 'input.sites[0].timezone'],
        ['more places than the site has', { sites: [{ locationId: siteA, capacity: { available: 9, total: 2 } }] }, 'input.sites[0].capacity.available'],
        ['places for the service and per site', { capacity: { available: 1 }, sites: [{ locationId: siteA, capacity: { available: 1 } }] }, 'input.capacity'],
        ['a site at another agency\'s location', { sites: [{ locationId: LOCATION.AGADEZ_TRANSIT_CENTRE }] }, 'input.locationIds'],
      ];
      for (const [what, input, field] of cases) {
        const r = await createService({ names: [{ lang: 'en', text: `${unique} refused` }], ...input });
        expect({ what, codes: codes(r) }).toEqual({ what, codes: ['BAD_USER_INPUT'] });
        expect({ what, message: r.errors![0].message.includes(field) }).toEqual({ what, message: true });
      }
      // an unknown enum value or an impossible date never reaches the service
      expect(codes(await createService({ requiredDocuments: [{ type: 'VISA' }] }))).toEqual(['BAD_USER_INPUT']);
      expect(codes(await createService({ closures: [{ from: '2031-02-30', to: '2031-03-01' }] }))).toEqual(['BAD_USER_INPUT']);
      // nothing was left behind
      const names = ok(await gql(`query($f: ServiceFilter) { services(filter: $f, first: 100) { edges { node { name } } } }`, { f: mine({}) }, admin)).services.edges.map((e: any) => e.node.name);
      expect(names.filter((n: string) => n.includes('refused'))).toEqual([]);
    });

    it('keeps the ownership rules: only the agency\'s admin (or a network admin) writes the details', async () => {
      const id = ok(await createService({})).createService.id;
      const input = { id, eligibility: { acceptsWithoutDocuments: true } };
      expect(codes(await updateService(input, otherAdmin))).toEqual(['FORBIDDEN']);
      expect(codes(await updateService(input, caseManager))).toEqual(['FORBIDDEN']);
      expect(codes(await updateService(input, focalPoint))).toEqual(['FORBIDDEN']);
      ok(await updateService(input, networkAdmin));
      expect(codes(await createService({ contacts: [{ role: 'GENERAL', email: 'x@example.org' }] }, otherAdmin))).toEqual(['FORBIDDEN']);
    });
  });

  describe('confidential locations stay confidential through their sites', () => {
    const SITE_FIELDS = `sites { location { id name address locality latitude longitude detailsHidden area { code level } }
      note(lang: "en") notes { text } closures { from wholeService reason reasons { text } } open24Hours capacity { available total } }`;
    const SITES = `query($id: ID!) { service(id: $id) { ${SITE_FIELDS} } }`;

    it('shows an outsider a demo safe house\'s site without name, address, position or notes', async () => {
      const outsider = await gql(SITES, { id: SERVICE.KHARTOUM_SAFE_HOUSE }, amina);
      const [site] = ok(outsider).service.sites;
      expect(site).toMatchObject({
        location: { id: LOCATION.KHARTOUM_SAFE_SHELTER, name: null, address: null, locality: null, latitude: null, longitude: null, detailsHidden: true },
        note: null, notes: [], open24Hours: true, capacity: { available: 3, total: 16 },
      });
      expect(site.location.area.level).not.toBe('LOCALITY');
      const text = JSON.stringify(outsider.data);
      expect(text).not.toContain('House 0, Block 00');
      expect(text).not.toContain('Pick-up');
      // the provider and its partner see them
      for (const insider of [samia, yousra]) {
        const [own] = ok(await gql(SITES, { id: SERVICE.KHARTOUM_SAFE_HOUSE }, insider)).service.sites;
        expect(own.location.detailsHidden).toBe(false);
        expect(own.location.address).toContain('House 0');
        expect(own.note).toMatch(/^Pick-up at the legal aid office/);
      }
    });

    it('hides the notes and the site\'s own closure reasons from an outsider, in search results too', async () => {
      const id = ok(await createService({
        categoryCodes: ['shelter.safe_house'],
        sites: [{ locationId: shelter, open24Hours: true, notes: [{ lang: 'en', text: `${unique} ring at the green gate` }],
          closures: [{ from: '2031-04-01', to: '2031-04-02', reasons: [{ lang: 'en', text: `${unique} moving to the house by the river` }] }] }],
        closures: [{ from: '2031-05-01', to: '2031-05-01', reasons: [{ lang: 'en', text: 'Labour Day' }] }],
      })).createService.id;
      const outsider = await gql(`query($f: ServiceFilter) { services(filter: $f) { edges { node { ${SITE_FIELDS} } } } }`,
        { f: mine({ categories: ['shelter'] }) }, amina);
      const [edge] = ok(outsider).services.edges;
      const [site] = edge.node.sites;
      expect(site.location).toMatchObject({ id: shelter, name: null, address: null, detailsHidden: true, area: { code: 'NE-1-AGZ', level: 'DISTRICT' } });
      expect(site.note).toBeNull();
      expect(site.closures).toEqual([
        { from: '2031-04-01', wholeService: false, reason: null, reasons: [] },
        { from: '2031-05-01', wholeService: true, reason: 'Labour Day', reasons: [{ text: 'Labour Day' }] },
      ]);
      expect(JSON.stringify(outsider.data)).not.toContain(unique);
      // openAt still works for the outsider: the dates are not secret, the place is
      expect(await ids(amina, mine({ categories: ['shelter'], openAt: NIAMEY('2031-04-01', '12:00') }))).not.toContain(id);
      expect(await ids(amina, mine({ categories: ['shelter'], openAt: NIAMEY('2031-04-03', '12:00') }))).toContain(id);
      // the provider sees everything
      const own = ok(await gql(SITES, { id }, admin)).service.sites[0];
      expect(own.note).toBe(`${unique} ring at the green gate`);
      expect(own.closures[0].reason).toBe(`${unique} moving to the house by the river`);
      expect(own.location.address).toBe(`${unique} secret street 7`);
    });
  });

  describe('speed and caching', () => {
    const PAGE = (n: number) => `{ services(first: ${n}, filter: { countryCode: "NE" }) { totalCount edges { node { id name
      eligibility { description nationalities } requiredDocuments { type label } fees { kind options { amount currency } } accessibility { features detail }
      interpretation { languages byPhone } standards contacts { role phone hours { day opens closes } } closures { from to reason }
      outreach { date place } sites { location { name area { name } } openingHours { day } capacity { available } closures { from } note openAt(at: "2031-03-03T09:00:00Z") } } } } }`;

    it('costs the same few SQL statements for a page of 5 and a page of 50 with every new field', async () => {
      const small = await gql(PAGE(5), {}, amina);
      const large = await gql(PAGE(50), {}, amina);
      ok(small);
      ok(large);
      expect(small.data.services.edges).toHaveLength(5);
      expect(large.data.services.edges.length).toBeGreaterThan(5);
      expect(large.data.services.edges.some((e: any) => e.node.outreach.length > 0)).toBe(true);
      expect(Number.isFinite(small.statements)).toBe(true);
      expect(large.statements).toBe(small.statements);
      // the page, its count, the sites (their areas are held in memory)
      expect(large.statements).toBeLessThanOrEqual(3);
    });

    it('loads the areas of outreach visits in one statement, whatever the number of visits', async () => {
      // every service of Niger reached by outreach has visits
      const query = (n: number) => `{ services(first: ${n}, orderBy: NAME, filter: { countryCode: "NE", channel: OUTREACH }) { edges { node { outreach { date area { code } } } } } }`;
      const small = await gql(query(2), {}, amina);
      const large = await gql(query(20), {}, amina);
      expect(ok(large).services.edges.length).toBeGreaterThan(ok(small).services.edges.length);
      expect(large.data.services.edges.every((e: any) => e.node.outreach.length > 0)).toBe(true);
      expect(large.statements).toBe(small.statements);
      // the page: the areas are held in memory
      expect(large.statements).toBeLessThanOrEqual(1);
    });

    it('caches searches that select the new fields, but never openNow (it changes with the clock)', async () => {
      const query = `query($f: ServiceFilter) { services(filter: $f, first: 10) { edges { node { id fees { kind } sites { capacity { available } openAt(at: "2031-03-03T09:00:00Z") } } } } }`;
      let served: GqlResult | null = null;
      for (let attempt = 0; attempt < 40 && !served; attempt++) {
        const r = await gql(query, { f: { agencyIds: [AGENCY.IOM_NIGER] } }, amina);
        if (r.headers.get('x-directory-cache') === 'hit') served = r;
      }
      expect(served?.statements).toBe(0);
      const withOpenNow = query.replace('openAt(at: "2031-03-03T09:00:00Z")', 'openNow');
      for (let i = 0; i < 2; i++) {
        const r = await gql(withOpenNow, { f: { agencyIds: [AGENCY.IOM_NIGER] } }, amina);
        ok(r);
        expect(r.headers.get('x-directory-cache')).not.toBe('hit');
        expect(r.statements).toBeGreaterThan(0);
      }
    });
  });
});
