import { hasRole, Role, type Viewer } from '../auth/roles';

/**
 * Who may read the terms of a data-sharing agreement (purposes, data categories, exclusions, retention,
 * onward sharing, risk assessment): staff of either party and network admins. The steering committee
 * sees only that it exists, its parties, status and dates.
 */
export function canSeeDsaTerms(viewer: Viewer | null, agreement: { providingAgencyId: string; receivingAgencyId: string }): boolean {
  if (!viewer) return false;
  if (hasRole(viewer, Role.NETWORK_ADMIN)) return true;
  return viewer.agencyId === agreement.providingAgencyId || viewer.agencyId === agreement.receivingAgencyId;
}

/** Agreements a viewer may know exist: their own agency's, or all for network admins and the steering committee. */
export const seesAllAgreements = (viewer: Viewer) => hasRole(viewer, Role.NETWORK_ADMIN, Role.STEERING_COMMITTEE);
