/**
 * Reads an HSDS 3.0 data package into records to import: organizations, locations and services (each service
 * with its service_at_locations), wherever the package nests them. Three shapes are read:
 *
 * - JSON as the HSDS API answers: `{ organizations, services, locations, service_at_locations, taxonomies,
 *   taxonomy_terms }`, each a list or a page (`{ contents: [...] }`), or one such object or page alone (the
 *   shapes of the examples: service_full.json, organization_list.json...);
 * - the tabular form as JSON (`{ "services.csv": [rows], ... }`);
 * - the CSV data package: a zip of the HSDS CSV files, with or without datapackage.json.
 *
 * Nested copies of one record (a service in its organization and in `services`) become one record. In the
 * tabular form a child row (phone, schedule, contact...) joins its most specific parent in the package; a row
 * whose parents are all missing is reported as a warning, never dropped silently. Where the package has a
 * resource (a CSV file, a key), a record without rows there has an empty list: the list is replaced on
 * import; where it has none, the list is left as it is.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import JSZip from 'jszip';
import { badInput } from '../shared/errors';
import { PROJECT_ROOT } from '../shared/paths';

export type HsdsObject = Record<string, any>;
export type RecordKind = 'ORGANIZATION' | 'LOCATION' | 'SERVICE';

export interface PackageRecord {
  kind: RecordKind;
  /** The HSDS id (null when the record has none: then it is invalid). */
  id: string | null;
  /** Where the record is in the package: a JSON pointer, or "services.csv row 2". */
  source: string;
  data: HsdsObject;
  /** For a location: the organization it was nested in (or that runs a service there), when it names none itself. */
  parentOrganizationId?: string | null;
}

export interface HsdsPackage {
  organizations: PackageRecord[];
  locations: PackageRecord[];
  services: PackageRecord[];
  /** Taxonomy terms by id, with `taxonomy_detail` when the package has the taxonomy. */
  terms: Map<string, HsdsObject>;
  warnings: string[];
}

export const SCHEMA_DIR = path.join(PROJECT_ROOT, 'schema', 'hsds');

const TOP_KEYS = ['organizations', 'services', 'locations', 'service_at_locations', 'taxonomies', 'taxonomy_terms'] as const;

const isObject = (v: unknown): v is HsdsObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const idOf = (o: HsdsObject): string | null => (typeof o.id === 'string' && o.id ? o.id.toLowerCase() : null);

class Collector {
  private readonly byKind: Record<RecordKind, Map<string, PackageRecord>> = { ORGANIZATION: new Map(), LOCATION: new Map(), SERVICE: new Map() };
  private anonymous = 0;
  readonly terms = new Map<string, HsdsObject>();
  readonly taxonomies = new Map<string, HsdsObject>();
  readonly warnings: string[] = [];

  /** Adds a record, or merges what a later copy adds (keys the first copy lacks, list items it lacks by id). */
  private put(kind: RecordKind, data: HsdsObject, source: string, parentOrganizationId?: string | null): PackageRecord {
    const id = idOf(data);
    const key = id ?? `#${this.anonymous++}`;
    const map = this.byKind[kind];
    const existing = map.get(key);
    if (!existing) {
      const record: PackageRecord = { kind, id, source, data, parentOrganizationId: parentOrganizationId ?? null };
      map.set(key, record);
      return record;
    }
    for (const [k, v] of Object.entries(data)) {
      const mine = existing.data[k];
      if (mine === undefined || mine === null || mine === '') existing.data[k] = v;
      else if (Array.isArray(mine) && Array.isArray(v)) {
        const ids = new Set(mine.filter(isObject).map(idOf));
        for (const item of v) if (!isObject(item) || !ids.has(idOf(item))) mine.push(item);
      }
    }
    if (!existing.parentOrganizationId && parentOrganizationId) existing.parentOrganizationId = parentOrganizationId;
    return existing;
  }

  term(term: unknown): void {
    if (!isObject(term)) return;
    const id = idOf(term);
    if (id && !this.terms.has(id)) this.terms.set(id, term);
    if (isObject(term.taxonomy_detail)) this.taxonomy(term.taxonomy_detail);
  }

  taxonomy(t: unknown): void {
    if (isObject(t) && idOf(t) && !this.taxonomies.has(idOf(t)!)) this.taxonomies.set(idOf(t)!, t);
  }

  /** Terms nested in attributes anywhere in `o`. */
  private termsIn(o: unknown): void {
    if (Array.isArray(o)) o.forEach((x) => this.termsIn(x));
    else if (isObject(o)) {
      if (isObject(o.taxonomy_term)) this.term(o.taxonomy_term);
      for (const v of Object.values(o)) if (typeof v === 'object') this.termsIn(v);
    }
  }

  organization(o: unknown, source: string): string | null {
    if (!isObject(o)) return null;
    const { locations, services, ...own } = o;
    this.termsIn(own);
    const record = this.put('ORGANIZATION', own, source);
    if (Array.isArray(locations)) locations.forEach((l, i) => this.location(l, `${source}/locations/${i}`, record.id));
    if (Array.isArray(services)) services.forEach((s, i) => this.service(s, `${source}/services/${i}`, record.id));
    return record.id;
  }

  location(l: unknown, source: string, organizationId: string | null = null): string | null {
    if (!isObject(l)) return null;
    this.termsIn(l);
    return this.put('LOCATION', { ...l }, source, organizationId).id;
  }

  service(s: unknown, source: string, organizationId: string | null = null): PackageRecord | null {
    if (!isObject(s)) return null;
    const { organization, service_at_locations: sals, ...own } = s;
    const orgId = isObject(organization) ? this.organization(organization, `${source}/organization`) : null;
    if (!own.organization_id && (orgId ?? organizationId)) own.organization_id = orgId ?? organizationId;
    if (Array.isArray(sals)) {
      own.service_at_locations = sals.map((sal, i) => (isObject(sal) ? this.siteOf(sal, `${source}/service_at_locations/${i}`, own.organization_id ?? null) : sal));
    }
    this.termsIn(own);
    return this.put('SERVICE', own, source);
  }

  /** A service_at_location as part of its service: its nested location becomes a record of its own. */
  private siteOf(sal: HsdsObject, source: string, organizationId: string | null): HsdsObject {
    const { location, service: _service, ...own } = sal;
    const locationId = isObject(location) ? this.location(location, `${source}/location`, organizationId) : null;
    if (!own.location_id && locationId) own.location_id = locationId;
    return own;
  }

  /** A service_at_location given on its own: joins its service (nested, or already in the package). */
  serviceAtLocation(sal: unknown, source: string): void {
    if (!isObject(sal)) return;
    const service = isObject(sal.service) ? this.service(sal.service, `${source}/service`) : this.byKind.SERVICE.get(String(sal.service_id ?? '').toLowerCase());
    if (!service) {
      this.warnings.push(`${source}: the service_at_location ${sal.id ?? ''} names a service that is not in the package: not imported`);
      return;
    }
    const site = this.siteOf(sal, source, service.data.organization_id ?? null);
    site.service_id = service.id;
    const list: unknown[] = (service.data.service_at_locations ??= []);
    if (!list.some((x) => isObject(x) && idOf(x) === idOf(site))) list.push(site);
  }

  /** One object whose kind is told by its fields (the single-object examples). */
  any(o: unknown, source: string): void {
    if (!isObject(o)) return;
    if ('location_type' in o) this.location(o, source);
    else if (('location' in o && 'service' in o) || 'service_id' in o || 'location_id' in o) this.serviceAtLocation(o, source);
    else if ('status' in o || 'organization' in o || 'organization_id' in o || 'service_at_locations' in o || 'program' in o) this.service(o, source);
    else if ('taxonomy' in o || 'taxonomy_id' in o || 'taxonomy_detail' in o || 'code' in o) this.term(o);
    else if ('uri' in o && 'version' in o && !('website' in o)) this.taxonomy(o);
    else this.organization(o, source);
  }

  result(): HsdsPackage {
    // a location named by no organization belongs to the organization of a service delivered there
    for (const s of this.byKind.SERVICE.values()) {
      for (const site of s.data.service_at_locations ?? []) {
        const loc = isObject(site) ? this.byKind.LOCATION.get(String(site.location_id ?? '').toLowerCase()) : undefined;
        if (loc && !loc.parentOrganizationId && s.data.organization_id) loc.parentOrganizationId = String(s.data.organization_id).toLowerCase();
      }
    }
    for (const term of this.terms.values()) {
      if (!isObject(term.taxonomy_detail) && term.taxonomy_id && this.taxonomies.has(String(term.taxonomy_id).toLowerCase())) {
        term.taxonomy_detail = this.taxonomies.get(String(term.taxonomy_id).toLowerCase());
      }
    }
    return {
      organizations: [...this.byKind.ORGANIZATION.values()],
      locations: [...this.byKind.LOCATION.values()],
      services: [...this.byKind.SERVICE.values()],
      terms: this.terms,
      warnings: this.warnings,
    };
  }
}

/** The items of a list or of a page ({ contents: [...] }), with the pointer of the list. */
function itemsOf(value: unknown, pointer: string): { items: unknown[]; pointer: string } {
  if (Array.isArray(value)) return { items: value, pointer };
  if (isObject(value) && Array.isArray(value.contents)) return { items: value.contents, pointer: `${pointer}/contents` };
  return { items: [], pointer };
}

/** A JSON package (see the top of this file); `text` is the JSON text. */
export function readJsonPackage(text: string): HsdsPackage {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw badInput('input.content', 'hsdsImport.notJson', { reason: (e as Error).message });
  }
  if (isObject(doc) && Object.keys(doc).some((k) => k.endsWith('.csv'))) {
    const tables = new Map<string, HsdsObject[]>();
    for (const [k, v] of Object.entries(doc)) if (k.endsWith('.csv') && Array.isArray(v)) tables.set(k, v.filter(isObject));
    return assembleTables(tables, (file, row) => `/${escapePointer(file)}/${row}`);
  }
  const c = new Collector();
  // a package has no id of its own; an HSDS object (a service with its service_at_locations) has
  if (isObject(doc) && !('id' in doc) && TOP_KEYS.some((k) => k in doc)) {
    const d = doc;
    const each = (key: string, add: (o: unknown, source: string) => void) => {
      const { items, pointer } = itemsOf(d[key], `/${key}`);
      items.forEach((o, i) => add(o, `${pointer}/${i}`));
    };
    each('taxonomies', (o) => c.taxonomy(o));
    each('taxonomy_terms', (o) => c.term(o));
    each('organizations', (o, s) => c.organization(o, s));
    each('locations', (o, s) => c.location(o, s));
    each('services', (o, s) => c.service(o, s));
    each('service_at_locations', (o, s) => c.serviceAtLocation(o, s));
  } else if (Array.isArray(doc) || (isObject(doc) && Array.isArray(doc.contents))) {
    const { items, pointer } = itemsOf(doc, '');
    items.forEach((o, i) => c.any(o, `${pointer}/${i}`));
  } else if (isObject(doc)) {
    c.any(doc, '');
  } else {
    throw badInput('input.content', 'hsdsImport.notPackage');
  }
  return c.result();
}

const escapePointer = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

// ---- the tabular form ---------------------------------------------------------------------------

interface TableSchema { file: string; name: string; types: Record<string, string>; required: Set<string> }

let tableSchemas: Map<string, TableSchema> | null = null;

/** Each HSDS table (services.csv...) with the JSON type of its columns, from the schemas' own `path` and properties. */
export function hsdsTables(): Map<string, TableSchema> {
  if (tableSchemas) return tableSchemas;
  tableSchemas = new Map();
  for (const f of fs.readdirSync(SCHEMA_DIR).filter((x) => x.endsWith('.json'))) {
    const schema = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, f), 'utf8'));
    if (typeof schema.path !== 'string') continue;
    const types: Record<string, string> = {};
    for (const [k, v] of Object.entries<any>(schema.properties ?? {})) if (typeof v?.type === 'string') types[k] = v.type;
    tableSchemas.set(schema.path, { file: schema.path, name: schema.name, types, required: new Set<string>(Array.isArray(schema.required) ? schema.required : []) });
  }
  return tableSchemas;
}

/** A CSV value as the JSON value its column holds: numbers as numbers; an empty cell is left out. */
function typed(value: unknown, type: string | undefined): unknown {
  if (typeof value !== 'string') return value;
  if (value === '') return undefined;
  if (type === 'number' || type === 'integer') {
    const n = Number(value.trim());
    return value.trim() !== '' && Number.isFinite(n) ? n : value; // left as text, the schema reports it
  }
  if (type === 'boolean') return /^(true|1|yes)$/i.test(value) ? true : /^(false|0|no)$/i.test(value) ? false : value;
  return value;
}

type Parent = { table: string; key: string };

/** Where each child table's rows go: the first parent (most specific) found in the package, and the list key there. */
const CHILDREN: { table: string; into: string; parents: Parent[] }[] = [
  { table: 'languages.csv', into: 'languages', parents: [{ table: 'phones.csv', key: 'phone_id' }, { table: 'services.csv', key: 'service_id' }, { table: 'locations.csv', key: 'location_id' }] },
  { table: 'phones.csv', into: 'phones', parents: [
    { table: 'contacts.csv', key: 'contact_id' }, { table: 'service_at_location.csv', key: 'service_at_location_id' }, { table: 'services.csv', key: 'service_id' },
    { table: 'locations.csv', key: 'location_id' }, { table: 'organizations.csv', key: 'organization_id' }] },
  { table: 'contacts.csv', into: 'contacts', parents: [
    { table: 'service_at_location.csv', key: 'service_at_location_id' }, { table: 'services.csv', key: 'service_id' },
    { table: 'locations.csv', key: 'location_id' }, { table: 'organizations.csv', key: 'organization_id' }] },
  { table: 'schedules.csv', into: 'schedules', parents: [
    { table: 'service_at_location.csv', key: 'service_at_location_id' }, { table: 'services.csv', key: 'service_id' }, { table: 'locations.csv', key: 'location_id' }] },
  { table: 'addresses.csv', into: 'addresses', parents: [{ table: 'locations.csv', key: 'location_id' }] },
  { table: 'accessibility.csv', into: 'accessibility', parents: [{ table: 'locations.csv', key: 'location_id' }] },
  { table: 'cost_options.csv', into: 'cost_options', parents: [{ table: 'services.csv', key: 'service_id' }] },
  { table: 'required_documents.csv', into: 'required_documents', parents: [{ table: 'services.csv', key: 'service_id' }] },
  { table: 'service_areas.csv', into: 'service_areas', parents: [{ table: 'services.csv', key: 'service_id' }] },
  { table: 'funding.csv', into: 'funding', parents: [{ table: 'services.csv', key: 'service_id' }, { table: 'organizations.csv', key: 'organization_id' }] },
  { table: 'organization_identifiers.csv', into: 'organization_identifiers', parents: [{ table: 'organizations.csv', key: 'organization_id' }] },
  { table: 'service_at_location.csv', into: 'service_at_locations', parents: [{ table: 'services.csv', key: 'service_id' }] },
];

/** Tables that hold records or terms, or that the import does not read (programs, metadata). */
const NOT_CHILDREN = new Set(['organizations.csv', 'locations.csv', 'services.csv', 'taxonomies.csv', 'taxonomy_terms.csv', 'attributes.csv',
  'programs.csv', 'metadata.csv', 'meta_table_descriptions.csv']);

/** The tabular form (`tables`: rows by file name) into records; `where(file, index)` names a row in reports. */
export function assembleTables(tables: Map<string, HsdsObject[]>, where: (file: string, index: number) => string): HsdsPackage {
  const schemas = hsdsTables();
  const warnings: string[] = [];
  const rows = new Map<string, { data: HsdsObject; source: string }[]>();
  for (const [file, list] of tables) {
    const types = schemas.get(file)?.types;
    const required = schemas.get(file)?.required ?? new Set<string>();
    if (!types) {
      warnings.push(`${file}: not an HSDS 3.0 table: not imported`);
      continue;
    }
    rows.set(file, list.map((r, i) => {
      const data: HsdsObject = {};
      for (const [k, v] of Object.entries(r)) {
        // an empty cell of a required text column is the empty string (HSDS requires postal_code, which may be "")
        const value = v === '' && required.has(k) && types[k] === 'string' ? '' : typed(v, types[k]);
        if (value !== undefined) data[k] = value;
      }
      return { data, source: where(file, i) };
    }));
  }
  const byId = new Map<string, Map<string, HsdsObject>>();
  for (const [file, list] of rows) byId.set(file, new Map(list.filter((r) => idOf(r.data)).map((r) => [idOf(r.data)!, r.data])));

  // a list present in the package is replaced on import, so every possible parent gets it, empty or not
  for (const child of CHILDREN) {
    if (!rows.has(child.table)) continue;
    for (const p of child.parents) for (const parent of byId.get(p.table)?.values() ?? []) parent[child.into] ??= [];
  }
  for (const child of CHILDREN) {
    for (const row of rows.get(child.table) ?? []) {
      const parent = child.parents.map((p) => byId.get(p.table)?.get(String(row.data[p.key] ?? '').toLowerCase())).find(Boolean);
      if (parent) parent[child.into].push(row.data);
      else warnings.push(`${row.source}: none of its parents (${child.parents.map((p) => p.key).join(', ')}) is in the package: not imported`);
    }
  }
  for (const file of rows.keys()) if (!NOT_CHILDREN.has(file) && !CHILDREN.some((c) => c.table === file)) warnings.push(`${file}: not read by the import`);

  // attributes join the record they name (link_id), with their taxonomy term
  const terms = new Map<string, HsdsObject>();
  for (const t of rows.get('taxonomy_terms.csv') ?? []) {
    const term = { ...t.data };
    const taxonomy = byId.get('taxonomies.csv')?.get(String(term.taxonomy_id ?? '').toLowerCase());
    if (taxonomy) term.taxonomy_detail = taxonomy;
    if (idOf(term)) terms.set(idOf(term)!, term);
  }
  // attributes of nested records too (a schedule's kind and time zone, a contact's role, a document's type)
  const linkable = ['services.csv', 'organizations.csv', 'locations.csv', 'service_at_location.csv', 'schedules.csv', 'contacts.csv', 'required_documents.csv',
    'phones.csv', 'service_areas.csv', 'addresses.csv', 'cost_options.csv', 'languages.csv', 'accessibility.csv'];
  if (rows.has('attributes.csv')) for (const f of linkable) for (const parent of byId.get(f)?.values() ?? []) parent.attributes ??= [];
  for (const a of rows.get('attributes.csv') ?? []) {
    const parent = linkable.map((f) => byId.get(f)?.get(String(a.data.link_id ?? '').toLowerCase())).find(Boolean);
    const term = terms.get(String(a.data.taxonomy_term_id ?? '').toLowerCase());
    const attribute = term ? { ...a.data, taxonomy_term: term } : a.data;
    if (parent) parent.attributes.push(attribute);
    else warnings.push(`${a.source}: links to ${a.data.link_id ?? 'nothing'}, which is not in the package${term ? ` (term ${term.code ?? term.name ?? term.id})` : ''}: not imported`);
  }

  const services = rows.get('services.csv') ?? [];
  const locations = rows.get('locations.csv') ?? [];
  const serviceOrg = new Map<string, string>();
  for (const s of services) for (const site of s.data.service_at_locations ?? []) {
    if (site.location_id && s.data.organization_id) serviceOrg.set(String(site.location_id).toLowerCase(), String(s.data.organization_id).toLowerCase());
  }
  const record = (kind: RecordKind) => (r: { data: HsdsObject; source: string }): PackageRecord => ({ kind, id: idOf(r.data), source: r.source, data: r.data });
  return {
    organizations: (rows.get('organizations.csv') ?? []).map(record('ORGANIZATION')),
    locations: locations.map((r) => ({ ...record('LOCATION')(r), parentOrganizationId: serviceOrg.get(idOf(r.data) ?? '') ?? null })),
    services: services.map(record('SERVICE')),
    terms,
    warnings,
  };
}

/** The CSV data package: a zip of HSDS CSV files (at its root or in one folder), with or without datapackage.json. */
export async function readCsvZip(zip: Buffer, limits: { maxUncompressedBytes: number }): Promise<HsdsPackage> {
  let archive: JSZip;
  try {
    archive = await JSZip.loadAsync(zip);
  } catch (e) {
    throw badInput('input.content', 'hsdsImport.notZip', { reason: (e as Error).message });
  }
  const files = Object.values(archive.files).filter((f) => !f.dir);
  if (files.length > 500) throw badInput('input.content', 'hsdsImport.tooManyFiles', { count: files.length });
  // refused before inflating anything: a small zip can hold gigabytes
  const declared = files.reduce((n, f) => n + Number((f as any)._data?.uncompressedSize ?? 0), 0);
  if (declared > limits.maxUncompressedBytes) throw badInput('input.content', 'hsdsImport.tooLarge', { bytes: declared, max: limits.maxUncompressedBytes });
  const byName = new Map(files.map((f) => [path.posix.basename(f.name), f]));
  let names = [...byName.keys()].filter((n) => n.endsWith('.csv'));
  const descriptor = byName.get('datapackage.json');
  if (descriptor) {
    try {
      const dp = JSON.parse(await descriptor.async('string'));
      if (Array.isArray(dp.resources)) {
        const listed = dp.resources.map((r: any) => path.posix.basename(String(r.path ?? ''))).filter((n: string) => byName.has(n));
        if (listed.length) names = listed;
      }
    } catch {
      throw badInput('input.content', 'hsdsImport.dataPackageNotJson');
    }
  }
  if (!names.length) throw badInput('input.content', 'hsdsImport.noCsv');
  const tables = new Map<string, HsdsObject[]>();
  let total = 0;
  for (const name of names) {
    const text = await byName.get(name)!.async('string');
    total += text.length;
    if (total > limits.maxUncompressedBytes) throw badInput('input.content', 'hsdsImport.tooLargeUnpacked', { max: limits.maxUncompressedBytes });
    try {
      tables.set(name, parseCsv(text, { columns: true, bom: true, skip_empty_lines: true, relax_quotes: false }));
    } catch (e) {
      throw badInput('input.content', 'hsdsImport.badFile', { name, reason: (e as Error).message });
    }
  }
  return assembleTables(tables, (file, i) => `${file} row ${i + 2}`);
}
