import type { EntityManager } from 'typeorm';

export interface OutboxStats {
  /** Deliveries waiting (PENDING: not yet delivered, not dead). */
  pending: number;
  /** Age of the oldest waiting delivery in seconds (0 when none waits). */
  oldestAgeSeconds: number;
}

/** The outbox's depth and age, for /metrics: one statement on the partial index of pending rows. */
export async function outboxStats(db: Pick<EntityManager, 'query'>): Promise<OutboxStats> {
  const [row] = await db.query(
    `SELECT count(*)::int AS pending, COALESCE(EXTRACT(EPOCH FROM now() - min(created_at)), 0)::float8 AS oldest FROM webhook_deliveries WHERE status = 'PENDING'`,
  );
  return { pending: Number(row?.pending ?? 0), oldestAgeSeconds: Math.max(0, Number(row?.oldest ?? 0)) };
}
