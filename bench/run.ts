import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Pool } from 'pg';
import { signToken } from '../src/auth/jwt';
import type { Role } from '../src/auth/roles';
import { readScaleManifest, type ScaleManifest } from './seed-scale';
import { httpRun as httpRunNow, httpRunRaw as httpRunRawNow, httpRunSplit, merge, sqlRun, sqlRunEach, statementTimes, type HttpRequest, type RunResult, type Statement } from './load';
import { repoRoot, request, SERVER_NODE_FLAGS, startNodeProcess, waitForEveryProcess, type RunningProcess } from './processes';
import { renderMarkdown } from './report';
import { DEFAULT_MIX_SEED, loadSearchMixData, MIX_PAGE, mixBody, mixShape, searchMixSequence, type SearchMixData, type SearchMixRequest } from './search-mix';
import { HEAP_SLOPE_BOUND_MB_PER_MIN, RSS_SLOPE_BOUND_MB_PER_MIN, runSoak, type SoakReport } from './soak';
import { PAGE, WORKLOADS, type Persona, type SingleWorkloadId, type Workload, type WorkloadId } from './workloads';

/**
 * `npm run bench`: the performance benchmark on the scaled data (npm run seed:scale first).
 *
 * Starts the compiled server on DATABASE_URL and drives it over HTTP with autocannon: six workloads at
 * 1 and 32 clients. In the same run, three floors: the SQL of each workload executed directly with pg
 * at the same concurrency (captured from one request of the server itself), a bare Apollo Server
 * answering a constant, and the inbox with the disclosure check switched off
 * (BENCH_DISABLE_DISCLOSURE_CHECK). Writes bench/results/<name>.json and .md and prints the Markdown.
 */

export interface BenchOptions {
  databaseUrl: string;
  /** Seconds of each measured run. */
  duration: number;
  /** Seconds of load before each measured run, not counted. */
  warmup: number;
  connections: number[];
  /** Connections of the server's pool (DATABASE_POOL_SIZE) and of the database floor's. */
  pool: number;
  outDir: string;
  name: string;
  logLevel: string;
  workloads: WorkloadId[];
  /** Only check the answers and count statements; no load. */
  probeOnly: boolean;
  /** Seed of the search mix's sequence (the same seed, the same requests). */
  mixSeed?: number;
  /** Mix requests whose SQL is captured and replayed for the mix's database floor. */
  mixSample?: number;
  /** 2: the search mix (cache off) and the inbox again on two API instances sharing the database, side by side with one. 1: not run. */
  instances?: number;
  /** Seconds of the mixed soak run measuring the server's memory (0: not run). */
  soak?: number;
  /** Seconds between two memory samples of the soak. */
  soakSampleSeconds?: number;
  log: (line: string) => void;
}

export interface WorkloadReport {
  id: SingleWorkloadId;
  title: string;
  /** SQL statements of one request (x-sql-statements). */
  statements: number;
  /** Statements at each probed page size. */
  statementsByPageSize: Record<string, number>;
  /** Statements captured at the pg driver for the floor (should equal `statements`). */
  capturedStatements: number;
  /** Each captured statement run alone, one connection, median of three (ms). */
  statementMs: { sql: string; ms: number }[];
  answer: string;
  runs: RunResult[];
  floor: RunResult[];
  /** Our throughput / the database floor's, per client count. */
  floorRatio: Record<string, number | null>;
  /** Audit events the server wrote while this workload ran (inbox reads and writes are audited). */
  auditEventsWritten?: number;
}

export interface SearchMixReport {
  title: string;
  seed: number;
  pageSize: number;
  /** Each part's share among the requests the cache-on server was sent (the issue's shape: text 70%, typo 15% of those, ...). */
  shape: Record<string, number>;
  /** Statements of a few mix requests with a full page, at first 10 and first 20. */
  statementsByPageSize: { filter: unknown; byPageSize: Record<string, number> }[];
  /** The captured sample whose SQL is the floor: its size, and statements per request. */
  sample: { requests: number; statements: { min: number; median: number; max: number }; totalCount: { median: number; max: number } };
  /** Cache on, as configured by default: each run with its hit rate (x-directory-cache) and slowest request. */
  runs: RunResult[];
  /** Cache off (DIRECTORY_CACHE_TTL_SECONDS=0). */
  cacheOffRuns: RunResult[];
  /** The captured sample's SQL replayed round-robin with pg at the same concurrency. */
  floor: RunResult[];
  /** Cache off / floor, per client count. */
  floorRatio: Record<string, number | null>;
}

export interface InstancesReport {
  title: string;
  poolPerInstance: number;
  rows: { id: 'mix' | 'inbox'; title: string; clients: number; one: RunResult | null; two: RunResult }[];
}

/** How DATABASE_URL reaches PostgreSQL: a Unix socket (`?host=/dir`) or TCP to host:port. */
export function connectionOf(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const socket = url.searchParams.get('host');
  return socket?.startsWith('/') ? `Unix socket in ${socket}` : `TCP to ${url.hostname}:${url.port || 5432}`;
}

export interface BenchReport {
  version: 1;
  startedAt: string;
  finishedAt: string;
  machine: { cores: number; cpuModel: string; memoryGiB: number; node: string; platform: string; postgres: string; connection?: string };
  settings: { duration: number; warmup: number; connections: number[]; pool: number; logLevel: string; database: string; instances?: number; soak?: number };
  data: ScaleManifest['sizes'] & { auditEventsBefore: number; auditEventsAfter: number };
  workloads: WorkloadReport[];
  frameworkFloor: { title: string; runs: RunResult[] };
  enforcementOff: { title: string; statements: number; runs: RunResult[]; onOffRatio: Record<string, number | null> } | null;
  /** The directory searches again on a server without the search cache (DIRECTORY_CACHE_TTL_SECONDS=0): every request runs its SQL. */
  cacheOff?: { title: string; workloads: { id: SingleWorkloadId; statements: number; runs: RunResult[]; floorRatio: Record<string, number | null> }[] } | null;
  searchMix?: SearchMixReport | null;
  instances?: InstancesReport | null;
  /** The same rows on one instance running `settings.instances` API processes (API_PROCESSES). */
  processes?: InstancesReport | null;
  soak?: SoakReport | null;
  targets: { id: string; target: string; measured: string; met: boolean | null; note?: string }[];
  problems: string[];
}

const ratio = (a: number | undefined, b: number | undefined) => (a !== undefined && b ? Math.round((a / b) * 1000) / 1000 : null);

export async function runBench(options: BenchOptions): Promise<BenchReport> {
  const { log } = options;
  if (!/^postgres(ql)?:\/\//.test(options.databaseUrl)) throw new Error('The benchmark runs on PostgreSQL: set DATABASE_URL=postgres://...');
  const root = repoRoot();
  const serverEntry = path.join(root, 'dist', 'src', 'main.js');
  if (!fs.existsSync(serverEntry)) throw new Error(`${serverEntry} is missing: run npm run build first`);
  const startedAt = new Date();
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-bench-'));
  const problems: string[] = [];
  const pool = new Pool({ connectionString: options.databaseUrl, max: options.pool });
  const running: RunningProcess[] = [];
  const start = async (name: string, args: string[], env: Record<string, string | undefined>) => {
    const p = await startNodeProcess(name, args, env, path.join(workDir, `${name}.log`));
    running.push(p);
    return p;
  };
  const stop = async (p: RunningProcess) => {
    await p.stop();
    running.splice(running.indexOf(p), 1);
  };

  try {
    const db = { query: async (sql: string, params?: unknown[]) => (await pool.query(sql, params)).rows };
    const manifest = await readScaleManifest(db);
    if (!manifest) throw new Error('This database has no scale data: run npm run seed:scale first (same DATABASE_URL)');
    if (!manifest.complete) throw new Error('The scale data of this database is incomplete (an interrupted seed): run npm run seed:scale -- --force');
    const [{ version }] = await db.query(`SELECT current_setting('server_version') AS version`);
    const auditCount = async () => Number((await db.query(`SELECT count(*)::int AS n FROM audit_events`))[0].n);
    const auditEventsBefore = await auditCount();
    /** Waits until PostgreSQL has finished what an aborted run left in flight (autocannon stops; the server does not). */
    const settle = async () => {
      const deadline = Date.now() + 180_000;
      while (Date.now() < deadline) {
        const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state <> 'idle'
          AND pid <> pg_backend_pid() AND backend_type = 'client backend'`);
        if (n === 0) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      problems.push('the database was still busy 180 s after a run ended');
    };
    /** After a run: the database idle, and the server's event loop through whatever it still had queued. */
    const settleAfter = async (url: string) => {
      await settle();
      await request(`${url}/healthz`).catch(() => undefined);
      await settle();
    };
    const httpRun = async (req: HttpRequest, clients: number, seconds: number) => {
      const run = await httpRunNow(req, clients, seconds);
      await settleAfter(req.url);
      return run;
    };
    const httpRunRaw = async (req: HttpRequest, clients: number, seconds: number) => {
      const run = await httpRunRawNow(req, clients, seconds);
      await settleAfter(req.url);
      return run;
    };
    log(`bench: ${manifest.sizes.services} services, ${manifest.sizes.referrals} referrals; ${os.cpus().length} cores; PostgreSQL ${version}; ${options.duration} s per run at ${options.connections.join(' and ')} clients`);

    const secret = randomBytes(32).toString('hex');
    const persona = async (p: Persona) => {
      const claims: Record<Persona, { sub: string; agency: string; roles: Role[] }> = {
        caseManager: { sub: 'bench-case-manager', agency: manifest.senderAgencyId, roles: ['CASE_MANAGER' as Role] },
        focalPoint: { sub: 'bench-focal-point', agency: manifest.benchAgencyId, roles: ['REFERRAL_FOCAL_POINT' as Role] },
        steering: { sub: 'bench-steering', agency: manifest.senderAgencyId, roles: ['STEERING_COMMITTEE' as Role] },
      };
      return signToken(secret, claims[p], '6h');
    };
    const tokens: Record<Persona, string> = { caseManager: await persona('caseManager'), focalPoint: await persona('focalPoint'), steering: await persona('steering') };
    const serverEnv = (extra: Record<string, string> = {}) => ({
      NODE_ENV: 'benchmark', DATABASE_URL: options.databaseUrl, DATABASE_POOL_SIZE: String(options.pool), JWT_SECRET: secret,
      JWKS_URL: undefined, JWT_ISSUER: undefined, JWT_AUDIENCE: undefined, LOG_LEVEL: options.logLevel, SQL_STATEMENT_HEADER: 'true',
      SEED_DEMO_DATA: 'false', BENCH_DISABLE_DISCLOSURE_CHECK: undefined, BENCH_SQL_CAPTURE_FILE: undefined,
      // the per-token rate limit (when the server has one) stays on, with a budget the load cannot exhaust
      RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000', REDIS_URL: undefined, ...extra,
    });
    const workloads = WORKLOADS.filter((w) => options.workloads.includes(w.id));
    const body = (w: Workload, pageSize = PAGE) => JSON.stringify({ query: w.query, variables: w.variables(manifest, pageSize) });
    const headers = (w: Workload) => ({ authorization: `Bearer ${tokens[w.persona]}` });
    const postBody = async (base: string, auth: Record<string, string>, payload: string, extra: Record<string, string> = {}) => {
      const response = await request(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...auth, ...extra }, body: payload });
      let json: { data?: any; errors?: { message: string; path?: unknown[]; extensions?: any }[] };
      try {
        json = JSON.parse(response.body);
      } catch {
        json = { errors: [{ message: response.body.slice(0, 300) }] };
      }
      return { status: response.status, json, statements: Number(response.headers['x-sql-statements'] ?? NaN), cache: response.headers['x-directory-cache'] };
    };
    const post = (base: string, w: Workload, pageSize = PAGE, extra: Record<string, string> = {}) => postBody(base, headers(w), body(w, pageSize), extra);
    const failure = (r: Awaited<ReturnType<typeof postBody>>) =>
      r.status !== 200 || !r.json.data || r.json.errors?.length
        ? `HTTP ${r.status}: ${(r.json.errors ?? []).slice(0, 3).map((e) => `${e.extensions?.code ?? ''} ${e.message} at ${JSON.stringify(e.path ?? [])}`).join('; ') || 'no data'}`
        : null;
    /** One request that must succeed: HTTP 200, data, no GraphQL error. */
    const probe = async (base: string, w: Workload, pageSize = PAGE, extra: Record<string, string> = {}) => {
      const r = await post(base, w, pageSize, extra);
      const failed = failure(r);
      if (failed) throw new Error(`workload ${w.id}: the probe request failed (${failed})`);
      return r;
    };

    // ---- the search mix (bench/search-mix.ts): each server gets its own sequence of the same seed, shared by
    // all its connections and runs (warm-ups included), so that no request repeats on a server ----
    const mixSelected = options.workloads.includes('mix');
    const mixSeed = options.mixSeed ?? DEFAULT_MIX_SEED;
    const mixData: SearchMixData | null = mixSelected || (options.soak ?? 0) > 0 ? await loadSearchMixData(db) : null;
    const mixHeaders = { authorization: `Bearer ${tokens.caseManager}` };
    const mixSource = () => {
      const sequence = searchMixSequence(mixData!, mixSeed);
      const sent: Pick<SearchMixRequest, 'parts'>[] = [];
      const nextBody = () => {
        const r = sequence.next().value;
        sent.push({ parts: r.parts });
        return { body: mixBody(r), label: r.variables.filter };
      };
      return { sent, request: (url: string, countCache = false): HttpRequest => ({ url, headers: mixHeaders, body: '', nextBody, countCache }) };
    };
    const mixProbe = async (base: string, variables: SearchMixRequest['variables'], extra: Record<string, string> = {}) => {
      const r = await postBody(base, mixHeaders, mixBody({ variables }), extra);
      const failed = failure(r);
      if (failed) throw new Error(`search mix: a request failed (${failed}); its variables: ${JSON.stringify(variables)}`);
      return r;
    };

    // ---- 1. probe every workload once on a capturing server: correctness, statements, the SQL for the floor ----
    const captureFile = path.join(workDir, 'captured-sql.jsonl');
    // (none of it with --soak-only)
    const anyLoad = workloads.length > 0 || mixSelected;
    const capturing = anyLoad ? await start('capture-server', [...SERVER_NODE_FLAGS, '--require', path.join(root, 'bench', 'capture-sql.js'), serverEntry], serverEnv({ BENCH_SQL_CAPTURE_FILE: captureFile, COVERAGE_CACHE_TTL_SECONDS: '0' })) : null;
    const reports = new Map<WorkloadId, WorkloadReport>();
    const captured = new Map<WorkloadId, Statement[]>();
    for (const w of workloads) {
      const statementsByPageSize: Record<string, number> = {};
      // a first uncaptured request warms what is warm under load: the caller's agency and roles, looked up once
      // per person (src/auth/jwt.ts), and the agreements of the inbox's pairs of agencies (src/agreements/pair-cache.ts)
      await probe(capturing!.url, w, PAGE);
      for (const size of (w.pageSizes ?? [PAGE]).filter((s) => s !== PAGE)) statementsByPageSize[size] = (await probe(capturing!.url, w, size)).statements;
      const r = await probe(capturing!.url, w, PAGE, { 'x-bench-capture': w.id });
      statementsByPageSize[PAGE] = r.statements;
      const lines = fs.existsSync(captureFile) ? fs.readFileSync(captureFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
      const statements = lines.filter((l) => l.label === w.id).map((l) => ({ text: l.text, values: l.values }));
      captured.set(w.id, statements);
      if (statements.length !== r.statements) problems.push(`${w.id}: ${statements.length} statements captured at the driver, the server counted ${r.statements}`);
      const answer = w.describe(r.json.data);
      log(`probe ${w.id}: ${answer}; ${r.statements} SQL statements (${Object.entries(statementsByPageSize).map(([k, v]) => `first ${k}: ${v}`).join(', ')})`);
      reports.set(w.id, { id: w.id, title: w.title, statements: r.statements, statementsByPageSize, capturedStatements: statements.length, statementMs: [], answer, runs: [], floor: [], floorRatio: {} });
    }
    // the mix: the SQL of a sample of its requests (the first of the sequence) for its database floor, and
    // statements at first 10 and 20 for a few requests with at least 10 matches (both pages full of nested loads)
    let searchMix: SearchMixReport | null = null;
    let mixCaptured: Statement[][] = [];
    if (mixData && mixSelected) {
      const probeSequence = searchMixSequence(mixData, mixSeed);
      const sampleRequests = Array.from({ length: options.mixSample ?? 40 }, () => probeSequence.next().value);
      // warms the caller's cached agency and roles, as under load (page size 1: not a request of the sample for the search cache)
      await mixProbe(capturing!.url, { ...sampleRequests[0].variables, first: 1 });
      const counts: number[] = [];
      const totals: number[] = [];
      for (const [i, r] of sampleRequests.entries()) {
        const answer = await mixProbe(capturing!.url, r.variables, { 'x-bench-capture': `mix-${i}` });
        counts.push(answer.statements);
        totals.push(answer.json.data.services.totalCount);
      }
      const lines = fs.existsSync(captureFile) ? fs.readFileSync(captureFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
      mixCaptured = sampleRequests.map((_r, i) => lines.filter((l) => l.label === `mix-${i}`).map((l) => ({ text: l.text, values: l.values })));
      const mismatched = mixCaptured.filter((c, i) => c.length !== counts[i]).length;
      if (mismatched) problems.push(`search mix: for ${mismatched} of ${counts.length} sampled requests the statements captured at the driver differ from the server's count`);
      const statementsByPageSize: SearchMixReport['statementsByPageSize'] = [];
      for (let tries = 0; statementsByPageSize.length < 5 && tries < 200; tries++) {
        const r = probeSequence.next().value;
        const at20 = await mixProbe(capturing!.url, r.variables);
        if (at20.json.data.services.edges.length < 10 || at20.cache === 'hit') continue;
        const at10 = await mixProbe(capturing!.url, { ...r.variables, first: 10 });
        if (at10.cache === 'hit') continue;
        statementsByPageSize.push({ filter: r.variables.filter, byPageSize: { 10: at10.statements, [MIX_PAGE]: at20.statements } });
      }
      if (!statementsByPageSize.length) problems.push('search mix: no request of the first 200 had 10 matches or more: statements by page size not probed');
      const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
      const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
      searchMix = {
        title: `Search mix: distinct searches (seed ${mixSeed}), page of ${MIX_PAGE} with totalCount, distance, agency, categories, locations and their area`,
        seed: mixSeed, pageSize: MIX_PAGE, shape: mixShape(sampleRequests), statementsByPageSize,
        sample: { requests: sampleRequests.length, statements: { min: sorted(counts)[0], median: median(counts), max: sorted(counts)[counts.length - 1] }, totalCount: { median: median(totals), max: sorted(totals)[totals.length - 1] } },
        runs: [], cacheOffRuns: [], floor: [], floorRatio: {},
      };
      log(`probe mix: ${sampleRequests.length} requests, ${searchMix.sample.statements.min}-${searchMix.sample.statements.max} SQL statements (median ${searchMix.sample.statements.median}), totalCount median ${searchMix.sample.totalCount.median}; ` +
        `by page size: ${statementsByPageSize.map((x) => `${x.byPageSize[10]}/${x.byPageSize[MIX_PAGE]}`).join(', ')} (first 10/first ${MIX_PAGE})`);
    }
    if (capturing) await stop(capturing);
    for (const w of workloads) {
      const report = reports.get(w.id)!;
      report.statementMs = (await statementTimes(pool, captured.get(w.id)!)).map((x) => ({ ...x, sql: x.sql.slice(0, 400) }));
      const slowest = [...report.statementMs].sort((a, b) => b.ms - a.ms)[0];
      if (slowest) log(`statements ${w.id}: ${report.statementMs.map((x) => x.ms).join(' + ')} ms; slowest: ${slowest.sql.slice(0, 100)}...`);
    }
    if (options.probeOnly) {
      const cpus = os.cpus();
      return {
        version: 1, startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(),
        machine: { cores: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()} ${os.arch()}`, postgres: version, connection: connectionOf(options.databaseUrl) },
        settings: { duration: 0, warmup: 0, connections: options.connections, pool: options.pool, logLevel: options.logLevel, database: redact(options.databaseUrl) },
        data: { ...manifest.sizes, auditEventsBefore, auditEventsAfter: await auditCount() },
        workloads: workloads.map((w) => reports.get(w.id)!), frameworkFloor: { title: 'not run (--probe-only)', runs: [] }, enforcementOff: null, searchMix, targets: [], problems,
      };
    }

    const logRun = (label: string, run: RunResult) => {
      const flags = [run.non2xx && `${run.non2xx} non-2xx`, run.graphqlErrors && `${run.graphqlErrors} with GraphQL errors`, run.errors && `${run.errors} errors`].filter(Boolean).join(', ');
      const cache = run.cacheHits !== undefined ? `, cache hits ${run.cacheHits}/${run.cacheHits + (run.cacheMisses ?? 0)}` : '';
      const slowest = run.slowest ? `; slowest ${JSON.stringify(run.slowest.label)}` : '';
      log(`${label} @${run.clients}: ${run.reqPerSec} req/s, p50 ${run.p50} ms, p95 ${run.p95} ms, p99 ${run.p99} ms, max ${run.max} ms${cache}${flags ? ` (${flags})` : ''}${slowest}`);
      if (flags) problems.push(`${label} at ${run.clients} clients: ${flags}${run.firstProblem ? `; first: ${run.firstProblem}` : ''}`);
    };
    const measureAt = async (label: string, clients: number, fn: (clients: number, seconds: number) => Promise<RunResult>) => {
      if (options.warmup > 0) await fn(clients, options.warmup);
      const run = await fn(clients, options.duration);
      logRun(label, run);
      return run;
    };
    const measure = async (label: string, fn: (clients: number, seconds: number) => Promise<RunResult>) => {
      const runs: RunResult[] = [];
      for (const clients of options.connections) runs.push(await measureAt(label, clients, fn));
      return runs;
    };
    const hi = Math.max(...options.connections);

    // ---- 2. the server, every workload, each followed by floor (a); 3. floor (c): the inbox with the disclosure check switched off ----
    // The inbox is measured on both servers in A-B-A order (on for half the time, off, on again), so that
    // anything that drifts during the run (the audit log grows with every inbox page read) weighs on both alike.
    const server = anyLoad ? await start('server', [...SERVER_NODE_FLAGS, serverEntry], serverEnv()) : null;
    const inbox = workloads.find((w) => w.id === 'inbox');
    const off = inbox ? await start('server-disclosure-off', [...SERVER_NODE_FLAGS, serverEntry], serverEnv({ BENCH_DISABLE_DISCLOSURE_CHECK: 'true' })) : null;
    let enforcementOff: BenchReport['enforcementOff'] = null;
    if (searchMix) {
      const source = mixSource();
      searchMix.runs = await measure('server search mix (cache on)', (clients, seconds) => httpRun(source.request(server!.url, true), clients, seconds));
      searchMix.shape = mixShape(source.sent);
      // the sample's SQL, round-robin: PostgreSQL sees the same statements again and again (warmer
      // buffers than a run of distinct requests), so this floor is if anything optimistic
      searchMix.floor = await measure(`database floor search mix (${mixCaptured.length} requests' SQL)`, (clients, seconds) => sqlRunEach(pool, mixCaptured, clients, seconds));
    }
    for (const w of workloads) {
      await probe(server!.url, w);
      const report = reports.get(w.id)!;
      const auditBefore = await auditCount();
      const on = { url: server!.url, headers: headers(w), body: body(w) };
      if (w.id === 'inbox' && off) {
        const offProbe = await probe(off.url, w);
        const offRequest = { url: off.url, headers: headers(w), body: body(w) };
        const offRuns: RunResult[] = [];
        for (const clients of options.connections) {
          if (options.warmup > 0) {
            await httpRun(on, clients, options.warmup);
            await httpRun(offRequest, clients, options.warmup);
          }
          const a1 = await httpRunRaw(on, clients, options.duration / 2);
          const b = await httpRunRaw(offRequest, clients, options.duration);
          const a2 = await httpRunRaw(on, clients, options.duration / 2);
          const runOn = merge([a1, a2]);
          const runOff = merge([b]);
          report.runs.push(runOn);
          offRuns.push(runOff);
          logRun('server inbox (check on)', runOn);
          logRun('server inbox, disclosure check OFF', runOff);
        }
        enforcementOff = {
          title: 'Referral inbox with the disclosure check switched off (BENCH_DISABLE_DISCLOSURE_CHECK=true), measured A-B-A with the one above',
          statements: offProbe.statements,
          runs: offRuns,
          onOffRatio: Object.fromEntries(options.connections.map((c, i) => [c, ratio(report.runs[i]?.reqPerSec, offRuns[i]?.reqPerSec)])),
        };
      } else {
        report.runs = await measure(`server ${w.id}`, (clients, seconds) => httpRun(on, clients, seconds));
      }
      report.auditEventsWritten = (await auditCount()) - auditBefore;
      // floor (a), right after the server's runs of the same workload (the database is in the same state):
      // the workload's SQL, directly with pg at the same concurrency
      report.floor = await measure(`database floor ${w.id}`, (clients, seconds) => sqlRun(pool, captured.get(w.id)!, clients, seconds));
      report.floorRatio = Object.fromEntries(options.connections.map((c, i) => [c, ratio(report.runs[i]?.reqPerSec, report.floor[i]?.reqPerSec)]));
    }
    if (server) await stop(server);
    if (off) await stop(off);

    // ---- the directory searches and the coverage without their caches: what every first-time question costs ----
    // (the capturing server above ran without the coverage cache, so its floor is the computation's SQL)
    const cacheable = workloads.filter((w) => w.id === 'search' || w.id === 'near' || w.id === 'coverage');
    let cacheOff: BenchReport['cacheOff'] = null;
    const instanceCount = Math.max(1, Math.round(options.instances ?? 1));
    const severalInstances = instanceCount >= 2 && hi >= 2 && Boolean(searchMix || inbox);
    let inboxOneInstance: RunResult | null = null;
    if (cacheable.length || searchMix || (severalInstances && inbox)) {
      const uncached = await start('server-cache-off', [...SERVER_NODE_FLAGS, serverEntry], serverEnv({ DIRECTORY_CACHE_TTL_SECONDS: '0', COVERAGE_CACHE_TTL_SECONDS: '0' }));
      cacheOff = { title: 'the same request on a server without the directory search and coverage caches (DIRECTORY_CACHE_TTL_SECONDS=0, COVERAGE_CACHE_TTL_SECONDS=0)', workloads: [] };
      if (searchMix) {
        const source = mixSource();
        searchMix.cacheOffRuns = await measure('server search mix, cache off', (clients, seconds) => httpRun(source.request(uncached.url), clients, seconds));
        searchMix.floorRatio = Object.fromEntries(options.connections.map((c, i) => [c, ratio(searchMix!.cacheOffRuns[i]?.reqPerSec, searchMix!.floor[i]?.reqPerSec)]));
      }
      if (severalInstances && inbox) {
        // the reference for the instances below: one instance, the same settings as each of them but the pool
        await probe(uncached.url, inbox);
        inboxOneInstance = await measureAt('server inbox, 1 instance (cache off)', hi, (clients, seconds) => httpRun({ url: uncached.url, headers: headers(inbox), body: body(inbox) }, clients, seconds));
      }
      for (const w of cacheable) {
        const statements = (await probe(uncached.url, w)).statements;
        const runs = await measure(`server ${w.id}, cache off`, (clients, seconds) => httpRun({ url: uncached.url, headers: headers(w), body: body(w) }, clients, seconds));
        const floor = reports.get(w.id)!.floor;
        cacheOff.workloads.push({ id: w.id, statements, runs, floorRatio: Object.fromEntries(options.connections.map((c, i) => [c, ratio(runs[i]?.reqPerSec, floor[i]?.reqPerSec)])) });
      }
      await stop(uncached);
    }

    // ---- several API instances on the same database, each with its share of the pool, the clients split across them ----
    let instances: InstancesReport | null = null;
    let processes: InstancesReport | null = null;
    if (severalInstances) {
      const poolEach = Math.max(1, Math.ceil(options.pool / instanceCount));
      const servers: RunningProcess[] = [];
      for (let i = 0; i < instanceCount; i++) {
        servers.push(await start(`server-instance-${i + 1}`, [...SERVER_NODE_FLAGS, serverEntry], serverEnv({ DIRECTORY_CACHE_TTL_SECONDS: '0', DATABASE_POOL_SIZE: String(poolEach) })));
      }
      /** The mix and the inbox at the highest client count on these servers, the clients split evenly across them. */
      const rowsOn = async (label: string, urls: string[]): Promise<InstancesReport['rows']> => {
        const split = async (requests: HttpRequest[], clients: number, seconds: number) => {
          const run = await httpRunSplit(requests, clients, seconds);
          for (const url of urls) await settleAfter(url);
          return run;
        };
        const rows: InstancesReport['rows'] = [];
        if (searchMix) {
          const source = mixSource();
          const run = await measureAt(`search mix, cache off, ${label}`, hi, (clients, seconds) => split(urls.map((url) => source.request(url)), clients, seconds));
          rows.push({ id: 'mix', title: 'search mix, cache off', clients: hi, one: searchMix.cacheOffRuns.find((x) => x.clients === hi) ?? null, two: run });
        }
        if (inbox) {
          for (const url of urls) await probe(url, inbox);
          const run = await measureAt(`inbox, ${label}`, hi, (clients, seconds) => split(urls.map((url) => ({ url, headers: headers(inbox), body: body(inbox) })), clients, seconds));
          rows.push({ id: 'inbox', title: 'inbox', clients: hi, one: inboxOneInstance, two: run });
        }
        return rows;
      };
      instances = {
        title: `${instanceCount} API instances on the same database (DATABASE_POOL_SIZE=${poolEach} each, the directory cache off), the clients split evenly across them`,
        poolPerInstance: poolEach, rows: await rowsOn(`${instanceCount} instances`, servers.map((x) => x.url)),
      };
      for (const x of servers) await stop(x);

      // the same on one instance running as many API processes on its one port (API_PROCESSES, src/cluster.ts)
      const shared = await start('server-processes', [...SERVER_NODE_FLAGS, serverEntry],
        serverEnv({ DIRECTORY_CACHE_TTL_SECONDS: '0', DATABASE_POOL_SIZE: String(poolEach), API_PROCESSES: String(instanceCount) }));
      await waitForEveryProcess(shared.url, instanceCount);
      processes = {
        title: `one instance running ${instanceCount} API processes on one port (API_PROCESSES=${instanceCount}, DATABASE_POOL_SIZE=${poolEach} each, the directory cache off)`,
        poolPerInstance: poolEach, rows: await rowsOn(`API_PROCESSES=${instanceCount}`, [shared.url]),
      };
      await stop(shared);
    }

    // ---- 4. floor (b): a bare Apollo Server answering a constant ----
    let frameworkFloor: BenchReport['frameworkFloor'] = { title: 'not run (no workload selected)', runs: [] };
    if (workloads.length || searchMix) {
      const bare = await start('bare-apollo', [path.join(root, 'bench', 'bare-apollo.js')], { NODE_ENV: 'benchmark' });
      const constant = { url: bare.url, headers: {}, body: JSON.stringify({ query: '{ ok }' }) };
      const ok = await request(`${bare.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: constant.body });
      if (JSON.parse(ok.body)?.data?.ok !== true) throw new Error(`the bare Apollo Server did not answer { ok }: ${ok.body}`);
      frameworkFloor = { title: 'Bare Apollo Server 5 on Express 5 answering { ok } (no database, no auth)', runs: await measure('bare Apollo { ok }', (c, s) => httpRun(constant, c, s)) };
      await stop(bare);
    }

    // ---- 5. memory over a mixed run: every persona at once against one server, its memory sampled ----
    let soak: SoakReport | null = null;
    if ((options.soak ?? 0) > 0) {
      const metricsToken = randomBytes(24).toString('hex');
      // --trace-gc: one line per collection on the server's output, read for the heap after each full collection
      const soakServer = await start('server-soak', [...SERVER_NODE_FLAGS, '--trace-gc', serverEntry], serverEnv({ METRICS_TOKEN: metricsToken }));
      const byId = (id: SingleWorkloadId) => WORKLOADS.find((w) => w.id === id)!;
      const single = (id: SingleWorkloadId, rate?: number): HttpRequest => ({ url: soakServer.url, headers: headers(byId(id)), body: body(byId(id)), ...(rate ? { rate } : {}) });
      for (const id of ['inbox', 'coverage', 'send'] as const) await probe(soakServer.url, byId(id));
      const source = mixSource();
      log(`soak: ${options.soak} s, the search mix (8 clients), the inbox (4), coverage (1) and sends (1, at most 5/s) at once; memory every ${options.soakSampleSeconds ?? 10} s`);
      soak = await runSoak({
        server: { url: soakServer.url, pid: soakServer.child.pid }, gcLogFile: soakServer.logFile, metricsToken, seconds: options.soak!, sampleSeconds: options.soakSampleSeconds ?? 10, log,
        personas: [
          { id: 'search mix', clients: 8, request: source.request(soakServer.url, true) },
          { id: 'inbox', clients: 4, request: single('inbox') },
          { id: 'coverage', clients: 1, request: single('coverage') },
          { id: 'send', clients: 1, request: single('send', 5) },
        ],
      });
      for (const p of soak.personas) logRun(`soak ${p.id}`, p.run);
      const series = (name: string, m: SoakReport['rss']) => (m ? `${name} ${m.startMB} -> ${m.endMB} MB (max ${m.maxMB}), ${m.slopeMBPerMin ?? 'n/a'} MB/min (lows of ${soak!.fitWindowSeconds} s after ${soak!.fitFromSeconds} s)` : `${name} n/a`);
      log(`soak memory: ${series('heap after full GC', soak.heapAfterFullGc ?? null)}; ${series('heap used', soak.heapUsed)}; ${series('outside the heap', soak.external ?? null)}; ${series('RSS', soak.rss)}`);
      await settleAfter(soakServer.url);
      await stop(soakServer);
    }


    const auditEventsAfter = await auditCount();
    const cpus = os.cpus();
    const report: BenchReport = {
      version: 1,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: {
        cores: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version, platform: `${os.type()} ${os.release()} ${os.arch()}`, postgres: version, connection: connectionOf(options.databaseUrl),
      },
      settings: {
        duration: options.duration, warmup: options.warmup, connections: options.connections, pool: options.pool, logLevel: options.logLevel,
        database: redact(options.databaseUrl), instances: instanceCount, soak: options.soak ?? 0,
      },
      data: { ...manifest.sizes, auditEventsBefore, auditEventsAfter },
      workloads: workloads.map((w) => reports.get(w.id)!),
      frameworkFloor,
      enforcementOff,
      cacheOff,
      searchMix,
      instances,
      processes,
      soak,
      targets: [],
      problems,
    };
    report.targets = evaluateTargets(report);
    return report;
  } finally {
    for (const p of [...running].reverse()) await p.stop().catch(() => undefined);
    await pool.end().catch(() => undefined);
    if (!process.env.KEEP_BENCH_LOGS) fs.rmSync(workDir, { recursive: true, force: true });
    else log(`server logs kept in ${workDir}`);
  }
}

const redact = (url: string) => {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
};

/**
 * Issue 18's targets. Client counts: "1 client" is the lowest of the run, "32 clients" the highest.
 * Each missed target carries the measured cause: the SQL alone (the database floor) or the server's share.
 */
export function evaluateTargets(r: BenchReport): BenchReport['targets'] {
  const hi = Math.max(...r.settings.connections);
  const lo = Math.min(...r.settings.connections);
  const w = (id: SingleWorkloadId) => r.workloads.find((x) => x.id === id);
  const at = (runs: RunResult[] | undefined, clients: number) => runs?.find((x) => x.clients === clients);
  const fmt = (x: number | undefined | null, unit = '') => (x === undefined || x === null || Number.isNaN(x) ? 'n/a' : `${x.toLocaleString('en')}${unit}`);
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${Math.round(x * 100)}%`);
  const judge = (value: number | null | undefined, ok: (v: number) => boolean) => (value === null || value === undefined || Number.isNaN(value) ? null : ok(value));
  const clientsLabel = (n: number) => `${n} client${n > 1 ? 's' : ''}`;
  const targets: BenchReport['targets'] = [];

  const mix = r.searchMix;
  if (mix && mix.runs.length) {
    const one = at(mix.runs, lo);
    const oneOff = at(mix.cacheOffRuns, lo);
    const floorOne = at(mix.floor, lo);
    const sqlAlone = floorOne ? `its SQL alone (${mix.sample.requests} sampled requests, 1 connection): p50 ${fmt(floorOne.p50, ' ms')}, p99 ${fmt(floorOne.p99, ' ms')}, slowest ${fmt(floorOne.max, ' ms')}` : undefined;
    const serverShare = (ours: number | undefined, floor: number | undefined) =>
      ours !== undefined && floor !== undefined ? (floor >= ours * 0.8 ? 'the SQL sets the pace' : `the server adds ${fmt(Math.round((ours - floor) * 100) / 100, ' ms')} to it`) : undefined;
    const hitRate = (run: RunResult | undefined) => (run?.cacheHits !== undefined ? ` (cache hit rate ${pct(run.cacheHits / Math.max(1, run.cacheHits + (run.cacheMisses ?? 0)))})` : '');
    targets.push({
      id: 'mix-p50', target: `Search mix, ${clientsLabel(lo)}: p50 <= 5 ms`, measured: `${fmt(one?.p50, ' ms')}${hitRate(one)}; cache off ${fmt(oneOff?.p50, ' ms')}`, met: judge(one?.p50, (v) => v <= 5),
      note: [sqlAlone, serverShare(one?.p50, floorOne?.p50)].filter(Boolean).join('; ') || undefined,
    });
    targets.push({
      id: 'mix-p99', target: `Search mix, ${clientsLabel(lo)}: p99 <= 50 ms`, measured: `${fmt(one?.p99, ' ms')}; cache off ${fmt(oneOff?.p99, ' ms')}`, met: judge(one?.p99, (v) => v <= 50),
      note: [sqlAlone, serverShare(one?.p99, floorOne?.p99)].filter(Boolean).join('; ') || undefined,
    });
    const slowest = [one, oneOff].filter((x) => x?.slowest).sort((a, b) => b!.slowest!.ms - a!.slowest!.ms)[0]?.slowest;
    targets.push({
      id: 'mix-slowest', target: `Search mix, ${clientsLabel(lo)}: the slowest request <= 100 ms`, measured: `${fmt(one?.max, ' ms')}; cache off ${fmt(oneOff?.max, ' ms')}`,
      met: judge(Math.max(one?.max ?? NaN, oneOff?.max ?? -Infinity), (v) => v <= 100),
      note: slowest ? `the slowest: \`${JSON.stringify(slowest.label)}\` (${fmt(slowest.ms, ' ms')})${floorOne ? `; the slowest of the sampled requests' SQL alone: ${fmt(floorOne.max, ' ms')}` : ''}` : undefined,
    });
    const offHi = at(mix.cacheOffRuns, hi);
    const floorHi = at(mix.floor, hi);
    const onHi = at(mix.runs, hi);
    const floorNote = floorHi
      ? floorHi.reqPerSec < 300
        ? `the sampled requests' SQL alone, straight from pg at ${hi} connections, reaches only ${fmt(floorHi.reqPerSec, ' req/s')} (p99 ${fmt(floorHi.p99, ' ms')}): the statements must get cheaper first`
        : `the sampled requests' SQL alone reaches ${fmt(floorHi.reqPerSec, ' req/s')} (p99 ${fmt(floorHi.p99, ' ms')}); the server keeps ${pct(mix.floorRatio[hi])} of it`
      : undefined;
    targets.push({
      id: 'mix-throughput', target: `Search mix, ${clientsLabel(hi)}, cache off: >= 300 req/s`, measured: `${fmt(offHi?.reqPerSec, ' req/s')}; cache on ${fmt(onHi?.reqPerSec, ' req/s')}${hitRate(onHi)}`,
      met: judge(offHi?.reqPerSec, (v) => v >= 300), note: floorNote,
    });
    targets.push({
      id: 'mix-p99-loaded', target: `Search mix, ${clientsLabel(hi)}, cache off: p99 <= 250 ms`, measured: `${fmt(offHi?.p99, ' ms')} (slowest ${fmt(offHi?.max, ' ms')}); cache on ${fmt(onHi?.p99, ' ms')}`,
      met: judge(offHi?.p99, (v) => v <= 250), note: [floorNote, offHi?.slowest ? `the slowest: \`${JSON.stringify(offHi.slowest.label)}\`` : ''].filter(Boolean).join('; ') || undefined,
    });
    // the same on one instance using both cores (API_PROCESSES): its own row, the verdicts above stay one process's
    const sharedMix = r.processes?.rows.find((x) => x.id === 'mix')?.two;
    if (sharedMix) {
      targets.push({
        id: 'mix-processes', target: `Search mix, ${clientsLabel(hi)}, cache off, one instance with API_PROCESSES=${r.settings.instances ?? 2}: >= 300 req/s with p99 <= 250 ms`,
        measured: `${fmt(sharedMix.reqPerSec, ' req/s')}, p99 ${fmt(sharedMix.p99, ' ms')}`, met: judge(sharedMix.reqPerSec, (v) => v >= 300 && sharedMix.p99 <= 250),
        note: `the processes, PostgreSQL and the load generator share ${r.machine.cores} cores`,
      });
    }
  }

  if (w('inbox')) {
    const inbox = at(w('inbox')!.runs, hi);
    const floor = at(w('inbox')!.floor, hi);
    targets.push({
      id: 'inbox-throughput', target: `Inbox >= 500 req/s at ${clientsLabel(hi)}`, measured: fmt(inbox?.reqPerSec, ' req/s'), met: judge(inbox?.reqPerSec, (v) => v >= 500),
      note: floor && inbox
        ? floor.reqPerSec < 500
          ? `the inbox's SQL alone, straight from pg, reaches only ${fmt(floor.reqPerSec, ' req/s')}: the statements must get cheaper first`
          : `the SQL alone reaches ${fmt(floor.reqPerSec, ' req/s')}; the server keeps ${pct(inbox.reqPerSec / floor.reqPerSec)} of it`
        : undefined,
    });
    const q = w('inbox')!.floorRatio[hi];
    const alone = at(w('inbox')!.runs, lo);
    const floorAlone = at(w('inbox')!.floor, lo);
    targets.push({
      id: 'inbox-floor', target: `Inbox >= 60% of its database floor's throughput at ${clientsLabel(hi)}`, measured: `${pct(q)} (floor ${fmt(floor?.reqPerSec, ' req/s')})`, met: judge(q, (v) => v >= 0.6),
      note: alone && floorAlone ? `one request alone takes ${fmt(alone.p50, ' ms')} (p50) against ${fmt(floorAlone.p50, ' ms')} for its SQL: the server's own work per page (GraphQL, the per-field resolvers, pg row parsing, GC) sets the pace` : undefined,
    });
    // the same page on one instance using both cores (API_PROCESSES): its own row, the verdict above stays one process's
    const shared = r.processes?.rows.find((x) => x.id === 'inbox')?.two;
    if (shared && floor?.reqPerSec) {
      const sharedRatio = shared.reqPerSec / floor.reqPerSec;
      targets.push({
        id: 'inbox-floor-processes', target: `Inbox >= 60% of its database floor's throughput at ${clientsLabel(hi)}, one instance with API_PROCESSES=${r.settings.instances ?? 2}`,
        measured: `${pct(sharedRatio)} (${fmt(shared.reqPerSec, ' req/s')}, p99 ${fmt(shared.p99, ' ms')})`, met: judge(sharedRatio, (v) => v >= 0.6),
        note: `the processes, PostgreSQL and the load generator share ${r.machine.cores} cores`,
      });
    }
    const onOff = r.enforcementOff?.onOffRatio[hi];
    const offAlone = r.enforcementOff?.runs.find((x) => x.clients === lo);
    targets.push({
      id: 'enforcement-cost', target: `Field-level enforcement costs <= 15% of inbox throughput at ${clientsLabel(hi)} (on/off >= 0.85)`,
      measured: onOff === null || onOff === undefined ? 'n/a' : `on/off ${onOff.toFixed(2)}: costs ${Math.round((1 - onOff) * 100)}%`, met: judge(onOff, (v) => v >= 0.85),
      note: alone && offAlone ? `one request alone: ${fmt(alone.p50, ' ms')} with the check, ${fmt(offAlone.p50, ' ms')} without (p50); the check decides each field shown, on the consent read with the page and the agreements held at the agreements' epoch (src/agreements/pair-cache.ts)` : undefined,
    });
  }

  if (w('coverage')) {
    // the repeated request is answered by the coverage cache; what a new pathway or area costs is the cache-off row
    const uncachedCoverage = r.cacheOff?.workloads.find((x) => x.id === 'coverage');
    const coverageNote = (clients: number) => {
      const off = at(uncachedCoverage?.runs, clients);
      const sql = at(w('coverage')!.floor, clients);
      return off ? `a repeated request is answered from the coverage cache; without it (a new pathway, area or level) p50 ${fmt(off.p50, ' ms')}, p95 ${fmt(off.p95, ' ms')}, p99 ${fmt(off.p99, ' ms')}, ${fmt(off.reqPerSec, ' req/s')}${sql ? `, its SQL alone p50 ${fmt(sql.p50, ' ms')}` : ''}` : undefined;
    };
    const c = at(w('coverage')!.runs, lo);
    targets.push({
      id: 'coverage-latency', target: `pathwayCoverage 500 x 10: p95 <= 100 ms at ${clientsLabel(lo)}`, measured: `p95 ${fmt(c?.p95, ' ms')} (p50 ${fmt(c?.p50, ' ms')})`, met: judge(c?.p95, (v) => v <= 100),
      note: coverageNote(lo),
    });
    const ch = at(w('coverage')!.runs, hi);
    const cfh = at(w('coverage')!.floor, hi);
    targets.push({
      id: 'coverage-loaded', target: `pathwayCoverage 500 x 10: p99 <= 1 s at ${clientsLabel(hi)}`, measured: `p99 ${fmt(ch?.p99, ' ms')} (${fmt(ch?.reqPerSec, ' req/s')})`, met: judge(ch?.p99, (v) => v <= 1000),
      note: coverageNote(hi) ?? (ch && cfh ? `its SQL alone at ${clientsLabel(hi)}: ${fmt(cfh.reqPerSec, ' req/s')}, p99 ${fmt(cfh.p99, ' ms')}; the server: ${fmt(ch.reqPerSec, ' req/s')}` : undefined),
    });
  }

  const paged = r.workloads.filter((x) => Object.keys(x.statementsByPageSize).length > 1);
  const mixPaged = r.searchMix?.statementsByPageSize ?? [];
  if (paged.length || mixPaged.length) {
    const equal = (byPageSize: Record<string, number>) => new Set(Object.values(byPageSize)).size === 1;
    const constant = paged.every((x) => equal(x.statementsByPageSize)) && mixPaged.every((x) => equal(x.byPageSize));
    const mixMeasured = mixPaged.length
      ? `search mix (${mixPaged.length} requests, first 10 / first ${r.searchMix!.pageSize}): ${mixPaged.map((x) => Object.values(x.byPageSize).join('/')).join(', ')}`
      : '';
    const unequal = mixPaged.filter((x) => !equal(x.byPageSize));
    targets.push({
      id: 'statements-constant', target: 'SQL statements per request constant in page size',
      measured: [...paged.map((x) => `${x.id} ${Object.entries(x.statementsByPageSize).map(([k, v]) => `${v} (first ${k})`).join(' / ')}`), mixMeasured].filter(Boolean).join('; '), met: constant,
      note: unequal.length ? `mix requests whose count changes: ${unequal.map((x) => `\`${JSON.stringify(x.filter)}\``).join(', ')}` : undefined,
    });
  }

  if (r.soak) {
    const s = r.soak;
    const series = (name: string, m: SoakReport['rss']) => (m ? `${name} ${fmt(m.startMB)} -> ${fmt(m.endMB)} MB (max ${fmt(m.maxMB)}), slope ${fmt(m.slopeMBPerMin)} MB/min` : `${name} n/a`);
    targets.push({
      id: 'memory-flat', target: `Memory flat over a ${fmt(s.seconds)} s mixed run: after the first ${fmt(s.fitFromSeconds)} s, the heap after each full GC (else each ${fmt(s.fitWindowSeconds)} s's low of the heap in use) and memory outside the heap grow by less than ${HEAP_SLOPE_BOUND_MB_PER_MIN} MB/min (least squares; RSS shown, reference ${RSS_SLOPE_BOUND_MB_PER_MIN} MB/min)`,
      measured: `${s.heapAfterFullGc ? `${series('heap after each full GC', s.heapAfterFullGc)} (${s.heapAfterFullGc.collections} collections); ` : ''}${series('heap used (lows)', s.heapUsed)}; ${series('outside the heap', s.external ?? null)}; ${series('RSS', s.rss)}`, met: s.flat,
      note: `one sample per ${s.sampleSeconds} s (heap: lowest reading of the window): ${s.samples.map((x) => x.heapUsedMB ?? x.rssMB).join(', ')} MB${s.heapUsed ? ' (heap used)' : ' (RSS)'}; ` +
        `heap committed ${fmt(s.samples[0]?.heapTotalMB)} -> ${fmt(s.samples[s.samples.length - 1]?.heapTotalMB)} MB, outside the heap ${fmt(s.samples[0]?.externalMB)} -> ${fmt(s.samples[s.samples.length - 1]?.externalMB)} MB. ` +
        'A heap in use that keeps growing after warm-up is a leak, or a cache still filling (the directory search cache keeps up to DIRECTORY_CACHE_MAX_MB of answers, and every search of the mix is new): ' +
        'growth that stops once it is full is not a leak; RSS growing with a flat heap is V8 or the allocator keeping freed pages',
    });
  }
  return targets;
}

// ---- command line ------------------------------------------------------------------------------

/** Every workload --workloads accepts: the search mix, then the single-query ones. */
export const WORKLOAD_IDS: WorkloadId[] = ['mix', ...WORKLOADS.map((w) => w.id)];

export function parseBenchArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): Omit<BenchOptions, 'log'> {
  const options: Omit<BenchOptions, 'log'> = {
    databaseUrl: env.DATABASE_URL ?? '',
    duration: 10,
    warmup: 3,
    connections: [1, 32],
    pool: 20,
    outDir: path.resolve('bench', 'results'),
    name: 'latest',
    logLevel: 'warn',
    workloads: WORKLOAD_IDS,
    probeOnly: false,
    mixSeed: DEFAULT_MIX_SEED,
    mixSample: 40,
    instances: 2,
    soak: 0,
    soakSampleSeconds: 10,
  };
  const values = parseOptions(argv, {
    duration: { type: 'string' }, warmup: { type: 'string' }, connections: { type: 'string' }, pool: { type: 'string' }, out: { type: 'string' },
    name: { type: 'string' }, 'log-level': { type: 'string' }, 'database-url': { type: 'string' }, workloads: { type: 'string' },
    'probe-only': { type: 'boolean' }, 'mix-seed': { type: 'string' }, 'mix-sample': { type: 'string' }, instances: { type: 'string' },
    soak: { type: 'string' }, 'soak-sample': { type: 'string' }, 'soak-only': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(`Usage: npm run bench -- [--duration 10] [--warmup 3] [--connections 1,32] [--pool 20] [--workloads ${WORKLOAD_IDS.join(',')}]
                       [--mix-seed ${DEFAULT_MIX_SEED}] [--mix-sample 40] [--instances 2] [--soak SECONDS [--soak-sample 10] [--soak-only]]
                       [--out bench/results] [--name latest] [--log-level warn] [--database-url URL (default DATABASE_URL)] [--probe-only]
  mix: the search mix (distinct searches, cache on and off); --mix-sample: its requests whose SQL is the database floor
  --instances 2: the search mix (cache off) and the inbox again on 2 API instances at the highest client count (1: not run)
  --soak 600: memory over a 600 s run of every persona at once (--soak-only: nothing else)`);
    process.exit(0);
  }
  const number = (flag: string, v: string) => {
    const n = Number(v);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${flag}: ${v} is not a positive number`);
    return n;
  };
  if (values.duration !== undefined) options.duration = number('duration', values.duration);
  if (values.warmup !== undefined) options.warmup = Number(values.warmup);
  if (values.connections !== undefined) options.connections = values.connections.split(',').map((c) => Math.round(number('connections', c)));
  if (values.pool !== undefined) options.pool = Math.round(number('pool', values.pool));
  if (values.out !== undefined) options.outDir = path.resolve(values.out);
  if (values.name !== undefined) options.name = values.name;
  if (values['log-level'] !== undefined) options.logLevel = values['log-level'];
  if (values['database-url'] !== undefined) options.databaseUrl = values['database-url'];
  if (values['probe-only']) options.probeOnly = true;
  if (values.workloads !== undefined) {
    const ids = values.workloads.split(',').filter(Boolean) as WorkloadId[];
    for (const id of ids) if (!WORKLOAD_IDS.includes(id)) throw new Error(`unknown workload ${id} (${WORKLOAD_IDS.join(', ')})`);
    options.workloads = ids;
  }
  if (values['mix-seed'] !== undefined) options.mixSeed = Math.round(Number(values['mix-seed']));
  if (values['mix-sample'] !== undefined) options.mixSample = Math.round(number('mix-sample', values['mix-sample']));
  if (values.instances !== undefined) options.instances = Math.round(number('instances', values.instances));
  if (values.soak !== undefined) options.soak = number('soak', values.soak);
  if (values['soak-sample'] !== undefined) options.soakSampleSeconds = number('soak-sample', values['soak-sample']);
  if (values['soak-only']) {
    if (!options.soak) throw new Error('--soak-only needs --soak SECONDS');
    options.workloads = [];
    options.instances = 1;
  }
  return options;
}

/** Node's parseArgs, strict: an unknown option or a missing value says so and points to --help. */
function parseOptions<O extends ParseArgsConfig['options']>(argv: string[], options: O) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new Error(`${(e as Error).message} (try --help)`);
  }
}

/** Writes <outDir>/<name>.json and .md; returns the Markdown. */
export function writeReport(report: BenchReport, outDir: string, name: string): { json: string; md: string; markdown: string } {
  fs.mkdirSync(outDir, { recursive: true });
  const markdown = renderMarkdown(report);
  const json = path.join(outDir, `${name}.json`);
  const md = path.join(outDir, `${name}.md`);
  fs.writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  fs.writeFileSync(md, markdown);
  return { json, md, markdown };
}

async function main() {
  const options = { ...parseBenchArgs(process.argv.slice(2)), log: (line: string) => console.log(line) };
  const report = await runBench(options);
  const { json, md, markdown } = writeReport(report, options.outDir, options.name);
  console.log(`\n${markdown}\nWritten: ${json}, ${md}`);
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e?.message ?? e);
    process.exit(1);
  });
}
