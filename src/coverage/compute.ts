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
  const push = <T>(map: Map<string, T[]>, key: string, item: T) => {
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  };
  // services by (area code, step category): delivered in or covering something inside the area, or
  // covering an area that contains it; built once, so each area costs a few look-ups, not a pass over services
  const stepCategories = new Set(steps.map((s) => s.categoryCode));
  const byClosure = new Map<string, CoverageService[]>();
  const byCoverage = new Map<string, CoverageService[]>();
  for (const s of services) {
    for (const category of s.categoryCodes) {
      if (!stepCategories.has(category)) continue;
      for (const code of s.areaClosure) push(byClosure, `${code}|${category}`, s);
      for (const code of s.coverageCodes) push(byCoverage, `${code}|${category}`, s);
    }
  }
  const mousByParty = new Map<string, CoverageMou[]>();
  for (const m of mous) for (const p of m.parties) push(mousByParty, p, m);
  // the SOP of a step for an agency does not depend on the area
  const sopCache = new Map<string, CoverageSop | null>();
  const sopFor = (step: CoverageStepInput, agencyId: string): CoverageSop | null => {
    const key = `${step.position}|${agencyId}`;
    let sop = sopCache.get(key);
    if (sop === undefined) {
      sop = sops.find((p) => step.sopSeriesId
        ? p.seriesId === step.sopSeriesId
        : (p.ownerAgencyId === agencyId || p.ownerAgencyId === step.leadAgencyId) && (!p.categoryCodes.length || p.categoryCodes.some((c) => overlaps(c, step.categoryCode)))) ?? null;
      sopCache.set(key, sop);
    }
    return sop;
  };

  return areas.map((area) => {
    const ancestors = area.path.split('/');
    const candidatesFor = (category: string): CoverageService[] => {
      const lists = [byClosure.get(`${area.code}|${category}`), ...ancestors.map((code) => byCoverage.get(`${code}|${category}`))].filter((l) => l?.length) as CoverageService[][];
      if (lists.length <= 1) return lists[0] ?? [];
      const unique = new Map<string, CoverageService>();
      for (const list of lists) for (const s of list) unique.set(s.id, s);
      return [...unique.values()];
    };
    const results = steps.map((step): StepResult => {
      const candidates = candidatesFor(step.categoryCode);
      const result = (status: CoverageStatus, extra: Partial<StepResult> = {}): StepResult => ({
        position: step.position, status, serviceId: null, mouId: null, sopId: null, ...extra,
        // the evidence list is built only when read (the GraphQL field, the report): most answers don't ask
        get serviceIds() { return candidates.map((s) => s.id); },
      });
      if (!candidates.length) return result(CoverageStatus.GAP);
      // the first fresh service with capacity, an MoU and an SOP covers the step: stop there
      let fresh = false;
      let withCapacity = false;
      let firstWithMou: { service: CoverageService; mou: CoverageMou } | null = null;
      for (const service of candidates) {
        if (!service.fresh) continue;
        fresh = true;
        if (!service.hasCapacity) continue;
        withCapacity = true;
        const mou = (mousByParty.get(service.agencyId) ?? []).find((m) =>
          m.parties.length > 1
          && (!m.categoryCodes.length || m.categoryCodes.some((c) => overlaps(c, step.categoryCode)))
          && (!m.areaPaths.length || m.areaPaths.some((p) => area.path === p || area.path.startsWith(`${p}/`) || p.startsWith(`${area.path}/`))));
        if (!mou) continue;
        firstWithMou ??= { service, mou };
        const sop = sopFor(step, service.agencyId);
        if (sop) return result(CoverageStatus.COVERED, { serviceId: service.id, mouId: mou.id, sopId: sop.id });
      }
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

/** Gaps (every status but COVERED), required steps first, worst first, then by area. */
export function orderGaps(results: AreaResult[], steps: CoverageStepInput[]) {
  return results
    .flatMap((r) => r.steps.map((s, i) => ({ area: r.area, step: steps[i], result: s })))
    .filter((g) => g.result.status !== CoverageStatus.COVERED)
    .sort((a, b) => Number(b.step.required) - Number(a.step.required)
      || SEVERITY.indexOf(a.result.status) - SEVERITY.indexOf(b.result.status)
      || a.area.path.localeCompare(b.area.path) || a.step.position - b.step.position);
}
