import { CoverageStatus, SEVERITY } from './entities';

/** What coverage needs to know of each thing, loaded once per computation. */
export interface CoverageArea { id: string; code: string; path: string }
export interface CoverageStepInput { position: number; title: string; categoryCode: string; required: boolean; leadAgencyId: string | null; sopSeriesId: string | null }
export interface CoverageService { id: string; agencyId: string; categoryCodes: string[]; areaClosure: string[]; coverageCodes: string[]; fresh: boolean; hasCapacity: boolean }
export interface CoverageMou { id: string; parties: string[]; categoryCodes: string[]; areaPaths: string[] }
export interface CoverageSop { id: string; seriesId: string; ownerAgencyId: string; categoryCodes: string[] }

export interface StepResult {
  position: number;
  status: CoverageStatus;
  /** The services of the category serving the population in the area. */
  serviceIds: string[];
  /** For COVERED, the service, MoU and SOP that make it so. */
  serviceId: string | null;
  mouId: string | null;
  sopId: string | null;
}

export interface AreaResult {
  area: CoverageArea;
  steps: StepResult[];
  requiredSteps: number;
  requiredCovered: number;
}

const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

/**
 * Coverage of every step of a pathway in every area, with in-memory indexes so that 500 areas x 10 steps
 * cost a few thousand map look-ups after four SQL statements.
 */
export function computeCoverage(areas: CoverageArea[], steps: CoverageStepInput[], services: CoverageService[], mous: CoverageMou[], sops: CoverageSop[]): AreaResult[] {
  const push = <K, T>(map: Map<K, T[]>, key: K, item: T) => {
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  };
  /** The map under `key` in a map of maps, made when missing (keys of two parts without joining strings). */
  const inner = <K, V>(map: Map<string, Map<K, V>>, key: string): Map<K, V> => {
    let m = map.get(key);
    if (!m) map.set(key, (m = new Map()));
    return m;
  };
  // services by step category, then area code: delivered in or covering something inside the area, or
  // covering an area that contains it; built once, so each area costs a few look-ups, not a pass over
  // services. Only the codes looked up are kept: the areas' own (closure) and those on their paths (coverage).
  const stepCategories = new Set(steps.map((s) => s.categoryCode));
  const areaCodes = new Set(areas.map((a) => a.code));
  const pathCodes = new Set(areas.flatMap((a) => a.path.split('/')));
  const byClosure = new Map<string, Map<string, CoverageService[]>>();
  const byCoverage = new Map<string, Map<string, CoverageService[]>>();
  for (const s of services) {
    for (const category of s.categoryCodes) {
      if (!stepCategories.has(category)) continue;
      for (const code of s.areaClosure) if (areaCodes.has(code)) push(inner(byClosure, category), code, s);
      for (const code of s.coverageCodes) if (pathCodes.has(code)) push(inner(byCoverage, category), code, s);
    }
  }
  const mousByParty = new Map<string, CoverageMou[]>();
  for (const m of mous) for (const p of m.parties) push(mousByParty, p, m);
  // MoUs of an agency for a category, and the SOP of a step for an agency, do not depend on the area:
  // found once per pair, through per-agency lists (thousands of agencies x ten steps)
  const mouCache = new Map<string, Map<string, CoverageMou[]>>();
  const mousFor = (agencyId: string, category: string): CoverageMou[] => {
    const cache = inner(mouCache, category);
    let list = cache.get(agencyId);
    if (!list) {
      list = (mousByParty.get(agencyId) ?? []).filter((m) => m.parties.length > 1 && (!m.categoryCodes.length || m.categoryCodes.some((c) => overlaps(c, category))));
      cache.set(agencyId, list);
    }
    return list;
  };
  const sopsBySeries = new Map<string, CoverageSop>();
  const sopsByOwner = new Map<string, { index: number; sop: CoverageSop }[]>();
  sops.forEach((sop, index) => {
    if (!sopsBySeries.has(sop.seriesId)) sopsBySeries.set(sop.seriesId, sop);
    push(sopsByOwner, sop.ownerAgencyId, { index, sop });
  });
  const sopCache = new Map<string, Map<string, CoverageSop | null>>();
  const sopFor = (step: CoverageStepInput, agencyId: string): CoverageSop | null => {
    if (step.sopSeriesId) return sopsBySeries.get(step.sopSeriesId) ?? null;
    const cache = inner(sopCache, String(step.position));
    let sop = cache.get(agencyId);
    if (sop === undefined) {
      // the first SOP, in load order, of the service's agency or of the step's lead agency that fits the category
      const owned = [...(sopsByOwner.get(agencyId) ?? []), ...(step.leadAgencyId && step.leadAgencyId !== agencyId ? sopsByOwner.get(step.leadAgencyId) ?? [] : [])]
        .sort((a, b) => a.index - b.index);
      sop = owned.find(({ sop: p }) => !p.categoryCodes.length || p.categoryCodes.some((c) => overlaps(c, step.categoryCode)))?.sop ?? null;
      cache.set(agencyId, sop);
    }
    return sop;
  };
  return areas.map((area) => {
    const ancestors = area.path.split('/');
    /** The non-empty lists of services of a category here: delivered in the area, then covering it or an area containing it. */
    const listsFor = (category: string): CoverageService[][] => {
      const lists: CoverageService[][] = [];
      const own = byClosure.get(category)?.get(area.code);
      if (own?.length) lists.push(own);
      const covering = byCoverage.get(category);
      if (covering) {
        for (const code of ancestors) {
          const list = covering.get(code);
          if (list?.length) lists.push(list);
        }
      }
      return lists;
    };
    const results = steps.map((step): StepResult => {
      const lists = listsFor(step.categoryCode);
      const result = (status: CoverageStatus, extra: Partial<StepResult> = {}): StepResult =>
        new Step(step.position, status, extra.serviceId ?? null, extra.mouId ?? null, extra.sopId ?? null, lists);
      // the first fresh service with capacity, an MoU and an SOP covers the step: stop there. A service on
      // two lists is looked at twice, to the same effect, so the walk needs no set of those seen.
      let any = false;
      let fresh = false;
      let withCapacity = false;
      let firstWithMou: { service: CoverageService; mou: CoverageMou } | null = null;
      for (const list of lists) {
        for (const service of list) {
          any = true;
          if (!service.fresh) continue;
          fresh = true;
          if (!service.hasCapacity) continue;
          withCapacity = true;
          const mou = mousFor(service.agencyId, step.categoryCode).find((m) => !m.areaPaths.length || m.areaPaths.some((p) => nests(area.path, p)));
          if (!mou) continue;
          firstWithMou ??= { service, mou };
          const sop = sopFor(step, service.agencyId);
          if (sop) return result(CoverageStatus.COVERED, { serviceId: service.id, mouId: mou.id, sopId: sop.id });
        }
      }
      if (!any) return result(CoverageStatus.GAP);
      if (!fresh) return result(CoverageStatus.STALE);
      if (!withCapacity) return result(CoverageStatus.NO_CAPACITY);
      if (!firstWithMou) return result(CoverageStatus.NO_AGREEMENT);
      return result(CoverageStatus.NO_SOP, { serviceId: firstWithMou.service.id, mouId: firstWithMou.mou.id });
    });
    const required = steps.filter((s) => s.required);
    return {
      area,
      steps: results,
      requiredSteps: required.length,
      requiredCovered: results.filter((r, i) => steps[i].required && r.status === CoverageStatus.COVERED).length,
    };
  });
}

/** One area path is the other, or lies inside it (paths are codes joined by '/'), without building strings. */
function nests(a: string, b: string): boolean {
  if (a.length === b.length) return a === b;
  const [short, long] = a.length < b.length ? [a, b] : [b, a];
  return long.charCodeAt(short.length) === 47 /* '/' */ && long.startsWith(short);
}

/**
 * A step's result. The evidence list is built only when read (the GraphQL field, the report): most answers
 * don't ask. A class, so that the getter is on the prototype: objects of one shape, made cheaply.
 */
class Step implements StepResult {
  constructor(
    readonly position: number,
    readonly status: CoverageStatus,
    readonly serviceId: string | null,
    readonly mouId: string | null,
    readonly sopId: string | null,
    private readonly lists: readonly CoverageService[][],
  ) {}

  /** The services of the lists, in order, each once. */
  get serviceIds(): string[] {
    if (this.lists.length === 1) return this.lists[0].map((s) => s.id);
    const ids = new Set<string>();
    for (const list of this.lists) for (const s of list) ids.add(s.id);
    return [...ids];
  }
}

/** Gaps (every status but COVERED), required steps first, worst first, then by area. */
export function orderGaps(results: AreaResult[], steps: CoverageStepInput[]) {
  return results
    .flatMap((r) => r.steps.map((s, i) => ({ area: r.area, step: steps[i], result: s })))
    .filter((g) => g.result.status !== CoverageStatus.COVERED)
    .sort((a, b) => Number(b.step.required) - Number(a.step.required)
      || SEVERITY.indexOf(a.result.status) - SEVERITY.indexOf(b.result.status)
      || a.area.path.localeCompare(b.area.path) || a.step.position - b.step.position);
}
