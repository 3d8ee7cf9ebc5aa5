import 'reflect-metadata';
import { parse } from 'graphql';
import { CACHEABLE_FIELDS, SearchCache } from '../../src/directory/search-cache';
import { buildBareSchema } from '../../src/schema';

describe('directory search cache: what may be cached', () => {
  const schema = buildBareSchema();

  it('lists only fields the schema has (a renamed field would silently stop the caching)', () => {
    for (const [type, fields] of Object.entries(CACHEABLE_FIELDS)) {
      const own = Object.keys((schema.getType(type) as any)?.getFields?.() ?? {});
      expect([type, [...fields].filter((f) => f !== '__typename' && !own.includes(f))]).toEqual([type, []]);
    }
  });

  it('leaves out every field that reads agreements', () => {
    expect(CACHEABLE_FIELDS.Service.has('mous')).toBe(false);
    expect(CACHEABLE_FIELDS.Agency.has('partners')).toBe(false);
    expect(CACHEABLE_FIELDS.Agency.has('activeDataSharingAgreements')).toBe(false);
    expect(CACHEABLE_FIELDS.Mou).toBeUndefined();
    expect(CACHEABLE_FIELDS.DataSharingAgreement).toBeUndefined();
  });

  it('answers nothing, without failing, when Apollo found no operation to run', async () => {
    const hooks: any = await new SearchCache({ ttlSeconds: 30, maxBytes: 1 << 20 }).plugin().requestDidStart!({} as any);
    const document = parse('query A { services { totalCount } } query B { services { totalCount } }');
    const rc = { operation: undefined, document, schema, request: { query: '' }, contextValue: { viewer: { userId: 'u', agencyId: 'a', roles: [] }, lang: 'en' } };
    await expect(hooks.responseForOperation(rc)).resolves.toBeNull();
  });

  it('keeps an answer only when its question comes back: asked once, computed; twice, computed and kept; then served', async () => {
    const cache = new SearchCache({ ttlSeconds: 30, maxBytes: 1 << 20 });
    const document = parse('query { services { totalCount } }');
    const ask = async () => {
      const hooks: any = await cache.plugin().requestDidStart!({} as any);
      const headers = new Map<string, string>();
      const rc: any = {
        operation: document.definitions[0], document, schema, request: { query: 'query { services { totalCount } }', variables: {} },
        contextValue: { viewer: { userId: 'u', agencyId: 'a', roles: [] }, lang: 'en' },
        response: { http: { headers }, body: { kind: 'single', singleResult: { data: { services: { totalCount: 3 } } } } },
      };
      const served = await hooks.responseForOperation(rc);
      if (served) return 'hit';
      await hooks.willSendResponse(rc);
      return headers.get('x-directory-cache');
    };
    expect([await ask(), await ask(), await ask(), await ask()]).toEqual(['miss', 'miss', 'hit', 'hit']);
    expect([cache.hits, cache.misses]).toEqual([2, 2]);
    // a directory write forgets the answers, not which questions recur: the next one is kept at once
    cache.invalidate();
    expect([await ask(), await ask()]).toEqual(['miss', 'hit']);
  });
});
