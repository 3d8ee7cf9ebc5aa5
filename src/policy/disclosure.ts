import type { GraphQLError } from 'graphql';
import type { Viewer } from '../auth/roles';
import { Access, caseFieldAccess, caseFieldGroup, relationsToCase, SUMMARY_SOURCE, type CaseFacts, type Relation } from './authority';
import { FIELD_CATEGORY } from './data-catalogue';
import { ForbiddenFieldReason } from './disclosure-rules';
import { errorMessage, localizedError } from '../shared/errors';
import { signals } from '../shared/signals';

export { ForbiddenFieldReason } from './disclosure-rules';

/**
 * Field-by-field disclosure of a case to the agency a referral was sent to, decided at the moment of
 * reading by the one rule in disclosure-rules.ts, and who inside the owning agency reads what (authority.ts).
 */
export interface FieldDecision {
  allowed: boolean;
  reason: ForbiddenFieldReason | null;
  consentId: string | null;
  agreementId: string | null;
}

export interface ReferralDisclosure {
  referralId: string;
  caseId: string;
  /** The decision for a field of the data catalogue (undefined for any other name), made when first asked. */
  field(name: string): FieldDecision | undefined;
  /** The referral's state part of the rule (referralStateReason): null while the receiver may read its messages. */
  state(): ForbiddenFieldReason | null;
}

/** The error at a withheld field's path: the field itself resolves to null. */
export function forbiddenField(field: string, reason: ForbiddenFieldReason): GraphQLError {
  signals.disclosureRefused(reason);
  const message = reason === ForbiddenFieldReason.NEED_TO_KNOW ? errorMessage('policy.needToKnow', { field })
    : reason === ForbiddenFieldReason.ERASED ? errorMessage('policy.erased', { field })
      : errorMessage('policy.notDisclosed', { field, reason });
  return localizedError('FORBIDDEN_FIELD', message, { reason, field });
}

interface LoggedRead { caseId: string; referralId: string | null; fields: Set<string>; consentId: string | null; agreementIds: Set<string>; internal: boolean; messageIds: Set<string> }

/** What a request disclosed, written to the audit log once at the end of the request. */
export class DisclosureLog {
  private readonly reads = new Map<string, LoggedRead>();
  private last: LoggedRead | null = null;

  /** A field read by another agency through a referral. */
  record(caseId: string, referralId: string, field: string, decision: FieldDecision): void {
    const entry = this.entry(caseId, referralId, decision.consentId, false);
    entry.fields.add(field);
    if (decision.agreementId) entry.agreementIds.add(decision.agreementId);
  }

  /**
   * Messages of a referral read: their ids, never their text. By the receiving agency (under the referral's
   * consent), or by the sending agency, which owns the case (`internal`: kept out of the disclosure report).
   */
  recordMessages(caseId: string, referralId: string, messageIds: readonly string[], consentId: string | null, internal: boolean): void {
    if (!messageIds.length) return;
    const entry = this.entry(caseId, referralId, consentId, internal);
    for (const id of messageIds) entry.messageIds.add(id);
  }

  /** A sensitive field read inside the owning agency by someone other than the assigned case manager. */
  recordInternal(caseId: string, field: string): void {
    this.entry(caseId, null, null, true).fields.add(field);
  }

  private entry(caseId: string, referralId: string | null, consentId: string | null, internal: boolean): LoggedRead {
    // the fields of one case are resolved one after another: most calls ask for the entry of the call before
    const last = this.last;
    if (last && last.caseId === caseId && last.referralId === referralId && last.internal === internal) return last;
    const key = `${caseId}|${referralId ?? 'internal'}${internal && referralId ? '|internal' : ''}`;
    let entry = this.reads.get(key);
    if (!entry) {
      entry = { caseId, referralId, fields: new Set<string>(), consentId, agreementIds: new Set<string>(), internal, messageIds: new Set<string>() };
      this.reads.set(key, entry);
    }
    this.last = entry;
    return entry;
  }

  get size(): number {
    return this.reads.size;
  }

  entries() {
    return [...this.reads.values()].map((e) => ({
      caseId: e.caseId, referralId: e.referralId, fields: [...e.fields].sort(), consentId: e.consentId, agreementIds: [...e.agreementIds], ...(e.internal ? { internal: true } : {}), ...(e.messageIds.size ? { messageIds: [...e.messageIds].sort() } : {}),
    }));
  }
}

/** What the case field check needs from the request context. */
export interface DisclosureContext {
  viewer: Viewer | null;
  /** peek: the decision when this request already read it (undefined otherwise), so that a field is decided without waiting. */
  loaders: { disclosure: { load(referralId: string): Promise<ReferralDisclosure | null>; peek?(referralId: string): ReferralDisclosure | null | undefined } };
  disclosureLog: DisclosureLog;
}

/** A case as a resolver holds it: read directly by its agency, or through a referral by a receiver. */
export interface CaseAsRead extends CaseFacts {
  id: string;
  /** Set once the person's data was erased: every personal field then resolves to null with reason ERASED. */
  erasedAt?: Date | null;
  viaReferralId?: string;
  viaRelations?: Relation[];
}

/** The reader's relations to the case, from the authority table. */
export function readerRelations(viewer: Viewer | null, c: CaseAsRead): Relation[] {
  if (c.viaReferralId) return c.viaRelations ?? [];
  return viewer ? relationsToCase(viewer, c) : [];
}

/**
 * The value of a field of a case for this reader, as the authority table says: as stored, as stored and
 * audited, decided through the referral (and audited), or refused with FORBIDDEN_FIELD (ERASED first, for
 * every reader, once the person's data was erased). Fields of the case's own records (consents,
 * referrals...) resolve to null for a reader who may not see them.
 */
export function caseFieldValue<T>(ctx: DisclosureContext, c: CaseAsRead, field: string, value: T): T | null | Promise<T | null> {
  // an erased field is null for everyone, and says why: nothing is read, so nothing is logged
  if (c.erasedAt && FIELD_CATEGORY.has(SUMMARY_SOURCE[field] ?? field)) throw forbiddenField(field, ForbiddenFieldReason.ERASED);
  const access = caseFieldAccess(readerRelations(ctx.viewer, c), field) ?? Access.NONE;
  switch (access) {
    case Access.FULL:
      return value;
    case Access.AUDITED:
      ctx.disclosureLog.recordInternal(c.id, field);
      return value;
    case Access.DISCLOSED: {
      const source = SUMMARY_SOURCE[field] ?? field;
      if (!FIELD_CATEGORY.has(source)) return value;
      if (!c.viaReferralId) throw forbiddenField(field, ForbiddenFieldReason.NOT_DISCLOSED);
      // decided now, from the referral's decision read in this request (the page's statement), or once it is read
      const known = ctx.loaders.disclosure.peek?.(c.viaReferralId);
      if (known !== undefined) return disclosedValue(ctx, c, field, source, known, value);
      return ctx.loaders.disclosure.load(c.viaReferralId).then((d) => disclosedValue(ctx, c, field, source, d, value));
    }
    default:
      if (caseFieldGroup(field) === 'CASE_RECORDS') return null;
      throw forbiddenField(field, ForbiddenFieldReason.NEED_TO_KNOW);
  }
}

/** The value of a field a referral may disclose, as its decision says: logged and returned, or refused. */
function disclosedValue<T>(ctx: DisclosureContext, c: CaseAsRead, field: string, source: string, disclosure: ReferralDisclosure | null, value: T): T {
  const decision = disclosure?.field(source);
  if (decision?.allowed) {
    ctx.disclosureLog.record(c.id, c.viaReferralId!, source, decision);
    return value;
  }
  throw forbiddenField(field, decision?.reason ?? ForbiddenFieldReason.NOT_DISCLOSED);
}
