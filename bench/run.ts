import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { Pool } from 'pg';
import { signToken } from '../src/auth/jwt';
import type { Role } from '../src/auth/roles';
import { readScaleManifest, type ScaleManifest } from './seed-scale';
import { httpRun as httpRunNow, httpRunRaw as httpRunRawNow, merge, sqlRun, statementTimes, type HttpRequest, type RunResult, type Statement } from './load';
import { repoRoot, request, SERVER_NODE_FLAGS, startNodeProcess, type RunningProcess } from './processes';
import { renderMarkdown } from './report';
import { PAGE, WORKLOADS, type Persona, type Workload, type WorkloadId } from './workloads';

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
  log: (line: string) => void;
}

export interface WorkloadReport {
  id: WorkloadId;
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

export interface BenchReport {
  version: 1;
  startedAt: string;
  finishedAt: string;
  machine: { cores: number; cpuModel: string; memoryGiB: number; node: string; platform: string; postgres: string };
  settings: { duration: number; warmup: number; connections: number[]; pool: number; logLevel: string; database: string };
  data: ScaleManifest['sizes'] & { auditEventsBefore: number; auditEventsAfter: number };
  workloads: WorkloadReport[];
  frameworkFloor: { title: string; runs: RunResult[] };
  enforcementOff: { title: string; statements: number; runs: RunResult[]; onOffRatio: Record<string, number | null> } | null;
  /** The directory searches again on a server without the search cache (DIRECTORY_CACHE_TTL_SECONDS=0): every request runs its SQL. */
  cacheOff?: { title: string; workloads: { id: WorkloadId; statements: number; runs: RunResult[]; floorRatio: Record<string, number | null> }[] } | null;
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
    const post = async (base: string, w: Workload, pageSize = PAGE, extra: Record<string, string> = {}) => {
      const response = await request(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers(w), ...extra }, body: body(w, pageSize) });
      let json: { data?: any; errors?: { message: string; path?: unknown[]; extensions?: any }[] };
      try {
        json = JSON.parse(response.body);
      } catch {
        json = { errors: [{ message: response.body.slice(0, 300) }] };
      }
      return { status: response.status, json, statements: Number(response.headers['x-sql-statements'] ?? NaN) };
    };
    /** One request that must succeed: HTTP 200, data, no GraphQL error. */
    const probe = async (base: string, w: Workload, pageSize = PAGE, extra: Record<string, string> = {}) => {
      const r = await post(base, w, pageSize, extra);
      if (r.status !== 200 || !r.json.data || r.json.errors?.length) {
        const errors = (r.json.errors ?? []).slice(0, 3).map((e) => `${e.extensions?.code ?? ''} ${e.message} at ${JSON.stringify(e.path ?? [])}`).join('; ');
        throw new Error(`workload ${w.id}: the probe request failed (HTTP ${r.status}): ${errors || 'no data'}`);
      }
      return r;
    };

    // ---- 1. probe every workload once on a capturing server: correctness, statements, the SQL for the floor ----
    const captureFile = path.join(workDir, 'captured-sql.jsonl');
    const capturing = await start('capture-server', [...SERVER_NODE_FLAGS, '--require', path.join(root, 'bench', 'capture-sql.js'), serverEntry], serverEnv({ BENCH_SQL_CAPTURE_FILE: captureFile }));
    const reports = new Map<WorkloadId, WorkloadReport>();
    const captured = new Map<WorkloadId, Statement[]>();
    for (const w of workloads) {
      const statementsByPageSize: Record<string, number> = {};
      for (const size of (w.pageSizes ?? [PAGE]).filter((s) => s !== PAGE)) statementsByPageSize[size] = (await probe(capturing.url, w, size)).statements;
      // the caller's agency and roles are looked up once per person and cached (src/auth/jwt.ts), outside the
      // request's statements: a first uncaptured request warms that cache, as it is warm under load
      if (!w.pageSizes?.some((s) => s !== PAGE)) await probe(capturing.url, w, PAGE);
      const r = await probe(capturing.url, w, PAGE, { 'x-bench-capture': w.id });
      statementsByPageSize[PAGE] = r.statements;
      const lines = fs.existsSync(captureFile) ? fs.readFileSync(captureFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
      const statements = lines.filter((l) => l.label === w.id).map((l) => ({ text: l.text, values: l.values }));
      captured.set(w.id, statements);
      if (statements.length !== r.statements) problems.push(`${w.id}: ${statements.length} statements captured at the driver, the server counted ${r.statements}`);
      const answer = w.describe(r.json.data);
      log(`probe ${w.id}: ${answer}; ${r.statements} SQL statements (${Object.entries(statementsByPageSize).map(([k, v]) => `first ${k}: ${v}`).join(', ')})`);
      reports.set(w.id, { id: w.id, title: w.title, statements: r.statements, statementsByPageSize, capturedStatements: statements.length, statementMs: [], answer, runs: [], floor: [], floorRatio: {} });
    }
    await stop(capturing);
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
        machine: { cores: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30), node: process.version, platform: `${os.type()} ${os.release()} ${os.arch()}`, postgres: version },
        settings: { duration: 0, warmup: 0, connections: options.connections, pool: options.pool, logLevel: options.logLevel, database: redact(options.databaseUrl) },
        data: { ...manifest.sizes, auditEventsBefore, auditEventsAfter: await auditCount() },
        workloads: workloads.map((w) => reports.get(w.id)!), frameworkFloor: { title: 'not run (--probe-only)', runs: [] }, enforcementOff: null, targets: [], problems,
      };
    }

    const logRun = (label: string, run: RunResult) => {
      const flags = [run.non2xx && `${run.non2xx} non-2xx`, run.graphqlErrors && `${run.graphqlErrors} with GraphQL errors`, run.errors && `${run.errors} errors`].filter(Boolean).join(', ');
      log(`${label} @${run.clients}: ${run.reqPerSec} req/s, p50 ${run.p50} ms, p95 ${run.p95} ms, p99 ${run.p99} ms${flags ? ` (${flags})` : ''}`);
      if (flags) problems.push(`${label} at ${run.clients} clients: ${flags}${run.firstProblem ? `; first: ${run.firstProblem}` : ''}`);
    };
    const measure = async (label: string, fn: (clients: number, seconds: number) => Promise<RunResult>) => {
      const runs: RunResult[] = [];
      for (const clients of options.connections) {
        if (options.warmup > 0) await fn(clients, options.warmup);
        const run = await fn(clients, options.duration);
        runs.push(run);
        logRun(label, run);
      }
      return runs;
    };

    // ---- 2. the server, every workload, each followed by floor (a); 3. floor (c): the inbox with the disclosure check switched off ----
    // The inbox is measured on both servers in A-B-A order (on for half the time, off, on again), so that
    // anything that drifts during the run (the audit log grows with every inbox page read) weighs on both alike.
    const server = await start('server', [...SERVER_NODE_FLAGS, serverEntry], serverEnv());
    const inbox = workloads.find((w) => w.id === 'inbox');
    const off = inbox ? await start('server-disclosure-off', [...SERVER_NODE_FLAGS, serverEntry], serverEnv({ BENCH_DISABLE_DISCLOSURE_CHECK: 'true' })) : null;
    let enforcementOff: BenchReport['enforcementOff'] = null;
    for (const w of workloads) {
      await probe(server.url, w);
      const report = reports.get(w.id)!;
      const auditBefore = await auditCount();
      const on = { url: server.url, headers: headers(w), body: body(w) };
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
    await stop(server);
    if (off) await stop(off);

    // ---- the directory searches without the search cache: what every first-time question costs ----
    const cacheable = workloads.filter((w) => w.id === 'search' || w.id === 'near');
    let cacheOff: BenchReport['cacheOff'] = null;
    if (cacheable.length) {
      const uncached = await start('server-cache-off', [...SERVER_NODE_FLAGS, serverEntry], serverEnv({ DIRECTORY_CACHE_TTL_SECONDS: '0' }));
      cacheOff = { title: 'the same request on a server without the directory search cache (DIRECTORY_CACHE_TTL_SECONDS=0)', workloads: [] };
      for (const w of cacheable) {
        const statements = (await probe(uncached.url, w)).statements;
        const runs = await measure(`server ${w.id}, cache off`, (clients, seconds) => httpRun({ url: uncached.url, headers: headers(w), body: body(w) }, clients, seconds));
        const floor = reports.get(w.id)!.floor;
        cacheOff.workloads.push({ id: w.id, statements, runs, floorRatio: Object.fromEntries(options.connections.map((c, i) => [c, ratio(runs[i]?.reqPerSec, floor[i]?.reqPerSec)])) });
      }
      await stop(uncached);
    }

    // ---- 4. floor (b): a bare Apollo Server answering a constant ----
    const bare = await start('bare-apollo', [path.join(root, 'bench', 'bare-apollo.js')], { NODE_ENV: 'benchmark' });
    const constant = { url: bare.url, headers: {}, body: JSON.stringify({ query: '{ ok }' }) };
    const ok = await request(`${bare.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: constant.body });
    if (JSON.parse(ok.body)?.data?.ok !== true) throw new Error(`the bare Apollo Server did not answer { ok }: ${ok.body}`);
    const frameworkFloor = { title: 'Bare Apollo Server 5 on Express 5 answering { ok } (no database, no auth)', runs: await measure('bare Apollo { ok }', (c, s) => httpRun(constant, c, s)) };
    await stop(bare);


    const auditEventsAfter = await auditCount();
    const cpus = os.cpus();
    const report: BenchReport = {
      version: 1,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: {
        cores: cpus.length, cpuModel: cpus[0]?.model ?? 'unknown', memoryGiB: Math.round(os.totalmem() / 2 ** 30),
        node: process.version, platform: `${os.type()} ${os.release()} ${os.arch()}`, postgres: version,
      },
      settings: {
        duration: options.duration, warmup: options.warmup, connections: options.connections, pool: options.pool, logLevel: options.logLevel,
        database: redact(options.databaseUrl),
      },
      data: { ...manifest.sizes, auditEventsBefore, auditEventsAfter },
      workloads: workloads.map((w) => reports.get(w.id)!),
      frameworkFloor,
      enforcementOff,
      cacheOff,
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

/** The issue's targets, judged on the highest client count of the run. */
export function evaluateTargets(r: BenchReport): BenchReport['targets'] {
  const hi = Math.max(...r.settings.connections);
  const lo = Math.min(...r.settings.connections);
  const w = (id: WorkloadId) => r.workloads.find((x) => x.id === id);
  const at = (runs: RunResult[] | undefined, clients: number) => runs?.find((x) => x.clients === clients);
  const fmt = (x: number | undefined | null, unit = '') => (x === undefined || x === null || Number.isNaN(x) ? 'n/a' : `${x.toLocaleString('en')}${unit}`);
  const pct = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : `${Math.round(x * 100)}%`);
  const judge = (value: number | null | undefined, ok: (v: number) => boolean) => (value === null || value === undefined || Number.isNaN(value) ? null : ok(value));
  const targets: BenchReport['targets'] = [];
  /** Why a throughput target is missed: the SQL alone, or what the server adds to it. */
  const throughputNote = (id: WorkloadId, target: number) => {
    const floor = at(w(id)?.floor, hi)?.reqPerSec;
    const ours = at(w(id)?.runs, hi)?.reqPerSec;
    if (floor === undefined || ours === undefined) return undefined;
    return floor < target
      ? `the workload's SQL alone, straight from pg, reaches only ${fmt(floor)} req/s: the statements must get cheaper first`
      : `the SQL alone reaches ${fmt(floor)} req/s; the server keeps ${pct(ours / floor)} of it`;
  };
  const search = at(w('search')?.runs, hi);
  if (w('search')) {
    targets.push({ id: 'search-throughput', target: `Directory search >= 1,000 req/s at ${hi} clients`, measured: fmt(search?.reqPerSec, ' req/s'), met: judge(search?.reqPerSec, (v) => v >= 1000), note: throughputNote('search', 1000) });
    const floorSearch = at(w('search')!.floor, hi);
    targets.push({
      id: 'search-p99', target: `Directory search p99 <= 50 ms at ${hi} clients`, measured: fmt(search?.p99, ' ms'), met: judge(search?.p99, (v) => v <= 50),
      note: floorSearch ? `p99 of the SQL alone at ${hi} clients: ${fmt(floorSearch.p99, ' ms')}; one request alone (1 client): ${fmt(at(w('search')!.runs, lo)?.p50, ' ms')} p50` : undefined,
    });
    // cached answers cost no SQL: the comparison with the database floor is made without the cache
    const uncached = r.cacheOff?.workloads.find((x) => x.id === 'search');
    const q = uncached ? uncached.floorRatio[hi] : w('search')!.floorRatio[hi];
    targets.push({
      id: 'search-floor', target: `Directory search >= 40% of the database floor's throughput at ${hi} clients${uncached ? ' (without the search cache)' : ''}`,
      measured: `${pct(q)} (${uncached ? `${fmt(at(uncached.runs, hi)?.reqPerSec, ' req/s')} uncached vs ` : ''}floor ${fmt(at(w('search')!.floor, hi)?.reqPerSec, ' req/s')})`, met: judge(q, (v) => v >= 0.4),
      note: uncached ? `without the cache the server's own work per request (GraphQL over 50 services with their agency, categories and locations, ~1,500 fields) costs the rest; with it ${fmt(search?.reqPerSec, ' req/s')}` : undefined,
    });
  }
  if (w('inbox')) {
    const inbox = at(w('inbox')!.runs, hi);
    targets.push({ id: 'inbox-throughput', target: `Inbox >= 500 req/s at ${hi} clients`, measured: fmt(inbox?.reqPerSec, ' req/s'), met: judge(inbox?.reqPerSec, (v) => v >= 500), note: throughputNote('inbox', 500) });
    const q = w('inbox')!.floorRatio[hi];
    const alone = at(w('inbox')!.runs, lo);
    const floorAlone = at(w('inbox')!.floor, lo);
    targets.push({
      id: 'inbox-floor', target: `Inbox >= 40% of the database floor's throughput at ${hi} clients`, measured: `${pct(q)} (floor ${fmt(at(w('inbox')!.floor, hi)?.reqPerSec, ' req/s')})`, met: judge(q, (v) => v >= 0.4),
      note: alone && floorAlone ? `one request alone takes ${fmt(alone.p50, ' ms')} (p50) against ${fmt(floorAlone.p50, ' ms')} for its SQL: the server's own work per page (GraphQL, the per-field resolvers, pg row parsing, GC) sets the pace` : undefined,
    });
    const onOff = r.enforcementOff?.onOffRatio[hi];
    const offAlone = r.enforcementOff?.runs.find((x) => x.clients === lo);
    targets.push({
      id: 'enforcement-cost', target: `Field-level enforcement costs <= 15% of inbox throughput at ${hi} clients (on/off >= 0.85)`,
      measured: onOff === null || onOff === undefined ? 'n/a' : `on/off ${onOff.toFixed(2)}: costs ${Math.round((1 - onOff) * 100)}%`, met: judge(onOff, (v) => v >= 0.85),
      note: alone && offAlone ? `one request alone: ${fmt(alone.p50, ' ms')} with the check, ${fmt(offAlone.p50, ' ms')} without (p50); the check reads each referral's agreements in the disclosure statement and decides each field shown` : undefined,
    });
  }
  if (w('coverage')) {
    const c = at(w('coverage')!.runs, lo);
    const cf = at(w('coverage')!.floor, lo);
    targets.push({
      id: 'coverage-latency', target: `pathwayCoverage 500 x 10 under 300 ms (p95 at ${lo} client${lo > 1 ? 's' : ''})`, measured: `p95 ${fmt(c?.p95, ' ms')} (p50 ${fmt(c?.p50, ' ms')})`, met: judge(c?.p95, (v) => v < 300),
      note: c && cf ? `its SQL takes ${fmt(cf.p50, ' ms')} (p50); the other ${fmt(Math.round(c.p50 - cf.p50), ' ms')} are spent in the server (computation and GraphQL)` : undefined,
    });
  }
  const paged = r.workloads.filter((x) => Object.keys(x.statementsByPageSize).length > 1);
  if (paged.length) {
    const constant = paged.every((x) => new Set(Object.values(x.statementsByPageSize)).size === 1);
    targets.push({
      id: 'statements-constant', target: 'SQL statements per request constant in page size',
      measured: paged.map((x) => `${x.id} ${Object.entries(x.statementsByPageSize).map(([k, v]) => `${v} (first ${k})`).join(' / ')}`).join('; '), met: constant,
    });
  }
  return targets;
}

// ---- command line ------------------------------------------------------------------------------

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
    workloads: WORKLOADS.map((w) => w.id),
    probeOnly: false,
  };
  const values = parseOptions(argv, {
    duration: { type: 'string' }, warmup: { type: 'string' }, connections: { type: 'string' }, pool: { type: 'string' }, out: { type: 'string' },
    name: { type: 'string' }, 'log-level': { type: 'string' }, 'database-url': { type: 'string' }, workloads: { type: 'string' },
    'probe-only': { type: 'boolean' }, help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    console.log(`Usage: npm run bench -- [--duration 10] [--warmup 3] [--connections 1,32] [--pool 20] [--workloads ${WORKLOADS.map((w) => w.id).join(',')}]
                       [--out bench/results] [--name latest] [--log-level warn] [--database-url URL (default DATABASE_URL)] [--probe-only]`);
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
    const ids = values.workloads.split(',') as WorkloadId[];
    for (const id of ids) if (!WORKLOADS.some((w) => w.id === id)) throw new Error(`unknown workload ${id} (${WORKLOADS.map((w) => w.id).join(', ')})`);
    options.workloads = ids;
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
