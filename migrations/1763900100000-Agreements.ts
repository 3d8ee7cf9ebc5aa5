import type { MigrationInterface, QueryRunner } from 'typeorm';

/** MoUs, versioned SOPs, data-sharing agreements with per-party signatures. */
export class Agreements1763900100000 implements MigrationInterface {
  name = 'Agreements1763900100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mous (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference_number text NOT NULL UNIQUE,
        title text NOT NULL,
        category_codes text[] NOT NULL DEFAULT '{}',
        area_ids uuid[] NOT NULL DEFAULT '{}',
        roles_and_responsibilities text,
        communication text,
        outcome_monitoring text,
        signed_on date,
        effective_from date,
        expires_on date,
        document_url text,
        document_sha256 text CHECK (document_sha256 ~ '^[0-9a-f]{64}$'),
        terminated_at timestamptz,
        terminated_by text,
        terminated_by_agency_id uuid REFERENCES agencies(id),
        termination_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text,
        CHECK (effective_from IS NULL OR expires_on IS NULL OR effective_from <= expires_on),
        CHECK (signed_on IS NULL OR effective_from IS NOT NULL),
        CHECK ((terminated_at IS NULL) = (termination_reason IS NULL))
      )`);
    await q.query(`CREATE TABLE mou_parties (
        mou_id uuid NOT NULL REFERENCES mous(id) ON DELETE CASCADE,
        agency_id uuid NOT NULL REFERENCES agencies(id),
        PRIMARY KEY (mou_id, agency_id))`);
    await q.query(`CREATE INDEX mou_parties_agency_idx ON mou_parties (agency_id)`);
    await q.query(`CREATE INDEX mous_categories_idx ON mous USING gin (category_codes)`);
    await q.query(`CREATE INDEX mous_areas_idx ON mous USING gin (area_ids)`);
    await q.query(`CREATE INDEX mous_expires_idx ON mous (expires_on) WHERE terminated_at IS NULL`);

    await q.query(`
      CREATE TABLE sops (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        series_id uuid NOT NULL,
        version int NOT NULL CHECK (version >= 1),
        title text NOT NULL,
        owner_agency_id uuid NOT NULL REFERENCES agencies(id),
        category_codes text[] NOT NULL DEFAULT '{}',
        steps jsonb NOT NULL DEFAULT '[]',
        emergency_response_hours int CHECK (emergency_response_hours > 0),
        urgent_response_hours int CHECK (urgent_response_hours > 0),
        normal_response_hours int CHECK (normal_response_hours > 0),
        effective_from date NOT NULL,
        review_due date NOT NULL,
        superseded_at timestamptz,
        superseded_by uuid REFERENCES sops(id),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        UNIQUE (series_id, version),
        CHECK (review_due >= effective_from)
      )`);
    await q.query(`CREATE UNIQUE INDEX sops_current_idx ON sops (series_id) WHERE superseded_at IS NULL`);
    await q.query(`CREATE INDEX sops_owner_idx ON sops (owner_agency_id)`);
    await q.query(`CREATE INDEX sops_categories_idx ON sops USING gin (category_codes)`);
    await q.query(`CREATE INDEX sops_review_idx ON sops (review_due) WHERE superseded_at IS NULL`);

    await q.query(`
      CREATE TABLE data_sharing_agreements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        reference_number text NOT NULL UNIQUE,
        title text NOT NULL,
        providing_agency_id uuid NOT NULL REFERENCES agencies(id),
        receiving_agency_id uuid NOT NULL REFERENCES agencies(id),
        purposes text[] NOT NULL CHECK (cardinality(purposes) > 0),
        categories text[] NOT NULL CHECK (cardinality(categories) > 0),
        excluded_fields text[] NOT NULL DEFAULT '{}',
        valid_from date NOT NULL,
        valid_until date NOT NULL,
        retention_days int NOT NULL CHECK (retention_days > 0),
        onward_sharing_allowed boolean NOT NULL DEFAULT false,
        risk_assessment_date date NOT NULL,
        risk_assessment_reference text NOT NULL,
        terminated_at timestamptz,
        terminated_by text,
        terminated_by_agency_id uuid REFERENCES agencies(id),
        termination_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        CHECK (providing_agency_id <> receiving_agency_id),
        CHECK (valid_from <= valid_until),
        CHECK ((terminated_at IS NULL) = (termination_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX dsas_pair_idx ON data_sharing_agreements (providing_agency_id, receiving_agency_id)`);
    await q.query(`CREATE INDEX dsas_receiving_idx ON data_sharing_agreements (receiving_agency_id)`);
    await q.query(`CREATE INDEX dsas_valid_until_idx ON data_sharing_agreements (valid_until) WHERE terminated_at IS NULL`);
    await q.query(`
      CREATE TABLE dsa_signatures (
        dsa_id uuid NOT NULL REFERENCES data_sharing_agreements(id) ON DELETE CASCADE,
        agency_id uuid NOT NULL REFERENCES agencies(id),
        signed_by text NOT NULL,
        signer_role text NOT NULL,
        signed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (dsa_id, agency_id)
      )`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const t of ['dsa_signatures', 'data_sharing_agreements', 'sops', 'mou_parties', 'mous']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
