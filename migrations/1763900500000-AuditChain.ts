import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Makes the audit log tamper-evident: append-only at the database level (UPDATE and DELETE are refused
 * by a trigger) and hash-chained (each entry stores the hash of the previous one and its own).
 */
export class AuditChain1763900500000 implements MigrationInterface {
  name = 'AuditChain1763900500000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_events ADD COLUMN seq bigint, ADD COLUMN prev_hash text, ADD COLUMN hash text`);
    await q.query(`
      CREATE FUNCTION audit_event_canonical(e audit_events) RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT concat_ws('|', e.seq, to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'), e.actor_id, e.actor_agency_id,
                         e.action, e.entity_type, e.entity_id, e.details::text)
      $$`);
    await q.query(`
      CREATE FUNCTION audit_event_chain() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE last audit_events;
      BEGIN
        -- one writer at a time extends the chain, so the order of seq is the order of the links
        PERFORM pg_advisory_xact_lock(727274);
        SELECT * INTO last FROM audit_events ORDER BY seq DESC NULLS LAST LIMIT 1;
        NEW.seq := coalesce(last.seq, 0) + 1;
        NEW.prev_hash := coalesce(last.hash, repeat('0', 64));
        NEW.hash := encode(sha256(convert_to(NEW.prev_hash || '|' || audit_event_canonical(NEW), 'UTF8')), 'hex');
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE FUNCTION audit_event_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    // chain what was written before this migration, in the order it was written
    await q.query(`
      DO $$
      DECLARE e audit_events; prev text := repeat('0', 64); n bigint := 0;
      BEGIN
        FOR e IN SELECT * FROM audit_events ORDER BY id LOOP
          n := n + 1;
          e.seq := n;
          e.prev_hash := prev;
          e.hash := encode(sha256(convert_to(prev || '|' || audit_event_canonical(e), 'UTF8')), 'hex');
          UPDATE audit_events SET seq = e.seq, prev_hash = e.prev_hash, hash = e.hash WHERE id = e.id;
          prev := e.hash;
        END LOOP;
      END $$`);
    await q.query(`ALTER TABLE audit_events ALTER COLUMN seq SET NOT NULL, ALTER COLUMN prev_hash SET NOT NULL, ALTER COLUMN hash SET NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX audit_events_seq_idx ON audit_events (seq)`);
    await q.query(`CREATE TRIGGER audit_events_chain BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_event_chain()`);
    await q.query(`CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events FOR EACH ROW EXECUTE FUNCTION audit_event_immutable()`);
    await q.query(`CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events FOR EACH STATEMENT EXECUTE FUNCTION audit_event_immutable()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events`);
    await q.query(`DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events`);
    await q.query(`DROP TRIGGER IF EXISTS audit_events_chain ON audit_events`);
    await q.query(`DROP FUNCTION IF EXISTS audit_event_immutable()`);
    await q.query(`DROP FUNCTION IF EXISTS audit_event_chain()`);
    await q.query(`DROP INDEX IF EXISTS audit_events_seq_idx`);
    await q.query(`DROP FUNCTION IF EXISTS audit_event_canonical(audit_events)`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN seq, DROP COLUMN prev_hash, DROP COLUMN hash`);
  }
}
