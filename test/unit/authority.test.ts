import fs from 'node:fs';
import path from 'node:path';
import { Role, type Viewer } from '../../src/auth/roles';
import {
  Access, ageBand, CASE_FIELD_GROUPS, CASE_FIELDS, caseFieldAccess, caseFieldGroup, may, OPERATIONS, OPERATIONS_BY_RELATION, Relation, relationsToCase, relationsToReferral,
  type RecordKind,
} from '../../src/policy/authority';
import { withAuthorityTable } from '../../src/policy/authority-doc';
import { ALL_FIELDS, DataCategory } from '../../src/policy/data-catalogue';

const OWNER = 'a0000000-0000-4000-8000-000000000001';
const OTHER = 'a0000000-0000-4000-8000-000000000002';
const viewer = (roles: Role[], agencyId = OWNER, userId = 'u-1'): Viewer => ({ userId, agencyId, roles });
const theCase = { ownerAgencyId: OWNER, assignedTo: 'u-assigned', sharedWith: ['u-shared'] };

describe('the authority table', () => {
  it('gives every relation an access for every group of case fields', () => {
    for (const r of Object.values(Relation)) for (const g of CASE_FIELD_GROUPS) expect(Object.values(Access)).toContain(CASE_FIELDS[r][g]);
  });

  it('names only operations that exist for each kind of record', () => {
    for (const kind of Object.keys(OPERATIONS) as RecordKind[]) {
      for (const ops of Object.values(OPERATIONS_BY_RELATION[kind]) as string[][]) for (const op of ops) expect(OPERATIONS[kind]).toContain(op);
    }
  });

  it('places every catalogue field in its category group', () => {
    // languages is also part of the summary any staff of the owning agency sees
    for (const f of ALL_FIELDS.filter((x) => x !== 'languages')) expect(Object.values(DataCategory)).toContain(caseFieldGroup(f));
    expect(caseFieldGroup('languages')).toBe('SUMMARY');
    expect(caseFieldGroup('caseCode')).toBe('SUMMARY');
    expect(caseFieldGroup('consents')).toBe('CASE_RECORDS');
    expect(caseFieldGroup('notAField')).toBeUndefined();
  });

  it('tells the relations of staff of the owning agency apart by assignment, sharing and role', () => {
    expect(relationsToCase(viewer([Role.CASE_MANAGER], OWNER, 'u-assigned'), theCase)).toEqual([Relation.ASSIGNED_CASE_MANAGER]);
    expect(relationsToCase(viewer([Role.CASE_MANAGER], OWNER, 'u-shared'), theCase)).toEqual([Relation.SHARED_CASE_MANAGER]);
    expect(relationsToCase(viewer([Role.CASE_MANAGER]), theCase)).toEqual([Relation.OWNER_CASE_MANAGER]);
    expect(relationsToCase(viewer([Role.REFERRAL_FOCAL_POINT, Role.AGENCY_ADMIN]), theCase)).toEqual([Relation.OWNER_FOCAL_POINT, Relation.OWNER_AGENCY_ADMIN]);
    expect(relationsToCase(viewer([Role.DATA_PROTECTION_OFFICER]), theCase)).toEqual([Relation.OWNER_DPO]);
    // the assigned user id means nothing in another agency
    expect(relationsToCase(viewer([Role.CASE_MANAGER, Role.NETWORK_ADMIN], OTHER, 'u-assigned'), theCase)).toEqual([Relation.UNRELATED, Relation.NETWORK_ADMIN]);
    // a user id assigned but without the case manager role gets nothing from the assignment
    expect(relationsToCase(viewer([Role.REFERRAL_FOCAL_POINT], OWNER, 'u-assigned'), theCase)).toEqual([Relation.OWNER_FOCAL_POINT]);
  });

  it('lets the assigned case manager read everything, and audits sensitive reads by anyone else of the agency', () => {
    for (const f of ALL_FIELDS) expect(caseFieldAccess([Relation.ASSIGNED_CASE_MANAGER], f)).toBe(Access.FULL);
    for (const r of [Relation.OWNER_DPO, Relation.SHARED_CASE_MANAGER, Relation.OWNER_SUPERVISOR]) {
      expect(caseFieldAccess([r], 'protectionConcerns')).toBe(Access.AUDITED);
      expect(caseFieldAccess([r], 'healthInformation')).toBe(Access.AUDITED);
      expect(caseFieldAccess([r], 'givenName')).toBe(Access.FULL);
    }
  });

  it('shows focal points, admins and other case managers of the owning agency the summary, never a personal field', () => {
    for (const r of [Relation.OWNER_FOCAL_POINT, Relation.OWNER_AGENCY_ADMIN, Relation.OWNER_CASE_MANAGER]) {
      for (const f of ['caseCode', 'status', 'languages', 'ageBand']) expect(caseFieldAccess([r], f)).toBe(Access.FULL);
      for (const f of ALL_FIELDS.filter((x) => x !== 'languages')) expect(caseFieldAccess([r], f)).toBe(Access.NONE);
      expect(caseFieldAccess([r], 'consents')).toBe(Access.NONE);
    }
  });

  it('gives a receiver only what the referral discloses, and its admin or DPO nothing personal', () => {
    for (const f of ALL_FIELDS) expect(caseFieldAccess([Relation.RECEIVER_INTAKE], f)).toBe(Access.DISCLOSED);
    expect(caseFieldAccess([Relation.RECEIVER_INTAKE], 'consents')).toBe(Access.NONE);
    expect(caseFieldAccess([Relation.RECEIVER_OTHER], 'givenName')).toBe(Access.NONE);
    expect(relationsToReferral(viewer([Role.AGENCY_ADMIN], OTHER), { sendingAgencyId: OWNER, receivingAgencyId: OTHER })).toEqual([Relation.RECEIVER_OTHER]);
    expect(relationsToReferral(viewer([Role.STEERING_COMMITTEE], OTHER), { sendingAgencyId: OWNER, receivingAgencyId: OTHER })).toEqual([]);
  });

  it('takes the most open access of several relations', () => {
    expect(caseFieldAccess([Relation.OWNER_FOCAL_POINT, Relation.OWNER_DPO], 'phone')).toBe(Access.FULL);
    expect(caseFieldAccess([], 'phone')).toBe(Access.NONE);
  });

  it('lets nobody outside the owning agency and the referral read a person', () => {
    for (const r of [Relation.UNRELATED, Relation.NETWORK_ADMIN, Relation.STEERING_COMMITTEE, Relation.PARTY, Relation.REQUESTER, Relation.DATA_HOLDER_DPO]) {
      for (const g of CASE_FIELD_GROUPS) expect(CASE_FIELDS[r][g]).toBe(Access.NONE);
      expect(may('case', 'read', [r])).toBe(false);
    }
  });

  it('decides operations by relation', () => {
    expect(may('case', 'update', [Relation.ASSIGNED_CASE_MANAGER])).toBe(true);
    expect(may('case', 'update', [Relation.OWNER_CASE_MANAGER])).toBe(false);
    expect(may('case', 'assign', [Relation.OWNER_AGENCY_ADMIN])).toBe(true);
    expect(may('case', 'sendReferral', [Relation.OWNER_DPO])).toBe(false);
    expect(may('case', 'sendVitalInterestReferral', [Relation.OWNER_DPO])).toBe(true);
    expect(may('referral', 'cancel', [Relation.RECEIVER_INTAKE])).toBe(false);
    expect(may('referral', 'accept', [Relation.SENDER_STAFF])).toBe(false);
    expect(may('referral', 'read', [Relation.UNRELATED])).toBe(false);
    expect(may('auditTrail', 'readChainSize', [Relation.OWNER_DPO])).toBe(false);
  });

  it('bands ages coarsely', () => {
    expect([null, 0, 4, 5, 11, 12, 17, 18, 24, 25, 59, 60, 99].map((a) => ageBand(a))).toEqual([null, '0-4', '0-4', '5-11', '5-11', '12-17', '12-17', '18-24', '18-24', '25-59', '25-59', '60+', '60+']);
  });

  it('is what the README\'s "Who sees what" section shows (npm run docs:authority rewrites it)', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    expect(readme).toEqual(withAuthorityTable(readme));
  });
});
