/**
 * Field-level protection of confidential locations (safe shelters). Their name, address, locality and
 * coordinates are shown only to the providing agency and to agencies it has an active partnership with;
 * everyone else still finds the service by its area, and distance search uses a position snapped to a
 * 0.1 degree grid (`geo_public`, see the migration) with the distance rounded to whole kilometres.
 */

/** SQL that is true when the location `alias` must be hidden from the agency in parameter `viewerAgencyParam`. */
export function confidentialHiddenSql(alias: string, viewerAgencyParam: string): string {
  return `(${alias}.confidential AND ${alias}.agency_id <> ${viewerAgencyParam}::uuid AND NOT EXISTS (
    SELECT 1 FROM partnerships p WHERE p.provider_agency_id = ${alias}.agency_id
      AND p.partner_agency_id = ${viewerAgencyParam}::uuid AND p.ended_at IS NULL))`;
}

/** Column name under which loaders return the decision for the current viewer. */
export const HIDDEN_COLUMN = 'hidden_for_viewer';

export interface LocationVisibility {
  hiddenForViewer?: boolean;
}

/** The value of a protected location field for this viewer: itself, or null when hidden. */
export function protectedLocationField<T>(location: LocationVisibility, value: T): T | null {
  return location.hiddenForViewer === false ? value : null;
}

/** Distances to hidden locations are computed from the snapped position and rounded. */
export function publicDistance(distanceKm: number | null, approximate: boolean): number | null {
  if (distanceKm === null) return null;
  return approximate ? Math.round(distanceKm) : Math.round(distanceKm * 1000) / 1000;
}
