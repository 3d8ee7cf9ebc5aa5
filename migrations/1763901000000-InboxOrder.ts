import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The inbox lists open referrals emergencies first, then by response due time. The inbox index matched
 * the filter but not that order, so every page sorted all of an agency's open referrals (2,000 for a
 * busy agency, 2 ms). This index returns them in order: a page reads its 50 entries and stops.
 */
export class InboxOrder1763901000000 implements MigrationInterface {
  name = 'InboxOrder1763901000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE INDEX referrals_open_inbox_order_idx ON referrals
        (receiving_agency_id, (CASE priority WHEN 'EMERGENCY' THEN 0 WHEN 'URGENT' THEN 1 ELSE 2 END), response_due_at, id)
        WHERE status IN ('SENT', 'ACCEPTED')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS referrals_open_inbox_order_idx`);
  }
}
