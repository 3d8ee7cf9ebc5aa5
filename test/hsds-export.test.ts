import 'reflect-metadata';
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import JSZip from 'jszip';
import { signToken } from '../src/auth/jwt';
import { Role } from '../src/auth/roles';
import { AGENCY, LOCATION, SERVICE, agencies, locations, services } from '../seed/demo-data';
import { CATEGORY_TAXONOMY, serviceAtLocationId, taxonomyId, termId } from '../src/hsds/mapping';
import { gql, ok, SERVER_URL, tokenFor } from './support/client';
import { hsdsValidators, schemaFile, tableColumns } from './support/hsds-schemas';

/**
 * The HSDS 3.0 export (README, "HSDS 3 exchange"): every document of the whole directory validates against
 * Open Referral's schemas, the data package has the HSDS tables, no confidential location leaves to any
 * caller, modified_after and pagination work, a page costs the same statements whatever its size, and a
 * token is needed unless the network publishes its directory (HSDS_PUBLIC, on a server of its own).
 */

interface Fetched { status: number; body: any; text: string; statements: number; headers: Headers }

/** GET with one retry when a pooled keep-alive socket was closed as it was reused (the request never reached the server; as test/support/client.ts). */
async function get(url: string, token: string | null): Promise<Response> {
  const send = () => fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  try {
    return await send();
  } catch (e) {
    if (!/other side closed|ECONNRESET|socket hang up/i.test(String((e as any)?.cause?.message ?? (e as Error).message))) throw e;
    return send();
  }
}

async function hsds(pathAndQuery: string, token: string | null, base = SERVER_URL()): Promise<Fetched> {
  const response = await get(`${base}/hsds${pathAndQuery}`, token);
  const text = await response.text();
  let body: any = null;
  try { body = JSON.parse(text); } catch { /* not JSON */ }
  return { status: response.status, body, text, statements: Number(response.headers.get('x-sql-statements') ?? NaN), headers: response.headers };
}

async function zipOf(pathAndQuery: string, token: string): Promise<JSZip> {
  const response = await get(`${SERVER_URL()}/hsds${pathAndQuery}`, token);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/application\/zip/);
  return JSZip.loadAsync(Buffer.from(await response.arrayBuffer()));
}

const okBody = (r: Fetched) => {
  if (r.status !== 200) throw new Error(`HTTP ${r.status}: ${r.text.slice(0, 500)}`);
  return r.body;
};

/** Every page of a list, in order (per_page 100). */
async function allPages(list: string, token: string): Promise<{ pages: any[]; items: any[] }> {
  const pages: any[] = [];
  for (let page = 1; page < 200; page++) {
    const body = okBody(await hsds(`${list}${list.includes('?') ? '&' : '?'}per_page=100&page=${page}`, token));
    pages.push(body);
    if (body.last_page) return { pages, items: pages.flatMap((p) => p.contents) };
  }
  throw new Error('too many pages');
}

// What a confidential location must never show in an export: its id, names, address, coordinates and site notes
const CONFIDENTIAL = locations.filter((l) => l.confidential);
const SECRETS = CONFIDENTIAL.flatMap((l) => [
  l.id, ...Object.values(l.names), l.address!, String(l.latitude), String(l.longitude),
  ...services.flatMap((s) => s.details.sites.filter((site) => site.location === l.id).flatMap((site) => Object.values(site.notes ?? {}))),
]).filter((s) => s && s.length > 3);
const leaks = (text: string) => SECRETS.filter((s) => text.includes(s) || text.includes(JSON.stringify(s).slice(1, -1)));

describe('HSDS 3.0 export', () => {
  const v = hsdsValidators();
  let amina: string; // IOM Niger case manager: an outsider to every safe shelter
  let samia: string; // Khartoum legal NGO admin: owns the Khartoum safe shelter
  let networkAdmin: string;

  beforeAll(async () => {
    [amina, samia, networkAdmin] = await Promise.all([
      tokenFor('amina.cm@iom-niger.example.org'), tokenFor('samia.admin@nile-legal.example.org'), tokenFor('nadia.admin@referral-network.example.org'),
    ]);
  });

  describe('validation against the HSDS schemas', () => {
    it('the validators refuse what is not HSDS (a test that cannot fail is a defect)', () => {
      expect(v.problems('compiled/service.json', { id: 'not-a-uuid', name: 'x', status: 'open' }).join('\n')).toMatch(/format|enum/);
      expect(v.problems('organization.json', { id: randomUUID(), name: 'x' })).not.toEqual([]);
      expect(v.problems('service_at_location.json', { id: randomUUID(), location: { id: randomUUID() } })).not.toEqual([]);
      expect(v.pageProblems({ contents: [] })).not.toEqual([]);
    });

    it('every service of the directory, whole and in list pages, validates', async () => {
      const whole = await allPages('/services?full=true', amina);
      const basic = await allPages('/services', amina);
      for (const p of [...whole.pages, ...basic.pages]) expect(v.pageProblems(p)).toEqual([]);
      expect(whole.items.length).toBeGreaterThanOrEqual(services.length);
      expect(basic.items.map((s) => s.id)).toEqual(whole.items.map((s) => s.id));
      for (const s of whole.items) expect({ id: s.id, problems: v.problems('compiled/service.json', s) }).toEqual({ id: s.id, problems: [] });
      for (const s of basic.items) expect({ id: s.id, problems: v.problems('compiled/service_list.json', s) }).toEqual({ id: s.id, problems: [] });
      // each GET /services/{id}, the document the HSDS API describes
      for (const s of basic.items) {
        const one = okBody(await hsds(`/services/${s.id}`, amina));
        expect({ id: s.id, problems: v.problems('compiled/service.json', one) }).toEqual({ id: s.id, problems: [] });
        expect(v.problems('service.json', one)).toEqual([]);
      }
      // the demo services carry the details that decide a referral
      const shelter = whole.items.find((s) => s.id === SERVICE.AGADEZ_TRANSIT_SHELTER);
      expect(shelter).toMatchObject({ status: 'active', organization_id: AGENCY.IOM_NIGER, organization: { id: AGENCY.IOM_NIGER } });
      expect(shelter.schedules.some((x: any) => x.byday === 'MO,TU,WE,TH,FR,SA,SU' && x.opens_at === '00:00:00')).toBe(true);
      expect(shelter.service_at_locations[0]).toMatchObject({ service_id: shelter.id, location_id: LOCATION.AGADEZ_TRANSIT_CENTRE, location: { id: LOCATION.AGADEZ_TRANSIT_CENTRE } });
      expect(shelter.attributes).toEqual(expect.arrayContaining([
        expect.objectContaining({ taxonomy_term_id: termId(CATEGORY_TAXONOMY, 'shelter.transit'), link_entity: 'service', link_id: shelter.id }),
        expect.objectContaining({ taxonomy_term: expect.objectContaining({ taxonomy: 'mrn-service-properties', code: 'CAPACITY_AVAILABLE' }), value: expect.stringMatching(/^\d+$/) }),
      ]));
      for (const key of ['contacts', 'languages', 'schedules']) {
        expect({ key, some: whole.items.filter((s) => s.id.startsWith('c0000000')).every((s) => (s[key] ?? []).length > 0) }).toEqual({ key, some: true });
      }
    }, 240_000);

    it('every organization, whole and in list pages, validates', async () => {
      const list = await allPages('/organizations', amina);
      const whole = await allPages('/organizations?full=true', amina);
      for (const p of [...list.pages, ...whole.pages]) expect(v.pageProblems(p)).toEqual([]);
      expect(list.items.length).toBeGreaterThanOrEqual(agencies.length);
      for (const o of list.items) expect({ id: o.id, problems: v.problems('compiled/organization_list.json', o) }).toEqual({ id: o.id, problems: [] });
      for (const o of whole.items) expect({ id: o.id, problems: v.problems('organization.json', o) }).toEqual({ id: o.id, problems: [] });
      for (const o of list.items) {
        const one = okBody(await hsds(`/organizations/${o.id}?full_service=true`, amina));
        expect({ id: o.id, problems: v.problems('organization.json', one) }).toEqual({ id: o.id, problems: [] });
        for (const s of one.services ?? []) expect({ id: s.id, problems: v.problems('compiled/service.json', s) }).toEqual({ id: s.id, problems: [] });
      }
      const iom = okBody(await hsds(`/organizations/${AGENCY.IOM_NIGER}`, amina));
      expect(iom.services.map((s: any) => s.id)).toEqual(expect.arrayContaining([SERVICE.AGADEZ_TRANSIT_SHELTER]));
      expect(iom.locations.map((l: any) => l.id)).toContain(LOCATION.AGADEZ_TRANSIT_CENTRE);
    }, 240_000);

    it('every service_at_location, whole and in list pages, validates; its id leads back to it', async () => {
      const list = await allPages('/service_at_locations', amina);
      const whole = await allPages('/service_at_locations?full=true', amina);
      for (const p of [...list.pages, ...whole.pages]) expect(v.pageProblems(p)).toEqual([]);
      expect(list.items.length).toBeGreaterThan(20);
      for (const x of list.items) expect({ id: x.id, problems: v.problems('compiled/service_at_location_list.json', x) }).toEqual({ id: x.id, problems: [] });
      for (const x of whole.items) expect({ id: x.id, problems: v.problems('service_at_location.json', x) }).toEqual({ id: x.id, problems: [] });
      for (const x of list.items) {
        expect(x.id).toBe(serviceAtLocationId(x.service_id, x.location_id));
        const one = okBody(await hsds(`/service_at_locations/${x.id}`, amina));
        expect(one).toMatchObject({ id: x.id, service_id: x.service_id, location_id: x.location_id });
        expect({ id: x.id, problems: v.problems('service_at_location.json', one) }).toEqual({ id: x.id, problems: [] });
      }
      expect((await hsds(`/service_at_locations/${randomUUID()}`, amina)).status).toBe(404);
      expect((await hsds('/service_at_locations/not-an-id', amina)).status).toBe(404);
    }, 240_000);

    it('every taxonomy and taxonomy term validates; the categories are the taxonomy mrn-service-categories', async () => {
      const taxonomies = await allPages('/taxonomies', amina);
      const terms = await allPages('/taxonomy_terms', amina);
      for (const p of [...taxonomies.pages, ...terms.pages]) expect(v.pageProblems(p)).toEqual([]);
      for (const t of taxonomies.items) {
        expect(v.problems('taxonomy.json', t)).toEqual([]);
        expect(v.problems('taxonomy.json', okBody(await hsds(`/taxonomies/${t.id}`, amina)))).toEqual([]);
      }
      for (const t of terms.items) {
        expect({ id: t.id, problems: v.problems('taxonomy_term.json', t) }).toEqual({ id: t.id, problems: [] });
        expect(v.problems('taxonomy_term.json', okBody(await hsds(`/taxonomy_terms/${t.id}`, amina)))).toEqual([]);
      }
      expect(taxonomies.items.map((t) => t.name)).toContain(CATEGORY_TAXONOMY);
      const categories = ok(await gql(`{ serviceCategories(includeRetired: true) { code parent { code } } }`, {}, amina)).serviceCategories;
      const ours = terms.items.filter((t) => t.taxonomy_id === taxonomyId(CATEGORY_TAXONOMY));
      expect(ours.map((t) => t.code).sort()).toEqual(expect.arrayContaining(categories.map((c: any) => c.code)));
      const srh = ours.find((t) => t.code === 'health.srh');
      expect(srh).toMatchObject({ id: termId(CATEGORY_TAXONOMY, 'health.srh'), parent_id: termId(CATEGORY_TAXONOMY, 'health'), taxonomy: CATEGORY_TAXONOMY });
      const children = okBody(await hsds(`/taxonomy_terms?parent_id=${termId(CATEGORY_TAXONOMY, 'health')}&per_page=100`, amina)).contents;
      expect(children.map((t: any) => t.code)).toContain('health.srh');
      expect(children.every((t: any) => t.code.startsWith('health.'))).toBe(true);
      const top = okBody(await hsds(`/taxonomy_terms?top_only=true&taxonomy_id=${taxonomyId(CATEGORY_TAXONOMY)}&per_page=100`, amina)).contents;
      expect(top.length).toBeGreaterThan(0);
      expect(top.every((t: any) => !t.code.includes('.'))).toBe(true);
      expect((await hsds(`/taxonomies/${randomUUID()}`, amina)).status).toBe(404);
    }, 240_000);
  });

  describe('the tabular data package', () => {
    const TABLES = ['organization', 'service', 'location', 'address', 'service_at_location', 'phone', 'schedule', 'contact', 'language', 'accessibility',
      'required_document', 'cost_option', 'service_area', 'taxonomy', 'taxonomy_term', 'attribute'];

    it('a country\'s package has datapackage.json and the HSDS CSV files with their table schema\'s columns; each row is a valid HSDS record', async () => {
      const zip = await zipOf('/datapackage.zip?country=NE', amina);
      const descriptor = JSON.parse(await zip.file('datapackage.json')!.async('string'));
      expect(descriptor).toMatchObject({ profile: 'tabular-data-package' });
      expect(JSON.stringify(descriptor)).toMatch(/Open Referral/);
      expect(JSON.stringify(descriptor)).toMatch(/CC[- ]BY-SA 4\.0/);
      const resources = new Map(descriptor.resources.map((r: any) => [r.name, r]));
      for (const table of TABLES) {
        const schema = schemaFile(`${table}.json`);
        const resource: any = resources.get(table);
        expect({ table, path: resource?.path }).toEqual({ table, path: schema.path });
        expect(resource.schema.fields.map((f: any) => f.name)).toEqual(tableColumns(table));
        const csv = await zip.file(schema.path)!.async('string');
        const [header, ...rows]: string[][] = parse(csv, { relax_column_count: false });
        expect({ table, header }).toEqual({ table, header: tableColumns(table) });
        const required = new Set<string>([...(schema.required ?? []), ...(schema.tabular_required ?? [])]);
        const ids = new Set<string>();
        for (const row of rows) {
          const record: Record<string, unknown> = {};
          header.forEach((column, i) => {
            const type = schema.properties[column].type;
            if (row[i] !== '' || required.has(column)) record[column] = type === 'number' && row[i] !== '' ? Number(row[i]) : row[i];
          });
          expect({ table, id: record.id, problems: v.problems(`${table}.json`, record) }).toEqual({ table, id: record.id, problems: [] });
          expect({ table, duplicate: ids.has(record.id as string) }).toEqual({ table, duplicate: false });
          ids.add(record.id as string);
        }
      }
      // the country's services, and not another country's
      const csvIds = async (file: string, column = 'id') => {
        const [h, ...rows]: string[][] = parse(await zip.file(file)!.async('string'));
        return rows.map((r) => r[h.indexOf(column)]);
      };
      const serviceIds = await csvIds('services.csv');
      // services delivered in the country or covering (part of) it, whichever country their agency is based in
      const inCountry = (svc: (typeof services)[number], c: string) =>
        svc.locations.some((l) => locations.find((x) => x.id === l)!.area.startsWith(c)) || svc.areas.some((a) => a.startsWith(c));
      expect(serviceIds).toEqual(expect.arrayContaining(services.filter((x) => inCountry(x, 'NE')).map((x) => x.id)));
      const elsewhere = services.filter((x) => !inCountry(x, 'NE')).map((x) => x.id);
      expect(elsewhere.length).toBeGreaterThan(10);
      expect(serviceIds.filter((id) => elsewhere.includes(id))).toEqual([]);
      // every reference points into the package
      const organizationIds = new Set(await csvIds('organizations.csv'));
      for (const o of await csvIds('services.csv', 'organization_id')) expect(organizationIds.has(o)).toBe(true);
      const locationIds = new Set(await csvIds('locations.csv'));
      for (const l of await csvIds('service_at_location.csv', 'location_id')) expect(locationIds.has(l)).toBe(true);
      const termIds = new Set(await csvIds('taxonomy_terms.csv'));
      for (const t of await csvIds('attributes.csv', 'taxonomy_term_id')) expect(termIds.has(t)).toBe(true);
    }, 120_000);

    it('an area\'s package holds the services there (and those covering it), a subset of its country\'s', async () => {
      const ids = async (query: string) => {
        const zip = await zipOf(`/datapackage.zip?${query}`, amina);
        const [h, ...rows]: string[][] = parse(await zip.file('services.csv')!.async('string'));
        return rows.map((r) => r[h.indexOf('id')]);
      };
      const country = await ids('country=NE');
      const agadez = await ids('area=NE-1-AGZ');
      expect(agadez).toContain(SERVICE.AGADEZ_TRANSIT_SHELTER);
      expect(agadez.length).toBeLessThanOrEqual(country.length);
      expect(agadez.filter((id) => !country.includes(id))).toEqual([]);
    }, 120_000);

    it('refuses a package without a scope, or for a place that does not exist', async () => {
      expect((await hsds('/datapackage.zip', amina)).status).toBe(400);
      expect((await hsds('/datapackage.zip?country=NE&area=NE-1', amina)).status).toBe(400);
      expect((await hsds('/datapackage.zip?country=ZZ', amina)).status).toBe(404);
      expect((await hsds('/datapackage.zip?area=nowhere', amina)).status).toBe(404);
      expect((await hsds('/datapackage.zip?country=NE', null)).status).toBe(401);
    });
  });

  describe('confidential locations', () => {
    it('never leave in any export, to an outsider or to the agency that runs them', async () => {
      expect(SECRETS.length).toBeGreaterThan(10);
      const texts: string[] = [];
      for (const token of [amina, samia, networkAdmin]) {
        for (const list of ['/services?full=true', '/organizations?full=true&full_service=true', '/service_at_locations?full=true']) {
          texts.push(...(await allPages(list, token)).pages.map((p) => JSON.stringify(p)));
        }
        for (const l of CONFIDENTIAL) {
          texts.push(JSON.stringify(okBody(await hsds(`/organizations/${l.agency}?full_service=true`, token))));
          for (const s of services.filter((x) => x.locations.includes(l.id))) {
            const one = okBody(await hsds(`/services/${s.id}`, token));
            texts.push(JSON.stringify(one));
            // the service is exported, without its site at the shelter
            expect((one.service_at_locations ?? []).filter((x: any) => x.location_id === l.id)).toEqual([]);
            const hidden = await hsds(`/service_at_locations/${serviceAtLocationId(s.id, l.id)}`, token);
            expect(hidden.status).toBe(404);
          }
        }
        for (const country of ['NE', 'SD', 'ML']) {
          const zip = await zipOf(`/datapackage.zip?country=${country}`, token);
          for (const f of Object.keys(zip.files)) texts.push(await zip.file(f)!.async('string'));
        }
      }
      const found = texts.flatMap(leaks);
      expect([...new Set(found)]).toEqual([]);
      // while the GraphQL API shows them to their own agency (the export is for everyone alike)
      const own = ok(await gql(`query($id: ID!) { location(id: $id) { address } }`, { id: LOCATION.KHARTOUM_SAFE_SHELTER }, samia)).location;
      expect(own.address).toBe(CONFIDENTIAL.find((l) => l.id === LOCATION.KHARTOUM_SAFE_SHELTER)!.address);
    }, 240_000);
  });

  describe('queries', () => {
    it('pages: total_items, total_pages, first_page, last_page, empty and the records in order without repeats', async () => {
      const all = (await allPages('/services?minimal=true', amina)).items.map((s) => s.id);
      const seen: string[] = [];
      const perPage = 7;
      const first = okBody(await hsds(`/services?per_page=${perPage}`, amina));
      const pages = first.total_pages;
      expect(pages).toBe(Math.ceil(first.total_items / perPage));
      expect(first).toMatchObject({ page_number: 1, size: perPage, first_page: true, last_page: false, empty: false });
      for (let page = 1; ; page++) {
        const body = okBody(await hsds(`/services?per_page=${perPage}&page=${page}`, amina));
        expect(body).toMatchObject({ page_number: page, first_page: page === 1, empty: false });
        expect(body.last_page).toBe(page === body.total_pages);
        seen.push(...body.contents.map((s: any) => s.id));
        if (body.last_page) break;
        if (page > 10_000) throw new Error('the pages never end');
      }
      // other test files may add or change services meanwhile: the ones both walks saw come in the same order, once each
      expect(seen.filter((id) => all.includes(id))).toEqual(all.filter((id) => seen.includes(id)));
      expect(seen.filter((id) => all.includes(id)).length).toBeGreaterThanOrEqual(all.length - 5);
      expect(new Set(seen).size).toBe(seen.length);
      const beyond = okBody(await hsds(`/services?per_page=${perPage}&page=${pages + 5}`, amina));
      expect(beyond).toMatchObject({ page_number: pages + 5, size: 0, empty: true, last_page: true, contents: [] });
      expect(beyond.total_items).toBeGreaterThanOrEqual(first.total_items);
      for (const bad of ['per_page=0', 'per_page=501', 'page=0', 'page=x', 'full=maybe', 'modified_after=yesterday', 'format=ndjson', 'search=%21%21', 'lang=French', 'page=1&page=2']) {
        const r = await hsds(`/services?${bad}`, amina);
        expect({ bad, status: r.status, code: r.body?.errors?.[0]?.extensions?.code }).toEqual({ bad, status: 400, code: 'BAD_USER_INPUT' });
      }
      const minimal = okBody(await hsds('/services?minimal=true&per_page=1000', amina));
      expect(Object.keys(minimal.contents[0]).sort()).toEqual(['id', 'last_modified']);
    }, 120_000);

    it('filters by search, taxonomy term, taxonomy and organization', async () => {
      const ids = async (q: string) => (await allPages(`/services?${q}`, amina)).items.map((s) => s.id);
      const health = await ids(`taxonomy_term_id=${termId(CATEGORY_TAXONOMY, 'health')}`);
      expect(health).toContain(SERVICE.AGADEZ_PRIMARY_HEALTH);
      expect(health).not.toContain(SERVICE.AGADEZ_TRANSIT_SHELTER);
      // a term includes the categories under it, as the GraphQL filter does
      const primary = await ids(`taxonomy_term_id=${termId(CATEGORY_TAXONOMY, 'health.primary')}`);
      expect(primary).toContain(SERVICE.AGADEZ_PRIMARY_HEALTH);
      expect(primary.filter((id) => !health.includes(id))).toEqual([]);
      expect(await ids(`taxonomy_term_id=${randomUUID()}`)).toEqual([]);
      const iom = await ids(`organization_id=${AGENCY.IOM_NIGER}`);
      expect(iom).toEqual(expect.arrayContaining([SERVICE.AGADEZ_TRANSIT_SHELTER, SERVICE.AGADEZ_PRIMARY_HEALTH]));
      const iomServices = (await allPages(`/services?organization_id=${AGENCY.IOM_NIGER}`, amina)).items;
      expect(iomServices.every((s) => s.organization_id === AGENCY.IOM_NIGER)).toBe(true);
      const words = await ids('search=Agadez%20transit');
      expect(words).toContain(SERVICE.AGADEZ_TRANSIT_SHELTER);
      expect(words.length).toBeLessThan(health.length + iom.length);
      const categorised = await ids(`taxonomy_id=${taxonomyId(CATEGORY_TAXONOMY)}`);
      expect(categorised).toEqual(expect.arrayContaining(health));
      const sites = (await allPages(`/service_at_locations?organization_id=${AGENCY.IOM_NIGER}`, amina)).items;
      expect(sites.length).toBeGreaterThan(0);
      expect(sites.every((x) => x.service.organization_id === AGENCY.IOM_NIGER)).toBe(true);
      const orgs = (await allPages('/organizations?search=IOM%20Niger', amina)).items.map((o) => o.id);
      expect(orgs).toContain(AGENCY.IOM_NIGER);
      // French texts where they exist
      const fr = okBody(await hsds(`/services/${SERVICE.AGADEZ_TRANSIT_SHELTER}?lang=fr`, amina));
      expect(fr.name).toBe(services.find((s) => s.id === SERVICE.AGADEZ_TRANSIT_SHELTER)!.names.fr);
    }, 120_000);

    it('modified_after returns what changed on or after the instant: the service, its agency or one of its locations', async () => {
      const agencyId = ok(await gql(`mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
        { input: { names: [{ lang: 'en', text: `Hsds export ${randomUUID().slice(0, 8)}` }], type: 'NATIONAL_NGO', countryCode: 'NE', languages: ['fr'], fictional: true } }, networkAdmin)).createAgency.id;
      const admin = await tokenFor({ sub: randomUUID(), agency: agencyId, roles: [Role.AGENCY_ADMIN] });
      const areaId = ok(await gql(`{ areas(first: 5, filter: { countryCode: "NE", level: DISTRICT }) { edges { node { id } } } }`, {}, admin)).areas.edges[0].node.id;
      const locationId = ok(await gql(`mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`,
        { input: { agencyId, names: [{ lang: 'en', text: 'Hsds office' }], facilityType: 'OTHER', areaId, address: '1 Rue Test', locality: 'Test' } }, admin)).createLocation.id;
      const serviceId = ok(await gql(`mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`, {
        input: { agencyId, names: [{ lang: 'en', text: 'Hsds modified service' }], categoryCodes: ['health.primary'], populations: ['ALL'], languages: ['fr'], channels: ['WALK_IN'],
          timezone: 'Africa/Niamey', locationIds: [locationId] },
      }, admin)).createService.id;
      const exported = okBody(await hsds(`/services/${serviceId}`, amina));
      const at = new Date(exported.last_modified);
      const after = (t: Date) => allPages(`/services?minimal=true&modified_after=${encodeURIComponent(t.toISOString())}`, amina).then((r) => r.items);
      const since = await after(at);
      expect(since.map((s) => s.id)).toContain(serviceId);
      expect(since.every((s) => new Date(s.last_modified) >= at)).toBe(true);
      // a moment later: not any more, until one of its locations changes
      const later = new Date(at.getTime() + 1);
      expect((await after(later)).map((s) => s.id)).not.toContain(serviceId);
      ok(await gql(`mutation($input: UpdateLocationInput!) { updateLocation(input: $input) { id } }`, { input: { id: locationId, address: '2 Rue Test' } }, admin));
      const moved = await after(later);
      expect(moved.map((s) => s.id)).toContain(serviceId);
      expect(moved.every((s) => new Date(s.last_modified) >= later)).toBe(true);
      const sites = (await allPages(`/service_at_locations?modified_after=${encodeURIComponent(later.toISOString())}`, amina)).items;
      expect(sites.map((x) => x.id)).toContain(serviceAtLocationId(serviceId, locationId));
      expect((await after(new Date(Date.now() + 86_400_000))).map((s) => s.id)).toEqual([]);
    }, 120_000);
  });

  describe('cost', () => {
    it('a page costs the same statements whatever its size (relations load for the whole page)', async () => {
      const cost = async (q: string) => {
        const r = await hsds(q, amina);
        expect(r.status).toBe(200);
        expect(Number.isFinite(r.statements)).toBe(true);
        return r.statements;
      };
      for (const list of ['/services?full=true', '/services', '/organizations?full=true&full_service=true', '/organizations', '/service_at_locations?full=true', '/service_at_locations']) {
        const small = await cost(`${list}${list.includes('?') ? '&' : '?'}per_page=20`);
        const large = await cost(`${list}${list.includes('?') ? '&' : '?'}per_page=200`);
        expect({ list, small, large }).toEqual({ list, small, large: small });
        expect(large).toBeLessThanOrEqual(12);
        // and whatever the page holds (here nothing)
        if (!list.startsWith('/service_at_locations')) {
          const none = await cost(`${list}${list.includes('?') ? '&' : '?'}per_page=20&search=qqzzxxnothing`);
          expect({ list, none }).toEqual({ list, none: small });
        }
      }
      expect(await cost(`/services/${SERVICE.AGADEZ_TRANSIT_SHELTER}`)).toBeLessThanOrEqual(6);
    }, 60_000);
  });

  describe('who may read', () => {
    it('needs a valid bearer token as /graphql does (the directory is not public by default)', async () => {
      for (const p of ['/', '/services', `/services/${SERVICE.AGADEZ_TRANSIT_SHELTER}`, '/organizations', '/service_at_locations', '/taxonomies', '/taxonomy_terms']) {
        const anonymous = await hsds(p, null);
        expect({ p, status: anonymous.status, code: anonymous.body?.errors?.[0]?.extensions?.code }).toEqual({ p, status: 401, code: 'UNAUTHENTICATED' });
        expect(anonymous.text).not.toMatch(/Agadez/);
      }
      const forged = await tokenFor({ sub: randomUUID(), agency: AGENCY.IOM_NIGER, roles: [Role.CASE_MANAGER] }).then((t) => `${t.slice(0, -4)}AAAA`);
      expect((await hsds('/services', forged)).status).toBe(401);
      expect((await hsds('/services', 'not-a-token')).status).toBe(401);
      const info = okBody(await hsds('/', amina));
      expect(info).toMatchObject({ version: '3.0' });
      expect(info.openapi_url).toMatch(/\/hsds\/openapi\.json$/);
      expect(okBody(await hsds('/openapi.json', amina)).paths['/services']).toBeDefined();
      expect((await hsds('/nothing-here', amina)).status).toBe(404);
    });

    describe('with HSDS_PUBLIC=true (a network that publishes its directory)', () => {
      const { startServer } = require('./support/server') as typeof import('./support/server');
      let dir: string;
      let server: Awaited<ReturnType<typeof startServer>>;
      const secret = randomBytes(32).toString('hex');

      beforeAll(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-hsds-public-'));
        server = await startServer({
          DATABASE_URL: undefined, DATA_DIR: path.join(dir, 'data'), JWT_SECRET: secret, SEED_DEMO_DATA: 'true', HSDS_PUBLIC: 'true',
          RATE_LIMIT_ANONYMOUS_PER_MINUTE: '6', RATE_LIMIT_PER_MINUTE: '100000', WEBHOOK_WORKER_IN_SERVER: 'false', RETENTION_SWEEP_MINUTES: '0',
        }, path.join(dir, 'server.log'));
      }, 180_000);
      afterAll(async () => {
        await server?.stop();
        if (dir && !process.env.KEEP_TEST_DATA) fs.rmSync(dir, { recursive: true, force: true });
      });

      it('anonymous callers read what any outsider reads, on the anonymous budget; tokens are still checked, and /graphql still needs one', async () => {
        const anonymous = await hsds('/services?full=true&per_page=100', null, server.url);
        expect(anonymous.status).toBe(200);
        expect(anonymous.body.total_items).toBeGreaterThanOrEqual(services.length);
        expect(leaks(anonymous.text)).toEqual([]);
        const one = await hsds(`/services/${SERVICE.AGADEZ_TRANSIT_SHELTER}`, null, server.url);
        expect(v.problems('compiled/service.json', one.body)).toEqual([]);
        expect((await hsds('/services', 'not-a-token', server.url)).status).toBe(401);
        const graphql = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ services(first: 1) { totalCount } }' }) });
        expect(graphql.status).toBe(401);
        // the anonymous budget (6 a minute here) runs out; a token has its own
        const statuses: number[] = [];
        for (let i = 0; i < 8; i++) statuses.push((await hsds('/taxonomies', null, server.url)).status);
        expect(statuses).toContain(429);
        const token = await signToken(secret, { sub: randomUUID(), agency: AGENCY.IOM_NIGER, roles: [Role.CASE_MANAGER] }, '1h');
        expect((await hsds('/taxonomies', token, server.url)).status).toBe(200);
      }, 60_000);
    });
  });
});
