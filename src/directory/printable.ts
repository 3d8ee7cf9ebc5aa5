/**
 * What the printable directory and the service slip show, read for one viewer: the directory's own
 * search (area closure, categories with their descendants, confidential locations counted in their
 * public area) and its per-request loaders (whose SQL decides, per viewer, which locations are hidden).
 * A hidden location loses its name, address, locality, notes and the reasons of its own closures here,
 * before anything is rendered, and shows its area above the locality only (policy/confidential-locations.ts).
 */
import { In, type DataSource } from 'typeorm';
import type { Viewer } from '../auth/roles';
import { hydrate, selectColumns } from '../db/hydrate';
import { visibleArea } from '../policy/confidential-locations';
import { badInput, notFound } from '../shared/errors';
import type { Localized } from '../shared/i18n';
import { isUuid } from '../shared/ids';
import type { StoredClosure, StoredHours } from './details-types';
import { Agency, Area, Service, ServiceCategory } from './entities';
import { ServiceOrder, ServiceStatus } from './enums';
import { createDirectoryLoaders } from './loaders';
import { localTime } from './schedule';
import { searchServices } from './search';

/** A printed directory stops here: past it, the page says to choose categories. */
export const MAX_DIRECTORY_SERVICES = 500;
/** A slip is one A4 page: a few places for one person to go to. */
export const MAX_SLIP_SERVICES = 3;
const MAX_CATEGORIES = 50;
const UPCOMING_CLOSURES = 4;
const UPCOMING_VISITS = 6;

export interface PrintClosure { from: string; to: string; reasons: Localized | null }

export interface PrintSite {
  /** The location's details are withheld on this page: name, address, locality and notes are null. */
  confidential: boolean;
  facilityType: string;
  name: Localized | null;
  address: string | null;
  locality: string | null;
  notes: Localized | null;
  /** For a withheld location, the area above its locality. */
  area: Area | null;
  openingHours: StoredHours[];
  open24Hours: boolean;
  timezone: string;
  /** This site's own closures to come (the service's are on the service). */
  closures: PrintClosure[];
}

export interface PrintVisit { date: string; opens: string; closes: string; area: Area | null; places: Localized }

export interface PrintService {
  service: Service;
  agency: Agency | null;
  categories: ServiceCategory[];
  sites: PrintSite[];
  coverageAreas: Area[];
  /** Closures of the whole service to come. */
  closures: PrintClosure[];
  /** Mobile team visits to come. */
  outreach: PrintVisit[];
}

export interface PrintGroup {
  /** Null: services in none of the groups' categories. */
  category: ServiceCategory | null;
  /** Services printed in full under this group. */
  services: PrintService[];
  /** Services printed under an earlier group that belong here too, with that group. */
  seeAlso: { service: PrintService; listedUnder: ServiceCategory | null }[];
}

export interface PrintableDirectory {
  area: Area;
  /** The categories asked for (empty: all). */
  categories: ServiceCategory[];
  groups: PrintGroup[];
  total: number;
  truncated: boolean;
  generatedAt: Date;
}

export interface PrintableSlip { services: PrintService[]; generatedAt: Date }

/** The area given by id or by code. */
export async function areaByIdOrCode(db: DataSource, idOrCode: string): Promise<Area> {
  const rows: Record<string, unknown>[] = await db.query(
    `SELECT ${selectColumns(db, Area, 'a')} FROM areas a WHERE ${isUuid(idOrCode) ? 'a.id = $1::uuid' : 'a.code = $1'}`, [idOrCode]);
  if (!rows.length) throw notFound('Area', idOrCode);
  return hydrate(db, Area, rows[0]);
}

/** The categories by code, in the tree's order; an unknown code is the caller's mistake. */
export async function categoriesByCode(db: DataSource, codes: string[], field = 'categories'): Promise<ServiceCategory[]> {
  if (!codes.length) return [];
  if (codes.length > MAX_CATEGORIES) throw badInput(field, 'printable.tooManyCategories', { max: MAX_CATEGORIES });
  const found = await db.getRepository(ServiceCategory).find({ where: { code: In(codes) }, order: { sortOrder: 'ASC', code: 'ASC' } });
  const unknown = codes.filter((c) => !found.some((f) => f.code === c));
  if (unknown.length === 1) throw badInput(field, 'directory.unknownCategory', { code: unknown[0] });
  if (unknown.length) throw badInput(field, 'directory.unknownCategories', { codes: unknown.map((c) => `"${c}"`) });
  return found;
}

/** The services of a slip, in the order given; each must exist. */
export async function slipServices(db: DataSource, ids: string[], field = 'serviceIds'): Promise<Service[]> {
  if (!ids.length) throw badInput(field, 'printable.noService');
  if (ids.length > MAX_SLIP_SERVICES) throw badInput(field, 'printable.slipTooLong', { max: MAX_SLIP_SERVICES });
  if (new Set(ids).size !== ids.length) throw badInput(field, 'printable.serviceTwice');
  const valid = ids.filter(isUuid);
  const rows: Record<string, unknown>[] = valid.length
    ? await db.query(`SELECT ${selectColumns(db, Service, 's')} FROM services s WHERE s.id = ANY($1::uuid[])`, [valid]) : [];
  const services = rows.map((r) => hydrate(db, Service, r));
  return ids.map((id) => {
    const found = services.find((s) => s.id === id);
    if (!found) throw notFound('Service', id);
    return found;
  });
}

/** The directory of an area for this viewer, grouped by category; `lang` orders the services by name. */
export async function printableDirectory(db: DataSource, viewer: Viewer, scope: { area: string; categories: string[]; lang: string; staleAfterDays: number }): Promise<PrintableDirectory> {
  const area = await areaByIdOrCode(db, scope.area);
  const requested = await categoriesByCode(db, scope.categories);
  const page = await searchServices(db, viewer, {
    filter: { areaIds: [area.id], ...(requested.length ? { categories: requested.map((c) => c.code) } : {}) },
    first: MAX_DIRECTORY_SERVICES, orderBy: ServiceOrder.NAME, lang: scope.lang, staleAfterDays: scope.staleAfterDays,
  });
  const services = await details(db, viewer, page.edges.map((e) => e.node), false);

  // groups: the categories asked for, else the top-level categories of the services found
  let groupCategories = requested;
  if (!groupCategories.length) {
    const tops = [...new Set(services.flatMap((s) => s.categories.map((c) => c.code.split('.')[0])))];
    groupCategories = await categoriesByCode(db, tops);
  }
  const within = (code: string, group: string) => code === group || code.startsWith(`${group}.`);
  const groups: PrintGroup[] = groupCategories.map((category) => ({ category, services: [], seeAlso: [] }));
  const other: PrintGroup = { category: null, services: [], seeAlso: [] };
  for (const s of services) {
    const matching = groups.filter((g) => s.categories.some((c) => within(c.code, g.category!.code)));
    if (!matching.length) {
      other.services.push(s);
      continue;
    }
    // printed in full once, under the first of its groups; the others point to it
    matching[0].services.push(s);
    for (const g of matching.slice(1)) g.seeAlso.push({ service: s, listedUnder: matching[0].category });
  }
  return {
    area, categories: requested, groups: [...groups, other].filter((g) => g.services.length || g.seeAlso.length),
    total: services.length, truncated: page.pageInfo.hasNextPage, generatedAt: new Date(),
  };
}

/** The services of a slip. A slip leaves the network's hands: no confidential location's details are on it, whoever prints it. */
export async function printableSlip(db: DataSource, viewer: Viewer, serviceIds: string[]): Promise<PrintableSlip> {
  const services = await slipServices(db, serviceIds);
  return { services: await details(db, viewer, services, true), generatedAt: new Date() };
}

/** What a page prints of each service, with the viewer's confidentiality decisions applied (all withheld when `withholdAll`). */
async function details(db: DataSource, viewer: Viewer, services: Service[], withholdAll: boolean): Promise<PrintService[]> {
  if (!services.length) return [];
  const loaders = createDirectoryLoaders(db, viewer);
  const ids = services.map((s) => s.id);
  const [agencies, categories, sites, coverage] = await Promise.all([
    loaders.agency.loadMany([...new Set(services.map((s) => s.agencyId))]),
    loaders.categoriesOfService.loadMany(ids),
    loaders.sitesOfService.loadMany(ids),
    loaders.coverageAreasOfService.loadMany(ids),
  ]);
  const ok = <T>(v: T | Error): T => {
    if (v instanceof Error) throw v;
    return v;
  };
  const agencyById = new Map(agencies.map(ok).filter((a): a is Agency => !!a).map((a) => [a.id, a]));
  const now = new Date();
  const parentOf = (id: string) => loaders.area.load(id);

  // every area a page names, in one statement
  const siteRows = sites.map(ok);
  const areaIds = [...new Set([...siteRows.flat().map((r) => r.location.areaId), ...services.flatMap((s) => s.outreachData.map((v) => v.areaId))])];
  const areas = new Map(areaIds.map((id, i) => [id, i] as const));
  const loaded = (await loaders.area.loadMany(areaIds)).map((a) => (a instanceof Error ? null : a));
  const areaOf = (id: string) => loaded[areas.get(id)!] ?? null;

  return Promise.all(services.map(async (s, i): Promise<PrintService> => {
    const today = localTime(now, s.timezone).date;
    const upcoming = (list: StoredClosure[], withhold: boolean): PrintClosure[] => list.filter((c) => c.to >= today).slice(0, UPCOMING_CLOSURES)
      .map((c) => ({ from: c.from, to: c.to, reasons: withhold ? null : c.reasons }));
    const printSites = await Promise.all(siteRows[i].map(async (row): Promise<PrintSite> => {
      const l = row.location;
      const hidden = l.hiddenForViewer !== false || (withholdAll && l.confidential);
      return {
        confidential: hidden, facilityType: l.facilityType,
        name: hidden ? null : l.names, address: hidden ? null : l.address, locality: hidden ? null : l.locality, notes: hidden ? null : row.notes,
        area: await visibleArea({ hiddenForViewer: hidden }, areaOf(l.areaId), parentOf),
        openingHours: row.openingHours ?? s.openingHours, open24Hours: row.open24Hours ?? s.open24Hours, timezone: row.timezone ?? s.timezone,
        closures: upcoming(row.closures, hidden),
      };
    }));
    return {
      service: s, agency: agencyById.get(s.agencyId) ?? null, categories: ok(categories[i]), sites: printSites, coverageAreas: ok(coverage[i]),
      closures: upcoming(s.closuresData, false),
      outreach: s.outreachData.filter((v) => v.date >= today).slice(0, UPCOMING_VISITS)
        .map((v) => ({ date: v.date, opens: v.opens, closes: v.closes, area: areaOf(v.areaId), places: v.places })),
    };
  }));
}

export const isActive = (s: Service) => s.status === ServiceStatus.ACTIVE;
