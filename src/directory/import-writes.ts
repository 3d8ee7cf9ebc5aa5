/**
 * The directory's side of the HSDS import (src/hsds/): reads of the current entries to compare with, and writes
 * of only the fields that differ, in the caller's transaction (one per imported record), each with its change
 * history and audit event, as the directory's own mutations write them. Verification and the links an import
 * does not carry are never touched; places (capacity) only when the package counted them later than the directory. The caller drops the cached searches after its transaction.
 */
import type { EntityManager } from 'typeorm';
import { recordAudit } from '../audit/audit-log';
import type { Viewer } from '../auth/roles';
import { hydrate, selectColumns } from '../db/hydrate';
import type { Localized } from '../shared/i18n';
import type { StoredClosure, StoredHours } from './details-types';
import type { DirectoryService } from './directory.service';
import { Service } from './entities';
import type { AgencyType, FacilityType } from './enums';
import { DirectoryChangeAction, DirectorySubject, recordDirectoryChange } from './history';

type Query = Pick<EntityManager, 'query'>;
const IMPORTER = 'hsds-import';
const by = (viewer: Viewer | null) => viewer?.userId ?? IMPORTER;

// ---- agencies ------------------------------------------------------------------------------

export interface ImportAgency {
  names: Localized; descriptions: Localized; acronym: string | null; type: AgencyType; countryCode: string;
  email: string | null; phone: string | null; website: string | null;
}
const AGENCY_COLUMNS: Record<keyof ImportAgency, string> = {
  names: 'names', descriptions: 'descriptions', acronym: 'acronym', type: 'type', countryCode: 'country_code', email: 'email', phone: 'phone', website: 'website',
};

export async function agencyForImport(m: Query, id: string, lock = false): Promise<ImportAgency | null> {
  const [row] = await m.query(`SELECT names, descriptions, acronym, type, country_code, email, phone, website FROM agencies WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
  return row ? { ...row, countryCode: row.country_code } : null;
}

/** Creates the agency with `id`, or sets the `changes` of an existing one. */
export async function writeImportedAgency(m: EntityManager, viewer: Viewer | null, directory: DirectoryService, id: string, changes: Partial<ImportAgency>,
  created: boolean, importId: string): Promise<void> {
  const keys = Object.keys(changes) as (keyof ImportAgency)[];
  const values = keys.map((k) => (typeof changes[k] === 'object' && changes[k] !== null ? JSON.stringify(changes[k]) : changes[k]));
  if (created) {
    await m.query(`INSERT INTO agencies (id, ${keys.map((k) => AGENCY_COLUMNS[k]).join(', ')}, created_by, updated_by)
      VALUES ($1, ${keys.map((_, i) => `$${i + 2}`).join(', ')}, $${keys.length + 2}, $${keys.length + 2})`, [id, ...values, by(viewer)]);
  } else {
    await m.query(`UPDATE agencies SET ${keys.map((k, i) => `${AGENCY_COLUMNS[k]} = $${i + 2}`).join(', ')}, updated_at = now(), updated_by = $${keys.length + 2}
      WHERE id = $1`, [id, ...values, by(viewer)]);
    // the agency's names are part of its services' search text
    if (keys.some((k) => ['names', 'descriptions', 'acronym'].includes(k))) await directory.refreshDerived(m, { agencyId: id });
  }
  await recordDirectoryChange(m, viewer, DirectorySubject.AGENCY, id, created ? DirectoryChangeAction.CREATED : DirectoryChangeAction.UPDATED, keys);
  await recordAudit(m, viewer, created ? 'agency.created' : 'agency.updated', 'agency', id, { source: IMPORTER, importId, fields: keys });
}

// ---- areas and categories ------------------------------------------------------------------

export interface ImportArea { id: string; code: string; level: string; names: Localized; parentId: string | null; countryCode: string }

/** Every area of a country, to place imported locations by the names in their addresses. */
export function areasForImport(m: Query, countryCode: string): Promise<ImportArea[]> {
  return m.query(`SELECT id::text, code, level, names, parent_id::text AS "parentId", country_code AS "countryCode" FROM areas WHERE country_code = $1 ORDER BY path`, [countryCode]);
}

export async function areaForImport(m: Query, id: string): Promise<ImportArea | null> {
  const [row] = await m.query(`SELECT id::text, code, level, names, parent_id::text AS "parentId", country_code AS "countryCode" FROM areas WHERE id = $1`, [id]);
  return row ?? null;
}

/** A country (ISO 3166-1 alpha-2) the directory has no area for yet: its names are the standard ones. */
export async function createCountryAreaForImport(m: EntityManager, viewer: Viewer | null, code: string, names: Localized): Promise<string> {
  const [row] = await m.query(
    `INSERT INTO areas (code, names, level, country_code, path) VALUES ($1::text, $2, 'COUNTRY', $1::text, $1::text) ON CONFLICT (code) DO NOTHING RETURNING id::text`,
    [code, JSON.stringify(names)]);
  const id = row?.id ?? (await m.query(`SELECT id::text FROM areas WHERE code = $1::text`, [code]))[0].id;
  if (row) await recordAudit(m, viewer, 'area.created', 'area', id, { source: IMPORTER });
  return id;
}

/** Which of these area codes the directory has. */
export async function existingAreaCodes(m: Query, codes: string[]): Promise<Set<string>> {
  return new Set((await m.query(`SELECT code FROM areas WHERE code = ANY($1::text[])`, [codes])).map((r: { code: string }) => r.code));
}

/**
 * An area a package names (its mrn-areas taxonomy) and this directory lacks, under its parent (by code), which
 * exists; a country's code is its ISO code. False when it exists already or its parent does not.
 */
export async function createAreaForImport(m: EntityManager, viewer: Viewer | null, area: { code: string; names: Localized; level: string; parentCode: string | null }): Promise<boolean> {
  const rows: { id: string }[] = area.parentCode
    ? await m.query(
      `INSERT INTO areas (code, names, level, parent_id, country_code, path)
       SELECT $1::text, $2, $3, p.id, p.country_code, p.path || '/' || $1::text FROM areas p WHERE p.code = $4
       ON CONFLICT (code) DO NOTHING RETURNING id::text`, [area.code, JSON.stringify(area.names), area.level, area.parentCode])
    : await m.query(
      `INSERT INTO areas (code, names, level, country_code, path) SELECT $1::text, $2, 'COUNTRY', $1::text, $1::text WHERE $1::text ~ '^[A-Z]{2}$'
       ON CONFLICT (code) DO NOTHING RETURNING id::text`, [area.code, JSON.stringify(area.names)]);
  if (!rows.length) return false;
  await recordAudit(m, viewer, 'area.created', 'area', rows[0].id, { source: IMPORTER });
  return true;
}

export function categoriesForImport(m: Query): Promise<{ code: string; retired: boolean; names: Localized }[]> {
  return m.query(`SELECT code, retired_at IS NOT NULL AS retired, names FROM service_categories ORDER BY code`);
}

/** A category the package's own taxonomy (mrn-service-categories) has and this directory lacks; its parent exists. */
export async function createCategoryForImport(m: EntityManager, viewer: Viewer | null, code: string, names: Localized): Promise<boolean> {
  const dot = code.lastIndexOf('.');
  const rows = await m.query(
    `INSERT INTO service_categories (code, names, parent_code) SELECT $1, $2, $3::text
      WHERE $3::text IS NULL OR EXISTS (SELECT 1 FROM service_categories WHERE code = $3::text AND retired_at IS NULL)
     ON CONFLICT (code) DO NOTHING RETURNING code`,
    [code, JSON.stringify(names), dot > 0 ? code.slice(0, dot) : null]);
  if (!rows.length) return false;
  await recordDirectoryChange(m, viewer, DirectorySubject.CATEGORY, code, DirectoryChangeAction.CREATED, ['code', 'names']);
  await recordAudit(m, viewer, 'category.created', 'category', code, { source: IMPORTER });
  return true;
}

// ---- locations -----------------------------------------------------------------------------

export interface ImportLocation {
  agencyId: string; names: Localized; facilityType: FacilityType; areaId: string; locality: string | null; address: string | null;
  latitude: number | null; longitude: number | null; confidential: boolean;
}
const LOCATION_COLUMNS: Record<keyof ImportLocation, string> = {
  agencyId: 'agency_id', names: 'names', facilityType: 'facility_type', areaId: 'area_id', locality: 'locality', address: 'address',
  latitude: 'latitude', longitude: 'longitude', confidential: 'confidential',
};

export async function locationForImport(m: Query, id: string, lock = false): Promise<ImportLocation | null> {
  const [row] = await m.query(
    `SELECT agency_id::text AS "agencyId", names, facility_type AS "facilityType", area_id::text AS "areaId", locality, address, latitude, longitude, confidential
       FROM locations WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
  return row ?? null;
}

export async function writeImportedLocation(m: EntityManager, viewer: Viewer | null, directory: DirectoryService, id: string, changes: Partial<ImportLocation>,
  created: boolean, importId: string): Promise<void> {
  const keys = Object.keys(changes) as (keyof ImportLocation)[];
  const values = keys.map((k) => (k === 'names' ? JSON.stringify(changes[k]) : changes[k]));
  if (created) {
    await m.query(`INSERT INTO locations (id, ${keys.map((k) => LOCATION_COLUMNS[k]).join(', ')}, created_by, updated_by)
      VALUES ($1, ${keys.map((_, i) => `$${i + 2}`).join(', ')}, $${keys.length + 2}, $${keys.length + 2})`, [id, ...values, by(viewer)]);
  } else {
    await m.query(`UPDATE locations SET ${keys.map((k, i) => `${LOCATION_COLUMNS[k]} = $${i + 2}`).join(', ')}, updated_at = now(), updated_by = $${keys.length + 2}
      WHERE id = $1`, [id, ...values, by(viewer)]);
    if (keys.includes('areaId')) {
      const services: { service_id: string }[] = await m.query(`SELECT service_id FROM service_locations WHERE location_id = $1`, [id]);
      await directory.refreshDerived(m, { serviceIds: services.map((s) => s.service_id) });
    }
  }
  await recordDirectoryChange(m, viewer, DirectorySubject.LOCATION, id, created ? DirectoryChangeAction.CREATED : DirectoryChangeAction.UPDATED, keys);
  await recordAudit(m, viewer, created ? 'location.created' : 'location.updated', 'location', id,
    { source: IMPORTER, importId, fields: keys, ...(created ? { confidential: changes.confidential ?? false } : {}) });
}

// ---- services ------------------------------------------------------------------------------

/** The service columns an import sets (entity property names); the rest (verification, derived columns...) stay. */
export const IMPORTED_SERVICE_FIELDS = [
  'names', 'descriptions', 'populations', 'genders', 'languages', 'channels', 'ageMin', 'ageMax', 'status', 'statusReason', 'timezone', 'openingHours',
  'open24Hours', 'intakeContactData', 'howToReferText', 'costFree', 'feeKind', 'costOptions', 'feesTexts', 'eligibilityTexts', 'documentsRequired',
  'acceptsUndocumented', 'eligibleNationalities', 'excludedNationalities', 'requiredDocumentsData', 'accessibilityFeatures', 'accessibilityTexts',
  'interpretationLanguages', 'interpretationByPhone', 'interpretationInPerson', 'interpretationTexts', 'standardCodes', 'contactsData', 'closuresData',
  'outreachData', 'referralFields', 'capacityAvailable', 'capacityTotal', 'capacityUpdatedAt',
] as const;
export type ImportedServiceField = typeof IMPORTED_SERVICE_FIELDS[number];
export type ImportServiceFields = Pick<Service, ImportedServiceField>;

/** A site as the import sets it (null: the service's); capacityUpdatedAt as an ISO instant. */
export interface ImportSite {
  locationId: string; openingHours: StoredHours[] | null; open24Hours: boolean | null; timezone: string | null; closures: StoredClosure[]; notes: Localized;
  capacityAvailable: number | null; capacityTotal: number | null; capacityUpdatedAt: string | null;
}

export interface ImportService {
  agencyId: string;
  fields: ImportServiceFields;
  categoryCodes: string[];
  coverageAreaIds: string[];
  sites: ImportSite[];
}

export async function serviceForImport(m: EntityManager, id: string, lock = false): Promise<ImportService | null> {
  const [row] = await m.query(`SELECT ${selectColumns(m.dataSource, Service, 's')} FROM services s WHERE s.id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
  if (!row) return null;
  const service = hydrate(m.dataSource, Service, row);
  const [links] = await m.query(
    `SELECT ARRAY(SELECT category_code FROM service_category_links WHERE service_id = $1 ORDER BY category_code) AS categories,
            ARRAY(SELECT area_id::text FROM service_areas WHERE service_id = $1 ORDER BY area_id) AS areas,
            coalesce((SELECT json_agg(json_build_object('locationId', location_id::text, 'openingHours', opening_hours, 'open24Hours', open_24_hours, 'timezone', timezone,
                 'closures', closures, 'notes', notes, 'capacityAvailable', capacity_available, 'capacityTotal', capacity_total, 'capacityUpdatedAt', capacity_updated_at) ORDER BY location_id)
               FROM service_locations WHERE service_id = $1), '[]') AS sites`, [id]);
  const fields = Object.fromEntries(IMPORTED_SERVICE_FIELDS.map((k) => [k, service[k]])) as ImportServiceFields;
  const sites: ImportSite[] = (typeof links.sites === 'string' ? JSON.parse(links.sites) : links.sites)
    .map((x: ImportSite) => ({ ...x, capacityUpdatedAt: x.capacityUpdatedAt ? new Date(x.capacityUpdatedAt).toISOString() : null }));
  return { agencyId: service.agencyId, fields, categoryCodes: links.categories, coverageAreaIds: links.areas, sites };
}

/** The agency and confidentiality of the locations among `ids` (lower-case ids). */
export function locationOwners(m: Query, ids: string[]): Promise<{ id: string; agencyId: string; confidential: boolean }[]> {
  return m.query(`SELECT id::text, agency_id::text AS "agencyId", confidential FROM locations WHERE id = ANY($1::uuid[])`, [ids]);
}

export async function agencyExists(m: Query, id: string): Promise<boolean> {
  return (await m.query(`SELECT 1 FROM agencies WHERE id = $1`, [id])).length > 0;
}

export async function serviceExists(m: Query, id: string): Promise<boolean> {
  return (await m.query(`SELECT 1 FROM services WHERE id = $1`, [id])).length > 0;
}

export async function locationExists(m: Query, id: string): Promise<boolean> {
  return (await m.query(`SELECT 1 FROM locations WHERE id = $1`, [id])).length > 0;
}

/**
 * Creates the service with `id`, or sets what differs: `changes` (columns), and the category links, coverage
 * areas and sites when given (each replaces the stored set; a site kept keeps its capacity).
 */
export async function writeImportedService(m: EntityManager, viewer: Viewer | null, directory: DirectoryService, id: string,
  write: { agencyId?: string; changes: Partial<ImportServiceFields>; categoryCodes?: string[]; coverageAreaIds?: string[]; sites?: ImportSite[] },
  created: boolean, importId: string): Promise<void> {
  const stamp = { updatedBy: by(viewer), updatedAt: new Date() };
  if (created) {
    await m.insert(Service, { ...write.changes, id, agencyId: write.agencyId, createdBy: by(viewer), ...stamp } as any);
  } else if (Object.keys(write.changes).length) {
    await m.update(Service, { id }, { ...write.changes, ...stamp } as any);
  } else {
    await m.update(Service, { id }, stamp);
  }
  if (write.categoryCodes) {
    await m.query(`DELETE FROM service_category_links WHERE service_id = $1 AND category_code <> ALL($2::text[])`, [id, write.categoryCodes]);
    await m.query(`INSERT INTO service_category_links (service_id, category_code) SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, [id, write.categoryCodes]);
  }
  if (write.coverageAreaIds) {
    await m.query(`DELETE FROM service_areas WHERE service_id = $1 AND area_id <> ALL($2::uuid[])`, [id, write.coverageAreaIds]);
    await m.query(`INSERT INTO service_areas (service_id, area_id) SELECT $1, unnest($2::uuid[]) ON CONFLICT DO NOTHING`, [id, write.coverageAreaIds]);
  }
  if (write.sites) {
    await m.query(`DELETE FROM service_locations WHERE service_id = $1 AND location_id <> ALL($2::uuid[])`, [id, write.sites.map((s) => s.locationId)]);
    if (write.sites.length) {
      await m.query(
        `INSERT INTO service_locations (service_id, location_id, opening_hours, open_24_hours, timezone, closures, notes, capacity_available, capacity_total, capacity_updated_at)
         SELECT $1, x."locationId", x."openingHours", x."open24Hours", x.timezone, coalesce(x.closures, '[]'), coalesce(x.notes, '{}'),
                x."capacityAvailable", x."capacityTotal", x."capacityUpdatedAt"
           FROM jsonb_to_recordset($2::jsonb) AS x("locationId" uuid, "openingHours" jsonb, "open24Hours" boolean, timezone text, closures jsonb, notes jsonb,
                "capacityAvailable" int, "capacityTotal" int, "capacityUpdatedAt" timestamptz)
         ON CONFLICT (service_id, location_id) DO UPDATE SET opening_hours = EXCLUDED.opening_hours, open_24_hours = EXCLUDED.open_24_hours,
           timezone = EXCLUDED.timezone, closures = EXCLUDED.closures, notes = EXCLUDED.notes, capacity_available = EXCLUDED.capacity_available,
           capacity_total = EXCLUDED.capacity_total, capacity_updated_at = EXCLUDED.capacity_updated_at`,
        [id, JSON.stringify(write.sites)]);
    }
  }
  await directory.refreshDerived(m, { serviceIds: [id] });
  const fields = [...Object.keys(write.changes), ...(['categoryCodes', 'coverageAreaIds', 'sites'] as const).filter((k) => write[k])];
  await recordDirectoryChange(m, viewer, DirectorySubject.SERVICE, id, created ? DirectoryChangeAction.CREATED : DirectoryChangeAction.UPDATED, fields);
  await recordAudit(m, viewer, created ? 'service.created' : 'service.updated', 'service', id,
    { source: IMPORTER, importId, fields, ...(created ? { agencyId: write.agencyId } : {}) });
}

/** The area with this code (as an export's AREA_CODE names it), or null. */
export async function areaIdByCode(m: Query, code: string): Promise<string | null> {
  const [row] = await m.query(`SELECT id::text FROM areas WHERE code = $1`, [code]);
  return row?.id ?? null;
}

/** The one area whose code or a name is `wanted` (lower case), or null when none or several are. */
export async function findAreaForImport(m: Query, wanted: string): Promise<string | null> {
  const rows: { id: string }[] = await m.query(
    `SELECT a.id::text FROM areas a WHERE lower(a.code) = $1 OR EXISTS (SELECT 1 FROM jsonb_each_text(a.names) n WHERE lower(n.value) = $1) LIMIT 2`, [wanted]);
  return rows.length === 1 ? rows[0].id : null;
}
