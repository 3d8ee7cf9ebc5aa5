import { GraphQLError } from 'graphql';
import type { EntityManager } from 'typeorm';
import { agreementsFromJson, agreementsOfPairSql, judgeSharing } from '../agreements/data-sharing';
import { SharingPurpose } from '../agreements/enums';
import type { Viewer } from '../auth/roles';
import { Access, caseFieldAccess, caseFieldGroup, relationsToCase, SUMMARY_SOURCE, type CaseFacts, type Relation } from './authority';
import { FIELD_CATEGORY } from './data-catalogue';
import { decideField, DEFAULT_DISCLOSURE_POLICY, ForbiddenFieldReason, type DisclosurePolicy } from './disclosure-rules';

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
}

/** `checkDisabled`: only the benchmark's measurement of what enforcement costs (src/instrumentation.ts) sets it. */
export interface DisclosureOptions {
  checkDisabled?: boolean;
}

/**
 * The disclosure decisions of each referral, from one statement whatever the number of referrals (the
 * referral, its consent and the data-sharing agreements between its two agencies). Each field is
 * decided when a resolver first asks for it: a page that shows six fields does not decide thirty.
 */
export async function decideDisclosures(db: Pick<EntityManager, 'query'>, referralIds: readonly string[], now = new Date(), policy: DisclosurePolicy = DEFAULT_DISCLOSURE_POLICY, { checkDisabled = false }: DisclosureOptions = {}): Promise<Map<string, ReferralDisclosure>> {
  const rows: any[] = await db.query(
    `SELECT r.id, r.case_id, r.status, r.disclosed_fields, r.legal_basis, r.completed_at, r.response_due_at, r.sending_agency_id, r.receiving_agency_id, r.consent_id,
            c.decision, c.purposes, c.recipient_agency_ids, c.categories, c.valid_until, c.withdrawn_at,
            ${checkDisabled ? `'[]'::json` : agreementsOfPairSql('r.sending_agency_id', 'r.receiving_agency_id')} AS agreements
       FROM referrals r LEFT JOIN consents c ON c.id = r.consent_id
      WHERE r.id = ANY($1::uuid[])`,
    [referralIds],
  );
  const result = new Map<string, ReferralDisclosure>();
  for (const r of rows) {
    const agreements = agreementsFromJson(r.agreements);
    const referral = {
      status: r.status, legalBasis: r.legal_basis, disclosedFields: r.disclosed_fields as string[], receivingAgencyId: r.receiving_agency_id,
      responseDueAt: r.response_due_at, completedAt: r.completed_at,
    };
    const consent = r.decision ? {
      decision: r.decision, purposes: r.purposes ?? [], recipientAgencyIds: r.recipient_agency_ids ?? [], categories: r.categories ?? [],
      validUntil: r.valid_until, withdrawnAt: r.withdrawn_at,
    } : null;
    const decided = new Map<string, FieldDecision>();
    const field = (name: string): FieldDecision | undefined => {
      if (!FIELD_CATEGORY.has(name)) return undefined;
      let decision = decided.get(name);
      if (!decision) {
        const disclosed = referral.disclosedFields.includes(name);
        const share = disclosed && !checkDisabled
          ? judgeSharing(agreements, { providingAgencyId: r.sending_agency_id, receivingAgencyId: r.receiving_agency_id, purpose: SharingPurpose.REFERRAL_AND_SERVICE_DELIVERY, field: name, at: now }, now)
          : undefined;
        const reason = checkDisabled ? (disclosed ? null : ForbiddenFieldReason.NOT_DISCLOSED) : decideField(name, referral, consent, share, now, policy);
        decision = { allowed: reason === null, reason, consentId: r.consent_id, agreementId: share?.agreementId ?? null };
        decided.set(name, decision);
      }
      return decision;
    };
    result.set(r.id, { referralId: r.id, caseId: r.case_id, field });
  }
  return result;
}

/** The error at a withheld field's path: the field itself resolves to null. */
export function forbiddenField(field: string, reason: ForbiddenFieldReason): GraphQLError {
  const message = reason === ForbiddenFieldReason.NEED_TO_KNOW
    ? `The field ${field} is not shown to your role: ask the case's assigned case manager or a supervisor to share the case with you (NEED_TO_KNOW)`
    : `The field ${field} is not disclosed to your agency: ${reason}`;
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN_FIELD', reason, field } });
}

interface LoggedRead { caseId: string; referralId: string | null; fields: Set<string>; consentId: string | null; agreementIds: Set<string>; internal: boolean }

/** What a request disclosed, written to the audit log once at the end of the request. */
export class DisclosureLog {
  private readonly reads = new Map<string, LoggedRead>();

  /** A field read by another agency through a referral. */
  record(caseId: string, referralId: string, field: string, decision: FieldDecision): void {
    const entry = this.entry(caseId, referralId, decision.consentId, false);
    entry.fields.add(field);
    if (decision.agreementId) entry.agreementIds.add(decision.agreementId);
  }

  /** A sensitive field read inside the owning agency by someone other than the assigned case manager. */
  recordInternal(caseId: string, field: string): void {
    this.entry(caseId, null, null, true).fields.add(field);
  }

  private entry(caseId: string, referralId: string | null, consentId: string | null, internal: boolean): LoggedRead {
    const key = `${caseId}|${referralId ?? 'internal'}`;
    let entry = this.reads.get(key);
    if (!entry) {
      entry = { caseId, referralId, fields: new Set<string>(), consentId, agreementIds: new Set<string>(), internal };
      this.reads.set(key, entry);
    }
    return entry;
  }

  get size(): number {
    return this.reads.size;
  }

  entries() {
    return [...this.reads.values()].map((e) => ({
      caseId: e.caseId, referralId: e.referralId, fields: [...e.fields].sort(), consentId: e.consentId, agreementIds: [...e.agreementIds], ...(e.internal ? { internal: true } : {}),
    }));
  }
}

/** What the case field check needs from the request context. */
export interface DisclosureContext {
  viewer: Viewer | null;
  loaders: { disclosure: { load(referralId: string): Promise<ReferralDisclosure | null> } };
  disclosureLog: DisclosureLog;
}

/** A case as a resolver holds it: read directly by its agency, or through a referral by a receiver. */
export interface CaseAsRead extends CaseFacts {
  id: string;
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
 * audited, decided through the referral (and audited), or refused with FORBIDDEN_FIELD. Fields of the
 * case's own records (consents, referrals...) resolve to null for a reader who may not see them.
 */
export async function caseFieldValue<T>(ctx: DisclosureContext, c: CaseAsRead, field: string, value: T): Promise<T | null> {
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
      const decision = c.viaReferralId ? (await ctx.loaders.disclosure.load(c.viaReferralId))?.field(source) : undefined;
      if (decision?.allowed) {
        ctx.disclosureLog.record(c.id, c.viaReferralId!, source, decision);
        return value;
      }
      throw forbiddenField(field, decision?.reason ?? ForbiddenFieldReason.NOT_DISCLOSED);
    }
    default:
      if (caseFieldGroup(field) === 'CASE_RECORDS') return null;
      throw forbiddenField(field, ForbiddenFieldReason.NEED_TO_KNOW);
  }
}
