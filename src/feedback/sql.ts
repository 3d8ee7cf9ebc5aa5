import type { EntityManager } from 'typeorm';

/**
 * What other modules may read or change of the feedback's table (service_feedback): SQL builders for statements
 * that read it together with other tables (the SERVICE_FEEDBACK statistics dataset), and the erasure of comments.
 */

/** The feedback records under `alias`, for aggregating statements. */
export const feedbackFrom = (alias: string) => `service_feedback ${alias}`;

/** SQL: agencies whose services received feedback (column `id`). */
export const feedbackHoldersSql = `SELECT DISTINCT receiving_agency_id AS id FROM service_feedback`;

/**
 * Erasure of a case, in the caller's transaction (src/cases orchestrates): the free-text comments of the feedback
 * on its referrals go; the ratings stay (the SERVICE_FEEDBACK statistics never showed a comment). One statement.
 */
export async function eraseFeedbackComments(m: Pick<EntityManager, 'query'>, referralIds: readonly string[]): Promise<number> {
  if (!referralIds.length) return 0;
  const [row] = await m.query(
    `WITH erased AS (UPDATE service_feedback SET comment = NULL WHERE referral_id = ANY($1::uuid[]) AND comment IS NOT NULL RETURNING id)
     SELECT count(*)::int AS n FROM erased`, [referralIds]);
  return row.n;
}
