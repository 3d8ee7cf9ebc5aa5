import type { ScaleManifest } from './seed-scale';

export type WorkloadId = 'search' | 'near' | 'inbox' | 'send' | 'coverage' | 'stats' | 'mix';
/** The single-query workloads below, and the search mix (bench/search-mix.ts: distinct requests, measured on its own). */
export type SingleWorkloadId = Exclude<WorkloadId, 'mix'>;
export type Persona = 'caseManager' | 'focalPoint' | 'steering';

export interface Workload {
  id: SingleWorkloadId;
  title: string;
  persona: Persona;
  query: string;
  variables(m: ScaleManifest, pageSize: number): Record<string, unknown>;
  /** Page sizes whose statement counts must be equal (statements constant in page size). */
  pageSizes?: number[];
  /** A one-line description of a good answer, or a problem with it. */
  describe(data: any): string;
}

export const PAGE = 50;
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

export const WORKLOADS: Workload[] = [
  {
    id: 'search',
    title: 'Directory search: text + category + population + area, 50 results with agency, categories, locations',
    persona: 'caseManager',
    query: `query BenchSearch($filter: ServiceFilter, $first: Int!) {
      services(filter: $filter, first: $first) {
        edges { node { id name agency { id name } categories { code name } locations { id name address latitude longitude area { id name } } } }
        pageInfo { hasNextPage endCursor }
      }
    }`,
    variables: (m, first) => ({ first, filter: { text: 'legal aid', categories: ['legal'], population: 'ASYLUM_SEEKERS', areaIds: [m.searchRegionAreaId] } }),
    pageSizes: [10, PAGE],
    describe: (d) => `${d.services.edges.length} services, ${d.services.edges.reduce((n: number, e: any) => n + e.node.locations.length, 0)} locations`,
  },
  {
    id: 'near',
    title: 'Near search: within 50 km of a point, ordered by distance, 50 results',
    persona: 'caseManager',
    query: `query BenchNear($filter: ServiceFilter, $first: Int!) {
      services(filter: $filter, first: $first) {
        edges { distanceKm distanceApproximate node { id name agency { id name } categories { code name } locations { id name latitude longitude } } }
      }
    }`,
    variables: (m, first) => ({ first, filter: { near: { latitude: m.nearPoint.latitude, longitude: m.nearPoint.longitude, radiusKm: 50 } } }),
    pageSizes: [10, PAGE],
    describe: (d) => {
      const km = d.services.edges.map((e: any) => e.distanceKm as number);
      const sorted = km.every((x: number, i: number) => i === 0 || km[i - 1] <= x);
      return `${km.length} services up to ${km.length ? km[km.length - 1] : 0} km${sorted ? '' : ' (NOT ordered by distance)'}`;
    },
  },
  {
    id: 'inbox',
    title: 'Referral inbox: 50 referrals with nested case fields, each through the disclosure check',
    persona: 'focalPoint',
    query: `query BenchInbox($first: Int!) {
      referralInbox(first: $first, filter: { status: [SENT, ACCEPTED] }) {
        edges { node { id status priority responseDueAt overdue disclosedFields case { caseCode givenName familyName phone sex age languages } } }
      }
    }`,
    variables: (_m, first) => ({ first }),
    pageSizes: [10, PAGE],
    describe: (d) => {
      const edges = d.referralInbox.edges;
      const shown = edges.filter((e: any) => e.node.case.givenName !== null && e.node.case.phone !== null).length;
      return `${edges.length} referrals, ${shown} with every personal field disclosed`;
    },
  },
  {
    id: 'send',
    title: 'sendReferral with the consent, data-sharing agreement, MoU and SOP checks (writes)',
    persona: 'caseManager',
    query: `mutation BenchSend($input: SendReferralInput!) {
      sendReferral(input: $input) { id status disclosedFields outsideMou responseDueAt }
    }`,
    variables: (m) => ({ input: { caseId: m.referralCaseId, serviceId: m.referralServiceId, priority: 'NORMAL', reasons: 'Benchmark referral (fictional)' } }),
    describe: (d) => `${d.sendReferral.status}, ${d.sendReferral.disclosedFields.length} fields disclosed, outsideMou ${d.sendReferral.outsideMou}`,
  },
  {
    id: 'coverage',
    title: 'pathwayCoverage: 500 districts x 10 steps',
    persona: 'steering',
    query: `query BenchCoverage($pathwayId: ID!, $areaId: ID!) {
      pathwayCoverage(pathwayId: $pathwayId, areaId: $areaId, level: DISTRICT) {
        steps { position }
        areas { area { code name } coveredShare steps { position status serviceId mouId sopId } }
      }
    }`,
    variables: (m) => ({ pathwayId: m.pathwayId, areaId: m.countryAreaId }),
    describe: (d) => {
      const statuses = new Map<string, number>();
      for (const a of d.pathwayCoverage.areas) for (const s of a.steps) statuses.set(s.status, (statuses.get(s.status) ?? 0) + 1);
      return `${d.pathwayCoverage.areas.length} areas x ${d.pathwayCoverage.steps.length} steps (${[...statuses].map(([k, v]) => `${k} ${v}`).join(', ')})`;
    },
  },
  {
    id: 'stats',
    title: 'statistics: referral flows by category and status, last 90 days in one region, with suppression',
    persona: 'steering',
    query: `query BenchStats($filter: StatisticsFilter) {
      statistics(dataset: REFERRAL_FLOWS, groupBy: [SERVICE_CATEGORY, STATUS], filter: $filter) {
        total totalSuppressed cells { key { dimension value } count suppressed suppression }
      }
    }`,
    variables: (m) => ({ filter: { periodFrom: daysAgo(90), areaIds: [m.searchRegionAreaId] } }),
    describe: (d) => `${d.statistics.cells.length} cells, ${d.statistics.cells.filter((c: any) => c.suppressed).length} suppressed, total ${d.statistics.total}`,
  },
];
