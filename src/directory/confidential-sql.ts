import { HIDDEN_AREA_LEVELS } from '../policy/confidential-locations';
import { activePartnershipSql, nearestAreaAboveSql } from './sql';

/** The confidential-location rules of src/policy/confidential-locations.ts, as SQL over the directory's tables. */

/** SQL that is true when the location `alias` must be hidden from the agency in parameter `viewerAgencyParam`. */
export function confidentialHiddenSql(alias: string, viewerAgencyParam: string): string {
  return `(${alias}.confidential AND ${alias}.agency_id <> ${viewerAgencyParam}::uuid AND NOT ${activePartnershipSql(`${alias}.agency_id`, `${viewerAgencyParam}::uuid`)})`;
}

/**
 * SQL for the path of the area a confidential location `location` (alias with area_id and confidential)
 * shows to those it is hidden from: its area, or the nearest one above it that is not a locality.
 * `area` is the alias of the location's own area row.
 */
export function publicAreaPathSql(location: string, area: string): string {
  return `(CASE WHEN ${location}.confidential AND ${area}.level = ANY('{${HIDDEN_AREA_LEVELS.join(',')}}'::text[])
    THEN ${nearestAreaAboveSql(area, `'{${HIDDEN_AREA_LEVELS.join(',')}}'::text[]`)}
    ELSE ${area}.path END)`;
}

