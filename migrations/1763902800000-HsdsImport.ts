import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The HSDS 3 import (owned by src/hsds/):
 * - `hsds_term_mappings`: which category of ours a taxonomy term of another system stands for (null: the term is
 *   ignored on purpose); the network admin edits it (setHsdsTermMapping, npm run hsds:import -- --mapping).
 * - `hsds_external_ids`: the id an organization, location or service has in HSDS packages and its id here, so a
 *   second import of the same package finds what the first created.
 * - `hsds_imports` and `hsds_import_records`: a run and, per record, what became of it (created, updated,
 *   unchanged, skipped, invalid) with the JSON pointer of each problem. A record and its report row are written
 *   in one transaction, so an interrupted run continues where it stopped.
 */
export class HsdsImport1763902800000 implements MigrationInterface {
  name = 'HsdsImport1763902800000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hsds_term_mappings (
        taxonomy text NOT NULL CHECK (char_length(taxonomy) BETWEEN 1 AND 200),
        term_code text NOT NULL CHECK (char_length(term_code) BETWEEN 1 AND 200),
        category_code text REFERENCES service_categories(code),
        updated_by text,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (taxonomy, term_code)
      )`);
    await q.query(`
      CREATE TABLE hsds_external_ids (
        kind text NOT NULL CHECK (kind IN ('ORGANIZATION', 'LOCATION', 'SERVICE')),
        external_id text NOT NULL,
        our_id uuid NOT NULL,
        import_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (kind, external_id)
      )`);
    await q.query(`CREATE INDEX hsds_external_ids_ours_idx ON hsds_external_ids (kind, our_id)`);
    await q.query(`
      CREATE TABLE hsds_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_key text NOT NULL,
        format text NOT NULL CHECK (format IN ('JSON', 'CSV_ZIP')),
        options jsonb NOT NULL DEFAULT '{}',
        status text NOT NULL DEFAULT 'RUNNING' CHECK (status IN ('RUNNING', 'FINISHED')),
        total int NOT NULL,
        created int NOT NULL DEFAULT 0,
        updated int NOT NULL DEFAULT 0,
        unchanged int NOT NULL DEFAULT 0,
        skipped int NOT NULL DEFAULT 0,
        invalid int NOT NULL DEFAULT 0,
        unknown_terms jsonb NOT NULL DEFAULT '[]',
        warnings jsonb NOT NULL DEFAULT '[]',
        resumed int NOT NULL DEFAULT 0,
        started_by text,
        started_at timestamptz NOT NULL DEFAULT now(),
        heartbeat_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        CHECK ((status = 'FINISHED') = (finished_at IS NOT NULL))
      )`);
    // one unfinished run per package and options: running the same package again continues it
    await q.query(`CREATE UNIQUE INDEX hsds_imports_running_idx ON hsds_imports (run_key) WHERE status = 'RUNNING'`);
    await q.query(`CREATE INDEX hsds_imports_started_idx ON hsds_imports (started_at DESC)`);
    await q.query(`
      CREATE TABLE hsds_import_records (
        import_id uuid NOT NULL REFERENCES hsds_imports(id) ON DELETE CASCADE,
        seq int NOT NULL,
        kind text NOT NULL CHECK (kind IN ('ORGANIZATION', 'LOCATION', 'SERVICE', 'SERVICE_AT_LOCATION')),
        external_id text,
        source text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('CREATED', 'UPDATED', 'UNCHANGED', 'SKIPPED', 'INVALID')),
        our_id uuid,
        fields text[] NOT NULL DEFAULT '{}',
        problems jsonb NOT NULL DEFAULT '[]',
        notes jsonb NOT NULL DEFAULT '[]',
        PRIMARY KEY (import_id, seq)
      )`);
    await q.query(`CREATE INDEX hsds_import_records_outcome_idx ON hsds_import_records (import_id, outcome, seq)`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const table of ['hsds_import_records', 'hsds_imports', 'hsds_external_ids', 'hsds_term_mappings']) await q.query(`DROP TABLE IF EXISTS ${table}`);
  }
}
