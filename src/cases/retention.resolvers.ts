import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Viewer } from '../auth/roles';
import { CurrentViewer } from '../auth/current-viewer';
import type { Context } from '../context';
import { caseFieldValue } from '../policy/disclosure';
import { IdempotencyArgs } from '../shared/idempotency-args';
import { Case } from './entities';
import { CaseErasureReason, RetentionPolicy, RetentionPolicyInput } from './retention';

@Resolver(() => RetentionPolicy)
export class RetentionResolver {
  @Query(() => RetentionPolicy, { description: 'How long your agency keeps its cases before the retention sweep erases them (AGENCY_ADMIN or DATA_PROTECTION_OFFICER)' })
  retentionPolicy(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer) {
    return ctx.services.retention.policy(viewer);
  }

  @Mutation(() => RetentionPolicy, {
    description: 'Set your agency\'s retention periods (AGENCY_ADMIN or DATA_PROTECTION_OFFICER): CLOSED cases are erased closedDays after they were closed; '
      + 'OPEN cases with no activity for inactiveOpenDays are closed and erased. Null keeps those cases. The sweep runs in the server; preview it with npm run retention -- --dry-run',
  })
  setRetentionPolicy(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: RetentionPolicyInput) {
    return ctx.services.retention.setPolicy(viewer, input);
  }

  @Mutation(() => Case, {
    description: 'Erase the person\'s data in a CLOSED case of your agency (DATA_PROTECTION_OFFICER), on request or ahead of the retention sweep: every personal field, consent evidence '
      + 'references, guardian names, withdrawal reasons, notes, referral reasons and messages, feedback comments. The case code, dates, statuses, referral skeleton and consents\' structure '
      + 'remain; every reader then gets the personal fields as null with FORBIDDEN_FIELD reason ERASED. CONFLICT while the case is OPEN; erasing an erased case answers the existing erasure',
  })
  eraseCase(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('caseId', () => ID) caseId: string,
    @Arg('reason', () => CaseErasureReason) reason: CaseErasureReason, @Args() { idempotencyKey }: IdempotencyArgs) {
    return ctx.services.retention.eraseCase(viewer, caseId, reason, idempotencyKey ?? null);
  }

  @FieldResolver(() => Int, { description: 'Cases of your agency past their period now: the next sweep erases them' })
  casesDue(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer) {
    return ctx.services.retention.dueCount(viewer);
  }
}

@Resolver(() => Case)
export class CaseErasureResolver {
  @FieldResolver(() => Date, { nullable: true, description: 'When the person\'s data in the case was erased; null while it is held' })
  erasedAt(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'erasedAt', c.erasedAt); }
  @FieldResolver(() => CaseErasureReason, { nullable: true, description: 'Why it was erased (those who read the case\'s records)' })
  erasureReason(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'erasureReason', c.erasureReason); }
  @FieldResolver(() => String, { nullable: true, description: 'User id of the data protection officer who erased it, or retention-sweep (those who read the case\'s records)' })
  erasedBy(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'erasedBy', c.erasedBy); }
}
