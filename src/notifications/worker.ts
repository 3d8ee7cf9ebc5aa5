/**
 * Delivers the outbox (webhook_deliveries). Runs inside the server by default and as its own process with
 * `npm run worker`. Workers claim due rows with a lease (FOR UPDATE SKIP LOCKED, then lease_until and a
 * token): two workers never take the same row, and a worker that dies mid-delivery leaves a lease that
 * expires, so the row is tried again. Deliveries run beside the API, never inside a request or a
 * transaction: a receiver that hangs costs a socket until the timeout, nothing else.
 */
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';
import type { DataSource } from 'typeorm';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { agreementPartiesEndingSql } from '../agreements/sql';
import { overdueReferralsOfAgencySql } from '../referrals/sql';
import { logger } from '../shared/logger';
import { delivered, nextAttempt, type RetryPolicy } from './delivery-rules';
import { WebhookEvent } from './enums';
import { signedHeaders } from './signing';
import { guardedLookup, isPrivateAddress } from './url-safety';

export interface WebhookWorkerConfig {
  pollMs: number;
  timeoutMs: number;
  /** Deliveries in flight at once, per worker. */
  concurrency: number;
  retry: RetryPolicy;
  allowPrivateTargets: boolean;
  sweepSeconds: number;
  agreementNoticeDays: number;
  keepDays: number;
  /** With Redis, every worker draws on one budget per endpoint; without, each worker keeps its own. */
  redisUrl?: string;
}

/** The network's open governance alerts by kind (counts only), for the daily governance.alerts event. */
export type GovernanceCounts = () => Promise<Record<string, number>>;

interface Claimed {
  id: string; endpoint_id: string; agency_id: string; event: string; data: Record<string, unknown>; attempts: number;
  created_at: Date; retry_from: Date; url: string; secret: string; rate_per_minute: number;
}

/** The rate limiter's budget per minute: an endpoint allowed `rate` deliveries a minute draws BUDGET / rate a delivery. */
const BUDGET = 6000;
const USER_AGENT = 'migrant-referral-network-webhooks/1';

export class WebhookWorker {
  private readonly token = randomUUID();
  private readonly limiter: RateLimiterAbstract;
  private readonly redis: Redis | null;
  private readonly inFlight = new Set<Promise<void>>();
  private pollTimer: NodeJS.Timeout | null = null;
  private sweepTimer: NodeJS.Timeout | null = null;
  private polling = false;
  private sweeping = false;
  private stopped = false;

  constructor(private readonly db: DataSource, private readonly config: WebhookWorkerConfig, private readonly governanceCounts?: GovernanceCounts) {
    const memory = new RateLimiterMemory({ points: BUDGET, duration: 60 });
    this.redis = config.redisUrl ? new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false }) : null;
    this.redis?.on('error', (e) => logger.warn({ err: { message: e.message } }, 'redis unavailable for webhook rate limits'));
    // if Redis is down, each worker falls back to its own budget rather than stopping deliveries
    this.limiter = this.redis ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix: 'mrn-webhook', points: BUDGET, duration: 60, insuranceLimiter: memory }) : memory;
  }

  start(): void {
    this.stopped = false;
    this.pollTimer = setInterval(() => void this.poll(), this.config.pollMs);
    this.sweepTimer = setInterval(() => void this.sweep(), this.config.sweepSeconds * 1000);
    this.pollTimer.unref();
    this.sweepTimer.unref();
    void this.sweep();
    logger.info({ pollMs: this.config.pollMs, concurrency: this.config.concurrency }, 'webhook worker started');
  }

  /** Stops claiming; waits for the deliveries in flight (each ends by its timeout at the latest). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.pollTimer) clearInterval(this.pollTimer);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    await Promise.allSettled([...this.inFlight]);
    this.redis?.disconnect();
  }

  /** Claims what is due, up to the free delivery slots, and starts delivering it without waiting. */
  async poll(): Promise<number> {
    if (this.polling || this.stopped) return 0;
    this.polling = true;
    try {
      const free = this.config.concurrency - this.inFlight.size;
      if (free <= 0) return 0;
      const rows = await this.claim(free);
      for (const row of rows) {
        const job = this.deliver(row).catch((e) => logger.error({ err: { message: (e as Error).message }, delivery: row.id }, 'webhook delivery bookkeeping failed'));
        this.inFlight.add(job);
        void job.finally(() => this.inFlight.delete(job));
      }
      return rows.length;
    } catch (e) {
      logger.warn({ err: { message: (e as Error).message } }, 'webhook poll failed');
      return 0;
    } finally {
      this.polling = false;
    }
  }

  private async claim(limit: number): Promise<Claimed[]> {
    const leaseSeconds = Math.ceil(this.config.timeoutMs / 1000) + 60;
    return this.db.query(
      `WITH due AS (
         SELECT id FROM webhook_deliveries
          WHERE status = 'PENDING' AND next_attempt_at <= now() AND (lease_until IS NULL OR lease_until < now())
          ORDER BY next_attempt_at LIMIT $1 FOR UPDATE SKIP LOCKED),
       claimed AS (
         UPDATE webhook_deliveries d SET lease_until = now() + make_interval(secs => $2), lease_token = $3 FROM due WHERE d.id = due.id
         RETURNING d.id, d.endpoint_id, d.agency_id, d.event, d.data, d.attempts, d.created_at, d.retry_from)
       SELECT c.*, e.url, e.secret, e.rate_per_minute FROM claimed c JOIN webhook_endpoints e ON e.id = c.endpoint_id`,
      [limit, leaseSeconds, this.token],
    );
  }

  private async deliver(row: Claimed): Promise<void> {
    // the endpoint's rate: over it, the row waits (not an attempt)
    try {
      await this.limiter.consume(row.endpoint_id, Math.ceil(BUDGET / row.rate_per_minute));
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      await this.db.query(`UPDATE webhook_deliveries SET next_attempt_at = now() + make_interval(secs => $3), lease_until = NULL WHERE id = $1 AND lease_token = $2`,
        [row.id, this.token, Math.max(e.msBeforeNext, 100) / 1000]);
      return;
    }
    const createdAt = new Date(row.created_at);
    const body = JSON.stringify({ id: row.id, event: row.event, createdAt: createdAt.toISOString(), agencyId: row.agency_id, data: row.data });
    const result = await this.post(row, body);
    if (delivered(result.status)) {
      // recorded even when its endpoint was removed meanwhile: the receiver has it
      await this.db.query(
        `UPDATE webhook_deliveries SET status = 'DELIVERED', attempts = attempts + 1, last_attempt_at = now(), last_status_code = $3, last_error = NULL,
           delivered_at = now(), lease_until = NULL WHERE id = $1 AND lease_token = $2`, [row.id, this.token, result.status]);
      logger.info({ delivery: row.id, event: row.event, attempts: row.attempts + 1 }, 'webhook delivered');
      return;
    }
    const next = nextAttempt(this.config.retry, row.attempts + 1, new Date(row.retry_from), new Date(), Math.random());
    // only a row still waiting takes the failure: one dead-lettered meanwhile (its endpoint removed) stays dead
    const [recorded] = await this.db.query(
      `WITH failed AS (
         UPDATE webhook_deliveries SET status = $3, attempts = attempts + 1, last_attempt_at = now(), last_status_code = $4, last_error = $5,
           next_attempt_at = COALESCE($6, next_attempt_at), lease_until = NULL WHERE id = $1 AND lease_token = $2 AND status = 'PENDING' RETURNING id)
       SELECT count(*)::int AS n FROM failed`,
      [row.id, this.token, next ? 'PENDING' : 'DEAD', result.status, result.error, next],
    );
    if (!recorded?.n) {
      logger.info({ delivery: row.id, event: row.event, status: result.status, error: result.error }, 'webhook attempt failed after its delivery was dead-lettered: it stays dead');
      return;
    }
    logger.warn({ delivery: row.id, event: row.event, attempts: row.attempts + 1, status: result.status, error: result.error, dead: !next }, next ? 'webhook delivery failed: retrying' : 'webhook delivery dead-lettered');
  }

  /** One POST; resolves with the status, or null and why there was none. Never rejects. */
  private post(row: Claimed, body: string): Promise<{ status: number | null; error: string | null }> {
    return new Promise((resolve) => {
      let url: URL;
      try {
        url = new URL(row.url);
      } catch {
        return resolve({ status: null, error: 'invalid URL' });
      }
      const host = url.hostname.replace(/^\[|\]$/g, '');
      // an address written in the URL is not looked up: checked here (names are checked as they resolve)
      if (!this.config.allowPrivateTargets && /^[\d.]+$|:/.test(host) && isPrivateAddress(host)) return resolve({ status: null, error: 'private address refused' });
      const timestamp = Math.floor(Date.now() / 1000);
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'POST',
        lookup: guardedLookup(this.config.allowPrivateTargets),
        timeout: this.config.timeoutMs,
        headers: {
          'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'user-agent': USER_AGENT, 'x-webhook-event': row.event,
          ...signedHeaders(row.secret, row.id, timestamp, body),
        },
      }, (response) => {
        // the answer's body is not ours to keep
        response.resume();
        response.on('end', () => resolve({ status: response.statusCode ?? null, error: delivered(response.statusCode ?? null) ? null : `HTTP ${response.statusCode}` }));
        response.on('error', () => resolve({ status: response.statusCode ?? null, error: 'the answer broke off' }));
        response.on('close', () => resolve({ status: response.statusCode ?? null, error: response.complete && delivered(response.statusCode ?? null) ? null : 'the answer broke off' }));
      });
      // a whole-request deadline: a receiver that trickles bytes must not hold the slot forever
      const deadline = setTimeout(() => request.destroy(new Error('timeout')), this.config.timeoutMs);
      request.on('timeout', () => request.destroy(new Error('timeout')));
      request.on('error', (e: NodeJS.ErrnoException) => resolve({ status: null, error: e.code === 'EPRIVATE' ? 'private address refused' : e.message === 'timeout' ? `no answer within ${this.config.timeoutMs} ms` : (e.code ?? e.message).slice(0, 200) }));
      request.on('close', () => clearTimeout(deadline));
      request.end(body);
    });
  }

  /** The announcements no request makes: overdue referrals, agreements ending, the governance alerts; then old rows go. */
  async sweep(): Promise<void> {
    if (this.sweeping || this.stopped) return;
    this.sweeping = true;
    try {
      await this.announceOverdue();
      await this.announceAgreementsEnding();
      await this.announceGovernanceAlerts();
      await this.db.query(`DELETE FROM webhook_deliveries WHERE status <> 'PENDING' AND created_at < now() - make_interval(days => $1)`, [this.config.keepDays]);
    } catch (e) {
      logger.warn({ err: { message: (e as Error).message } }, 'webhook sweep failed');
    } finally {
      this.sweeping = false;
    }
  }

  /** referral.overdue, once per referral and endpoint (the dedup key), to both agencies. */
  announceOverdue(): Promise<unknown> {
    return this.db.query(
      `INSERT INTO webhook_deliveries (endpoint_id, agency_id, event, data, dedup_key)
       SELECT e.id, e.agency_id, $1, jsonb_build_object('referralId', r.id, 'status', r.status, 'priority', r.priority,
                'responseDueAt', to_char(r.response_due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
                'serviceId', r.service_id, 'sendingAgencyId', r.sending_agency_id, 'receivingAgencyId', r.receiving_agency_id),
              $1 || ':' || r.id
         FROM webhook_endpoints e CROSS JOIN LATERAL (${overdueReferralsOfAgencySql('e.agency_id')}) r
        WHERE e.removed_at IS NULL AND $1 = ANY(e.events)
       ON CONFLICT (endpoint_id, dedup_key) DO NOTHING`,
      [WebhookEvent.REFERRAL_OVERDUE],
    );
  }

  /** agreement.expiring, once per agreement, end date and endpoint, to every party. */
  announceAgreementsEnding(): Promise<unknown> {
    return this.db.query(
      `INSERT INTO webhook_deliveries (endpoint_id, agency_id, event, data, dedup_key)
       SELECT e.id, e.agency_id, $1, jsonb_build_object('kind', a.kind, 'agreementId', a.id, 'endsOn', a.ends_on), $1 || ':' || a.id || ':' || a.ends_on
         FROM (${agreementPartiesEndingSql('$2::int')}) a JOIN webhook_endpoints e ON e.agency_id = a.agency_id
        WHERE e.removed_at IS NULL AND $1 = ANY(e.events)
       ON CONFLICT (endpoint_id, dedup_key) DO NOTHING`,
      [WebhookEvent.AGREEMENT_EXPIRING, this.config.agreementNoticeDays],
    );
  }

  /** governance.alerts once a day per endpoint while any alert is open; counted only when an endpoint still waits for today's. */
  async announceGovernanceAlerts(): Promise<void> {
    if (!this.governanceCounts) return;
    const day = new Date().toISOString().slice(0, 10);
    const key = `${WebhookEvent.GOVERNANCE_ALERTS}:${day}`;
    const [waiting] = await this.db.query(
      `SELECT EXISTS (SELECT 1 FROM webhook_endpoints e WHERE e.removed_at IS NULL AND $1 = ANY(e.events)
         AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.dedup_key = $2)) AS waiting`,
      [WebhookEvent.GOVERNANCE_ALERTS, key]);
    if (!waiting.waiting) return;
    const counts = await this.governanceCounts();
    if (!Object.values(counts).some((n) => n > 0)) return;
    await this.db.query(
      `INSERT INTO webhook_deliveries (endpoint_id, agency_id, event, data, dedup_key)
       SELECT e.id, e.agency_id, $1, $2::jsonb, $3 FROM webhook_endpoints e WHERE e.removed_at IS NULL AND $1 = ANY(e.events)
       ON CONFLICT (endpoint_id, dedup_key) DO NOTHING`,
      [WebhookEvent.GOVERNANCE_ALERTS, JSON.stringify({ day, ...counts }), key]);
  }
}
