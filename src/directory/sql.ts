/**
 * What other modules may read of the directory's tables (agencies, areas, locations, services and their
 * links, service_categories, partnerships). Each builder returns SQL to compose into a statement of the
 * caller, so that the caller keeps its single statement; the tables are named only here and in this folder.
 */
import type { EntityManager } from 'typeorm';

type Query = Pick<EntityManager, 'query'>;

// ---- FROM/JOIN sources, for aggregating statements (statistics datasets, coverage) --------------

/** The services table under `alias`. */
export const servicesFrom = (alias: string) => `services ${alias}`;
/** The areas table under `alias`. */
export const areasFrom = (alias: string) => `areas ${alias}`;
/** The agencies table under `alias`. */
export const agenciesFrom = (alias: string) => `agencies ${alias}`;

// ---- conditions and values -------------------------------------------------------------------

/** SQL: the ids (text) among the uuids in `param` that are agencies. */
export const existingAgencyIdsSql = (param: string) => `ARRAY(SELECT id::text FROM agencies WHERE id = ANY(${param}::uuid[]))`;
/** SQL: the codes among `param` (text[]) that are service categories. */
export const existingCategoryCodesSql = (param: string) => `ARRAY(SELECT code FROM service_categories WHERE code = ANY(${param}::text[]))`;
/** SQL: the codes in `param` (a text[]) of retired categories (they stay where they are but are not added anywhere new). */
export const retiredCategoryCodesSql = (param: string) => `ARRAY(SELECT code FROM service_categories WHERE code = ANY(${param}::text[]) AND retired_at IS NOT NULL)`;
/** SQL: the ids (text) among the uuids in `param` that are areas. */
export const existingAreaIdsSql = (param: string) => `ARRAY(SELECT id::text FROM areas WHERE id = ANY(${param}::uuid[]))`;

/** The ids (lower-case text) among `ids` that are areas. One statement. */
export function existingAreaIds(m: Query, ids: string[]): Promise<{ id: string }[]> {
  return m.query(`SELECT id::text FROM areas WHERE id = ANY($1::uuid[])`, [ids]);
}

/** The ids (lower-case text) among `ids` that are agencies. One statement. */
export function existingAgencyIds(m: Query, ids: string[]): Promise<{ id: string }[]> {
  return m.query(`SELECT id::text FROM agencies WHERE id = ANY($1::uuid[])`, [ids]);
}

/** SQL: agencies that run services (column `id`). */
export const serviceHoldersSql = `SELECT DISTINCT agency_id AS id FROM services`;

/** SQL: the standing of the agency in `param` as JSON (active, grantableRoles), null when there is none. */
export const agencyStandingSql = (param: string) =>
  `(SELECT json_build_object('active', a.active, 'grantableRoles', a.grantable_roles) FROM agencies a WHERE a.id = ${param}::uuid)`;

/** SQL: ids of the services in the category in `param`. */
export const servicesInCategorySql = (param: string) => `SELECT id FROM services WHERE category_codes @> ARRAY[${param}::text]`;

/** SQL: the service in `param` as a row source with what a referral to it needs (service_id, agency_id, status, referral_fields, category_codes). */
export const referralTargetServiceSql = (param: string) =>
  `(SELECT id AS service_id, agency_id, status, referral_fields, category_codes FROM services WHERE id = ${param})`;

/** SQL: the services whose ids are in `param` (uuid[]), with what MoU coverage needs (id, agency_id, category_codes, area_closure, coverage_codes). */
export const servicesScopeSql = (param: string) =>
  `(SELECT id, agency_id, category_codes, area_closure, coverage_codes FROM services WHERE id = ANY(${param}))`;

/** SQL: one of the areas in `areaIds` (uuid[] expression) is in the closure or the coverage (text[] expressions) of a service. */
export const anyAreaOfServiceSql = (areaIds: string, closure: string, coverage: string) =>
  `EXISTS (SELECT 1 FROM areas a WHERE a.id = ANY(${areaIds}) AND (a.code = ANY(${closure}) OR a.code = ANY(${coverage})))`;

/** SQL: an area in `areaIds` (uuid[] expression) and the area in `areaParam` lie one within the other. */
export const areasNestSql = (areaParam: string, areaIds: string) =>
  `EXISTS (SELECT 1 FROM areas fa, areas ma WHERE fa.id = ${areaParam}::uuid AND ma.id = ANY(${areaIds})
        AND (ma.path = fa.path OR ma.path LIKE fa.path || '/%' OR fa.path LIKE ma.path || '/%'))`;

/** SQL: the code of the area in `param` (uuid). */
export const areaCodeSql = (param: string) => `(SELECT code FROM areas WHERE id = ${param}::uuid)`;

/** SQL: for the areas in `param` (uuid[]), their country codes when `countries`, else their own codes. */
export const areaCodesSql = (countries: boolean, param: string) =>
  `ARRAY(SELECT CASE WHEN ${countries} THEN country_code::text ELSE code END FROM areas WHERE id = ANY(${param}::uuid[]))`;

/**
 * SQL: the first top-level category of the service under `alias`. Read from its category_codes (its
 * categories with their ancestors, written with its category links in the same transaction by
 * refreshDerived): the first segment of each is the top of one of its categories, so the least is the one
 * service_category_links gives, without an index lookup per service.
 */
export const serviceTopCategorySql = (alias: string) =>
  `(SELECT min(split_part(c, '.', 1)) FROM unnest(${alias}.category_codes) c)`;

/**
 * SQL: for a LATERAL join on the service under `alias`, one row with its top_category (serviceTopCategorySql),
 * country and region (the first code, in code order, of the areas of that level in its area closure; null
 * when none). A lateral row is read once per service, where a subquery in the select list of a statement
 * joining many rows (referrals, feedback) to each service ran once per row; both levels share one lookup.
 * It reads only the service's arrays, so PostgreSQL computes it once per distinct pair (Memoize).
 */
export const serviceDimensionsLateralSql = (alias: string) =>
  `(SELECT ${serviceTopCategorySql(alias)} AS top_category,
      min(a.code) FILTER (WHERE a.level = 'COUNTRY') AS country, min(a.code) FILTER (WHERE a.level = 'REGION') AS region
     FROM areas a WHERE a.code = ANY(${alias}.area_closure))`;

/** SQL: the paths of the areas in `areaIds` (uuid[] expression). */
export const areaPathsSql = (areaIds: string) => `ARRAY(SELECT a.path FROM areas a WHERE a.id = ANY(${areaIds}))`;

/** SQL: an area in `areaIds` (uuid[] expression) and the area with path `pathParam` lie one within the other. */
export const areaNestsWithPathSql = (areaIds: string, pathParam: string) =>
  `EXISTS (SELECT 1 FROM areas a WHERE a.id = ANY(${areaIds}) AND (a.path = ${pathParam} OR a.path LIKE ${pathParam} || '/%' OR ${pathParam} LIKE a.path || '/%'))`;

/** SQL: the agency `agency` runs a service whose area closure holds the code in `codeParam`. */
export const agencyServesAreaSql = (agency: string, codeParam: string) =>
  `EXISTS (SELECT 1 FROM services sa WHERE sa.agency_id = ${agency} AND sa.area_closure @> ARRAY[${codeParam}::text])`;

/** SQL: the provider agency has an active partnership with the partner agency (expressions). */
export const activePartnershipSql = (provider: string, partner: string) =>
  `EXISTS (
    SELECT 1 FROM partnerships p WHERE p.provider_agency_id = ${provider}
      AND p.partner_agency_id = ${partner} AND p.ended_at IS NULL)`;

/** SQL: the path of the nearest area above the area `area` (alias) whose level is not in `levels` (a text[] literal). */
export const nearestAreaAboveSql = (area: string, levels: string) =>
  `(SELECT up.path FROM areas up WHERE ${area}.path LIKE up.path || '/%' AND up.level <> ALL(${levels})
          ORDER BY length(up.path) DESC LIMIT 1)`;

/** Code and path of an area; undefined when there is none. One statement. */
export async function areaCodeAndPath(m: Query, id: string): Promise<{ code: string; path: string } | undefined> {
  return (await m.query(`SELECT code, path FROM areas WHERE id = $1`, [id]))[0];
}

/** The names (in every language) of the agencies and services among `agencyIds` and `serviceIds`, by id. One statement. */
export async function directoryNames(m: Query, agencyIds: string[], serviceIds: string[]): Promise<Map<string, Record<string, string>>> {
  const rows: { id: string; names: Record<string, string> }[] = await m.query(
    `SELECT id::text, names FROM agencies WHERE id = ANY($1::uuid[]) UNION ALL SELECT id::text, names FROM services WHERE id = ANY($2::uuid[])`,
    [agencyIds, serviceIds],
  );
  return new Map(rows.map((r) => [r.id, r.names]));
}
