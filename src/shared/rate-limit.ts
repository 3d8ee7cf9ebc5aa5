import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import Redis from 'ioredis';
import cluster from 'node:cluster';
import { RateLimiterCluster, RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Viewer } from '../auth/roles';
import type { Config } from '../config';
import { errorMessage } from './errors';
import { logger } from './logger';
import { render, type Message } from './messages';
import { signals } from './signals';

/** Who is calling, as decided once per request before the rate limit: a verified viewer, or none and why. */
export interface RequestAuth<E = unknown> {
  viewer: Viewer | null;
  error: E | null;
}

export type Charge = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

/**
 * Request budgets per minute, drawn after the token is checked so they cannot be dodged with new tokens:
 * - a verified token draws on the budget of its subject and agency (RATE_LIMIT_PER_MINUTE), whatever the
 *   token's bytes (a re-signed or altered token of the same person shares it);
 * - a request with no token or an invalid one draws on a strict budget of its client address
 *   (RATE_LIMIT_ANONYMOUS_PER_MINUTE);
 * - costly operations draw RATE_LIMIT_COSTLY_COST points instead of one (`charge`).
 * In memory by default (shared by the API processes of one instance, API_PROCESSES); with REDIS_URL every
 * server instance draws on one shared budget.
 */
export async function createRateLimit(config: Config['rateLimit']) {
  let redis: Redis | null = null;
  let viewers: RateLimiterAbstract;
  let anonymous: RateLimiterAbstract;
  if (config.redisUrl) {
    redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redis.on('error', (e) => logger.warn({ err: { message: e.message } }, 'redis unavailable for rate limiting'));
    // start counting in Redis from the first request; until it answers, each instance keeps its own budget
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      redis!.once('ready', () => { clearTimeout(timer); resolve(); });
    });
    // if Redis is down, fall back to this instance's own budget rather than refusing everyone
    const limiter = (keyPrefix: string, points: number) =>
      new RateLimiterRedis({ storeClient: redis!, keyPrefix, points, duration: 60, insuranceLimiter: new RateLimiterMemory({ points, duration: 60 }) });
    viewers = limiter('mrn-rl-v', config.perMinute);
    anonymous = limiter('mrn-rl-a', config.anonymousPerMinute);
  } else if (cluster.isWorker) {
    // one of several API processes (API_PROCESSES): the primary holds the budgets they share (src/cluster.ts)
    viewers = new RateLimiterCluster({ keyPrefix: 'mrn-rl-v', points: config.perMinute, duration: 60, timeoutMs: 5000 });
    anonymous = new RateLimiterCluster({ keyPrefix: 'mrn-rl-a', points: config.anonymousPerMinute, duration: 60, timeoutMs: 5000 });
  } else {
    viewers = new RateLimiterMemory({ points: config.perMinute, duration: 60 });
    anonymous = new RateLimiterMemory({ points: config.anonymousPerMinute, duration: 60 });
  }

  const keyOf = (viewer: Viewer | null, req: Request) =>
    viewer ? createHash('sha256').update(`${viewer.agencyId}\u0000${viewer.userId}`).digest('hex').slice(0, 32) : `ip:${req.ip}`;

  /** Draws `points` from the caller's budget (`kind`: a request's own point, or the extra cost of a costly one). */
  async function charge(viewer: Viewer | null, req: Request, points = 1, kind: 'request' | 'costly' = 'request'): Promise<Charge> {
    try {
      const state = await (viewer ? viewers : anonymous).consume(keyOf(viewer, req), points);
      return { ok: true, remaining: state.remainingPoints };
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) throw e;
      signals.rateLimited(viewer ? 'person' : 'anonymous', kind);
      return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(e.msBeforeNext / 1000)) };
    }
  }

  const refusal = (viewer: Viewer | null, retry: number, points = 1): Message =>
    viewer
      ? errorMessage(points > 1 ? 'rateLimit.personCostly' : 'rateLimit.person', { perMinute: config.perMinute, points, retry })
      : errorMessage('rateLimit.anonymous', { perMinute: config.anonymousPerMinute, retry });

  /**
   * Authenticates the request with `authenticate` (kept in res.locals.auth for the handlers after it),
   * then draws one point from the caller's budget, or answers 429.
   */
  const middleware = (authenticate: (req: Request) => Promise<RequestAuth>, format: 'graphql' | 'text' = 'graphql') =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const auth = await authenticate(req);
        res.locals.auth = auth;
        const result = await charge(auth.viewer, req);
        if (result.ok) {
          res.setHeader('RateLimit-Remaining', String(result.remaining));
          return next();
        }
        res.setHeader('Retry-After', String(result.retryAfterSeconds));
        const message = render(res.locals.lang, refusal(auth.viewer, result.retryAfterSeconds));
        if (format === 'text') return res.status(429).type('text/plain').send(message);
        res.status(429).json({ errors: [{ message, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: result.retryAfterSeconds } }] });
      } catch (e) {
        next(e);
      }
    };
  return { middleware, charge, refusal, close: async () => { redis?.disconnect(); } };
}
