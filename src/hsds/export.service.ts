import type { DataSource } from 'typeorm';
import type { Area, ServiceCategory } from '../directory/entities';
import {
  exportAgencies, exportAgencyHoldings, exportAgencyPage, exportAreaByKey, exportAreas, exportCategories, exportServiceRelations, exportServices,
  exportSitePage, type ExportedService, type ServiceExportFilter, type ServiceRelations,
} from '../directory/export';
import { searchWords } from '../directory/search';
import { isUuid } from '../shared/ids';
import { errorMessage, type ErrorKey, type RecordKind } from '../shared/errors';
import { message, render, type Message, type MessageKey, type MessageParams } from '../shared/messages';
import {
  organizationFull, organizationOf, serviceBasic, serviceFull, siteOf, locationOf, type MappingContext, type ServiceBundle,
} from './mapping';
import { areaTerms, COLUMN_OF_TAXONOMY, hsdsTaxonomies, hsdsTerms, taxonomyOfId, termOfId } from './taxonomy';
import type { HsdsOrganization, HsdsPage, HsdsService, HsdsServiceAtLocation, HsdsTaxonomy, HsdsTaxonomyTerm } from './types';

/** A request the export refuses: the HTTP status and what to fix. */
export class HsdsRequestError extends Error {
  /** The message in English; the route answers in the request's language (`text`). */
  constructor(readonly status: number, readonly msg: Message) {
    super(render('en', msg));
  }
  text(lang: string): string {
    return render(lang, this.msg);
  }
}
const bad = (key: ErrorKey, params?: MessageParams) => new HsdsRequestError(400, errorMessage(key, params));
const notFound = (kind: RecordKind, id: string) =>
  new HsdsRequestError(404, errorMessage('notFound', { kind: message(`kinds.${kind}` as MessageKey), id }));

export const DEFAULT_PER_PAGE = 50;
export const MAX_PER_PAGE = 500;
/** minimal=true asks for every service in one page (openapi.json): ids and dates are small. */
export const MAX_PER_PAGE_MINIMAL = 10_000;

/** The query parameters of the HSDS API (openapi.json), as strings from the URL. */
export type HsdsQuery = Record<string, string | undefined>;

function flag(q: HsdsQuery, name: string): boolean {
  const v = q[name];
  if (v === undefined || v === '') return false;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  throw bad('hsds.trueOrFalse', { name });
}

function integer(q: HsdsQuery, name: string, fallback: number, min: number, max: number): number {
  const v = q[name];
  if (v === undefined || v === '') return fallback;
  if (!/^\d{1,9}$/.test(v) || Number(v) < min || Number(v) > max) throw bad('hsds.wholeNumber', { name, min, max });
  return Number(v);
}

function paging(q: HsdsQuery, max = MAX_PER_PAGE) {
  const page = integer(q, 'page', 1, 1, 1_000_000);
  const perPage = integer(q, 'per_page', Math.min(DEFAULT_PER_PAGE, max), 1, max);
  return { page, perPage, offset: (page - 1) * perPage };
}

function toPage<T>(contents: T[], total: number, page: number, perPage: number): HsdsPage<T> {
  const totalPages = Math.ceil(total / perPage);
  return {
    total_items: total, total_pages: totalPages, page_number: page, size: contents.length,
    first_page: page === 1, last_page: page >= totalPages, empty: contents.length === 0, contents,
  };
}

function words(q: HsdsQuery): string[] | undefined {
  if (q.search === undefined || q.search === '') return undefined;
  if (q.search.length > 200) throw bad('hsds.searchTooLong');
  const found = searchWords(q.search);
  if (!found.length) throw bad('hsds.searchNoWord');
  return found;
}

function onlyJson(q: HsdsQuery) {
  if (q.format !== undefined && q.format !== '' && q.format !== 'json') throw bad('hsds.onlyJson');
}

/**
 * The HSDS 3.0 export of the directory (README, "HSDS 3 exchange"): the API's pages and documents, and the
 * tabular data package. Every caller that may read it sees the same: the only records the directory
 * shows to some agencies only, the confidential locations, are never exported (src/directory/export.ts).
 * Each page costs a fixed number of statements, whatever its size or content (relations load for the whole page).
 */
export class HsdsExport {
  constructor(private readonly db: DataSource) {}

  private async context(lang: string, bundles: ExportedService[] | null, extraAreaIds: string[] = [], categories?: ServiceCategory[]):
    Promise<{ ctx: MappingContext; bundles: ServiceBundle[] }> {
    const services = bundles ?? [];
    const relations: Map<string, ServiceRelations> = bundles ? await exportServiceRelations(this.db, services.map((b) => b.service.id)) : new Map();
    const areaIds = [
      ...extraAreaIds,
      ...services.flatMap((b) => [
        ...(relations.get(b.service.id)?.coverageAreaIds ?? []),
        ...(relations.get(b.service.id)?.sites.map((s) => s.location.areaId) ?? []),
        ...b.service.outreachData.map((v) => v.areaId),
      ]),
    ];
    const [areas, agencies, cats] = await Promise.all([
      exportAreas(this.db, areaIds),
      exportAgencies(this.db, services.map((b) => b.service.agencyId)),
      categories ? Promise.resolve(categories) : bundles ? exportCategories(this.db) : Promise.resolve([]),
    ]);
    return {
      ctx: { lang, areas: new Map(areas.map((a) => [a.id, a])), agencies: new Map(agencies.map((a) => [a.id, a])), categories: new Map(cats.map((c) => [c.code, c])) },
      bundles: services.map((b) => ({ ...b, relations: relations.get(b.service.id) ?? { categoryCodes: [], sites: [], coverageAreaIds: [] } })),
    };
  }

  /** The service filter of the query parameters search, taxonomy_term_id, taxonomy_id, organization_id and modified_after. */
  private async serviceFilter(q: HsdsQuery): Promise<{ filter: ServiceExportFilter; categories?: ServiceCategory[] }> {
    const filter: ServiceExportFilter = { words: words(q) };
    let categories: ServiceCategory[] | undefined;
    if (q.taxonomy_term_id) {
      categories = await exportCategories(this.db);
      const term = termOfId(q.taxonomy_term_id, categories.map((c) => c.code));
      if (!term) filter.none = true;
      else if (!COLUMN_OF_TAXONOMY[term.taxonomy]) throw bad('hsds.termNotFiltered', { taxonomy: term.taxonomy, taxonomies: Object.keys(COLUMN_OF_TAXONOMY) });
      else filter.holds = { column: COLUMN_OF_TAXONOMY[term.taxonomy], value: term.code };
    }
    if (q.taxonomy_id) {
      const taxonomy = taxonomyOfId(q.taxonomy_id);
      if (!taxonomy) filter.none = true;
      else if (!COLUMN_OF_TAXONOMY[taxonomy]) throw bad('hsds.taxonomyNotFiltered', { taxonomy, taxonomies: Object.keys(COLUMN_OF_TAXONOMY) });
      else filter.anyIn = COLUMN_OF_TAXONOMY[taxonomy];
    }
    if (q.organization_id) filter.agencyId = q.organization_id;
    if (q.modified_after) {
      const at = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(q.modified_after) ? new Date(q.modified_after) : null;
      if (!at || Number.isNaN(at.getTime())) throw bad('hsds.modifiedAfter');
      filter.modifiedAfter = at;
    }
    return { filter, categories };
  }

  // ---- services ----------------------------------------------------------------------------

  /** GET /services: one-to-one fields (full=true: whole services; minimal=true: ids and last_modified only). */
  async services(q: HsdsQuery, lang: string): Promise<HsdsPage<HsdsService | { id: string; last_modified: string }>> {
    onlyJson(q);
    const minimal = flag(q, 'minimal');
    const full = flag(q, 'full');
    if (minimal && full) throw bad('hsds.minimalOrFull');
    const { page, perPage, offset } = paging(q, minimal ? MAX_PER_PAGE_MINIMAL : MAX_PER_PAGE);
    const { filter, categories } = await this.serviceFilter(q);
    const { rows, total } = await exportServices(this.db, filter, perPage, offset);
    if (minimal) return toPage(rows.map((r) => ({ id: r.service.id, last_modified: r.lastModified.toISOString() })), total, page, perPage);
    if (!full) {
      const agencies = await exportAgencies(this.db, rows.map((r) => r.service.agencyId));
      const ctx: MappingContext = { lang, areas: new Map(), agencies: new Map(agencies.map((a) => [a.id, a])), categories: new Map() };
      return toPage(rows.map((r) => serviceBasic(r, ctx)), total, page, perPage);
    }
    const { ctx, bundles } = await this.context(lang, rows, [], categories);
    return toPage(bundles.map((b) => serviceFull(b, ctx)), total, page, perPage);
  }

  /** GET /services/{id}: the whole service. */
  async service(id: string, lang: string): Promise<HsdsService> {
    if (!isUuid(id)) throw notFound('Service', id);
    const { rows } = await exportServices(this.db, { ids: [id] }, 1, 0);
    if (!rows.length) throw notFound('Service', id);
    const { ctx, bundles } = await this.context(lang, rows);
    return serviceFull(bundles[0], ctx);
  }

  // ---- organizations -----------------------------------------------------------------------

  /** GET /organizations: own fields (full=true: with locations and service ids; full_service=true: with whole services). */
  async organizations(q: HsdsQuery, lang: string): Promise<HsdsPage<HsdsOrganization>> {
    onlyJson(q);
    const full = flag(q, 'full');
    const fullService = flag(q, 'full_service');
    const { page, perPage, offset } = paging(q);
    const { rows, total } = await exportAgencyPage(this.db, { words: words(q) }, perPage, offset);
    if (!full && !fullService) return toPage(rows.map((a) => organizationOf(a, { lang })), total, page, perPage);
    return toPage(await this.organizationsFull(rows.map((a) => a.id), lang, fullService), total, page, perPage);
  }

  /** GET /organizations/{id}: with its public locations and its services (ids; whole with full_service=true). */
  async organization(id: string, q: HsdsQuery, lang: string): Promise<HsdsOrganization> {
    if (!isUuid(id)) throw notFound('Organization', id);
    const [found] = await this.organizationsFull([id.toLowerCase()], lang, flag(q, 'full_service'));
    if (!found) throw notFound('Organization', id);
    return found;
  }

  private async organizationsFull(ids: string[], lang: string, fullService: boolean): Promise<HsdsOrganization[]> {
    const holdings = await exportAgencyHoldings(this.db, ids);
    const serviceIds = [...holdings.values()].flatMap((h) => h.serviceIds);
    const services = fullService ? (await exportServices(this.db, { ids: serviceIds }, serviceIds.length, 0)).rows : [];
    const locationAreas = [...holdings.values()].flatMap((h) => h.locations.map((l) => l.areaId));
    const [{ ctx, bundles }, own] = await Promise.all([this.context(lang, fullService ? services : null, locationAreas), exportAgencies(this.db, ids)]);
    const agencies = new Map(own.map((a) => [a.id, a]));
    const whole = new Map(bundles.map((b) => [b.service.id, serviceFull(b, ctx)]));
    return ids.flatMap((id) => {
      const agency = agencies.get(id);
      const h = holdings.get(id);
      if (!agency || !h) return [];
      return [organizationFull(agency, ctx, h.locations, h.serviceIds.map((sid) => whole.get(sid) ?? { id: sid }))];
    });
  }

  // ---- service_at_location -------------------------------------------------------------------

  async serviceAtLocations(q: HsdsQuery, lang: string): Promise<HsdsPage<HsdsServiceAtLocation>> {
    onlyJson(q);
    if (q.postcode || q.proximity) throw bad('hsds.noProximity');
    const full = flag(q, 'full');
    const { page, perPage, offset } = paging(q);
    const { filter, categories } = await this.serviceFilter(q);
    const { rows, total } = await exportSitePage(this.db, filter, perPage, offset);
    return toPage(await this.sites(rows, lang, full, categories), total, page, perPage);
  }

  async serviceAtLocation(id: string, lang: string): Promise<HsdsServiceAtLocation> {
    if (!isUuid(id)) throw notFound('Service at location', id);
    const { rows } = await exportSitePage(this.db, {}, 1, 0, id);
    const [found] = await this.sites(rows, lang, true);
    if (!found) throw notFound('Service at location', id);
    return found;
  }

  private async sites(keys: { serviceId: string; locationId: string; lastModified: Date }[], lang: string, full: boolean, categories?: ServiceCategory[]): Promise<HsdsServiceAtLocation[]> {
    if (!keys.length) return [];
    const serviceIds = [...new Set(keys.map((k) => k.serviceId))];
    const { rows } = await exportServices(this.db, { ids: serviceIds }, serviceIds.length, 0);
    const { ctx, bundles } = await this.context(lang, rows, [], categories ?? []);
    const byId = new Map(bundles.map((b) => [b.service.id, b]));
    return keys.flatMap((k) => {
      const b = byId.get(k.serviceId);
      const site = b?.relations.sites.find((s) => s.location.id === k.locationId);
      if (!b || !site) return [];
      const sal = siteOf(b, site, ctx, full);
      const { accessibility: _a, addresses: _b, attributes: _c, ...locationFields } = locationOf(site.location, ctx);
      return [{ ...sal, ...(full ? {} : { location: locationFields }), service: serviceBasic({ service: b.service, lastModified: k.lastModified }, ctx) }];
    });
  }

  // ---- taxonomies ----------------------------------------------------------------------------

  async taxonomies(q: HsdsQuery): Promise<HsdsPage<HsdsTaxonomy>> {
    onlyJson(q);
    const { page, perPage, offset } = paging(q);
    const w = words(q);
    const all = hsdsTaxonomies().filter((t) => !w || w.every((x) => `${t.name} ${t.description}`.toLowerCase().includes(x)));
    return toPage(all.slice(offset, offset + perPage), all.length, page, perPage);
  }

  async taxonomy(id: string): Promise<HsdsTaxonomy> {
    const found = hsdsTaxonomies().find((t) => t.id === id.toLowerCase());
    if (!found) throw notFound('Taxonomy', id);
    return found;
  }

  async taxonomyTerms(q: HsdsQuery, lang: string): Promise<HsdsPage<HsdsTaxonomyTerm>> {
    onlyJson(q);
    const { page, perPage, offset } = paging(q);
    const w = words(q);
    const topOnly = flag(q, 'top_only');
    const all = hsdsTerms(await exportCategories(this.db), lang).filter((t) =>
      (!w || w.every((x) => `${t.code} ${t.name} ${t.description}`.toLowerCase().includes(x)))
      && (!q.taxonomy_id || t.taxonomy_id === q.taxonomy_id.toLowerCase())
      && (!q.parent_id || t.parent_id === q.parent_id.toLowerCase())
      && (!topOnly || !t.parent_id));
    return toPage(all.slice(offset, offset + perPage), all.length, page, perPage);
  }

  async taxonomyTerm(id: string, lang: string): Promise<HsdsTaxonomyTerm> {
    const found = hsdsTerms(await exportCategories(this.db), lang).find((t) => t.id === id.toLowerCase());
    if (!found) throw notFound('Taxonomy term', id);
    const taxonomy = hsdsTaxonomies().find((t) => t.id === found.taxonomy_id);
    return { ...found, ...(taxonomy ? { taxonomy_detail: taxonomy } : {}) };
  }

  // ---- the tabular data package --------------------------------------------------------------

  /** Whole services, their organizations and every taxonomy and term, for a country (ISO code) or an area (id or code). */
  /**
   * The data package of a country, of an area, or (neither given, network admins only: a migration or a
   * backup of the whole network's directory, see README "HSDS 3 exchange") of the whole directory.
   */
  async packageContents(scope: { country?: string; area?: string }, lang: string, wholeDirectoryAllowed = false) {
    if (scope.country && scope.area) throw bad('hsds.countryAndArea');
    let area: Area | null = null;
    if (scope.country) {
      if (!/^[A-Za-z]{2}$/.test(scope.country)) throw bad('hsds.countryCode');
      area = await exportAreaByKey(this.db, scope.country.toUpperCase());
      if (!area || area.level !== 'COUNTRY') throw new HsdsRequestError(404, errorMessage('hsds.noCountry', { code: scope.country.toUpperCase() }));
    } else if (scope.area) {
      if (scope.area.length > 100) throw bad('hsds.areaCode');
      area = await exportAreaByKey(this.db, scope.area);
      if (!area) throw new HsdsRequestError(404, errorMessage('hsds.noArea', { area: scope.area }));
    } else if (!wholeDirectoryAllowed) {
      throw bad('hsds.wholeDirectory');
    }
    const filter: ServiceExportFilter = area ? { area: { code: area.code, path: area.path, level: area.level, countryCode: area.countryCode } } : {};
    const rows: ExportedService[] = [];
    for (let offset = 0; ; offset += MAX_PER_PAGE) {
      const page = await exportServices(this.db, filter, MAX_PER_PAGE, offset);
      rows.push(...page.rows);
      if (page.rows.length < MAX_PER_PAGE) break;
    }
    const categories = await exportCategories(this.db);
    const { ctx, bundles } = await this.context(lang, rows, [], categories);
    const organizations = [...ctx.agencies.values()].sort((a, b) => a.id.localeCompare(b.id)).map((a) => organizationOf(a, ctx));
    return {
      area,
      services: bundles.map((b) => serviceFull(b, ctx)),
      organizations,
      taxonomies: hsdsTaxonomies(true),
      terms: [...hsdsTerms(categories, lang), ...areaTerms([...ctx.areas.values()], lang)],
    };
  }
}

