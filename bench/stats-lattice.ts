/**
 * `node dist/bench/stats-lattice.js [--old <dist>] [--iterations 200]`: the pure work of the bench's stats
 * query (REFERRAL_FLOWS by category and status, last 90 days in one region) on its finest cells, read once
 * from DATABASE_URL (the scaled data): summing the lattice, protecting it, the digests and sums of the
 * table asked for. Prints the median and best time of each step. With --old (the dist directory of a
 * build before the numbered lattice), its sumLattice, protectLattice and cellsOf with sortedSetDigest on
 * the same cells, interleaved with ours.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Pool } from 'pg';
import { readScaleManifest } from './seed-scale';
import { StatisticsService } from '../src/statistics/statistics.service';
import { Dataset, Dimension } from '../src/statistics/datasets';
import { keysInTable, latticeOf, protectNumbered, sumsByKey, type FinestCell } from '../src/statistics/lattice';
import { groupDigests } from '../src/statistics/record-digests';

const { values: args } = parseArgs({ options: { old: { type: 'string' }, iterations: { type: 'string', default: '200' } } });
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString().slice(0, 10);

async function main() {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
  const query = async (sql: string, params?: unknown[]) => (await pool.query(sql, params as any[])).rows;
  const manifest = await readScaleManifest({ query });
  if (!manifest?.complete) throw new Error('no complete scale data on DATABASE_URL: npm run seed:scale first');
  // the finest cells as the service reads them: the rows of its GROUP BY
  let rows: any[] = [];
  const capture = { query: async (sql: string, params?: unknown[]) => (sql.includes('GROUP BY') ? (rows = await query(sql, params)) : query(sql, params)), manager: { query: async () => [] } };
  const service = new StatisticsService(capture as any, null as any, { threshold: 5, perturbationKey: 'bench-stats-lattice-perturbation-key-0123456789', queryBudget: 50 });
  const groupBy = [Dimension.SERVICE_CATEGORY, Dimension.STATUS];
  await service.query({ userId: 'bench', agencyId: manifest.benchAgencyId } as any, Dataset.REFERRAL_FLOWS, groupBy, { periodFrom: daysAgo(90), areaIds: [manifest.searchRegionAreaId] });
  await pool.end();
  const dims = Object.keys(rows[0]).filter((k) => /^d\d+$/.test(k));
  const allowed = ['SERVICE_CATEGORY', 'COUNTRY', 'REGION', 'PRIORITY', 'STATUS', 'OUTCOME', 'DECLINE_REASON', 'MONTH'].slice(0, dims.length);
  const finest: FinestCell[] = rows.map((r) => ({ values: dims.map((d) => r[d]), count: r.n, records: r.rids, sums: {} }));
  const multi = new Set<string>();
  console.log(`${rows.length} finest cells over ${dims.length} dimensions, ${finest.reduce((s, c) => s + c.count, 0)} records`);

  const steps: [string, () => unknown][] = [];
  const lattice = () => latticeOf(allowed, multi, finest, 3);
  const l = lattice();
  const asked = l.tables[l.byMask.get(1 | (1 << 4))!];
  const prot = protectNumbered(l, 5, false);
  steps.push(['latticeOf', lattice]);
  steps.push(['protectNumbered', () => protectNumbered(l, 5, false)]);
  const keysOf = keysInTable(l, asked);
  const groupOf = new Map(asked.keys.map((k, c) => [k, c]));
  const groupsOf = keysOf.map((keys) => keys.map((k) => groupOf.get(k)!));
  const held = prot.held[l.byMask.get(1 | (1 << 4))!];
  steps.push(['keysInTable', () => keysInTable(l, asked)]);
  steps.push(['groupDigests', () => groupDigests(finest.map((c) => c.records), groupsOf, asked.keys.length, (c) => held[c] === 0, true)]);
  steps.push(['sumsByKey', () => sumsByKey(finest, keysOf, [])]);
  if (args.old) {
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const oldLattice = require(path.resolve(args.old, 'src/statistics/lattice'));
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    const oldSuppression = require(path.resolve(args.old, 'src/statistics/suppression'));
    const oldFinest = () => rows.map((r) => ({ values: dims.map((d) => r[d]), count: r.n, recordIds: r.rids ? r.rids.split(',') : [], sums: {} }));
    const tables = oldLattice.sumLattice(allowed, multi, oldFinest(), 3);
    steps.push(['old sumLattice', () => oldLattice.sumLattice(allowed, multi, oldFinest(), 3)]);
    steps.push(['old protectLattice', () => oldSuppression.protectLattice(tables, 5, false)]);
    steps.push(['old cellsOf+digests', () => {
      const found = oldLattice.cellsOf(allowed, multi, oldFinest(), groupBy);
      for (const cell of found.cells.values()) oldSuppression.sortedSetDigest(cell.recordIds);
      return oldSuppression.sortedSetDigest(found.recordIds);
    }]);
  }
  const times = steps.map(() => [] as number[]);
  const iterations = Number(args.iterations);
  for (let i = 0; i < iterations + 10; i++) {
    steps.forEach(([, f], s) => {
      const t = performance.now();
      f();
      if (i >= 10) times[s].push(performance.now() - t);
    });
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  console.log(`${iterations} iterations, interleaved; load average ${require('node:os').loadavg().map((x: number) => x.toFixed(1)).join(' ')}`);
  steps.forEach(([name], s) => console.log(`${name.padEnd(22)} median ${median(times[s]).toFixed(2)} ms, best ${Math.min(...times[s]).toFixed(2)} ms`));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
