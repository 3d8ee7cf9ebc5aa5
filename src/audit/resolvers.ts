import { Arg, Args, Ctx, ID, Query, Resolver } from 'type-graphql';
import { CurrentViewer } from '../auth/current-viewer';
import type { Viewer } from '../auth/roles';
import type { Context } from '../context';
import { Connection, PageArgs } from '../shared/pagination';
import { AuditChainReport, AuditEvent, DisclosureReportEntry } from './audit-trail';

export const AuditEventConnection = Connection(AuditEvent, 'AuditEvent');

@Resolver()
export class AuditResolver {
  @Query(() => AuditEventConnection, { description: 'Everything recorded about a case of your agency (data protection officers)' })
  caseAuditTrail(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('caseId', () => ID) caseId: string, @Args() page: PageArgs) {
    return ctx.services.audit.caseAuditTrail(viewer, caseId, page.first, page.after);
  }

  @Query(() => [DisclosureReportEntry], { description: 'Which agencies received which fields of this person, when and on which basis' })
  disclosureReport(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('caseId', () => ID) caseId: string) {
    return ctx.services.audit.disclosureReport(viewer, caseId);
  }

  @Query(() => AuditChainReport, { description: 'Recompute the hash chain of the whole audit log and report the first broken link' })
  verifyAuditChain(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer) {
    return ctx.services.audit.verifyChain(viewer);
  }
}
