import { Arg, Args, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { AuditChainReport, AuditEvent, DisclosureReportEntry, verifyAuditChain } from '../audit/audit.queries';
import { Agency } from '../directory/entities';
import { Population } from '../directory/enums';
import { Referral } from '../referrals/entities';
import { viewerOf, type Context } from '../shared/context';
import { Connection, PageArgs } from '../shared/pagination';
import { disclosedValue } from '../policy/disclosure';
import { ageOf, Case, Consent } from './entities';
import { CaseStatus, MigrationPhase, Sex } from './enums';
import { CaseFilter, ConsentInput, RegisterCaseInput, UpdateCaseInput } from './inputs';
import { hasRole, Role } from '../auth/roles';

export const CaseConnection = Connection(Case, 'Case');
export const AuditEventConnection = Connection(AuditEvent, 'AuditEvent');

const P = { nullable: true } as const;

@Resolver(() => Case)
export class CaseResolver {
  @Query(() => Case, { description: "One of your agency's cases" })
  case(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return ctx.services.cases.getOwnCase(viewerOf(ctx), id);
  }

  @Query(() => CaseConnection, { description: "Your agency's cases, newest first" })
  cases(@Ctx() ctx: Context, @Args() page: PageArgs, @Arg('filter', () => CaseFilter, { nullable: true }) filter: CaseFilter | null) {
    return ctx.services.cases.listCases(viewerOf(ctx), filter ?? {}, page.first, page.after);
  }

  @Mutation(() => Case, { description: 'Register a case with the recorded consent to registration; possibleDuplicates flags same name and date of birth in your agency' })
  registerCase(@Ctx() ctx: Context, @Arg('input') input: RegisterCaseInput) {
    return ctx.services.cases.registerCase(viewerOf(ctx), input);
  }

  @Mutation(() => Case)
  updateCase(@Ctx() ctx: Context, @Arg('input') input: UpdateCaseInput) {
    return ctx.services.cases.updateCase(viewerOf(ctx), input);
  }

  @Mutation(() => Consent, { description: 'Record a consent or refusal; supersedesId replaces an earlier record (which is kept)' })
  recordConsent(@Ctx() ctx: Context, @Arg('caseId', () => ID) caseId: string, @Arg('input') input: ConsentInput) {
    return ctx.services.cases.recordConsent(viewerOf(ctx), caseId, input);
  }

  @Mutation(() => Consent, { description: 'Withdraw a consent now: every referral relying on it loses access at its next read' })
  withdrawConsent(@Ctx() ctx: Context, @Arg('consentId', () => ID) consentId: string, @Arg('reason') reason: string) {
    return ctx.services.cases.withdrawConsent(viewerOf(ctx), consentId, reason);
  }

  @Query(() => AuditEventConnection, { description: 'Everything recorded about a case of your agency (data protection officers)' })
  caseAuditTrail(@Ctx() ctx: Context, @Arg('caseId', () => ID) caseId: string, @Args() page: PageArgs) {
    return ctx.services.audit.caseAuditTrail(viewerOf(ctx), caseId, page.first, page.after);
  }

  @Query(() => [DisclosureReportEntry], { description: 'Which agencies received which fields of this person, when and on which basis' })
  disclosureReport(@Ctx() ctx: Context, @Arg('caseId', () => ID) caseId: string) {
    return ctx.services.audit.disclosureReport(viewerOf(ctx), caseId);
  }

  @Query(() => AuditChainReport, { description: 'Recompute the hash chain of the whole audit log and report the first broken link' })
  async verifyAuditChain(@Ctx() ctx: Context) {
    const report = await verifyAuditChain(ctx.db);
    // a DPO learns whether the chain is intact, not how many events the whole network wrote
    return hasRole(viewerOf(ctx), Role.NETWORK_ADMIN) ? report : { ...report, checked: null, firstBrokenSeq: null };
  }

  @FieldResolver(() => Agency) ownerAgency(@Root() c: Case, @Ctx() ctx: Context) { return ctx.loaders.agency.load(c.ownerAgencyId); }
  @FieldResolver(() => CaseStatus) status(@Root() c: Case) { return c.status; }
  @FieldResolver(() => ID, { nullable: true, description: 'The referral your access rests on, when the case is not your agency\'s' })
  viaReferralId(@Root() c: Case) { return c.viaReferralId ?? null; }

  // owner-only relations: an agency reading through a referral gets nothing here
  @FieldResolver(() => [Consent], P) consents(@Root() c: Case, @Ctx() ctx: Context) { return c.viaReferralId ? null : ctx.loaders.consentsOfCase.load(c.id); }
  @FieldResolver(() => [Referral], P) referrals(@Root() c: Case, @Ctx() ctx: Context) { return c.viaReferralId ? null : ctx.loaders.referralsOfCase.load(c.id); }
  @FieldResolver(() => [ID], { nullable: true, description: 'Cases of your agency with the same name and date of birth at registration' })
  possibleDuplicates(@Root() c: Case) { return c.viaReferralId ? null : c.possibleDuplicateOf; }
  @FieldResolver(() => String, P) registeredBy(@Root() c: Case) { return c.viaReferralId ? null : c.registeredBy; }

  // personal fields, each decided by the disclosure policy
  @FieldResolver(() => String, P) givenName(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'givenName', c.givenName); }
  @FieldResolver(() => String, P) familyName(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'familyName', c.familyName); }
  @FieldResolver(() => String, P) otherNames(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'otherNames', c.otherNames); }
  @FieldResolver(() => LocalDateResolver, P) dateOfBirth(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'dateOfBirth', c.dateOfBirth); }
  @FieldResolver(() => String, P) photoReference(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'photoReference', c.photoReference); }
  @FieldResolver(() => String, P) phone(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'phone', c.phone); }
  @FieldResolver(() => String, P) address(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'address', c.address); }
  @FieldResolver(() => String, P) emergencyContact(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'emergencyContact', c.emergencyContact); }
  @FieldResolver(() => Sex, P) sex(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'sex', c.sex); }
  @FieldResolver(() => String, P) gender(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'gender', c.gender); }
  @FieldResolver(() => Int, P) age(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'age', ageOf(c)); }
  @FieldResolver(() => String, P) nationality(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'nationality', c.nationality); }
  @FieldResolver(() => [String], P) languages(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'languages', c.languages); }
  @FieldResolver(() => String, P) literacy(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'literacy', c.literacy); }
  @FieldResolver(() => String, P) identityDocumentNumber(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'identityDocumentNumber', c.identityDocumentNumber); }
  @FieldResolver(() => String, P) travelDocumentNumber(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'travelDocumentNumber', c.travelDocumentNumber); }
  @FieldResolver(() => MigrationPhase, P) migrationPhase(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'migrationPhase', c.migrationPhase); }
  @FieldResolver(() => String, P) route(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'route', c.route); }
  @FieldResolver(() => String, P) transitDetails(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'transitDetails', c.transitDetails); }
  @FieldResolver(() => String, P) reasonsForMigrating(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'reasonsForMigrating', c.reasonsForMigrating); }
  @FieldResolver(() => [Population], P) vulnerabilities(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'vulnerabilities', c.vulnerabilities); }
  @FieldResolver(() => String, P) protectionConcerns(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'protectionConcerns', c.protectionConcerns); }
  @FieldResolver(() => String, P) healthInformation(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'healthInformation', c.healthInformation); }
  @FieldResolver(() => String, P) disability(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'disability', c.disability); }
  @FieldResolver(() => String, P) assessmentSummary(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'assessmentSummary', c.assessmentSummary); }
  @FieldResolver(() => String, P) servicesReceived(@Root() c: Case, @Ctx() ctx: Context) { return disclosedValue(ctx, c, 'servicesReceived', c.servicesReceived); }
}
