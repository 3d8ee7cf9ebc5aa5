/**
 * What other modules call to announce an event: a row per subscribed endpoint in the outbox
 * (webhook_deliveries), written in the caller's transaction, so the announcement exists exactly when the
 * change does. `data` holds ids, codes and times only, never a personal field.
 */
import type { EntityManager } from 'typeorm';
import { WebhookEvent } from './enums';

type Query = Pick<EntityManager, 'query'>;

/** SQL: the outbox rows for one event to the endpoints of `$agencies` (uuid[]) subscribed to `$event`. */
export const enqueueSql = (agencies: string, event: string, data: string, dedupKey: string) => `
  INSERT INTO webhook_deliveries (endpoint_id, agency_id, event, data, dedup_key)
  SELECT e.id, e.agency_id, ${event}::text, ${data}::jsonb, ${dedupKey}::text FROM webhook_endpoints e
   WHERE e.agency_id = ANY(${agencies}::uuid[]) AND e.removed_at IS NULL AND ${event}::text = ANY(e.events)
  ON CONFLICT (endpoint_id, dedup_key) DO NOTHING`;

/** Announces `event` to the agencies' endpoints. One statement (none when no agency is given). */
export async function announce(m: Query, agencyIds: readonly string[], event: WebhookEvent, data: Record<string, unknown>, dedupKey: string | null = null): Promise<void> {
  if (!agencyIds.length) return;
  await m.query(enqueueSql('$1', '$2', '$3', '$4'), [[...new Set(agencyIds)], event, JSON.stringify(data), dedupKey]);
}

/** The referral fields an announcement carries: what lets the receiver decide how fast to look, nothing about the person. */
export const referralData = (r: { id: string; priority: string; status: string; responseDueAt: Date | string | null; serviceId: string; sendingAgencyId: string; receivingAgencyId: string }) => ({
  referralId: r.id, status: r.status, priority: r.priority, responseDueAt: r.responseDueAt ? new Date(r.responseDueAt).toISOString() : null,
  serviceId: r.serviceId, sendingAgencyId: r.sendingAgencyId, receivingAgencyId: r.receivingAgencyId,
});
