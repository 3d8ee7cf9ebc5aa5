import { randomUUID } from 'node:crypto';
import { AGENCY, SERVICE, agencies, areas, locations, services } from '../seed/demo-data';
import type { DemoService } from '../seed/types';
import { codes, gql, ok, tokenFor } from './support/client';
import { hasPlaces, openAt } from './support/demo-model';

/**
 * The directory search (Query.services) against the demo data. Other test files write to the same server at
 * the same time, but only under agencies they create: every expectation here is therefore scoped to the demo
 * agencies of Niger, Sudan and Mali (or checked structurally) and computed from seed/demo-data.ts.
 */

// ---- a model of the demo data ------------------------------------------------------------------

const SCOPE_COUNTRIES = new Set(['NE', 'SD', 'ML']);
const SCOPED_AGENCIES = agencies.filter((a) => SCOPE_COUNTRIES.has(a.countryCode) && a.id !== AGENCY.NETWORK_SECRETARIAT).map((a) => a.id);
const scoped = services.filter((s) => SCOPED_AGENCIES.includes(s.agency));
const active = scoped.filter((s) => s.status === 'ACTIVE');
const STALE_AFTER_DAYS = 180;

const areaByCode = new Map(areas.map((a) => [a.code, a]));
const locationById = new Map(locations.map((l) => [l.id, l]));
const agencyById = new Map(agencies.map((a) => [a.id, a]));
const serviceById = new Map(services.map((s) => [s.id, s]));

/** The codes of an area and all its ancestors, country first. */
function pathOf(code: string): string[] {
  const area = areaByCode.get(code);
  if (!area) throw new Error(`no demo area ${code}`);
  return area.parent ? [...pathOf(area.parent), code] : [code];
}
/** Every area a service is delivered in or covers, with their ancestors. */
const closureOf = (s: DemoService) => new Set([...s.locations.map((id) => locationById.get(id)!.area), ...s.areas].flatMap(pathOf));
/** Delivered in or covering something inside the area, or covering an area that contains it (a national hotline). */
const inArea = (s: DemoService, code: string) => closureOf(s).has(code) || s.areas.some((c) => pathOf(code).includes(c));
const isStale = (s: DemoService) => s.lastVerifiedDaysAgo === null || s.lastVerifiedDaysAgo >= STALE_AFTER_DAYS;

/** Great-circle distance in km, as the server computes it. */
function km(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const r = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(r(lat2 - lat1) / 2) ** 2 + Math.cos(r(lat1)) * Math.cos(r(lat2)) * Math.sin(r(lon2 - lon1) / 2) ** 2;
  return 12742 * Math.asin(Math.sqrt(h));
}
/** Nearest located place of a service, exact positions (the viewer may see them all). */
function nearestKm(s: DemoService, lat: number, lon: number): number | null {
  const d = s.locations.map((id) => locationById.get(id)!).filter((l) => l.latitude !== undefined).map((l) => km(lat, lon, l.latitude!, l.longitude!));
  return d.length ? Math.min(...d) : null;
}

const label = (id: string) => serviceById.get(id)?.names.en ?? id;
const sorted = (ids: Iterable<string>) => [...ids].map(label).sort();
const idsOf = (list: DemoService[]) => list.map((s) => s.id);

// ---- the API -------------------------------------------------------------------------------------

const SEARCH = `query($filter: ServiceFilter, $first: Int!, $after: String, $orderBy: ServiceOrder) {
  services(filter: $filter, first: $first, after: $after, orderBy: $orderBy) {
    totalCount
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor distanceKm distanceApproximate node { id name status lastVerification { at } } }
  }
}`;

interface Edge { cursor: string; distanceKm: number | null; distanceApproximate: boolean; node: { id: string; name: string; status: string; lastVerification: { at: string } | null } }
interface Conn { totalCount: number; pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null }; edges: Edge[] }

const search = (token: string, variables: { filter?: Record<string, unknown>; first?: number; after?: string | null; orderBy?: string }) =>
  gql<{ services: Conn }>(SEARCH, { first: 100, ...variables }, token);

/** One full page (at most 100) of a search; fails if the list does not fit. */
async function all(token: string, filter: Record<string, unknown>, orderBy?: string): Promise<Conn> {
  const conn = ok(await search(token, { filter, orderBy })).services;
  expect(conn.pageInfo.hasNextPage).toBe(false);
  expect(conn.totalCount).toBe(conn.edges.length);
  return conn;
}
const ids = async (token: string, filter: Record<string, unknown>) => (await all(token, filter)).edges.map((e) => e.node.id);
/** The same filter restricted to the demo agencies of Niger, Sudan and Mali. */
const scopedFilter = (filter: Record<string, unknown> = {}) => ({ agencyIds: SCOPED_AGENCIES, ...filter });

const AGADEZ = { latitude: 16.97, longitude: 7.99 };

describe('directory search', () => {
  let amina: string; // IOM Niger case manager: partner of the Agadez women's NGO
  let hiba: string; // Khartoum legal NGO case manager: an outsider to the Agadez shelter
  let rakia: string; // Agadez women's NGO case manager: the provider of Safe shelter A
  const areaIds = new Map<string, string>();

  beforeAll(async () => {
    [amina, hiba, rakia] = await Promise.all([
      tokenFor('amina.cm@iom-niger.example.org'),
      tokenFor('hiba.cm@nile-legal.example.org'),
      tokenFor('rakia.cm@tenere-femmes.example.org'),
    ]);
    for (const country of SCOPE_COUNTRIES) {
      const r = ok(await gql(`query($c: String) { areas(first: 100, filter: { countryCode: $c }) { edges { node { id code } } } }`, { c: country }, amina));
      for (const e of r.areas.edges) areaIds.set(e.node.code, e.node.id);
    }
    // the demo data must have what these tests rely on
    expect(areaIds.has('NE-1-AGZ')).toBe(true);
    expect(active.length).toBeGreaterThan(20);
  });

  describe('each filter alone', () => {
    it('text: finds services by words in any language and tolerates small typos', async () => {
      // a typo
      const sheltr = await ids(amina, scopedFilter({ text: 'sheltr' }));
      expect(sheltr).toEqual(expect.arrayContaining([SERVICE.AGADEZ_TRANSIT_SHELTER, SERVICE.NIAMEY_TRANSIT_SHELTER]));
      expect(sheltr).not.toContain(SERVICE.BAMAKO_CHILD_FRIENDLY_SPACE);
      const consulr = await ids(amina, scopedFilter({ text: 'consulr' }));
      expect(consulr).toEqual(expect.arrayContaining([SERVICE.AGADEZ_CONSULAR_ASSISTANCE, SERVICE.MALI_CONSULAR_DOCUMENTS]));
      expect(consulr).not.toContain(SERVICE.BAMAKO_CHILD_FRIENDLY_SPACE);
      // the beginning of a word, as typed so far
      const consul = await ids(amina, scopedFilter({ text: 'consul' }));
      expect(consul).toEqual(expect.arrayContaining([SERVICE.AGADEZ_CONSULAR_ASSISTANCE, SERVICE.MALI_CONSULAR_DOCUMENTS]));
      expect(consul).not.toContain(SERVICE.BAMAKO_CHILD_FRIENDLY_SPACE);
      // words that exist only in the French or Arabic texts
      expect(sorted(await ids(amina, scopedFilter({ text: 'couture' })))).toEqual(sorted([SERVICE.AGADEZ_WOMEN_VOCATIONAL]));
      expect(sorted(await ids(amina, scopedFilter({ text: 'paludisme' })))).toEqual(sorted([SERVICE.AGADEZ_PRIMARY_HEALTH]));
      expect(sorted(await ids(amina, scopedFilter({ text: 'الملاريا' })))).toEqual(sorted([SERVICE.AGADEZ_PRIMARY_HEALTH]));
      // a word no service uses finds nothing
      expect(await ids(amina, scopedFilter({ text: 'xylophone' }))).toEqual([]);
    });

    it('categories: a parent category includes services in its sub-categories', async () => {
      const expected = active.filter((s) => s.categories.some((c) => c === 'health' || c.startsWith('health.')));
      // the demo data has services only in sub-categories of "health", of more than one kind
      expect(expected.some((s) => s.categories.includes('health'))).toBe(false);
      expect(expected.some((s) => s.categories.includes('health.primary'))).toBe(true);
      expect(expected.some((s) => s.categories.includes('health.srh'))).toBe(true);
      expect(sorted(await ids(amina, scopedFilter({ categories: ['health'] })))).toEqual(sorted(idsOf(expected)));
      // a sub-category does not include its siblings or parent
      const srh = active.filter((s) => s.categories.includes('health.srh'));
      expect(srh.length).toBeLessThan(expected.length);
      expect(sorted(await ids(amina, scopedFilter({ categories: ['health.srh'] })))).toEqual(sorted(idsOf(srh)));
    });

    it('agencyIds: only the services of those agencies', async () => {
      const expected = active.filter((s) => s.agency === AGENCY.AGADEZ_WOMEN);
      expect(sorted(await ids(amina, { agencyIds: [AGENCY.AGADEZ_WOMEN] }))).toEqual(sorted(idsOf(expected)));
      const two = active.filter((s) => s.agency === AGENCY.AGADEZ_WOMEN || s.agency === AGENCY.NIAMEY_CLINIC);
      expect(sorted(await ids(amina, { agencyIds: [AGENCY.AGADEZ_WOMEN, AGENCY.NIAMEY_CLINIC] }))).toEqual(sorted(idsOf(two)));
    });

    it('agencyTypes: only services of agencies of those types', async () => {
      for (const types of [['NATIONAL_NGO'], ['PRIVATE_SECTOR', 'CONSULAR_OFFICE']]) {
        const expected = active.filter((s) => types.includes(agencyById.get(s.agency)!.type));
        expect(expected.length).toBeGreaterThan(0);
        expect(sorted(await ids(amina, scopedFilter({ agencyTypes: types })))).toEqual(sorted(idsOf(expected)));
      }
    });

    it('countryCode: services delivered in or covering the country, whoever provides them', async () => {
      const expected = active.filter((s) => closureOf(s).has('ML'));
      // a Niger-based agency's team in Gao is in Mali
      expect(expected.map((s) => s.id)).toContain(SERVICE.GAO_MOBILE_PSYCHOSOCIAL);
      expect(sorted(await ids(amina, scopedFilter({ countryCode: 'ML' })))).toEqual(sorted(idsOf(expected)));

      // unscoped: every demo service of Sudan, and nothing that is not in Sudan
      const r = ok(await gql(`{ services(first: 100, filter: { countryCode: "SD" }) { pageInfo { hasNextPage }
        edges { node { id locations { area { countryCode } } coverageAreas { countryCode } } } } }`, {}, amina));
      expect(r.services.pageInfo.hasNextPage).toBe(false);
      const found = r.services.edges.map((e: any) => e.node);
      expect(found.map((n: any) => n.id)).toEqual(expect.arrayContaining(idsOf(active.filter((s) => closureOf(s).has('SD')))));
      for (const n of found) {
        const countries = [...n.locations.map((l: any) => l.area.countryCode), ...n.coverageAreas.map((a: any) => a.countryCode)];
        expect(countries).toContain('SD');
      }
    });

    it('areaIds: services located in the district, and national services covering its country', async () => {
      const expected = active.filter((s) => inArea(s, 'NE-1-AGZ'));
      const got = await ids(amina, scopedFilter({ areaIds: [areaIds.get('NE-1-AGZ')] }));
      expect(sorted(got)).toEqual(sorted(idsOf(expected)));
      expect(got).toContain(SERVICE.AGADEZ_PRIMARY_HEALTH); // located there
      expect(got).toContain(SERVICE.NIGER_HOTLINE); // its only location is in Niamey, but it covers Niger
      expect(got).not.toContain(SERVICE.NIAMEY_TRANSIT_SHELTER); // in Niamey only
      expect(got).not.toContain(SERVICE.KHARTOUM_LEGAL_AID);
      // a region includes the services of its districts and localities
      const region = await ids(amina, scopedFilter({ areaIds: [areaIds.get('NE-1')] }));
      expect(sorted(region)).toEqual(sorted(idsOf(active.filter((s) => inArea(s, 'NE-1')))));
      expect(region).toEqual(expect.arrayContaining([SERVICE.ARLIT_SCREENING, SERVICE.AGADEZ_PRIMARY_HEALTH]));
    });

    it('near: only services with a location within the radius, nearest first, each with its distance', async () => {
      const radiusKm = 50;
      const conn = await all(amina, scopedFilter({ near: { ...AGADEZ, radiusKm } }));
      const expected = active.filter((s) => { const d = nearestKm(s, AGADEZ.latitude, AGADEZ.longitude); return d !== null && d <= radiusKm; });
      expect(expected.length).toBeGreaterThan(3);
      // Arlit is in the Agadez region but about 200 km away
      expect(nearestKm(serviceById.get(SERVICE.ARLIT_SCREENING)!, AGADEZ.latitude, AGADEZ.longitude)!).toBeGreaterThan(radiusKm);
      expect(sorted(conn.edges.map((e) => e.node.id))).toEqual(sorted(idsOf(expected)));
      const distances = conn.edges.map((e) => e.distanceKm!);
      for (const e of conn.edges) {
        expect(e.distanceKm).not.toBeNull();
        expect(e.distanceKm!).toBeLessThanOrEqual(radiusKm);
        // IOM Niger may see every location here, the partner's shelter included: all distances are exact
        expect(e.distanceApproximate).toBe(false);
        expect(e.distanceKm!).toBeCloseTo(nearestKm(serviceById.get(e.node.id)!, AGADEZ.latitude, AGADEZ.longitude)!, 2);
      }
      expect(distances).toEqual([...distances].sort((a, b) => a - b));
      // without near, there is no distance
      const plain = await all(amina, { agencyIds: [AGENCY.IOM_NIGER] });
      expect(plain.edges.every((e) => e.distanceKm === null && e.distanceApproximate === false)).toBe(true);
    });

    it('population: services for that group and services for everyone (ALL)', async () => {
      const expected = active.filter((s) => s.populations.includes('VICTIMS_OF_TRAFFICKING' as any) || s.populations.includes('ALL' as any));
      const got = await ids(amina, scopedFilter({ population: 'VICTIMS_OF_TRAFFICKING' }));
      expect(sorted(got)).toEqual(sorted(idsOf(expected)));
      expect(got).toContain(SERVICE.KHARTOUM_TRAFFICKING_LEGAL); // specifically for victims
      expect(got).toContain(SERVICE.NIGER_HOTLINE); // for everyone
      expect(got).not.toContain(SERVICE.NIGER_AVRR); // for stranded migrants only
    });

    it('age: excludes services outside their age range', async () => {
      for (const age of [30, 10]) {
        const expected = active.filter((s) => (s.ageMin === undefined || s.ageMin <= age) && (s.ageMax === undefined || s.ageMax >= age));
        const got = await ids(amina, scopedFilter({ age }));
        expect(sorted(got)).toEqual(sorted(idsOf(expected)));
        if (age === 30) expect(got).not.toContain(SERVICE.BAMAKO_CHILD_FRIENDLY_SPACE); // ages 5 to 17
        if (age === 10) {
          expect(got).toContain(SERVICE.BAMAKO_CHILD_FRIENDLY_SPACE);
          expect(got).not.toContain(SERVICE.AGADEZ_GBV_SAFE_HOUSE); // adults only
        }
      }
    });

    it('gender: excludes services for other genders, keeps services for everyone', async () => {
      const expected = active.filter((s) => s.genders.length === 0 || s.genders.includes('MALE' as any));
      const got = await ids(amina, scopedFilter({ gender: 'MALE' }));
      expect(sorted(got)).toEqual(sorted(idsOf(expected)));
      expect(got).not.toContain(SERVICE.AGADEZ_GBV_SAFE_HOUSE); // women only
      expect(got).toContain(SERVICE.NIGER_HOTLINE);
      expect(await ids(amina, scopedFilter({ gender: 'FEMALE' }))).toContain(SERVICE.AGADEZ_GBV_SAFE_HOUSE);
    });

    it('language: only services offered in that language', async () => {
      const expected = active.filter((s) => s.languages.includes('ti'));
      expect(expected.length).toBeGreaterThan(0);
      expect(sorted(await ids(amina, scopedFilter({ language: 'ti' })))).toEqual(sorted(idsOf(expected)));
    });

    it('channel: only services reachable that way', async () => {
      for (const channel of ['MOBILE', 'PHONE']) {
        const expected = active.filter((s) => s.channels.includes(channel as any));
        expect(expected.length).toBeGreaterThan(0);
        expect(sorted(await ids(amina, scopedFilter({ channel })))).toEqual(sorted(idsOf(expected)));
      }
    });

    it('openAt: open at that instant at one of its sites, in its own time zone', async () => {
      // 2025-01-15 is a Wednesday, 2025-01-19 a Sunday; Niamey is UTC+1
      const cases: [string, string, boolean][] = [
        ['03:00 UTC', '2025-01-15T03:00:00Z', false],
        ['03:00 in Niamey on a Wednesday', '2025-01-15T02:00:00Z', false],
        ['10:00 in Niamey on a Wednesday', '2025-01-15T09:00:00Z', true],
        ['18:00 in Niamey on a Wednesday, when the health post closes', '2025-01-15T17:00:00Z', false],
        ['10:00 in Niamey on a Sunday', '2025-01-19T09:00:00Z', false],
      ];
      for (const [what, instant, healthPostOpen] of cases) {
        const expected = active.filter((s) => openAt(s, new Date(instant)));
        const got = await ids(amina, scopedFilter({ openAt: instant }));
        expect({ what, got: sorted(got) }).toEqual({ what, got: sorted(idsOf(expected)) });
        expect({ what, hotline: got.includes(SERVICE.NIGER_HOTLINE) }).toEqual({ what, hotline: true }); // open 24 hours
        // Monday to Saturday, 08:00 to 18:00 Niamey time
        expect({ what, healthPost: got.includes(SERVICE.AGADEZ_PRIMARY_HEALTH) }).toEqual({ what, healthPost: healthPostOpen });
      }
    });

    it('hasCapacity: true excludes full services, false returns only full ones', async () => {
      const withRoom = await ids(amina, scopedFilter({ hasCapacity: true }));
      expect(sorted(withRoom)).toEqual(sorted(idsOf(active.filter(hasPlaces))));
      expect(withRoom).not.toContain(SERVICE.NIAMEY_TRANSIT_SHELTER); // 0 of 400 places
      expect(withRoom).toContain(SERVICE.AGADEZ_TRANSIT_SHELTER); // places available
      expect(withRoom).toContain(SERVICE.NIGER_HOTLINE); // capacity not tracked
      const full = await ids(amina, scopedFilter({ hasCapacity: false }));
      expect(sorted(full)).toEqual(sorted(idsOf(active.filter((s) => !hasPlaces(s)))));
      expect(full).toContain(SERVICE.NIAMEY_TRANSIT_SHELTER);
    });

    it('status: ACTIVE by default; closed and inactive services only when asked for', async () => {
      const byDefault = await all(amina, scopedFilter());
      expect(sorted(byDefault.edges.map((e) => e.node.id))).toEqual(sorted(idsOf(active)));
      expect(byDefault.edges.every((e) => e.node.status === 'ACTIVE')).toBe(true);
      expect(byDefault.edges.map((e) => e.node.id)).not.toContain(SERVICE.OMDURMAN_COLLECTIVE_SHELTER);
      expect(byDefault.edges.map((e) => e.node.id)).not.toContain(SERVICE.SEGOU_COUNSELLING);

      const closed = await all(amina, scopedFilter({ status: ['TEMPORARILY_CLOSED'] }));
      expect(sorted(closed.edges.map((e) => e.node.id))).toEqual(sorted(idsOf(scoped.filter((s) => s.status === 'TEMPORARILY_CLOSED'))));
      expect(closed.edges.map((e) => e.node.id)).toContain(SERVICE.OMDURMAN_COLLECTIVE_SHELTER);
      expect(closed.edges.every((e) => e.node.status === 'TEMPORARILY_CLOSED')).toBe(true);

      const everything = await ids(amina, scopedFilter({ status: ['ACTIVE', 'TEMPORARILY_CLOSED', 'INACTIVE'] }));
      expect(sorted(everything)).toEqual(sorted(idsOf(scoped)));
      expect(everything).toContain(SERVICE.SEGOU_COUNSELLING);
    });

    it('verifiedWithinDays: excludes stale and never-verified entries', async () => {
      const days = 30;
      const expected = active.filter((s) => s.lastVerifiedDaysAgo !== null && s.lastVerifiedDaysAgo < days);
      const got = await all(amina, scopedFilter({ verifiedWithinDays: days }));
      expect(sorted(got.edges.map((e) => e.node.id))).toEqual(sorted(idsOf(expected)));
      expect(got.edges.map((e) => e.node.id)).not.toContain(SERVICE.AGADEZ_CIVIL_REGISTRATION); // 430 days ago
      expect(got.edges.map((e) => e.node.id)).not.toContain(SERVICE.NIAMEY_SPECIALISED_MENTAL_HEALTH); // never
      expect(got.edges.map((e) => e.node.id)).not.toContain(SERVICE.MALI_CONSULAR_DOCUMENTS); // 31 days ago
      for (const e of got.edges) expect(Date.now() - Date.parse(e.node.lastVerification!.at)).toBeLessThan(days * 86_400_000);
    });
  });

  it('combines filters with AND: text, category, population and area give the intersection', async () => {
    const parts: Record<string, unknown>[] = [
      { text: 'survivors' },
      { categories: ['protection'] },
      { population: 'GBV_SURVIVORS' },
      { areaIds: [areaIds.get('NE-1-AGZ')] },
    ];
    const singles = await Promise.all(parts.map((p) => ids(amina, scopedFilter(p))));
    const intersection = singles.reduce((acc, list) => acc.filter((id) => list.includes(id)));
    const combined = await ids(amina, scopedFilter(Object.assign({}, ...parts)));
    expect(sorted(combined)).toEqual(sorted(intersection));

    // and it is what the demo data says, for the filters the model can compute
    const modelled = active.filter((s) => s.categories.some((c) => c.startsWith('protection'))
      && (s.populations.includes('GBV_SURVIVORS' as any) || s.populations.includes('ALL' as any)) && inArea(s, 'NE-1-AGZ'));
    expect(sorted(combined)).toEqual(sorted(idsOf(modelled).filter((id) => singles[0].includes(id))));
    expect(sorted(combined)).toEqual(sorted([SERVICE.AGADEZ_WOMEN_LISTENING, SERVICE.AGADEZ_GBV_SAFE_HOUSE]));
    // each filter narrows the result: the test would notice one being ignored
    for (const single of singles) expect(single.length).toBeGreaterThan(combined.length);
  });

  it('pages through a list: every item exactly once, in the same order as one big page', async () => {
    const filter = scopedFilter({ status: ['ACTIVE', 'TEMPORARILY_CLOSED', 'INACTIVE'] });
    const whole = await all(amina, filter);
    expect(whole.edges.length).toBe(scoped.length);
    expect(whole.edges.length).toBeGreaterThan(10);

    const walked: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: Conn = ok(await search(amina, { filter, first: 5, after })).services;
      pages++;
      expect(page.totalCount).toBe(whole.totalCount);
      expect(page.pageInfo.hasPreviousPage).toBe(pages > 1);
      expect(page.edges.length).toBeLessThanOrEqual(5);
      expect(page.pageInfo.startCursor).toBe(page.edges[0]?.cursor ?? null);
      expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1]?.cursor ?? null);
      walked.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) {
        expect(page.edges.length).toBeGreaterThan(0);
        break;
      }
      expect(page.edges.length).toBe(5);
      after = page.pageInfo.endCursor;
      expect(pages).toBeLessThan(50);
    }
    expect(pages).toBe(Math.ceil(whole.edges.length / 5));
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).toEqual(whole.edges.map((e) => e.node.id));

    // the same with another order
    const byName = await all(amina, filter, 'NAME');
    const walkedByName: string[] = [];
    after = null;
    for (let i = 0; i < 50; i++) {
      const page: Conn = ok(await search(amina, { filter, first: 5, after, orderBy: 'NAME' })).services;
      walkedByName.push(...page.edges.map((e) => e.node.id));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(walkedByName).toEqual(byName.edges.map((e) => e.node.id));
  });

  it('ranks services not verified within 180 days below fresh ones by default', async () => {
    const conn = await all(amina, scopedFilter());
    const isStaleNode = (e: Edge) => !e.node.lastVerification || Date.now() - Date.parse(e.node.lastVerification.at) > STALE_AFTER_DAYS * 86_400_000;
    const flags = conn.edges.map(isStaleNode);
    // the server's view of staleness is the demo data's
    expect(sorted(conn.edges.filter(isStaleNode).map((e) => e.node.id))).toEqual(sorted(idsOf(active.filter(isStale))));
    expect(flags).toContain(true);
    expect(flags).toContain(false);
    const firstStale = flags.indexOf(true);
    expect(flags.slice(firstStale)).toEqual(flags.slice(firstStale).map(() => true));

    // also when a text query ranks them: the stale civil registration office comes after every fresh match
    const text = await all(amina, scopedFilter({ text: 'registration' }));
    const textFlags = text.edges.map(isStaleNode);
    expect(text.edges.map((e) => e.node.id)).toContain(SERVICE.AGADEZ_CIVIL_REGISTRATION);
    expect(textFlags).toContain(false);
    expect(textFlags.slice(textFlags.indexOf(true)).every(Boolean)).toBe(true);
  });

  describe('confidential locations', () => {
    const SHELTER_FIELDS = `{ service(id: "${SERVICE.AGADEZ_GBV_SAFE_HOUSE}") { id name locations {
      name address latitude longitude locality detailsHidden confidential facilityType area { code name } } } }`;
    const shelter = locations.find((l) => l.id === serviceById.get(SERVICE.AGADEZ_GBV_SAFE_HOUSE)!.locations[0])!;
    const snapped = { latitude: Math.round(shelter.latitude! * 10) / 10, longitude: Math.round(shelter.longitude! * 10) / 10 };

    it('hides the name, address and position of a safe shelter from an unrelated agency, and shows its area above the locality', async () => {
      expect(shelter.confidential).toBe(true);
      const r = ok(await gql(SHELTER_FIELDS, {}, hiba)).service;
      expect(r.name).toBe('Safe house for GBV survivors, Agadez'); // the service itself can be found and referred to
      expect(r.locations).toEqual([{
        name: null, address: null, latitude: null, longitude: null, locality: null, detailsHidden: true, confidential: true,
        // the district, never the locality (policy/confidential-locations.ts)
        facilityType: 'SHELTER', area: { code: areaByCode.get(shelter.area)!.parent, name: areaByCode.get(areaByCode.get(shelter.area)!.parent!)!.names.en },
      }]);
      // the same when it comes through a search
      const found = ok(await gql(`query($f: ServiceFilter) { services(filter: $f) { edges { node { id locations { name address latitude longitude locality detailsHidden } } } } }`,
        { f: { agencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['shelter'] } }, hiba)).services.edges;
      expect(found.map((e: any) => e.node.id)).toEqual([SERVICE.AGADEZ_GBV_SAFE_HOUSE]);
      expect(found[0].node.locations).toEqual([{ name: null, address: null, latitude: null, longitude: null, locality: null, detailsHidden: true }]);
    });

    it.each([
      ['the provider (Agadez women\'s NGO)', 'rakia'],
      ['its partner (IOM Niger)', 'amina'],
    ])('shows the shelter\'s address and position to %s', async (_who, whom) => {
      const token = whom === 'rakia' ? rakia : amina;
      const r = ok(await gql(SHELTER_FIELDS, {}, token)).service;
      expect(r.locations).toEqual([{
        name: shelter.names.en, address: shelter.address, latitude: shelter.latitude, longitude: shelter.longitude, locality: shelter.locality,
        detailsHidden: false, confidential: true, facilityType: 'SHELTER', area: { code: shelter.area, name: areaByCode.get(shelter.area)!.names.en },
      }]);
    });

    it('gives an outsider only an approximate, whole-km distance in a near search; insiders get the exact one', async () => {
      const near = (token: string, centre: { latitude: number; longitude: number }, radiusKm = 50) =>
        all(token, { agencyIds: [AGENCY.AGADEZ_WOMEN], near: { ...centre, radiusKm } });
      const edgeOf = (conn: Conn) => conn.edges.find((e) => e.node.id === SERVICE.AGADEZ_GBV_SAFE_HOUSE)!;

      const outsider = edgeOf(await near(hiba, AGADEZ));
      expect(outsider).toBeDefined();
      expect(outsider.distanceApproximate).toBe(true);
      expect(Number.isInteger(outsider.distanceKm)).toBe(true);
      expect(outsider.distanceKm).toBe(Math.round(km(AGADEZ.latitude, AGADEZ.longitude, snapped.latitude, snapped.longitude)));
      // the other services of the NGO are not confidential: exact for the outsider too
      const listening = (await near(hiba, AGADEZ)).edges.find((e) => e.node.id === SERVICE.AGADEZ_WOMEN_LISTENING)!;
      expect(listening.distanceApproximate).toBe(false);

      const exact = km(AGADEZ.latitude, AGADEZ.longitude, shelter.latitude!, shelter.longitude!);
      for (const token of [rakia, amina]) {
        const insider = edgeOf(await near(token, AGADEZ));
        expect(insider.distanceApproximate).toBe(false);
        expect(insider.distanceKm!).toBeCloseTo(exact, 2);
        expect(Number.isInteger(insider.distanceKm)).toBe(false);
      }

      // a search centred exactly on the shelter does not reveal it to the outsider
      const atShelter = { latitude: shelter.latitude!, longitude: shelter.longitude! };
      const probe = edgeOf(await near(hiba, atShelter));
      expect(probe.distanceApproximate).toBe(true);
      expect(Number.isInteger(probe.distanceKm)).toBe(true);
      expect(probe.distanceKm).toBe(Math.round(km(atShelter.latitude, atShelter.longitude, snapped.latitude, snapped.longitude)));
      expect(probe.distanceKm).not.toBe(0); // the snapped point is not the shelter
      expect(edgeOf(await near(rakia, atShelter)).distanceKm).toBeCloseTo(0, 3);
      // nor does a tight radius around it: the outsider's distance is to the snapped point
      expect((await near(hiba, atShelter, 2)).edges.map((e) => e.node.id)).not.toContain(SERVICE.AGADEZ_GBV_SAFE_HOUSE);
      expect((await near(rakia, atShelter, 2)).edges.map((e) => e.node.id)).toContain(SERVICE.AGADEZ_GBV_SAFE_HOUSE);
      // and the locations stay hidden in the near search
      const located = ok(await gql(`query($f: ServiceFilter) { services(filter: $f) { edges { node { id locations { address latitude longitude } } } } }`,
        { f: { agencyIds: [AGENCY.AGADEZ_WOMEN], near: { ...atShelter, radiusKm: 50 } } }, hiba)).services.edges;
      expect(located.find((e: any) => e.node.id === SERVICE.AGADEZ_GBV_SAFE_HOUSE).node.locations).toEqual([{ address: null, latitude: null, longitude: null }]);
    });
  });

  describe('refusals', () => {
    it.each([
      ['a latitude over 90', { filter: { near: { latitude: 91, longitude: 7.99, radiusKm: 10 } } }, 'filter.near.latitude'],
      ['a radius of 0 km', { filter: { near: { ...AGADEZ, radiusKm: 0 } } }, 'filter.near.radiusKm'],
      ['a radius of 5000 km', { filter: { near: { ...AGADEZ, radiusKm: 5000 } } }, 'filter.near.radiusKm'],
      ['a page of 101', { first: 101 }, 'first'],
      ['a page of 0', { first: 0 }, 'first'],
      ['a cursor it did not give out', { after: 'garbage' }, 'after'],
      ['an unknown category code', { filter: { categories: ['teleportation'] } }, 'filter.categories'],
      ['DISTANCE order without near', { orderBy: 'DISTANCE' }, 'orderBy'],
      ['a text with only punctuation', { filter: { text: '!!' } }, 'filter.text'],
    ])('refuses %s with BAD_USER_INPUT naming the field', async (_what, variables, field) => {
      const r = await search(amina, variables as any);
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0].message).toContain(field);
      expect(r.data).toBeNull();
    });

    it('refuses an unknown population value with BAD_USER_INPUT', async () => {
      const r = await search(amina, { filter: { population: 'MARTIANS' } });
      expect(r.data).toBeNull();
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0].message).toMatch(/MARTIANS/);
      expect(r.errors![0].message).toMatch(/Population/);
    });

    it('answers NOT_FOUND for a service id that does not exist or is not an id', async () => {
      for (const id of [randomUUID(), 'not-a-uuid']) {
        const r = await gql(`query($id: ID!) { service(id: $id) { id name } }`, { id }, amina);
        expect(codes(r)).toEqual(['NOT_FOUND']);
        expect(r.data).toBeNull();
        expect(r.errors![0].message).toContain(id);
      }
    });

    it('refuses a search without a token as UNAUTHENTICATED', async () => {
      const r = await gql(SEARCH, { first: 5 }, null);
      expect(codes(r)).toEqual(['UNAUTHENTICATED']);
      expect(r.data).toBeNull();
    });
  });

  it('costs the same few SQL statements for a page of 5 and a page of 50', async () => {
    const query = (n: number) => `{ services(first: ${n}, filter: { countryCode: "NE" }) { totalCount edges { node {
      id name agency { name } categories { code name } locations { name address area { name } } } } } }`;
    const small = await gql(query(5), {}, amina);
    const large = await gql(query(50), {}, amina);
    ok(small);
    ok(large);
    expect(small.data.services.edges).toHaveLength(5);
    expect(large.data.services.edges.length).toBeGreaterThan(5); // the large page really is larger
    expect(Number.isFinite(small.statements)).toBe(true);
    expect(large.statements).toBe(small.statements);
    // the page (with each service's category codes) and the locations: agencies, categories and areas are held in memory
    expect(large.statements).toBeLessThanOrEqual(2);
  });

  it('reads only the columns a page\'s fields need, and answers every field as reading the service alone does', async () => {
    // every field of Service (from the schema; objects with their __typename), then smaller selections
    const { __type } = ok(await gql(`{ __type(name: "Service") { fields { name args { type { kind } } type { kind ofType { kind ofType { kind ofType { kind } } } } } } }`, {}, amina));
    const leaf = (t: any): boolean => (t.ofType ? leaf(t.ofType) : t.kind === 'SCALAR' || t.kind === 'ENUM');
    const every = __type.fields.filter((f: any) => !f.args.some((a: any) => a.type.kind === 'NON_NULL'))
      .map((f: any) => (leaf(f.type) ? f.name : `${f.name} { __typename }`)).join(' ');
    const selections = [every, 'id', 'name agency { id } categories { code } locations { id }', 'description populations ageMin ageMax status capacity { available } cost { free }', 'lastVerification { at } howToRefer openingHours { day } intakeContact { name }'];
    // through the search index (a plain filter) and through SQL (hasCapacity is answered by SQL only)
    for (const filter of ['{ countryCode: "NE" }', '{ countryCode: "NE", hasCapacity: true }']) {
      for (const fields of selections) {
        const page = await gql(`{ services(first: 50, filter: ${filter}) { edges { node { id ${fields} } } } }`, {}, amina);
        const nodes = ok(page).services.edges.map((e: any) => e.node);
        expect(nodes.length).toBeGreaterThan(1);
        for (const node of nodes.slice(0, 6)) {
          const alone = ok(await gql(`query($id: ID!) { service(id: $id) { id ${fields} } }`, { id: node.id }, amina)).service;
          expect({ filter, node }).toEqual({ filter, node: alone });
        }
      }
    }
  });
});
