import type { EntityManager } from 'typeorm';

/** Statistics queries answered under a data access request (what other modules may read of statistics_answers). One statement. */
export async function answersUnderRequest(m: Pick<EntityManager, 'query'>, requestId: string): Promise<number> {
  const [row] = await m.query(`SELECT count(*)::int AS n FROM statistics_answers WHERE request_id = $1`, [requestId]);
  return row.n;
}
