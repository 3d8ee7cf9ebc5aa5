/**
 * What other modules may read of the feedback's table (service_feedback): SQL builders for statements that
 * read it together with other tables (the SERVICE_FEEDBACK statistics dataset).
 */

/** The feedback records under `alias`, for aggregating statements. */
export const feedbackFrom = (alias: string) => `service_feedback ${alias}`;

/** SQL: agencies whose services received feedback (column `id`). */
export const feedbackHoldersSql = `SELECT DISTINCT receiving_agency_id AS id FROM service_feedback`;
