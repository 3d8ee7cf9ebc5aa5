import DataLoader from 'dataloader';
import { In, type DataSource, type EntityTarget, type ObjectLiteral } from 'typeorm';
import type { Viewer } from '../auth/roles';
import { hydrate, selectColumns } from '../db/hydrate';
import { isUuid } from '../shared/ids';
import { groupByOwner as groupBy } from '../shared/sql';
import { HIDDEN_COLUMN } from '../policy/confidential-locations';
import { confidentialHiddenSql } from './confidential-sql';
import { hydrateLocation } from './directory.service';
import { siteFromRow, type SiteRow } from './details-types';
import { Agency, Area, Location, Service, ServiceCategory } from './entities';
import { createHistoryLoader } from './history';
import { createIssueLoaders } from './issues';
import type { ReferenceData, SharedCopy } from './reference-data';

function byKey<T, K>(items: T[], keys: readonly K[], keyOf: (item: T) => K): (T | null)[] {
  const map = new Map(items.map((i) => [keyOf(i), i]));
  return keys.map((k) => map.get(k) ?? null);
}

/**
 * A batch read from the shared copy (reference-data.ts) when there is one; the keys it lacks (a row added since
 * it was loaded, or no such row) and every key when it cannot be loaded, from `fromSql` as without a copy.
 */
function fromCopy<T, K, V>(copy: SharedCopy<T> | undefined, lookup: (copy: T, key: K) => V | undefined, fromSql: (keys: readonly K[]) => Promise<V[]>) {
  return async (keys: readonly K[]): Promise<V[]> => {
    const held = copy ? await copy.get().catch(() => null) : null;
    if (!held) return fromSql(keys);
    const found = keys.map((k) => lookup(held, k));
    const missing = keys.filter((_k, i) => found[i] === undefined);
    if (!missing.length) return found as V[];
    const fetched = await fromSql(missing);
    let next = 0;
    return found.map((v) => (v === undefined ? fetched[next++] : v));
  };
}

/** Loads by uuid primary key in one statement (none when `copy` holds them all); ids that are not uuids are simply not found. */
function byIdLoader<T extends ObjectLiteral & { id: string }>(db: DataSource, target: EntityTarget<T>, copy?: SharedCopy<Map<string, T>>) {
  return new DataLoader<string, T | null>(fromCopy(copy, (held, id) => held.get(id), async (ids) => {
    const valid = ids.filter(isUuid);
    const found = valid.length ? await db.getRepository(target).findBy({ id: In(valid) } as any) : [];
    return byKey(found, ids, (e) => e.id);
  }));
}

/**
 * Areas by id, each with its ancestors in the same statement (primed into the loader): a hidden
 * confidential location shows an area above its locality, and finding it costs no further statement.
 */
function areaLoader(db: DataSource, copy?: SharedCopy<Map<string, Area>>) {
  const loader: DataLoader<string, Area | null> = new DataLoader(fromCopy(copy, (held, id) => held.get(id), async (ids) => {
    const valid = ids.filter(isUuid);
    const rows: Record<string, unknown>[] = valid.length ? await db.query(
      // the ancestors by their paths (prefixes of each path), found by the path's index: matching every area's
      // path against the asked ones took 10 ms at 2,600 areas, on every search page
      `SELECT ${selectColumns(db, Area, 'x')} FROM areas x
        WHERE x.id = ANY($1::uuid[]) OR x.path = ANY(ARRAY(
          SELECT array_to_string((string_to_array(a.path, '/'))[1:n], '/')
            FROM areas a, generate_series(1, cardinality(string_to_array(a.path, '/')) - 1) n WHERE a.id = ANY($1::uuid[])))`, [valid]) : [];
    const areas = rows.map((r) => hydrate(db, Area, r));
    for (const a of areas) if (!ids.includes(a.id)) loader.prime(a.id, a);
    return byKey(areas, ids, (a) => a.id);
  }));
  return loader;
}

/**
 * Per-request loaders of the directory: every relation a page needs costs one statement, whatever the page size,
 * and none for agencies, areas and categories while `reference` holds its copy of them.
 */
export function createDirectoryLoaders(db: DataSource, viewer: Viewer | null, reference?: ReferenceData | null) {
  const viewerAgency = viewer?.agencyId ?? '00000000-0000-0000-0000-000000000000';
  const locationColumns = () => selectColumns(db, Location, 'l');
  // `sql` selects owner_id plus the target's columns (alias x) for the owners in $1; map, when given, also gets $2 = viewer's agency
  const many = <T>(sql: (cols: string) => string, target: EntityTarget<ObjectLiteral>, map?: (row: any) => T) =>
    new DataLoader<string, T[]>(async (ids) => {
      const valid = ids.filter(isUuid);
      if (!valid.length) return ids.map(() => []);
      const rows: any[] = await db.query(sql(selectColumns(db, target, 'x')), map ? [valid, viewerAgency] : [valid]);
      return groupBy(rows.map((r) => ({ owner: r.owner_id, item: map ? map(r) : (hydrate(db, target, r) as T) })), ids);
    });

  const categoriesOfService = many<ServiceCategory>(
    (cols) => `SELECT l.service_id AS owner_id, ${cols} FROM service_category_links l JOIN service_categories x ON x.code = l.category_code
               WHERE l.service_id = ANY($1::uuid[]) ORDER BY x.sort_order, x.code`,
    ServiceCategory,
  );
  const category = new DataLoader<string, ServiceCategory | null>(fromCopy(reference?.categories, (held, code) => held.byCode.get(code), async (codes) =>
    byKey(await db.getRepository(ServiceCategory).findBy({ code: In([...codes]) }), codes, (c) => c.code)));

  return {
    ...createIssueLoaders(db),
    serviceHistory: createHistoryLoader(db, viewer),
    agency: byIdLoader(db, Agency, reference?.agencies),
    area: areaLoader(db, reference?.areas),
    service: byIdLoader(db, Service),
    category,
    categoryChildren: new DataLoader<string, ServiceCategory[]>(fromCopy(reference?.categories, (held, code) => held.children.get(code), async (codes) => {
      const rows = await db.getRepository(ServiceCategory).find({ where: { parentCode: In([...codes]) }, order: { sortOrder: 'ASC', code: 'ASC' } });
      return groupBy(rows.map((c) => ({ owner: c.parentCode!, item: c })), codes);
    })),
    /**
     * The categories of a service whose codes were read with it (a search page: search.ts), as categoriesOfService
     * lists them: from the shared copy without a statement, else (no copy, or a code it lacks) as categoriesOfService.
     */
    categoriesWithCodes: async (serviceId: string, codes: string[]): Promise<ServiceCategory[]> => {
      const held = reference ? await reference.categories.get().catch(() => null) : null;
      const found = held ? codes.map((code) => held.byCode.get(code)) : [];
      if (!held || found.some((c) => !c)) return categoriesOfService.load(serviceId);
      // PostgreSQL's ORDER BY sort_order, code (its collation), as the copy recorded it
      return (found as ServiceCategory[]).sort((a, b) => held.rank.get(a.code)! - held.rank.get(b.code)!);
    },
    location: new DataLoader<string, Location | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows = valid.length
        ? await db.query(`SELECT ${locationColumns()}, ${confidentialHiddenSql('l', '$2')} AS ${HIDDEN_COLUMN} FROM locations l WHERE l.id = ANY($1::uuid[])`, [valid, viewerAgency])
        : [];
      return byKey(rows.map((r: any) => hydrateLocation(db, r)), ids, (l: Location) => l.id);
    }),
    categoriesOfService,
    locationsOfService: many<Location>(
      (cols) => `SELECT sl.service_id AS owner_id, ${cols}, ${confidentialHiddenSql('x', '$2')} AS ${HIDDEN_COLUMN}
                 FROM service_locations sl JOIN locations x ON x.id = sl.location_id WHERE sl.service_id = ANY($1::uuid[]) ORDER BY x.created_at, x.id`,
      Location,
      (row) => hydrateLocation(db, row),
    ),
    /** The sites of services (HSDS service_at_location): each location, hidden or not for the viewer, with the site's own values. */
    sitesOfService: many<SiteRow>(
      (cols) => `SELECT sl.service_id AS owner_id, ${cols}, ${confidentialHiddenSql('x', '$2')} AS ${HIDDEN_COLUMN},
                   sl.opening_hours AS site_opening_hours, sl.open_24_hours AS site_open_24_hours, sl.timezone AS site_timezone,
                   sl.capacity_available AS site_capacity_available, sl.capacity_total AS site_capacity_total,
                   sl.capacity_updated_at AS site_capacity_updated_at, sl.closures AS site_closures, sl.notes AS site_notes
                 FROM service_locations sl JOIN locations x ON x.id = sl.location_id WHERE sl.service_id = ANY($1::uuid[]) ORDER BY x.created_at, x.id`,
      Location,
      (row): SiteRow => siteFromRow(hydrateLocation(db, row), row),
    ),
    coverageAreasOfService: many<Area>(
      (cols) => `SELECT sa.service_id AS owner_id, ${cols} FROM service_areas sa JOIN areas x ON x.id = sa.area_id
                 WHERE sa.service_id = ANY($1::uuid[]) ORDER BY x.path`,
      Area,
    ),
    /** The two agencies of a partnership (null when there is no such partnership), for the ownership rules of src/permissions.ts. */
    partnershipAgencies: new DataLoader<string, { providerAgencyId: string; partnerAgencyId: string } | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows: { id: string; provider_agency_id: string; partner_agency_id: string }[] = valid.length
        ? await db.query(`SELECT id, provider_agency_id, partner_agency_id FROM partnerships WHERE id = ANY($1::uuid[])`, [valid])
        : [];
      return byKey(rows.map((r) => ({ id: r.id, providerAgencyId: r.provider_agency_id, partnerAgencyId: r.partner_agency_id })), ids.map((id) => id.toLowerCase()), (r) => r.id)
        .map((r) => (r ? { providerAgencyId: r.providerAgencyId, partnerAgencyId: r.partnerAgencyId } : null));
    }),
  };
}

export type DirectoryLoaders = ReturnType<typeof createDirectoryLoaders>;
