import type { EntityManager } from 'typeorm';

/** The agency and roles of a user, as the users table knows them; undefined when there is no such user. One statement. */
export async function userAgencyAndRoles(m: Pick<EntityManager, 'query'>, userId: string): Promise<{ agency_id: string; roles: string[] } | undefined> {
  return (await m.query(`SELECT agency_id, roles FROM users WHERE id::text = $1`, [userId.toLowerCase()]))[0];
}

/** SQL: the user in `param` as JSON (agencyId, roles), null when there is none. */
export const userStandingSql = (param: string) => `(SELECT json_build_object('agencyId', u.agency_id, 'roles', u.roles) FROM users u WHERE u.id = ${param}::uuid)`;
