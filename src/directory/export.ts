/**
 * What the HSDS export (src/hsds/) reads of the directory: pages of services, agencies and sites, and their
 * relations for a whole page in one statement each, so a page costs the same few statements whatever its
 * size. Confidential locations are left out here, in SQL, for every caller: their rows (name, address,
 * coordinates, and the site of a service there) never reach an export (README, "HSDS 3 exchange").
 */
import type { DataSource } from 'typeorm';
import { hydrate, selectColumns } from '../db/hydrate';
import { isUuid } from '../shared/ids';
import { sqlParams } from '../shared/sql';
import { siteFromRow, type SiteRow } from './details-types';
import { Agency, Area, Location, Service, ServiceCategory } from './entities';

/** Array columns of services a taxonomy term can match (the identifiers are fixed here, never from input). */
export type ServiceArrayColumn = 'category_codes' | 'populations' | 'channels' | 'standards' | 'accessibility' | 'languages' | 'interpretation_languages';
const ARRAY_COLUMNS: readonly ServiceArrayColumn[] = ['category_codes', 'populations', 'channels', 'standards', 'accessibility', 'languages', 'interpretation_languages'];

export interface ServiceExportFilter {
  ids?: string[];
  /** Words (letters and digits only, see searchWords) that must all be in the service's searchable text. */
  words?: string[];
  /** The array column holds this value (category_codes holds each category's ancestors: a category matches its descendants). */
  holds?: { column: ServiceArrayColumn; value: string };
  /** The array column is not empty (a service with any term of a taxonomy). */
  anyIn?: ServiceArrayColumn;
  /** Nothing matches (a taxonomy term or taxonomy this server does not know). */
  none?: boolean;
  agencyId?: string;
  /** last_modified (see LAST_MODIFIED_SQL) on or after this instant. */
  modifiedAfter?: Date;
  /** Services delivered in, or covering, this area (code and path of codes from the country down). */
  area?: { code: string; path: string; level: string; countryCode: string };
}

export interface ExportedService {
  service: Service;
  /** When the service or what is exported with it (its agency, its public locations) last changed. */
  lastModified: Date;
}

/** SQL: when the service `s` (with its agency `a`), or one of its public locations, last changed. */
const LAST_MODIFIED_SQL = `greatest(s.updated_at, a.updated_at, (SELECT max(xl.updated_at) FROM service_locations xs JOIN locations xl ON xl.id = xs.location_id
   WHERE xs.service_id = s.id AND NOT xl.confidential))`;

/**
 * SQL for an MD5 name-based UUID of the text expression (src/hsds/ids.ts nameUuid is its JavaScript twin):
 * the md5 in hex with the version nibble set to 3 and the variant bits to 10.
 */
export const nameUuidSql = (text: string) =>
  `(SELECT (substr(h, 1, 12) || '3' || substr(h, 14, 3) || substr('89ab', (('x' || substr(h, 17, 1))::bit(4)::int & 3) + 1, 1) || substr(h, 18))::uuid
     FROM (SELECT md5(${text}) AS h) m)`;

function serviceConditions(filter: ServiceExportFilter, p: (v: unknown) => string): string[] {
  const where: string[] = ['true'];
  if (filter.none) where.push('false');
  if (filter.ids) where.push(`s.id = ANY(${p(filter.ids.filter(isUuid))}::uuid[])`);
  for (const w of filter.words ?? []) where.push(`s.search_document ILIKE ${p(`%${w}%`)}`);
  if (filter.holds && ARRAY_COLUMNS.includes(filter.holds.column)) where.push(`s.${filter.holds.column} @> ARRAY[${p(filter.holds.value)}::text]`);
  if (filter.anyIn && ARRAY_COLUMNS.includes(filter.anyIn)) where.push(`cardinality(s.${filter.anyIn}) > 0`);
  if (filter.agencyId) where.push(isUuid(filter.agencyId) ? `s.agency_id = ${p(filter.agencyId)}::uuid` : 'false');
  if (filter.modifiedAfter) where.push(`${LAST_MODIFIED_SQL} >= ${p(filter.modifiedAfter.toISOString())}::timestamptz`);
  if (filter.area) {
    // in the area (a location, public area of a confidential one included, or a coverage area inside it),
    // or covering it from above (a country-wide hotline is available in each of its districts)
    const a = filter.area;
    const covering = `s.coverage_codes && ${p(a.path.split('/'))}::text[]`;
    const country = a.level === 'COUNTRY' ? ` OR (s.area_closure = '{}' AND a.country_code = ${p(a.countryCode)})` : '';
    where.push(`(s.area_closure @> ARRAY[${p(a.code)}::text] OR ${covering}${country})`);
  }
  return where;
}

/** A page of services (oldest first) with their last_modified, and how many match. Two statements at most (the count only past the end). */
export async function exportServices(db: DataSource, filter: ServiceExportFilter, limit: number, offset: number): Promise<{ rows: ExportedService[]; total: number }> {
  const { values, p } = sqlParams();
  const where = serviceConditions(filter, p).join(' AND ');
  const from = `FROM services s JOIN agencies a ON a.id = s.agency_id WHERE ${where}`;
  const countValues = [...values];
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT ${selectColumns(db, Service, 's')}, ${LAST_MODIFIED_SQL} AS export_last_modified, count(*) OVER () AS export_total
       ${from} ORDER BY s.created_at, s.id LIMIT ${p(limit)} OFFSET ${p(offset)}`,
    values,
  );
  const total = rows.length ? Number(rows[0].export_total) : offset > 0 ? (await db.query(`SELECT count(*)::int AS n ${from}`, countValues))[0].n : 0;
  return { rows: rows.map((r) => ({ service: hydrate(db, Service, r), lastModified: new Date(r.export_last_modified as string) })), total };
}

export interface ServiceRelations {
  /** The categories the service is linked to (not their ancestors), in code order. */
  categoryCodes: string[];
  /** Its sites at public locations; a site at a confidential location is never here. */
  sites: SiteRow[];
  coverageAreaIds: string[];
}

/** Categories, public sites and coverage areas of the services, by service id. Two statements, whatever the services (none too). */
export async function exportServiceRelations(db: DataSource, serviceIds: string[]): Promise<Map<string, ServiceRelations>> {
  const out = new Map<string, ServiceRelations>(serviceIds.map((id) => [id, { categoryCodes: [], sites: [], coverageAreaIds: [] }]));
  const links: { id: string; category_codes: string[]; coverage: string[] }[] = await db.query(
    `SELECT s.id::text AS id,
            ARRAY(SELECT l.category_code FROM service_category_links l WHERE l.service_id = s.id ORDER BY l.category_code) AS category_codes,
            ARRAY(SELECT sa.area_id::text FROM service_areas sa JOIN areas x ON x.id = sa.area_id WHERE sa.service_id = s.id ORDER BY x.path) AS coverage
       FROM services s WHERE s.id = ANY($1::uuid[])`,
    [serviceIds],
  );
  for (const l of links) Object.assign(out.get(l.id)!, { categoryCodes: l.category_codes, coverageAreaIds: l.coverage });
  const sites: any[] = await db.query(
    `SELECT sl.service_id::text AS owner_id, ${selectColumns(db, Location, 'x')},
            sl.opening_hours AS site_opening_hours, sl.open_24_hours AS site_open_24_hours, sl.timezone AS site_timezone,
            sl.capacity_available AS site_capacity_available, sl.capacity_total AS site_capacity_total,
            sl.capacity_updated_at AS site_capacity_updated_at, sl.closures AS site_closures, sl.notes AS site_notes
       FROM service_locations sl JOIN locations x ON x.id = sl.location_id
      WHERE sl.service_id = ANY($1::uuid[]) AND NOT x.confidential ORDER BY x.created_at, x.id`,
    [serviceIds],
  );
  for (const row of sites) {
    out.get(row.owner_id)?.sites.push(siteFromRow(Object.assign(hydrate(db, Location, row), { hiddenForViewer: false }), row));
  }
  return out;
}

/** The areas with these ids and every area above them (for addresses and service areas). One statement. */
export async function exportAreas(db: DataSource, ids: string[]): Promise<Area[]> {
  // a statement even for none: a page costs the same statements whatever it holds
  const valid = [...new Set(ids.filter(isUuid))];
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT ${selectColumns(db, Area, 'x')} FROM areas x
      WHERE EXISTS (SELECT 1 FROM areas a WHERE a.id = ANY($1::uuid[]) AND (a.id = x.id OR a.path LIKE x.path || '/%'))`,
    [valid],
  );
  return rows.map((r) => hydrate(db, Area, r));
}

/** The area with this id, or this code (a country's code is its ISO 3166-1 alpha-2 code); null when there is none. */
export async function exportAreaByKey(db: DataSource, key: string): Promise<Area | null> {
  const [row] = await db.query(`SELECT ${selectColumns(db, Area, 'x')} FROM areas x WHERE x.code = $1 OR x.id::text = lower($1) LIMIT 1`, [key]);
  return row ? hydrate(db, Area, row) : null;
}

/** The agencies with these ids. One statement. */
export async function exportAgencies(db: DataSource, ids: string[]): Promise<Agency[]> {
  const valid = [...new Set(ids.filter(isUuid))];
  const rows: Record<string, unknown>[] = await db.query(`SELECT ${selectColumns(db, Agency, 'a')} FROM agencies a WHERE a.id = ANY($1::uuid[])`, [valid]);
  return rows.map((r) => hydrate(db, Agency, r));
}

export interface AgencyExportFilter {
  ids?: string[];
  words?: string[];
  /** Agencies with a service in the export of this service filter (a country's or an area's data package). */
  servicesIn?: ServiceExportFilter;
}

/** A page of agencies (by name) and how many match. Two statements at most. */
export async function exportAgencyPage(db: DataSource, filter: AgencyExportFilter, limit: number, offset: number): Promise<{ rows: Agency[]; total: number }> {
  const { values, p } = sqlParams();
  const where = ['true'];
  if (filter.ids) where.push(`a.id = ANY(${p(filter.ids.filter(isUuid))}::uuid[])`);
  for (const w of filter.words ?? []) where.push(`(a.names::text || ' ' || coalesce(a.acronym, '') || ' ' || a.descriptions::text) ILIKE ${p(`%${w}%`)}`);
  if (filter.servicesIn) {
    where.push(`EXISTS (SELECT 1 FROM services s WHERE s.agency_id = a.id AND ${serviceConditions(filter.servicesIn, p).join(' AND ')})`);
  }
  const from = `FROM agencies a WHERE ${where.join(' AND ')}`;
  const countValues = [...values];
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT ${selectColumns(db, Agency, 'a')}, count(*) OVER () AS export_total ${from} ORDER BY lower(a.names->>'en'), a.id LIMIT ${p(limit)} OFFSET ${p(offset)}`,
    values,
  );
  const total = rows.length ? Number(rows[0].export_total) : offset > 0 ? (await db.query(`SELECT count(*)::int AS n ${from}`, countValues))[0].n : 0;
  return { rows: rows.map((r) => hydrate(db, Agency, r)), total };
}

/** The public (not confidential) locations of the agencies, and the ids of their services, by agency. Two statements. */
export async function exportAgencyHoldings(db: DataSource, agencyIds: string[]): Promise<Map<string, { locations: Location[]; serviceIds: string[] }>> {
  const out = new Map(agencyIds.map((id) => [id, { locations: [] as Location[], serviceIds: [] as string[] }]));
  const locations: Record<string, unknown>[] = await db.query(
    `SELECT ${selectColumns(db, Location, 'l')} FROM locations l WHERE l.agency_id = ANY($1::uuid[]) AND NOT l.confidential ORDER BY l.created_at, l.id`, [agencyIds]);
  for (const r of locations) {
    const l = Object.assign(hydrate(db, Location, r), { hiddenForViewer: false });
    out.get(l.agencyId)?.locations.push(l);
  }
  const services: { id: string; agency_id: string }[] = await db.query(
    `SELECT s.id::text AS id, s.agency_id::text AS agency_id FROM services s WHERE s.agency_id = ANY($1::uuid[]) ORDER BY s.created_at, s.id`, [agencyIds]);
  for (const s of services) out.get(s.agency_id)?.serviceIds.push(s.id);
  return out;
}

/** Every service category, retired ones too (they stay on the services that have them). One statement. */
export async function exportCategories(db: DataSource): Promise<ServiceCategory[]> {
  const rows: Record<string, unknown>[] = await db.query(`SELECT ${selectColumns(db, ServiceCategory, 'c')} FROM service_categories c ORDER BY c.code`);
  return rows.map((r) => hydrate(db, ServiceCategory, r));
}

export interface SiteKey { serviceId: string; locationId: string; lastModified: Date }

/** The SQL text a site's id is made from (src/hsds/ids.ts serviceAtLocationId hashes the same text). */
const SITE_ID_TEXT = `'mrn:service_at_location:' || sl.service_id::text || ':' || sl.location_id::text`;

/**
 * A page of sites (a service at one of its public locations: HSDS service_at_location) of the services the
 * filter matches, by service then location, and how many match; `siteId` picks the site with that id.
 */
export async function exportSitePage(db: DataSource, filter: ServiceExportFilter, limit: number, offset: number, siteId?: string):
  Promise<{ rows: SiteKey[]; total: number }> {
  const { values, p } = sqlParams();
  const where = serviceConditions({ ...filter, modifiedAfter: undefined }, p);
  where.push('NOT l.confidential');
  const lastModified = `greatest(s.updated_at, a.updated_at, l.updated_at)`;
  if (filter.modifiedAfter) where.push(`${lastModified} >= ${p(filter.modifiedAfter.toISOString())}::timestamptz`);
  if (siteId !== undefined) where.push(isUuid(siteId) ? `${nameUuidSql(SITE_ID_TEXT)} = ${p(siteId.toLowerCase())}::uuid` : 'false');
  const from = `FROM service_locations sl JOIN services s ON s.id = sl.service_id JOIN agencies a ON a.id = s.agency_id JOIN locations l ON l.id = sl.location_id
    WHERE ${where.join(' AND ')}`;
  const countValues = [...values];
  const rows: { service_id: string; location_id: string; last_modified: string; export_total: string }[] = await db.query(
    `SELECT sl.service_id::text AS service_id, sl.location_id::text AS location_id, ${lastModified} AS last_modified, count(*) OVER () AS export_total
       ${from} ORDER BY s.created_at, s.id, l.created_at, l.id LIMIT ${p(limit)} OFFSET ${p(offset)}`,
    values,
  );
  const total = rows.length ? Number(rows[0].export_total) : offset > 0 ? (await db.query(`SELECT count(*)::int AS n ${from}`, countValues))[0].n : 0;
  return { rows: rows.map((r) => ({ serviceId: r.service_id, locationId: r.location_id, lastModified: new Date(r.last_modified) })), total };
}

