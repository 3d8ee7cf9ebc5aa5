import { registerEnumType } from 'type-graphql';
import { FIELD_CATEGORY, needsSafeContact } from './data-catalogue';

/**
 * The one rule of disclosure: may this catalogue field of a person pass to the receiving agency of a
 * referral, now? Pure (no database): used when a referral is sent (which fields may go) and whenever a
 * receiver reads (whether each field still may). Fast unit tests live in test/unit/disclosure-rules.test.ts.
 */
export enum ForbiddenFieldReason {
  NOT_DISCLOSED = 'NOT_DISCLOSED',
  NO_CONSENT = 'NO_CONSENT',
  CONSENT_WITHDRAWN = 'CONSENT_WITHDRAWN',
  CONSENT_EXPIRED = 'CONSENT_EXPIRED',
  CATEGORY_NOT_CONSENTED = 'CATEGORY_NOT_CONSENTED',
  NO_AGREEMENT = 'NO_AGREEMENT',
  AGREEMENT_ENDED = 'AGREEMENT_ENDED',
  FIELD_EXCLUDED = 'FIELD_EXCLUDED',
  REFERRAL_CANCELLED = 'REFERRAL_CANCELLED',
  REFERRAL_DECLINED = 'REFERRAL_DECLINED',
  REFERRAL_EXPIRED = 'REFERRAL_EXPIRED',
  RETENTION_ENDED = 'RETENTION_ENDED',
  /** Staff of the owning agency whose role or relation to the case does not need this field. */
  NEED_TO_KNOW = 'NEED_TO_KNOW',
  /** A contact field whose safe-contact instructions (safeContact) may not pass: never one without the other. */
  SAFE_CONTACT_WITHHELD = 'SAFE_CONTACT_WITHHELD',
  /** The person's data was erased (retention period over, or on request): for every reader, the owning agency too. */
  ERASED = 'ERASED',
}
registerEnumType(ForbiddenFieldReason, { name: 'ForbiddenFieldReason' });

export type ConsentState = 'ACTIVE' | 'REFUSED' | 'WITHDRAWN' | 'EXPIRED' | 'SUPERSEDED';

export interface ConsentFacts {
  decision: string;
  purposes: readonly string[];
  recipientAgencyIds: readonly string[];
  categories: readonly string[];
  validUntil: Date | null;
  withdrawnAt: Date | null;
  supersededAt?: Date | null;
}

/** The state of a consent at `now`: the only definition of "the consent holds". */
export function consentStateAt(c: Pick<ConsentFacts, 'decision' | 'validUntil' | 'withdrawnAt' | 'supersededAt'>, now: Date): ConsentState {
  if (c.decision !== 'GRANTED') return 'REFUSED';
  if (c.withdrawnAt && c.withdrawnAt <= now) return 'WITHDRAWN';
  if (c.supersededAt && c.supersededAt <= now) return 'SUPERSEDED';
  if (c.validUntil && c.validUntil <= now) return 'EXPIRED';
  return 'ACTIVE';
}

export interface ReferralFacts {
  status: string;
  legalBasis: 'CONSENT' | 'VITAL_INTEREST' | string;
  disclosedFields: readonly string[];
  receivingAgencyId: string;
  responseDueAt: Date;
  completedAt: Date | null;
  /** Set when the case the referral is about was erased. */
  erasedAt?: Date | null;
}

/** What the data-sharing agreement said for this field (judgeSharing), reduced to what disclosure needs. */
export interface AgreementVerdict {
  reason: string;
  retentionDays: number | null;
}

export interface DisclosurePolicy {
  /** A referral still SENT this many days after its response was due has expired. */
  expiryDays: number;
}
export const DEFAULT_DISCLOSURE_POLICY: DisclosurePolicy = { expiryDays: 30 };

const AGREEMENT_REASON: Record<string, ForbiddenFieldReason | null> = {
  ALLOWED: null,
  NO_AGREEMENT: ForbiddenFieldReason.NO_AGREEMENT,
  NOT_SIGNED: ForbiddenFieldReason.NO_AGREEMENT,
  PURPOSE_NOT_COVERED: ForbiddenFieldReason.NO_AGREEMENT,
  CATEGORY_NOT_COVERED: ForbiddenFieldReason.NO_AGREEMENT,
  NOT_YET_VALID: ForbiddenFieldReason.AGREEMENT_ENDED,
  EXPIRED: ForbiddenFieldReason.AGREEMENT_ENDED,
  TERMINATED: ForbiddenFieldReason.AGREEMENT_ENDED,
  FIELD_EXCLUDED: ForbiddenFieldReason.FIELD_EXCLUDED,
};

const DAY_MS = 86_400_000;

/** Whether a referral still SENT has passed its expiry (its response due time plus the policy's days). */
export function isExpired(r: Pick<ReferralFacts, 'status' | 'responseDueAt'>, now: Date, policy: DisclosurePolicy = DEFAULT_DISCLOSURE_POLICY): boolean {
  return r.status === 'EXPIRED' || (r.status === 'SENT' && r.responseDueAt.getTime() + policy.expiryDays * DAY_MS < now.getTime());
}

/** Referral states that end disclosure whatever the consent and agreement say. */
export function referralStateReason(r: ReferralFacts, retentionDays: number | null, now: Date, policy: DisclosurePolicy = DEFAULT_DISCLOSURE_POLICY): ForbiddenFieldReason | null {
  if (r.erasedAt) return ForbiddenFieldReason.ERASED;
  if (r.status === 'CANCELLED') return ForbiddenFieldReason.REFERRAL_CANCELLED;
  if (r.status === 'DECLINED') return ForbiddenFieldReason.REFERRAL_DECLINED;
  if (isExpired(r, now, policy)) return ForbiddenFieldReason.REFERRAL_EXPIRED;
  if (r.status === 'COMPLETED' && r.completedAt && retentionDays !== null && r.completedAt.getTime() + retentionDays * DAY_MS < now.getTime()) {
    return ForbiddenFieldReason.RETENTION_ENDED;
  }
  return null;
}

/** Why the consent does not let `field` pass to the receiver, or null when it does. */
export function consentReason(consent: ConsentFacts | null, field: string, receivingAgencyId: string, now: Date): ForbiddenFieldReason | null {
  if (!consent) return ForbiddenFieldReason.NO_CONSENT;
  const state = consentStateAt(consent, now);
  // a refusal recorded in place of the consent ends it like a withdrawal
  if (state === 'WITHDRAWN' || state === 'REFUSED') return ForbiddenFieldReason.CONSENT_WITHDRAWN;
  if (state === 'EXPIRED') return ForbiddenFieldReason.CONSENT_EXPIRED;
  const category = FIELD_CATEGORY.get(field);
  if (!category || !consent.categories.includes(category) || !consent.recipientAgencyIds.includes(receivingAgencyId) || !consent.purposes.includes('REFERRAL')) {
    return ForbiddenFieldReason.CATEGORY_NOT_CONSENTED;
  }
  return null;
}

/**
 * The decision for one field of one referral: null when it may be read, else the first reason it may not.
 * Order: the referral's state, the sender's choice, the consent (unless vital interest), the agreement.
 */
export function decideField(
  field: string,
  referral: ReferralFacts,
  consent: ConsentFacts | null,
  agreement: AgreementVerdict | undefined,
  now: Date,
  policy: DisclosurePolicy = DEFAULT_DISCLOSURE_POLICY,
): ForbiddenFieldReason | null {
  if (!FIELD_CATEGORY.has(field)) return ForbiddenFieldReason.NOT_DISCLOSED;
  const state = referralStateReason(referral, agreement?.retentionDays ?? null, now, policy);
  if (state) return state;
  if (!referral.disclosedFields.includes(field) || !agreement) return ForbiddenFieldReason.NOT_DISCLOSED;
  if (referral.legalBasis === 'CONSENT') {
    const reason = consentReason(consent, field, referral.receivingAgencyId, now);
    if (reason) return reason;
  }
  return AGREEMENT_REASON[agreement.reason] ?? (agreement.reason === 'ALLOWED' ? null : ForbiddenFieldReason.NO_AGREEMENT);
}

/**
 * A contact field (phone, address, emergency contact) passes only if the person's safe-contact
 * instructions pass too: `reason` is the field's own decision, `safeContactReason` the decision for
 * safeContact on the same referral (asked only when it matters).
 */
export function withSafeContact(field: string, reason: ForbiddenFieldReason | null, safeContactReason: () => ForbiddenFieldReason | null): ForbiddenFieldReason | null {
  if (reason !== null || !needsSafeContact(field)) return reason;
  return safeContactReason() === null ? null : ForbiddenFieldReason.SAFE_CONTACT_WITHHELD;
}
