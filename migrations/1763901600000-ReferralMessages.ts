import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Messages between the two agencies' staff on a referral (personal data: they follow the referral's
 * disclosure state, and never enter the audit log); forwarding a declined referral to another service
 * (forwarded_from); the service a receiver suggests when it declines (suggested_service_id).
 */
export class ReferralMessages1763901600000 implements MigrationInterface {
  name = 'ReferralMessages1763901600000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referral_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referrals(id),
        author_id text NOT NULL,
        author_agency_id uuid NOT NULL,
        body text CHECK (body IS NULL OR char_length(body) BETWEEN 1 AND 10000),
        posted_at timestamptz NOT NULL DEFAULT now(),
        redacted_at timestamptz,
        redacted_by text,
        CHECK ((body IS NULL) = (redacted_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX referral_messages_referral_idx ON referral_messages (referral_id, posted_at, id)`);
    await q.query(`ALTER TABLE referrals ADD COLUMN forwarded_from uuid REFERENCES referrals(id), ADD COLUMN suggested_service_id uuid REFERENCES services(id)`);
    // a declined referral is forwarded once: the sender sees where it went
    await q.query(`CREATE UNIQUE INDEX referrals_forwarded_from_idx ON referrals (forwarded_from) WHERE forwarded_from IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS referrals_forwarded_from_idx`);
    await q.query(`ALTER TABLE referrals DROP COLUMN forwarded_from, DROP COLUMN suggested_service_id`);
    await q.query(`DROP TABLE referral_messages`);
  }
}
