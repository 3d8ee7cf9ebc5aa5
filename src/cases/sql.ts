/**
 * What other modules may read of the cases' tables (cases, consents, case_assignments): functions, and
 * SQL builders for statements that read them together with other tables.
 */
import type { EntityManager } from 'typeorm';

type Query = Pick<EntityManager, 'query'>;

/** The cases under `alias`, for aggregating statements (statistics datasets). */
export const casesFrom = (alias: string) => `cases ${alias}`;

/** The consents under `alias`, for statements that read them with the referrals relying on them (the disclosure decision). */
export const consentsFrom = (alias: string) => `consents ${alias}`;

/** SQL: agencies that hold cases (column `id`). */
export const caseHoldersSql = `SELECT DISTINCT owner_agency_id AS id FROM cases`;

/**
 * SQL: the case in `caseParam` when the agency in `agencyParam` owns it, as a row source with column case_id
 * and what decides a viewer's relation to it (owner_agency_id, assigned_to, shared_with: see caseFacts), so
 * that a statement reading the case for another purpose also serves the need-to-know check.
 */
export const ownCaseSql = (caseParam: string, agencyParam: string, lockForUpdate = false) =>
  `(SELECT id AS case_id, status AS case_status, erased_at AS case_erased_at, owner_agency_id, assigned_to, shared_with FROM cases WHERE id = ${caseParam} AND owner_agency_id = ${agencyParam}${lockForUpdate ? ' FOR UPDATE' : ''})`;

/** The relation facts of a row of ownCaseSql (or ownCaseRelationFacts), for CasesService.assertMay. */
export const caseFacts = (row: { owner_agency_id: string; assigned_to: string | null; shared_with: string[] }) =>
  ({ ownerAgencyId: row.owner_agency_id, assignedTo: row.assigned_to, sharedWith: row.shared_with });

/** What decides a viewer's relation to a case the agency owns; undefined for any other case. One statement. */
export async function ownCaseRelationFacts(m: Query, caseId: string, agencyId: string): Promise<{ owner_agency_id: string; assigned_to: string | null; shared_with: string[] } | undefined> {
  return (await m.query(`SELECT owner_agency_id, assigned_to, shared_with FROM cases WHERE id = $1 AND owner_agency_id = $2`, [caseId, agencyId]))[0];
}

export interface ReferralConsentRow {
  id: string;
  decision: string;
  purposes: string[];
  recipient_agency_ids: string[];
  categories: string[];
  withdrawn_at: Date | null;
  valid_until: string | null;
  superseded_at: Date | null;
}

/** Granted, not superseded consents of the case for `purpose` to the recipient agency, newest first. One statement. */
export function grantedConsentsTo(m: Query, caseId: string, purpose: string, recipientAgencyId: string): Promise<ReferralConsentRow[]> {
  return m.query(
    `SELECT id, decision, purposes, recipient_agency_ids, categories, withdrawn_at, valid_until, superseded_at FROM consents
      WHERE case_id = $1 AND decision = 'GRANTED' AND superseded_at IS NULL AND $2 = ANY(purposes) AND $3::uuid = ANY(recipient_agency_ids)
      ORDER BY recorded_at DESC`,
    [caseId, purpose, recipientAgencyId],
  );
}
