/**
 * Agreement status is derived, never stored, so that it is right at the moment of reading:
 * these SQL expressions are the single definition, used by every query that reads or filters agreements.
 */
export const mouStatusSql = (m: string) => `(CASE
  WHEN ${m}.terminated_at IS NOT NULL THEN 'TERMINATED'
  WHEN ${m}.signed_on IS NULL THEN 'DRAFT'
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
