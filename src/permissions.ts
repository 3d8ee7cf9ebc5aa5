import type { GraphQLSchema } from 'graphql';
import { applyMiddleware } from 'graphql-middleware';
import { and, or, rule, shield } from 'graphql-shield';
import { hasRole, Role, type Viewer } from './auth/roles';
import { seesAllAgreements } from './policy/agreement-terms';
import type { Context } from './context';
import { errorMessage, forbidden, localizedError, notFound, type RecordKind } from './shared/errors';
import { isUuid } from './shared/ids';

/** A rule or a combination of rules. */
type ShieldRule = Parameters<typeof and>[number];

/**
 * The one access policy: every Query and Mutation field has a rule here, anything not listed is denied.
 * Rules decide who may call a field (role, and for agency-scoped writes, whose record it is); which
 * fields of a record a caller may read is decided in src/policy/.
 */

const isAuthenticated = rule({ cache: 'contextual' })((_p, _a, ctx: Context) => (ctx.viewer ? true : ctx.authError!));

const roleRules = new Map<string, ShieldRule>();
const role = (...roles: Role[]) => {
  const key = `role:${roles.join('|')}`;
  if (!roleRules.has(key)) {
    roleRules.set(key, rule(key, { cache: 'contextual' })((_p, _a, ctx: Context) =>
      hasRole(ctx.viewer, ...roles) ? true : forbidden('auth.needsRole', { roles })));
  }
  return roleRules.get(key)!;
};

/**
 * The caller holds one of `roles` in the agency that owns the target record. When the record does not
 * exist the rule passes and the resolver answers NOT_FOUND, so the error names the real problem.
 *
 * Some records only some agencies may know exist (HIDDEN below). To anyone else a real id and a random
 * one get the same answer, NOT_FOUND, whatever their role; those who may see the record but not change
 * it get FORBIDDEN.
 */
const ownershipRules = new Map<string, ShieldRule>();
type Owner = (args: any, ctx: Context) => Promise<string | string[] | null | undefined>;

interface Hidden {
  /** As the resolvers name it in NOT_FOUND. */
  kind: RecordKind;
  id: (args: any) => unknown;
  /** The agencies that may see the record; null when there is no such record. */
  seenBy: (id: string, ctx: Context) => Promise<string[] | null>;
  /** Viewers who may see every such record. */
  seesAll: (viewer: Viewer) => boolean;
}

const mouParties = (id: string, ctx: Context) => ctx.loaders.partiesOfMou.load(id);
const dsaParties = (id: string, ctx: Context) => ctx.loaders.partiesOfDsa.load(id);

/** By ownership-rule name. */
const HIDDEN: Record<string, Hidden> = {
  mou: { kind: 'MoU', id: (args) => args.id ?? args.input?.id, seenBy: mouParties, seesAll: seesAllAgreements },
  dsa: { kind: 'Data-sharing agreement', id: (args) => args.id, seenBy: dsaParties, seesAll: seesAllAgreements },
  // as the partnerships query: the two agencies and network admins
  partnership: {
    kind: 'Partnership', id: (args) => args.id, seesAll: (viewer) => hasRole(viewer, Role.NETWORK_ADMIN),
    seenBy: async (id, ctx) => {
      const p = await ctx.loaders.partnershipAgencies.load(id);
      return p ? [p.providerAgencyId, p.partnerAgencyId] : null;
    },
  },
  // a report on a directory entry: the owning and the reporting agency, and network admins (authority table: serviceIssue)
  serviceIssue: {
    kind: 'Service issue', id: (args) => args.id, seesAll: (viewer) => hasRole(viewer, Role.NETWORK_ADMIN),
    seenBy: async (id, ctx) => {
      const i = await ctx.loaders.serviceIssueAgencies.load(id);
      return i ? [i.ownerAgencyId, i.reporterAgencyId] : null;
    },
  },
};

const ofOwningAgency = (name: string, owner: Owner, ...roles: Role[]) => {
  // graphql-shield wants one instance per rule name
  const key = `own:${name}:${roles.join('|')}`;
  if (!ownershipRules.has(key)) ownershipRules.set(key, ownershipRule(key, owner, roles, HIDDEN[name]));
  return ownershipRules.get(key)!;
};
const ownershipRule = (key: string, owner: Owner, roles: Role[], hidden?: Hidden) =>
  rule(key, { cache: 'strict' })(async (_p, args, ctx: Context) => {
    if (!ctx.viewer) return false;
    if (hidden) {
      const id = hidden.id(args);
      const seenBy = isUuid(id) ? await hidden.seenBy(id, ctx) : null;
      if (!seenBy || !(hidden.seesAll(ctx.viewer) || seenBy.includes(ctx.viewer.agencyId))) return notFound(hidden.kind, String(id));
    }
    if (!hasRole(ctx.viewer, ...roles)) return forbidden('auth.needsRoleInAgency', { roles });
    const owners = await owner(args, ctx);
    if (owners === null || owners === undefined || (Array.isArray(owners) && owners.length === 0)) return true;
    const mine = Array.isArray(owners) ? owners.includes(ctx.viewer.agencyId) : owners === ctx.viewer.agencyId;
    return mine ? true : forbidden('auth.otherAgencysRecord');
  });

const networkAdmin = role(Role.NETWORK_ADMIN);
const authenticated = isAuthenticated;
// the ownership rule first: when both refuse, graphql-shield's `or` answers with the first rule's error
const agencyStaffOrAdmin = (owner: Owner, name: string, ...roles: Role[]) =>
  and(isAuthenticated, or(ofOwningAgency(name, owner, ...roles), networkAdmin));

const owners = {
  agencyArg: async (args: any) => args.input?.agencyId as string,
  agencyInput: async (args: any) => args.input?.id as string,
  location: async (args: any, ctx: Context) => (await ctx.loaders.location.load(args.input?.id))?.agencyId,
  service: async (args: any, ctx: Context) => (await ctx.loaders.service.load(args.id ?? args.input?.id))?.agencyId,
  provider: async (args: any) => args.providerAgencyId as string,
  mouParties: async (args: any, ctx: Context) => {
    const id = args.id ?? args.input?.id;
    return isUuid(id) ? mouParties(id, ctx) : null;
  },
  newMouParties: async (args: any) => (args.input?.partyIds as string[]).map((id) => id.toLowerCase()),
  sopOwner: async (args: any, ctx: Context) => {
    const previous = args.input?.supersedesId;
    if (!previous) return args.input?.ownerAgencyId;
    return isUuid(previous) ? ctx.loaders.ownerOfSop.load(previous) : null;
  },
  newDsaParties: async (args: any) => [args.input?.providingAgencyId, args.input?.receivingAgencyId].map((id: string) => id?.toLowerCase()),
  dsaParties: async (args: any, ctx: Context) => (isUuid(args.id) ? dsaParties(args.id, ctx) : null),
  partnership: async (args: any, ctx: Context) =>
    isUuid(args.id) ? (await ctx.loaders.partnershipAgencies.load(args.id))?.providerAgencyId : null,
  serviceIssue: async (args: any, ctx: Context) =>
    isUuid(args.id) ? (await ctx.loaders.serviceIssueAgencies.load(args.id))?.ownerAgencyId : null,
};

export const rules: { Query: Record<string, ShieldRule>; Mutation: Record<string, ShieldRule> } = {
  Query: {
    me: authenticated,
    myAgency: authenticated,
    services: authenticated,
    service: authenticated,
    agencies: authenticated,
    agency: authenticated,
    areas: authenticated,
    area: authenticated,
    serviceCategories: authenticated,
    // upkeep of the directory: an agency's queue for its intake and admins (the service keeps others to their own
    // agency's); the reports an agency made, to any of its staff
    serviceIssues: and(isAuthenticated, role(Role.AGENCY_ADMIN, Role.REFERRAL_FOCAL_POINT, Role.NETWORK_ADMIN)),
    myServiceIssueReports: authenticated,
    locations: authenticated,
    location: authenticated,
    partnerships: and(isAuthenticated, or(networkAdmin, rule({ cache: 'strict' })((_p, args, ctx: Context) =>
      args.agencyId === ctx.viewer!.agencyId ? true : forbidden('auth.ownPartnershipsOnly')))),
    dataCatalogue: authenticated,
    dataSharingCheck: and(isAuthenticated, or(networkAdmin, and(role(Role.AGENCY_ADMIN, Role.DATA_PROTECTION_OFFICER), rule({ cache: 'strict' })((_p, args, ctx: Context) =>
      (args.questions as { providingAgencyId: string; receivingAgencyId: string }[]).every((q) => [q.providingAgencyId, q.receivingAgencyId].map((a) => a.toLowerCase()).includes(ctx.viewer!.agencyId))
        ? true : forbidden('auth.ownAgencyQuestion'))))),
    mous: authenticated,
    mou: authenticated,
    sops: authenticated,
    sop: authenticated,
    dataSharingAgreements: authenticated,
    dataSharingAgreement: authenticated,
    // which fields each of these reads is decided by the authority table (src/policy/authority.ts)
    case: and(isAuthenticated, role(Role.CASE_MANAGER, Role.CASE_SUPERVISOR, Role.DATA_PROTECTION_OFFICER)),
    cases: and(isAuthenticated, role(Role.CASE_MANAGER, Role.CASE_SUPERVISOR, Role.DATA_PROTECTION_OFFICER)),
    caseAuditTrail: and(isAuthenticated, role(Role.DATA_PROTECTION_OFFICER)),
    // rectification history: the owning agency's DPO (the service answers NOT_FOUND for another agency's case)
    caseFieldChanges: and(isAuthenticated, role(Role.DATA_PROTECTION_OFFICER)),
    disclosureReport: and(isAuthenticated, role(Role.DATA_PROTECTION_OFFICER, Role.CASE_MANAGER)),
    // the person's own copy: the owning agency's DPO or the assigned case manager (the service checks the relation)
    subjectAccessPackage: and(isAuthenticated, role(Role.DATA_PROTECTION_OFFICER, Role.CASE_MANAGER)),
    // the viewer's own agency's policy: the service checks the relation (authority table)
    retentionPolicy: and(isAuthenticated, role(Role.AGENCY_ADMIN, Role.DATA_PROTECTION_OFFICER)),
    // the service answers NOT_FOUND unless the caller's agency sent or received the referral
    referral: authenticated,
    referralInbox: and(isAuthenticated, role(Role.REFERRAL_FOCAL_POINT, Role.AGENCY_ADMIN, Role.CASE_MANAGER)),
    sentReferrals: and(isAuthenticated, role(Role.CASE_MANAGER, Role.DATA_PROTECTION_OFFICER, Role.REFERRAL_FOCAL_POINT)),
    vitalInterestReferrals: and(isAuthenticated, role(Role.DATA_PROTECTION_OFFICER)),
    // referrals of the caller's agency assigned to the caller
    myReferrals: and(isAuthenticated, role(Role.REFERRAL_FOCAL_POINT, Role.CASE_MANAGER)),
    datasets: authenticated,
    // open to the steering committee and agency staff; sensitive datasets also need an approved request (checked by the service)
    statistics: authenticated,
    myDataAccessRequests: authenticated,
    dataAccessRequestQueue: and(isAuthenticated, role(Role.DATA_PROTECTION_OFFICER)),
    dataAccessRequest: authenticated,
    verifyAuditChain: and(isAuthenticated, role(Role.NETWORK_ADMIN, Role.DATA_PROTECTION_OFFICER)),
    pathways: authenticated,
    pathway: authenticated,
    // the report page (src/coverage/report.ts, COVERAGE_ROLES) uses the same roles
    pathwayCoverage: and(isAuthenticated, role(Role.STEERING_COMMITTEE, Role.NETWORK_ADMIN, Role.AGENCY_ADMIN)),
    networkPerformance: and(isAuthenticated, role(Role.STEERING_COMMITTEE, Role.NETWORK_ADMIN, Role.AGENCY_ADMIN)),
    governanceAlerts: and(isAuthenticated, role(Role.STEERING_COMMITTEE, Role.NETWORK_ADMIN)),
    // the person's feedback: complaints to the network admins; an agency admin reads the non-anonymous feedback about its agency
    feedbackComplaints: and(isAuthenticated, role(Role.NETWORK_ADMIN)),
    feedbackAboutMyAgency: and(isAuthenticated, role(Role.AGENCY_ADMIN)),
    // notifications: an agency's own endpoints and deliveries, its admins only (the service keeps to the viewer's agency)
    webhookEndpoints: and(isAuthenticated, role(Role.AGENCY_ADMIN)),
    webhookDeliveries: and(isAuthenticated, role(Role.AGENCY_ADMIN)),
    // the HSDS import: its reports and the term mapping table are the network admins'
    hsdsImport: and(isAuthenticated, networkAdmin),
    hsdsTermMappings: and(isAuthenticated, networkAdmin),
  },
  Mutation: {
    createAgency: and(isAuthenticated, networkAdmin),
    updateAgency: agencyStaffOrAdmin(owners.agencyInput, 'agency', Role.AGENCY_ADMIN),
    createArea: and(isAuthenticated, networkAdmin),
    createLocation: agencyStaffOrAdmin(owners.agencyArg, 'newLocation', Role.AGENCY_ADMIN),
    updateLocation: agencyStaffOrAdmin(owners.location, 'location', Role.AGENCY_ADMIN),
    createService: agencyStaffOrAdmin(owners.agencyArg, 'newService', Role.AGENCY_ADMIN),
    updateService: agencyStaffOrAdmin(owners.service, 'service', Role.AGENCY_ADMIN),
    verifyService: agencyStaffOrAdmin(owners.service, 'service', Role.AGENCY_ADMIN),
    setServiceStatus: agencyStaffOrAdmin(owners.service, 'service', Role.AGENCY_ADMIN),
    // focal points handle intake, so they keep capacity current too
    updateServiceCapacity: agencyStaffOrAdmin(owners.service, 'service', Role.AGENCY_ADMIN, Role.REFERRAL_FOCAL_POINT),
    recordPartnership: agencyStaffOrAdmin(owners.provider, 'provider', Role.AGENCY_ADMIN),
    // anyone who sees the directory may say an entry is wrong; the owner works the report
    reportServiceIssue: authenticated,
    dismissServiceIssue: agencyStaffOrAdmin(owners.serviceIssue, 'serviceIssue', Role.AGENCY_ADMIN, Role.REFERRAL_FOCAL_POINT),
    requestVerification: and(isAuthenticated, networkAdmin),
    createServiceCategory: and(isAuthenticated, networkAdmin),
    importHsds: and(isAuthenticated, networkAdmin),
    setHsdsTermMapping: and(isAuthenticated, networkAdmin),
    updateServiceCategory: and(isAuthenticated, networkAdmin),
    retireServiceCategory: and(isAuthenticated, networkAdmin),
    endPartnership: agencyStaffOrAdmin(owners.partnership, 'partnership', Role.AGENCY_ADMIN),
    createMou: agencyStaffOrAdmin(owners.newMouParties, 'newMou', Role.AGENCY_ADMIN),
    updateMou: agencyStaffOrAdmin(owners.mouParties, 'mou', Role.AGENCY_ADMIN),
    // each party signs for itself: a network admin cannot sign on an agency's behalf
    signMou: and(isAuthenticated, ofOwningAgency('mou', owners.mouParties, Role.AGENCY_ADMIN)),
    terminateMou: agencyStaffOrAdmin(owners.mouParties, 'mou', Role.AGENCY_ADMIN),
    publishSop: agencyStaffOrAdmin(owners.sopOwner, 'sop', Role.AGENCY_ADMIN),
    createDataSharingAgreement: agencyStaffOrAdmin(owners.newDsaParties, 'newDsa', Role.AGENCY_ADMIN, Role.DATA_PROTECTION_OFFICER),
    // each party signs for itself: a network admin cannot sign on an agency's behalf
    signDataSharingAgreement: and(isAuthenticated, ofOwningAgency('dsa', owners.dsaParties, Role.AGENCY_ADMIN, Role.DATA_PROTECTION_OFFICER)),
    terminateDataSharingAgreement: agencyStaffOrAdmin(owners.dsaParties, 'dsa', Role.AGENCY_ADMIN, Role.DATA_PROTECTION_OFFICER),
    // cases are always the caller's own agency's: the service answers NOT_FOUND for any other
    registerCase: and(isAuthenticated, role(Role.CASE_MANAGER)),
    updateCase: and(isAuthenticated, role(Role.CASE_MANAGER)),
    recordConsent: and(isAuthenticated, role(Role.CASE_MANAGER)),
    // the service checks the caller's relation to the case (authority table): supervisor or agency admin assigns
    assignCase: and(isAuthenticated, role(Role.CASE_SUPERVISOR, Role.AGENCY_ADMIN)),
    shareCase: and(isAuthenticated, role(Role.CASE_MANAGER, Role.CASE_SUPERVISOR)),
    unshareCase: and(isAuthenticated, role(Role.CASE_MANAGER, Role.CASE_SUPERVISOR)),
    withdrawConsent: and(isAuthenticated, role(Role.CASE_MANAGER, Role.DATA_PROTECTION_OFFICER)),
    // the case lifecycle: the service checks the caller's relation to the case (authority table)
    closeCase: and(isAuthenticated, role(Role.CASE_MANAGER, Role.CASE_SUPERVISOR)),
    reopenCase: and(isAuthenticated, role(Role.CASE_MANAGER, Role.CASE_SUPERVISOR)),
    transferCase: and(isAuthenticated, role(Role.CASE_MANAGER, Role.CASE_SUPERVISOR, Role.AGENCY_ADMIN, Role.DATA_PROTECTION_OFFICER)),
    sendReferral: and(isAuthenticated, role(Role.CASE_MANAGER, Role.DATA_PROTECTION_OFFICER)),
    acceptReferral: and(isAuthenticated, role(Role.REFERRAL_FOCAL_POINT, Role.AGENCY_ADMIN)),
    declineReferral: and(isAuthenticated, role(Role.REFERRAL_FOCAL_POINT, Role.AGENCY_ADMIN)),
    completeReferral: and(isAuthenticated, role(Role.REFERRAL_FOCAL_POINT, Role.AGENCY_ADMIN)),
    cancelReferral: and(isAuthenticated, role(Role.CASE_MANAGER)),
    // the referral loop: the service checks the caller's relation to the referral (receiver, or sender for requestReferralUpdate)
    startReferral: and(isAuthenticated, role(Role.REFERRAL_FOCAL_POINT, Role.AGENCY_ADMIN, Role.CASE_MANAGER)),
    holdReferral: and(isAuthenticated, role(Role.REFERRAL_FOCAL_POINT, Role.AGENCY_ADMIN, Role.CASE_MANAGER)),
    assignReferral: and(isAuthenticated, role(Role.REFERRAL_FOCAL_POINT, Role.AGENCY_ADMIN)),
    requestReferralUpdate: and(isAuthenticated, role(Role.CASE_MANAGER, Role.REFERRAL_FOCAL_POINT)),
    answerUpdateRequest: and(isAuthenticated, role(Role.REFERRAL_FOCAL_POINT, Role.AGENCY_ADMIN, Role.CASE_MANAGER)),
    // only the agency that wrote the text, through its data protection officer
    correctReferralText: and(isAuthenticated, role(Role.DATA_PROTECTION_OFFICER)),
    // messages and forwarding: the service checks the caller's relation to the referral (authority table)
    postReferralMessage: and(isAuthenticated, role(Role.CASE_MANAGER, Role.REFERRAL_FOCAL_POINT, Role.AGENCY_ADMIN, Role.DATA_PROTECTION_OFFICER)),
    redactReferralMessage: and(isAuthenticated, role(Role.DATA_PROTECTION_OFFICER)),
    forwardReferral: and(isAuthenticated, role(Role.CASE_MANAGER, Role.DATA_PROTECTION_OFFICER)),
    // the service checks the side: a case manager of the sending agency, or the receiving agency's staff
    recordFeedback: and(isAuthenticated, role(Role.CASE_MANAGER, Role.REFERRAL_FOCAL_POINT, Role.AGENCY_ADMIN)),
    registerWebhook: and(isAuthenticated, role(Role.AGENCY_ADMIN)),
    removeWebhook: and(isAuthenticated, role(Role.AGENCY_ADMIN)),
    testWebhook: and(isAuthenticated, role(Role.AGENCY_ADMIN)),
    redeliverWebhook: and(isAuthenticated, role(Role.AGENCY_ADMIN)),
    submitDataAccessRequest: and(isAuthenticated, role(Role.STEERING_COMMITTEE, Role.AGENCY_ADMIN, Role.DATA_PROTECTION_OFFICER, Role.NETWORK_ADMIN, Role.CASE_MANAGER)),
    // the service checks the deciding agency holds the data and is not the requester
    // a holder's DPO for its own records; a NETWORK_ADMIN for every holder the request asks (recorded as such)
    approveDataAccessRequest: and(isAuthenticated, role(Role.DATA_PROTECTION_OFFICER, Role.NETWORK_ADMIN)),
    rejectDataAccessRequest: and(isAuthenticated, role(Role.DATA_PROTECTION_OFFICER, Role.NETWORK_ADMIN)),
    revokeDataAccessRequest: and(isAuthenticated, role(Role.DATA_PROTECTION_OFFICER, Role.NETWORK_ADMIN)),
    createPathway: and(isAuthenticated, role(Role.NETWORK_ADMIN, Role.STEERING_COMMITTEE)),
    updatePathway: and(isAuthenticated, role(Role.NETWORK_ADMIN, Role.STEERING_COMMITTEE)),
    createCoverageReportLink: and(isAuthenticated, role(Role.STEERING_COMMITTEE, Role.NETWORK_ADMIN, Role.AGENCY_ADMIN)),
    createSubjectAccessReportLink: and(isAuthenticated, role(Role.DATA_PROTECTION_OFFICER, Role.CASE_MANAGER)),
    // the printable directory and service slips show what the directory shows the caller (src/directory/printable.ts)
    createDirectoryReportLink: authenticated,
    createServiceSlipLink: authenticated,
    setRetentionPolicy: and(isAuthenticated, role(Role.AGENCY_ADMIN, Role.DATA_PROTECTION_OFFICER)),
    // the service answers NOT_FOUND for another agency's case, and checks the relation (the owning agency's DPO)
    eraseCase: and(isAuthenticated, role(Role.DATA_PROTECTION_OFFICER)),
  },
};

const denied = localizedError('FORBIDDEN', errorMessage('auth.notAllowed'));

/**
 * Applies the rules to the root fields only. Object-type fields are reachable only through a root field
 * that passed its rule, and their protection lives in src/policy/; wrapping every field of every type
 * would add a promise per field of a response for nothing.
 */
export const shieldOptions = { fallbackRule: rule('deny')(() => false), fallbackError: denied, allowExternalErrors: true };

export function applyPermissions(schema: GraphQLSchema, ruleTree: typeof rules = rules): GraphQLSchema {
  const generator = shield(ruleTree, shieldOptions);
  const middleware = (generator as any).generate(schema) as Record<string, unknown>;
  const roots = Object.fromEntries(Object.entries(middleware).filter(([type]) => type === 'Query' || type === 'Mutation'));
  return applyMiddleware(schema, roots as any);
}
