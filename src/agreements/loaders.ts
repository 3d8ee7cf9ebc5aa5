import DataLoader from 'dataloader';
import type { DataSource } from 'typeorm';
import type { Viewer } from '../auth/roles';
import { isUuid } from '../shared/ids';
import { seesAllAgreements } from '../policy/agreement-terms';
import type { AgreementsService } from './agreements.service';
import type { DataSharingAgreement, DsaSignature, Mou, MouSignature } from './entities';
import { groupByOwner as grouped } from '../shared/sql';
import { anyAreaOfServiceSql, servicesScopeSql } from '../directory/sql';
import { ownersOfSops, partiesOfDsas, partiesOfMous } from './sql';
import { dsaStatusSql, mouFullySignedSql, mouStatusSql } from './status';

/** Per-request loaders of agreement relations, each one statement for a whole page. */
export function createAgreementLoaders(db: DataSource, agreements: AgreementsService, viewer: Viewer | null) {
  const all = viewer ? seesAllAgreements(viewer) : false;
  const viewerAgency = viewer?.agencyId ?? '00000000-0000-0000-0000-000000000000';
  return {
    /** Agencies with an ACTIVE MoU with the key agency. */
    partnersOfAgency: new DataLoader<string, string[]>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows = valid.length
        ? await db.query(
            `SELECT DISTINCT a.agency_id AS owner, b.agency_id AS partner FROM mou_parties a
               JOIN mou_parties b ON b.mou_id = a.mou_id AND b.agency_id <> a.agency_id
               JOIN mous m ON m.id = a.mou_id
              WHERE a.agency_id = ANY($1::uuid[]) AND ${mouStatusSql('m')} = 'ACTIVE'`,
            [valid],
          )
        : [];
      return grouped(rows.map((r: any) => ({ owner: r.owner, item: r.partner as string })), ids);
    }),
    /** ACTIVE data-sharing agreements of the key agency that the viewer may know of. */
    activeDsasOfAgency: new DataLoader<string, DataSharingAgreement[]>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows = valid.length
        ? await db.query(
            `SELECT k.id AS owner, d.*, ${dsaStatusSql('d')} AS status FROM unnest($1::uuid[]) AS k(id)
               JOIN data_sharing_agreements d ON k.id IN (d.providing_agency_id, d.receiving_agency_id)
              WHERE ${dsaStatusSql('d')} = 'ACTIVE' AND ($2 OR $3::uuid IN (d.providing_agency_id, d.receiving_agency_id))
              ORDER BY d.valid_until`,
            [valid, all, viewerAgency],
          )
        : [];
      return grouped(rows.map((r: any) => ({ owner: r.owner, item: agreements.hydrateDsa(r) })), ids);
    }),
    /**
     * MoUs (visible to the viewer) under which the key service is provided: its agency is a party, every party
     * has signed, and the MoU covers its categories and areas.
     */
    mousOfService: new DataLoader<string, Mou[]>(async (ids) => {
      const valid = ids.filter(isUuid);
      const rows = valid.length
        ? await db.query(
            `SELECT s.id AS owner, m.*, ${mouStatusSql('m')} AS status,
                    ARRAY(SELECT agency_id FROM mou_parties mp WHERE mp.mou_id = m.id ORDER BY agency_id) AS party_ids
               FROM ${servicesScopeSql('$1::uuid[]')} s JOIN mou_parties p ON p.agency_id = s.agency_id JOIN mous m ON m.id = p.mou_id
              WHERE ${mouFullySignedSql('m')}
                AND (cardinality(m.category_codes) = 0 OR m.category_codes && s.category_codes)
                AND (cardinality(m.area_ids) = 0 OR ${anyAreaOfServiceSql('m.area_ids', 's.area_closure', 's.coverage_codes')})
                AND ($2 OR EXISTS (SELECT 1 FROM mou_parties vp WHERE vp.mou_id = m.id AND vp.agency_id = $3::uuid))
              ORDER BY m.created_at`,
            [valid, all, viewerAgency],
          )
        : [];
      return grouped(rows.map((r: any) => ({ owner: r.owner, item: agreements.hydrateMou(r) })), ids);
    }),
    signaturesOfDsa: new DataLoader<string, DsaSignature[]>(async (ids) => {
      const rows = await db.query(`SELECT dsa_id, agency_id, signed_by, signer_role, signed_at FROM dsa_signatures WHERE dsa_id = ANY($1::uuid[]) ORDER BY signed_at`, [ids]);
      return grouped(rows.map((r: any) => ({ owner: r.dsa_id, item: { agencyId: r.agency_id, signedBy: r.signed_by, signerRole: r.signer_role, signedAt: r.signed_at } })), ids);
    }),
    signaturesOfMou: new DataLoader<string, MouSignature[]>(async (ids) => {
      const rows = await db.query(
        `SELECT mou_id, agency_id, signed_by, signer_role, signed_on::text AS signed_on, signed_at FROM mou_signatures WHERE mou_id = ANY($1::uuid[]) ORDER BY signed_at, agency_id`,
        [ids.filter(isUuid)]);
      return grouped(rows.map((r: any) => ({ owner: r.mou_id,
        item: { agencyId: r.agency_id, signedBy: r.signed_by, signerRole: r.signer_role, signedOn: r.signed_on, signedAt: r.signed_at } })), ids);
    }),
    /** The party agencies of an MoU (null when there is no such MoU), for the ownership rules of src/permissions.ts. */
    partiesOfMou: new DataLoader<string, string[] | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const parties = valid.length ? await partiesOfMous(db, valid) : new Map<string, string[]>();
      return ids.map((id) => parties.get(id.toLowerCase()) ?? null);
    }),
    /** The two parties of a data-sharing agreement (null when there is no such agreement). */
    partiesOfDsa: new DataLoader<string, string[] | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const parties = valid.length ? await partiesOfDsas(db, valid) : new Map<string, string[]>();
      return ids.map((id) => parties.get(id.toLowerCase()) ?? null);
    }),
    /** The owner agency of an SOP (null when there is no such SOP). */
    ownerOfSop: new DataLoader<string, string | null>(async (ids) => {
      const valid = ids.filter(isUuid);
      const owners = valid.length ? await ownersOfSops(db, valid) : new Map<string, string>();
      return ids.map((id) => owners.get(id.toLowerCase()) ?? null);
    }),
  };
}

export type AgreementLoaders = ReturnType<typeof createAgreementLoaders>;
