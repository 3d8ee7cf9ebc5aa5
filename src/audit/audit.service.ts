import type { EntityManager } from 'typeorm';
import type { Viewer } from '../auth/roles';

/**
 * Append-only record of who changed or disclosed what. Written inside the same transaction as the
 * change it describes, so an event exists exactly when the change does. Never holds personal fields.
 */
export async function recordAudit(
  manager: EntityManager,
  viewer: Viewer | null,
  action: string,
  entityType: string,
  entityId: string | null,
  details: Record<string, unknown> = {},
): Promise<void> {
  await manager.query(
    `INSERT INTO audit_events (actor_id, actor_agency_id, action, entity_type, entity_id, details) VALUES ($1, $2, $3, $4, $5, $6)`,
    [viewer?.userId ?? null, viewer?.agencyId ?? null, action, entityType, entityId, JSON.stringify(details)],
  );
}

/**
 * Logs personal fields read through referrals: one event for the whole request, listing each case read
 * (details.caseIds is indexed, so a case's trail and disclosure report still find it).
 */
export async function recordDisclosures(
  db: Pick<EntityManager, 'query'>,
  viewer: Viewer | null,
  reads: { caseId: string; referralId: string | null; fields: string[]; consentId: string | null; agreementIds: string[]; internal?: boolean }[],
): Promise<void> {
  if (!reads.length) return;
  const details = { caseIds: [...new Set(reads.map((r) => r.caseId))], reads };
  await db.query(
    `INSERT INTO audit_events (actor_id, actor_agency_id, action, entity_type, entity_id, details) VALUES ($1, $2, 'cases.disclosed', 'case', NULL, $3)`,
    [viewer?.userId ?? null, viewer?.agencyId ?? null, JSON.stringify(details)],
  );
}

/**
 * The audit events of one case (parameter `caseParam`), as rows of (id, n, at, actor_id, actor_agency_id,
 * action, details): its own events, and one row per read of it in the per-request disclosure events,
 * shown as a 'case.disclosed' event about this case alone (never the other cases read with it).
 */
export function caseEventsSql(caseParam: string): string {
  return `(SELECT e.id, 0 AS n, e.at, e.actor_id, e.actor_agency_id, e.action, e.details
             FROM audit_events e WHERE e.entity_type = 'case' AND e.entity_id = ${caseParam}
           UNION ALL
           SELECT e.id, r.n, e.at, e.actor_id, e.actor_agency_id, 'case.disclosed', r.read - 'caseId'
             FROM audit_events e, jsonb_array_elements(e.details->'reads') WITH ORDINALITY r(read, n)
            WHERE e.action = 'cases.disclosed' AND e.details->'caseIds' ? ${caseParam}::text AND r.read->>'caseId' = ${caseParam}::text)`;
}
