/**
 * `node dist/bench/stats-service.js [--dist <dir>]... [--iterations 30] [--check]`: the statistics
 * service alone, on DATABASE_URL (the scaled data), without HTTP or GraphQL: each iteration runs the
 * bench's stats query (REFERRAL_FLOWS by category and status, last 90 days in one region) and reports
 * the time spent waiting for SQL and the time spent in Node (the rest), median and best.
 *
 * Several --dist directories (compiled builds of different commits, e.g. `--dist /tmp/old/dist --dist
 * dist`) run interleaved, so that each sees the same load on a shared machine. --check also answers a
 * set of other statistics queries with each build and compares the answers (cells, suppression, totals,
 * noise), printing a digest of each. Audit events are not written (the audit insert is skipped).
 */
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { readScaleManifest } from './seed-scale';

const { values: args } = parseArgs({
  options: {
    dist: { type: 'string', multiple: true },
    iterations: { type: 'string', default: '30' },
    check: { type: 'boolean', default: false },
  },
});

const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

interface Timed { sqlMs: number; statements: number }

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('set DATABASE_URL to the scaled database');
  const pool = new Pool({ connectionString: url, max: 2 });
  const manifest = await readScaleManifest({ query: async (sql: string, params?: unknown[]) => (await pool.query(sql, params as any[])).rows });
  if (!manifest?.complete) throw new Error('no complete scale data: npm run seed:scale first');
  const dists = (args.dist?.length ? args.dist : [path.resolve(__dirname, '..')]).map((d) => path.resolve(d));
  const timer: Timed = { sqlMs: 0, statements: 0 };
  const query = async (sql: string, params?: unknown[]) => {
    const t = performance.now();
    const r = await pool.query(sql, params as any[]);
    timer.sqlMs += performance.now() - t;
    timer.statements++;
    return r.rows;
  };
  const db = { query, manager: { query: async () => [] }, transaction: async (f: any) => f({ query }) };
  const services = dists.map((d) => {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const { StatisticsService } = require(path.join(d, 'src/statistics/statistics.service'));
    return { dist: d, service: new StatisticsService(db, null, { threshold: 5, perturbationKey: 'bench-stats-service-perturbation-key-0123456789', queryBudget: 50 }) };
  });
  const viewer = { userId: 'bench', agencyId: manifest.benchAgencyId, roles: ['STEERING'] };
  const benchQuery = () => ['REFERRAL_FLOWS', ['SERVICE_CATEGORY', 'STATUS'], { periodFrom: daysAgo(90), areaIds: [manifest.searchRegionAreaId] }] as const;

  if (args.check) {
    const queries: [string, string[], Record<string, unknown>][] = [
      [...benchQuery()] as any,
      ['REFERRAL_FLOWS', [], { periodFrom: daysAgo(90), areaIds: [manifest.searchRegionAreaId] }],
      ['REFERRAL_FLOWS', ['STATUS', 'SERVICE_CATEGORY'], { periodFrom: daysAgo(90), areaIds: [manifest.searchRegionAreaId] }],
      ['REFERRAL_FLOWS', ['MONTH', 'PRIORITY', 'OUTCOME'], { periodFrom: daysAgo(200), areaIds: [manifest.countryAreaId] }],
      ['REFERRAL_FLOWS', ['DECLINE_REASON', 'REGION'], { periodFrom: daysAgo(30) }],
      ['SERVICE_CAPACITY', ['SERVICE_CATEGORY', 'SERVICE_STATUS'], { areaIds: [manifest.searchRegionAreaId] }],
      ['SERVICE_CAPACITY', ['REGION'], { areaIds: [manifest.countryAreaId] }],
      ['SERVICE_FEEDBACK', ['SATISFIED', 'MONTH'], { periodFrom: daysAgo(365) }],
      ['SERVICE_FEEDBACK', ['AGENCY'], { periodFrom: daysAgo(365), areaIds: [manifest.searchRegionAreaId] }],
    ];
    // sensitive queries: an approval by the agencies holding the most cases, the budget never spent (nothing written)
    const holders: string[] = (await query(`SELECT owner_agency_id::text AS id FROM cases GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 40`)).map((r: any) => r.id);
    const approval = (dimensions: string[]) => ({ authorise: async () => ({ request: { id: 'bench', dimensions }, holders, reasons: [] }) });
    const sensitive: [string[], string[], Record<string, unknown>][] = [
      [['POPULATION_GROUP', 'SEX', 'AGE_BAND', 'AGENCY', 'COUNTRY', 'MONTH'], ['POPULATION_GROUP', 'SEX'], {}],
      [['POPULATION_GROUP', 'SEX', 'AGE_BAND', 'COUNTRY'], ['AGE_BAND'], { periodFrom: daysAgo(365) }],
      [['POPULATION_GROUP', 'AGE_BAND', 'AGENCY'], ['AGENCY', 'POPULATION_GROUP'], { periodFrom: daysAgo(200) }],
      [['SEX', 'MONTH'], [], { periodFrom: daysAgo(100) }],
    ];
    let same = true;
    for (const [dimensions, groupBy, filter] of sensitive) {
      const digests: string[] = [];
      for (const { service } of services) {
        const s = Object.create(service);
        s.accessRequests = approval(dimensions);
        s.spend = async () => ({ used: 1 });
        const r = await s.query(viewer, 'CASE_LOAD', groupBy, filter);
        digests.push(createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 16) + ` (${r.cells.length} cells, ${r.cells.filter((c: any) => c.suppressed).length} suppressed, total ${r.total})`);
      }
      const ok = digests.every((d) => d === digests[0]);
      same &&= ok;
      console.log(`${ok ? 'same' : 'DIFFERENT'} CASE_LOAD by [${groupBy.join(', ')}] under [${dimensions.join(', ')}] ${JSON.stringify(filter)}: ${digests.join(' | ')}`);
    }
    for (const [dataset, groupBy, filter] of queries) {
      const digests: string[] = [];
      for (const { service } of services) {
        const r = await service.query(viewer, dataset, groupBy, filter);
        digests.push(createHash('sha256').update(JSON.stringify(r)).digest('hex').slice(0, 16) + ` (${r.cells.length} cells, ${r.cells.filter((c: any) => c.suppressed).length} suppressed, total ${r.total})`);
      }
      const ok = digests.every((d) => d === digests[0]);
      same &&= ok;
      console.log(`${ok ? 'same' : 'DIFFERENT'} ${dataset} by [${groupBy.join(', ')}] ${JSON.stringify(filter)}: ${digests.join(' | ')}`);
    }
    if (!same) process.exitCode = 1;
  }

  const iterations = Number(args.iterations);
  const runs = services.map(() => ({ sql: [] as number[], node: [] as number[], statements: 0 }));
  for (let i = 0; i < iterations + 3; i++) {
    for (let s = 0; s < services.length; s++) {
      const [dataset, groupBy, filter] = benchQuery();
      timer.sqlMs = 0;
      timer.statements = 0;
      const t = performance.now();
      await services[s].service.query(viewer, dataset, [...groupBy], filter);
      const total = performance.now() - t;
      if (i < 3) continue; // warm-up
      runs[s].sql.push(timer.sqlMs);
      runs[s].node.push(total - timer.sqlMs);
      runs[s].statements = timer.statements;
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const best = (xs: number[]) => Math.min(...xs);
  const f = (n: number) => n.toFixed(1);
  console.log(`stats query, ${iterations} iterations each, interleaved; load average ${require('node:os').loadavg().map((x: number) => x.toFixed(1)).join(' ')}`);
  services.forEach(({ dist }, s) => {
    const r = runs[s];
    console.log(`${dist}: ${r.statements} statements; SQL median ${f(median(r.sql))} ms (best ${f(best(r.sql))}); Node median ${f(median(r.node))} ms (best ${f(best(r.node))})`);
  });
  await pool.end();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
