import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CurrentViewer } from '../auth/current-viewer';
import type { Viewer } from '../auth/roles';
import type { Context } from '../context';
import { IdempotencyArgs } from '../shared/idempotency-args';
import { Connection, decodeCursor, PageArgs } from '../shared/pagination';
import { CreateServiceCategoryInput, UpdateServiceCategoryInput } from './categories';
import { Agency, Service, ServiceCategory } from './entities';
import { DirectoryChange, historyKey } from './history';
import { AgencyVerificationCount, ServiceIssue, ServiceIssueKind, ServiceIssueStatus, VerificationRequest } from './issues';

export const ServiceIssueConnection = Connection(ServiceIssue, 'ServiceIssue');
export const DirectoryChangeConnection = Connection(DirectoryChange, 'DirectoryChange');

@Resolver(() => ServiceIssue)
export class ServiceIssueResolver {
  @Mutation(() => ServiceIssue, {
    description: 'Tell the owning agency that a directory entry is wrong (any agency\'s staff). OTHER needs a note (at most 2000 characters). '
      + 'One open report per service, kind and reporting agency (CONFLICT on a second). verifyService or an edit of the entry resolves it',
  })
  reportServiceIssue(
    @Ctx() ctx: Context, @CurrentViewer() viewer: Viewer,
    @Arg('serviceId', () => ID) serviceId: string,
    @Arg('kind', () => ServiceIssueKind) kind: ServiceIssueKind,
    @Arg('note', () => String, { nullable: true, description: 'What you saw; required for OTHER' }) note: string | null,
    @Args() { idempotencyKey }: IdempotencyArgs,
  ) {
    return ctx.services.serviceIssues.report(viewer, serviceId, kind, note, idempotencyKey);
  }

  @Mutation(() => ServiceIssue, { description: 'The owning agency\'s AGENCY_ADMIN or REFERRAL_FOCAL_POINT (or a NETWORK_ADMIN) says the entry is right: an OPEN report becomes DISMISSED' })
  dismissServiceIssue(
    @Ctx() ctx: Context, @CurrentViewer() viewer: Viewer,
    @Arg('id', () => ID) id: string,
    @Arg('reason', { description: 'Why the entry is right as it is (at most 2000 characters); the reporter reads it' }) reason: string,
    @Args() { idempotencyKey }: IdempotencyArgs,
  ) {
    return ctx.services.serviceIssues.dismiss(viewer, id, reason, idempotencyKey);
  }

  @Query(() => ServiceIssueConnection, {
    description: 'The queue of reports on the entries of an agency (default: yours), for its AGENCY_ADMIN and REFERRAL_FOCAL_POINT; a NETWORK_ADMIN reads any agency\'s, '
      + 'or the whole network\'s without agencyId. OPEN: oldest first; RESOLVED and DISMISSED: latest closed first',
  })
  serviceIssues(
    @Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Args() page: PageArgs,
    @Arg('status', () => ServiceIssueStatus, { defaultValue: ServiceIssueStatus.OPEN }) status: ServiceIssueStatus,
    @Arg('agencyId', () => ID, { nullable: true }) agencyId: string | null,
    @Arg('serviceId', () => ID, { nullable: true }) serviceId: string | null,
  ) {
    return ctx.services.serviceIssues.queue(viewer, { agencyId, serviceId, status }, page.first, page.after);
  }

  @Query(() => ServiceIssueConnection, { description: 'The reports your agency made, newest first, with what became of them' })
  myServiceIssueReports(
    @Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Args() page: PageArgs,
    @Arg('status', () => ServiceIssueStatus, { nullable: true, description: 'Default: every status' }) status: ServiceIssueStatus | null,
  ) {
    return ctx.services.serviceIssues.reportsOf(viewer, status, page.first, page.after);
  }

  @Mutation(() => VerificationRequest, {
    description: 'NETWORK_ADMIN: ask the owners to verify every entry (not INACTIVE) not verified within olderThanDays. The entries show verificationRequestedAt '
      + 'and are listed in governanceAlerts.servicesAwaitingVerification until verifyService; asking again keeps the first date',
  })
  requestVerification(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('olderThanDays', () => Int, { description: '1 to 3650' }) olderThanDays: number) {
    return ctx.services.serviceIssues.requestVerification(viewer, olderThanDays);
  }

  @FieldResolver(() => Service) service(@Root() i: ServiceIssue, @Ctx() ctx: Context) { return ctx.loaders.service.load(i.serviceId); }
  @FieldResolver(() => Agency, { description: 'The agency that owns the entry' }) ownerAgency(@Root() i: ServiceIssue, @Ctx() ctx: Context) { return ctx.loaders.agency.load(i.ownerAgencyId); }
  @FieldResolver(() => Agency) reporterAgency(@Root() i: ServiceIssue, @Ctx() ctx: Context) { return ctx.loaders.agency.load(i.reporterAgencyId); }
}

@Resolver(() => AgencyVerificationCount)
export class AgencyVerificationCountResolver {
  @FieldResolver(() => Agency) agency(@Root() c: AgencyVerificationCount, @Ctx() ctx: Context) { return ctx.loaders.agency.load(c.agencyId); }
}

@Resolver(() => ServiceCategory)
export class ServiceCategoryAdminResolver {
  @Mutation(() => ServiceCategory, { description: 'NETWORK_ADMIN: a new category, under the parent its code names ("health.dental" under "health")' })
  createServiceCategory(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: CreateServiceCategoryInput) {
    return ctx.services.categories.create(viewer, input);
  }

  @Mutation(() => ServiceCategory, { description: 'NETWORK_ADMIN: rename (every language) or reorder a category; its code never changes' })
  updateServiceCategory(
    @Ctx() ctx: Context, @CurrentViewer() viewer: Viewer,
    @Arg('code', () => ID) code: string,
    @Arg('input') input: UpdateServiceCategoryInput,
  ) {
    return ctx.services.categories.update(viewer, code, input);
  }

  @Mutation(() => ServiceCategory, {
    description: 'NETWORK_ADMIN: retire a category and its sub-categories. They stay on the services that have them (and a search by their code still finds those), '
      + 'in history and statistics, but are no longer listed by serviceCategories nor accepted for other services. Never deleted',
  })
  retireServiceCategory(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('code', () => ID) code: string) {
    return ctx.services.categories.retire(viewer, code);
  }
}

@Resolver(() => DirectoryChange)
export class DirectoryChangeResolver {
  @FieldResolver(() => Agency, { nullable: true, description: 'The agency of who made the change' })
  byAgency(@Root() c: DirectoryChange, @Ctx() ctx: Context) { return c.byAgencyId ? ctx.loaders.agency.load(c.byAgencyId) : null; }
}

@Resolver(() => Service)
export class ServiceHistoryResolver {
  @FieldResolver(() => DirectoryChangeConnection, {
    description: 'Who changed which fields of the entry, when (newest first): the service, and since it was created its agency and its locations '
      + '(except a confidential location hidden from you). Field names only, never values',
  })
  changeHistory(@Root() s: Service, @Ctx() ctx: Context, @Args() page: PageArgs) {
    return ctx.loaders.serviceHistory.load(historyKey(s.id, page.first, decodeCursor(page.after)));
  }
}
