import 'reflect-metadata';
import { graphql } from 'graphql';
import { Arg, buildSchemaSync, Ctx, Field, FieldResolver, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { callFieldResolversDirectly, preferPlainFields } from '../../src/direct-resolvers';
import { CurrentViewer } from '../../src/auth/current-viewer';

@ObjectType()
class Parcel {
  @Field() label!: string;
  @Field() weight!: number;
  get heavy(): boolean {
    return this.weight > 10;
  }
}

const calls: string[] = [];

@Resolver(() => Parcel)
class ParcelResolver {
  @Query(() => [Parcel])
  parcels(@Ctx() ctx: { parcels: unknown[] }) {
    return ctx.parcels;
  }

  // uses a getter of the class: a plain-object root must still be converted, as type-graphql does
  @FieldResolver(() => String)
  summary(@Root() p: Parcel, @Ctx() ctx: { suffix: string }, @CurrentViewer() viewer: { userId: string }) {
    calls.push('summary');
    return `${p.label}${p.heavy ? ' (heavy)' : ''}${ctx.suffix} for ${viewer.userId}`;
  }

  @FieldResolver(() => String)
  stamped(@Root() p: Parcel, @Arg('stamp') stamp: string) {
    return `${stamp}:${p.label}`;
  }
}

preferPlainFields();
const schema = buildSchemaSync({ resolvers: [ParcelResolver], emitSchemaFile: false });
const replaced = callFieldResolversDirectly(schema);

const parcel = (label: string, weight: number) => Object.assign(new Parcel(), { label, weight });
const run = (parcels: unknown[], viewer: unknown = { userId: 'u1' }) => graphql({
  schema,
  source: '{ parcels { label weight summary stamped(stamp: "S") } }',
  contextValue: { parcels, suffix: '!', viewer, authError: null },
});

describe('type-graphql resolvers called directly (src/direct-resolvers.ts)', () => {
  it('leaves plain fields to the default resolver and calls a field resolver without arguments directly', () => {
    const fields = (schema.getType('Parcel') as any).getFields();
    expect(fields.label.resolve).toBeUndefined();
    expect(fields.weight.resolve).toBeUndefined();
    expect(replaced).toEqual(['Parcel.summary']);
    // a field with arguments keeps type-graphql's own resolver (conversion and validation of its arguments)
    expect(typeof fields.stamped.resolve).toBe('function');
  });

  it('answers as type-graphql did, for instances and for plain objects that need converting', async () => {
    calls.length = 0;
    const result = await run([parcel('a', 12), { label: 'b', weight: 3 }]);
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      parcels: [
        { label: 'a', weight: 12, summary: 'a (heavy)! for u1', stamped: 'S:a' },
        { label: 'b', weight: 3, summary: 'b! for u1', stamped: 'S:b' },
      ],
    });
    expect(calls).toEqual(['summary', 'summary']);
  });

  it('still runs parameter decorators, whose refusals reach the response', async () => {
    const result = await run([parcel('a', 1)], null);
    expect(result.errors?.[0].message).toMatch(/unauthenticated request reached a resolver/);
    expect(result.errors?.[0].path).toEqual(['parcels', 0, 'summary']);
  });
});
