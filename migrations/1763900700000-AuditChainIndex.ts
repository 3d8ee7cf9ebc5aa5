import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The chain trigger found the last link with ORDER BY seq DESC NULLS LAST, which the seq index cannot
 * serve: every audited row sorted the whole log. seq is NOT NULL, so plain DESC reads one index entry.
 */
export class AuditChainIndex1763900700000 implements MigrationInterface {
  name = 'AuditChainIndex1763900700000';

  private async chainFunction(q: QueryRunner, order: string): Promise<void> {
    await q.query(`
      CREATE OR REPLACE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE last audit_events;
      BEGIN
        PERFORM pg_advisory_xact_lock(727274);
        SELECT * INTO last FROM audit_events ORDER BY ${order} LIMIT 1;
        NEW.seq := coalesce(last.seq, 0) + 1;
        NEW.prev_hash := coalesce(last.hash, repeat('0', 64));
        NEW.hash := encode(sha256(convert_to(NEW.prev_hash || '|' || audit_event_canonical(NEW), 'UTF8')), 'hex');
        RETURN NEW;
      END $$`);
  }

  public async up(q: QueryRunner): Promise<void> {
    await this.chainFunction(q, 'seq DESC');
  }

  public async down(q: QueryRunner): Promise<void> {
    await this.chainFunction(q, 'seq DESC NULLS LAST');
  }
}
