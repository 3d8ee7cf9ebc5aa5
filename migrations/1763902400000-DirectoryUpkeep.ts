import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Upkeep of the directory by the whole network (owned by src/directory/):
 * - `service_issues`: a report by any agency's staff that an entry is wrong (closed, moved, wrong phone...),
 *   in the owning agency's queue until a verification or an edit resolves it or the owner dismisses it.
 *   The note and the dismissal reason are free text, kept here only (the audit log holds their hashes).
 * - `directory_changes`: who changed which fields (names, never values) of a service, location, agency or
 *   category, and when.
 * - services.verification_requested_*: a network admin asked the owner to verify the entry; verifying clears it.
 * - service_categories.retired_*: a retired category stays on the services that have it, in history and in
 *   statistics, but is not offered for new links.
 */
export class DirectoryUpkeep1763902400000 implements MigrationInterface {
  name = 'DirectoryUpkeep1763902400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE service_issues (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        service_id uuid NOT NULL REFERENCES services(id),
        owner_agency_id uuid NOT NULL REFERENCES agencies(id),
        kind text NOT NULL CONSTRAINT service_issues_kind_check
          CHECK (kind IN ('CLOSED', 'MOVED', 'WRONG_PHONE', 'WRONG_HOURS', 'FULL', 'NOT_AS_DESCRIBED', 'OTHER')),
        note text CONSTRAINT service_issues_note_check CHECK (char_length(note) BETWEEN 1 AND 2000),
        reported_by text NOT NULL,
        reporter_agency_id uuid NOT NULL REFERENCES agencies(id),
        reported_at timestamptz NOT NULL DEFAULT now(),
        status text NOT NULL DEFAULT 'OPEN' CONSTRAINT service_issues_status_check CHECK (status IN ('OPEN', 'RESOLVED', 'DISMISSED')),
        resolution text CONSTRAINT service_issues_resolution_check
          CHECK (resolution IN ('VERIFIED', 'SERVICE_UPDATED', 'STATUS_CHANGED', 'CAPACITY_UPDATED', 'LOCATION_UPDATED')),
        dismiss_reason text CONSTRAINT service_issues_dismiss_reason_check CHECK (char_length(dismiss_reason) BETWEEN 1 AND 2000),
        closed_at timestamptz,
        closed_by text,
        closed_by_agency_id uuid REFERENCES agencies(id),
        CONSTRAINT service_issues_other_needs_note CHECK (kind <> 'OTHER' OR note IS NOT NULL),
        CONSTRAINT service_issues_closed CHECK ((status = 'OPEN') = (closed_at IS NULL)),
        CONSTRAINT service_issues_resolved CHECK ((status = 'RESOLVED') = (resolution IS NOT NULL)),
        CONSTRAINT service_issues_dismissed CHECK ((status = 'DISMISSED') = (dismiss_reason IS NOT NULL))
      )`);
    // the owner's queue, the reporter's list, the open issues of a service (resolved by each edit)
    await q.query(`CREATE INDEX service_issues_owner_idx ON service_issues (owner_agency_id, status, reported_at)`);
    await q.query(`CREATE INDEX service_issues_reporter_idx ON service_issues (reporter_agency_id, reported_at)`);
    await q.query(`CREATE INDEX service_issues_open_idx ON service_issues (service_id) WHERE status = 'OPEN'`);
    // one open report of a kind per service and reporting agency: a second says nothing new
    await q.query(`CREATE UNIQUE INDEX service_issues_one_open_idx ON service_issues (service_id, reporter_agency_id, kind) WHERE status = 'OPEN'`);

    await q.query(`
      CREATE TABLE directory_changes (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        subject_type text NOT NULL CONSTRAINT directory_changes_subject_check CHECK (subject_type IN ('SERVICE', 'LOCATION', 'AGENCY', 'CATEGORY')),
        subject_id text NOT NULL,
        action text NOT NULL,
        fields text[] NOT NULL DEFAULT '{}',
        changed_by text,
        changed_by_agency_id uuid,
        changed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX directory_changes_subject_idx ON directory_changes (subject_type, subject_id, changed_at DESC, id DESC)`);

    await q.query(`ALTER TABLE services ADD COLUMN verification_requested_at timestamptz, ADD COLUMN verification_requested_by text`);
    await q.query(`CREATE INDEX services_verification_requested_idx ON services (verification_requested_at) WHERE verification_requested_at IS NOT NULL`);

    await q.query(`ALTER TABLE service_categories ADD COLUMN retired_at timestamptz, ADD COLUMN retired_by text`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE service_categories DROP COLUMN IF EXISTS retired_by, DROP COLUMN IF EXISTS retired_at`);
    await q.query(`DROP INDEX IF EXISTS services_verification_requested_idx`);
    await q.query(`ALTER TABLE services DROP COLUMN IF EXISTS verification_requested_by, DROP COLUMN IF EXISTS verification_requested_at`);
    await q.query(`DROP TABLE IF EXISTS directory_changes`);
    await q.query(`DROP TABLE IF EXISTS service_issues`);
  }
}
