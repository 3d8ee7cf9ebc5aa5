import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Data access request forms for sensitive statistics. */
export class AccessRequests1763900300000 implements MigrationInterface {
  name = 'AccessRequests1763900300000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE data_access_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        requesting_agency_id uuid NOT NULL REFERENCES agencies(id),
        requested_by text NOT NULL,
        requester_name text NOT NULL,
        dataset text NOT NULL,
        dimensions text[] NOT NULL CHECK (cardinality(dimensions) > 0),
        area_ids uuid[] NOT NULL DEFAULT '{}',
        period_from date NOT NULL,
        period_to date NOT NULL,
        purpose text NOT NULL,
        intended_use text NOT NULL,
        audience text NOT NULL,
        protection_measures text NOT NULL,
        retention_days int NOT NULL CHECK (retention_days > 0),
        attestation text NOT NULL,
        attested_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'SUBMITTED' CHECK (status IN ('SUBMITTED', 'APPROVED', 'REJECTED', 'REVOKED')),
        decided_by text,
        decided_by_agency_id uuid REFERENCES agencies(id),
        decided_at timestamptz,
        conditions text,
        valid_until date,
        rejection_reason text,
        revoked_at timestamptz,
        revoked_by text,
        revocation_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK (period_from <= period_to),
        CHECK (decided_by_agency_id IS NULL OR decided_by_agency_id <> requesting_agency_id),
        CHECK (status <> 'APPROVED' OR valid_until IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX data_access_requests_requester_idx ON data_access_requests (requesting_agency_id, created_at)`);
    await q.query(`CREATE INDEX data_access_requests_queue_idx ON data_access_requests (status, created_at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS data_access_requests`);
  }
}
