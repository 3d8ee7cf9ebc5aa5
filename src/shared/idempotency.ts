import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Viewer } from '../auth/roles';
import { conflict } from './errors';

/**
 * Runs `act` at most once per (subject, agency, operation, key): the same person acting for another agency,
 * or the same key on another operation, is a new request. Inside the caller's transaction, the key is claimed first;
 * a concurrent duplicate waits on the claim, then finds the first request's result and returns it.
 * A key reused for another request is a CONFLICT.
 */
export async function onceFor(
  m: EntityManager,
  viewer: Viewer,
  key: string | null | undefined,
  operation: string,
  request: unknown,
  act: () => Promise<string>,
): Promise<{ id: string; replayed: boolean }> {
  if (!key) return { id: await act(), replayed: false };
  const hash = createHash('sha256').update(JSON.stringify(request)).digest('hex');
  const scope = [viewer.userId, viewer.agencyId, operation, key];
  const claimed = await m.query(
    `INSERT INTO idempotency_keys (actor_id, actor_agency_id, operation, key, request_hash) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING RETURNING key`,
    [...scope, hash],
  );
  const where = `actor_id = $1 AND actor_agency_id = $2 AND operation = $3 AND key = $4`;
  if (!claimed.length) {
    const [first] = await m.query(`SELECT request_hash, result_id FROM idempotency_keys WHERE ${where}`, scope);
    if (!first || first.request_hash !== hash) {
      throw conflict('shared.idempotencyKeyReused');
    }
    return { id: first.result_id, replayed: true };
  }
  const id = await act();
  await m.query(`UPDATE idempotency_keys SET result_id = $5 WHERE ${where}`, [...scope, id]);
  return { id, replayed: false };
}
