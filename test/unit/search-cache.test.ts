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
});
