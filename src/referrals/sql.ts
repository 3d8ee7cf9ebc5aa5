/**
 * What other modules may read or change of the referrals' tables (referrals, referral_events): functions,
 * and SQL builders for statements that read them together with other tables.
 */
import type { EntityManager } from 'typeorm';

type Query = Pick<EntityManager, 'query'>;

/** The referrals under `alias`, for aggregating statements (statistics datasets, coverage). */
export const referralsFrom = (alias: string) => `referrals ${alias}`;

/** SQL: agencies that sent or received referrals (column `id`). */
export const referralHoldersSql = `SELECT sending_agency_id AS id FROM referrals UNION SELECT receiving_agency_id FROM referrals`;

/** Referrals that relied on one consent now rely on the consent that supersedes it. One statement. */
export async function moveReferralsToConsent(m: Query, fromConsentId: string, toConsentId: string): Promise<void> {
  await m.query(`UPDATE referrals SET consent_id = $2, updated_at = now() WHERE consent_id = $1`, [fromConsentId, toConsentId]);
}

/** How many referrals that disclosed (or may still disclose) under the consent exist. One statement. */
export async function referralsUnderConsent(m: Query, consentId: string): Promise<number> {
  const [row] = await m.query(`SELECT count(*)::int AS n FROM referrals WHERE consent_id = $1 AND status IN ('SENT', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD', 'COMPLETED')`, [consentId]);
  return row.n;
}

/** The facts of a referral its feedback depends on, or null when there is none. One statement. */
export async function referralForFeedback(m: Query, id: string): Promise<{
  id: string; caseId: string; status: string; serviceId: string; sendingAgencyId: string; receivingAgencyId: string; respondedAt: Date | null; erasedAt: Date | null;
} | null> {
  const [row] = await m.query(
    `SELECT id, case_id, status, service_id, sending_agency_id, receiving_agency_id, responded_at, erased_at FROM referrals WHERE id = $1`, [id]);
  return row ? {
    id: row.id, caseId: row.case_id, status: row.status, serviceId: row.service_id, sendingAgencyId: row.sending_agency_id, receivingAgencyId: row.receiving_agency_id,
    respondedAt: row.responded_at, erasedAt: row.erased_at,
  } : null;
}

/**
 * SQL: the referrals still SENT past their response due time that agency `agency` (an SQL expression) sent or
 * received, with what an announcement of them carries (no personal field). Each side through its own index.
 */
export const overdueReferralsOfAgencySql = (agency: string) => `
  SELECT r.id, r.status, r.priority, r.response_due_at, r.service_id, r.sending_agency_id, r.receiving_agency_id FROM referrals r
   WHERE r.receiving_agency_id = ${agency} AND r.status = 'SENT' AND r.response_due_at < now()
  UNION ALL
  SELECT r.id, r.status, r.priority, r.response_due_at, r.service_id, r.sending_agency_id, r.receiving_agency_id FROM referrals r
   WHERE r.sending_agency_id = ${agency} AND r.status = 'SENT' AND r.response_due_at < now()`;

/** How many referrals of the case are open (SENT, ACCEPTED, IN_PROGRESS, ON_HOLD), by status. One statement. */
export async function openReferralsOfCase(m: Query, caseId: string): Promise<Record<string, number>> {
  const rows: { status: string; n: number }[] = await m.query(
    `SELECT status, count(*)::int AS n FROM referrals WHERE case_id = $1 AND status IN ('SENT', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD') GROUP BY status ORDER BY status`, [caseId]);
  return Object.fromEntries(rows.map((r) => [r.status, r.n]));
}

/** Every referral of the case, oldest first, as stored (snake_case columns). One statement. */
export function referralRowsOfCase(m: Query, caseId: string): Promise<Record<string, any>[]> {
  return m.query(`SELECT r.* FROM referrals r WHERE r.case_id = $1 ORDER BY r.sent_at, r.id`, [caseId]);
}

/**
 * SQL: the time of the latest activity on the referrals of the case in `caseId` (an SQL expression): a step of
 * one of them or a message; null when it has none. For the retention sweep's "no activity for N days".
 */
export const lastReferralActivitySql = (caseId: string) => `(SELECT max(greatest(r.updated_at, (SELECT max(mm.posted_at) FROM referral_messages mm WHERE mm.referral_id = r.id)))
   FROM referrals r WHERE r.case_id = ${caseId})`;

/** SQL: whether the case in `caseId` (an SQL expression) has an open referral (SENT, ACCEPTED, IN_PROGRESS, ON_HOLD). */
export const hasOpenReferralSql = (caseId: string) => `EXISTS (SELECT 1 FROM referrals r WHERE r.case_id = ${caseId} AND r.status IN ('SENT', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD'))`;

/** What erasing a case removed from its referrals: counts, never content. */
export interface ReferralErasure { referralIds: string[]; referrals: number; texts: number; messages: number }

/**
 * Erasure of a case, in the caller's transaction (src/cases orchestrates): the free text of its referrals goes
 * (reasons, vital-interest justification, cancellation reason, every note and free-text reason of their history,
 * every message body, the message marked redacted); the skeleton stays (agencies, service, priority, status,
 * dates, coded outcome and decline reasons, disclosed field names), so statistics still count them.
 * `referrals.erased_at` makes the disclosure rule refuse them with ERASED from now on. At most three statements.
 */
export async function eraseReferralTextsOfCase(m: Query, caseId: string, by: string): Promise<ReferralErasure> {
  const referrals: { id: string }[] = await m.query(
    `WITH erased AS (
       UPDATE referrals SET reasons = NULL, vital_interest_justification = NULL, cancel_reason = NULL, erased_at = now()
        WHERE case_id = $1 AND erased_at IS NULL RETURNING id)
     SELECT id FROM erased`, [caseId]);
  if (!referrals.length) return { referralIds: [], referrals: 0, texts: 0, messages: 0 };
  const ids = referrals.map((r) => r.id);
  // reasons of a cancellation or a hold are free text; every other reason is a code and stays
  const [texts] = await m.query(
    `WITH erased AS (
       UPDATE referral_events SET note = NULL, reason = CASE WHEN kind = 'TRANSITION' AND to_status IN ('CANCELLED', 'ON_HOLD') THEN NULL ELSE reason END
        WHERE referral_id = ANY($1::uuid[]) AND (note IS NOT NULL OR (kind = 'TRANSITION' AND to_status IN ('CANCELLED', 'ON_HOLD') AND reason IS NOT NULL))
       RETURNING id)
     SELECT count(*)::int AS n FROM erased`, [ids]);
  const [messages] = await m.query(
    `WITH erased AS (
       UPDATE referral_messages SET body = NULL, redacted_at = now(), redacted_by = $2 WHERE referral_id = ANY($1::uuid[]) AND body IS NOT NULL RETURNING id)
     SELECT count(*)::int AS n FROM erased`, [ids, by]);
  return { referralIds: ids, referrals: ids.length, texts: texts.n, messages: messages.n };
}
