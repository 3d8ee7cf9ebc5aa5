import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An MoU is in force only once every party has signed it, one signature per party by its AGENCY_ADMIN,
 * recorded like the signatures of data-sharing agreements (who, in which role, when).
 *
 * MoUs already signed before this migration were signed by one call for all parties: each of their
 * parties gets a signature dated on the MoU's signing date, recorded as made by 'migration', so that
 * they keep their status.
 *
 * A confidential location located in a locality now counts in the services' area closure (search by
 * area, coverage, statistics) in the area above that locality only, so that an outsider cannot find a
 * shelter's locality by filtering on it: the closure of the services with such a location is recomputed
 * as DirectoryService.refreshDerived now computes it.
 */
export class MouSignaturesPublicAreas1763901100000 implements MigrationInterface {
  name = 'MouSignaturesPublicAreas1763901100000';

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
    await q.query(`
      UPDATE services s SET area_closure = coalesce((
        SELECT array_agg(DISTINCT x) FROM (
          SELECT a.path FROM service_areas sa JOIN areas a ON a.id = sa.area_id WHERE sa.service_id = s.id
          UNION ALL
          SELECT CASE WHEN l.confidential AND a.level = 'LOCALITY'
                   THEN (SELECT up.path FROM areas up WHERE a.path LIKE up.path || '/%' AND up.level <> 'LOCALITY' ORDER BY length(up.path) DESC LIMIT 1)
                   ELSE a.path END
            FROM service_locations sl JOIN locations l ON l.id = sl.location_id JOIN areas a ON a.id = l.area_id WHERE sl.service_id = s.id
        ) paths, unnest(string_to_array(paths.path, '/')) x), '{}')
       WHERE EXISTS (SELECT 1 FROM service_locations sl JOIN locations l ON l.id = sl.location_id JOIN areas a ON a.id = l.area_id
                      WHERE sl.service_id = s.id AND l.confidential AND a.level = 'LOCALITY')`);
  }

  public async down(q: QueryRunner): Promise<void> {
    // the area closures stay as they are: the next refreshDerived of a service recomputes its own
    await q.query(`DROP TABLE IF EXISTS mou_signatures`);
  }
}
