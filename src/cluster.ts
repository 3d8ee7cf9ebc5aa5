/**
 * API_PROCESSES=N (or `auto`: one per core): one instance runs N API processes on one port (node:cluster), so
 * it uses every core of its host; one Node process uses one. The primary process serves no request itself:
 * - it starts the N processes, and replaces one that dies (a process that dies before it was ready, or more
 *   than MAX_RESTARTS in a minute, stops the instance: that is a fault to fix, not to retry);
 * - it holds the rate-limit budgets they share when there is no REDIS_URL (rate-limiter-flexible's cluster
 *   limiter: one budget per person, not N);
 * - it answers /metrics summed over the processes (prom-client's AggregatorRegistry), asked through any of them;
 * - on SIGTERM or SIGINT it stops them all, each draining its requests, and exits when they have.
 * Each process is an instance as "Several instances" in the README describes (its caches kept current through
 * the change feed, idempotency and the outbox in PostgreSQL); the embedded database serves one process only.
 */
import cluster, { type Worker } from 'node:cluster';
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { AggregatorRegistry } from 'prom-client';
import { RateLimiterClusterMaster } from 'rate-limiter-flexible';
import type { Config } from './config';
import { logger } from './shared/logger';
import { progress } from './shared/progress';

const READY = 'mrn:ready';
const METRICS_ASK = 'mrn:metrics?';
const METRICS_ANSWER = 'mrn:metrics!';
const MAX_RESTARTS = 5;
const STOP_TIMEOUT_MS = 20_000;

interface Message { type?: string; id?: number; port?: number; text?: string; contentType?: string; error?: string }

/** API_PROCESSES as a number: `auto` is the cores this process may use. */
export function processCount(setting: number | 'auto'): number {
  return setting === 'auto' ? os.availableParallelism() : setting;
}

/** True in one of the API processes of a primary (API_PROCESSES > 1). */
export const isApiProcess = () => cluster.isWorker;

/** Called by an API process once it listens: the primary says the instance is ready when all are. */
export function reportReady(port: number): void {
  if (cluster.isWorker) process.send?.({ type: READY, port });
}

/** The primary: starts `count` API processes and looks after them (see above). Returns at once: from then on the processes' events drive it, and it exits itself once they have stopped. */
export function runPrimary(config: Config, count: number): void {
  const startedAt = Date.now();
  // one budget per person across the processes (with REDIS_URL, Redis holds it and this stays unused)
  new RateLimiterClusterMaster();
  const aggregator = new AggregatorRegistry();
  // report links are signed with one key for all processes: a link made by one is honoured by another
  const env: Record<string, string> = {};
  if (config.jwt.jwksUrl && !config.jwt.secret && !config.jwt.reportLinkSecret) env.REPORT_LINK_SECRET = randomBytes(32).toString('base64url');

  const ready = new Set<number>();
  const restarts: number[] = [];
  let allReady = false;
  let stopping = false;
  let exitCode = 0;

  const start = () => {
    const worker = cluster.fork(env);
    worker.on('message', (m: Message) => void answer(worker, m));
    logger.info({ process: worker.id, pid: worker.process.pid }, 'API process started');
  };
  const answer = async (worker: Worker, m: Message) => {
    if (m?.type === READY) {
      ready.add(worker.id);
      if (!allReady && ready.size >= count) {
        allReady = true;
        // the port they share (PORT=0: the one the first chose)
        logger.info({ processes: count, port: m.port, startupMs: Date.now() - startedAt }, 'all API processes ready');
        progress(`ready: ${count} API processes on port ${m.port}`);
      }
    } else if (m?.type === METRICS_ASK) {
      try {
        worker.send({ type: METRICS_ANSWER, id: m.id, text: await aggregator.clusterMetrics(), contentType: aggregator.contentType });
      } catch (e) {
        worker.send({ type: METRICS_ANSWER, id: m.id, error: (e as Error).message });
      }
    }
  };
  const stopAll = (reason: string, code: number) => {
    exitCode = Math.max(exitCode, code);
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, 'stopping the API processes');
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGTERM');
    setTimeout(() => {
      logger.error('API processes did not stop in time: killed');
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
      process.exit(1);
    }, STOP_TIMEOUT_MS + config.shutdownDelaySeconds * 1000).unref();
    if (!Object.keys(cluster.workers ?? {}).length) process.exit(exitCode);
  };

  cluster.on('exit', (worker, code, signal) => {
    const wasReady = ready.delete(worker.id);
    if (stopping) {
      if (code !== 0) exitCode = 1;
      if (!Object.keys(cluster.workers ?? {}).length) {
        logger.info({ exitCode }, 'all API processes stopped');
        process.exit(exitCode);
      }
      return;
    }
    logger.error({ process: worker.id, pid: worker.process.pid, code, signal }, 'an API process exited');
    const now = Date.now();
    while (restarts.length && restarts[0] < now - 60_000) restarts.shift();
    if (!wasReady) return stopAll('an API process failed to start (its log says why)', 1);
    if (restarts.length >= MAX_RESTARTS) return stopAll(`${MAX_RESTARTS} API processes died within a minute`, 1);
    restarts.push(now);
    start();
  });
  process.on('SIGTERM', () => stopAll('SIGTERM', 0));
  process.on('SIGINT', () => stopAll('SIGINT', 0));

  progress(`starting ${count} API processes (API_PROCESSES)`);
  for (let i = 0; i < count; i++) start();
}

let asked = 0;
let listening = false;
const waiting = new Map<number, { resolve: (v: { text: string; contentType: string }) => void; reject: (e: Error) => void }>();

/** In an API process: the metrics of every process of the instance, summed by the primary. */
export function metricsOfAllProcesses(): Promise<{ text: string; contentType: string }> {
  if (!listening) {
    listening = true;
    process.on('message', (m: Message) => {
      if (m?.type !== METRICS_ANSWER || m.id === undefined) return;
      const pending = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.error) pending?.reject(new Error(m.error));
      else pending?.resolve({ text: m.text ?? '', contentType: m.contentType ?? 'text/plain' });
    });
  }
  const id = ++asked;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      waiting.delete(id);
      reject(new Error('the primary process did not answer with the metrics'));
    }, 10_000);
    waiting.set(id, { resolve: (v) => { clearTimeout(timer); resolve(v); }, reject: (e) => { clearTimeout(timer); reject(e); } });
    process.send!({ type: METRICS_ASK, id });
  });
}

/** In an API process: the registry the primary sums (prom-client asks each process for it). */
export function shareMetricsWithPrimary(registry: import('prom-client').Registry): void {
  if (!cluster.isWorker) return;
  AggregatorRegistry.setRegistries([registry]);
  // prom-client answers the primary's requests from the moment an AggregatorRegistry exists in the process
  new AggregatorRegistry();
}
