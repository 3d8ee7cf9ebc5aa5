import { createHash } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import type { Viewer } from '../auth/roles';
import { conflict } from './errors';

/**
 * Runs `act` at most once per (caller, key): inside the caller's transaction, the key is claimed first;
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
  const claimed = await m.query(
    `INSERT INTO idempotency_keys (actor_id, key, operation, request_hash) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING key`,
    [viewer.userId, key, operation, hash],
  );
  if (!claimed.length) {
    const [first] = await m.query(`SELECT operation, request_hash, result_id FROM idempotency_keys WHERE actor_id = $1 AND key = $2`, [viewer.userId, key]);
    if (!first || first.operation !== operation || first.request_hash !== hash) {
      throw conflict('This idempotency key was already used for a different request: use a new key for a new request');
    }
    return { id: first.result_id, replayed: true };
  }
  const id = await act();
  await m.query(`UPDATE idempotency_keys SET result_id = $3 WHERE actor_id = $1 AND key = $2`, [viewer.userId, key, id]);
  return { id, replayed: false };
}
