import type { Viewer } from '../auth/roles';
import { CurrentViewer } from '../auth/current-viewer';
import { Arg, Args, Ctx, Field, FieldResolver, ID, Int, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { LocalDateResolver } from 'graphql-scalars';
import { Agency, Area, Service, ServiceCategory } from '../directory/entities';
import type { Context } from '../context';
import { badInputs, problem } from '../shared/errors';
import { Connection, PageArgs } from '../shared/pagination';
import { canSeeDsaTerms } from '../policy/agreement-terms';
import { DATA_CATALOGUE, ALL_CATEGORIES, DataCategory, DataClass, isCatalogueField } from '../policy/data-catalogue';
import { decideDataSharing } from './data-sharing';
import { DataSharingAgreement, DocumentReference, DsaSignature, Mou, MouSignature, Sop } from './entities';
import { SharingDecisionReason, SharingPurpose } from './enums';
import { CreateDsaInput, CreateMouInput, DataSharingQuestionInput, DsaFilter, MouFilter, PublishSopInput, SignMouInput, SopFilter, UpdateMouInput } from './inputs';

export const MouConnection = Connection(Mou, 'Mou');
export const SopConnection = Connection(Sop, 'Sop');
export const DataSharingAgreementConnection = Connection(DataSharingAgreement, 'DataSharingAgreement');

@ObjectType()
class CatalogueFieldInfo {
  @Field() name!: string;
  @Field() description!: string;
}

@ObjectType({ description: 'A category of personal data with its fields, as agreements and consents name them' })
class DataCategoryInfo {
  @Field(() => DataCategory) category!: DataCategory;
  @Field(() => DataClass) dataClass!: DataClass;
  @Field() description!: string;
  @Field(() => [CatalogueFieldInfo]) fields!: CatalogueFieldInfo[];
}

@ObjectType()
class DataSharingDecision {
  @Field(() => ID) providingAgencyId!: string;
  @Field(() => ID) receivingAgencyId!: string;
  @Field(() => SharingPurpose) purpose!: SharingPurpose;
  @Field() field!: string;
  @Field() allowed!: boolean;
  @Field(() => SharingDecisionReason) reason!: SharingDecisionReason;
  @Field(() => ID, { nullable: true, description: 'The agreement the decision relied on' }) agreementId!: string | null;
}

@ObjectType()
class RiskAssessment {
  @Field(() => LocalDateResolver) date!: string;
  @Field() reference!: string;
}

@Resolver()
export class DataCatalogueResolver {
  @Query(() => [DataCategoryInfo], { description: 'The personal-data catalogue: each category, its data class and its fields' })
  dataCatalogue(): DataCategoryInfo[] {
    return ALL_CATEGORIES.map((category) => ({ category, ...DATA_CATALOGUE[category] }));
  }

  @Query(() => [DataSharingDecision], { description: 'May these fields pass between these agencies for these purposes, under their data-sharing agreements?' })
  async dataSharingCheck(@Ctx() ctx: Context, @Arg('questions', () => [DataSharingQuestionInput]) questions: DataSharingQuestionInput[]) {
    const unknown = questions.map((q, i) => ({ q, i })).filter(({ q }) => !isCatalogueField(q.field));
    if (unknown.length) throw badInputs(unknown.map(({ q, i }) => problem(`questions[${i}].field`, 'agreements.questionNotCatalogueField', { field: q.field })));
    if (questions.length > 500) throw badInputs([problem('questions', 'agreements.tooManyQuestions')]);
    const decisions = await decideDataSharing(ctx.db, questions.map((q) => ({ ...q, at: q.at ?? undefined })));
    return decisions.map((d, i) => ({ ...questions[i], ...d }));
  }
}

@Resolver(() => Mou)
export class MouResolver {
  @Query(() => MouConnection, { description: 'MoUs your agency is party to (all of them for network admins and the steering committee)' })
  mous(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Args() page: PageArgs, @Arg('filter', () => MouFilter, { nullable: true }) filter: MouFilter | null) {
    return ctx.services.agreements.listMous(viewer, filter ?? {}, page.first, page.after);
  }
  @Query(() => Mou)
  mou(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string) {
    return ctx.services.agreements.getMou(viewer, id);
  }
  @Mutation(() => Mou, { description: 'Draft an MoU; it is in force only once every party has signed it (signMou)' })
  createMou(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: CreateMouInput) {
    return ctx.services.agreements.createMou(viewer, input);
  }
  @Mutation(() => Mou, { description: 'Edit a draft MoU' })
  updateMou(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: UpdateMouInput) {
    return ctx.services.agreements.updateMou(viewer, input);
  }
  @Mutation(() => Mou, {
    description: "Sign for your agency (AGENCY_ADMIN of a party), with the signed document; the MoU stays PARTIALLY_SIGNED until every party has signed. A NETWORK_ADMIN cannot sign for an agency.",
  })
  signMou(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: SignMouInput) {
    return ctx.services.agreements.signMou(viewer, input);
  }
  @Mutation(() => Mou)
  terminateMou(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string, @Arg('reason') reason: string) {
    return ctx.services.agreements.terminateMou(viewer, id, reason);
  }

  @FieldResolver(() => [Agency]) async parties(@Root() m: Mou, @Ctx() ctx: Context) {
    return (await ctx.loaders.agency.loadMany(m.partyIds)).filter((a): a is Agency => a instanceof Agency);
  }
  @FieldResolver(() => [ServiceCategory]) async serviceCategories(@Root() m: Mou, @Ctx() ctx: Context) {
    return (await ctx.loaders.category.loadMany(m.categoryCodes)).filter((c): c is ServiceCategory => c instanceof ServiceCategory);
  }
  @FieldResolver(() => [Area]) async areas(@Root() m: Mou, @Ctx() ctx: Context) {
    return (await ctx.loaders.area.loadMany(m.areaIds)).filter((a): a is Area => a instanceof Area);
  }
  @FieldResolver(() => [MouSignature], { description: 'One per party that has signed, oldest first' })
  signatures(@Root() m: Mou, @Ctx() ctx: Context) { return ctx.loaders.signaturesOfMou.load(m.id); }
  @FieldResolver(() => [Agency], { description: 'The parties that have not signed yet' })
  async awaitingSignatureFrom(@Root() m: Mou, @Ctx() ctx: Context) {
    const signed = new Set((await ctx.loaders.signaturesOfMou.load(m.id)).map((s) => s.agencyId));
    return (await ctx.loaders.agency.loadMany(m.partyIds.filter((id) => !signed.has(id)))).filter((a): a is Agency => a instanceof Agency);
  }
  @FieldResolver(() => DocumentReference, { nullable: true }) document(@Root() m: Mou): DocumentReference | null {
    return m.documentUrl && m.documentSha256 ? { url: m.documentUrl, sha256: m.documentSha256 } : null;
  }
}

@Resolver(() => Sop)
export class SopResolver {
  @Query(() => SopConnection, { description: 'Current SOPs (filter reviewOverdue for those past their review date)' })
  sops(@Ctx() ctx: Context, @Args() page: PageArgs, @Arg('filter', () => SopFilter, { nullable: true }) filter: SopFilter | null) {
    return ctx.services.agreements.listSops(filter ?? {}, page.first, page.after);
  }
  @Query(() => Sop)
  sop(@Ctx() ctx: Context, @Arg('id', () => ID) id: string) {
    return ctx.services.agreements.getSop(id);
  }
  @Mutation(() => Sop, { description: 'Publish a new SOP, or with supersedesId a new version that supersedes the current one' })
  publishSop(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: PublishSopInput) {
    return ctx.services.agreements.publishSop(viewer, input);
  }
  @FieldResolver(() => Agency) ownerAgency(@Root() s: Sop, @Ctx() ctx: Context) { return ctx.loaders.agency.load(s.ownerAgencyId); }
  @FieldResolver(() => [ServiceCategory]) async serviceCategories(@Root() s: Sop, @Ctx() ctx: Context) {
    return (await ctx.loaders.category.loadMany(s.categoryCodes)).filter((c): c is ServiceCategory => c instanceof ServiceCategory);
  }
  @FieldResolver(() => [Sop], { description: 'Every version, newest first' }) versions(@Root() s: Sop, @Ctx() ctx: Context) {
    return ctx.services.agreements.sopVersions(s.seriesId);
  }
}

const terms = (ctx: Context, d: DataSharingAgreement) => canSeeDsaTerms(ctx.viewer, d);

@Resolver(() => DataSharingAgreement)
export class DataSharingAgreementResolver {
  @Query(() => DataSharingAgreementConnection, { description: "Your agency's agreements (all, without terms, for the steering committee)" })
  dataSharingAgreements(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Args() page: PageArgs, @Arg('filter', () => DsaFilter, { nullable: true }) filter: DsaFilter | null) {
    return ctx.services.agreements.listDsas(viewer, filter ?? {}, page.first, page.after);
  }
  @Query(() => DataSharingAgreement)
  dataSharingAgreement(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string) {
    return ctx.services.agreements.getDsa(viewer, id);
  }
  @Mutation(() => DataSharingAgreement, { description: 'Draft an agreement; it becomes ACTIVE once each party has signed' })
  createDataSharingAgreement(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: CreateDsaInput) {
    return ctx.services.agreements.createDsa(viewer, input);
  }
  @Mutation(() => DataSharingAgreement, { description: 'Sign for your agency (AGENCY_ADMIN or DATA_PROTECTION_OFFICER of a party)' })
  signDataSharingAgreement(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string) {
    return ctx.services.agreements.signDsa(viewer, id);
  }
  @Mutation(() => DataSharingAgreement, { description: 'End the agreement now; either party may' })
  terminateDataSharingAgreement(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string, @Arg('reason') reason: string) {
    return ctx.services.agreements.terminateDsa(viewer, id, reason);
  }

  @FieldResolver(() => Agency) providingAgency(@Root() d: DataSharingAgreement, @Ctx() ctx: Context) { return ctx.loaders.agency.load(d.providingAgencyId); }
  @FieldResolver(() => Agency) receivingAgency(@Root() d: DataSharingAgreement, @Ctx() ctx: Context) { return ctx.loaders.agency.load(d.receivingAgencyId); }
  @FieldResolver(() => Boolean, { description: 'False when you may see only that the agreement exists' })
  termsVisible(@Root() d: DataSharingAgreement, @Ctx() ctx: Context) { return terms(ctx, d); }
  @FieldResolver(() => [SharingPurpose], { nullable: true }) purposes(@Root() d: DataSharingAgreement, @Ctx() ctx: Context) { return terms(ctx, d) ? d.purposes : null; }
  @FieldResolver(() => [DataCategory], { nullable: true }) categories(@Root() d: DataSharingAgreement, @Ctx() ctx: Context) { return terms(ctx, d) ? d.categories : null; }
  @FieldResolver(() => [String], { nullable: true }) excludedFields(@Root() d: DataSharingAgreement, @Ctx() ctx: Context) { return terms(ctx, d) ? d.excludedFields : null; }
  @FieldResolver(() => Int, { nullable: true }) retentionDays(@Root() d: DataSharingAgreement, @Ctx() ctx: Context) { return terms(ctx, d) ? d.retentionDays : null; }
  @FieldResolver(() => Boolean, { nullable: true }) onwardSharingAllowed(@Root() d: DataSharingAgreement, @Ctx() ctx: Context) { return terms(ctx, d) ? d.onwardSharingAllowed : null; }
  @FieldResolver(() => RiskAssessment, { nullable: true }) riskAssessment(@Root() d: DataSharingAgreement, @Ctx() ctx: Context) {
    return terms(ctx, d) ? { date: d.riskAssessmentDate, reference: d.riskAssessmentReference } : null;
  }
  @FieldResolver(() => String, { nullable: true }) terminationReason(@Root() d: DataSharingAgreement, @Ctx() ctx: Context) { return terms(ctx, d) ? d.terminationReason : null; }
  @FieldResolver(() => [DsaSignature]) signatures(@Root() d: DataSharingAgreement, @Ctx() ctx: Context) { return ctx.loaders.signaturesOfDsa.load(d.id); }
}

@Resolver(() => Agency)
export class AgencyAgreementsResolver {
  @FieldResolver(() => [Agency], { description: 'Agencies with an active MoU with this one' })
  async partners(@Root() a: Agency, @Ctx() ctx: Context) {
    const ids = await ctx.loaders.partnersOfAgency.load(a.id);
    return (await ctx.loaders.agency.loadMany(ids)).filter((x): x is Agency => x instanceof Agency);
  }
  @FieldResolver(() => [DataSharingAgreement], { description: 'Active data-sharing agreements of this agency that you may know of' })
  activeDataSharingAgreements(@Root() a: Agency, @Ctx() ctx: Context) {
    return ctx.loaders.activeDsasOfAgency.load(a.id);
  }
}

@Resolver(() => Service)
export class ServiceAgreementsResolver {
  @FieldResolver(() => [Mou], { description: 'MoUs (that you may see) covering this service: its agency is a party and the MoU covers its category and area' })
  mous(@Root() s: Service, @Ctx() ctx: Context) {
    return ctx.loaders.mousOfService.load(s.id);
  }
}
