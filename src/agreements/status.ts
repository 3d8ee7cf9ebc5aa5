/**
 * Agreement status is derived, never stored, so that it is right at the moment of reading:
 * these SQL expressions are the single definition, used by every query that reads or filters agreements.
 */
/**
 * Every party of the MoU has signed it (one signature per party, see mou_signatures); the service sets
 * signed_on when the last party signs. Only such an MoU can be in force.
 */
export const mouFullySignedSql = (m: string) => `(${m}.signed_on IS NOT NULL AND NOT EXISTS (SELECT 1 FROM mou_parties mou_sig_p
  WHERE mou_sig_p.mou_id = ${m}.id AND NOT EXISTS (SELECT 1 FROM mou_signatures mou_sig_s WHERE mou_sig_s.mou_id = mou_sig_p.mou_id AND mou_sig_s.agency_id = mou_sig_p.agency_id)))`;

export const mouStatusSql = (m: string) => `(CASE
  WHEN ${m}.terminated_at IS NOT NULL THEN 'TERMINATED'
  WHEN NOT ${mouFullySignedSql(m)} THEN
    CASE WHEN EXISTS (SELECT 1 FROM mou_signatures mou_sig_any WHERE mou_sig_any.mou_id = ${m}.id) THEN 'PARTIALLY_SIGNED' ELSE 'DRAFT' END
  WHEN ${m}.expires_on IS NOT NULL AND ${m}.expires_on < current_date THEN 'EXPIRED'
  WHEN ${m}.effective_from > current_date THEN 'SIGNED'
  ELSE 'ACTIVE' END)`;

export const dsaSignatureCountSql = (d: string) => `(SELECT count(*) FROM dsa_signatures s WHERE s.dsa_id = ${d}.id)`;

export const dsaStatusSql = (d: string) => `(CASE
  WHEN ${d}.terminated_at IS NOT NULL THEN 'TERMINATED'
  WHEN ${dsaSignatureCountSql(d)} = 0 THEN 'DRAFT'
  WHEN ${dsaSignatureCountSql(d)} < 2 THEN 'PARTIALLY_SIGNED'
  WHEN ${d}.valid_until < current_date THEN 'EXPIRED'
  WHEN ${d}.valid_from > current_date THEN 'SIGNED'
  ELSE 'ACTIVE' END)`;
