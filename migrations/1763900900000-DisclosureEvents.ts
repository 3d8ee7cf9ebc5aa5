import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Reads of personal fields through referrals are logged as one audit event per request (action
 * 'cases.disclosed', details.reads lists each case, referral, fields and basis) instead of one per case:
 * an inbox page of 50 referrals wrote 50 hash-chained rows, each through the serial chain trigger.
 * This index finds a case's reads in those events (details.caseIds), for its audit trail and report.
 */
export class DisclosureEvents1763900900000 implements MigrationInterface {
  name = 'DisclosureEvents1763900900000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX audit_events_disclosed_cases_idx ON audit_events USING gin ((details->'caseIds')) WHERE action = 'cases.disclosed'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS audit_events_disclosed_cases_idx`);
  }
}
