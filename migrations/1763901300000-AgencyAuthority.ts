import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a token may claim for an agency:
 * - `active`: a token for an agency that is not active is refused;
 * - `grantable_roles`: the roles the agency may give its staff. Every agency may grant the five agency
 *   roles; NETWORK_ADMIN and STEERING_COMMITTEE only agencies designated for them (the seed designates the
 *   network secretariat, and the agencies whose demo users hold those roles).
 */
export class AgencyAuthority1763901300000 implements MigrationInterface {
  name = 'AgencyAuthority1763901300000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agencies ADD COLUMN active boolean NOT NULL DEFAULT true`);
    await q.query(`
      ALTER TABLE agencies ADD COLUMN grantable_roles text[] NOT NULL
        DEFAULT '{CASE_MANAGER,CASE_SUPERVISOR,REFERRAL_FOCAL_POINT,AGENCY_ADMIN,DATA_PROTECTION_OFFICER}'
        CHECK (grantable_roles <@ '{CASE_MANAGER,CASE_SUPERVISOR,REFERRAL_FOCAL_POINT,AGENCY_ADMIN,DATA_PROTECTION_OFFICER,STEERING_COMMITTEE,NETWORK_ADMIN}'::text[])`);
    // agencies whose users already hold a network-wide role keep the power to grant it
    await q.query(`
      UPDATE agencies a SET grantable_roles = ARRAY(
        SELECT DISTINCT r FROM unnest(a.grantable_roles || (SELECT coalesce(array_agg(DISTINCT x), '{}') FROM users u, unnest(u.roles) x WHERE u.agency_id = a.id)) r
        WHERE r IN ('CASE_MANAGER','CASE_SUPERVISOR','REFERRAL_FOCAL_POINT','AGENCY_ADMIN','DATA_PROTECTION_OFFICER','STEERING_COMMITTEE','NETWORK_ADMIN') ORDER BY r)
      WHERE EXISTS (SELECT 1 FROM users u WHERE u.agency_id = a.id AND u.roles && '{STEERING_COMMITTEE,NETWORK_ADMIN}')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE agencies DROP COLUMN grantable_roles`);
    await q.query(`ALTER TABLE agencies DROP COLUMN active`);
  }
}
