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
  const byClosure = new Map<string, CoverageService[]>();
  const byCoverage = new Map<string, CoverageService[]>();
  const push = <T>(map: Map<string, T[]>, key: string, item: T) => {
    const list = map.get(key);
    if (list) list.push(item);
    else map.set(key, [item]);
  };
  for (const s of services) {
    for (const code of s.areaClosure) push(byClosure, code, s);
    for (const code of s.coverageCodes) push(byCoverage, code, s);
  }
  const mousByParty = new Map<string, CoverageMou[]>();
  for (const m of mous) for (const p of m.parties) push(mousByParty, p, m);

  return areas.map((area) => {
    const ancestors = area.path.split('/');
    const inArea = new Map<string, CoverageService>();
    for (const s of byClosure.get(area.code) ?? []) inArea.set(s.id, s);
    for (const code of ancestors) for (const s of byCoverage.get(code) ?? []) inArea.set(s.id, s);
    // the area's services by step category, in one pass
    const byCategory = new Map<string, CoverageService[]>();
    const stepCategories = new Set(steps.map((s) => s.categoryCode));
    for (const s of inArea.values()) for (const c of s.categoryCodes) if (stepCategories.has(c)) push(byCategory, c, s);

    const results = steps.map((step): StepResult => {
      const candidates = byCategory.get(step.categoryCode) ?? [];
      const result = (status: CoverageStatus, extra: Partial<StepResult> = {}): StepResult => ({
        position: step.position, status, serviceIds: candidates.map((s) => s.id), serviceId: null, mouId: null, sopId: null, ...extra,
      });
      if (!candidates.length) return result(CoverageStatus.GAP);
      const fresh = candidates.filter((s) => s.fresh);
      if (!fresh.length) return result(CoverageStatus.STALE);
      const withCapacity = fresh.filter((s) => s.hasCapacity);
      if (!withCapacity.length) return result(CoverageStatus.NO_CAPACITY);
      const withMou = withCapacity
        .map((s) => ({ s, mou: (mousByParty.get(s.agencyId) ?? []).find((m) =>
          m.parties.length > 1
          && (!m.categoryCodes.length || m.categoryCodes.some((c) => overlaps(c, step.categoryCode)))
          && (!m.areaPaths.length || m.areaPaths.some((p) => area.path === p || area.path.startsWith(`${p}/`) || p.startsWith(`${area.path}/`)))) }))
        .filter((x) => x.mou);
      if (!withMou.length) return result(CoverageStatus.NO_AGREEMENT);
      for (const { s, mou } of withMou) {
        const sop = sops.find((p) => step.sopSeriesId
          ? p.seriesId === step.sopSeriesId
          : (p.ownerAgencyId === s.agencyId || p.ownerAgencyId === step.leadAgencyId) && (!p.categoryCodes.length || p.categoryCodes.some((c) => overlaps(c, step.categoryCode))));
        if (sop) return result(CoverageStatus.COVERED, { serviceId: s.id, mouId: mou!.id, sopId: sop.id });
      }
      return result(CoverageStatus.NO_SOP, { serviceId: withMou[0].s.id, mouId: withMou[0].mou!.id });
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
