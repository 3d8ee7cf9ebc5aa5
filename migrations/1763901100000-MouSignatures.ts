import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An MoU is in force only once every party has signed it, one signature per party by its AGENCY_ADMIN,
 * recorded like the signatures of data-sharing agreements (who, in which role, when).
 *
 * MoUs already signed before this migration were signed by one call for all parties: each of their
 * parties gets a signature dated on the MoU's signing date, recorded as made by 'migration', so that
 * they keep their status.
 */
export class MouSignatures1763901100000 implements MigrationInterface {
  name = 'MouSignatures1763901100000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE mou_signatures (
        mou_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        signed_by text NOT NULL,
        signer_role text NOT NULL,
        signed_on date NOT NULL,
        signed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (mou_id, agency_id),
        FOREIGN KEY (mou_id, agency_id) REFERENCES mou_parties (mou_id, agency_id) ON DELETE CASCADE
      )`);
    await q.query(`
      INSERT INTO mou_signatures (mou_id, agency_id, signed_by, signer_role, signed_on, signed_at)
      SELECT p.mou_id, p.agency_id, 'migration', 'AGENCY_ADMIN', m.signed_on, m.signed_on::timestamptz
        FROM mou_parties p JOIN mous m ON m.id = p.mou_id
       WHERE m.signed_on IS NOT NULL`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS mou_signatures`);
  }
}
