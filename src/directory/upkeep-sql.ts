/**
 * What other modules may read of the directory's upkeep tables (service_issues, and the verification requests
 * on services): SQL to compose into the caller's statement, as in sql.ts. Counts of records, never a note.
 */

/**
 * SQL: services with open reports (service_id, open_issues, kinds, oldest_reported_at), most reports first, at
 * most 200; `areaCode` is an expression (text, null for the whole network) the service's area closure must hold.
 */
export const servicesWithOpenIssuesSql = (areaCode: string) =>
  `SELECT i.service_id, count(*)::int AS open_issues, array_agg(DISTINCT i.kind) AS kinds, min(i.reported_at) AS oldest_reported_at
     FROM service_issues i JOIN services s ON s.id = i.service_id
    WHERE i.status = 'OPEN' AND (${areaCode}::text IS NULL OR s.area_closure @> ARRAY[${areaCode}::text])
    GROUP BY i.service_id ORDER BY count(*) DESC, min(i.reported_at), i.service_id LIMIT 200`;

/** SQL: entries a network admin asked to verify and not verified since (id, verification_requested_at, last_verified_at), longest waiting first, at most 200. */
export const servicesAwaitingVerificationSql = (areaCode: string) =>
  `SELECT s.id, s.verification_requested_at, s.last_verified_at FROM services s
    WHERE s.verification_requested_at IS NOT NULL AND s.status <> 'INACTIVE'
      AND (${areaCode}::text IS NULL OR s.area_closure @> ARRAY[${areaCode}::text])
    ORDER BY s.verification_requested_at, s.id LIMIT 200`;
