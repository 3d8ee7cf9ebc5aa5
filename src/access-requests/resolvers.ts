import type { Viewer } from '../auth/roles';
import { CurrentViewer } from '../auth/current-viewer';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { Agency } from '../directory/entities';
import type { Context } from '../context';
import { Connection, PageArgs } from '../shared/pagination';
import { DataAccessApproval, DataAccessRequest } from './entities';
import { ApproveDataAccessRequestInput, SubmitDataAccessRequestInput } from './inputs';

export const DataAccessRequestConnection = Connection(DataAccessRequest, 'DataAccessRequest');

@Resolver(() => DataAccessRequest)
export class DataAccessRequestResolver {
  @Query(() => DataAccessRequestConnection, { description: "Your agency's data access requests and their decisions" })
  myDataAccessRequests(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Args() page: PageArgs) {
    return ctx.services.accessRequests.mine(viewer, page.first, page.after);
  }

  @Query(() => DataAccessRequestConnection, { description: 'Requests waiting for a decision by your agency (it holds the data and did not ask)' })
  dataAccessRequestQueue(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Args() page: PageArgs) {
    return ctx.services.accessRequests.queue(viewer, page.first, page.after);
  }

  @Query(() => DataAccessRequest)
  dataAccessRequest(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string) {
    return ctx.services.accessRequests.get(viewer, id);
  }

  @Mutation(() => DataAccessRequest, { description: 'Fill in and sign a data access request form for a sensitive dataset' })
  submitDataAccessRequest(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: SubmitDataAccessRequestInput) {
    return ctx.services.accessRequests.submit(viewer, input);
  }

  @Mutation(() => DataAccessRequest)
  approveDataAccessRequest(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: ApproveDataAccessRequestInput) {
    return ctx.services.accessRequests.approve(viewer, input);
  }

  @Mutation(() => DataAccessRequest)
  rejectDataAccessRequest(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string, @Arg('reason') reason: string) {
    return ctx.services.accessRequests.reject(viewer, id, reason);
  }

  @Mutation(() => DataAccessRequest, { description: 'Withdraw an approval; statistics under it are refused from now on' })
  revokeDataAccessRequest(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string, @Arg('reason') reason: string) {
    return ctx.services.accessRequests.revoke(viewer, id, reason);
  }

  @FieldResolver(() => Agency) requestingAgency(@Root() r: DataAccessRequest, @Ctx() ctx: Context) { return ctx.loaders.agency.load(r.requestingAgencyId); }

  @FieldResolver(() => [DataAccessApproval], { description: "Each holder's approval (or a NETWORK_ADMIN's for all); statistics count the records of the holders whose approval is in force" })
  approvals(@Root() r: DataAccessRequest, @Ctx() ctx: Context) { return ctx.services.accessRequests.approvals(r.id); }

  @FieldResolver(() => Int, { description: 'Statistics queries answered under this request (a repeat of an answered record set and grouping is free)' })
  queriesUsed(@Root() r: DataAccessRequest, @Ctx() ctx: Context) { return ctx.services.accessRequests.queriesUsed(r.id); }

  @FieldResolver(() => Int, { description: 'Statistics queries this request allows in all (STATS_QUERY_BUDGET)' })
  queryBudget(@Ctx() ctx: Context) { return ctx.config.statistics.queryBudget; }
}
