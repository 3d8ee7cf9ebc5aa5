import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/**
 * Keeps the scale seeder (bench/seed-scale.ts) and the benchmark (bench/run.ts) from rotting: both run
 * end to end at a tiny size, with one-second runs at 1 and 2 clients, the search mix, two instances and a
 * few seconds of the memory soak, on a database of their own created on the PostgreSQL server of the test
 * run (and dropped afterwards). The full benchmark is `npm run bench`.
 */
const ROOT = path.resolve(__dirname, '..');
const baseUrl = process.env.MRN_TEST_DATABASE_URL ?? '';
const onPostgres = /^postgres(ql)?:\/\//.test(baseUrl);
const hasAutocannon = (() => {
  try {
    require.resolve('autocannon');
    return true;
  } catch {
    return false;
  }
})();

if (!onPostgres) console.log('bench-smoke skipped: the benchmark runs on PostgreSQL only (DATABASE_URL=postgres://... npm test runs it)');
else if (!hasAutocannon) console.log('bench-smoke skipped: autocannon is not installed (it is a devDependency of the benchmark)');

const suite = onPostgres && hasAutocannon ? describe : describe.skip;

function runNode(args: string[], env: Record<string, string>): Promise<{ code: number; output: string }> {
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) childEnv[k] = v;
  delete childEnv.NODE_OPTIONS;
  return new Promise((resolve) => {
    execFile(process.execPath, args, { cwd: ROOT, env: childEnv, timeout: 120_000 }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, output: `${stdout}${stderr}` });
    });
  });
}

// what the benchmark measures must be what `npm start` runs
it('starts its servers with the V8 flags of npm start', () => {
  const { SERVER_V8_FLAGS } = require('../bench/processes') as typeof import('../bench/processes');
  const start: string = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts.start;
  expect(start).toContain(`node ${SERVER_V8_FLAGS.join(' ')} dist/src/main.js`);
});

suite('scale seeder and benchmark, tiny size', () => {
  let database: TestDatabase | undefined;
  let databaseUrl = '';
  let outDir = '';

  beforeAll(async () => {
    database = await createTestDatabase(baseUrl, 'mrn_bench');
    databaseUrl = database.url;
    outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-bench-smoke-'));
  });

  afterAll(async () => {
    await database?.drop();
    if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
  });

  it('seeds at scale, refuses to seed twice, and reports every workload with its floors', async () => {
    const seedArgs = [path.join(ROOT, 'dist', 'bench', 'seed-scale.js'), '--services', '500', '--referrals', '1000', '--ids-file', path.join(outDir, 'ids.json')];
    const seeded = await runNode(seedArgs, { DATABASE_URL: databaseUrl });
    expect(seeded.output).toContain('services 500/500');
    expect(seeded.output).toContain('referrals 1000/1000');
    expect(seeded.code).toBe(0);
    const ids = JSON.parse(fs.readFileSync(path.join(outDir, 'ids.json'), 'utf8'));
    expect(ids.sizes).toMatchObject({ services: 500, referrals: 1000 });

    const again = await runNode(seedArgs, { DATABASE_URL: databaseUrl });
    expect(again.code).toBe(2);
    expect(again.output).toContain('--force');

    // loaded only here, so that the file loads (and skips) where the benchmark's dependencies are missing
    const { runBench, writeReport } = require('../bench/run') as typeof import('../bench/run');
    const workloads = ['search', 'near', 'inbox', 'send', 'coverage', 'stats'] as const;
    const report = await runBench({
      databaseUrl, duration: 1, warmup: 0.2, connections: [1, 2], pool: 4, outDir, name: 'smoke', logLevel: 'warn',
      workloads: ['mix', ...workloads], probeOnly: false, mixSample: 5, instances: 2, soak: 4, soakSampleSeconds: 1, log: () => undefined,
    });
    writeReport(report, outDir, 'smoke');

    const json = JSON.parse(fs.readFileSync(path.join(outDir, 'smoke.json'), 'utf8'));
    expect(json.machine.cores).toBe(os.cpus().length);
    expect(json.workloads.map((w: any) => w.id)).toEqual([...workloads]);
    const good = (r: any) => {
      expect(r.reqPerSec).toBeGreaterThan(0);
      expect(r.p50).toBeGreaterThan(0);
      expect(r.p99).toBeGreaterThanOrEqual(r.p95);
      expect(r.non2xx + r.graphqlErrors + r.errors).toBe(0);
    };
    for (const w of json.workloads) {
      expect(w.statements).toBeGreaterThan(0);
      expect(w.capturedStatements).toBe(w.statements);
      expect(w.runs.map((r: any) => r.clients)).toEqual([1, 2]);
      expect(w.floor.map((r: any) => r.clients)).toEqual([1, 2]);
      [...w.runs, ...w.floor].forEach(good);
      expect(typeof w.floorRatio['2']).toBe('number');
    }
    json.frameworkFloor.runs.forEach(good);
    expect(json.enforcementOff.runs).toHaveLength(2);
    json.enforcementOff.runs.forEach(good);
    expect(typeof json.enforcementOff.onOffRatio['2']).toBe('number');
    // the directory searches and the coverage are measured without their caches too
    expect(json.cacheOff.workloads.map((w: any) => w.id)).toEqual(['search', 'near', 'coverage']);
    for (const w of json.cacheOff.workloads) {
      expect(w.statements).toBeGreaterThan(0);
      w.runs.forEach(good);
    }
    // the search mix: distinct requests (none repeated on a server), cache on with its hit rate, cache off, its SQL floor
    const mix = json.searchMix;
    expect(mix.sample.requests).toBe(5);
    expect(mix.sample.statements.max).toBeGreaterThan(0);
    for (const runs of [mix.runs, mix.cacheOffRuns, mix.floor]) {
      expect(runs.map((r: any) => r.clients)).toEqual([1, 2]);
      runs.forEach(good);
    }
    for (const r of mix.runs) {
      expect(r.cacheHits + r.cacheMisses).toBe(r.requests);
      expect(r.slowest.ms).toBe(r.max);
      expect(r.slowest.label).toEqual(expect.any(Object));
    }
    expect(mix.shape.text).toBeGreaterThan(0);
    expect(mix.statementsByPageSize.length).toBeGreaterThan(0);
    // one and two instances side by side, at the highest client count
    expect(json.instances.rows.map((x: any) => x.id)).toEqual(['mix', 'inbox']);
    for (const row of json.instances.rows) {
      expect(row.clients).toBe(2);
      good(row.one);
      good(row.two);
    }
    // and one instance running two API processes (API_PROCESSES=2), beside one process
    expect(json.processes.rows.map((x: any) => x.id)).toEqual(['mix', 'inbox']);
    for (const row of json.processes.rows) {
      expect(row.clients).toBe(2);
      good(row.two);
    }
    // the soak: every persona answered, memory sampled
    expect(json.soak.personas.map((p: any) => p.id)).toEqual(['search mix', 'inbox', 'coverage', 'send']);
    for (const p of json.soak.personas) expect(p.run.non2xx + p.run.graphqlErrors + p.run.errors).toBe(0);
    expect(json.soak.samples.length).toBeGreaterThanOrEqual(3);
    expect(json.soak.samples.every((s: any) => s.rssMB > 0 && s.heapUsedMB > 0)).toBe(true);
    expect(json.targets.map((t: any) => t.id)).toEqual(expect.arrayContaining(['mix-p50', 'mix-p99', 'mix-slowest', 'mix-throughput', 'mix-p99-loaded', 'mix-processes', 'inbox-throughput',
      'inbox-floor', 'inbox-floor-processes', 'enforcement-cost', 'coverage-latency', 'coverage-loaded', 'statements-constant', 'memory-flat']));
    expect(json.targets.find((t: any) => t.id === 'statements-constant').met).toBe(true);
    expect(json.problems).toEqual([]);

    const markdown = fs.readFileSync(path.join(outDir, 'smoke.md'), 'utf8');
    expect(markdown).toContain('| Workload | Clients | req/s | p50 | p95 | p99 |');
    expect(markdown).toContain(`**${os.cpus().length} cores**`);
    expect(markdown).toMatch(/## Targets/);
    expect(markdown).toContain('**search mix**, cache on');
    expect(markdown).toMatch(/### One and 2 API instances/);
    expect(markdown).toMatch(/### One instance with API_PROCESSES=2/);
    expect(markdown).toMatch(/### Memory over a mixed run/);
  }, 400_000);
});
