import { Arg, Args, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Viewer } from '../auth/roles';
import { CurrentViewer } from '../auth/current-viewer';
import type { Context } from '../context';
import { Agency } from '../directory/entities';
import { caseFieldValue } from '../policy/disclosure';
import { IdempotencyArgs } from '../shared/idempotency-args';
import { Case } from './entities';
import { CaseClosureReason, CaseLifecycleEvent, CloseCaseInput, ReopenCaseInput, TransferCaseInput } from './lifecycle';

/** Lazy values: the records are loaded only when the reader may see them. */
const call = <T>(f: (() => Promise<T>) | null) => (f ? f() : null);

@Resolver(() => Case)
export class CaseLifecycleResolver {
  @Mutation(() => Case, { description: 'Close a case (its assigned case manager or a CASE_SUPERVISOR), with a coded reason. CONFLICT while a referral of it is SENT, ACCEPTED, IN_PROGRESS or ON_HOLD, or when already CLOSED' })
  closeCase(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: CloseCaseInput, @Args() { idempotencyKey }: IdempotencyArgs) {
    return ctx.services.caseLifecycle.close(viewer, input, idempotencyKey ?? null);
  }

  @Mutation(() => Case, { description: 'Reopen a CLOSED case (its assigned case manager or a CASE_SUPERVISOR); CONFLICT from any other state' })
  reopenCase(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: ReopenCaseInput, @Args() { idempotencyKey }: IdempotencyArgs) {
    return ctx.services.caseLifecycle.reopen(viewer, input, idempotencyKey ?? null);
  }

  @Mutation(() => CaseLifecycleEvent, {
    description: 'Hand an OPEN case with no open referral over to another agency, which then owns it (unassigned, for its supervisor or admin to assign). '
      + 'Needs the person\'s consent to CASE_COORDINATION naming that agency and covering every category the case holds, and an active data-sharing agreement to that agency covering each field held for CASE_COORDINATION; '
      + 'otherwise FORBIDDEN with extensions.reasons and nothing changed. Your agency then reads the case only as its referrals let it.',
  })
  transferCase(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: TransferCaseInput, @Args() { idempotencyKey }: IdempotencyArgs) {
    return ctx.services.caseLifecycle.transfer(viewer, input, idempotencyKey ?? null);
  }

  @FieldResolver(() => Date, { nullable: true, description: 'When the case was closed; null while it is OPEN' })
  closedAt(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'closedAt', c.closedAt); }
  @FieldResolver(() => CaseClosureReason, { nullable: true, description: 'Why the case was closed (those who read the case\'s records)' })
  closureReason(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'closureReason', c.closureReason); }
  @FieldResolver(() => [CaseLifecycleEvent], { nullable: true, description: 'Every closure, reopening and transfer, oldest first (those who read the case\'s records)' })
  async lifecycleHistory(@Root() c: Case, @Ctx() ctx: Context) { return call(await caseFieldValue(ctx, c, 'lifecycleHistory', () => ctx.loaders.lifecycleOfCase.load(c.id))); }
}

@Resolver(() => CaseLifecycleEvent)
export class CaseLifecycleEventResolver {
  @FieldResolver(() => Agency) fromAgency(@Root() e: CaseLifecycleEvent, @Ctx() ctx: Context) { return ctx.loaders.agency.load(e.fromAgencyId); }
  @FieldResolver(() => Agency, { nullable: true }) toAgency(@Root() e: CaseLifecycleEvent, @Ctx() ctx: Context) { return e.toAgencyId ? ctx.loaders.agency.load(e.toAgencyId) : null; }
}
