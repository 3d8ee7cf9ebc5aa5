import { registerEnumType } from 'type-graphql';

export enum Role {
  CASE_MANAGER = 'CASE_MANAGER',
  /** Assigns and shares the cases of the agency's case managers, and reads them (sensitive reads audited). */
  CASE_SUPERVISOR = 'CASE_SUPERVISOR',
  REFERRAL_FOCAL_POINT = 'REFERRAL_FOCAL_POINT',
  AGENCY_ADMIN = 'AGENCY_ADMIN',
  DATA_PROTECTION_OFFICER = 'DATA_PROTECTION_OFFICER',
  STEERING_COMMITTEE = 'STEERING_COMMITTEE',
  NETWORK_ADMIN = 'NETWORK_ADMIN',
}
registerEnumType(Role, { name: 'Role' });

export const ALL_ROLES = Object.values(Role);

/** Roles every agency may give its staff; the network-wide ones (STEERING_COMMITTEE, NETWORK_ADMIN) only agencies designated for them. */
export const AGENCY_ROLES = [Role.CASE_MANAGER, Role.CASE_SUPERVISOR, Role.REFERRAL_FOCAL_POINT, Role.AGENCY_ADMIN, Role.DATA_PROTECTION_OFFICER];

/** Who is calling, from the verified token. */
export interface Viewer {
  userId: string;
  agencyId: string;
  roles: Role[];
}

export const hasRole = (viewer: Viewer | null | undefined, ...roles: Role[]) =>
  !!viewer && roles.some((r) => viewer.roles.includes(r));
