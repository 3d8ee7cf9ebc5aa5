/** Appending to the audit log: events written in the transaction of the change they describe, and the per-request disclosure event. */
import type { EntityManager } from 'typeorm';
import type { Viewer } from '../auth/roles';
import { signals } from '../shared/signals';

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
  signals.auditWritten(action);
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
  signals.auditWritten('cases.disclosed');
}
