/**
 * /metrics in the Prometheus text format (prom-client, a registry of this server's own). Labels hold
 * codes, reasons, routes and operation names, never ids or personal values: operation names are the
 * client's GraphQL names (a valid Name, at most MAX_OPERATION_NAMES distinct, then "other").
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { ApolloServerPlugin } from '@apollo/server';
import express, { type Request, type RequestHandler, type Response } from 'express';
import { Kind, type OperationDefinitionNode } from 'graphql';
import client from 'prom-client';
import { isApiProcess, metricsOfAllProcesses, shareMetricsWithPrimary } from '../cluster';
import { logger } from '../shared/logger';
import { listenToSignals } from '../shared/signals';

export interface PoolStats { max: number; total: number; idle: number; waiting: number }

/** What the metrics read at each scrape, handed in by the composition root (this folder knows no feature). */
export interface MetricsSources {
  searchCache?: () => { hits: number; misses: number };
  persistedQueries?: () => { hits: number; misses: number };
  coverageCache?: () => { hits: number; misses: number };
  agreementsCache?: () => { hits: number; misses: number };
  pool?: () => PoolStats | null;
  /** The webhook outbox: PENDING deliveries and the oldest one's age (src/notifications/outbox-stats.ts). */
  outbox?: () => Promise<{ pending: number; oldestAgeSeconds: number }>;
}

export const MAX_OPERATION_NAMES = 200;
const NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;
const CODE = /^[A-Z][A-Z_]{0,39}$/;
const SECONDS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** The route of a request as a label: fixed paths, ids cut off. */
export function routeLabel(path: string): string {
  if (path === '/graphql' || path === '/graphql/') return '/graphql';
  if (path.startsWith('/explorer/')) return '/explorer';
  if (path.startsWith('/reports/subject-access/')) return '/reports/subject-access/:caseId';
  if (['/healthz', '/readyz', '/metrics', '/reports/coverage', '/reports/coverage.csv'].includes(path)) return path;
  return 'other';
}

export class Metrics {
  readonly registry = new client.Registry();
  private readonly operationNames = new Set<string>();
  private readonly graphqlRequests: client.Counter<'operation' | 'outcome'>;
  private readonly graphqlSeconds: client.Histogram<'operation'>;
  private readonly httpSeconds: client.Histogram<'route' | 'method' | 'status'>;
  private readonly httpInFlight: client.Gauge;
  private readonly poolAcquireSeconds: client.Histogram<string>;
  private readonly unsubscribe: () => void;

  constructor(sources: MetricsSources = {}) {
    const registers = [this.registry];
    shareMetricsWithPrimary(this.registry);
    client.collectDefaultMetrics({ register: this.registry });
    this.graphqlRequests = new client.Counter({ name: 'mrn_graphql_requests_total', help: 'GraphQL requests by operation name and outcome (OK, or the first error code)', labelNames: ['operation', 'outcome'], registers });
    this.graphqlSeconds = new client.Histogram({ name: 'mrn_graphql_request_duration_seconds', help: 'Time from the start of a GraphQL request to its response, by operation name', labelNames: ['operation'], buckets: SECONDS, registers });
    this.httpInFlight = new client.Gauge({ name: 'mrn_http_requests_in_flight', help: 'HTTP requests received and not yet answered (a draining instance shows them going to zero)', registers });
    this.httpSeconds = new client.Histogram({ name: 'mrn_http_request_duration_seconds', help: 'HTTP requests by route, method and status', labelNames: ['route', 'method', 'status'], buckets: SECONDS, registers });
    this.poolAcquireSeconds = new client.Histogram({ name: 'mrn_db_pool_acquire_seconds', help: 'Wait for a database connection from the pool', buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10], registers });

    const disclosure = new client.Counter({ name: 'mrn_disclosure_refusals_total', help: 'Case fields refused with FORBIDDEN_FIELD, by reason', labelNames: ['reason'], registers });
    const audit = new client.Counter({ name: 'mrn_audit_events_written_total', help: 'Audit events appended, by action (counted when written, before their transaction commits)', labelNames: ['action'], registers });
    const rateLimited = new client.Counter({ name: 'mrn_rate_limit_refusals_total', help: 'Requests refused by the rate limit, by caller (person or anonymous address) and kind (request or costly)', labelNames: ['caller', 'kind'], registers });
    const changesSent = new client.Counter({ name: 'mrn_change_notifications_sent_total', help: 'Changes told to the other API instances (PostgreSQL NOTIFY), by topic; counted when the statement ran, before its transaction commits', labelNames: ['topic'], registers });
    const changesReceived = new client.Counter({ name: 'mrn_change_notifications_received_total', help: 'Changes heard from another API instance, by topic: the caches of the topic were emptied', labelNames: ['topic'], registers });
    const changeFeedReconnects = new client.Counter({ name: 'mrn_change_feed_reconnects_total', help: 'Times the change feed listened again after its connection was lost (every cache was emptied then)', registers });
    this.unsubscribe = listenToSignals({
      disclosureRefused: (reason) => disclosure.inc({ reason: CODE.test(reason) ? reason : 'OTHER' }),
      auditWritten: (action) => audit.inc({ action: /^[a-z][a-z_.]{0,63}$/.test(action) ? action : 'other' }),
      rateLimited: (caller, kind) => rateLimited.inc({ caller, kind }),
      changeNotified: (direction, topic) => (direction === 'sent' ? changesSent : changesReceived).inc({ topic: /^[a-z]{1,20}$/.test(topic) ? topic : 'other' }),
      changeFeedReconnected: () => changeFeedReconnects.inc(),
    });

    // counters only go up: each scrape adds what happened since the last one
    const hitsAndMisses = (name: string, help: string, read: () => { hits: number; misses: number }) => {
      const seen = { hits: 0, misses: 0 };
      new client.Counter({
        name, help, labelNames: ['result'], registers,
        collect() {
          const now = read();
          this.inc({ result: 'hit' }, Math.max(0, now.hits - seen.hits));
          this.inc({ result: 'miss' }, Math.max(0, now.misses - seen.misses));
          seen.hits = now.hits;
          seen.misses = now.misses;
        },
      });
    };
    if (sources.searchCache) hitsAndMisses('mrn_directory_cache_lookups_total', 'Directory searches looked up in the search cache, by result (hit or miss)', sources.searchCache);
    if (sources.coverageCache) hitsAndMisses('mrn_coverage_cache_lookups_total', 'Coverage of a pathway, area and level looked up in the coverage cache, by result (hit or miss)', sources.coverageCache);
    if (sources.agreementsCache) hitsAndMisses('mrn_agreement_pairs_lookups_total', 'Pairs of agencies whose data-sharing agreements a read needed, by result: hit (held at the current epoch) or miss (read again)', sources.agreementsCache);
    if (sources.persistedQueries) hitsAndMisses('mrn_persisted_query_lookups_total', 'Automatic persisted queries looked up by hash, by result (a miss makes the client send the document)', sources.persistedQueries);
    if (sources.pool) {
      const read = sources.pool;
      const gauge = (name: string, help: string, pick: (s: PoolStats) => number) => new client.Gauge({
        name, help, registers,
        collect() {
          const stats = read();
          if (stats) this.set(pick(stats));
        },
      });
      gauge('mrn_db_pool_max_connections', 'Largest number of connections the pool opens (1 on the embedded database)', (s) => s.max);
      gauge('mrn_db_pool_open_connections', 'Connections open (in use and idle)', (s) => s.total);
      gauge('mrn_db_pool_idle_connections', 'Connections open and idle', (s) => s.idle);
      gauge('mrn_db_pool_waiting_requests', 'Callers waiting for a connection', (s) => s.waiting);
    }
    if (sources.outbox) {
      const read = sources.outbox;
      let last: Promise<{ pending: number; oldestAgeSeconds: number } | null> | null = null;
      // both gauges come from one statement per scrape
      const once = () => (last ??= read().catch((e) => {
        logger.warn({ err: { message: (e as Error).message } }, 'metrics: the webhook outbox could not be read');
        return null;
      }).finally(() => setImmediate(() => (last = null))));
      new client.Gauge({ name: 'mrn_webhook_outbox_pending', help: 'Webhook deliveries waiting in the outbox', registers, async collect() { const s = await once(); if (s) this.set(s.pending); } });
      new client.Gauge({ name: 'mrn_webhook_outbox_oldest_age_seconds', help: 'Age of the oldest waiting webhook delivery (0 when none waits)', registers, async collect() { const s = await once(); if (s) this.set(s.oldestAgeSeconds); } });
    }
  }

  /** The label of an operation: its name when it is a GraphQL Name (bounded in number), else its first root field. */
  operationLabel(name: string | null | undefined, operation: OperationDefinitionNode | undefined | null): string {
    // a long run of digits looks like an id someone put in a name: not a label
    if (name && NAME.test(name) && !/\d{6,}/.test(name)) {
      if (this.operationNames.has(name)) return name;
      if (this.operationNames.size < MAX_OPERATION_NAMES) {
        this.operationNames.add(name);
        return name;
      }
      return 'other';
    }
    const first = operation?.selectionSet.selections.find((s) => s.kind === Kind.FIELD);
    // field names come from the schema: a bounded set
    return operation ? `anonymous ${operation.operation}${first && first.kind === Kind.FIELD ? ` ${first.name.value}` : ''}` : 'unknown';
  }

  /** Counts and times every GraphQL request. */
  plugin(): ApolloServerPlugin {
    const metrics = this;
    return {
      async requestDidStart() {
        const started = process.hrtime.bigint();
        return {
          async willSendResponse(rc) {
            const operation = metrics.operationLabel(rc.operationName ?? rc.request.operationName, rc.operation);
            const body = rc.response.body;
            const errors = body.kind === 'single' ? body.singleResult.errors : rc.errors;
            const code = errors?.length ? String(errors[0].extensions?.code ?? 'INTERNAL_SERVER_ERROR') : 'OK';
            metrics.graphqlRequests.inc({ operation, outcome: CODE.test(code) ? code : 'OTHER' });
            metrics.graphqlSeconds.observe({ operation }, Number(process.hrtime.bigint() - started) / 1e9);
          },
        };
      },
    };
  }

  /** Times every HTTP request by route, method and status. */
  readonly http: RequestHandler = (req, res, next) => {
    const started = process.hrtime.bigint();
    this.httpInFlight.inc();
    // 'close' comes after the response is sent and when the client goes away first
    res.once('close', () => this.httpInFlight.dec());
    res.once('finish', () => {
      const method = ['GET', 'POST', 'HEAD', 'OPTIONS'].includes(req.method) ? req.method : 'other';
      // originalUrl: inside a mounted router req.url is cut down to the router's part
      this.httpSeconds.observe({ route: routeLabel((req.originalUrl ?? req.url).split('?')[0]), method, status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  };

  /** Times the checkouts of a pg pool (the wait for a connection). */
  instrumentPool(pool: { connect: (...args: any[]) => any }): void {
    const connect = pool.connect.bind(pool);
    const observe = (started: bigint) => this.poolAcquireSeconds.observe(Number(process.hrtime.bigint() - started) / 1e9);
    pool.connect = (callback?: (err: Error | undefined, client: unknown, release: unknown) => void) => {
      const started = process.hrtime.bigint();
      if (typeof callback === 'function') {
        return connect((err: Error | undefined, c: unknown, release: unknown) => {
          if (!err) observe(started);
          callback(err, c, release);
        });
      }
      return connect().then((c: unknown) => {
        observe(started);
        return c;
      });
    };
  }

  /** GET /metrics: with a token, only for `Authorization: Bearer <token>`. */
  handler(token: string | undefined): RequestHandler {
    const expected = token ? createHash('sha256').update(token).digest() : null;
    return async (req: Request, res: Response) => {
      if (expected) {
        const match = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
        const given = createHash('sha256').update(match?.[1] ?? '').digest();
        if (!match || !timingSafeEqual(given, expected)) {
          res.setHeader('www-authenticate', 'Bearer realm="metrics"');
          res.status(401).type('text/plain').send('Send the metrics token: Authorization: Bearer <METRICS_TOKEN>');
          return;
        }
      }
      try {
        // one of several API processes (API_PROCESSES): the instance's metrics, summed over them all
        const { text, contentType } = isApiProcess() ? await metricsOfAllProcesses() : { text: await this.registry.metrics(), contentType: this.registry.contentType };
        res.setHeader('cache-control', 'no-store');
        res.type(contentType).send(text);
      } catch (e) {
        logger.error({ err: { message: (e as Error).message } }, 'metrics could not be collected');
        res.status(500).type('text/plain').send('Metrics could not be collected');
      }
    };
  }

  /** Stops listening to the signals. */
  close(): void {
    this.unsubscribe();
  }
}

/** /metrics alone on its own port (METRICS_PORT): nothing else is served there. */
export function metricsServer(handler: RequestHandler): http.Server {
  const app = express();
  app.disable('x-powered-by');
  app.get('/metrics', handler);
  app.use((_req, res) => {
    res.status(404).type('text/plain').send('Not found: only /metrics is served on this port');
  });
  return http.createServer(app);
}
