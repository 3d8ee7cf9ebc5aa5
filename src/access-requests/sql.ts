import type { EntityManager } from 'typeorm';

/** Locks a data access request's row until the transaction ends, serialising the queries answered under it. One statement. */
export async function lockRequest(m: Pick<EntityManager, 'query'>, requestId: string): Promise<void> {
  await m.query(`SELECT id FROM data_access_requests WHERE id = $1 FOR UPDATE`, [requestId]);
}
