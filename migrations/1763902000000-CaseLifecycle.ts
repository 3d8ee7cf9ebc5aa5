import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The case lifecycle: closing, reopening and transferring a case to another agency are steps of their own,
 * kept in case_lifecycle_events (who, when, the coded reason, from and to which agency, the consent and
 * agreements a transfer relied on). The optional note is free text about the person: it stays here, never
 * in the audit log. Owned by src/cases/.
 */
export class CaseLifecycle1763902000000 implements MigrationInterface {
  name = 'CaseLifecycle1763902000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE cases ADD COLUMN closed_at timestamptz, ADD COLUMN closure_reason text`);
    // cases closed before the lifecycle existed: when is the last change we know of, why is unknown
    await q.query(`UPDATE cases SET closed_at = updated_at WHERE status = 'CLOSED'`);
    await q.query(`ALTER TABLE cases ADD CONSTRAINT cases_closed_check CHECK ((status = 'CLOSED') = (closed_at IS NOT NULL))`);
    await q.query(`
      CREATE TABLE case_lifecycle_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        kind text NOT NULL CONSTRAINT case_lifecycle_events_kind_check CHECK (kind IN ('CLOSED', 'REOPENED', 'TRANSFERRED')),
        reason text NOT NULL,
        note text,
        from_agency_id uuid NOT NULL REFERENCES agencies(id),
        to_agency_id uuid REFERENCES agencies(id),
        consent_id uuid REFERENCES consents(id),
        agreement_ids uuid[] NOT NULL DEFAULT '{}',
        actor_id text NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT case_lifecycle_events_transfer_check CHECK ((kind = 'TRANSFERRED') = (to_agency_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX case_lifecycle_events_case_idx ON case_lifecycle_events (case_id, at, id)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS case_lifecycle_events`);
    await q.query(`ALTER TABLE cases DROP CONSTRAINT IF EXISTS cases_closed_check`);
    await q.query(`ALTER TABLE cases DROP COLUMN closed_at, DROP COLUMN closure_reason`);
  }
}
