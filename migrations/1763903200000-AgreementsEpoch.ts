import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The data-sharing agreements' epoch: one value, changed by every statement that writes agreements or their
 * signatures, in the writing transaction. A process keeps agreements in memory (src/agreements/pair-cache.ts)
 * tagged with the epoch it read them at; a statement that reads referrals reads the epoch too, and uses the
 * kept agreements only when the two are equal: a disclosure is decided on the agreements as they are at
 * that moment, on every instance, without reading them again. A random value rather than a counter, so that
 * an epoch is never seen twice with different agreements (a rolled-back write, a restored backup).
 */
export class AgreementsEpoch1763903200000 implements MigrationInterface {
  name = 'AgreementsEpoch1763903200000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE agreements_epoch (only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row), epoch bigint NOT NULL)`);
    await q.query(`INSERT INTO agreements_epoch (epoch) VALUES (floor(random() * 9007199254740991)::bigint)`);
    await q.query(`
      CREATE FUNCTION agreements_epoch_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE agreements_epoch SET epoch = floor(random() * 9007199254740991)::bigint;
        RETURN NULL;
      END $$`);
    for (const table of ['data_sharing_agreements', 'dsa_signatures']) {
      await q.query(`CREATE TRIGGER ${table}_epoch AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION agreements_epoch_change()`);
    }
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ['data_sharing_agreements', 'dsa_signatures']) await q.query(`DROP TRIGGER IF EXISTS ${table}_epoch ON ${table}`);
    await q.query(`DROP FUNCTION IF EXISTS agreements_epoch_change()`);
    await q.query(`DROP TABLE IF EXISTS agreements_epoch`);
  }
}
