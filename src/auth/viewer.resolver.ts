import { Field, ID, ObjectType, Query, Resolver } from 'type-graphql';
import { CurrentViewer } from './current-viewer';
import { Role, type Viewer } from './roles';

@ObjectType({ description: 'The caller, as the token says' })
export class Me {
  @Field(() => ID) userId!: string;
  @Field(() => [Role]) roles!: Role[];
  @Field(() => ID) agencyId!: string;
}

@Resolver()
export class ViewerResolver {
  @Query(() => Me)
  me(@CurrentViewer() viewer: Viewer): Me {
    return viewer;
  }
}
