import fs from 'node:fs';
import { httpRunRaw, merge, type HttpRequest, type RunResult } from './load';
import { request } from './processes';

/**
 * Memory over a mixed run: several personas load one server at once for `seconds` (the search mix, the
 * inbox, coverage, sends), while the server's resident memory (/proc/<pid>/status, else /metrics) and
 * V8 heap in use (/metrics, nodejs_heap_size_used_bytes) are read every second. One sample per
 * `sampleSeconds` window: the heap's lowest reading of the window (the heap in use swings by a hundred MB
 * between two garbage collections; its low points are what survives them) and the last RSS reading.
 * Flat means the slope of a least-squares line stays below the stated bounds; the line goes through the
 * lowest sample of each minute after the first quarter of the run (start-up, JIT and the bounded caches
 * filling), because even the low point of 10 s swings by tens of MB with the old generation's garbage
 * collections: a run shorter than five minutes uses windows of a fifth of its length.
 */

/**
 * What the program holds may grow by less than this (MB per minute) after the first quarter: the V8 heap in
 * use and the memory outside it (Buffers). A leak of one small object per request shows above it.
 */
export const HEAP_SLOPE_BOUND_MB_PER_MIN = 1;
/**
 * Resident memory is reported against this bound but not judged: V8 commits heap and the allocator returns
 * pages lazily (measured: RSS rose ~20 MB/min for minutes with a flat heap), so a leak shows first in the two judged series.
 */
export const RSS_SLOPE_BOUND_MB_PER_MIN = 2;

export interface SoakPersona {
  id: string;
  clients: number;
  request: HttpRequest;
}

export interface MemorySeries {
  startMB: number;
  endMB: number;
  maxMB: number;
  /** MB per minute of the least-squares line through the lowest sample of each `fitWindowSeconds` after `fitFromSeconds`. */
  slopeMBPerMin: number | null;
  boundMBPerMin: number;
  flat: boolean | null;
}

export interface SoakReport {
  seconds: number;
  sampleSeconds: number;
  fitFromSeconds: number;
  fitWindowSeconds: number;
  personas: { id: string; clients: number; rate?: number; run: RunResult }[];
  /**
   * One per window: seconds since the start (end of the window), last RSS, lowest heap in use; the last
   * reading of V8's committed heap and of memory outside it (Buffers: nodejs_external_memory_bytes), to
   * tell which part grows.
   */
  samples: { t: number; rssMB: number | null; heapUsedMB: number | null; heapTotalMB?: number | null; externalMB?: number | null }[];
  rss: MemorySeries | null;
  heapUsed: MemorySeries | null;
  /**
   * The heap in use right after each full garbage collection (the server runs with --trace-gc: its
   * Mark-Compact lines), the live heap without the swing between collections: judged instead of
   * `heapUsed` when there are at least three after the first minute. Its slope is through every point.
   */
  heapAfterFullGc?: (MemorySeries & { collections: number; points: { t: number; mb: number }[] }) | null;
  external?: MemorySeries | null;
  /** Heap in use and memory outside the heap below their bound (RSS is shown, not judged). */
  flat: boolean | null;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

/** Resident set size of a process, from /proc (Linux), in bytes; null elsewhere. */
function procRss(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

type Reading = { rss: number | null; heapUsed: number | null; heapTotal: number | null; external: number | null };

async function metricsSample(url: string, token: string | undefined): Promise<Reading> {
  const none = { rss: null, heapUsed: null, heapTotal: null, external: null };
  try {
    const r = await request(`${url}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (r.status !== 200) return none;
    const value = (name: string) => {
      const m = new RegExp(`^${name}(?:\\{[^}]*\\})?\\s+([0-9.e+]+)`, 'm').exec(r.body);
      return m ? Number(m[1]) : null;
    };
    return { rss: value('process_resident_memory_bytes'), heapUsed: value('nodejs_heap_size_used_bytes'), heapTotal: value('nodejs_heap_size_total_bytes'), external: value('nodejs_external_memory_bytes') };
  } catch {
    return none;
  }
}

/** The heap after each Mark-Compact in V8's --trace-gc output, in seconds from the first collection of `text`. */
export function fullCollections(text: string): { t: number; mb: number }[] {
  const points: { t: number; ms: number; mb: number }[] = [];
  let first: number | null = null;
  for (const line of text.split('\n')) {
    const any = /\s(\d+) ms: (Scavenge|Mark-Compact|Mark-Sweep|Minor Mark)/.exec(line);
    if (!any) continue;
    const ms = Number(any[1]);
    first ??= ms;
    const full = /\s(\d+) ms: Mark-(?:Compact|Sweep)[^\d]*[\d.]+ \([\d.]+\) -> ([\d.]+) \([\d.]+\) MB/.exec(line);
    if (full) points.push({ t: 0, ms, mb: Number(full[2]) });
  }
  return points.map((p) => ({ t: Math.round((p.ms - first!) / 100) / 10, mb: p.mb }));
}

/** Least-squares slope of y over x. */
export function slope(points: { x: number; y: number }[]): number | null {
  if (points.length < 3) return null;
  const n = points.length;
  const mx = points.reduce((t, p) => t + p.x, 0) / n;
  const my = points.reduce((t, p) => t + p.y, 0) / n;
  const sxx = points.reduce((t, p) => t + (p.x - mx) ** 2, 0);
  if (sxx === 0) return null;
  return points.reduce((t, p) => t + (p.x - mx) * (p.y - my), 0) / sxx;
}

export function memorySeries(samples: { t: number; value: number | null }[], fitFromSeconds: number, fitWindowSeconds: number, bound: number): MemorySeries | null {
  const known = samples.filter((s): s is { t: number; value: number } => s.value !== null);
  if (!known.length) return null;
  const lows = new Map<number, { x: number; y: number }>();
  for (const s of known.filter((x) => x.t > fitFromSeconds)) {
    const w = Math.floor((s.t - fitFromSeconds - 1e-9) / fitWindowSeconds);
    const low = lows.get(w);
    if (!low || s.value < low.y) lows.set(w, { x: (fitFromSeconds + (w + 0.5) * fitWindowSeconds) / 60, y: s.value });
  }
  const fitted = slope([...lows.values()]);
  const perMin = fitted === null ? null : Math.round(fitted * 100) / 100;
  return {
    startMB: known[0].value, endMB: known[known.length - 1].value, maxMB: Math.max(...known.map((s) => s.value)),
    slopeMBPerMin: perMin, boundMBPerMin: bound, flat: perMin === null ? null : perMin < bound,
  };
}

export async function runSoak(options: {
  server: { url: string; pid: number | undefined };
  /** The server's output, when it runs with --trace-gc: the heap after each full collection is read from it. */
  gcLogFile?: string;
  metricsToken?: string;
  personas: SoakPersona[];
  seconds: number;
  sampleSeconds: number;
  log: (line: string) => void;
}): Promise<SoakReport> {
  const { server, seconds, sampleSeconds } = options;
  const samples: SoakReport['samples'] = [];
  const gcLogFrom = options.gcLogFile && fs.existsSync(options.gcLogFile) ? fs.statSync(options.gcLogFile).size : 0;
  const started = Date.now();
  let window: Reading[] = [];
  const read = async () => {
    const fromMetrics = await metricsSample(server.url, options.metricsToken);
    window.push({ ...fromMetrics, rss: procRss(server.pid) ?? fromMetrics.rss });
  };
  const flush = () => {
    const rss = window.map((x) => x.rss).filter((x): x is number => x !== null);
    const heap = window.map((x) => x.heapUsed).filter((x): x is number => x !== null);
    const last = (pick: (x: Reading) => number | null) => {
      const known = window.map(pick).filter((x): x is number => x !== null);
      return known.length ? mb(known[known.length - 1]) : null;
    };
    const s = {
      t: Math.round((Date.now() - started) / 100) / 10, rssMB: rss.length ? mb(rss[rss.length - 1]) : null, heapUsedMB: heap.length ? mb(Math.min(...heap)) : null,
      heapTotalMB: last((x) => x.heapTotal), externalMB: last((x) => x.external),
    };
    window = [];
    samples.push(s);
    if (sampleSeconds >= 10) options.log(`soak ${s.t} s: RSS ${s.rssMB ?? 'n/a'} MB, heap used (lowest of the window) ${s.heapUsedMB ?? 'n/a'} MB, heap committed ${s.heapTotalMB ?? 'n/a'} MB, external ${s.externalMB ?? 'n/a'} MB`);
  };
  await read();
  flush();
  const readEvery = Math.min(1, sampleSeconds / 4) * 1000;
  let nextFlush = Date.now() + sampleSeconds * 1000;
  let reading = Promise.resolve();
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return; // a slow /metrics answer under load: skip a reading rather than pile them up
    busy = true;
    reading = reading.then(async () => {
      await read();
      if (Date.now() >= nextFlush) {
        flush();
        nextFlush += sampleSeconds * 1000;
      }
      busy = false;
    });
  }, readEvery);
  let raws;
  try {
    raws = await Promise.all(options.personas.map((p) => httpRunRaw(p.request, p.clients, seconds)));
  } finally {
    clearInterval(timer);
    await reading;
  }
  // the last window, cut short by the end of the load, is left out (it holds a reading or two at most)
  // judged after the first quarter of the run: the bounded caches (directory search cache, coverage cache,
  // search index catch-up, compiled queries) took 111 s of a 600 s mix to fill (heap after full GC 152 -> 275 MB,
  // then 271-277 MB for 8 minutes); a line that started at 60 s measured that filling, not a leak
  const fitFromSeconds = seconds / 4;
  const fitWindowSeconds = Math.max(sampleSeconds, Math.min(60, seconds / 5));
  const rss = memorySeries(samples.map((s) => ({ t: s.t, value: s.rssMB })), fitFromSeconds, fitWindowSeconds, RSS_SLOPE_BOUND_MB_PER_MIN);
  const heapUsed = memorySeries(samples.map((s) => ({ t: s.t, value: s.heapUsedMB })), fitFromSeconds, fitWindowSeconds, HEAP_SLOPE_BOUND_MB_PER_MIN);
  const external = memorySeries(samples.map((s) => ({ t: s.t, value: s.externalMB ?? null })), fitFromSeconds, fitWindowSeconds, HEAP_SLOPE_BOUND_MB_PER_MIN);
  let heapAfterFullGc: SoakReport['heapAfterFullGc'] = null;
  if (options.gcLogFile) {
    await new Promise((r) => setTimeout(r, 500)); // the server's output reaches its log file through a pipe
    const text = fs.readFileSync(options.gcLogFile).subarray(gcLogFrom).toString('utf8');
    const points = fullCollections(text);
    const after = points.filter((p) => p.t >= fitFromSeconds);
    if (points.length) {
      const fitted = after.length >= 3 ? slope(after.map((p) => ({ x: p.t / 60, y: p.mb }))) : null;
      const perMin = fitted === null ? null : Math.round(fitted * 100) / 100;
      heapAfterFullGc = {
        startMB: points[0].mb, endMB: points[points.length - 1].mb, maxMB: Math.max(...points.map((p) => p.mb)),
        slopeMBPerMin: perMin, boundMBPerMin: HEAP_SLOPE_BOUND_MB_PER_MIN, flat: perMin === null ? null : perMin < HEAP_SLOPE_BOUND_MB_PER_MIN,
        collections: points.length, points,
      };
    }
  }
  const heapVerdict = heapAfterFullGc?.flat ?? heapUsed?.flat;
  const verdicts = [heapVerdict, external?.flat].filter((x) => x !== undefined && x !== null);
  return {
    seconds, sampleSeconds, fitFromSeconds, fitWindowSeconds,
    personas: options.personas.map((p, i) => ({ id: p.id, clients: p.clients, ...(p.request.rate ? { rate: p.request.rate } : {}), run: merge([raws[i]]) })),
    samples, rss, heapUsed, heapAfterFullGc, external,
    flat: verdicts.length ? verdicts.every(Boolean) : null,
  };
}
