import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 12, statistics:
 * - a data access request names the data holders it asks (empty: the whole network), and each holder
 *   approves for its own records (data_access_approvals); a NETWORK_ADMIN may approve for all of them,
 *   recorded as such. Statistics under a request count only the records of holders that approved it.
 * - statistics_answers: the record sets already answered under a request, for its query budget and the
 *   differencing check.
 */
export class StatisticsProtection1763901200000 implements MigrationInterface {
  name = 'StatisticsProtection1763901200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE data_access_requests ADD COLUMN holder_agency_ids uuid[] NOT NULL DEFAULT '{}'`);
    await q.query(`
      CREATE TABLE data_access_approvals (
        request_id uuid NOT NULL REFERENCES data_access_requests(id),
        agency_id uuid NOT NULL REFERENCES agencies(id),
        decided_by text NOT NULL,
        on_behalf_of_network boolean NOT NULL DEFAULT false,
        conditions text NOT NULL,
        valid_until date NOT NULL,
        decided_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        revoked_by text,
        revocation_reason text,
        PRIMARY KEY (request_id, agency_id)
      )`);
    // approvals given before: each covered the approving agency's records only
    await q.query(`
      INSERT INTO data_access_approvals (request_id, agency_id, decided_by, conditions, valid_until, decided_at, revoked_at, revoked_by, revocation_reason)
      SELECT id, decided_by_agency_id, decided_by, coalesce(conditions, ''), valid_until, coalesce(decided_at, now()), revoked_at, revoked_by, revocation_reason
        FROM data_access_requests WHERE status IN ('APPROVED', 'REVOKED') AND decided_by_agency_id IS NOT NULL AND valid_until IS NOT NULL`);
    await q.query(`
      CREATE TABLE statistics_answers (
        id bigserial PRIMARY KEY,
        request_id uuid NOT NULL REFERENCES data_access_requests(id),
        dataset text NOT NULL,
        group_by text[] NOT NULL,
        fingerprint text NOT NULL,
        record_count int NOT NULL,
        record_ids uuid[] NOT NULL,
        answered_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX statistics_answers_request_idx ON statistics_answers (request_id, dataset)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS statistics_answers`);
    await q.query(`DROP TABLE IF EXISTS data_access_approvals`);
    await q.query(`ALTER TABLE data_access_requests DROP COLUMN IF EXISTS holder_agency_ids`);
  }
}
