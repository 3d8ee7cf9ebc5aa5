import http from 'node:http';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import express from 'express';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import type { DataSource } from 'typeorm';
import { createTokenVerifier, InvalidTokenError } from './auth/jwt';
import type { Config } from './config';
import { sqlStatementCounter } from './db/sql-stats';
import { DirectoryService } from './directory/directory.service';
import { createDirectoryLoaders } from './directory/loaders';
import { AgreementsService } from './agreements/agreements.service';
import { createAgreementLoaders } from './agreements/loaders';
import { AuditQueries } from './audit/audit.queries';
import { recordDisclosures } from './audit/audit.service';
import { SearchCache } from './directory/search-cache';
import { CasesService } from './cases/cases.service';
import { createReferralLoaders } from './referrals/loaders';
import { ReferralsService } from './referrals/referrals.service';
import { DisclosureLog } from './policy/disclosure';
import { AccessRequestsService } from './access-requests/access-requests.service';
import { StatisticsService } from './statistics/statistics.service';
import { CoverageService } from './coverage/coverage.service';
import { coverageReportHandler } from './coverage/report';
import DataLoader from 'dataloader';
import { buildSchema } from './schema';
import type { Context, Services } from './shared/context';
import { unauthenticated } from './shared/errors';
import { languageFromHeader } from './shared/i18n';
import { createRateLimit } from './shared/rate-limit';
import { logger } from './shared/logger';

export interface App {
  httpServer: http.Server;
  apollo: ApolloServer<Context>;
  services: Services;
}

const CLIENT_CODES = new Set(['UNAUTHENTICATED', 'FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND', 'CONFLICT', 'FORBIDDEN_FIELD', 'GRAPHQL_VALIDATION_FAILED', 'GRAPHQL_PARSE_FAILED', 'BAD_REQUEST', 'PERSISTED_QUERY_NOT_FOUND', 'PERSISTED_QUERY_NOT_SUPPORTED', 'OPERATION_RESOLUTION_FAILURE']);

/** Errors the client can act on keep their message; anything else is logged and reported without internals. */
export function formatError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = (error as GraphQLError)?.originalError ?? error;
  const code = formatted.extensions?.code as string | undefined;
  // graphql-js stops coercing variables after 50 errors with an error of its own, without a code
  if (/^Too many errors processing variables/.test(formatted.message)) {
    return { message: 'Too many invalid variables: fix the ones reported', extensions: { code: 'BAD_USER_INPUT' } };
  }
  if (code === 'GRAPHQL_VALIDATION_FAILED' && /^(Expected value of type|Value ".*" does not exist in|Enum ".*" cannot represent|Int cannot represent|Float cannot represent|String cannot represent|ID cannot represent|Boolean cannot represent|Variable ".*" got invalid value)/.test(formatted.message)) {
    return { ...formatted, extensions: { ...formatted.extensions, code: 'BAD_USER_INPUT' } };
  }
  if (code && CLIENT_CODES.has(code)) {
    const { stacktrace: _s, exception: _e, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions };
  }
  logger.error({ err: { message: (original as Error)?.message, name: (original as Error)?.name, code: (original as any)?.code }, path: formatted.path }, 'internal error');
  return { message: 'Internal server error: the failure was logged; please try again or report it', path: formatted.path, locations: formatted.locations, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
}

export async function createApp(config: Config, db: DataSource): Promise<App> {
  const schema = buildSchema();
  const accessRequests = new AccessRequestsService(db);
  const searchCache = new SearchCache(config.directoryCache);
  const cases = new CasesService(db);
  const disclosurePolicy = { expiryDays: config.referralExpiryDays };
  const services: Services = {
    directory: new DirectoryService(db, config, searchCache),
    agreements: new AgreementsService(db),
    cases,
    referrals: new ReferralsService(db, cases, disclosurePolicy),
    audit: new AuditQueries(db),
    accessRequests,
    statistics: new StatisticsService(db, accessRequests, { threshold: config.suppressionThreshold, ...config.statistics }),
    coverage: new CoverageService(db, config.staleAfterDays, config.suppressionThreshold, config.statistics.perturbationKey),
  };
  const verifyToken = createTokenVerifier(config.jwt);

  const app = express();
  app.disable('x-powered-by');
  const httpServer = http.createServer(app);

  const armor = new ApolloArmor({
    maxDepth: { n: config.limits.maxDepth },
    costLimit: { maxCost: config.limits.maxCost, objectCost: 2, scalarCost: 1, depthCostFactor: 1.5 },
    maxAliases: { n: config.limits.maxAliases },
    maxDirectives: { n: 20 },
    maxTokens: { n: 5000 },
    blockFieldSuggestion: { enabled: config.production },
  });
  const protection = armor.protect();

  const requestLog: ApolloServerPlugin<Context> = {
    async requestDidStart() {
      const started = process.hrtime.bigint();
      return {
        async willSendResponse(rc) {
          // one audit statement per request for every personal field read through a referral
          if (rc.contextValue.disclosureLog?.size) await recordDisclosures(db, rc.contextValue.viewer, rc.contextValue.disclosureLog.entries());
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

  const apollo = new ApolloServer<Context>({
    schema,
    introspection: config.introspection,
    // src/main.ts handles SIGTERM/SIGINT (drain, then close the database); Apollo's own handlers would race it
    stopOnTerminationSignals: false,
    formatError,
    includeStacktraceInErrorResponses: false,
    // cache-control hints are unused (no CDN, no response cache plugin) and the plugin wraps every field resolver
    plugins: [ApolloServerPluginDrainHttpServer({ httpServer }), ApolloServerPluginCacheControlDisabled(), ...protection.plugins, searchCache.plugin(), requestLog],
    validationRules: protection.validationRules,
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await db.query('SELECT 1');
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'database unavailable' });
    }
  });

  app.get('/reports/coverage', coverageReportHandler(config, services.coverage, verifyToken, 'html'));
  app.get('/reports/coverage.csv', coverageReportHandler(config, services.coverage, verifyToken, 'csv'));

  // Count the SQL statements of each request, and expose the count when asked to (tests, benchmarks).
  app.use('/graphql', (req, res, next) => {
    const stats = { statements: 0 };
    if (config.sqlStatementHeader) {
      const writeHead = res.writeHead;
      res.writeHead = function (this: typeof res, ...args: any[]) {
        if (!res.headersSent) res.setHeader('x-sql-statements', String(stats.statements));
        return (writeHead as any).apply(this, args);
      } as any;
    }
    sqlStatementCounter.run(stats, () => next());
  });

  const rateLimit = await createRateLimit(config.rateLimit);
  httpServer.on('close', () => void rateLimit.close());

  // referrals left unanswered past their expiry become EXPIRED (the disclosure rule already treats them so)
  const expire = () => services.referrals.expireOverdue().then((n) => { if (n) logger.info({ expired: n }, 'referrals expired'); })
    .catch((e) => logger.warn({ err: { message: (e as Error).message } }, 'referral expiry sweep failed'));
  await expire();
  const expiryTimer = setInterval(expire, 60_000);
  expiryTimer.unref();
  httpServer.on('close', () => clearInterval(expiryTimer));
  app.use(
    '/graphql',
    rateLimit.middleware,
    express.json({ limit: config.limits.bodyLimit }),
    expressMiddleware(apollo, {
      context: async ({ req }): Promise<Context> => {
        let viewer: Context['viewer'] = null;
        let authError: GraphQLError | null = null;
        const header = req.headers.authorization;
        const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
        if (!header) {
          authError = unauthenticated('Send a bearer token: Authorization: Bearer <token> (demo: npm run token -- <email>)');
        } else if (!match) {
          authError = unauthenticated('The Authorization header must be "Bearer <token>"');
        } else {
          try {
            viewer = await verifyToken(match[1]);
          } catch (e) {
            authError = unauthenticated(e instanceof InvalidTokenError ? `Not authenticated: ${e.message}` : 'Not authenticated: the token could not be checked');
            if (!(e instanceof InvalidTokenError)) logger.warn({ err: { message: (e as Error).message } }, 'token verification failed');
          }
        }
        return {
          viewer,
          authError,
          lang: languageFromHeader(req.headers['accept-language']),
          db,
          config,
          services,
          loaders: {
            ...createDirectoryLoaders(db, viewer),
            ...createAgreementLoaders(db, services.agreements, viewer),
            ...createReferralLoaders(db, services.cases, services.referrals, disclosurePolicy),
            stepsOfPathway: new DataLoader(async (ids: readonly string[]) => {
              const steps = await services.coverage.stepsOf(ids);
              return ids.map((id) => steps.filter((s) => s.pathwayId === id));
            }),
          },
          disclosureLog: new DisclosureLog(),
        };
      },
    }),
  );

  app.use((_req, res) => {
    res.status(404).json({ error: 'Not found: the API is at /graphql' });
  });
  // Bodies too large or not JSON: say so in GraphQL's shape, without internals.
  app.use((err: any, _req: express.Request, res: express.Response, _next: express.NextFunction) => {
    const status = typeof err?.status === 'number' ? err.status : 500;
    if (status >= 500) logger.error({ err: { message: err?.message } }, 'request failed');
    const message = err?.type === 'entity.too.large' ? `The request body is larger than ${config.limits.bodyLimit}` : status < 500 ? 'The request body is not valid JSON' : 'Internal server error';
    res.status(status).json({ errors: [{ message, extensions: { code: status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR' } }] });
  });

  return { httpServer, apollo, services };
}

