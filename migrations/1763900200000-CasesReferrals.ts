import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Cases with their personal fields, consent records, referrals with their history, and what services need to receive. */
export class CasesReferrals1763900200000 implements MigrationInterface {
  name = 'CasesReferrals1763900200000';

  public async up(q: QueryRunner): Promise<void> {
    // the catalogue fields a service needs in a referral; the default disclosure never goes beyond them
    await q.query(`ALTER TABLE services ADD COLUMN referral_fields text[] NOT NULL DEFAULT '{}'`);

    await q.query(`
      CREATE TABLE cases (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_code text NOT NULL UNIQUE,
        owner_agency_id uuid NOT NULL REFERENCES agencies(id),
        status text NOT NULL DEFAULT 'OPEN' CHECK (status IN ('OPEN', 'CLOSED')),
        given_name text,
        family_name text,
        other_names text,
        date_of_birth date,
        photo_reference text,
        phone text,
        address text,
        emergency_contact text,
        sex text,
        gender text,
        age_estimate int CHECK (age_estimate BETWEEN 0 AND 130),
        nationality char(2),
        languages text[] NOT NULL DEFAULT '{}',
        literacy text,
        identity_document_number text,
        travel_document_number text,
        migration_phase text,
        route text,
        transit_details text,
        reasons_for_migrating text,
        vulnerabilities text[] NOT NULL DEFAULT '{}',
        protection_concerns text,
        health_information text,
        disability text,
        assessment_summary text,
        services_received text,
        possible_duplicate_of uuid[] NOT NULL DEFAULT '{}',
        registered_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
      )`);
    await q.query(`CREATE INDEX cases_owner_idx ON cases (owner_agency_id, created_at)`);
    await q.query(`CREATE INDEX cases_duplicate_idx ON cases (owner_agency_id, lower(given_name), lower(family_name), date_of_birth)`);

    await q.query(`
      CREATE TABLE consents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        decision text NOT NULL CHECK (decision IN ('GRANTED', 'REFUSED')),
        method text NOT NULL,
        given_by text NOT NULL,
        guardian_name text,
        certified_by text,
        language text NOT NULL,
        interpreter_used boolean NOT NULL DEFAULT false,
        purposes text[] NOT NULL DEFAULT '{}',
        recipient_agency_ids uuid[] NOT NULL DEFAULT '{}',
        categories text[] NOT NULL DEFAULT '{}',
        valid_until timestamptz,
        evidence_reference text,
        evidence_sha256 text CHECK (evidence_sha256 ~ '^[0-9a-f]{64}$'),
        recorded_by text NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz,
        withdrawn_by text,
        withdrawal_reason text,
        superseded_at timestamptz,
        superseded_by uuid REFERENCES consents(id),
        CHECK ((withdrawn_at IS NULL) = (withdrawal_reason IS NULL))
      )`);
    await q.query(`CREATE INDEX consents_case_idx ON consents (case_id, recorded_at)`);

    await q.query(`
      CREATE TABLE referrals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        case_id uuid NOT NULL REFERENCES cases(id),
        service_id uuid NOT NULL REFERENCES services(id),
        sending_agency_id uuid NOT NULL REFERENCES agencies(id),
        receiving_agency_id uuid NOT NULL REFERENCES agencies(id),
        priority text NOT NULL CHECK (priority IN ('EMERGENCY', 'URGENT', 'NORMAL')),
        reasons text NOT NULL,
        disclosed_fields text[] NOT NULL DEFAULT '{}',
        anonymous boolean NOT NULL DEFAULT false,
        legal_basis text NOT NULL CHECK (legal_basis IN ('CONSENT', 'VITAL_INTEREST')),
        consent_id uuid REFERENCES consents(id),
        vital_interest_justification text,
        mou_id uuid REFERENCES mous(id),
        outside_mou boolean NOT NULL,
        status text NOT NULL DEFAULT 'SENT' CHECK (status IN ('SENT', 'ACCEPTED', 'DECLINED', 'COMPLETED', 'CANCELLED')),
        response_due_at timestamptz NOT NULL,
        sent_at timestamptz NOT NULL DEFAULT now(),
        sent_by text NOT NULL,
        responded_at timestamptz,
        decline_reason text,
        completed_at timestamptz,
        outcome text,
        outcome_reason text,
        cancelled_at timestamptz,
        cancel_reason text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (legal_basis = 'VITAL_INTEREST' OR consent_id IS NOT NULL),
        CHECK (legal_basis = 'CONSENT' OR (vital_interest_justification IS NOT NULL AND priority = 'EMERGENCY')),
        CHECK (sending_agency_id <> receiving_agency_id)
      )`);
    await q.query(`CREATE INDEX referrals_inbox_idx ON referrals (receiving_agency_id, status, priority, response_due_at)`);
    await q.query(`CREATE INDEX referrals_outbox_idx ON referrals (sending_agency_id, status, sent_at)`);
    await q.query(`CREATE INDEX referrals_case_idx ON referrals (case_id)`);
    await q.query(`CREATE INDEX referrals_consent_idx ON referrals (consent_id)`);
    await q.query(`CREATE INDEX referrals_vital_idx ON referrals (sending_agency_id, sent_at) WHERE legal_basis = 'VITAL_INTEREST'`);

    await q.query(`
      CREATE TABLE referral_events (
        id bigserial PRIMARY KEY,
        referral_id uuid NOT NULL REFERENCES referrals(id),
        from_status text,
        to_status text NOT NULL,
        actor_id text NOT NULL,
        actor_agency_id uuid NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        reason text,
        note text
      )`);
    await q.query(`CREATE INDEX referral_events_referral_idx ON referral_events (referral_id, id)`);
    await q.query(`CREATE INDEX audit_events_actor_agency_idx ON audit_events (actor_agency_id, at)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS audit_events_actor_agency_idx`);
    for (const t of ['referral_events', 'referrals', 'consents', 'cases']) await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(`ALTER TABLE services DROP COLUMN referral_fields`);
  }
}
