import { createHash } from 'node:crypto';
import type { NextFunction, Request, Response } from 'express';
import Redis from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Config } from '../config';
import { logger } from './logger';

/**
 * A request budget per token per minute (per client address when there is no token). In memory by
 * default; with REDIS_URL every server instance draws on one shared budget.
 */
export async function createRateLimit(config: Config['rateLimit']) {
  let redis: Redis | null = null;
  let limiter: RateLimiterAbstract;
  if (config.redisUrl) {
    redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    redis.on('error', (e) => logger.warn({ err: { message: e.message } }, 'redis unavailable for rate limiting'));
    // start counting in Redis from the first request; until it answers, each instance keeps its own budget
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 5000);
      redis!.once('ready', () => { clearTimeout(timer); resolve(); });
    });
    // if Redis is down, fall back to this instance's own budget rather than refusing everyone
    limiter = new RateLimiterRedis({ storeClient: redis, keyPrefix: 'mrn-rl', points: config.perMinute, duration: 60, insuranceLimiter: new RateLimiterMemory({ points: config.perMinute, duration: 60 }) });
  } else {
    limiter = new RateLimiterMemory({ points: config.perMinute, duration: 60 });
  }

  const middleware = async (req: Request, res: Response, next: NextFunction) => {
    const token = /^Bearer\s+(\S+)/i.exec(req.headers.authorization ?? '')?.[1];
    const key = token ? `t:${createHash('sha256').update(token).digest('hex').slice(0, 32)}` : `ip:${req.ip}`;
    try {
      const state = await limiter.consume(key);
      res.setHeader('RateLimit-Remaining', String(state.remainingPoints));
      next();
    } catch (e) {
      if (!(e instanceof RateLimiterRes)) return next(e);
      const retry = Math.ceil(e.msBeforeNext / 1000);
      res.setHeader('Retry-After', String(retry));
      res.status(429).json({ errors: [{ message: `Too many requests: at most ${config.perMinute} a minute for one token. Try again in ${retry} s.`, extensions: { code: 'RATE_LIMITED', retryAfterSeconds: retry } }] });
    }
  };
  return { middleware, close: async () => { redis?.disconnect(); } };
}
