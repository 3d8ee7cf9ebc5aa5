import { createHash } from 'node:crypto';
import { HeaderMap, type ApolloServerPlugin } from '@apollo/server';
import { Kind, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { LRUCache } from 'lru-cache';
import type { Context } from '../context';

/** Root fields whose answers come from directory tables only. */
const CACHEABLE_ROOTS = new Set(['services']);
/** Fields reachable from a service that read other modules (agreements) or change with the clock. */
const UNCACHEABLE_FIELDS = new Set(['mous', 'activeDataSharingAgreements']);

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
 * language. Every directory write of this server empties the cache at once (a new generation); writes
 * made through another server instance, or straight in SQL, show within `ttlSeconds`, which also bounds
 * how stale the clock-relative parts (verification age) can be.
 */
export class SearchCache {
  private generation = 0;
  private readonly answers: LRUCache<string, { data: Record<string, unknown> }> | null;
  hits = 0;
  misses = 0;

  constructor(options: SearchCacheOptions) {
    this.answers = options.ttlSeconds > 0
      ? new LRUCache({ maxSize: options.maxBytes, ttl: options.ttlSeconds * 1000 })
      : null;
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
        return {
          async responseForOperation(rc) {
            const answers = cache.answers;
            const viewer = rc.contextValue.viewer;
            if (!answers || !viewer || rc.operation.operation !== 'query') return null;
            if (!cacheableSelection(rc.operation.selectionSet, rc.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION), true)) return null;
            generation = cache.generation;
            const question = JSON.stringify([viewer.agencyId, [...viewer.roles].sort(), rc.contextValue.lang, rc.request.query, rc.operationName ?? null, rc.request.variables ?? {}]);
            size = question.length;
            key = createHash('sha256').update(question).digest('base64');
            const hit = answers.get(key);
            if (!hit) {
              cache.misses++;
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
            const data = result.data as Record<string, unknown>;
            answers.set(key, { data }, { size: size + JSON.stringify(data).length });
            rc.response.http.headers.set('x-directory-cache', 'miss');
          },
        };
      },
    };
  }
}

/** True when every field of the selection is allowed: known roots at the top, no field of another module below. */
function cacheableSelection(selectionSet: SelectionSetNode, fragments: FragmentDefinitionNode[], root: boolean, depth = 0): boolean {
  if (depth > 30) return false;
  for (const selection of selectionSet.selections) {
    if (selection.kind === Kind.FIELD) {
      const name = selection.name.value;
      if (root ? !CACHEABLE_ROOTS.has(name) : UNCACHEABLE_FIELDS.has(name)) return false;
      if (selection.directives?.length) return false;
      if (selection.selectionSet && !cacheableSelection(selection.selectionSet, fragments, false, depth + 1)) return false;
    } else if (root) {
      return false;
    } else {
      const inner = selection.kind === Kind.INLINE_FRAGMENT
        ? selection.selectionSet
        : fragments.find((f) => f.name.value === selection.name.value)?.selectionSet;
      if (!inner || !cacheableSelection(inner, fragments, false, depth + 1)) return false;
    }
  }
  return true;
}
