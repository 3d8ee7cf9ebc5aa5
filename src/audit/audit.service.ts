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

/** Logs personal fields read through referrals: one multi-row INSERT for the whole request. */
export async function recordDisclosures(
  db: Pick<EntityManager, 'query'>,
  viewer: Viewer | null,
  reads: { caseId: string; referralId: string; fields: string[]; consentId: string | null; agreementIds: string[] }[],
): Promise<void> {
  if (!reads.length) return;
  await db.query(
    `INSERT INTO audit_events (actor_id, actor_agency_id, action, entity_type, entity_id, details)
     SELECT $1, $2, 'case.disclosed', 'case', u.case_id, u.details::jsonb FROM unnest($3::text[], $4::text[]) AS u(case_id, details)`,
    [viewer?.userId ?? null, viewer?.agencyId ?? null, reads.map((r) => r.caseId),
      reads.map((r) => JSON.stringify({ referralId: r.referralId, fields: r.fields, consentId: r.consentId, agreementIds: r.agreementIds }))],
  );
}
