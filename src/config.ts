import path from 'node:path';
import { z } from 'zod';

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const schema = z.object({
  NODE_ENV: z.string().default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  DATABASE_URL: z.string().url().optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  API_PROCESSES: z.union([z.literal('auto'), z.coerce.number().int().min(1).max(64)]).default(1),
  SHUTDOWN_DELAY_SECONDS: z.coerce.number().min(0).max(120).default(0),
  DATABASE_READ_URLS: z.string().optional(),
  DATABASE_READ_SETTLE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
  DATA_DIR: z.string().default('.data'),
  JWT_SECRET: z.string().min(32, 'JWT_SECRET must be at least 32 characters').optional(),
  JWKS_URL: z.string().url().optional(),
  JWT_ISSUER: z.string().optional(),
  JWT_AUDIENCE: z.string().optional(),
  JWT_CLOCK_TOLERANCE_SECONDS: z.coerce.number().int().min(0).max(300).default(30),
  JWT_MAX_LIFETIME_HOURS: z.coerce.number().int().min(1).max(24 * 30).default(12),
  REPORT_LINK_SECRET: z.string().min(32, 'REPORT_LINK_SECRET must be at least 32 characters').optional(),
  TRUST_PROXY: z.string().regex(/^(\d{1,2}|[0-9A-Za-z.:/]+(\s*,\s*[0-9A-Za-z.:/]+)*)$/, 'TRUST_PROXY: a number of proxies in front, or a comma-separated list of addresses, subnets or loopback, linklocal, uniquelocal').optional(),
  SEED_DEMO_DATA: bool.optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  MAX_QUERY_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
  MAX_QUERY_COST: z.coerce.number().int().min(10).max(1_000_000).default(20_000),
  MAX_ALIASES: z.coerce.number().int().min(1).max(1000).default(30),
  BODY_LIMIT: z.string().default('1mb'),
  INTROSPECTION: bool.optional(),
  REFERRAL_EXPIRY_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  STALE_AFTER_DAYS: z.coerce.number().int().min(1).max(3650).default(180),
  SQL_STATEMENT_HEADER: bool.default(false),
  BENCH_DISABLE_DISCLOSURE_CHECK: bool.default(false),
  DIRECTORY_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(30),
  DIRECTORY_CACHE_MAX_MB: z.coerce.number().int().min(1).max(4096).default(64),
  COVERAGE_CACHE_TTL_SECONDS: z.coerce.number().int().min(0).max(3600).default(60),
  COVERAGE_CACHE_MAX_MB: z.coerce.number().int().min(1).max(4096).default(64),
  DIRECTORY_SEARCH_INDEX: bool.default(true),
  // small-cell suppression may be made stricter, never weaker than 5
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(600),
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: z.coerce.number().int().min(1).max(1_000_000).default(30),
  RATE_LIMIT_COSTLY_COST: z.coerce.number().int().min(1).max(1_000_000).default(20),
  MAX_INPUT_DEPTH: z.coerce.number().int().min(2).max(100).default(12),
  REDIS_URL: z.string().url().optional(),
  STATS_SUPPRESSION_THRESHOLD: z.coerce.number().int().min(5, 'STATS_SUPPRESSION_THRESHOLD can only be raised above the default of 5').max(1000).default(5),
  STATS_PERTURBATION_KEY: z.string().min(32, 'STATS_PERTURBATION_KEY must be at least 32 characters').optional(),
  STATS_QUERY_BUDGET: z.coerce.number().int().min(1).max(10_000).default(50),
  WEBHOOK_WORKER_IN_SERVER: bool.default(true),
  WEBHOOK_POLL_MS: z.coerce.number().int().min(50).max(60_000).default(1000),
  WEBHOOK_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(10_000),
  WEBHOOK_CONCURRENCY: z.coerce.number().int().min(1).max(200).default(16),
  WEBHOOK_RETRY_BASE_MS: z.coerce.number().int().min(10).max(3_600_000).default(30_000),
  WEBHOOK_RETRY_MAX_DELAY_MS: z.coerce.number().int().min(10).max(86_400_000).default(3_600_000),
  WEBHOOK_RETRY_HOURS: z.coerce.number().min(0.001).max(24 * 14).default(24),
  WEBHOOK_ALLOW_PRIVATE_TARGETS: bool.optional(),
  WEBHOOK_SWEEP_SECONDS: z.coerce.number().int().min(1).max(86_400).default(60),
  WEBHOOK_AGREEMENT_NOTICE_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  WEBHOOK_KEEP_DAYS: z.coerce.number().int().min(1).max(3650).default(90),
  RETENTION_SWEEP_MINUTES: z.coerce.number().int().min(0).max(7 * 24 * 60).default(60),
  RETENTION_NOW_OFFSET_DAYS: z.coerce.number().int().min(0).max(36500).default(0),
  COMPRESSION: bool.default(true),
  GRAPHQL_JIT: bool.default(true),
  COMPRESSION_THRESHOLD_BYTES: z.coerce.number().int().min(0).max(10_000_000).default(1024),
  APQ_CACHE_MB: z.coerce.number().int().min(0).max(1024).default(16),
  EXPLORER: bool.optional(),
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  METRICS_HOST: z.string().optional(),
  HSDS_PUBLIC: bool.default(false),
});

/** Every variable the configuration reads (the README's reference table lists each: test/unit/config-reference.test.ts). */
export const CONFIG_VARIABLES: readonly string[] = Object.keys(schema.shape);

export type Config = {
  env: string;
  production: boolean;
  host: string;
  port: number;
  databaseUrl?: string;
  databasePoolSize: number;
  /** API processes of this instance on one port (src/cluster.ts); `auto`: one per core. Needs DATABASE_URL past 1. */
  processes: number | 'auto';
  /** On SIGTERM, seconds of answering while /readyz says "stopping" before the requests drain (a load balancer's health-check interval). */
  shutdownDelaySeconds: number;
  /**
   * PostgreSQL read replicas (hot standbys of DATABASE_URL) that directory searches read from; `settleMs`: how long
   * after a change the caches empty themselves a second time, so an answer read from a replica that had not yet
   * replayed the change is not kept (README, "Several instances").
   */
  readReplicas: { urls: string[]; settleMs: number };
  dataDir: string;
  jwt: {
    secret?: string;
    jwksUrl?: string;
    issuer?: string;
    audience?: string;
    clockToleranceSeconds: number;
    maxLifetimeHours: number;
    usingDevelopmentSecret: boolean;
    /** Key of the signed report links; derived from `secret` when unset (a random key per process when neither is set). */
    reportLinkSecret?: string;
  };
  /**
   * Which proxies in front (a load balancer) may name the client's address in X-Forwarded-For (Express's "trust
   * proxy": a hop count, or addresses and subnets); the anonymous rate limit counts per that address. Off: the peer's.
   */
  trustProxy?: number | string[];
  seedDemoData: boolean;
  logLevel: string;
  limits: { maxDepth: number; maxCost: number; maxAliases: number; bodyLimit: string; maxInputDepth: number };
  introspection: boolean;
  staleAfterDays: number;
  referralExpiryDays: number;
  directoryCache: { ttlSeconds: number; maxBytes: number };
  coverageCache: { ttlSeconds: number; maxBytes: number };
  /** Directory searches answered from an in-process index kept current from PostgreSQL (src/directory/search-index.ts). */
  directorySearchIndex: boolean;
  sqlStatementHeader: boolean;
  /** Queries run as code compiled per document (graphql-jit; src/compiled-executor.ts), else on graphql-js. */
  graphqlJit: boolean;
  /** The benchmark's measurement of what enforcement costs: referral reads skip the disclosure check (never in production). */
  benchDisableDisclosureCheck: boolean;
  suppressionThreshold: number;
  /** Secret of the keyed hash that draws the statistics perturbation; a public default outside production. */
  statistics: { perturbationKey: string; usingDevelopmentKey: boolean; queryBudget: number };
  rateLimit: { perMinute: number; anonymousPerMinute: number; costlyCost: number; redisUrl?: string };
  webhooks: {
    /** Deliver from inside the server (default); off when separate `npm run worker` processes deliver. */
    workerInServer: boolean;
    pollMs: number;
    timeoutMs: number;
    concurrency: number;
    retry: { baseMs: number; maxDelayMs: number; windowMs: number };
    /** Endpoints on loopback or private addresses: development only unless switched on (never in production). */
    allowPrivateTargets: boolean;
    requireHttps: boolean;
    sweepSeconds: number;
    agreementNoticeDays: number;
    keepDays: number;
  };
  retention: {
    /** How often the server sweeps (0: never; then run npm run retention from a scheduler). */
    sweepMinutes: number;
    /** Tests only (refused in production): the sweep judges periods as if it were this many days later. */
    nowOffsetDays: number;
  };
  /** gzip or brotli, as the client accepts, for responses of at least `thresholdBytes`. */
  compression: { enabled: boolean; thresholdBytes: number };
  /** Automatic persisted queries: the documents kept by hash, bounded in bytes (0: APQ off). */
  persistedQueries: { cacheBytes: number };
  /**
   * GraphiQL at GET /graphql (Accept: text/html), from the server's own files. `demoTokens`: the demo users
   * one click away, only outside production and only with the development secret.
   */
  explorer: { enabled: boolean; demoTokens: boolean };
  /** /metrics (Prometheus): on the API port behind `token`, or alone on `port` (and `host`); off when neither is set. */
  metrics: { token?: string; port?: number; host: string };
  /** The HSDS export (/hsds/...): anonymous read-only access for networks that publish their directory. */
  hsds: { publicRead: boolean };
};

/** Public on purpose: only ever used outside production, and the server says so in its log. */
export const DEVELOPMENT_JWT_SECRET = 'development-only-secret-do-not-use-in-production';

/** Public on purpose: only ever used outside production (anyone knowing it can predict the noise). */
export const DEVELOPMENT_STATS_PERTURBATION_KEY = 'development-only-perturbation-key-do-not-use-in-production';

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = schema.safeParse(Object.fromEntries(Object.entries(env).filter(([, v]) => v !== '')));
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ConfigError(`Invalid configuration: ${problems}`);
  }
  const e = parsed.data;
  const production = e.NODE_ENV === 'production';
  if (production && !e.JWT_SECRET && !e.JWKS_URL) {
    throw new ConfigError('NODE_ENV=production needs JWT_SECRET or JWKS_URL: refusing to start with the development secret');
  }
  if (production && !e.STATS_PERTURBATION_KEY) {
    throw new ConfigError('NODE_ENV=production needs STATS_PERTURBATION_KEY (at least 32 random characters): with the public development key anyone could remove the statistics perturbation');
  }
  if (production && e.BENCH_DISABLE_DISCLOSURE_CHECK) {
    throw new ConfigError('BENCH_DISABLE_DISCLOSURE_CHECK switches off the disclosure check for a benchmark: refused with NODE_ENV=production');
  }
  if (production && e.WEBHOOK_ALLOW_PRIVATE_TARGETS) {
    throw new ConfigError('WEBHOOK_ALLOW_PRIVATE_TARGETS lets webhooks reach loopback and private addresses: refused with NODE_ENV=production');
  }
  if (production && e.RETENTION_NOW_OFFSET_DAYS) {
    throw new ConfigError('RETENTION_NOW_OFFSET_DAYS moves the retention sweep\'s clock forward, so it erases cases before their time: a test-only setting, refused with NODE_ENV=production');
  }
  const readUrls = (e.DATABASE_READ_URLS ?? '').split(',').map((u) => u.trim()).filter(Boolean);
  for (const url of readUrls) {
    if (!/^postgres(ql)?:\/\/\S+$/.test(url)) throw new ConfigError('Invalid configuration: DATABASE_READ_URLS: a comma-separated list of postgres:// URLs');
  }
  if (readUrls.length && !e.DATABASE_URL) throw new ConfigError('DATABASE_READ_URLS names replicas of DATABASE_URL: set DATABASE_URL too (the embedded database has no replicas)');
  if (e.API_PROCESSES !== 1 && !e.DATABASE_URL) throw new ConfigError('API_PROCESSES runs several processes on one database: set DATABASE_URL too (the embedded database serves one process only)');
  const usingDevelopmentSecret = !e.JWT_SECRET && !e.JWKS_URL;
  return {
    env: e.NODE_ENV,
    production,
    host: e.HOST,
    port: e.PORT,
    databaseUrl: e.DATABASE_URL,
    databasePoolSize: e.DATABASE_POOL_SIZE,
    processes: e.API_PROCESSES,
    shutdownDelaySeconds: e.SHUTDOWN_DELAY_SECONDS,
    readReplicas: { urls: readUrls, settleMs: e.DATABASE_READ_SETTLE_MS },
    dataDir: path.resolve(e.DATA_DIR),
    jwt: {
      secret: e.JWT_SECRET ?? (usingDevelopmentSecret ? DEVELOPMENT_JWT_SECRET : undefined),
      jwksUrl: e.JWKS_URL,
      issuer: e.JWT_ISSUER,
      audience: e.JWT_AUDIENCE,
      clockToleranceSeconds: e.JWT_CLOCK_TOLERANCE_SECONDS,
      maxLifetimeHours: e.JWT_MAX_LIFETIME_HOURS,
      usingDevelopmentSecret,
      reportLinkSecret: e.REPORT_LINK_SECRET,
    },
    trustProxy: e.TRUST_PROXY === undefined ? undefined : /^\d+$/.test(e.TRUST_PROXY) ? Number(e.TRUST_PROXY) : e.TRUST_PROXY.split(',').map((s) => s.trim()),
    seedDemoData: e.SEED_DEMO_DATA ?? !production,
    logLevel: e.LOG_LEVEL,
    limits: { maxDepth: e.MAX_QUERY_DEPTH, maxCost: e.MAX_QUERY_COST, maxAliases: e.MAX_ALIASES, bodyLimit: e.BODY_LIMIT, maxInputDepth: e.MAX_INPUT_DEPTH },
    introspection: e.INTROSPECTION ?? !production,
    staleAfterDays: e.STALE_AFTER_DAYS,
    referralExpiryDays: e.REFERRAL_EXPIRY_DAYS,
    directoryCache: { ttlSeconds: e.DIRECTORY_CACHE_TTL_SECONDS, maxBytes: e.DIRECTORY_CACHE_MAX_MB * 1024 * 1024 },
    coverageCache: { ttlSeconds: e.COVERAGE_CACHE_TTL_SECONDS, maxBytes: e.COVERAGE_CACHE_MAX_MB * 1024 * 1024 },
    directorySearchIndex: e.DIRECTORY_SEARCH_INDEX,
    sqlStatementHeader: e.SQL_STATEMENT_HEADER,
    benchDisableDisclosureCheck: e.BENCH_DISABLE_DISCLOSURE_CHECK,
    suppressionThreshold: e.STATS_SUPPRESSION_THRESHOLD,
    statistics: {
      perturbationKey: e.STATS_PERTURBATION_KEY ?? DEVELOPMENT_STATS_PERTURBATION_KEY,
      usingDevelopmentKey: !e.STATS_PERTURBATION_KEY,
      queryBudget: e.STATS_QUERY_BUDGET,
    },
    rateLimit: { perMinute: e.RATE_LIMIT_PER_MINUTE, anonymousPerMinute: e.RATE_LIMIT_ANONYMOUS_PER_MINUTE, costlyCost: e.RATE_LIMIT_COSTLY_COST, redisUrl: e.REDIS_URL },
    webhooks: {
      workerInServer: e.WEBHOOK_WORKER_IN_SERVER,
      pollMs: e.WEBHOOK_POLL_MS,
      timeoutMs: e.WEBHOOK_TIMEOUT_MS,
      concurrency: e.WEBHOOK_CONCURRENCY,
      retry: { baseMs: e.WEBHOOK_RETRY_BASE_MS, maxDelayMs: e.WEBHOOK_RETRY_MAX_DELAY_MS, windowMs: e.WEBHOOK_RETRY_HOURS * 3_600_000 },
      allowPrivateTargets: e.WEBHOOK_ALLOW_PRIVATE_TARGETS ?? e.NODE_ENV === 'development',
      requireHttps: production,
      sweepSeconds: e.WEBHOOK_SWEEP_SECONDS,
      agreementNoticeDays: e.WEBHOOK_AGREEMENT_NOTICE_DAYS,
      keepDays: e.WEBHOOK_KEEP_DAYS,
    },
    retention: { sweepMinutes: e.RETENTION_SWEEP_MINUTES, nowOffsetDays: e.RETENTION_NOW_OFFSET_DAYS },
    graphqlJit: e.GRAPHQL_JIT,
    compression: { enabled: e.COMPRESSION, thresholdBytes: e.COMPRESSION_THRESHOLD_BYTES },
    persistedQueries: { cacheBytes: e.APQ_CACHE_MB * 1024 * 1024 },
    explorer: { enabled: e.EXPLORER ?? !production, demoTokens: (e.EXPLORER ?? !production) && !production && usingDevelopmentSecret },
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST ?? e.HOST },
    hsds: { publicRead: e.HSDS_PUBLIC },
  };
}
