/**
 * Field-level protection of confidential locations (safe shelters). Their name, address, locality and
 * coordinates are shown only to the providing agency and to agencies it has an active partnership with;
 * everyone else still finds the service by its area, and distance search uses a position snapped to a
 * 0.1 degree grid (`geo_public`, see the migration) with the distance rounded to whole kilometres.
 *
 * Their area is shown to everyone else at district level or above, never the locality: the area field,
 * the area filters of locations and services, and the services' area closure (search, coverage,
 * statistics) all use the public area, the nearest area above the locality.
 *
 * The rules live here; the SQL that applies them to the directory's tables is the directory's
 * (src/directory/confidential-sql.ts).
 */

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

/** Area levels that say too much about where a hidden confidential location is. */
export const HIDDEN_AREA_LEVELS = ['LOCALITY'];

/** The area of a location as this viewer may see it: for a hidden one, the nearest area above a locality. */
export async function visibleArea<A extends { level: string; parentId: string | null }>(
  location: LocationVisibility, area: A | null, parentOf: (id: string) => Promise<A | null>,
): Promise<A | null> {
  if (location.hiddenForViewer === false) return area;
  let shown = area;
  while (shown && HIDDEN_AREA_LEVELS.includes(shown.level) && shown.parentId) shown = await parentOf(shown.parentId);
  return shown && HIDDEN_AREA_LEVELS.includes(shown.level) ? null : shown;
}
