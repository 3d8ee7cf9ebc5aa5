import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The referral loop as people work it: after ACCEPTED a referral can be IN_PROGRESS or ON_HOLD; the receiving
 * agency assigns it to one of its staff; the sender can ask for an update, open until the receiver answers.
 * Assignments, update requests and answers are steps of the referral's history (referral_events.kind).
 */
export class ReferralLoop1763901500000 implements MigrationInterface {
  name = 'ReferralLoop1763901500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE referrals DROP CONSTRAINT IF EXISTS referrals_status_check`);
    await q.query(`ALTER TABLE referrals ADD CONSTRAINT referrals_status_check CHECK (status IN ('SENT', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD', 'DECLINED', 'COMPLETED', 'CANCELLED', 'EXPIRED'))`);
    await q.query(`ALTER TABLE referrals ADD COLUMN assigned_to text, ADD COLUMN assigned_at timestamptz, ADD COLUMN update_requested_at timestamptz`);
    await q.query(`CREATE INDEX referrals_assigned_idx ON referrals (receiving_agency_id, assigned_to) WHERE assigned_to IS NOT NULL`);
    // the inbox's order index covers every open state
    await q.query(`DROP INDEX IF EXISTS referrals_open_inbox_order_idx`);
    await q.query(`
      CREATE INDEX referrals_open_inbox_order_idx ON referrals
        (receiving_agency_id, (CASE priority WHEN 'EMERGENCY' THEN 0 WHEN 'URGENT' THEN 1 ELSE 2 END), response_due_at, id)
        WHERE status IN ('SENT', 'ACCEPTED', 'IN_PROGRESS', 'ON_HOLD')`);
    await q.query(`ALTER TABLE referral_events ADD COLUMN kind text NOT NULL DEFAULT 'TRANSITION'
      CONSTRAINT referral_events_kind_check CHECK (kind IN ('TRANSITION', 'ASSIGNED', 'UPDATE_REQUESTED', 'UPDATE_ANSWERED')), ADD COLUMN assigned_to text`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM referral_events WHERE kind <> 'TRANSITION'`);
    await q.query(`ALTER TABLE referral_events DROP COLUMN kind, DROP COLUMN assigned_to`);
    await q.query(`UPDATE referral_events SET to_status = 'ACCEPTED' WHERE to_status IN ('IN_PROGRESS', 'ON_HOLD')`);
    await q.query(`UPDATE referral_events SET from_status = 'ACCEPTED' WHERE from_status IN ('IN_PROGRESS', 'ON_HOLD')`);
    await q.query(`UPDATE referrals SET status = 'ACCEPTED' WHERE status IN ('IN_PROGRESS', 'ON_HOLD')`);
    await q.query(`DROP INDEX IF EXISTS referrals_open_inbox_order_idx`);
    await q.query(`
      CREATE INDEX referrals_open_inbox_order_idx ON referrals
        (receiving_agency_id, (CASE priority WHEN 'EMERGENCY' THEN 0 WHEN 'URGENT' THEN 1 ELSE 2 END), response_due_at, id)
        WHERE status IN ('SENT', 'ACCEPTED')`);
    await q.query(`DROP INDEX IF EXISTS referrals_assigned_idx`);
    await q.query(`ALTER TABLE referrals DROP COLUMN assigned_to, DROP COLUMN assigned_at, DROP COLUMN update_requested_at`);
    await q.query(`ALTER TABLE referrals DROP CONSTRAINT IF EXISTS referrals_status_check`);
    await q.query(`ALTER TABLE referrals ADD CONSTRAINT referrals_status_check CHECK (status IN ('SENT', 'ACCEPTED', 'DECLINED', 'COMPLETED', 'CANCELLED', 'EXPIRED'))`);
  }
}
