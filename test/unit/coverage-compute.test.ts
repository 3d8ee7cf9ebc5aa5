import 'reflect-metadata';
import fc from 'fast-check';
import { computeCoverage, orderGaps, type AreaResult, type CoverageArea, type CoverageMou, type CoverageService, type CoverageSop, type CoverageStepInput, type StepResult } from '../../src/coverage/compute';
import { CoverageStatus } from '../../src/coverage/entities';

/**
 * computeCoverage keys its indexes by category then code (no joined strings), keeps only the codes it
 * looks up, and makes step results of one class: every area's statuses, evidence and gaps are those the
 * previous version (below, as it was) gives.
 */

const overlaps = (a: string, b: string) => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

// the previous version, verbatim
function previousComputeCoverage(areas: CoverageArea[], steps: CoverageStepInput[], services: CoverageService[], mous: CoverageMou[], sops: CoverageSop[]): AreaResult[] {
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
  // MoUs of an agency for a category, and the SOP of a step for an agency, do not depend on the area:
  // found once per pair, through per-agency lists (thousands of agencies x ten steps)
  const mouCache = new Map<string, CoverageMou[]>();
  const mousFor = (agencyId: string, category: string): CoverageMou[] => {
    const key = `${agencyId}|${category}`;
    let list = mouCache.get(key);
    if (!list) {
      list = (mousByParty.get(agencyId) ?? []).filter((m) => m.parties.length > 1 && (!m.categoryCodes.length || m.categoryCodes.some((c) => overlaps(c, category))));
      mouCache.set(key, list);
    }
    return list;
  };
  const sopsBySeries = new Map<string, CoverageSop>();
  const sopsByOwner = new Map<string, { index: number; sop: CoverageSop }[]>();
  sops.forEach((sop, index) => {
    if (!sopsBySeries.has(sop.seriesId)) sopsBySeries.set(sop.seriesId, sop);
    push(sopsByOwner, sop.ownerAgencyId, { index, sop });
  });
  const sopCache = new Map<string, CoverageSop | null>();
  const sopFor = (step: CoverageStepInput, agencyId: string): CoverageSop | null => {
    if (step.sopSeriesId) return sopsBySeries.get(step.sopSeriesId) ?? null;
    const key = `${step.position}|${agencyId}`;
    let sop = sopCache.get(key);
    if (sop === undefined) {
      // the first SOP, in load order, of the service's agency or of the step's lead agency that fits the category
      const owned = [...(sopsByOwner.get(agencyId) ?? []), ...(step.leadAgencyId && step.leadAgencyId !== agencyId ? sopsByOwner.get(step.leadAgencyId) ?? [] : [])]
        .sort((a, b) => a.index - b.index);
      sop = owned.find(({ sop: p }) => !p.categoryCodes.length || p.categoryCodes.some((c) => overlaps(c, step.categoryCode)))?.sop ?? null;
      sopCache.set(key, sop);
    }
    return sop;
  };
  return areas.map((area) => {
    const ancestors = area.path.split('/');
    // the services of a category here, without duplicates, in order; walked only as far as needed
    function* candidatesFor(category: string): Generator<CoverageService> {
      const lists = [byClosure.get(`${area.code}|${category}`), ...ancestors.map((code) => byCoverage.get(`${code}|${category}`))].filter((l) => l?.length) as CoverageService[][];
      if (lists.length === 1) {
        yield* lists[0];
        return;
      }
      const seen = new Set<string>();
      for (const list of lists) {
        for (const s of list) {
          if (seen.has(s.id)) continue;
          seen.add(s.id);
          yield s;
        }
      }
    }
    const results = steps.map((step): StepResult => {
      const result = (status: CoverageStatus, extra: Partial<StepResult> = {}): StepResult => ({
        position: step.position, status, serviceId: null, mouId: null, sopId: null, ...extra,
        // the evidence list is built only when read (the GraphQL field, the report): most answers don't ask
        get serviceIds() { return [...candidatesFor(step.categoryCode)].map((s) => s.id); },
      });
      // the first fresh service with capacity, an MoU and an SOP covers the step: stop there
      let any = false;
      let fresh = false;
      let withCapacity = false;
      let firstWithMou: { service: CoverageService; mou: CoverageMou } | null = null;
      for (const service of candidatesFor(step.categoryCode)) {
        any = true;
        if (!service.fresh) continue;
        fresh = true;
        if (!service.hasCapacity) continue;
        withCapacity = true;
        const mou = mousFor(service.agencyId, step.categoryCode).find((m) =>
          !m.areaPaths.length || m.areaPaths.some((p) => area.path === p || area.path.startsWith(`${p}/`) || p.startsWith(`${area.path}/`)));
        if (!mou) continue;
        firstWithMou ??= { service, mou };
        const sop = sopFor(step, service.agencyId);
        if (sop) return result(CoverageStatus.COVERED, { serviceId: service.id, mouId: mou.id, sopId: sop.id });
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


const AGENCIES = ['ag1', 'ag2', 'ag3', 'ag4'];
const CATEGORIES = ['health', 'health.primary', 'shelter', 'legal', 'legal.aid'];
// a country, two regions, two districts in each
const PATHS = ['C', 'C/C-R1', 'C/C-R2', 'C/C-R1/C-R1-D1', 'C/C-R1/C-R1-D2', 'C/C-R2/C-R2-D1', 'C/C-R2/C-R2-D2'];
const CODES = PATHS.map((p) => p.split('/').pop()!);

const scenario = fc.record({
  areas: fc.subarray(PATHS, { minLength: 1 }).map((paths) => paths.map((path, i): CoverageArea => ({ id: `area${i}`, code: path.split('/').pop()!, path }))),
  steps: fc.array(fc.record({
    categoryCode: fc.constantFrom(...CATEGORIES), required: fc.boolean(),
    leadAgencyId: fc.option(fc.constantFrom(...AGENCIES), { nil: null }), sopSeriesId: fc.option(fc.constantFrom('series1', 'series2', 'series9'), { nil: null }),
  }), { minLength: 1, maxLength: 5 }).map((steps) => steps.map((s, i): CoverageStepInput => ({ ...s, position: i + 1, title: `step ${i + 1}` }))),
  services: fc.array(fc.record({
    agencyId: fc.constantFrom(...AGENCIES), categoryCodes: fc.subarray(CATEGORIES), areaClosure: fc.subarray([...CODES, 'X', 'X-R9']), coverageCodes: fc.subarray([...CODES, 'Y']),
    fresh: fc.boolean(), hasCapacity: fc.boolean(),
  }), { maxLength: 25 }).map((services) => services.map((s, i): CoverageService => ({ ...s, id: `service${i}` }))),
  mous: fc.array(fc.record({ parties: fc.subarray(AGENCIES), categoryCodes: fc.subarray(CATEGORIES, { maxLength: 2 }), areaPaths: fc.subarray(PATHS, { maxLength: 2 }) }), { maxLength: 8 })
    .map((mous) => mous.map((m, i): CoverageMou => ({ ...m, id: `mou${i}` }))),
  sops: fc.array(fc.record({ seriesId: fc.constantFrom('series1', 'series2', 'series3'), ownerAgencyId: fc.constantFrom(...AGENCIES), categoryCodes: fc.subarray(CATEGORIES, { maxLength: 2 }) }), { maxLength: 6 })
    .map((sops) => sops.map((p, i): CoverageSop => ({ ...p, id: `sop${i}` }))),
});

const plain = (results: AreaResult[]) => results.map((r) => ({
  area: r.area, requiredSteps: r.requiredSteps, requiredCovered: r.requiredCovered,
  steps: r.steps.map((s: StepResult) => ({ position: s.position, status: s.status, serviceId: s.serviceId, mouId: s.mouId, sopId: s.sopId, serviceIds: s.serviceIds })),
}));

describe('computeCoverage', () => {
  it('gives every area the statuses, evidence and gaps the previous version gives', () => {
    fc.assert(fc.property(scenario, ({ areas, steps, services, mous, sops }) => {
      const ours = computeCoverage(areas, steps, services, mous, sops);
      const theirs = previousComputeCoverage(areas, steps, services, mous, sops);
      expect(plain(ours)).toEqual(plain(theirs));
      const gaps = (results: AreaResult[]) => orderGaps(results, steps).map((g) => [g.area.id, g.step.position, g.result.status]);
      expect(gaps(ours)).toEqual(gaps(theirs));
    }), { numRuns: 400 });
  });

  it('finds every status', () => {
    // the scenarios above reach each status (a check on the generator, not on the code)
    const seen = new Set<CoverageStatus>();
    fc.assert(fc.property(scenario, ({ areas, steps, services, mous, sops }) => {
      for (const r of computeCoverage(areas, steps, services, mous, sops)) for (const s of r.steps) seen.add(s.status);
    }), { numRuns: 400 });
    expect([...seen].sort()).toEqual(Object.values(CoverageStatus).sort());
  });
});
