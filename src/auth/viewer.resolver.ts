import { Ctx, Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { Agency } from '../directory/entities';
import { viewerOf, type Context } from '../shared/context';
import { Role } from './roles';

@ObjectType({ description: 'The caller, as the token says' })
export class Me {
  @Field(() => ID) userId!: string;
  @Field(() => [Role]) roles!: Role[];
  @Field(() => ID) agencyId!: string;
}

@Resolver()
export class ViewerResolver {
  @Query(() => Me)
  me(@Ctx() ctx: Context): Me {
    return viewerOf(ctx);
  }
}

@Resolver(() => Me)
export class MeFieldsResolver {
  @Query(() => Agency, { nullable: true, description: "The caller's agency (null if the token names an agency this server does not know)" })
  myAgency(@Ctx() ctx: Context) {
    return ctx.loaders.agency.load(viewerOf(ctx).agencyId);
  }
}
