import http from 'node:http';
import { ApolloServer, HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import compression from 'compression';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { DataSource } from 'typeorm';
import { checkAuthority, createTokenVerifier, InvalidTokenError, signToken } from './auth/jwt';
import { createAuthorityLookup } from './token-authority';
import type { Viewer } from './auth/roles';
import type { Config } from './config';
import { DirectoryService } from './directory/directory.service';
import { ServiceIssuesService } from './directory/issues';
import { CategoriesService } from './directory/categories';
import { createDirectoryLoaders } from './directory/loaders';
import { ReferenceData } from './directory/reference-data';
import { HsdsExport } from './hsds/export.service';
import { hsdsRoutes } from './hsds/routes';
import { AgreementsService } from './agreements/agreements.service';
import { createAgreementLoaders } from './agreements/loaders';
import { AuditTrail } from './audit/audit-trail';
import { DisclosureRecorder } from './audit/audit-log';
import { SearchCache } from './directory/search-cache';
import { SearchIndex } from './directory/search-index';
import { agreementPairCache } from './agreements/pair-cache';
import { ChangeFeed } from './db/change-feed';
import { CoverageCache } from './coverage/cache';
import { coverageResponsesPlugin, stringifyResult } from './coverage/response-cache';
import { CasesService } from './cases/cases.service';
import { CaseLifecycleService } from './cases/lifecycle.service';
import { RetentionService } from './cases/retention.service';
import { createCaseLoaders } from './cases/loaders';
import { createReferralLoaders } from './referrals/loaders';
import { ReferralsService } from './referrals/referrals.service';
import { FeedbackService } from './feedback/feedback.service';
import { WebhooksService } from './notifications/webhooks.service';
import { HsdsImportService } from './hsds/import.service';
import { WebhookWorker } from './notifications/worker';
import { outboxStats } from './notifications/outbox-stats';
import { DisclosureLog } from './policy/disclosure';
import { AccessRequestsService } from './access-requests/access-requests.service';
import { StatisticsService } from './statistics/statistics.service';
import { CoverageService } from './coverage/coverage.service';
import { createCoverageLoaders } from './coverage/loaders';
import { authenticateReport, coverageReportHandler } from './coverage/report';
import { authenticateSubjectAccessReport, subjectAccessReportHandler } from './cases/subject-access-page';
import { authenticateDirectoryPage, authenticateSlipPage, directoryPageHandler, slipPageHandler } from './directory/printable-page';
import { buildSchema } from './schema';
import { compiledExecution } from './compiled-executor';
import { tracingEnabled } from './observability/tracing';
import { createInstrumentation } from './instrumentation';
import type { Context, Services } from './context';
import { errorMessage, localizedError, localizeError, unauthenticated } from './shared/errors';
import { requestLanguage } from './shared/i18n';
import { render, translate, type Message } from './shared/messages';
import { currentLanguage } from './shared/request-context';
import { createRateLimit, type RequestAuth } from './shared/rate-limit';
import { inputHygiene, inputHygieneRule, oneCostlyFieldRule, selectsCostlyField } from './shared/request-guards';
import { logger } from './shared/logger';
import { explorer } from './shared/explorer';
import { persistedQueryStore } from './shared/persisted-queries';
import { Metrics, metricsServer } from './observability/metrics';
import { requestId, rescopeRequest } from './observability/request-id';
import { users as demoUsers } from '../seed/demo-data';

export interface App {
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  services: Services;
  /** The in-server webhook worker, when it runs here: stopped after the requests drain, before the database closes. */
  webhookWorker: WebhookWorker | null;
  /** /metrics on a port of its own (METRICS_PORT), for src/main.ts to listen on; null otherwise. */
  metricsServer: http.Server | null;
  /** Keeps the caches of the instances coherent (PostgreSQL LISTEN/NOTIFY): stopped after the requests drain, before the database closes. */
  changeFeed: ChangeFeed;
  /** From now on /readyz answers 503 "stopping" and every response closes its connection, so a load balancer moves on while requests are still answered. */
  beginStopping(): void;
}

const CLIENT_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN_FIELD', 'RATE_LIMITED', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);

// a JavaScript error's own text ("RangeError: Maximum call stack size exceeded") is never shown to a client
const INTERNAL_MESSAGE = /^(\w*Error|Error): |Maximum call stack|Cannot read propert|is not a function|is not iterable/;

/**
 * Errors the client can act on keep their message, in the request's language (`lang`) when it comes from the
 * catalogues (src/shared/locales); anything else is logged and reported without internals.
 * In production, messages do not suggest names ("Did you mean ...?"), which would reveal the schema.
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, production = false, lang = 'en'): GraphQLFormattedError {
  const original = (error as GraphQLError)?.originalError ?? error;
  let code = formatted.extensions?.code as string | undefined;
  // graphql-js stops coercing variables after 50 errors with an error of its own, without a code
  if (/^Too many errors processing variables/.test(formatted.message)) {
    return { message: translate(lang, 'errors.server.tooManyInvalidVariables'), extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (code && CLIENT_CODES.has(code) && INTERNAL_MESSAGE.test(formatted.message)) {
    logger.warn({ err: { message: formatted.message }, code }, 'request refused by an internal failure');
    return { message: translate(lang, 'errors.server.malformed'), extensions: { code: 'BAD_REQUEST' } };
  }
  formatted = localizeError(formatted, error, lang);
  const message = production ? formatted.message.replace(/ ?Did you mean [^?]*\?/g, '') : formatted.message;
  // Apollo's refusal of an automatic persisted query whose hash is not its document's carries no code
  if (formatted.message === 'provided sha does not match query') code = 'BAD_REQUEST';
  // syntax errors found by graphql-armor's parse (token limit, a stray character) are parse failures
  if (/^Syntax Error:/.test(formatted.message)) code = 'GRAPHQL_PARSE_FAILED';
  // a validation rule of this server that refuses an input says so with its own code
  const ownCode = (original as GraphQLError)?.extensions?.code;
  if (code === 'GRAPHQL_VALIDATION_FAILED' && typeof ownCode === 'string' && ownCode !== code && CLIENT_CODES.has(ownCode)) code = ownCode;
  if (code === 'GRAPHQL_VALIDATION_FAILED' && /^(Expected value of type|Value ".*" does not exist in|Enum ".*" cannot represent|Int cannot represent|Float cannot represent|String cannot represent|ID cannot represent|Boolean cannot represent|Variable ".*" got invalid value)/.test(formatted.message)) {
    code = 'BAD_USER_INPUT';
  }
  if (code && CLIENT_CODES.has(code)) {
    const { stacktrace: _s, exception: _e, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, message, extensions: { ...extensions, code } };
  }
  logger.error({ err: { message: (original as Error)?.message, name: (original as Error)?.name, code: (original as any)?.code }, path: formatted.path }, 'internal error');
  return { message: translate(lang, 'errors.server.internal'), path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

export async function createApp(config: Config, db: DataSource): Promise<App> {
  const schema = buildSchema();
  const accessRequests = new AccessRequestsService(db);
  const searchCache = new SearchCache(config.directoryCache);
  // every cache in memory registers here; writers tell their topics (here at once, the other instances on commit)
  const changeFeed = new ChangeFeed({ databaseUrl: config.databaseUrl, settleMs: config.readReplicas.urls.length ? config.readReplicas.settleMs : 0 });
  const coverageCache = new CoverageCache(config.coverageCache);
  const searchIndex = config.directorySearchIndex ? new SearchIndex(db) : null;
  // a directory write: the cache empties, the index catches up before the next search
  changeFeed.on('directory', () => {
    searchCache.invalidate();
    searchIndex?.markDirty();
  });
  // agencies, areas and categories in memory (every search page shows them), read again after a write of theirs
  const referenceData = new ReferenceData(db);
  changeFeed.on('reference', () => referenceData.invalidate());
  // coverage is computed from the directory and the agreements: their writes tell both topics
  changeFeed.on('coverage', () => coverageCache.invalidate());
  const directoryChanges = changeFeed.topics('directory', 'coverage');
  // writes of agencies, areas and categories: also the copies of them
  const referenceChanges = changeFeed.topics('directory', 'coverage', 'reference');
  const cases = new CasesService(db);
  const disclosurePolicy = { expiryDays: config.referralExpiryDays };
  const instrumentation = createInstrumentation(config);
  const directory = new DirectoryService(db, config, directoryChanges, searchIndex, referenceChanges);
  const services: Services = {
    directory,
    serviceIssues: new ServiceIssuesService(db, directoryChanges),
    categories: new CategoriesService(db, (m, serviceIds) => directory.refreshDerived(m, { serviceIds }), referenceChanges),
    agreements: new AgreementsService(db, directoryChanges),
    cases,
    caseLifecycle: new CaseLifecycleService(db, cases),
    retention: new RetentionService(db, cases, { nowOffsetDays: config.retention.nowOffsetDays }),
    referrals: new ReferralsService(db, cases, disclosurePolicy, instrumentation.disclosure),
    audit: new AuditTrail(db),
    accessRequests,
    statistics: new StatisticsService(db, accessRequests, { threshold: config.suppressionThreshold, ...config.statistics }),
    coverage: new CoverageService(db, config.staleAfterDays, config.suppressionThreshold, config.statistics.perturbationKey, coverageCache, changeFeed.topics('coverage')),
    feedback: new FeedbackService(db),
    webhooks: new WebhooksService(db, config.webhooks),
    hsdsImport: new HsdsImportService(db, directory, referenceChanges),
  };
  await changeFeed.start((sql, params) => db.query(sql, params));
  const authorityLookup = createAuthorityLookup(db);
  const verifyToken = createTokenVerifier(config.jwt, authorityLookup);

  const app = express();
  app.disable('x-powered-by');
  // behind a load balancer: the client's address (the anonymous rate limit's key) from the proxies named, never from anyone
  if (config.trustProxy !== undefined) app.set('trust proxy', config.trustProxy);
  const httpServer = http.createServer(app);
  let stopping = false;
  // stopping (SHUTDOWN_DELAY_SECONDS): still answering, but each client is sent elsewhere for its next request
  app.use((_req, res, next) => {
    if (stopping) res.setHeader('connection', 'close');
    next();
  });
  // every response and log line names its request (x-request-id; a caller's traceparent continues its trace)
  app.use(requestId);
  // the language of its messages and pages: ?lang=, else Accept-Language (English by default)
  app.use(requestLanguage);
  const metricsOn = Boolean(config.metrics.token) || config.metrics.port !== undefined;
  const pool = (db.driver as unknown as { master?: { options?: { max?: number }; totalCount: number; idleCount: number; waitingCount: number; connect: (...a: any[]) => any } }).master;
  const persistedQueries = config.persistedQueries.cacheBytes > 0 ? persistedQueryStore(config.persistedQueries.cacheBytes) : null;
  const metrics = metricsOn
    ? new Metrics({
      searchCache: () => ({ hits: searchCache.hits, misses: searchCache.misses }),
      coverageCache: () => ({ hits: coverageCache.hits, misses: coverageCache.misses }),
      agreementsCache: () => agreementPairCache(db).stats,
      persistedQueries: persistedQueries ? () => persistedQueries.stats : undefined,
      pool: () => (pool ? { max: pool.options?.max ?? 0, total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount } : null),
      outbox: () => outboxStats(db),
    })
    : null;
  if (metrics) {
    app.use(metrics.http);
    if (pool) metrics.instrumentPool(pool);
    httpServer.on('close', () => metrics.close());
  }
  // gzip or brotli for every answer the client accepts, past a size where it pays
  if (config.compression.enabled) app.use(compression({ threshold: config.compression.thresholdBytes }));
  // Idle keep-alive connections stay open longer than clients and load balancers keep them (typically
  // 4-60 s): when the server closes first, a client that reuses the socket at that moment sees
  // "other side closed" (it did, on a busy machine, with Node's 5 s default).
  httpServer.keepAliveTimeout = 65_000;
  httpServer.headersTimeout = 66_000;

  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.maxDepth },
    costLimit: { maxCost: config.limits.maxCost, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5 },
    maxAliases: { n: config.limits.maxAliases },
    maxDirectives: { n: 20 },
    // counted by graphql-js's own parser (parseOptions below): armor's throws outside Apollo's error handling, answering 500
    maxTokens: { enabled: false },
    blockFieldSuggestion: { enabled: config.production },
  });
  const protection = armor.protect();
  const rateLimit = await createRateLimit(config.rateLimit);
  httpServer.on('close', () => void rateLimit.close());
  const refusedAsRateLimited = (retry: number, message: Message) =>
    localizedError('RATE_LIMITED', message, { retryAfterSeconds: retry, http: { status: 429, headers: new HeaderMap([['retry-after', String(retry)]]) } });

  // the costly fields draw their own cost from the caller's budget, once the operation to run is known
  // (a symbol on the context: Apollo copies the context object per operation, so a WeakMap would miss it)
  const CHARGE = Symbol('charge');
  type Charging = Context & { [CHARGE]?: (points: number) => ReturnType<typeof rateLimit.charge> };
  const costlyFields: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          // graphql-js would say so at execution; plugins after this one expect an operation
          if (!rc.operation) {
            const message = rc.request.operationName ? errorMessage('server.noOperationNamed', { name: rc.request.operationName }) : errorMessage('server.severalOperations');
            throw localizedError('OPERATION_RESOLUTION_FAILURE', message, { http: { status: 400, headers: new HeaderMap() } });
          }
          if (config.rateLimit.costlyCost <= 1 || !selectsCostlyField(rc.document, rc.operation)) return;
          const result = await (rc.contextValue as Charging)[CHARGE]?.(config.rateLimit.costlyCost - 1);
          if (result && !result.ok) throw refusedAsRateLimited(result.retryAfterSeconds, rateLimit.refusal(rc.contextValue.viewer, result.retryAfterSeconds, config.rateLimit.costlyCost));
        },
        // a refusal before execution (parse, validation, limits) is the client's doing: never a 5xx
        async willSendResponse(rc) {
          const { http, body } = rc.response;
          if (body.kind !== 'single' || body.singleResult.data !== undefined || !(http.status === undefined || http.status >= 500)) return;
          const codes = (body.singleResult.errors ?? []).map((e) => e.extensions?.code as string);
          if (codes.length && codes.every((c) => CLIENT_CODES.has(c))) http.status = codes.includes('RATE_LIMITED') ? 429 : codes.includes('UNAUTHENTICATED') ? 401 : 400;
        },
      };
    },
  };

  // one audit event per request that read personal fields, written together with those of requests ending meanwhile
  const disclosureRecorder = new DisclosureRecorder(db);
  const requestLog: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(rc) {
          // one audit statement per request for every personal field read through a referral
          if (rc.contextValue.disclosureLog?.size) await disclosureRecorder.record(rc.contextValue.viewer, rc.contextValue.disclosureLog.entries());
          logger.info({
            operation: rc.operationName ?? null,
            user: rc.contextValue.viewer?.userId ?? null,
            agency: rc.contextValue.viewer?.agencyId ?? null,
            errors: rc.errors?.length ?? 0,
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }, 'graphql request');
        },
      };
    },
  };

  // queries compiled per document (graphql-jit), unless tracing wants graphql-js's execution spans
  const compiled = config.graphqlJit && !tracingEnabled();
  const apollo = new ApolloServer<Context>({
    ...(compiled ? { gateway: compiledExecution(schema) } : { schema }),
    introspection: config.introspection,
    // src/main.ts handles SIGTERM/SIGINT (drain, then close the database); Apollo's own handlers would race it
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: 5000 },
    // the request's language is in its scope (requestLanguage): Apollo gives formatError no context
    formatError: (formatted, error) => formatError(formatted, error, config.production, currentLanguage()),
    // automatic persisted queries: a repeated document costs its hash (README, "Slow links"); bounded, least recently used out
    persistedQueries: persistedQueries ? { cache: persistedQueries, ttl: null } : false,
    // as Apollo's default, but a kept coverage response goes out as the JSON text made when it was kept
    stringifyResult,
    includeStacktraceInErrorResponses: false,
    // cache-control hints are unused (no CDN, no response cache plugin) and the plugin wraps every field resolver
    // the explorer is this server's own GraphiQL (below), never Apollo's landing page, which loads from a CDN
    plugins: [...(metrics ? [metrics.plugin() as ApolloServerPlugin<Context>] : []), ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginCacheControlDisabled(), ApolloServerPluginLandingPageDisabled(), ...protection.plugins, costlyFields, searchCache.plugin(), coverageResponsesPlugin(coverageCache), requestLog],
    validationRules: [...protection.validationRules, oneCostlyFieldRule, inputHygieneRule(config.limits.maxInputDepth)],
  });
  await apollo.start();

  if (metrics && config.metrics.port === undefined) app.get('/metrics', metrics.handler(config.metrics.token));
  const ownMetricsServer = metrics && config.metrics.port !== undefined ? metricsServer(metrics.handler(config.metrics.token)) : null;

  if (config.explorer.enabled) {
    const lifetime = `${Math.min(12, config.jwt.maxLifetimeHours)}h`;
    const ide = explorer({
      endpoint: '/graphql',
      introspection: config.introspection,
      // development only (config.ts): the development secret, never a real one, signs these
      demoTokens: config.explorer.demoTokens
        ? () => Promise.all(demoUsers.map(async (u) => ({
          email: u.email, name: u.name, roles: u.roles,
          token: await signToken(config.jwt.secret!, { sub: u.id, agency: u.agency, roles: u.roles, email: u.email, name: u.name }, lifetime, { issuer: config.jwt.issuer, audience: config.jwt.audience }),
        })))
        : null,
    });
    app.use(ide.assets);
    app.get('/graphql', ide.page);
  }

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    if (stopping) {
      res.status(503).json({ status: 'stopping' });
      return;
    }
    try {
      await db.query('SELECT 1');
      // searches run in SQL until the index has loaded (a benchmark waits for 'loaded')
      res.json({ status: 'ready', ...(searchIndex ? { searchIndex: searchIndex.warm ? 'loaded' : 'loading' } : {}) });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });

  // the reports are rate-limited like /graphql, and cost as much as pathwayCoverage
  const chargeReport = async (viewer: Context['viewer'], req: express.Request) => {
    if (config.rateLimit.costlyCost <= 1) return null;
    const result = await rateLimit.charge(viewer, req, config.rateLimit.costlyCost - 1, 'costly');
    return result.ok ? null : render(currentLanguage(), rateLimit.refusal(viewer, result.retryAfterSeconds, config.rateLimit.costlyCost));
  };
  const reportLimit = rateLimit.middleware(authenticateReport(config, verifyToken), 'text');
  app.get('/reports/coverage', reportLimit, coverageReportHandler(services.coverage, 'html', chargeReport));
  app.get('/reports/coverage.csv', reportLimit, coverageReportHandler(services.coverage, 'csv', chargeReport));
  // the person's own copy; a link's holder is checked against the directory again, as a token's is
  const subjectAccessAuth = authenticateSubjectAccessReport(config, verifyToken, async (v) => checkAuthority(v, await authorityLookup(v.agencyId, v.userId)));
  app.get('/reports/subject-access/:caseId', rateLimit.middleware(subjectAccessAuth, 'text'), subjectAccessReportHandler(db, services.audit));
  // the printable directory (as costly as a costly query) and the service slip; a link's holder is checked again as above
  const directoryHolder = async (v: Viewer) => checkAuthority(v, await authorityLookup(v.agencyId, v.userId));
  app.get('/reports/directory', rateLimit.middleware(authenticateDirectoryPage(config, verifyToken, directoryHolder), 'text'), directoryPageHandler(db, config, chargeReport));
  app.get('/reports/service-slip', rateLimit.middleware(authenticateSlipPage(config, verifyToken, directoryHolder), 'text'), slipPageHandler(db));

  /** Who is calling /graphql: checked once, before the rate limit, which keys on the verified viewer. */
  const authenticate = async (req: express.Request): Promise<RequestAuth<GraphQLError>> => {
    const header = req.headers.authorization;
    const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!header) return { viewer: null, error: unauthenticated('auth.sendBearer') };
    if (!match) return { viewer: null, error: unauthenticated('auth.badHeader') };
    try {
      return { viewer: await verifyToken(match[1]), error: null };
    } catch (e) {
      if (!(e instanceof InvalidTokenError)) logger.warn({ err: { message: (e as Error).message } }, 'token verification failed');
      return { viewer: null, error: e instanceof InvalidTokenError ? unauthenticated('auth.notAuthenticated', { reason: e.reason }) : unauthenticated('auth.notChecked') };
    }
  };
  // before the SQL statement count below: the token's agency lookup is not the request's work
  app.use('/graphql', rateLimit.middleware(authenticate));
  if (instrumentation.sqlStatementHeader) app.use('/graphql', instrumentation.sqlStatementHeader);

  // the HSDS 3.0 export: a bearer token as for /graphql; anonymous (with its own budget) when the network publishes its directory
  const authenticateHsds = async (req: express.Request): Promise<RequestAuth<GraphQLError>> =>
    !req.headers.authorization && config.hsds.publicRead ? { viewer: null, error: null } : authenticate(req);
  app.use('/hsds', hsdsRoutes({
    exporter: new HsdsExport(db),
    limit: rateLimit.middleware(authenticateHsds),
    countStatements: instrumentation.sqlStatementHeader,
    // the data package costs as much as a report
    chargeCostly: chargeReport,
  }));

  // referrals left unanswered past their expiry become EXPIRED (the disclosure rule already treats them so)
  const expire = () => services.referrals.expireOverdue().then((n) => { if (n) logger.info({ expired: n }, 'referrals expired'); })
    .catch((e) => logger.warn({ err: { message: (e as Error).message } }, 'referral expiry sweep failed'));
  await expire();
  const expiryTimer = setInterval(expire, 60_000);
  expiryTimer.unref();
  httpServer.on('close', () => clearInterval(expiryTimer));
  searchIndex?.start();
  httpServer.on('close', () => void searchIndex?.stop());
  // cases past their agency's retention period are erased, each in its own transaction (npm run retention does the same)
  if (config.retention.nowOffsetDays) logger.warn({ nowOffsetDays: config.retention.nowOffsetDays }, 'RETENTION_NOW_OFFSET_DAYS: the retention sweep judges periods that many days ahead (tests only)');
  if (config.retention.sweepMinutes > 0) {
    const sweepRetention = () => services.retention.sweep()
      .then((r) => { if (r.erased || r.failed) logger.info({ erased: r.erased, failed: r.failed, agencies: r.agencies.length }, 'retention sweep'); })
      .catch((e) => logger.warn({ err: { message: (e as Error).message } }, 'retention sweep failed'));
    await sweepRetention();
    const retentionTimer = setInterval(sweepRetention, config.retention.sweepMinutes * 60_000);
    retentionTimer.unref();
    httpServer.on('close', () => clearInterval(retentionTimer));
  }
  // the outbox's deliveries, beside the requests (several API instances: WEBHOOK_WORKER_IN_SERVER=false and npm run worker)
  const webhookWorker = config.webhooks.workerInServer ? new WebhookWorker(db, { ...config.webhooks, redisUrl: config.rateLimit.redisUrl }, () => services.coverage.alertCounts()) : null;
  webhookWorker?.start();
  app.use(
    '/graphql',
    express.json({ limit: config.limits.bodyLimit }),
    inputHygiene(config.limits.maxInputDepth),
    // the body parser's stream events left the request's scope: its log lines name it again from here
    rescopeRequest,
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<Context> => {
        const auth = res.locals.auth as RequestAuth<GraphQLError>;
        const viewer = auth.viewer;
        const authError = auth.error;
        const context: Charging = {
          viewer,
          authError,
          lang: res.locals.contentLang as string,
          db,
          config,
          services,
          loaders: {
            ...createDirectoryLoaders(db, viewer, referenceData),
            ...createAgreementLoaders(db, services.agreements, viewer),
            ...createReferralLoaders(db, services.cases, services.referrals, disclosurePolicy, instrumentation.disclosure),
            ...createCoverageLoaders(services.coverage),
            ...createCaseLoaders(services.caseLifecycle),
          },
          disclosureLog: new DisclosureLog(),
        };
        context[CHARGE] = (points) => rateLimit.charge(viewer, req, points, 'costly');
        return context;
      },
    }),
  );

  app.use((_req, res) => {
    res.status(404).json({ error: translate(res.locals.lang, 'errors.server.noSuchRoute') });
  });
  // Bodies too large or not JSON: say so in GraphQL's shape, without internals.
  app.use((err: any, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = typeof err?.status === 'number' ? err.status : 500;
    if (status >= 500) logger.error({ err: { message: err?.message } }, 'request failed');
    const lang = res.locals.lang as string | undefined;
    const message = err?.type === 'entity.too.large' ? translate(lang, 'errors.server.bodyTooLarge', { limit: config.limits.bodyLimit })
      : translate(lang, status < 500 ? 'errors.server.bodyNotJson' : 'errors.server.internalShort');
    res.status(status).json({ errors: [{ message, extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
  });

  return { httpServer, apollo, services, webhookWorker, metricsServer: ownMetricsServer, changeFeed, beginStopping: () => { stopping = true; } };
}

