import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { hasRole, Role, type Viewer } from '../auth/roles';
import { errorMessage, errorText } from '../shared/errors';
import { languageFromHeader, LANGUAGE_CODE, pickLocalized } from '../shared/i18n';
import { render } from '../shared/messages';
import { logger } from '../shared/logger';
import type { RequestAuth } from '../shared/rate-limit';
import { dataPackageZip } from './datapackage';
import { HsdsExport, HsdsRequestError, type HsdsQuery } from './export.service';

/** The HSDS version of the API (GET /hsds/). */
export const HSDS_VERSION = '3.0';

export interface HsdsRouteOptions {
  exporter: HsdsExport;
  /** Authenticates (bearer token as for /graphql, or anonymous when the directory is public) and draws on the rate limit; leaves res.locals.auth. */
  limit: RequestHandler;
  /** Counts the SQL statements of the request (tests: SQL_STATEMENT_HEADER); after `limit`, whose token lookup is not the request's work. */
  countStatements: RequestHandler | null;
  /** Draws the extra cost of a costly request (the data package) from the caller's budget; a refusal message, or null. */
  chargeCostly: (viewer: Viewer | null, req: Request) => Promise<string | null>;
}

const refuse = (res: Response, status: number, code: string, message: string) =>
  res.status(status).json({ errors: [{ message, extensions: { code } }] });

const CODE: Record<number, string> = { 400: 'BAD_USER_INPUT', 404: 'NOT_FOUND' };

/** The query string as single strings (a parameter given twice is refused: which one would count?). */
function queryOf(req: Request): HsdsQuery {
  const out: HsdsQuery = {};
  for (const [k, v] of Object.entries(req.query)) {
    if (typeof v !== 'string') throw new HsdsRequestError(400, errorMessage('hsds.oncePlain', { name: k }));
    out[k] = v;
  }
  return out;
}

/** The language texts are picked in: ?lang=, else the Accept-Language header, else English. */
function langOf(req: Request, q: HsdsQuery): string {
  if (q.lang !== undefined) {
    if (!LANGUAGE_CODE.test(q.lang)) throw new HsdsRequestError(400, errorMessage('hsds.langCode'));
    return q.lang;
  }
  return languageFromHeader(req.headers['accept-language']);
}

/**
 * GET /hsds/...: the HSDS 3.0 API of the directory (openapi.json of HSDS) and its tabular data package.
 * Read-only; a caller needs a bearer token as for /graphql unless HSDS_PUBLIC=true, and every caller gets
 * the same records (confidential locations are never exported, src/directory/export.ts).
 */
export function hsdsRoutes(options: HsdsRouteOptions): express.Router {
  const { exporter } = options;
  const router = express.Router();
  router.use(options.limit);
  router.use((req, res, next) => {
    const auth = res.locals.auth as RequestAuth<{ message: string }>;
    if (auth.error) return refuse(res, 401, 'UNAUTHENTICATED', errorText(auth.error, res.locals.lang));
    next();
  });
  if (options.countStatements) router.use(options.countStatements);

  const handle = (work: (req: Request, q: HsdsQuery, lang: string, res: Response) => Promise<unknown>) =>
    async (req: Request, res: Response, next: NextFunction) => {
      try {
        const q = queryOf(req);
        const body = await work(req, q, langOf(req, q), res);
        if (body !== undefined) res.json(body);
      } catch (e) {
        if (e instanceof HsdsRequestError) return refuse(res, e.status, CODE[e.status] ?? 'BAD_REQUEST', e.text(res.locals.lang));
        next(e);
      }
    };

  router.get('/', handle(async (req) => ({
    version: HSDS_VERSION,
    profile: 'https://docs.openreferral.org/en/latest/hsds/overview.html',
    openapi_url: `${req.protocol}://${req.get('host')}${req.baseUrl}/openapi.json`,
  })));
  router.get('/openapi.json', (_req, res) => { res.json(openapi()); });
  router.get('/services', handle((_req, q, lang) => exporter.services(q, lang)));
  router.get('/services/:id', handle((req, _q, lang) => exporter.service(String(req.params.id), lang)));
  router.get('/organizations', handle((_req, q, lang) => exporter.organizations(q, lang)));
  router.get('/organizations/:id', handle((req, q, lang) => exporter.organization(String(req.params.id), q, lang)));
  router.get('/service_at_locations', handle((_req, q, lang) => exporter.serviceAtLocations(q, lang)));
  router.get('/service_at_locations/:id', handle((req, _q, lang) => exporter.serviceAtLocation(String(req.params.id), lang)));
  router.get('/taxonomies', handle((_req, q) => exporter.taxonomies(q)));
  router.get('/taxonomies/:id', handle((req) => exporter.taxonomy(String(req.params.id))));
  router.get('/taxonomy_terms', handle((_req, q, lang) => exporter.taxonomyTerms(q, lang)));
  router.get('/taxonomy_terms/:id', handle((req, _q, lang) => exporter.taxonomyTerm(String(req.params.id), lang)));
  router.get('/datapackage.zip', handle(async (req, q, lang, res) => {
    const refused = await options.chargeCostly((res.locals.auth as RequestAuth).viewer, req);
    if (refused) {
      refuse(res, 429, 'RATE_LIMITED', refused);
      return undefined;
    }
    const viewer = (res.locals.auth as RequestAuth).viewer;
    const contents = await exporter.packageContents({ country: q.country, area: q.area }, lang, hasRole(viewer, Role.NETWORK_ADMIN));
    const area = contents.area;
    const zip = await dataPackageZip({ ...contents, areaName: area ? pickLocalized(area.names, lang) ?? area.code : null });
    logger.info({ area: area?.code ?? null, services: contents.services.length, bytes: zip.length }, 'hsds data package');
    res.type('application/zip').setHeader('content-disposition', `attachment; filename="hsds-${area ? area.code : 'directory'}.zip"`);
    res.send(zip);
    return undefined;
  }));
  router.use((_req, res) => refuse(res, 404, 'NOT_FOUND', render(res.locals.lang, errorMessage('hsds.routeNotFound'))));
  return router;
}

/** A short OpenAPI description of this HSDS API: HSDS's own (openapi.json of HSDS 3.0), with what this server offers. */
function openapi() {
  const page = { $ref: '#/components/parameters/page' };
  const perPage = { $ref: '#/components/parameters/per_page' };
  const search = { $ref: '#/components/parameters/search' };
  const q = (name: string, type = 'string', description = '') => ({ name, in: 'query', required: false, description, schema: { type } });
  const json = (description: string) => ({ 200: { description, content: { 'application/json': {} } } });
  const filters = [search, page, perPage, q('taxonomy_term_id'), q('taxonomy_id'), q('organization_id'), q('modified_after', 'string', 'ISO 8601 date-time'), q('lang', 'string', 'ISO 639-1 code of the language of texts')];
  return {
    openapi: '3.1.0',
    info: {
      title: 'Referral network directory: HSDS 3.0 export',
      version: HSDS_VERSION,
      description: 'The service directory in the Human Services Data Specification 3.0 of Open Referral (CC BY-SA 4.0). Confidential locations are never exported. Bearer token as for /graphql unless the network publishes its directory (HSDS_PUBLIC).',
    },
    paths: {
      '/': { get: { operationId: 'getAPIMetaInformation', responses: json('version, profile, openapi_url') } },
      '/services': { get: { operationId: 'getPaginatedListOfServices', parameters: [...filters, q('minimal', 'boolean'), q('full', 'boolean')], responses: json('A page of services') } },
      '/services/{id}': { get: { operationId: 'getFullyNestedServiceById', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: json('A whole service') } },
      '/organizations': { get: { operationId: 'getPaginatedListOfOrganizations', parameters: [search, page, perPage, q('full', 'boolean'), q('full_service', 'boolean')], responses: json('A page of organizations') } },
      '/organizations/{id}': { get: { operationId: 'getOrganizationById', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }, q('full_service', 'boolean')], responses: json('An organization') } },
      '/service_at_locations': { get: { operationId: 'getPaginatedListOfServiceAtLocation', parameters: [...filters, q('full', 'boolean')], responses: json('A page of services at locations') } },
      '/service_at_locations/{id}': { get: { operationId: 'getServiceAtLocationWithNestedDataById', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: json('A service at a location') } },
      '/taxonomies': { get: { operationId: 'getPaginatedListOfTaxonomies', parameters: [search, page, perPage], responses: json('A page of taxonomies') } },
      '/taxonomies/{id}': { get: { operationId: 'getTaxonomyById', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: json('A taxonomy') } },
      '/taxonomy_terms': { get: { operationId: 'getPaginatedListOfTaxonomyTerms', parameters: [search, page, perPage, q('taxonomy_id'), q('top_only', 'boolean'), q('parent_id')], responses: json('A page of taxonomy terms') } },
      '/taxonomy_terms/{id}': { get: { operationId: 'getTaxonomyTermById', parameters: [{ name: 'id', in: 'path', required: true, schema: { type: 'string' } }], responses: json('A taxonomy term') } },
      '/datapackage.zip': { get: { operationId: 'getTabularDataPackage', parameters: [q('country', 'string', 'ISO 3166-1 alpha-2 code'), q('area', 'string', 'An area id or code; neither country nor area: the whole directory (network admins only)'), q('lang')], responses: { 200: { description: 'A zip of HSDS CSV files and datapackage.json', content: { 'application/zip': {} } } } } },
    },
    components: {
      parameters: {
        search: q('search', 'string', 'Words that must all be in the record'),
        page: q('page', 'integer', 'Page number, from 1'),
        per_page: q('per_page', 'integer', 'Records per page (default 50, at most 500; with minimal=true up to 10000)'),
      },
    },
  };
}
