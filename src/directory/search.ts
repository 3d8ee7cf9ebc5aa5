import type { DataSource } from 'typeorm';
import type { Viewer } from '../auth/roles';
import { listColumns } from '../db/hydrate';
import { badInput, badInputs, problem, type Problem } from '../shared/errors';
import { decodeCursor, toPage, type Page } from '../shared/pagination';
import { publicDistance } from '../policy/confidential-locations';
import { confidentialHiddenSql } from './confidential-sql';
import { Service } from './entities';
import { ServiceOrder, ServiceStatus } from './enums';
import type { ServiceFilter } from './inputs';
import type { IndexAnswer, ResolvedFilter, SearchIndex } from './search-index';

/** The edge fields of a search hit: how far the service is from the point searched near. */
export interface ServiceDistance {
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
export function boundingBoxes(lat: number, lon: number, radiusKm: number): [number, number, number, number][] {
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
  /** The Service properties the page's fields read (resolvers' SERVICE_READS); null or absent: every column. */
  properties?: ReadonlySet<string> | null;
}

/** What a search page always reads of a service beside what its fields need: its id and its agency. */
const ALWAYS_READ = ['id', 'agencyId', 'status'];

/** The columns a page reads (those of `properties` only, when given) and how a row of them becomes a Service. */
function pageColumns(db: DataSource, properties: ReadonlySet<string> | null | undefined): { select: string; service(row: Record<string, unknown>): Service } {
  const columns = listColumns(db, Service, 's', properties, ALWAYS_READ);
  return {
    select: columns.select,
    service(row) {
      const service = columns.hydrate(row);
      service.categoryCodes = row.category_codes as string[];
      return service;
    },
  };
}

/**
 * The directory search: one statement resolves the filter (references, words), one finds the page (and
 * one more counts, only when totalCount is asked). Words and facets are one tsquery over one GIN index
 * (see the SearchKeys migration); age, capacity, verification and openAt are checked per row.
 */
export async function searchServices(db: DataSource, viewer: Viewer, options: SearchOptions, index?: SearchIndex | null, primary: DataSource = db): Promise<Page<Service, ServiceDistance>> {
  const { filter, first, lang } = options;
  const offset = decodeCursor(options.after);
  const orderBy = options.orderBy ?? (filter.near ? ServiceOrder.DISTANCE : ServiceOrder.RELEVANCE);
  if (orderBy === ServiceOrder.DISTANCE && !filter.near) throw badInput('orderBy', 'directory.distanceNeedsNear');

  // the in-process index answers what it holds (everything but opening hours, capacity and agency types)
  const state = index && !filter.openAt && (filter.hasCapacity ?? null) === null && !filter.agencyTypes?.length ? await index.current() : null;
  // references and words the index knows need no statement; anything else (a typo, an unknown id) is SQL's
  const resolved = state?.resolve(filter, searchWords, MAX_EXPANSIONS) ?? await resolveFilter(db, filter);

  const params: unknown[] = [];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = [`s.status = ANY(${p(filter.status ?? [ServiceStatus.ACTIVE])}::text[])`];
  // every facet and word below becomes one group of the tsquery over services.search_keys (one GIN scan)
  const keys: string[][] = [];
  if (resolved.words) {
    // a word that is in no service and like none: nothing can match all the words
    if (resolved.words.some((expansions) => expansions.length === 0)) return toPage<never, Service, ServiceDistance>([], offset, first, async () => 0, () => null as never);
    keys.push(...resolved.words);
  }
  if (filter.categories?.length) keys.push(filter.categories.map((c) => `§c:${c.toLowerCase()}`));
  if (filter.agencyIds?.length) keys.push(filter.agencyIds.map((a) => `§ag:${a.toLowerCase()}`));
  if (filter.agencyTypes?.length) where.push(`s.agency_id IN (SELECT id FROM agencies WHERE type = ANY(${p(filter.agencyTypes)}::text[]))`);
  if (filter.countryCode) keys.push([`§a:${filter.countryCode}`]);
  // delivered in or covering something inside the area, or covering an area that contains it (a national hotline)
  if (resolved.areas.length) keys.push(resolved.areas.flatMap((a) => [`§a:${a.code}`, ...a.path.split('/').map((code) => `§v:${code}`)]));
  if (filter.population) keys.push([`§p:${filter.population}`, '§p:ALL']);
  if (filter.gender) keys.push([`§g:${filter.gender}`, '§g:ALL']);
  if (filter.language) keys.push([`§l:${filter.language}`]);
  if (filter.channel) keys.push([`§h:${filter.channel}`]);
  // what decides a referral (facets of service_detail_keys, migration ServiceDetails)
  const excluded: string[] = [];
  if (filter.freeOfCharge !== undefined && filter.freeOfCharge !== null) keys.push(filter.freeOfCharge ? ['§fee:FREE'] : ['§fee:FEE', '§fee:SLIDING_SCALE']);
  if (filter.acceptsWithoutDocuments !== undefined && filter.acceptsWithoutDocuments !== null) keys.push([`§nd:${filter.acceptsWithoutDocuments ? 'yes' : 'no'}`]);
  if (filter.documentsRequired !== undefined && filter.documentsRequired !== null) keys.push([`§dr:${filter.documentsRequired ? 'yes' : 'no'}`]);
  if (filter.nationality) {
    keys.push([`§n:${filter.nationality}`, '§n:ALL']);
    excluded.push(`§nx:${filter.nationality}`);
  }
  for (const feature of new Set(filter.accessibility ?? [])) keys.push([`§x:${feature}`]);
  if (filter.interpretationLanguage) keys.push([`§i:${filter.interpretationLanguage}`]);
  if (filter.interpretationByPhone === true) keys.push(['§ip:yes']);
  if (filter.interpretationByPhone === false) excluded.push('§ip:yes');
  for (const standard of new Set(filter.standards ?? [])) keys.push([`§st:${standard}`]);
  if (state) {
    const statuses = (filter.status ?? [ServiceStatus.ACTIVE]).map((status) => `§s:${status}`);
    const found = state?.search({
      groups: [statuses, ...keys], excluded, words: resolved.words, age: filter.age ?? null, verifiedWithinDays: filter.verifiedWithinDays ?? null,
      near: filter.near ? { ...filter.near, boxes: boundingBoxes(filter.near.latitude, filter.near.longitude, filter.near.radiusKm) } : null,
      viewerAgencyId: viewer.agencyId, orderBy, lang, staleAfterDays: options.staleAfterDays, offset, limit: first + 1,
    });
    // the index is as current as the primary: its page is read there too, so a lagging replica cannot drop rows it counted
    if (found) return pageFromIndex(primary, found, offset, first, pageColumns(db, options.properties));
  }
  if (keys.length) where.push(`s.search_keys @@ ${p(toTsquery(keys, excluded))}::tsquery`);
  else if (excluded.length) where.push(`NOT (s.search_keys @@ ${p(toTsquery([excluded]))}::tsquery)`);
  if (filter.age !== undefined && filter.age !== null) {
    const age = p(filter.age);
    where.push(`(s.age_min IS NULL OR s.age_min <= ${age}::int) AND (s.age_max IS NULL OR s.age_max >= ${age}::int)`);
  }
  if (filter.verifiedWithinDays) where.push(`s.last_verified_at >= now() - make_interval(days => ${p(filter.verifiedWithinDays)}::int)`);
  const hasCapacity = filter.hasCapacity ?? null;
  if (filter.openAt) {
    const instant = p(filter.openAt.toISOString());
    // open and with places at the same site; a mobile team's visit counts with the service's places
    const open = (site: SiteSql) => `${openAtSql(site, instant)}${hasCapacity === true ? ` AND ${placesSql(site.available)}` : ''}`;
    where.push(`(${anySiteSql(open)} OR ${visitUnderWaySql(instant)}${hasCapacity === true ? ` AND ${placesSql('s.capacity_available')}` : ''})`);
    if (hasCapacity === false) where.push(`NOT ${anySiteSql((site) => placesSql(site.available))}`);
  } else if (hasCapacity !== null) {
    where.push(`${hasCapacity ? '' : 'NOT '}${anySiteSql((site) => placesSql(site.available))}`);
  }

  let source = 'services s';
  let distanceSelect = 'NULL::double precision AS distance_km, false AS distance_approximate';
  if (filter.near) {
    const { latitude, longitude, radiusKm } = filter.near;
    const viewerAgency = p(viewer.agencyId);
    const lat = p(latitude);
    const lon = p(longitude);
    const boxes = boundingBoxes(latitude, longitude, radiusKm)
      .map(([x1, y1, x2, y2]) => `box(point(${p(x1)}::float8, ${p(y1)}::float8), point(${p(x2)}::float8, ${p(y2)}::float8))`);
    // Each service's nearest location, from the position this viewer may know, among the locations in
    // the bounding box (found by the GiST indexes; the box holds the whole circle): one distance per
    // location, then services joined in distance order, so a page stops after its first matches.
    source = `(SELECT n.*, CASE WHEN n.hidden THEN round(n.km::numeric)::float8 ELSE n.km END AS shown_km
        FROM (SELECT DISTINCT ON (v.service_id) v.service_id, v.km, v.hidden FROM (
          SELECT sl.service_id, ${haversineSql('CASE WHEN l.hidden THEN l.geo_public ELSE l.geo END', lat, lon)} AS km, l.hidden
            FROM (SELECT l.id, l.geo, l.geo_public, ${confidentialHiddenSql('l', viewerAgency)} AS hidden FROM locations l
                   WHERE l.geo IS NOT NULL AND (${boxes.map((b) => `l.geo <@ ${b} OR l.geo_public <@ ${b}`).join(' OR ')})) l
            JOIN service_locations sl ON sl.location_id = l.id) v
          ORDER BY v.service_id, v.km) n
        ORDER BY shown_km, n.service_id) d
      JOIN services s ON s.id = d.service_id`;
    where.push(`d.km <= ${p(radiusKm)}::float8`);
    distanceSelect = `d.shown_km AS distance_km, d.hidden AS distance_approximate`;
  }

  // the count needs only the filter's parameters, which are all numbered before the ordering's
  const countParams = [...params];
  // parameters are added only for the order used: PostgreSQL refuses parameters a statement does not use
  const name = () => `lower(coalesce(s.names->>${p(lang)}, s.names->>'en', ''))`;
  const stale = () => `(s.last_verified_at IS NULL OR s.last_verified_at < now() - make_interval(days => ${p(options.staleAfterDays)}::int))`;
  const order =
    orderBy === ServiceOrder.RELEVANCE ? `${stale()} ASC, ${resolved.words ? `${wordsInNameSql(resolved.words, p(lang), p)} DESC, ` : ''}${name()} ASC, s.id ASC`
    : orderBy === ServiceOrder.DISTANCE ? `d.shown_km ASC, d.service_id ASC`
    : orderBy === ServiceOrder.NAME ? `${name()} ASC, s.id ASC`
    : `s.last_verified_at DESC NULLS LAST, s.id ASC`;

  const from = `FROM ${source} WHERE ${where.join(' AND ')}`;
  const columns = pageColumns(db, options.properties);
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT ${columns.select}, ${CATEGORY_CODES_SQL}, ${distanceSelect} ${from} ORDER BY ${order} LIMIT ${p(first + 1)} OFFSET ${p(offset)}`,
    params,
  );
  const count = async () => Number((await db.query(`SELECT count(*)::int AS n ${from}`, countParams))[0].n);
  return toPage(rows, offset, first, count, (row) => columns.service(row), (row): ServiceDistance => {
    const approximate = row.distance_approximate === true;
    return { distanceKm: publicDistance(row.distance_km as number | null, approximate), distanceApproximate: approximate };
  });
}

/**
 * The relevance of a text search: how many of the query's words (any of each word's expansions) are
 * in the service's name, in the language asked (else English), as the search index counts them.
 */
function wordsInNameSql(words: string[][], langParam: string, p: (value: unknown) => string): string {
  const name = `to_tsvector('simple', coalesce(s.names->>${langParam}, s.names->>'en', ''))`;
  return `(${words.map((group) => `(${name} @@ ${p(toTsquery([group]))}::tsquery)::int`).join(' + ')})`;
}

/**
 * Each service's category codes, read with the page: its categories then come from the shared copy of the
 * categories (reference-data.ts) rather than a statement of their own. Evaluated for the page's rows only
 * (PostgreSQL computes a costly output column after ORDER BY ... LIMIT).
 */
const CATEGORY_CODES_SQL = `ARRAY(SELECT c.category_code FROM service_category_links c WHERE c.service_id = s.id) AS category_codes`;

/** A page of the services the index found, read from PostgreSQL in one statement by id. */
async function pageFromIndex(db: DataSource, found: IndexAnswer, offset: number, first: number, columns: ReturnType<typeof pageColumns>): Promise<Page<Service, ServiceDistance>> {
  // also for an empty page: every search costs this one statement, found or not (the benchmark replays a
  // request's statements as its database floor, which an answer without SQL would not have)
  const rows: Record<string, unknown>[] = await db.query(`SELECT ${columns.select}, ${CATEGORY_CODES_SQL} FROM services s WHERE s.id = ANY($1::uuid[])`, [found.ids]);
  const byId = new Map(rows.map((row) => [row.id as string, row]));
  const ordered: { row: Record<string, unknown>; distance: IndexAnswer['distances'][number] }[] = [];
  found.ids.forEach((id, i) => {
    const row = byId.get(id);
    // deleted since the index read it: left out
    if (row) ordered.push({ row, distance: found.distances[i] });
  });
  return toPage(ordered, offset, first, async () => found.total, ({ row }) => columns.service(row), ({ distance }): ServiceDistance => {
    const approximate = distance?.hidden === true;
    const shown = distance ? (approximate ? Math.round(distance.km) : distance.km) : null;
    return { distanceKm: publicDistance(shown, approximate), distanceApproximate: approximate };
  });
}

/** A tsquery in its text form: AND of groups, OR within a group, AND NOT each excluded lexeme, every lexeme quoted as it is. */
export function toTsquery(groups: string[][], excluded: string[] = []): string {
  const quote = (lexeme: string) => `'${lexeme.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
  return [...groups.map((group) => `(${group.map(quote).join(' | ')})`), ...excluded.map((x) => `!${quote(x)}`)].join(' & ');
}

// ---- per site: hours, closures and places (HSDS service_at_location) ------------------------------

/** SQL expressions of one site's values: its own where it has them, else the service's. */
interface SiteSql { open24: string; hours: string; timezone: string; closures: string | null; available: string }

/**
 * True when some site of the service `s` satisfies `condition`. A service whose sites have nothing of
 * their own (site_details false, most of them) is answered from its own row, without the subquery.
 */
function anySiteSql(condition: (site: SiteSql) => string): string {
  const site: SiteSql = {
    open24: 'coalesce(sl.open_24_hours, s.open_24_hours)',
    hours: 'coalesce(sl.opening_hours, s.opening_hours)',
    timezone: 'coalesce(sl.timezone, s.timezone)',
    closures: 'sl.closures',
    // counted per site: the site's own count (null: not counted there); else the service's
    available: 'CASE WHEN s.capacity_per_site THEN sl.capacity_available ELSE s.capacity_available END',
  };
  const service: SiteSql = { open24: 's.open_24_hours', hours: 's.opening_hours', timezone: 's.timezone', closures: null, available: 's.capacity_available' };
  return `(CASE WHEN s.site_details THEN EXISTS (SELECT 1 FROM service_locations sl WHERE sl.service_id = s.id AND ${condition(site)})
    ELSE ${condition(service)} END)`;
}

/** Places available, or not counted. */
const placesSql = (available: string) => `(${available} IS NULL OR ${available} > 0)`;

/** True when the local date `day` falls in one of the closures (a jsonb array of {from, to}). */
const closedSql = (closures: string, day: string) =>
  `(${closures} <> '[]'::jsonb AND EXISTS (SELECT 1 FROM jsonb_array_elements(${closures}) c WHERE ${day} BETWEEN (c->>'from')::date AND (c->>'to')::date))`;

/** The site is open at the instant in parameter `instant` (as schedule.ts isOpenAt). */
function openAtSql(site: SiteSql, instant: string): string {
  const local = `(${instant}::timestamptz AT TIME ZONE ${site.timezone})`;
  return `(NOT ${closedSql('s.closures', `${local}::date`)}${site.closures ? ` AND NOT ${closedSql(site.closures, `${local}::date`)}` : ''}
    AND (${site.open24} OR EXISTS (SELECT 1 FROM jsonb_array_elements(${site.hours}) h
      WHERE h->>'day' = to_char(${local}, 'FMDAY') AND to_char(${local}, 'HH24:MI') >= h->>'opens' AND to_char(${local}, 'HH24:MI') < h->>'closes')))`;
}

/** A mobile team's visit of the service `s` is under way at the instant (as schedule.ts visitUnderWay). */
function visitUnderWaySql(instant: string): string {
  const local = `(${instant}::timestamptz AT TIME ZONE s.timezone)`;
  return `(s.outreach <> '[]'::jsonb AND NOT ${closedSql('s.closures', `${local}::date`)} AND EXISTS (SELECT 1 FROM jsonb_array_elements(s.outreach) v
      WHERE v->>'date' = to_char(${local}, 'YYYY-MM-DD') AND to_char(${local}, 'HH24:MI') >= v->>'opens' AND to_char(${local}, 'HH24:MI') < v->>'closes'))`;
}

const MAX_EXPANSIONS = 30;
const MAX_CORRECTIONS = 5;


/**
 * One statement checks the filter's references (an unknown category, agency or area is the user's
 * mistake, not an empty result), finds the areas' codes and expands the text's words.
 */
async function resolveFilter(db: DataSource, filter: ServiceFilter): Promise<ResolvedFilter> {
  const categories = filter.categories ?? [];
  const agencies = filter.agencyIds ?? [];
  const areas = filter.areaIds ?? [];
  let words: string[] | null = null;
  if (filter.text !== undefined && filter.text !== null) {
    words = searchWords(filter.text);
    if (words.length === 0) throw badInput('filter.text', 'directory.oneWord');
  }
  if (!categories.length && !agencies.length && !areas.length && !words) return { areas: [], words: null };
  const [found] = await db.query(
    `SELECT ARRAY(SELECT code FROM service_categories WHERE code = ANY($1::text[])) AS categories,
            ARRAY(SELECT id::text FROM agencies WHERE id = ANY($2::uuid[])) AS agencies,
            coalesce((SELECT json_agg(json_build_object('id', id::text, 'code', code, 'path', path)) FROM areas WHERE id = ANY($3::uuid[])), '[]') AS areas,
            coalesce((SELECT json_agg(x.words ORDER BY w.n) FROM unnest($4::text[]) WITH ORDINALITY w(word, n),
              LATERAL (SELECT coalesce(
                nullif(ARRAY(SELECT v.word FROM search_vocabulary v
                              WHERE v.word >= w.word COLLATE "C" AND v.word < (w.word || chr(1114111)) COLLATE "C"
                              ORDER BY length(v.word), v.word LIMIT ${MAX_EXPANSIONS}), '{}'),
                ARRAY(SELECT v.word FROM search_vocabulary v WHERE v.word %> w.word
                       ORDER BY v.word <-> w.word, v.word LIMIT ${MAX_CORRECTIONS})) AS words) x), '[]') AS words`,
    [categories, agencies, areas, words ?? []],
  );
  const problems: Problem[] = [];
  const missing = (given: string[], known: string[]) => given.filter((g) => !known.includes(g.toLowerCase()) && !known.includes(g));
  for (const c of missing(categories, found.categories)) problems.push(problem('filter.categories', 'directory.unknownCategory', { code: c }));
  for (const a of missing(agencies, found.agencies)) problems.push(problem('filter.agencyIds', 'directory.unknownAgency', { id: a }));
  for (const a of missing(areas, found.areas.map((x: { id: string }) => x.id))) problems.push(problem('filter.areaIds', 'directory.unknownArea', { id: a }));
  if (problems.length) throw badInputs(problems);
  return { areas: found.areas, words: words ? found.words : null };
}
