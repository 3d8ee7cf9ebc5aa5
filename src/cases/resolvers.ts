import { CurrentViewer } from '../auth/current-viewer';
import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Agency } from '../directory/entities';
import { Population } from '../directory/enums';
import { Referral } from '../referrals/entities';
import type { Context } from '../context';
import { Connection, PageArgs } from '../shared/pagination';
import { caseFieldValue } from '../policy/disclosure';
import { ageBand } from '../policy/authority';
import { ageOf, Case, CaseAssignment, CaseFieldChange, Consent, SafeContact } from './entities';
import { CaseStatus, MigrationPhase, Sex } from './enums';
import { CaseFilter, ConsentInput, RegisterCaseInput, UpdateCaseInput } from './inputs';
import type { Viewer } from '../auth/roles';

export const CaseConnection = Connection(Case, 'Case');
export const CaseFieldChangeConnection = Connection(CaseFieldChange, 'CaseFieldChange');

const P = { nullable: true } as const;
/** Lazy values: the records are loaded only when the reader may see them. */
const call = <T>(f: (() => Promise<T>) | null) => (f ? f() : null);

@Resolver(() => Case)
export class CaseResolver {
  @Query(() => Case, { description: "One of your agency's cases" })
  case(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string) {
    return ctx.services.cases.caseFor(viewer, id, 'read');
  }

  @Query(() => CaseConnection, { description: "Your agency's cases, newest first" })
  cases(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Args() page: PageArgs, @Arg('filter', () => CaseFilter, { nullable: true }) filter: CaseFilter | null) {
    return ctx.services.cases.listCases(viewer, filter ?? {}, page.first, page.after);
  }

  @Query(() => CaseFieldChangeConnection, { description: "Rectifications of one of your agency's cases, newest first: which fields changed, who changed them and when (never the values). For the agency's DATA_PROTECTION_OFFICER" })
  caseFieldChanges(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('caseId', () => ID) caseId: string, @Args() page: PageArgs) {
    return ctx.services.cases.fieldChanges(viewer, caseId, page.first, page.after);
  }

  @Mutation(() => Case, { description: 'Register a case with the recorded consent to registration; possibleDuplicates flags same name and date of birth in your agency' })
  registerCase(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: RegisterCaseInput) {
    return ctx.services.cases.registerCase(viewer, input);
  }

  @Mutation(() => Case, { description: 'Correct or complete the personal fields of a case (rectification): which fields changed, by whom and when is kept (caseFieldChanges); receivers read the corrected values at their next read. The status changes only through closeCase and reopenCase' })
  updateCase(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: UpdateCaseInput) {
    return ctx.services.cases.updateCase(viewer, input);
  }

  @Mutation(() => Consent, { description: 'Record a consent or refusal; supersedesId replaces an earlier record (which is kept)' })
  recordConsent(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('caseId', () => ID) caseId: string, @Arg('input') input: ConsentInput) {
    return ctx.services.cases.recordConsent(viewer, caseId, input);
  }

  @Mutation(() => Consent, { description: 'Withdraw a consent now: every referral relying on it loses access at its next read' })
  withdrawConsent(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('consentId', () => ID) consentId: string, @Arg('reason') reason: string) {
    return ctx.services.cases.withdrawConsent(viewer, consentId, reason);
  }

  @Mutation(() => Case, { description: 'Assign a case to a case manager of your agency (AGENCY_ADMIN or CASE_SUPERVISOR); null unassigns. Kept in assignmentHistory.' })
  assignCase(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('caseId', () => ID) caseId: string, @Arg('caseManagerId', () => String, { nullable: true }) caseManagerId: string | null) {
    return ctx.services.cases.assignCase(viewer, caseId, caseManagerId);
  }

  @Mutation(() => Case, { description: 'Share a case with another case manager of your agency, who then reads it in full (sensitive reads audited)' })
  shareCase(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('caseId', () => ID) caseId: string, @Arg('caseManagerId') caseManagerId: string) {
    return ctx.services.cases.shareCase(viewer, caseId, caseManagerId, true);
  }

  @Mutation(() => Case, { description: 'Stop sharing a case with a case manager' })
  unshareCase(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('caseId', () => ID) caseId: string, @Arg('caseManagerId') caseManagerId: string) {
    return ctx.services.cases.shareCase(viewer, caseId, caseManagerId, false);
  }

  @FieldResolver(() => Agency) ownerAgency(@Root() c: Case, @Ctx() ctx: Context) { return ctx.loaders.agency.load(c.ownerAgencyId); }
  @FieldResolver(() => CaseStatus) status(@Root() c: Case) { return c.status; }
  @FieldResolver(() => ID, { nullable: true, description: 'The referral your access rests on, when the case is not your agency\'s' })
  viaReferralId(@Root() c: Case) { return c.viaReferralId ?? null; }
  @FieldResolver(() => String, { nullable: true, description: 'Age band (0-4, 5-11, 12-17, 18-24, 25-59, 60+): part of the summary any staff of the owning agency sees' })
  ageBand(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'ageBand', ageBand(ageOf(c))); }
  @FieldResolver(() => String, { nullable: true, description: 'User id of the assigned case manager (owning agency only)' })
  assignedTo(@Root() c: Case) { return c.viaReferralId ? null : c.assignedTo; }

  // the case's own records: the authority table says who in the owning agency sees them; never a receiver
  @FieldResolver(() => [Consent], P) async consents(@Root() c: Case, @Ctx() ctx: Context) { return call(await caseFieldValue(ctx, c, 'consents', () => ctx.loaders.consentsOfCase.load(c.id))); }
  @FieldResolver(() => [Referral], P) async referrals(@Root() c: Case, @Ctx() ctx: Context) { return call(await caseFieldValue(ctx, c, 'referrals', () => ctx.loaders.referralsOfCase.load(c.id))); }
  @FieldResolver(() => [ID], { nullable: true, description: 'Cases of your agency with the same name and date of birth at registration' })
  possibleDuplicates(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'possibleDuplicates', c.possibleDuplicateOf); }
  @FieldResolver(() => String, P) registeredBy(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'registeredBy', c.registeredBy); }
  @FieldResolver(() => [String], { nullable: true, description: 'Other case managers of your agency the case is shared with' })
  sharedWith(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'sharedWith', c.sharedWith); }
  @FieldResolver(() => [CaseAssignment], { nullable: true, description: 'Every assignment of the case, oldest first' })
  async assignmentHistory(@Root() c: Case, @Ctx() ctx: Context) { return call(await caseFieldValue(ctx, c, 'assignmentHistory', () => ctx.services.cases.assignmentsOf(c.id))); }

  // personal fields, each decided by the disclosure policy
  @FieldResolver(() => String, P) givenName(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'givenName', c.givenName); }
  @FieldResolver(() => String, P) familyName(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'familyName', c.familyName); }
  @FieldResolver(() => String, P) otherNames(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'otherNames', c.otherNames); }
  @FieldResolver(() => LocalDateResolver, P) dateOfBirth(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'dateOfBirth', c.dateOfBirth); }
  @FieldResolver(() => Boolean, P) dateOfBirthEstimated(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'dateOfBirthEstimated', c.dateOfBirthEstimated); }
  @FieldResolver(() => String, P) photoReference(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'photoReference', c.photoReference); }
  @FieldResolver(() => String, P) phone(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'phone', c.phone); }
  @FieldResolver(() => String, P) address(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'address', c.address); }
  @FieldResolver(() => String, P) emergencyContact(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'emergencyContact', c.emergencyContact); }
  @FieldResolver(() => SafeContact, { nullable: true, description: 'How the person may be contacted safely: a receiving agency gets it with every contact field, never a contact field without it' })
  safeContact(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'safeContact', c.safeContact); }
  @FieldResolver(() => Sex, P) sex(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'sex', c.sex); }
  @FieldResolver(() => String, P) gender(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'gender', c.gender); }
  @FieldResolver(() => Int, P) age(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'age', ageOf(c)); }
  @FieldResolver(() => String, P) nationality(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'nationality', c.nationality); }
  @FieldResolver(() => [String], P) languages(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'languages', c.languages); }
  @FieldResolver(() => String, P) literacy(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'literacy', c.literacy); }
  @FieldResolver(() => String, P) identityDocumentNumber(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'identityDocumentNumber', c.identityDocumentNumber); }
  @FieldResolver(() => String, P) travelDocumentNumber(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'travelDocumentNumber', c.travelDocumentNumber); }
  @FieldResolver(() => MigrationPhase, P) migrationPhase(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'migrationPhase', c.migrationPhase); }
  @FieldResolver(() => String, P) route(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'route', c.route); }
  @FieldResolver(() => String, P) transitDetails(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'transitDetails', c.transitDetails); }
  @FieldResolver(() => String, P) reasonsForMigrating(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'reasonsForMigrating', c.reasonsForMigrating); }
  @FieldResolver(() => [Population], P) vulnerabilities(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'vulnerabilities', c.vulnerabilities); }
  @FieldResolver(() => String, P) protectionConcerns(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'protectionConcerns', c.protectionConcerns); }
  @FieldResolver(() => String, P) healthInformation(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'healthInformation', c.healthInformation); }
  @FieldResolver(() => String, P) disability(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'disability', c.disability); }
  @FieldResolver(() => String, P) assessmentSummary(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'assessmentSummary', c.assessmentSummary); }
  @FieldResolver(() => String, P) servicesReceived(@Root() c: Case, @Ctx() ctx: Context) { return caseFieldValue(ctx, c, 'servicesReceived', c.servicesReceived); }
}
