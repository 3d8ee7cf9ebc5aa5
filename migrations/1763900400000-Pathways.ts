import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Referral pathways: ordered steps, each a service category, for a population or situation. */
export class Pathways1763900400000 implements MigrationInterface {
  name = 'Pathways1763900400000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pathways (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL UNIQUE,
        description text,
        populations text[] NOT NULL CHECK (cardinality(populations) > 0),
        created_at timestamptz NOT NULL DEFAULT now(),
        created_by text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        updated_by text
      )`);
    await q.query(`
      CREATE TABLE pathway_steps (
        pathway_id uuid NOT NULL REFERENCES pathways(id) ON DELETE CASCADE,
        position int NOT NULL CHECK (position >= 1),
        title text NOT NULL,
        category_code text NOT NULL REFERENCES service_categories(code),
        required boolean NOT NULL DEFAULT true,
        lead_agency_id uuid REFERENCES agencies(id),
        sop_series_id uuid,
        PRIMARY KEY (pathway_id, position)
      )`);
    await q.query(`CREATE INDEX referrals_sent_idx ON referrals (sent_at)`);
    await q.query(`CREATE INDEX services_verified_idx ON services (last_verified_at) WHERE status = 'ACTIVE'`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS services_verified_idx`);
    await q.query(`DROP INDEX IF EXISTS referrals_sent_idx`);
    await q.query(`DROP TABLE IF EXISTS pathway_steps`);
    await q.query(`DROP TABLE IF EXISTS pathways`);
  }
}
