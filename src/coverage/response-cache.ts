import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { getNamedType, isObjectType, Kind, type FieldNode, type FormattedExecutionResult, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { getArgumentValues, getVariableValues } from 'graphql/execution/values';
import type { Context } from '../context';
import { selectionWithin } from '../shared/selection';
import { coverageKey, type CoverageCache } from './cache';

/**
 * The fields a cached pathwayCoverage response may select: each answered from the coverage answer, the
 * pathway and the areas, all of which the cache's invalidation covers. Anything else (a field added later,
 * introspection, a directive) is executed as usual.
 */
export const CACHEABLE_COVERAGE_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = Object.fromEntries(Object.entries({
  PathwayCoverage: ['pathway', 'steps', 'level', 'areas', 'gaps', 'computedAt'],
  Pathway: ['id', 'name', 'description', 'populations', 'createdAt', 'updatedAt', 'steps'],
  PathwayStep: ['position', 'title', 'categoryCode', 'required', 'leadAgencyId', 'sopSeriesId'],
  AreaCoverage: ['area', 'steps', 'requiredSteps', 'requiredCovered', 'coveredShare'],
  StepCoverage: ['position', 'status', 'serviceIds', 'serviceId', 'mouId', 'sopId'],
  CoverageGap: ['area', 'position', 'stepTitle', 'required', 'status'],
  Area: ['id', 'code', 'name', 'names', 'level', 'countryCode', 'parent', 'latitude', 'longitude'],
  LocalizedText: ['lang', 'text'],
}).map(([type, fields]) => [type, new Set([...fields, '__typename'])]));

/**
 * Serves a repeated pathwayCoverage query from the responses kept beside its answer (CoverageCache): the
 * answer is the same for every viewer the permission rule lets in (a rule on roles), so the key holds the
 * viewer's roles (never a response made for other roles), the language, the document and its variables. The
 * operation has been parsed, validated and charged to the caller's rate limit before this hook.
 */
export function coverageResponsesPlugin(cache: Pick<CoverageCache, 'enabled' | 'version' | 'response' | 'keepResponse'>): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      let answerKey: string | null = null;
      let responseKey: string | null = null;
      let version = 0;
      return {
        async responseForOperation(rc) {
          const viewer = rc.contextValue.viewer;
          if (!cache.enabled || !viewer || !rc.operation || rc.operation.operation !== 'query') return null;
          const root = onlyCoverageField(rc.operation.selectionSet);
          const queryType = rc.schema.getQueryType();
          const fieldDef = queryType?.getFields().pathwayCoverage;
          if (!root || !fieldDef || root.directives?.length || !root.selectionSet) return null;
          const fragments = rc.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION);
          const type = getNamedType(fieldDef.type);
          if (!isObjectType(type) || !selectionWithin(CACHEABLE_COVERAGE_FIELDS, rc.schema, type, root.selectionSet, fragments)) return null;
          const coerced = getVariableValues(rc.schema, rc.operation.variableDefinitions ?? [], rc.request.variables ?? {});
          if (coerced.errors) return null;
          const args = getArgumentValues(fieldDef, root, coerced.coerced) as { pathwayId: string; areaId: string; level: string };
          version = cache.version;
          answerKey = coverageKey(args.pathwayId, args.areaId, args.level);
          const question = JSON.stringify([answerKey, [...viewer.roles].sort(), rc.contextValue.lang, rc.request.query, rc.operationName ?? null, rc.request.variables ?? {}]);
          responseKey = createHash('sha256').update(question).digest('base64');
          const kept = cache.response(responseKey) as KeptResponse | undefined;
          if (!kept) return null;
          // the entity tag made when it was kept: Express would otherwise hash most of a megabyte for each response
          return { http: { status: undefined, headers: new HeaderMap([['x-coverage-cache', 'hit'], ['etag', kept.etag]]) }, body: { kind: 'single', singleResult: { data: kept.data } } };
        },
        async willSendResponse(rc) {
          if (answerKey === null || responseKey === null || rc.response.body.kind !== 'single') return;
          if (rc.response.http.headers.get('x-coverage-cache') === 'hit') return;
          const result = rc.response.body.singleResult;
          // complete answers only; kept only if no write came while this one was made
          if (result.errors?.length || !result.data) return;
          const data = result.data as Record<string, unknown>;
          const json = JSON.stringify(data);
          const kept: KeptResponse = { data, etag: `W/"${createHash('sha1').update(json).digest('base64url')}"` };
          // the objects and their JSON text, which stringifyResult sends as it is
          if (cache.keepResponse(answerKey, responseKey, kept, 4 * json.length + responseKey.length, version)) serialized.set(data, `{"data":${json}}\n`);
          rc.response.http.headers.set('x-coverage-cache', 'miss');
        },
      };
    },
  };
}

interface KeptResponse { data: Record<string, unknown>; etag: string }

/** The response text of the data of each kept response (by identity): serialized once, not for every request. */
const serialized = new WeakMap<object, string>();

/**
 * Apollo Server's stringifyResult: a kept coverage response is sent as the text made when it was kept
 * (most of a megabyte: serializing it again was the largest cost of a cached answer); anything else as
 * Apollo's own default writes it.
 */
export function stringifyResult(result: FormattedExecutionResult): string {
  const text = !result.errors && !result.extensions && result.data ? serialized.get(result.data) : undefined;
  return text ?? `${JSON.stringify(result)}\n`;
}

/** The pathwayCoverage field, when it is the only root field of the operation (besides __typename). */
function onlyCoverageField(selectionSet: SelectionSetNode): FieldNode | null {
  let found: FieldNode | null = null;
  for (const selection of selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return null;
    if (selection.name.value === '__typename' && !selection.directives?.length) continue;
    if (selection.name.value !== 'pathwayCoverage' || found) return null;
    found = selection;
  }
  return found;
}

