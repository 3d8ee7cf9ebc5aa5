import { performance } from 'node:perf_hooks';
import type { Pool } from 'pg';

/** What one load run measured. Latencies in milliseconds; throughput counts only good answers. */
export interface RunResult {
  clients: number;
  seconds: number;
  requests: number;
  ok: number;
  reqPerSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  /** HTTP answers outside 2xx. */
  non2xx: number;
  /** 2xx answers whose body carried GraphQL errors. */
  graphqlErrors: number;
  /** Connection errors and time-outs (HTTP), or failed statements (database floor). */
  errors: number;
  /** autocannon's own 97.5th percentile, for comparison with the p95 computed here from every response. */
  autocannonP97_5?: number;
  /** The first bad answer (status and the start of the body), or the first failed statement of the floor. */
  firstProblem?: string;
  /** Answers the directory search cache gave (x-directory-cache: hit) and those it had to compute (miss). */
  cacheHits?: number;
  cacheMisses?: number;
  /** The slowest request and what it was (when the request source labels its requests). */
  slowest?: { ms: number; label: unknown };
  /** Distinct request bodies sent (when the bodies come from a sequence). */
  bodiesSent?: number;
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length - 1, Math.max(0, rank - 1))];
}

const round = (x: number, digits = 2) => (Number.isFinite(x) ? Math.round(x * 10 ** digits) / 10 ** digits : x);

type Counts = { requests: number; ok: number; non2xx: number; graphqlErrors: number; errors: number };

/** The raw measurements of one run, before summary: several runs of the same thing can be merged. */
export interface RawRun {
  clients: number; seconds: number; latencies: number[]; counts: Counts; firstProblem?: string; autocannonP97_5?: number;
  cache?: { hits: number; misses: number }; slowest?: { ms: number; label: unknown }; bodiesSent?: number;
}

/** One summary of several raw runs of the same thing (e.g. the two halves of an A-B-A comparison). */
export function merge(runs: RawRun[]): RunResult {
  const counts: Counts = { requests: 0, ok: 0, non2xx: 0, graphqlErrors: 0, errors: 0 };
  for (const r of runs) for (const k of Object.keys(counts) as (keyof Counts)[]) counts[k] += r.counts[k];
  const result = summarise(runs[0].clients, runs.reduce((t, r) => t + r.seconds, 0), runs.flatMap((r) => r.latencies), counts);
  const problem = runs.find((r) => r.firstProblem)?.firstProblem;
  if (problem) result.firstProblem = problem;
  if (runs.length === 1 && runs[0].autocannonP97_5 !== undefined) result.autocannonP97_5 = runs[0].autocannonP97_5;
  const cached = runs.filter((r) => r.cache);
  if (cached.length) {
    result.cacheHits = cached.reduce((t, r) => t + r.cache!.hits, 0);
    result.cacheMisses = cached.reduce((t, r) => t + r.cache!.misses, 0);
  }
  const slowest = runs.map((r) => r.slowest).filter((x) => x !== undefined).sort((a, b) => b.ms - a.ms)[0];
  if (slowest) result.slowest = { ms: round(slowest.ms), label: slowest.label };
  if (runs.some((r) => r.bodiesSent !== undefined)) result.bodiesSent = runs.reduce((t, r) => t + (r.bodiesSent ?? 0), 0);
  return result;
}

function summarise(clients: number, seconds: number, latencies: number[], counts: Counts): RunResult {
  const sorted = Float64Array.from(latencies).sort();
  const arr = Array.from(sorted);
  return {
    clients,
    seconds: round(seconds, 3),
    ...counts,
    reqPerSec: round(counts.ok / seconds, 1),
    p50: round(percentile(arr, 50)),
    p95: round(percentile(arr, 95)),
    p99: round(percentile(arr, 99)),
    max: round(arr[arr.length - 1] ?? NaN),
  };
}

// autocannon ships no types; this is the part of its API the benchmark uses
interface AutocannonResult { duration: number; errors: number; timeouts: number; non2xx: number; requests: { total: number }; latency: { p97_5: number } }
interface AutocannonInstance { on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void; stop(): void }
type Autocannon = (options: Record<string, unknown>, done: (err: Error | null, result: AutocannonResult) => void) => AutocannonInstance;

function loadAutocannon(): Autocannon {
  try {
    return require('autocannon') as Autocannon;
  } catch {
    throw new Error('The benchmark needs autocannon: npm install --save-dev autocannon');
  }
}

export interface HttpRequest {
  url: string; // base URL of the server
  headers: Record<string, string>;
  body: string;
  /**
   * When given, each request takes its body from here instead of `body`: one sequence shared by every
   * connection (and by every run given the same function), e.g. the search mix's distinct requests.
   * The label names the request in `slowest`.
   */
  nextBody?: () => { body: string; label: unknown };
  /** At most this many requests per second over all connections (autocannon's overallRate); unlimited when absent. */
  rate?: number;
  /** Count the answers the directory search cache gave (response header x-directory-cache: hit); every other answer is a miss. */
  countCache?: boolean;
}

/** Drives POST /graphql with `clients` concurrent connections for `seconds`, counting GraphQL errors in every answer. */
export async function httpRun(request: HttpRequest, clients: number, seconds: number): Promise<RunResult> {
  return merge([await httpRunRaw(request, clients, seconds)]);
}

export function httpRunRaw(request: HttpRequest, clients: number, seconds: number): Promise<RawRun> {
  const autocannon = loadAutocannon();
  const latencies: number[] = [];
  let graphqlErrors = 0;
  let non2xx = 0;
  let requests = 0;
  let firstProblem: string | undefined;
  let cacheHits = 0;
  let bodiesSent = 0;
  // autocannon calls onResponse and then emits 'response' (with the latency) synchronously for the same
  // answer: the label of the answer just read pairs with the latency that follows
  let lastLabel: unknown;
  let slowest: RawRun['slowest'];
  const { nextBody } = request;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const instance = autocannon(
      {
        url: request.url,
        connections: clients,
        pipelining: 1,
        duration: seconds,
        timeout: 60,
        ...(request.rate ? { overallRate: request.rate } : {}),
        requests: [{
          method: 'POST',
          path: '/graphql',
          headers: { 'content-type': 'application/json', ...request.headers },
          body: request.body,
          // called before every request of a connection (pipelining 1: the context is the connection's request in flight)
          ...(nextBody ? {
            setupRequest: (req: Record<string, unknown>, context: Record<string, unknown>) => {
              const next = nextBody();
              context.label = next.label;
              bodiesSent++;
              return { ...req, body: next.body };
            },
          } : {}),
          onResponse: (status: number, body: string, context: Record<string, unknown>, headers: Record<string, unknown> = {}) => {
            const bad = status < 200 || status >= 300 || body.includes('"errors":');
            if (bad && status >= 200 && status < 300) graphqlErrors++;
            if (bad) firstProblem ??= `HTTP ${status}: ${body.slice(0, 300)}`;
            if (String(headers['x-directory-cache'] ?? headers['X-Directory-Cache']) === 'hit') cacheHits++;
            lastLabel = context?.label;
          },
        }],
      },
      (err, result) => {
        if (err) return reject(err);
        const elapsed = (performance.now() - started) / 1000;
        const errors = result.errors + result.timeouts;
        resolve({
          clients, seconds: elapsed, latencies, firstProblem, autocannonP97_5: result.latency.p97_5,
          counts: { requests, ok: requests - non2xx - graphqlErrors, non2xx, graphqlErrors, errors },
          ...(request.countCache ? { cache: { hits: cacheHits, misses: requests - cacheHits } } : {}),
          ...(nextBody ? { slowest, bodiesSent } : {}),
        });
      },
    );
    instance.on('response', (_client, status, _bytes, ms) => {
      requests++;
      if (status < 200 || status >= 300) non2xx++;
      latencies.push(ms);
      if (nextBody && (!slowest || ms > slowest.ms)) slowest = { ms, label: lastLabel };
      lastLabel = undefined;
    });
  });
}

/**
 * Runs on several servers at the same time (e.g. two instances of the API, the clients split across
 * them), merged into one result with the clients added up.
 */
export async function httpRunSplit(requests: HttpRequest[], clients: number, seconds: number): Promise<RunResult> {
  const share = (i: number) => Math.floor(clients / requests.length) + (i < clients % requests.length ? 1 : 0);
  const raws = await Promise.all(requests.map((r, i) => httpRunRaw(r, Math.max(1, share(i)), seconds)));
  const wall = Math.max(...raws.map((r) => r.seconds));
  // merge() adds up seconds (it is made for runs one after the other): these ran side by side
  return merge(raws.map((r) => ({ ...r, clients, seconds: wall / raws.length })));
}

/** The database floor of a sequence of requests: like sqlRun, each loop taking the next request's statements in turn. */
export async function sqlRunEach(pool: Pool, requests: Statement[][], clients: number, seconds: number): Promise<RunResult> {
  let next = 0;
  return sqlRun(pool, () => requests[next++ % requests.length], clients, seconds);
}

export interface Statement {
  text: string;
  values: unknown[];
}

/**
 * The database floor: `clients` loops, each replaying the statements of one request back to back on one
 * pooled connection (as captured from the server), for `seconds`.
 */
export async function sqlRun(pool: Pool, statements: Statement[] | (() => Statement[]), clients: number, seconds: number): Promise<RunResult> {
  const take = typeof statements === 'function' ? statements : () => statements;
  const latencies: number[] = [];
  let requests = 0;
  let errors = 0;
  let firstError: string | null = null;
  const started = performance.now();
  const end = started + seconds * 1000;
  const loop = async () => {
    while (performance.now() < end) {
      const t = performance.now();
      const client = await pool.connect();
      let failed = false;
      try {
        for (const s of take()) await client.query(s.text, s.values);
      } catch (e) {
        failed = true;
        firstError ??= (e as Error).message;
        await client.query('ROLLBACK').catch(() => undefined);
      } finally {
        client.release();
      }
      requests++;
      if (failed) errors++;
      else latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: clients }, loop));
  const elapsed = (performance.now() - started) / 1000;
  const run = summarise(clients, elapsed, latencies, { requests, ok: requests - errors, non2xx: 0, graphqlErrors: 0, errors });
  if (firstError) run.firstProblem = firstError;
  return run;
}

/** Times each statement of one request: the median of `repeat` replays (after one unmeasured replay), in ms. */
export async function statementTimes(pool: Pool, statements: Statement[], repeat = 3): Promise<{ sql: string; ms: number }[]> {
  const times: number[][] = statements.map(() => []);
  const client = await pool.connect();
  try {
    for (let round = 0; round <= repeat; round++) {
      for (const [i, s] of statements.entries()) {
        const t = performance.now();
        await client.query(s.text, s.values);
        if (round > 0) times[i].push(performance.now() - t);
      }
    }
  } catch (e) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw e;
  } finally {
    client.release();
  }
  return statements.map((s, i) => ({ sql: s.text.replace(/\s+/g, ' ').trim(), ms: round(times[i].sort((a, b) => a - b)[Math.floor(times[i].length / 2)] ?? NaN) }));
}
