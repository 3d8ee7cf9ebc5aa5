import { Role, type Viewer } from '../auth/roles';
import { DataCategory, FIELD_CATEGORY } from './data-catalogue';
import { errorMessage } from '../shared/errors';

/**
 * The authority table: for every kind of record and every relation of a reader to it, which operations
 * and which groups of fields are allowed. Services and resolvers ask `relationsTo*`, `may` and
 * `caseFieldAccess`; nothing else decides who sees a person. The README's "Who sees what" table is
 * generated from this file (npm run docs:authority) and a test keeps them equal.
 */

/** How a reader in a relation gets a group of fields. */
export enum Access {
  /** Read as stored. */
  FULL = 'FULL',
  /** Read as stored, and the read is written to the case's audit trail. */
  AUDITED = 'AUDITED',
  /** Through a referral: each field decided at the moment of reading by consent, agreement and referral state (decideField), and audited. */
  DISCLOSED = 'DISCLOSED',
  NONE = 'NONE',
}

export enum Relation {
  ASSIGNED_CASE_MANAGER = 'ASSIGNED_CASE_MANAGER',
  SHARED_CASE_MANAGER = 'SHARED_CASE_MANAGER',
  OWNER_SUPERVISOR = 'OWNER_SUPERVISOR',
  OWNER_DPO = 'OWNER_DPO',
  OWNER_CASE_MANAGER = 'OWNER_CASE_MANAGER',
  OWNER_FOCAL_POINT = 'OWNER_FOCAL_POINT',
  OWNER_AGENCY_ADMIN = 'OWNER_AGENCY_ADMIN',
  SENDER_STAFF = 'SENDER_STAFF',
  RECEIVER_INTAKE = 'RECEIVER_INTAKE',
  RECEIVER_OTHER = 'RECEIVER_OTHER',
  PARTY = 'PARTY',
  REQUESTER = 'REQUESTER',
  DATA_HOLDER_DPO = 'DATA_HOLDER_DPO',
  REPORTER = 'REPORTER',
  UNRELATED = 'UNRELATED',
  NETWORK_ADMIN = 'NETWORK_ADMIN',
  STEERING_COMMITTEE = 'STEERING_COMMITTEE',
}

export const RELATION_MEANING: Record<Relation, string> = {
  ASSIGNED_CASE_MANAGER: 'the case manager the case is assigned to',
  SHARED_CASE_MANAGER: 'another case manager of the owning agency the case is shared with',
  OWNER_SUPERVISOR: 'a CASE_SUPERVISOR of the owning agency',
  OWNER_DPO: 'the data protection officer of the owning agency',
  OWNER_CASE_MANAGER: 'any other case manager of the owning agency',
  OWNER_FOCAL_POINT: 'a referral focal point of the owning agency',
  OWNER_AGENCY_ADMIN: 'an agency admin of the owning agency',
  SENDER_STAFF: 'staff of the agency that sent the referral',
  RECEIVER_INTAKE: 'a referral focal point or case manager of the receiving agency',
  RECEIVER_OTHER: 'an agency admin or data protection officer of the receiving agency',
  PARTY: 'staff of an agency that is a party to the agreement (or owns the SOP)',
  REQUESTER: 'staff of the agency that submitted the access request',
  DATA_HOLDER_DPO: 'the data protection officer of an agency whose records the request covers',
  REPORTER: 'staff of the agency that reported the issue with a directory entry',
  UNRELATED: 'staff of any other agency',
  NETWORK_ADMIN: 'a network admin',
  STEERING_COMMITTEE: 'a member of the steering committee',
};
/** A relation as an error names it (who may do what was refused), in the reader's language. */
export const relationMessage = (r: Relation) => errorMessage(`relations.${r}`);

/** Groups of a case's fields: the summary, each category of the data catalogue, and the case's own records. */
export type CaseFieldGroup = 'SUMMARY' | DataCategory | 'CASE_RECORDS';
export const CASE_FIELD_GROUPS: CaseFieldGroup[] = ['SUMMARY', ...Object.values(DataCategory), 'CASE_RECORDS'];

/** Fields of a case outside the data catalogue. SUMMARY holds what any staff of the owning agency may know of a case. */
export const SUMMARY_FIELDS = ['id', 'caseCode', 'status', 'closedAt', 'erasedAt', 'languages', 'ageBand', 'createdAt', 'ownerAgency', 'assignedTo', 'viaReferralId'] as const;
export const CASE_RECORD_FIELDS = ['consents', 'referrals', 'possibleDuplicates', 'registeredBy', 'sharedWith', 'assignmentHistory', 'closureReason', 'lifecycleHistory', 'erasureReason', 'erasedBy'] as const;
/** Summary fields that are also catalogue fields (or derived from one): a receiver gets them only as disclosed. */
export const SUMMARY_SOURCE: Record<string, string> = { languages: 'languages', ageBand: 'age' };

/** The group a field of Case belongs to, or undefined for a name that is not a field of Case. */
export function caseFieldGroup(field: string): CaseFieldGroup | undefined {
  if ((SUMMARY_FIELDS as readonly string[]).includes(field)) return 'SUMMARY';
  if ((CASE_RECORD_FIELDS as readonly string[]).includes(field)) return 'CASE_RECORDS';
  return FIELD_CATEGORY.get(field);
}

const F = Access.FULL;
const A = Access.AUDITED;
const D = Access.DISCLOSED;
const N = Access.NONE;

/** Case field groups in the order of CASE_FIELD_GROUPS: SUMMARY, IDENTITY..ASSESSMENT (8), CASE_RECORDS. */
const row = (summary: Access, identity: Access, contact: Access, demographics: Access, documents: Access, migration: Access, protection: Access, health: Access, assessment: Access, records: Access) =>
  Object.fromEntries(CASE_FIELD_GROUPS.map((g, i) => [g, [summary, identity, contact, demographics, documents, migration, protection, health, assessment, records][i]])) as Record<CaseFieldGroup, Access>;

/**
 * Who reads which fields of a case. PROTECTION and HEALTH are audited for everyone but the assigned
 * case manager; a receiving agency reads only what the referral discloses, decided field by field.
 */
export const CASE_FIELDS: Record<Relation, Record<CaseFieldGroup, Access>> = {
  //                                    SUMMARY IDENT CONTACT DEMOG DOCS MIGR PROT HEALTH ASSESS RECORDS
  ASSIGNED_CASE_MANAGER: row(F, F, F, F, F, F, F, F, F, F),
  SHARED_CASE_MANAGER: row(F, F, F, F, F, F, A, A, F, F),
  OWNER_SUPERVISOR: row(F, F, F, F, F, F, A, A, F, F),
  OWNER_DPO: row(F, F, F, F, F, F, A, A, F, F),
  OWNER_CASE_MANAGER: row(F, N, N, N, N, N, N, N, N, N),
  OWNER_FOCAL_POINT: row(F, N, N, N, N, N, N, N, N, N),
  OWNER_AGENCY_ADMIN: row(F, N, N, N, N, N, N, N, N, N),
  SENDER_STAFF: row(N, N, N, N, N, N, N, N, N, N),
  RECEIVER_INTAKE: row(D, D, D, D, D, D, D, D, D, N),
  RECEIVER_OTHER: row(D, N, N, N, N, N, N, N, N, N),
  PARTY: row(N, N, N, N, N, N, N, N, N, N),
  REQUESTER: row(N, N, N, N, N, N, N, N, N, N),
  DATA_HOLDER_DPO: row(N, N, N, N, N, N, N, N, N, N),
  REPORTER: row(N, N, N, N, N, N, N, N, N, N),
  UNRELATED: row(N, N, N, N, N, N, N, N, N, N),
  NETWORK_ADMIN: row(N, N, N, N, N, N, N, N, N, N),
  STEERING_COMMITTEE: row(N, N, N, N, N, N, N, N, N, N),
};

/** The record kinds of the table and their operations. */
export const OPERATIONS = {
  case: ['read', 'update', 'recordConsent', 'withdrawConsent', 'sendReferral', 'sendVitalInterestReferral', 'assign', 'share', 'auditTrail', 'disclosureReport', 'correctText', 'readFieldChanges', 'close', 'reopen', 'transfer', 'subjectAccess', 'erase'],
  referral: ['read', 'accept', 'decline', 'start', 'hold', 'complete', 'cancel', 'readConsent', 'assign', 'requestUpdate', 'answerUpdate', 'postMessage', 'readMessages', 'redactMessage', 'forward'],
  mou: ['readTerms', 'sign', 'change'],
  sop: ['read', 'publish'],
  dsa: ['readTerms', 'sign', 'change'],
  accessRequest: ['read', 'submit', 'decide'],
  auditTrail: ['verifyChain', 'readChainSize'],
  statistics: ['readNonSensitive', 'readSensitive', 'readCoverage', 'readNetworkPerformance', 'readGovernanceAlerts'],
  webhook: ['register', 'read', 'remove', 'readDeliveries', 'redeliver', 'test'],
  retentionPolicy: ['read', 'set'],
  serviceIssue: ['report', 'read', 'dismiss'],
} as const;
export type RecordKind = keyof typeof OPERATIONS;
export type Operation<K extends RecordKind> = (typeof OPERATIONS)[K][number];

/**
 * Which relation may do what. A relation missing from a kind may do nothing with it. Root-field role
 * checks (src/permissions.ts) come first; these decide by the reader's relation to the record.
 */
export const OPERATIONS_BY_RELATION: { [K in RecordKind]: Partial<Record<Relation, readonly Operation<K>[]>> } = {
  case: {
    // the lifecycle (close, reopen, transfer) is the assigned case manager's and the supervisor's; handing the
    // person's whole record to another agency is also for the agency's admin and data protection officer
    ASSIGNED_CASE_MANAGER: ['read', 'update', 'recordConsent', 'withdrawConsent', 'sendReferral', 'sendVitalInterestReferral', 'share', 'disclosureReport', 'close', 'reopen', 'transfer', 'subjectAccess'],
    SHARED_CASE_MANAGER: ['read', 'update', 'recordConsent', 'sendReferral', 'sendVitalInterestReferral'],
    OWNER_SUPERVISOR: ['read', 'assign', 'share', 'close', 'reopen', 'transfer'],
    // erasing the person's data, on request or ahead of the retention sweep, is the data protection officer's alone
    OWNER_DPO: ['read', 'withdrawConsent', 'sendVitalInterestReferral', 'auditTrail', 'disclosureReport', 'correctText', 'readFieldChanges', 'transfer', 'subjectAccess', 'erase'],
    OWNER_CASE_MANAGER: ['read'],
    OWNER_FOCAL_POINT: [],
    OWNER_AGENCY_ADMIN: ['assign', 'transfer'],
  },
  referral: {
    SENDER_STAFF: ['read', 'cancel', 'readConsent', 'requestUpdate', 'postMessage', 'readMessages', 'redactMessage', 'forward'],
    RECEIVER_INTAKE: ['read', 'accept', 'decline', 'start', 'hold', 'complete', 'assign', 'answerUpdate', 'postMessage', 'readMessages'],
    RECEIVER_OTHER: ['read', 'accept', 'decline', 'start', 'hold', 'complete', 'assign', 'answerUpdate', 'postMessage', 'readMessages', 'redactMessage'],
  },
  mou: {
    PARTY: ['readTerms', 'sign', 'change'],
    NETWORK_ADMIN: ['readTerms', 'change'],
    STEERING_COMMITTEE: ['readTerms'],
  },
  sop: {
    PARTY: ['read', 'publish'],
    UNRELATED: ['read'],
    NETWORK_ADMIN: ['read', 'publish'],
    STEERING_COMMITTEE: ['read'],
  },
  dsa: {
    PARTY: ['readTerms', 'sign', 'change'],
    NETWORK_ADMIN: ['readTerms', 'change'],
  },
  accessRequest: {
    REQUESTER: ['read', 'submit'],
    DATA_HOLDER_DPO: ['read', 'decide'],
    NETWORK_ADMIN: ['read', 'submit', 'decide'],
  },
  auditTrail: {
    OWNER_DPO: ['verifyChain'],
    NETWORK_ADMIN: ['verifyChain', 'readChainSize'],
  },
  statistics: {
    UNRELATED: ['readNonSensitive'],
    REQUESTER: ['readNonSensitive', 'readSensitive'],
    OWNER_AGENCY_ADMIN: ['readNonSensitive', 'readCoverage', 'readNetworkPerformance'],
    STEERING_COMMITTEE: ['readNonSensitive', 'readCoverage', 'readNetworkPerformance', 'readGovernanceAlerts'],
    NETWORK_ADMIN: ['readNonSensitive', 'readCoverage', 'readNetworkPerformance', 'readGovernanceAlerts'],
  },
  // an agency's endpoints and what was delivered to them: its own admins only (deliveries carry no personal field)
  webhook: {
    OWNER_AGENCY_ADMIN: ['register', 'read', 'remove', 'readDeliveries', 'redeliver', 'test'],
  },
  // how long the agency keeps its cases before the retention sweep erases them: its admin and its DPO
  retentionPolicy: {
    OWNER_AGENCY_ADMIN: ['read', 'set'],
    OWNER_DPO: ['read', 'set'],
  },
  // a report that a directory entry is wrong: anyone may report; the owning agency's intake and admins work the
  // queue (a verification or an edit resolves it, or they dismiss it); the reporting agency follows its own reports
  serviceIssue: {
    OWNER_AGENCY_ADMIN: ['report', 'read', 'dismiss'],
    OWNER_FOCAL_POINT: ['report', 'read', 'dismiss'],
    OWNER_CASE_MANAGER: ['report'],
    OWNER_SUPERVISOR: ['report'],
    OWNER_DPO: ['report'],
    REPORTER: ['report', 'read'],
    UNRELATED: ['report'],
    NETWORK_ADMIN: ['report', 'read', 'dismiss'],
  },
};

/** The relations that may do `operation` on a record of `kind`, for messages that tell the user whom to ask. */
export function relationsThatMay<K extends RecordKind>(kind: K, operation: Operation<K>): Relation[] {
  const table = OPERATIONS_BY_RELATION[kind] as Partial<Record<Relation, readonly string[]>>;
  return (Object.keys(table) as Relation[]).filter((r) => table[r]!.includes(operation));
}

export function may<K extends RecordKind>(kind: K, operation: Operation<K>, relations: Iterable<Relation>): boolean {
  const table = OPERATIONS_BY_RELATION[kind] as Partial<Record<Relation, readonly string[]>>;
  for (const r of relations) if (table[r]?.includes(operation)) return true;
  return false;
}

/** The case facts the relation depends on. */
export interface CaseFacts {
  ownerAgencyId: string;
  assignedTo: string | null;
  sharedWith: readonly string[];
}

const networkRelations = (viewer: Viewer): Relation[] => [
  ...(viewer.roles.includes(Role.NETWORK_ADMIN) ? [Relation.NETWORK_ADMIN] : []),
  ...(viewer.roles.includes(Role.STEERING_COMMITTEE) ? [Relation.STEERING_COMMITTEE] : []),
];

/** Every relation the viewer holds to a case read directly (not through a referral); one per role held. */
export function relationsToCase(viewer: Viewer, c: CaseFacts): Relation[] {
  if (viewer.agencyId !== c.ownerAgencyId) return [Relation.UNRELATED, ...networkRelations(viewer)];
  const out: Relation[] = [];
  if (viewer.roles.includes(Role.CASE_MANAGER)) {
    if (c.assignedTo === viewer.userId) out.push(Relation.ASSIGNED_CASE_MANAGER);
    else if (c.sharedWith.includes(viewer.userId)) out.push(Relation.SHARED_CASE_MANAGER);
    else out.push(Relation.OWNER_CASE_MANAGER);
  }
  if (viewer.roles.includes(Role.CASE_SUPERVISOR)) out.push(Relation.OWNER_SUPERVISOR);
  if (viewer.roles.includes(Role.DATA_PROTECTION_OFFICER)) out.push(Relation.OWNER_DPO);
  if (viewer.roles.includes(Role.REFERRAL_FOCAL_POINT)) out.push(Relation.OWNER_FOCAL_POINT);
  if (viewer.roles.includes(Role.AGENCY_ADMIN)) out.push(Relation.OWNER_AGENCY_ADMIN);
  return out.length ? out : [Relation.UNRELATED];
}

/** Every relation the viewer holds to a referral. */
export function relationsToReferral(viewer: Viewer, r: { sendingAgencyId: string; receivingAgencyId: string }): Relation[] {
  if (viewer.agencyId === r.sendingAgencyId) return [Relation.SENDER_STAFF];
  if (viewer.agencyId === r.receivingAgencyId) {
    const intake = viewer.roles.some((role) => role === Role.REFERRAL_FOCAL_POINT || role === Role.CASE_MANAGER);
    const other = viewer.roles.some((role) => role === Role.AGENCY_ADMIN || role === Role.DATA_PROTECTION_OFFICER);
    return [...(intake ? [Relation.RECEIVER_INTAKE] : []), ...(other ? [Relation.RECEIVER_OTHER] : [])];
  }
  return [Relation.UNRELATED, ...networkRelations(viewer)];
}

/** Relations to an agreement (MoU, DSA) between `parties`, or an SOP owned by one of them. */
export function relationsToAgreement(viewer: Viewer, parties: readonly string[]): Relation[] {
  return [parties.includes(viewer.agencyId) ? Relation.PARTY : Relation.UNRELATED, ...networkRelations(viewer)];
}

/** Relations to the webhook endpoints (and their deliveries) of agency `agencyId`. */
export function relationsToWebhooks(viewer: Viewer, agencyId: string): Relation[] {
  if (viewer.agencyId !== agencyId) return [Relation.UNRELATED, ...networkRelations(viewer)];
  return viewer.roles.includes(Role.AGENCY_ADMIN) ? [Relation.OWNER_AGENCY_ADMIN] : [Relation.UNRELATED];
}

/** Relations to the settings of agency `agencyId` (its retention policy): by role for its own staff, as to any of its cases. */
export function relationsToAgencySettings(viewer: Viewer, agencyId: string): Relation[] {
  return relationsToCase(viewer, { ownerAgencyId: agencyId, assignedTo: null, sharedWith: [] });
}

/**
 * Relations to a report on a directory entry (or, with reporterAgencyId null, to the queue of the owning
 * agency): by role in the owning agency, the reporting agency, or none.
 */
export function relationsToServiceIssue(viewer: Viewer, i: { ownerAgencyId: string; reporterAgencyId: string | null }): Relation[] {
  const out: Relation[] = [];
  if (viewer.agencyId === i.ownerAgencyId) {
    if (viewer.roles.includes(Role.AGENCY_ADMIN)) out.push(Relation.OWNER_AGENCY_ADMIN);
    if (viewer.roles.includes(Role.REFERRAL_FOCAL_POINT)) out.push(Relation.OWNER_FOCAL_POINT);
    if (viewer.roles.includes(Role.CASE_MANAGER)) out.push(Relation.OWNER_CASE_MANAGER);
    if (viewer.roles.includes(Role.CASE_SUPERVISOR)) out.push(Relation.OWNER_SUPERVISOR);
    if (viewer.roles.includes(Role.DATA_PROTECTION_OFFICER)) out.push(Relation.OWNER_DPO);
  }
  if (viewer.agencyId === i.reporterAgencyId) out.push(Relation.REPORTER);
  if (!out.length) out.push(Relation.UNRELATED);
  return [...out, ...networkRelations(viewer)];
}

/** Relations to the audit log as a whole. */
export function relationsToAuditLog(viewer: Viewer): Relation[] {
  return [...(viewer.roles.includes(Role.DATA_PROTECTION_OFFICER) ? [Relation.OWNER_DPO] : []), ...networkRelations(viewer)];
}

const RANK: Access[] = [Access.NONE, Access.DISCLOSED, Access.AUDITED, Access.FULL];

/**
 * How a reader holding `relations` gets field `field` of a case: the most open access any of them gives.
 * Undefined for a name that is not a field of Case (the isolation test fails on such a field).
 */
export function caseFieldAccess(relations: Iterable<Relation>, field: string): Access | undefined {
  const group = caseFieldGroup(field);
  if (!group) return undefined;
  let best = Access.NONE;
  for (const r of relations) {
    const a = CASE_FIELDS[r][group];
    if (RANK.indexOf(a) > RANK.indexOf(best)) best = a;
  }
  return best;
}

/** Age bands of the summary: enough to plan a service, too coarse to identify a person. */
export function ageBand(age: number | null): string | null {
  if (age === null || age === undefined) return null;
  if (age < 5) return '0-4';
  if (age < 12) return '5-11';
  if (age < 18) return '12-17';
  if (age < 25) return '18-24';
  if (age < 60) return '25-59';
  return '60+';
}
