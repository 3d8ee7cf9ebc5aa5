import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The person's feedback on a referral, recorded by the referring case manager on the person's behalf (SENDER)
 * or by the receiving agency's staff (RECEIVER): at most one per referral and side. The comment is free text,
 * kept here only (the audit log holds its hash). Owned by src/feedback/.
 */
export class ServiceFeedback1763901700000 implements MigrationInterface {
  name = 'ServiceFeedback1763901700000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_feedback (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL REFERENCES referrals(id),
        service_id uuid NOT NULL REFERENCES services(id),
        receiving_agency_id uuid NOT NULL REFERENCES agencies(id),
        side text NOT NULL CONSTRAINT service_feedback_side_check CHECK (side IN ('SENDER', 'RECEIVER')),
        recorded_by text NOT NULL,
        recorded_by_agency_id uuid NOT NULL REFERENCES agencies(id),
        received boolean NOT NULL,
        satisfaction smallint NOT NULL CONSTRAINT service_feedback_satisfaction_check CHECK (satisfaction BETWEEN 1 AND 5),
        respectful boolean NOT NULL,
        would_recommend boolean NOT NULL,
        comment text,
        anonymous boolean NOT NULL DEFAULT false,
        complaint boolean NOT NULL DEFAULT false,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT service_feedback_one_per_side UNIQUE (referral_id, side)
      )`);
    await q.query(`CREATE INDEX service_feedback_agency_idx ON service_feedback (receiving_agency_id, recorded_at)`);
    await q.query(`CREATE INDEX service_feedback_complaints_idx ON service_feedback (recorded_at) WHERE complaint`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS service_feedback`);
  }
}
