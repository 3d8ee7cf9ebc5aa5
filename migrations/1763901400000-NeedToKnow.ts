import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Need-to-know inside an agency: a case has an assigned case manager (with a history of assignments) and
 * may be shared with other case managers; referrals left unanswered expire; idempotency keys are scoped by
 * subject, agency and operation; free-text reasons stay with their record and can be corrected.
 */
export class NeedToKnow1763901400000 implements MigrationInterface {
  name = 'NeedToKnow1763901400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN assigned_to text, ADD COLUMN shared_with text[] NOT NULL DEFAULT '{}'`);
    // the case manager who registered a case was, in practice, the one working it
    await q.query(`UPDATE cases SET assigned_to = registered_by`);
    await q.query(`CREATE INDEX cases_assigned_idx ON cases (owner_agency_id, assigned_to)`);
    await q.query(`
      CREATE TABLE case_assignments (
        id bigserial PRIMARY KEY,
        case_id uuid NOT NULL REFERENCES cases(id),
        assigned_to text,
        assigned_by text NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX case_assignments_case_idx ON case_assignments (case_id, id)`);
    await q.query(`INSERT INTO case_assignments (case_id, assigned_to, assigned_by, at) SELECT id, registered_by, registered_by, created_at FROM cases`);

    await q.query(`ALTER TABLE referrals DROP CONSTRAINT IF EXISTS referrals_status_check`);
    await q.query(`ALTER TABLE referrals ADD CONSTRAINT referrals_status_check CHECK (status IN ('SENT', 'ACCEPTED', 'DECLINED', 'COMPLETED', 'CANCELLED', 'EXPIRED'))`);
    await q.query(`ALTER TABLE referrals ADD COLUMN expired_at timestamptz`);
    await q.query(`ALTER TABLE referral_events ADD COLUMN corrected_at timestamptz, ADD COLUMN corrected_by text`);

    await q.query(`ALTER TABLE idempotency_keys ADD COLUMN actor_agency_id uuid`);
    await q.query(`ALTER TABLE idempotency_keys DROP CONSTRAINT idempotency_keys_pkey`);
    await q.query(`CREATE UNIQUE INDEX idempotency_keys_scope_idx ON idempotency_keys (actor_id, coalesce(actor_agency_id, '00000000-0000-0000-0000-000000000000'::uuid), operation, key)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS idempotency_keys_scope_idx`);
    await q.query(`DELETE FROM idempotency_keys a USING idempotency_keys b WHERE a.actor_id = b.actor_id AND a.key = b.key AND a.ctid > b.ctid`);
    await q.query(`ALTER TABLE idempotency_keys DROP COLUMN actor_agency_id, ADD PRIMARY KEY (actor_id, key)`);
    await q.query(`ALTER TABLE referral_events DROP COLUMN corrected_at, DROP COLUMN corrected_by`);
    await q.query(`UPDATE referrals SET status = 'SENT' WHERE status = 'EXPIRED'`);
    await q.query(`ALTER TABLE referrals DROP COLUMN expired_at`);
    await q.query(`ALTER TABLE referrals DROP CONSTRAINT IF EXISTS referrals_status_check`);
    await q.query(`ALTER TABLE referrals ADD CONSTRAINT referrals_status_check CHECK (status IN ('SENT', 'ACCEPTED', 'DECLINED', 'COMPLETED', 'CANCELLED'))`);
    await q.query(`DROP TABLE IF EXISTS case_assignments`);
    await q.query(`ALTER TABLE cases DROP COLUMN assigned_to, DROP COLUMN shared_with`);
  }
}
