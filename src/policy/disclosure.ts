import { GraphQLError } from 'graphql';
import { registerEnumType } from 'type-graphql';
import type { EntityManager } from 'typeorm';
import { agreementsFromJson, agreementsOfPairSql, judgeSharing } from '../agreements/data-sharing';
import { SharingDecisionReason, SharingPurpose } from '../agreements/enums';
import { FIELD_CATEGORY } from './data-catalogue';

/**
 * Field-by-field disclosure of a case to the agency a referral was sent to. Decided at the moment of
 * reading, for every catalogue field: it must be in the referral's disclosed list, still covered by the
 * consent the referral relied on, and covered by an active data-sharing agreement that does not exclude it.
 */
export enum ForbiddenFieldReason {
  NOT_DISCLOSED = 'NOT_DISCLOSED',
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
  CONSENT_EXPIRED = 'CONSENT_EXPIRED',
  CATEGORY_NOT_CONSENTED = 'CATEGORY_NOT_CONSENTED',
  NO_AGREEMENT = 'NO_AGREEMENT',
  AGREEMENT_ENDED = 'AGREEMENT_ENDED',
  FIELD_EXCLUDED = 'FIELD_EXCLUDED',
  REFERRAL_CANCELLED = 'REFERRAL_CANCELLED',
  RETENTION_ENDED = 'RETENTION_ENDED',
}
registerEnumType(ForbiddenFieldReason, { name: 'ForbiddenFieldReason' });

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

const AGREEMENT_REASON: Partial<Record<SharingDecisionReason, ForbiddenFieldReason>> = {
  [SharingDecisionReason.NO_AGREEMENT]: ForbiddenFieldReason.NO_AGREEMENT,
  [SharingDecisionReason.NOT_SIGNED]: ForbiddenFieldReason.NO_AGREEMENT,
  [SharingDecisionReason.PURPOSE_NOT_COVERED]: ForbiddenFieldReason.NO_AGREEMENT,
  [SharingDecisionReason.CATEGORY_NOT_COVERED]: ForbiddenFieldReason.NO_AGREEMENT,
  [SharingDecisionReason.NOT_YET_VALID]: ForbiddenFieldReason.AGREEMENT_ENDED,
  [SharingDecisionReason.EXPIRED]: ForbiddenFieldReason.AGREEMENT_ENDED,
  [SharingDecisionReason.TERMINATED]: ForbiddenFieldReason.AGREEMENT_ENDED,
  [SharingDecisionReason.FIELD_EXCLUDED]: ForbiddenFieldReason.FIELD_EXCLUDED,
};

/** Switched off only by the benchmark's measurement of what enforcement costs (BENCH_DISABLE_DISCLOSURE_CHECK). */
const checkDisabled = process.env.BENCH_DISABLE_DISCLOSURE_CHECK === 'true' && process.env.NODE_ENV !== 'production';

/**
 * The disclosure decisions of each referral, from one statement whatever the number of referrals (the
 * referral, its consent and the data-sharing agreements between its two agencies). Each field is
 * decided when a resolver first asks for it: a page that shows six fields does not decide thirty.
 */
export async function decideDisclosures(db: Pick<EntityManager, 'query'>, referralIds: readonly string[], now = new Date()): Promise<Map<string, ReferralDisclosure>> {
  const rows: any[] = await db.query(
    `SELECT r.id, r.case_id, r.status, r.disclosed_fields, r.legal_basis, r.completed_at, r.sending_agency_id, r.receiving_agency_id, r.consent_id,
            c.decision, c.purposes, c.recipient_agency_ids, c.categories, c.valid_until, c.withdrawn_at,
            ${checkDisabled ? `'[]'::json` : agreementsOfPairSql('r.sending_agency_id', 'r.receiving_agency_id')} AS agreements
       FROM referrals r LEFT JOIN consents c ON c.id = r.consent_id
      WHERE r.id = ANY($1::uuid[])`,
    [referralIds],
  );
  const result = new Map<string, ReferralDisclosure>();
  for (const r of rows) {
    const agreements = agreementsFromJson(r.agreements);
    const decided = new Map<string, FieldDecision>();
    const field = (name: string): FieldDecision | undefined => {
      if (!FIELD_CATEGORY.has(name)) return undefined;
      let decision = decided.get(name);
      if (!decision) {
        const disclosed = (r.disclosed_fields as string[]).includes(name);
        const share = disclosed && !checkDisabled
          ? judgeSharing(agreements, { providingAgencyId: r.sending_agency_id, receivingAgencyId: r.receiving_agency_id, purpose: SharingPurpose.REFERRAL_AND_SERVICE_DELIVERY, field: name, at: now }, now)
          : undefined;
        const reason = checkDisabled ? (disclosed ? null : ForbiddenFieldReason.NOT_DISCLOSED) : judge(r, name, share, now);
        decision = { allowed: reason === null, reason, consentId: r.consent_id, agreementId: share?.agreementId ?? null };
        decided.set(name, decision);
      }
      return decision;
    };
    result.set(r.id, { referralId: r.id, caseId: r.case_id, field });
  }
  return result;
}

function judge(r: any, field: string, share: { reason: SharingDecisionReason; retentionDays: number | null } | undefined, now: Date): ForbiddenFieldReason | null {
  if (r.status === 'CANCELLED') return ForbiddenFieldReason.REFERRAL_CANCELLED;
  if (!r.disclosed_fields.includes(field) || !share) return ForbiddenFieldReason.NOT_DISCLOSED;
  if (r.legal_basis === 'CONSENT') {
    // a refusal recorded in place of the consent ends it like a withdrawal
    if ((r.withdrawn_at && r.withdrawn_at <= now) || r.decision !== 'GRANTED') return ForbiddenFieldReason.CONSENT_WITHDRAWN;
    if (r.valid_until && r.valid_until <= now) return ForbiddenFieldReason.CONSENT_EXPIRED;
    const category = FIELD_CATEGORY.get(field)!;
    if (!r.categories?.includes(category) || !r.recipient_agency_ids?.includes(r.receiving_agency_id) || !r.purposes?.includes('REFERRAL')) {
      return ForbiddenFieldReason.CATEGORY_NOT_CONSENTED;
    }
  }
  const agreementReason = AGREEMENT_REASON[share.reason];
  if (agreementReason) return agreementReason;
  if (r.status === 'COMPLETED' && r.completed_at && share.retentionDays !== null &&
      r.completed_at.getTime() + share.retentionDays * 86_400_000 < now.getTime()) {
    return ForbiddenFieldReason.RETENTION_ENDED;
  }
  return null;
}

/** The error at a withheld field's path: the field itself resolves to null. */
export function forbiddenField(field: string, reason: ForbiddenFieldReason): GraphQLError {
  return new GraphQLError(`The field ${field} is not disclosed to your agency: ${reason}`, { extensions: { code: 'FORBIDDEN_FIELD', reason, field } });
}

/** What a request disclosed, written to the audit log once at the end of the request. */
export class DisclosureLog {
  private readonly reads = new Map<string, { caseId: string; referralId: string; fields: Set<string>; consentId: string | null; agreementIds: Set<string> }>();

  record(caseId: string, referralId: string, field: string, decision: FieldDecision): void {
    const key = `${caseId}|${referralId}`;
    const entry = this.reads.get(key) ?? { caseId, referralId, fields: new Set<string>(), consentId: decision.consentId, agreementIds: new Set<string>() };
    entry.fields.add(field);
    if (decision.agreementId) entry.agreementIds.add(decision.agreementId);
    this.reads.set(key, entry);
  }

  get size(): number {
    return this.reads.size;
  }

  entries() {
    return [...this.reads.values()].map((e) => ({ ...e, fields: [...e.fields].sort(), agreementIds: [...e.agreementIds] }));
  }
}

/** What the disclosure check needs from the request context. */
export interface DisclosureContext {
  loaders: { disclosure: { load(referralId: string): Promise<ReferralDisclosure | null> } };
  disclosureLog: DisclosureLog;
}

/**
 * The value of a personal field of a case for this reader: the owning agency reads it as it is (its
 * access was checked when the case was loaded); an agency reading through a referral gets it only when
 * the disclosure decision allows it, and the read is logged for the audit.
 */
export async function disclosedValue<T>(ctx: DisclosureContext, c: { id: string; viaReferralId?: string }, field: string, value: T): Promise<T> {
  if (!c.viaReferralId) return value;
  const decision = (await ctx.loaders.disclosure.load(c.viaReferralId))?.field(field);
  if (decision?.allowed) {
    ctx.disclosureLog.record(c.id, c.viaReferralId, field, decision);
    return value;
  }
  throw forbiddenField(field, decision?.reason ?? ForbiddenFieldReason.NOT_DISCLOSED);
}
