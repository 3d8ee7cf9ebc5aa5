import type { DataSource } from 'typeorm';
import type { Viewer } from '../auth/roles';
import { hydrate, selectColumns } from '../db/hydrate';
import { badInput, badInputs } from '../shared/errors';
import { decodeCursor, toPage, type Page } from '../shared/pagination';
import { confidentialHiddenSql, publicDistance } from '../policy/confidential-locations';
import { Service } from './entities';
import { ServiceOrder, ServiceStatus } from './enums';
import type { ServiceFilter } from './inputs';

export interface ServiceHit {
  service: Service;
  distanceKm: number | null;
  distanceApproximate: boolean;
}

const KM_PER_DEGREE = 111.32;
const MAX_TEXT_WORDS = 8;

/** Words of a free-text query: letters and digits only, so they are safe inside a tsquery. */
export function searchWords(text: string): string[] {
  return (text.normalize('NFC').toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= 2).slice(0, MAX_TEXT_WORDS);
}

/** Great-circle distance in km between a point expression and the search centre (haversine). */
function haversineSql(point: string, lat: string, lon: string): string {
  return `(12742 * asin(sqrt(
    power(sin(radians((${point})[1] - ${lat}) / 2), 2) +
    cos(radians(${lat})) * cos(radians((${point})[1])) * power(sin(radians((${point})[0] - ${lon}) / 2), 2))))`;
}

/** Bounding boxes (as SQL) around the centre, split in two where they cross the antimeridian. */
function boundingBoxes(lat: number, lon: number, radiusKm: number): [number, number, number, number][] {
  const dLat = radiusKm / KM_PER_DEGREE;
  const minLat = Math.max(-90, lat - dLat);
  const maxLat = Math.min(90, lat + dLat);
  const cos = Math.cos((Math.max(Math.abs(minLat), Math.abs(maxLat)) * Math.PI) / 180);
  const dLon = cos < 1e-6 ? 180 : radiusKm / (KM_PER_DEGREE * cos);
  if (dLon >= 180) return [[-180, minLat, 180, maxLat]];
  const minLon = lon - dLon;
  const maxLon = lon + dLon;
  if (minLon < -180) return [[minLon + 360, minLat, 180, maxLat], [-180, minLat, maxLon, maxLat]];
  if (maxLon > 180) return [[minLon, minLat, 180, maxLat], [-180, minLat, maxLon - 360, maxLat]];
  return [[minLon, minLat, maxLon, maxLat]];
}

export interface SearchOptions {
  filter: ServiceFilter;
  first: number;
  after?: string | null;
  orderBy?: ServiceOrder | null;
  lang: string;
  staleAfterDays: number;
}

/**
 * The directory search: one statement for the page (and one more for totalCount, only when asked).
 * Every filter is answered by an index (see the Directory migration); openAt is checked per row.
 */
export async function searchServices(db: DataSource, viewer: Viewer, options: SearchOptions): Promise<Page<ServiceHit>> {
  const { filter, first, lang } = options;
  const offset = decodeCursor(options.after);
  const orderBy = options.orderBy ?? (filter.near ? ServiceOrder.DISTANCE : ServiceOrder.RELEVANCE);
  if (orderBy === ServiceOrder.DISTANCE && !filter.near) throw badInput('orderBy', 'DISTANCE needs filter.near (a point and a radius)');

  await checkFilterReferences(db, filter);

  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [`s.status = ANY(${p(filter.status ?? [ServiceStatus.ACTIVE])}::text[])`];
  let rank = '';

  if (filter.text !== undefined && filter.text !== null) {
    const words = searchWords(filter.text);
    if (words.length === 0) throw badInput('filter.text', 'give at least one word of two letters or more');
    const scores: string[] = [];
    for (const word of words) {
      const w = p(word);
      const q = p(`'${word}':*`);
      where.push(`(s.search_tsv @@ to_tsquery('simple', ${q}) OR ${w} <% s.search_document)`);
      scores.push(`word_similarity(${w}, s.search_document)`);
    }
    rank = scores.join(' + ');
  }
  if (filter.categories?.length) where.push(`s.category_codes && ${p(filter.categories)}::text[]`);
  if (filter.agencyIds?.length) where.push(`s.agency_id = ANY(${p(filter.agencyIds)}::uuid[])`);
  if (filter.agencyTypes?.length) where.push(`s.agency_id IN (SELECT id FROM agencies WHERE type = ANY(${p(filter.agencyTypes)}::text[]))`);
  if (filter.countryCode) where.push(`s.area_closure @> ARRAY[${p(filter.countryCode)}::text]`);
  if (filter.areaIds?.length) {
    const ids = p(filter.areaIds);
    // delivered in or covering something inside the area, or covering an area that contains it (a national hotline)
    where.push(`(s.area_closure && ARRAY(SELECT code FROM areas WHERE id = ANY(${ids}::uuid[]))
      OR s.coverage_codes && ARRAY(SELECT x FROM areas a, unnest(string_to_array(a.path, '/')) x WHERE a.id = ANY(${ids}::uuid[])))`);
  }
  if (filter.population) where.push(`s.populations && ARRAY[${p(filter.population)}::text, 'ALL']`);
  if (filter.age !== undefined && filter.age !== null) {
    const age = p(filter.age);
    where.push(`(s.age_min IS NULL OR s.age_min <= ${age}::int) AND (s.age_max IS NULL OR s.age_max >= ${age}::int)`);
  }
  if (filter.gender) where.push(`s.genders && ARRAY[${p(filter.gender)}::text, 'ALL']`);
  if (filter.language) where.push(`s.languages @> ARRAY[${p(filter.language)}::text]`);
  if (filter.channel) where.push(`s.channels @> ARRAY[${p(filter.channel)}::text]`);
  if (filter.hasCapacity === true) where.push(`(s.capacity_available IS NULL OR s.capacity_available > 0)`);
  if (filter.hasCapacity === false) where.push(`s.capacity_available = 0`);
  if (filter.verifiedWithinDays) where.push(`s.last_verified_at >= now() - make_interval(days => ${p(filter.verifiedWithinDays)}::int)`);
  if (filter.openAt) {
    const local = `(${p(filter.openAt.toISOString())}::timestamptz AT TIME ZONE s.timezone)`;
    where.push(`(s.open_24_hours OR EXISTS (SELECT 1 FROM jsonb_array_elements(s.opening_hours) h
      WHERE h->>'day' = to_char(${local}, 'FMDAY')
        AND to_char(${local}, 'HH24:MI') >= h->>'opens' AND to_char(${local}, 'HH24:MI') < h->>'closes'))`);
  }

  let distanceJoin = '';
  let distanceSelect = 'NULL::double precision AS distance_km, false AS distance_approximate';
  if (filter.near) {
    const { latitude, longitude, radiusKm } = filter.near;
    const viewerAgency = p(viewer.agencyId);
    const lat = p(latitude);
    const lon = p(longitude);
    const boxes = boundingBoxes(latitude, longitude, radiusKm)
      .map(([x1, y1, x2, y2]) => `box(point(${p(x1)}::float8, ${p(y1)}::float8), point(${p(x2)}::float8, ${p(y2)}::float8))`);
    where.push(`s.id IN (SELECT sl.service_id FROM service_locations sl JOIN locations l ON l.id = sl.location_id
      WHERE ${boxes.map((b) => `l.geo <@ ${b} OR l.geo_public <@ ${b}`).join(' OR ')})`);
    // nearest location of each service, from the position this viewer may know
    distanceJoin = `JOIN LATERAL (
      SELECT ${haversineSql('CASE WHEN v.hidden THEN v.geo_public ELSE v.geo END', lat, lon)} AS km, v.hidden
      FROM (SELECT l.geo, l.geo_public, ${confidentialHiddenSql('l', viewerAgency)} AS hidden
            FROM service_locations sl JOIN locations l ON l.id = sl.location_id
            WHERE sl.service_id = s.id AND l.geo IS NOT NULL) v
      ORDER BY km LIMIT 1) d ON d.km <= ${p(radiusKm)}::float8`;
    distanceSelect = `CASE WHEN d.hidden THEN round(d.km::numeric)::float8 ELSE d.km END AS distance_km, d.hidden AS distance_approximate`;
  }

  // the count needs only the filter's parameters, which are all numbered before the ordering's
  const countParams = [...params];
  // parameters are added only for the order used: PostgreSQL refuses parameters a statement does not use
  const name = () => `lower(coalesce(s.names->>${p(lang)}, s.names->>'en', ''))`;
  const stale = () => `(s.last_verified_at IS NULL OR s.last_verified_at < now() - make_interval(days => ${p(options.staleAfterDays)}::int))`;
  const order =
    orderBy === ServiceOrder.RELEVANCE ? `${stale()} ASC, ${rank ? `(${rank}) DESC, ` : ''}${name()} ASC, s.id ASC`
    : orderBy === ServiceOrder.DISTANCE ? `distance_km ASC, s.id ASC`
    : orderBy === ServiceOrder.NAME ? `${name()} ASC, s.id ASC`
    : `s.last_verified_at DESC NULLS LAST, s.id ASC`;

  const from = `FROM services s ${distanceJoin} WHERE ${where.join(' AND ')}`;
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT ${selectColumns(db, Service, 's')}, ${distanceSelect} ${from} ORDER BY ${order} LIMIT ${p(first + 1)} OFFSET ${p(offset)}`,
    params,
  );
  const count = async () => Number((await db.query(`SELECT count(*)::int AS n ${from}`, countParams))[0].n);
  return toPage(rows, offset, first, count, (row) => {
    const approximate = row.distance_approximate === true;
    return {
      service: hydrate(db, Service, row),
      distanceKm: publicDistance(row.distance_km as number | null, approximate),
      distanceApproximate: approximate,
    };
  });
}

/** Unknown category codes, agencies or areas in a filter are the user's mistake, not an empty result. */
async function checkFilterReferences(db: DataSource, filter: ServiceFilter): Promise<void> {
  const categories = filter.categories ?? [];
  const agencies = filter.agencyIds ?? [];
  const areas = filter.areaIds ?? [];
  if (!categories.length && !agencies.length && !areas.length) return;
  const [found] = await db.query(
    `SELECT ARRAY(SELECT code FROM service_categories WHERE code = ANY($1::text[])) AS categories,
            ARRAY(SELECT id::text FROM agencies WHERE id = ANY($2::uuid[])) AS agencies,
            ARRAY(SELECT id::text FROM areas WHERE id = ANY($3::uuid[])) AS areas`,
    [categories, agencies, areas],
  );
  const problems: { field: string; problem: string }[] = [];
  const missing = (given: string[], known: string[]) => given.filter((g) => !known.includes(g.toLowerCase()) && !known.includes(g));
  for (const c of missing(categories, found.categories)) problems.push({ field: 'filter.categories', problem: `unknown category "${c}" (see serviceCategories)` });
  for (const a of missing(agencies, found.agencies)) problems.push({ field: 'filter.agencyIds', problem: `unknown agency ${a}` });
  for (const a of missing(areas, found.areas)) problems.push({ field: 'filter.areaIds', problem: `unknown area ${a}` });
  if (problems.length) throw badInputs(problems);
}
