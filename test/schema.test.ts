import fs from 'node:fs';
import { graphql, buildSchema as buildSdl, GraphQLObjectType } from 'graphql';
import { applyPermissions, rules } from '../src/permissions';
import { buildBareSchema, printSdl, SDL_PATH } from '../src/schema';

describe('schema and access policy', () => {
  const schema = buildBareSchema();

  it('matches the SDL checked in under schema/ (run `npm run schema` after changing the API)', () => {
    expect(fs.readFileSync(SDL_PATH, 'utf8')).toEqual(printSdl(schema));
  });

  it.each(['Query', 'Mutation'] as const)('has a permission rule for every %s field, and no rule for a field that does not exist', (root) => {
    const fields = Object.keys((schema.getType(root) as GraphQLObjectType).getFields()).sort();
    const ruled = Object.keys(rules[root]).sort();
    expect(fields.filter((f) => !ruled.includes(f))).toEqual([]);
    expect(ruled.filter((r) => !fields.includes(r))).toEqual([]);
  });

  it('denies a root field that has no rule (the fallback rule)', async () => {
    const tiny = buildSdl('type Query { me: String, secret: String } type Mutation { noop: String }');
    const resolvers = tiny.getQueryType()!.getFields();
    resolvers.me.resolve = () => 'me';
    resolvers.secret.resolve = () => 'leaked';
    const guarded = applyPermissions(tiny, { Query: { me: rules.Query.me }, Mutation: {} } as any);
    const result = await graphql({ schema: guarded, source: '{ secret }', contextValue: { viewer: { userId: 'u', agencyId: 'a', roles: [] } } });
    expect(result.data?.secret ?? null).toBeNull();
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
  });
});
