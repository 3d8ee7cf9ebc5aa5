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
