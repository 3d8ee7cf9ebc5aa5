import type { EntityManager } from 'typeorm';
import { judgeSharing, type AgreementRow, type SharingDecision } from '../agreements/data-sharing';
import { AGREEMENTS_EPOCH_SQL, agreementPairCache, pairKey } from '../agreements/pair-cache';
import { SharingPurpose } from '../agreements/enums';
import { consentsFrom } from '../cases/sql';
import { FIELD_CATEGORY, SAFE_CONTACT_FIELD } from '../policy/data-catalogue';
import type { FieldDecision, ReferralDisclosure } from '../policy/disclosure';
import { decideField, DEFAULT_DISCLOSURE_POLICY, ForbiddenFieldReason, referralStateReason, withSafeContact, type DisclosurePolicy } from '../policy/disclosure-rules';

/** `checkDisabled`: only the benchmark's measurement of what enforcement costs (src/instrumentation.ts) sets it. */
export interface DisclosureOptions {
  checkDisabled?: boolean;
}

/**
 * What the decision reads beside the referral's own columns (`r`): its consent, and the agreements' epoch
 * (the agreements themselves come from agreementPairsOf at that epoch), as select-list items, and the join
 * that brings the consent (alias `c`). A statement that already reads the referrals (the inbox page) adds
 * these to decide in the same statement.
 */
export function disclosureColumnsSql({ checkDisabled = false }: DisclosureOptions = {}): { columns: string; join: string } {
  return {
    // the consent's arrays as JSON: JSON.parse reads them faster than the driver's parser of PostgreSQL arrays
    columns: `c.decision, to_json(c.purposes) AS purposes, to_json(c.recipient_agency_ids) AS recipient_agency_ids, to_json(c.categories) AS categories, c.valid_until, c.withdrawn_at${checkDisabled ? '' : `, ${AGREEMENTS_EPOCH_SQL} AS agreements_epoch`}`,
    join: `LEFT JOIN ${consentsFrom('c')} ON c.id = r.consent_id`,
  };
}

/**
 * The disclosure decisions of each referral, from one statement whatever the number of referrals (the
 * referral, its consent, the agreements' epoch), and the agreements of pairs not held at that epoch (one more).
 * Each field is decided when a resolver first asks for it: a page that shows six fields does not decide thirty.
 */
export async function decideDisclosures(db: Pick<EntityManager, 'query'>, referralIds: readonly string[], now = new Date(), policy: DisclosurePolicy = DEFAULT_DISCLOSURE_POLICY, options: DisclosureOptions = {}): Promise<Map<string, ReferralDisclosure>> {
  const { columns, join } = disclosureColumnsSql(options);
  const rows: any[] = await db.query(
    `SELECT r.id, r.case_id, r.status, r.disclosed_fields, r.legal_basis, r.completed_at, r.response_due_at, r.sending_agency_id, r.receiving_agency_id, r.consent_id, r.erased_at,
            ${columns}
       FROM referrals r ${join}
      WHERE r.id = ANY($1::uuid[])`,
    [referralIds],
  );
  const pairs = await agreementPairsOf(db, rows, options);
  return new Map(rows.map((r) => [r.id as string, disclosureFromRow(r, now, policy, options, pairs)]));
}

/**
 * The agreements between the sending and receiving agency of each row (rows read with disclosureColumnsSql),
 * as the agreements stood at the rows' epoch or later: held in memory, else read in one statement.
 */
export async function agreementPairsOf(db: Pick<EntityManager, 'query'>, rows: readonly any[], { checkDisabled = false }: DisclosureOptions = {}): Promise<AgreementPairs> {
  const pairs: AgreementPairs = new Map();
  if (checkDisabled || !rows.length) return pairs;
  const found = await agreementPairCache(db).forPairs(db, rows.map((r) => [r.sending_agency_id, r.receiving_agency_id] as const), rows[0].agreements_epoch ?? null);
  for (const [key, agreements] of found) pairs.set(key, { agreements, shares: new Map() });
  return pairs;
}

/**
 * The agreements of each pair of agencies (agreementPairsOf), and their answer for each field at one `now`:
 * the referrals of a page between the same two agencies share them.
 */
export type AgreementPairs = Map<string, AgreementPair>;
interface AgreementPair { agreements: AgreementRow[]; shares: Map<string, SharingDecision> }

/**
 * The decisions of one referral from a row holding its columns and disclosureColumnsSql's, read at `now`.
 * `pairs`: agreementPairsOf the rows (shared by the rows of one statement and one `now`, so that each pair's
 * agreements are judged once per field).
 */
export function disclosureFromRow(r: any, now: Date, policy: DisclosurePolicy = DEFAULT_DISCLOSURE_POLICY, { checkDisabled = false }: DisclosureOptions = {}, pairs: AgreementPairs = new Map()): ReferralDisclosure {
  let pair: AgreementPair | undefined;
  const share = (name: string): SharingDecision => {
    pair ??= pairs.get(pairKey(r.sending_agency_id, r.receiving_agency_id));
    // never decided on agreements nobody read: that would refuse (or allow) without looking
    if (!pair) throw new Error(`the agreements of referral ${r.id} were not read (agreementPairsOf)`);
    let decided = pair.shares.get(name);
    if (!decided) {
      decided = judgeSharing(pair.agreements, { providingAgencyId: r.sending_agency_id, receivingAgencyId: r.receiving_agency_id, purpose: SharingPurpose.REFERRAL_AND_SERVICE_DELIVERY, field: name, at: now }, now);
      pair.shares.set(name, decided);
    }
    return decided;
  };
  const referral = {
    status: r.status, legalBasis: r.legal_basis, disclosedFields: r.disclosed_fields as string[], receivingAgencyId: r.receiving_agency_id,
    responseDueAt: r.response_due_at, completedAt: r.completed_at, erasedAt: r.erased_at,
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
      const shared = disclosed && !checkDisabled ? share(name) : undefined;
      const reason = checkDisabled ? (disclosed ? null : ForbiddenFieldReason.NOT_DISCLOSED)
        : withSafeContact(name, decideField(name, referral, consent, shared, now, policy), () => field(SAFE_CONTACT_FIELD)!.reason);
      decision = { allowed: reason === null, reason, consentId: r.consent_id, agreementId: shared?.agreementId ?? null };
      decided.set(name, decision);
    }
    return decision;
  };
  // the state part of the same rule, for what the referral carries beside the catalogue fields (its messages):
  // retention ends with the shortest retention the agreements set for the fields it disclosed
  const state = () => {
    if (checkDisabled) return null;
    let retention: number | null = null;
    for (const name of referral.disclosedFields) {
      const days = share(name).retentionDays;
      if (days !== null && days !== undefined && (retention === null || days < retention)) retention = days;
    }
    return referralStateReason(referral, retention, now, policy);
  };
  return { referralId: r.id, caseId: r.case_id, field, state };
}

