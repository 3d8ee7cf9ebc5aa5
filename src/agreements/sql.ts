/**
 * What other modules may read of the agreements' tables (mous, mou_parties, mou_signatures, sops,
 * data_sharing_agreements, dsa_signatures): functions, and SQL builders for statements that read them
 * together with other tables. The status expressions are in ./status.ts, the sharing decision in ./data-sharing.ts.
 */
import type { EntityManager } from 'typeorm';
import { dsaStatusSql, mouStatusSql } from './status';

type Query = Pick<EntityManager, 'query'>;

// ---- FROM sources, for aggregating statements (coverage) ------------------------------------

/** The MoUs under `alias`. */
export const mousFrom = (alias: string) => `mous ${alias}`;
/** The SOPs under `alias`. */
export const sopsFrom = (alias: string) => `sops ${alias}`;
/** The data-sharing agreements under `alias`. */
export const dataSharingAgreementsFrom = (alias: string) => `data_sharing_agreements ${alias}`;

/** SQL: the party agency ids (text[]) of the MoU `mou` (alias). */
export const mouPartyIdsSql = (mou: string) => `ARRAY(SELECT agency_id::text FROM mou_parties p WHERE p.mou_id = ${mou}.id)`;

/** SQL: the SOP series ids (text) among `param` (uuid[]). */
export const existingSopSeriesSql = (param: string) => `ARRAY(SELECT DISTINCT series_id::text FROM sops WHERE series_id = ANY(${param}::uuid[]))`;

/**
 * SQL: every party of an ACTIVE MoU or data-sharing agreement that ends within `days` (an int expression), one
 * row per agreement and party agency: kind ('MOU' | 'DATA_SHARING_AGREEMENT'), id, agency_id, ends_on (text).
 */
export const agreementPartiesEndingSql = (days: string) => `
  SELECT 'MOU' AS kind, m.id, p.agency_id, m.expires_on::text AS ends_on FROM mous m JOIN mou_parties p ON p.mou_id = m.id
   WHERE m.terminated_at IS NULL AND m.expires_on BETWEEN current_date AND current_date + ${days} AND ${mouStatusSql('m')} = 'ACTIVE'
  UNION ALL
  SELECT 'DATA_SHARING_AGREEMENT', d.id, x.agency_id, d.valid_until::text FROM data_sharing_agreements d
   CROSS JOIN LATERAL (VALUES (d.providing_agency_id), (d.receiving_agency_id)) x(agency_id)
   WHERE d.terminated_at IS NULL AND d.valid_until BETWEEN current_date AND current_date + ${days} AND ${dsaStatusSql('d')} = 'ACTIVE'`;

// ---- functions --------------------------------------------------------------------------------

/** The ACTIVE MoU between two agencies that runs longest (open-ended first); undefined when none. One statement. */
export async function activeMouBetween(m: Query, agencyA: string, agencyB: string): Promise<{ id: string } | undefined> {
  const [mou] = await m.query(
    `SELECT m.id FROM mous m WHERE ${mouStatusSql('m')} = 'ACTIVE'
       AND EXISTS (SELECT 1 FROM mou_parties a WHERE a.mou_id = m.id AND a.agency_id = $1)
       AND EXISTS (SELECT 1 FROM mou_parties b WHERE b.mou_id = m.id AND b.agency_id = $2)
     ORDER BY m.expires_on DESC NULLS FIRST LIMIT 1`,
    [agencyA, agencyB],
  );
  return mou;
}

export type ResponseHoursColumn = 'emergency_response_hours' | 'urgent_response_hours' | 'normal_response_hours';

/**
 * The shortest response time (hours) the agency's SOPs in force set in `column` for services of these
 * categories (SOPs with no category apply to all); null when none does. One statement.
 */
export async function sopResponseHours(m: Query, agencyId: string, categoryCodes: string[], column: ResponseHoursColumn): Promise<number | null> {
  const [sop] = await m.query(
    `SELECT min(sp.${column}) AS hours FROM sops sp WHERE sp.owner_agency_id = $1 AND sp.superseded_at IS NULL AND sp.effective_from <= current_date
        AND (cardinality(sp.category_codes) = 0 OR sp.category_codes && $2::text[])`,
    [agencyId, categoryCodes],
  );
  return sop?.hours ?? null;
}

/** The parties of each MoU in `ids` (one statement); an MoU with no party row is absent. */
export async function partiesOfMous(m: Query, ids: readonly string[]): Promise<Map<string, string[]>> {
  const rows: { mou_id: string; agency_id: string }[] = await m.query(`SELECT mou_id, agency_id FROM mou_parties WHERE mou_id = ANY($1::uuid[])`, [ids]);
  const parties = new Map<string, string[]>();
  for (const r of rows) parties.set(r.mou_id, [...(parties.get(r.mou_id) ?? []), r.agency_id]);
  return parties;
}

/** The two parties (providing, receiving) of each data-sharing agreement in `ids` (one statement). */
export async function partiesOfDsas(m: Query, ids: readonly string[]): Promise<Map<string, string[]>> {
  const rows: { id: string; parties: string[] }[] = await m.query(
    `SELECT id, ARRAY[providing_agency_id, receiving_agency_id] AS parties FROM data_sharing_agreements WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.parties]));
}

/** The owner agency of each SOP in `ids` (one statement). */
export async function ownersOfSops(m: Query, ids: readonly string[]): Promise<Map<string, string>> {
  const rows: { id: string; owner_agency_id: string }[] = await m.query(`SELECT id, owner_agency_id FROM sops WHERE id = ANY($1::uuid[])`, [ids]);
  return new Map(rows.map((r) => [r.id, r.owner_agency_id]));
}
