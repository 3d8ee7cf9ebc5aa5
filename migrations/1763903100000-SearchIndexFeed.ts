import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The in-process search index (src/directory/search-index.ts) catches up with the directory by reading
 * the rows changed since it last looked: every write of a service or a location stamps its row with the
 * id of the writing transaction (`index_xid`). The index remembers the oldest transaction still running
 * when it read (pg_snapshot_xmin), so a transaction that commits late is read on the next catch-up.
 * A change of a service's sites stamps the service, so its locations are read again with it.
 */
export class SearchIndexFeed1763903100000 implements MigrationInterface {
  name = 'SearchIndexFeed1763903100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE services ADD COLUMN index_xid xid8`);
    await q.query(`ALTER TABLE locations ADD COLUMN index_xid xid8`);
    await q.query(`CREATE INDEX services_index_xid_idx ON services (index_xid)`);
    await q.query(`CREATE INDEX locations_index_xid_idx ON locations (index_xid)`);
    await q.query(`
      CREATE FUNCTION search_index_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.index_xid := pg_current_xact_id();
        RETURN NEW;
      END $$`);
    await q.query(`CREATE TRIGGER services_index_stamp BEFORE INSERT OR UPDATE ON services FOR EACH ROW EXECUTE FUNCTION search_index_stamp()`);
    await q.query(`CREATE TRIGGER locations_index_stamp BEFORE INSERT OR UPDATE ON locations FOR EACH ROW EXECUTE FUNCTION search_index_stamp()`);
    await q.query(`
      CREATE FUNCTION search_index_stamp_sites() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE services SET index_xid = NULL WHERE id IN (SELECT service_id FROM changed);
        RETURN NULL;
      END $$`);
    // one statement per write of sites (transition tables: one event per trigger)
    for (const [event, table] of [['INSERT', 'NEW'], ['UPDATE', 'NEW'], ['DELETE', 'OLD']]) {
      await q.query(`CREATE TRIGGER service_locations_index_${event.toLowerCase()} AFTER ${event} ON service_locations REFERENCING ${table} TABLE AS changed
                     FOR EACH STATEMENT EXECUTE FUNCTION search_index_stamp_sites()`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const event of ['insert', 'update', 'delete']) await q.query(`DROP TRIGGER IF EXISTS service_locations_index_${event} ON service_locations`);
    await q.query(`DROP FUNCTION IF EXISTS search_index_stamp_sites()`);
    await q.query(`DROP TRIGGER IF EXISTS locations_index_stamp ON locations`);
    await q.query(`DROP TRIGGER IF EXISTS services_index_stamp ON services`);
    await q.query(`DROP FUNCTION IF EXISTS search_index_stamp()`);
    await q.query(`ALTER TABLE locations DROP COLUMN IF EXISTS index_xid`);
    await q.query(`ALTER TABLE services DROP COLUMN IF EXISTS index_xid`);
  }
}
