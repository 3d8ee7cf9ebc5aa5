import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { Kind, type FragmentDefinitionNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Context } from '../context';
import { selectionWithin } from '../shared/selection';

/**
 * What may be cached: for each type, the fields whose answers come from the directory tables only (and the
 * viewer's agency, roles and language, which are part of the key). A search is cached only when every field
 * it selects, at every level, is listed here; anything else (a field added later, agreements such as
 * Service.mous, Agency.partners and Agency.activeDataSharingAgreements, introspection) is computed afresh.
 */
export const CACHEABLE_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(Object.entries({
  Query: ['services'],
  ServiceConnection: ['edges', 'pageInfo', 'totalCount', 'totalCountIsEstimate'],
  ServiceEdge: ['cursor', 'node', 'distanceKm', 'distanceApproximate'],
  PageInfo: ['hasNextPage', 'hasPreviousPage', 'startCursor', 'endCursor'],
  Service: [
    'id', 'agency', 'name', 'names', 'description', 'descriptions', 'howToRefer', 'categories', 'populations', 'ageMin', 'ageMax', 'genders',
    'languages', 'channels', 'cost', 'capacity', 'coverageAreas', 'locations', 'intakeContact', 'openingHours', 'open24Hours', 'timezone',
    'referralFields', 'status', 'statusReason', 'lastVerification', 'verificationRequestedAt', 'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
    'eligibility', 'requiredDocuments', 'fees', 'accessibility', 'interpretation', 'standards', 'contacts', 'closures', 'outreach', 'sites',
  ],
  Agency: [
    'id', 'name', 'names', 'acronym', 'description', 'type', 'countryCode', 'languages', 'email', 'phone', 'website', 'fictional', 'services',
    'createdAt', 'createdBy', 'updatedAt', 'updatedBy',
  ],
  Location: [
    'id', 'name', 'agency', 'area', 'facilityType', 'address', 'locality', 'latitude', 'longitude', 'confidential', 'detailsHidden', 'createdAt', 'updatedAt',
  ],
  Area: ['id', 'code', 'name', 'names', 'level', 'countryCode', 'parent', 'latitude', 'longitude'],
  ServiceCategory: ['code', 'name', 'names', 'parent', 'parentCode', 'children', 'sortOrder', 'retired', 'retiredAt'],
  LocalizedText: ['lang', 'text'],
  Capacity: ['available', 'total', 'updatedAt'],
  Cost: ['free', 'note'],
  IntakeContact: ['name', 'email', 'phone'],
  OpeningHours: ['day', 'opens', 'closes'],
  Verification: ['at', 'by', 'note'],
  Eligibility: ['description', 'descriptions', 'documentsRequired', 'acceptsWithoutDocuments', 'nationalities', 'excludedNationalities'],
  RequiredDocument: ['type', 'label', 'labels', 'url'],
  Fees: ['kind', 'options', 'description', 'descriptions'],
  CostOption: ['amount', 'currency', 'description', 'descriptions'],
  Accessibility: ['features', 'detail', 'details'],
  Interpretation: ['languages', 'byPhone', 'inPerson', 'note', 'notes'],
  ServiceContact: ['role', 'name', 'title', 'phone', 'email', 'languages', 'hours', 'always', 'answersAt'],
  ServiceClosure: ['from', 'to', 'wholeService', 'reason', 'reasons'],
  OutreachVisit: ['date', 'opens', 'closes', 'area', 'place', 'places'],
  // openNow is left out: it changes with the clock, not with the directory (openAt(at) is keyed by its argument)
  ServiceSite: ['location', 'openingHours', 'open24Hours', 'timezone', 'ownHours', 'capacity', 'ownCapacity', 'closures', 'note', 'notes', 'openAt'],
}).map(([type, fields]) => [type, new Set([...fields, '__typename'])]));

export interface SearchCacheOptions {
  /** How long an answer may be served; 0 turns the cache off. */
  ttlSeconds: number;
  /** Upper bound of the memory the answers take, in bytes of their JSON. */
  maxBytes: number;
}

/**
 * Answers repeated directory searches from memory. Searches are most of the traffic of a directory and
 * the same ones repeat (a case manager's daily "legal aid near Agadez"); their answer depends only on
 * the directory tables, the question, the viewer's agency (confidential locations) and roles, and the
 * language. Every directory write empties the cache at once (a new generation): on this instance directly,
 * on the others through the change feed when the write commits (src/db/change-feed.ts). Writes made
 * straight in SQL show within `ttlSeconds`, which also bounds how stale the clock-relative parts
 * (verification age) can be.
 */
export class SearchCache {
  private generation = 0;
  private readonly answers: LRUCache<string, { data: Record<string, unknown> }> | null;
  /**
   * Questions asked once: an answer is kept only when its question comes back. Most searches of a network are
   * asked once (a mix of distinct searches had 0% hits); keeping every answer cost each of them the size
   * computation, the insertion and the memory, and evicted the answers that do repeat.
   */
  private readonly asked: LRUCache<string, true> | null;
  hits = 0;
  misses = 0;

  constructor(options: SearchCacheOptions) {
    this.answers = options.ttlSeconds > 0
      ? new LRUCache({ maxSize: options.maxBytes, ttl: options.ttlSeconds * 1000 })
      : null;
    this.asked = options.ttlSeconds > 0 ? new LRUCache({ max: 50_000, ttl: Math.max(options.ttlSeconds, 600) * 1000 }) : null;
  }

  /** The directory changed: no answer computed before now is served again. */
  invalidate(): void {
    this.generation++;
    this.answers?.clear();
  }

  plugin(): ApolloServerPlugin<Context> {
    const cache = this;
    return {
      async requestDidStart() {
        let key: string | null = null;
        let generation = 0;
        let size = 0;
        let askedBefore = false;
        return {
          async responseForOperation(rc) {
            const answers = cache.answers;
            const viewer = rc.contextValue.viewer;
            // an operation Apollo could not pick is refused before this hook; never assume one
            if (!answers || !viewer || !rc.operation || rc.operation.operation !== 'query') return null;
            const fragments = rc.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
            const queryType = rc.schema.getQueryType();
            if (!queryType || !selectionWithin(CACHEABLE_FIELDS, rc.schema, queryType, rc.operation.selectionSet, fragments)) return null;
            generation = cache.generation;
            const question = JSON.stringify([viewer.agencyId, [...viewer.roles].sort(), rc.contextValue.lang, rc.request.query, rc.operationName ?? null, rc.request.variables ?? {}]);
            size = question.length;
            key = createHash('sha256').update(question).digest('base64');
            const hit = answers.get(key);
            if (!hit) {
              cache.misses++;
              askedBefore = cache.asked!.has(key);
              if (!askedBefore) cache.asked!.set(key, true);
              return null;
            }
            cache.hits++;
            return { http: { status: undefined, headers: new HeaderMap([['x-directory-cache', 'hit']]) }, body: { kind: 'single', singleResult: { data: hit.data } } };
          },
          async willSendResponse(rc) {
            const answers = cache.answers;
            if (!answers || key === null || rc.response.body.kind !== 'single') return;
            const result = rc.response.body.singleResult;
            // only complete answers, and only if the directory did not change while this one was computed
            if (result.errors?.length || !result.data || generation !== cache.generation) return;
            if (rc.response.http.headers.get('x-directory-cache') === 'hit') return;
            rc.response.http.headers.set('x-directory-cache', 'miss');
            if (!askedBefore) return;
            const data = result.data as Record<string, unknown>;
            answers.set(key, { data }, { size: size + JSON.stringify(data).length });
          },
        };
      },
    };
  }
}

