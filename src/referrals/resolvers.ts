import type { Viewer } from '../auth/roles';
import { CurrentViewer } from '../auth/current-viewer';
import { Arg, Args, Ctx, FieldResolver, ID, Info, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { fieldsAt, propertiesAt } from '../shared/selection';
import type { ReferralPage } from './referrals.service';
import { Case, Consent } from '../cases/entities';
import { Agency, Service } from '../directory/entities';
import type { Context } from '../context';
import { notFound } from '../shared/errors';
import { IdempotencyArgs } from '../shared/idempotency-args';
import { Connection, PageArgs } from '../shared/pagination';
import { Referral, ReferralEvent, ReferralMessage } from './entities';
import { ReferralPriority } from './enums';
import { caseFieldValue, forbiddenField, ForbiddenFieldReason } from '../policy/disclosure';
import { may, relationsToReferral } from '../policy/authority';
import { CompleteReferralInput, DeclineReferralInput, ReferralFilter, SendReferralInput } from './inputs';

export const ReferralConnection = Connection(Referral, 'Referral');

/** A free-text field of a referral: as stored, or, when the case was erased and the field had a value, FORBIDDEN_FIELD with reason ERASED. */
function erasedText(r: Referral, field: string, value: string | null, held: boolean): string | null {
  if (r.erasedAt && value === null && held) throw forbiddenField(field, ForbiddenFieldReason.ERASED);
  return value;
}

/** A connection's case fields: edges { node { case } } */
const CASE_OF_EDGE = ['edges', 'node', 'case'] as const;
const NODE_OF_EDGE = ['edges', 'node'] as const;

/**
 * The Referral properties each field of Referral reads (its column, and what its resolver below looks at), so
 * that a page reads only the columns of its selection. A field missing here makes the page read every column;
 * a resolver reading a property missing here throws on the page (db/hydrate listColumns), which the tests would show.
 */
const READS: Record<string, readonly string[]> = {
  id: ['id'], priority: ['priority'], disclosedFields: ['disclosedFields'], anonymous: ['anonymous'], legalBasis: ['legalBasis'],
  consentId: ['consentId'], mouId: ['mouId'], outsideMou: ['outsideMou'], status: ['status'], responseDueAt: ['responseDueAt'],
  sentAt: ['sentAt'], sentBy: ['sentBy'], respondedAt: ['respondedAt'], declineReason: ['declineReason'], completedAt: ['completedAt'],
  outcome: ['outcome'], outcomeReason: ['outcomeReason'], cancelledAt: ['cancelledAt'], expiredAt: ['expiredAt'], updatedAt: ['updatedAt'],
  updateRequestedAt: ['updateRequestedAt'], erasedAt: ['erasedAt'], overdue: ['status', 'responseDueAt'],
  reasons: ['reasons', 'erasedAt'], vitalInterestJustification: ['vitalInterestJustification', 'erasedAt', 'legalBasis'],
  cancelReason: ['cancelReason', 'erasedAt', 'status'], forwardedFrom: ['forwardedFromId'], forwardedTo: ['status'],
  suggestedService: ['suggestedServiceId'], assignedTo: ['assignedTo'], assignedAt: ['assignedAt'], service: ['serviceId'],
  // the relations (sender, receiver) and the case are always read: see ReferralsService.list
  case: [], sendingAgency: [], receivingAgency: [], history: [], consent: [], messages: [], __typename: [],
};

const pageIncludes = (info: GraphQLResolveInfo) => ({ caseFields: fieldsAt(info, CASE_OF_EDGE), referralProperties: propertiesAt(info, NODE_OF_EDGE, READS) });

/**
 * The cases a page's statement read, by referral: with the columns of the page's own selection of Case only,
 * so they serve that page's case field, never the request's other reads of the same case (caseById).
 */
const pageCases = new WeakMap<Referral, Case | null>();

/** The page's cases and disclosure decisions, read by the page's statement, answer its case fields. */
function withPrefetched(ctx: Context, page: ReferralPage): ReferralPage {
  if (page.prefetched) {
    for (const [referral, found] of page.prefetched.cases) pageCases.set(referral, found);
    for (const [id, decided] of page.prefetched.disclosures) ctx.loaders.disclosure.prime(id, decided);
  }
  return page;
}

/** The case of a referral as its reader reads it. */
function caseAsRead(found: Case | null, r: Referral, ctx: Context, viewer: Viewer): Case {
  if (!found) throw notFound('Case', r.caseId);
  // staff of the owning agency read it by their relation to the case (authority table)
  if (found.ownerAgencyId === ctx.viewer?.agencyId) return found;
  // the case as read through this referral: a shallow copy of the same class (an object per case as the
  // prototype of another gave V8 a new shape for each, slow to create and to read)
  const read: Case = Object.assign(Object.create(Object.getPrototypeOf(found)), found);
  read.viaReferralId = r.id;
  read.viaRelations = relationsToReferral(viewer, r);
  return read;
}

@Resolver(() => Referral)
export class ReferralResolver {
  @Query(() => Referral, { description: 'A referral your agency sent or received' })
  referral(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string) {
    return ctx.services.referrals.get(viewer, id);
  }

  @Query(() => ReferralConnection, { description: "Your agency's incoming referrals: emergencies first, then by response due time" })
  async referralInbox(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Args() page: PageArgs, @Arg('filter', () => ReferralFilter, { nullable: true }) filter: ReferralFilter | null, @Info() info: GraphQLResolveInfo) {
    return withPrefetched(ctx, await ctx.services.referrals.list(viewer, 'receiving', filter ?? {}, page.first, page.after, pageIncludes(info)));
  }

  @Query(() => ReferralConnection, { description: 'Referrals your agency sent, newest first' })
  async sentReferrals(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Args() page: PageArgs, @Arg('filter', () => ReferralFilter, { nullable: true }) filter: ReferralFilter | null, @Info() info: GraphQLResolveInfo) {
    return withPrefetched(ctx, await ctx.services.referrals.list(viewer, 'sending', filter ?? {}, page.first, page.after, pageIncludes(info)));
  }

  @Query(() => ReferralConnection, { description: 'Referrals your agency received that are assigned to you, in the inbox\'s order' })
  async myReferrals(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Args() page: PageArgs, @Arg('filter', () => ReferralFilter, { nullable: true }) filter: ReferralFilter | null, @Info() info: GraphQLResolveInfo) {
    return withPrefetched(ctx, await ctx.services.referrals.myReferrals(viewer, filter ?? {}, page.first, page.after, pageIncludes(info)));
  }

  @Query(() => ReferralConnection, { description: 'Emergency referrals your agency sent without consent, on the vital-interest basis' })
  vitalInterestReferrals(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Args() page: PageArgs) {
    return ctx.services.referrals.vitalInterestReferrals(viewer, page.first, page.after);
  }

  @Mutation(() => Referral, { description: 'Refer a case to a service of another agency, with consent and under a data-sharing agreement' })
  sendReferral(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: SendReferralInput, @Args() { idempotencyKey }: IdempotencyArgs) {
    return ctx.services.referrals.send(viewer, input, idempotencyKey ?? null);
  }

  @Mutation(() => Referral)
  acceptReferral(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string, @Arg('note', () => String, { nullable: true }) note: string | null, @Args() { idempotencyKey }: IdempotencyArgs) {
    return ctx.services.referrals.accept(viewer, id, note, idempotencyKey ?? null);
  }

  @Mutation(() => Referral)
  declineReferral(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: DeclineReferralInput, @Args() { idempotencyKey }: IdempotencyArgs) {
    return ctx.services.referrals.decline(viewer, input, idempotencyKey ?? null);
  }

  @Mutation(() => Referral, { description: 'Report the outcome: closes the loop' })
  completeReferral(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('input') input: CompleteReferralInput, @Args() { idempotencyKey }: IdempotencyArgs) {
    return ctx.services.referrals.complete(viewer, input, idempotencyKey ?? null);
  }

  @Mutation(() => Referral)
  cancelReferral(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Args() { idempotencyKey }: IdempotencyArgs) {
    return ctx.services.referrals.cancel(viewer, id, reason, idempotencyKey ?? null);
  }

  @Mutation(() => Referral, { description: 'The receiving agency works the referral: ACCEPTED or ON_HOLD -> IN_PROGRESS' })
  startReferral(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string, @Arg('note', () => String, { nullable: true }) note: string | null, @Args() { idempotencyKey }: IdempotencyArgs) {
    return ctx.services.referrals.start(viewer, id, note, idempotencyKey ?? null);
  }

  @Mutation(() => Referral, { description: 'The receiving agency pauses the referral: ACCEPTED or IN_PROGRESS -> ON_HOLD, saying why (kept in the history; the audit log holds only its hash)' })
  holdReferral(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Args() { idempotencyKey }: IdempotencyArgs) {
    return ctx.services.referrals.hold(viewer, id, reason, idempotencyKey ?? null);
  }

  @Mutation(() => Referral, { description: 'The receiving agency (REFERRAL_FOCAL_POINT or AGENCY_ADMIN) assigns an open referral to one of its referral focal points or case managers, or unassigns it (null)' })
  assignReferral(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string, @Arg('userId', () => ID, { nullable: true }) userId: string | null, @Args() { idempotencyKey }: IdempotencyArgs) {
    return ctx.services.referrals.assign(viewer, id, userId, idempotencyKey ?? null);
  }

  @Mutation(() => Referral, { description: 'The sending agency asks for news of an open referral; flagged in the receiver\'s inbox until it answers (answerUpdateRequest or its next transition)' })
  requestReferralUpdate(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string, @Arg('note', () => String, { nullable: true }) note: string | null, @Args() { idempotencyKey }: IdempotencyArgs) {
    return ctx.services.referrals.requestUpdate(viewer, id, note, idempotencyKey ?? null);
  }

  @Mutation(() => Referral, { description: 'The receiving agency answers the open update request with a note' })
  answerUpdateRequest(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string, @Arg('note') note: string, @Args() { idempotencyKey }: IdempotencyArgs) {
    return ctx.services.referrals.answerUpdateRequest(viewer, id, note, idempotencyKey ?? null);
  }

  @Mutation(() => Referral, { description: 'Correct or erase (null) the free-text note, and for a cancellation the reason, of one step of a referral\'s history your agency wrote (DATA_PROTECTION_OFFICER). The audit log keeps only that it was corrected.' })
  correctReferralText(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('eventId', () => ID) eventId: string, @Arg('note', () => String, { nullable: true }) note: string | null,
    @Arg('reason', () => String, { nullable: true, description: 'Cancellations only' }) reason: string | null) {
    return ctx.services.referrals.correctEventText(viewer, eventId, note, reason);
  }

  @Mutation(() => ReferralMessage, { description: 'A message to the other agency of a referral your agency sent or received (1 to 10,000 characters), while the referral discloses (not after a decline, cancellation, expiry or the end of retention). The audit log records that it was posted, never its text.' })
  postReferralMessage(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('referralId', () => ID) referralId: string, @Arg('body') body: string, @Args() { idempotencyKey }: IdempotencyArgs) {
    return ctx.services.referrals.postMessage(viewer, referralId, body, idempotencyKey ?? null);
  }

  @Mutation(() => ReferralMessage, { description: 'Erase the text of a message your agency wrote (DATA_PROTECTION_OFFICER); the redaction is recorded' })
  redactReferralMessage(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('messageId', () => ID) messageId: string) {
    return ctx.services.referrals.redactMessage(viewer, messageId);
  }

  @Mutation(() => Referral, { description: 'After a decline, the sending agency refers the person to another service: a new referral checked afresh (consent for the new recipient, agreement, MoU), linked to the first, with its reasons, priority and disclosed fields unless given' })
  forwardReferral(@Ctx() ctx: Context, @CurrentViewer() viewer: Viewer, @Arg('id', () => ID) id: string, @Arg('serviceId', () => ID) serviceId: string,
    @Arg('priority', () => ReferralPriority, { nullable: true }) priority: ReferralPriority | null, @Arg('reasons', () => String, { nullable: true }) reasons: string | null,
    @Args() { idempotencyKey }: IdempotencyArgs) {
    return ctx.services.referrals.forward(viewer, id, serviceId, priority, reasons, idempotencyKey ?? null);
  }

  @FieldResolver(() => [ReferralMessage], {
    nullable: true,
    description: 'Messages between the two agencies, oldest first. The sending agency always reads them; the receiving agency only while the referral discloses: after a decline, cancellation, expiry or the end of retention the field is null with a FORBIDDEN_FIELD error giving the reason. Each read is audited (message ids, never text).',
  })
  async messages(@Root() r: Referral, @Ctx() ctx: Context, @CurrentViewer() viewer: Viewer): Promise<ReferralMessage[]> {
    if (!may('referral', 'readMessages', relationsToReferral(viewer, r))) return [];
    if (viewer.agencyId !== r.sendingAgencyId) {
      const state = (await ctx.loaders.disclosure.load(r.id))?.state() ?? null;
      if (state) throw forbiddenField('messages', state);
    }
    const messages = await ctx.loaders.messagesOfReferral.load(r.id);
    ctx.disclosureLog.recordMessages(r.caseId, r.id, messages.map((msg) => msg.id), r.consentId, viewer.agencyId === r.sendingAgencyId);
    return messages;
  }
  // free text about the person: null once the case was erased, with reason ERASED (never silently empty)
  @FieldResolver(() => String, { nullable: true, description: 'Why the person is referred (free text); null with FORBIDDEN_FIELD reason ERASED once the case was erased' })
  reasons(@Root() r: Referral) { return erasedText(r, 'reasons', r.reasons, true); }
  @FieldResolver(() => String, { nullable: true, description: 'VITAL_INTEREST: why the emergency justified sending without consent; null with reason ERASED once the case was erased' })
  vitalInterestJustification(@Root() r: Referral) { return erasedText(r, 'vitalInterestJustification', r.vitalInterestJustification, r.legalBasis === 'VITAL_INTEREST'); }
  @FieldResolver(() => String, { nullable: true, description: 'CANCELLED: why (free text); null with reason ERASED once the case was erased' })
  cancelReason(@Root() r: Referral) { return erasedText(r, 'cancelReason', r.cancelReason, r.status === 'CANCELLED'); }
  @FieldResolver(() => ID, { nullable: true, description: 'The declined referral this one forwards (sending agency only)' })
  forwardedFrom(@Root() r: Referral, @Ctx() ctx: Context) { return r.sendingAgencyId === ctx.viewer?.agencyId ? r.forwardedFromId : null; }
  @FieldResolver(() => ID, { nullable: true, description: 'The referral this declined one was forwarded to (sending agency only)' })
  async forwardedTo(@Root() r: Referral, @Ctx() ctx: Context) {
    if (r.sendingAgencyId !== ctx.viewer?.agencyId || r.status !== 'DECLINED') return null;
    return ctx.loaders.forwardedTo.load(r.id);
  }
  @FieldResolver(() => Service, { nullable: true, description: 'The service the receiving agency suggested when it declined (both agencies)' })
  suggestedService(@Root() r: Referral, @Ctx() ctx: Context) { return r.suggestedServiceId ? ctx.loaders.service.load(r.suggestedServiceId) : null; }

  @FieldResolver(() => Case, { description: 'The receiving agency sees each personal field only as far as consent and agreement allow' })
  case(@Root() r: Referral, @Ctx() ctx: Context, @CurrentViewer() viewer: Viewer): Case | Promise<Case> {
    // a page's cases came with its statement: answered without waiting (no promise per referral of the page)
    if (pageCases.has(r)) return caseAsRead(pageCases.get(r)!, r, ctx, viewer);
    return ctx.loaders.caseById.load(r.caseId).then((found) => caseAsRead(found, r, ctx, viewer));
  }
  @FieldResolver(() => ID, { nullable: true, description: 'The staff member of the receiving agency working it (receiving agency only)' })
  assignedTo(@Root() r: Referral, @Ctx() ctx: Context) { return r.receivingAgencyId === ctx.viewer?.agencyId ? r.assignedTo : null; }
  @FieldResolver(() => Date, { nullable: true, description: 'When it was assigned (receiving agency only)' })
  assignedAt(@Root() r: Referral, @Ctx() ctx: Context) { return r.receivingAgencyId === ctx.viewer?.agencyId ? r.assignedAt : null; }
  @FieldResolver(() => Service) service(@Root() r: Referral, @Ctx() ctx: Context) { return ctx.loaders.service.load(r.serviceId); }
  @FieldResolver(() => Agency) sendingAgency(@Root() r: Referral, @Ctx() ctx: Context) { return ctx.loaders.agency.load(r.sendingAgencyId); }
  @FieldResolver(() => Agency) receivingAgency(@Root() r: Referral, @Ctx() ctx: Context) { return ctx.loaders.agency.load(r.receivingAgencyId); }
  @FieldResolver(() => [ReferralEvent], { description: 'Every transition with actor, time and note' }) history(@Root() r: Referral, @Ctx() ctx: Context) { return ctx.loaders.eventsOfReferral.load(r.id); }
  @FieldResolver(() => Consent, { nullable: true, description: 'The consent relied on (sending agency, to those who may read the case\'s consents)' })
  async consent(@Root() r: Referral, @Ctx() ctx: Context) {
    if (!r.consentId || r.sendingAgencyId !== ctx.viewer?.agencyId) return null;
    // a consent names the guardian and who determined a child's best interest: the case's records, need-to-know
    const found = await ctx.loaders.caseById.load(r.caseId);
    if (!found || !(await caseFieldValue(ctx, found, 'consents', true))) return null;
    return (await ctx.loaders.consentsOfCase.load(r.caseId)).find((c) => c.id === r.consentId) ?? null;
  }
}
