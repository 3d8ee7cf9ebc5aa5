import {
  getNamedType, isEnumType, isObjectType, isScalarType, type GraphQLField, type GraphQLObjectType, type GraphQLOutputType,
} from 'graphql';
import { randomUUID } from 'node:crypto';
import type { Viewer } from '../src/auth/roles';
import { Access, caseFieldAccess, caseFieldGroup, may, Relation, relationsToCase, relationsToReferral, SUMMARY_SOURCE } from '../src/policy/authority';
import { FIELD_CATEGORY } from '../src/policy/data-catalogue';
import { buildBareSchema } from '../src/schema';
import { AGENCY, SERVICE, USER } from '../seed/demo-data';
import { CASE, REFERRAL, referrals as demoReferrals } from '../seed/cases-data';
import { demoUser, gql, ok, tokenFor, type GqlResult } from './support/client';

/**
 * Walks the authority table (src/policy/authority.ts) over HTTP: every path from a root field to a Case,
 * as staff of the owning agency in every relation, as each role of the receiving agency (live and
 * declined), and as outsiders. Every field of Case is compared with what the table says. A path to a
 * Case, or a field of Case, that the table or this walk does not know fails the test.
 */

const schema = buildBareSchema();

// ---- every path from a root field to a Case --------------------------------------------------------

function casePaths(): string[] {
  const found: string[] = [];
  const walk = (type: GraphQLObjectType, path: string, depth: number, throughCase: number) => {
    for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
      const named = getNamedType(field.type);
      if (!isObjectType(named)) continue;
      const next = `${path}.${field.name}`;
      if (named.name === 'Case') {
        found.push(next);
        // one level of nesting through a case (case.referrals.case) is a path of its own
        if (throughCase === 0 && depth < 6) walk(named, next, depth + 1, 1);
      } else if (depth < 5) {
        walk(named, next, depth + 1, throughCase);
      }
    }
  };
  walk(schema.getQueryType()!, 'Query', 0, 0);
  walk(schema.getMutationType()!, 'Mutation', 0, 0);
  return found;
}

/** Paths walked below, and paths that only return a case to the writer who just changed it (same field resolvers, same table). */
const PATHS: Record<string, string> = {
  'Query.case': 'walked',
  'Query.cases.edges.node': 'walked',
  'Query.referral.case': 'walked',
  'Query.sentReferrals.edges.node.case': 'walked',
  'Query.referralInbox.edges.node.case': 'walked',
  'Query.vitalInterestReferrals.edges.node.case': 'walked',
  'Query.myReferrals.edges.node.case': 'receiver: same resolver as Query.referralInbox.edges.node.case (tested in test/referral-loop.test.ts)',
  'Query.case.referrals.case': 'walked',
  'Query.cases.edges.node.referrals.case': 'walked through Query.case.referrals.case (same resolver)',
  'Query.referral.case.referrals.case': 'walked through Query.case.referrals.case (CASE_RECORDS: owner only)',
  'Query.sentReferrals.edges.node.case.referrals.case': 'walked through Query.case.referrals.case',
  'Query.referralInbox.edges.node.case.referrals.case': 'CASE_RECORDS of a case read through a referral resolve to null (walked: receivers get referrals: null)',
  'Query.vitalInterestReferrals.edges.node.case.referrals.case': 'walked through Query.case.referrals.case',
  'Query.myReferrals.edges.node.case.referrals.case': 'CASE_RECORDS of a case read through a referral resolve to null (as referralInbox)',
  'Mutation.registerCase': 'writer: the new case is assigned to the case manager who registered it',
  'Mutation.updateCase': 'walked (update allowed by the table only to the assigned or shared case manager)',
  'Mutation.assignCase': 'tested below (assignment)',
  'Mutation.shareCase': 'tested below (sharing)',
  'Mutation.unshareCase': 'tested below (sharing)',
  'Mutation.closeCase': 'writer: the assigned case manager or supervisor who closed it (test/case-lifecycle.test.ts)',
  'Mutation.reopenCase': 'writer: the assigned case manager or supervisor who reopened it (test/case-lifecycle.test.ts)',
  'Mutation.eraseCase': 'writer: the owning agency\'s DPO who erased it; every personal field is ERASED for every reader (test/retention-erasure.test.ts)',
  'Mutation.sendReferral.case': 'writer: the sender reads the case by its own relation (tested below)',
  'Mutation.acceptReferral.case': 'receiver: same resolver as Query.referral.case',
  'Mutation.declineReferral.case': 'receiver: same resolver as Query.referral.case (tested below: declined discloses nothing)',
  'Mutation.completeReferral.case': 'receiver: same resolver as Query.referral.case',
  'Mutation.cancelReferral.case': 'sender: same resolver as Query.referral.case',
  'Mutation.startReferral.case': 'receiver: same resolver as Query.referral.case',
  'Mutation.holdReferral.case': 'receiver: same resolver as Query.referral.case',
  'Mutation.assignReferral.case': 'receiver: same resolver as Query.referral.case',
  'Mutation.answerUpdateRequest.case': 'receiver: same resolver as Query.referral.case',
  'Mutation.requestReferralUpdate.case': 'sender: same resolver as Query.referral.case',
  'Mutation.answerUpdateRequest.case.referrals.case': 'same resolver as Query.referral.case.referrals.case',
  'Mutation.requestReferralUpdate.case.referrals.case': 'same resolver as Query.referral.case.referrals.case',
  'Mutation.correctReferralText.case': 'owner DPO: same resolver as Query.referral.case',
  'Mutation.forwardReferral.case': 'writer: the sender reads the case by its own relation, as sendReferral (test/referral-messages.test.ts)',
};
for (const base of Object.keys(PATHS).filter((p) => p.startsWith('Mutation.') && !p.endsWith('.case'))) PATHS[`${base}.referrals.case`] = 'owner nested: same resolver as Query.case.referrals.case';
for (const base of Object.keys(PATHS).filter((p) => /^Mutation\.\w+Referral(Text)?\.case$/.test(p))) PATHS[`${base}.referrals.case`] = 'same resolver as Query.referral.case.referrals.case';

// ---- the fields of Case ------------------------------------------------------------------------------

const caseType = schema.getType('Case') as GraphQLObjectType;
const CASE_FIELD_NAMES = Object.keys(caseType.getFields());
const selectionOf = (name: string) => {
  const t = caseType.getFields()[name].type as GraphQLOutputType;
  const named = getNamedType(t);
  if (isScalarType(named) || isEnumType(named)) return name;
  return `${name} { ${'id' in (named as GraphQLObjectType).getFields() ? 'id' : Object.keys((named as GraphQLObjectType).getFields())[0]} }`;
};
const CASE_SELECTION = CASE_FIELD_NAMES.map(selectionOf).join(' ');

// ---- readers ----------------------------------------------------------------------------------------

interface Reader { label: string; email: string }
const OWNER_STAFF: Reader[] = [
  { label: 'assigned case manager', email: 'amina.cm@iom-niger.example.org' },
  { label: 'other case manager', email: 'moussa.cm@iom-niger.example.org' },
  { label: 'case supervisor', email: 'aissata.sup@iom-niger.example.org' },
  { label: 'data protection officer', email: 'oumarou.dpo@iom-niger.example.org' },
  { label: 'referral focal point', email: 'ibrahim.rfp@iom-niger.example.org' },
  { label: 'agency admin', email: 'fatimata.admin@iom-niger.example.org' },
];
const RECEIVERS: Reader[] = [
  { label: 'receiving focal point', email: 'zeinabou.rfp@tenere-femmes.example.org' },
  { label: 'receiving case manager', email: 'rakia.cm@tenere-femmes.example.org' },
  { label: 'receiving agency admin', email: 'mariama.admin@tenere-femmes.example.org' },
  { label: 'receiving data protection officer', email: 'hadiza.dpo@tenere-femmes.example.org' },
];
const OUTSIDERS: Reader[] = [
  { label: 'unrelated case manager', email: 'hiba.cm@nile-legal.example.org' },
  { label: 'unrelated data protection officer', email: 'khalid.dpo@nile-legal.example.org' },
  { label: 'network admin', email: 'nadia.admin@referral-network.example.org' },
  { label: 'steering committee', email: 'abdoulaye.sc@referral-network.example.org' },
];
const viewerOf = (email: string): Viewer => {
  const u = demoUser(email);
  return { userId: u.sub, agencyId: u.agency, roles: u.roles };
};

const HOUR_AGO = () => new Date(Date.now() - 3_600_000).toISOString();

type Err = GqlResult['errors'] extends (infer E)[] | undefined ? E : never;

/**
 * Checks one Case object of a response against the table. `at` is the path of the case in the response,
 * `relations` the reader's relations to it, `truth` the case as its assigned case manager reads it.
 */
function checkCase(problems: string[], label: string, value: any, errors: Err[], at: (string | number)[], relations: Relation[], truth: any, referral?: { disclosed: string[]; endedBy?: string }) {
  const errorAt = (field: string) => errors.find((e) => JSON.stringify(e.path) === JSON.stringify([...at, field]));
  for (const field of CASE_FIELD_NAMES) {
    const access = caseFieldAccess(relations, field);
    if (access === undefined) {
      problems.push(`Case.${field} is missing from the authority table`);
      continue;
    }
    const got = value?.[field] ?? null;
    const error = errorAt(field);
    const want = truth[field] ?? null;
    const where = `${label}: ${field}`;
    const group = caseFieldGroup(field)!;
    if (access === Access.FULL || access === Access.AUDITED) {
      if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${where} should read ${JSON.stringify(want)}, got ${JSON.stringify(got)} ${error ? error.message : ''}`);
    } else if (access === Access.NONE) {
      if (got !== null) problems.push(`${where} should be withheld, got ${JSON.stringify(got)}`);
      if (group !== 'CASE_RECORDS' && error?.extensions?.code !== 'FORBIDDEN_FIELD') problems.push(`${where} should be refused with FORBIDDEN_FIELD, got ${JSON.stringify(error ?? null)}`);
    } else {
      // DISCLOSED: decided through the referral
      const source = SUMMARY_SOURCE[field] ?? field;
      if (field === 'viaReferralId' || field === 'assignedTo') {
        if (field === 'assignedTo' && got !== null) problems.push(`${where} must never reach a receiver`);
        continue;
      }
      if (!FIELD_CATEGORY.has(source)) {
        if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${where} should read ${JSON.stringify(want)}, got ${JSON.stringify(got)}`);
        continue;
      }
      if (got === null) {
        if (want !== null && error?.extensions?.code !== 'FORBIDDEN_FIELD') problems.push(`${where} withheld without FORBIDDEN_FIELD`);
        if (error && error.extensions?.reason === 'NEED_TO_KNOW') problems.push(`${where} refused for NEED_TO_KNOW where the table says DISCLOSED`);
        if (error && referral?.endedBy && error.extensions?.reason !== referral.endedBy) problems.push(`${where} should be refused with ${referral.endedBy}, got ${error.extensions?.reason}`);
      } else {
        if (JSON.stringify(got) !== JSON.stringify(want)) problems.push(`${where} disclosed a value that is not the case's: ${JSON.stringify(got)}`);
        if (referral?.endedBy) problems.push(`${where} disclosed after the referral ended (${referral.endedBy})`);
        if (referral && !referral.disclosed.includes(source)) problems.push(`${where} disclosed although the sender never disclosed ${source}`);
      }
    }
  }
}

describe('the authority table, walked over HTTP', () => {
  const tokens = new Map<string, string>();
  const token = (email: string) => tokens.get(email)!;
  const truth = new Map<string, any>();

  beforeAll(async () => {
    for (const r of [...OWNER_STAFF, ...RECEIVERS, ...OUTSIDERS]) tokens.set(r.email, await tokenFor(r.email));
    const amina = token('amina.cm@iom-niger.example.org');
    // the ground truth: every field as the assigned case manager reads it
    for (const id of [CASE.AICHA, CASE.HALIMA, CASE.FATI]) truth.set(id, ok(await gql(`query($id: ID!) { case(id: $id) { ${CASE_SELECTION} } }`, { id }, amina)).case);
  });

  it('knows every path from a root field to a case', () => {
    const paths = casePaths();
    expect(paths.filter((p) => !(p in PATHS))).toEqual([]);
    expect(Object.keys(PATHS).filter((p) => !paths.includes(p))).toEqual([]);
  });

  it('has every field of Case in the table', () => {
    expect(CASE_FIELD_NAMES.filter((f) => caseFieldAccess([], f) === undefined)).toEqual([]);
  });

  it.each(OWNER_STAFF.map((r) => [r.label, r.email]))('owning agency, %s: case(id), cases, referral(id).case, sentReferrals and case.referrals.case follow the table', async (_label, email) => {
    const problems: string[] = [];
    const viewer = viewerOf(email);
    const facts = { ownerAgencyId: AGENCY.IOM_NIGER, assignedTo: USER.IOM_NIGER_CASE_MANAGER, sharedWith: [] as string[] };
    const relations = relationsToCase(viewer, facts);
    const reads = may('case', 'read', relations);
    const t = token(email);
    const aicha = truth.get(CASE.AICHA);

    const direct = await gql(`query($id: ID!) { case(id: $id) { ${CASE_SELECTION} } }`, { id: CASE.AICHA }, t);
    if (reads) checkCase(problems, 'case(id)', direct.data?.case, direct.errors ?? [], ['case'], relations, aicha);
    else if (direct.data?.case || !['FORBIDDEN', 'NOT_FOUND'].includes(direct.errors?.[0]?.extensions?.code)) problems.push(`case(id) should be refused, got ${JSON.stringify(direct.errors ?? direct.data)}`);

    const list = await gql(`query($s: String) { cases(first: 5, filter: { search: $s }) { edges { node { ${CASE_SELECTION} } } } }`, { s: aicha.caseCode }, t);
    if (reads) checkCase(problems, 'cases', list.data?.cases?.edges?.[0]?.node, list.errors ?? [], ['cases', 'edges', 0, 'node'], relations, aicha);
    else if (list.data?.cases) problems.push('cases should be refused');

    const via = await gql(`query($id: ID!) { referral(id: $id) { case { ${CASE_SELECTION} } } }`, { id: REFERRAL.SENT }, t);
    checkCase(problems, 'referral(id).case', via.data?.referral?.case, via.errors ?? [], ['referral', 'case'], relations, aicha);

    // the demo referrals were sent hours ago; other test files send many more meanwhile
    const sent = await gql(`query($f: ReferralFilter) { sentReferrals(first: 50, filter: $f) { edges { node { id case { ${CASE_SELECTION} } } } } }`, { f: { sentTo: HOUR_AGO() } }, t);
    if (sent.data) {
      const i = sent.data.sentReferrals.edges.findIndex((e: any) => e.node.id === REFERRAL.SENT);
      if (i < 0) problems.push('sentReferrals: the demo referral is not in the list');
      checkCase(problems, 'sentReferrals.case', sent.data.sentReferrals.edges[i]?.node.case, sent.errors ?? [], ['sentReferrals', 'edges', i, 'node', 'case'], relations, aicha);
    }

    if (reads) {
      const nested = await gql(`query($id: ID!) { case(id: $id) { referrals { id case { ${CASE_SELECTION} } } } }`, { id: CASE.AICHA }, t);
      const referrals = nested.data?.case?.referrals;
      if (may('case', 'read', relations) && caseFieldAccess(relations, 'referrals') !== Access.NONE) {
        const i = referrals.findIndex((r: any) => r.id === REFERRAL.SENT);
        checkCase(problems, 'case.referrals.case', referrals[i].case, nested.errors ?? [], ['case', 'referrals', i, 'case'], relations, aicha);
      } else if (referrals !== null) problems.push('case.referrals should be withheld');
    }

    const update = await gql(`mutation($id: ID!) { updateCase(input: { id: $id }) { id } }`, { id: CASE.AICHA }, t);
    if (may('case', 'update', relations) !== !!update.data?.updateCase) problems.push(`updateCase: table says ${may('case', 'update', relations)}, got ${JSON.stringify(update.errors ?? update.data)}`);
    expect(problems).toEqual([]);
  });

  it('owning agency, a case manager the case is shared with reads it in full, sensitive fields audited', async () => {
    const amina = token('amina.cm@iom-niger.example.org');
    const moussa = token('moussa.cm@iom-niger.example.org');
    ok(await gql(`mutation($c: ID!, $u: String!) { shareCase(caseId: $c, caseManagerId: $u) { sharedWith } }`, { c: CASE.FATI, u: USER.IOM_NIGER_SECOND_CASE_MANAGER }, amina));
    const relations = relationsToCase(viewerOf('moussa.cm@iom-niger.example.org'), { ownerAgencyId: AGENCY.IOM_NIGER, assignedTo: USER.IOM_NIGER_CASE_MANAGER, sharedWith: [USER.IOM_NIGER_SECOND_CASE_MANAGER] });
    expect(relations).toEqual([Relation.SHARED_CASE_MANAGER]);
    const problems: string[] = [];
    const r = await gql(`query($id: ID!) { case(id: $id) { ${CASE_SELECTION} } }`, { id: CASE.FATI }, moussa);
    checkCase(problems, 'shared case(id)', r.data?.case, r.errors ?? [], ['case'], relations, { ...truth.get(CASE.FATI), sharedWith: [USER.IOM_NIGER_SECOND_CASE_MANAGER] });
    expect(problems).toEqual([]);
  });

  it.each(RECEIVERS.map((r) => [r.label, r.email]))('receiving agency, %s: referral(id).case and the inbox follow the table, live and after a decline', async (_label, email) => {
    const problems: string[] = [];
    const t = token(email);
    const viewer = viewerOf(email);
    const relations = relationsToReferral(viewer, { sendingAgencyId: AGENCY.IOM_NIGER, receivingAgencyId: AGENCY.AGADEZ_WOMEN });
    const live = demoReferrals.find((r) => r.id === REFERRAL.SENT)!;
    const declined = demoReferrals.find((r) => r.id === REFERRAL.DECLINED)!;

    const read = await gql(`query($id: ID!) { referral(id: $id) { case { ${CASE_SELECTION} } } }`, { id: REFERRAL.SENT }, t);
    checkCase(problems, 'referral(id).case', read.data?.referral?.case, read.errors ?? [], ['referral', 'case'], relations, truth.get(CASE.AICHA), { disclosed: live.fields });

    const inbox = await gql(`query($f: ReferralFilter) { referralInbox(first: 50, filter: $f) { edges { node { id case { ${CASE_SELECTION} } } } } }`, { f: { sentTo: HOUR_AGO() } }, t);
    if (inbox.data) {
      const i = inbox.data.referralInbox.edges.findIndex((e: any) => e.node.id === REFERRAL.SENT);
      if (i < 0) problems.push('referralInbox: the demo referral is not in the list');
      checkCase(problems, 'referralInbox.case', inbox.data.referralInbox.edges[i].node.case, inbox.errors ?? [], ['referralInbox', 'edges', i, 'node', 'case'], relations, truth.get(CASE.AICHA), { disclosed: live.fields });
    }

    const after = await gql(`query($id: ID!) { referral(id: $id) { case { ${CASE_SELECTION} } } }`, { id: REFERRAL.DECLINED }, t);
    checkCase(problems, 'declined referral(id).case', after.data?.referral?.case, after.errors ?? [], ['referral', 'case'], relations, truth.get(CASE.HALIMA), { disclosed: declined.fields, endedBy: 'REFERRAL_DECLINED' });
    expect(problems).toEqual([]);
  });

  it.each(OUTSIDERS.map((r) => [r.label, r.email]))('%s: no path reaches the case', async (_label, email) => {
    const t = token(email);
    for (const [query, variables] of [
      [`query($id: ID!) { case(id: $id) { caseCode givenName } }`, { id: CASE.AICHA }],
      [`query($id: ID!) { referral(id: $id) { case { caseCode givenName } } }`, { id: REFERRAL.SENT }],
    ] as const) {
      const r = await gql(query, variables, t);
      expect(JSON.stringify(r.data)).not.toMatch(/Aïcha|CASE-DEMO/);
      expect(['FORBIDDEN', 'NOT_FOUND']).toContain(r.errors?.[0]?.extensions?.code);
    }
  });

  it('audits every read of PROTECTION or HEALTH by anyone but the assigned case manager, and shows it in caseAuditTrail', async () => {
    const dpo = token('oumarou.dpo@iom-niger.example.org');
    const supervisor = token('aissata.sup@iom-niger.example.org');
    const amina = token('amina.cm@iom-niger.example.org');
    const { YOUSSOUF } = CASE;
    // the assigned case manager's reading is not audited (checked below: no internal read by her)
    ok(await gql(`query($id: ID!) { case(id: $id) { givenName healthInformation } }`, { id: YOUSSOUF }, amina));
    ok(await gql(`query($id: ID!) { case(id: $id) { givenName healthInformation vulnerabilities } }`, { id: YOUSSOUF }, supervisor));
    const trail = ok(await gql(`query($id: ID!) { caseAuditTrail(caseId: $id, first: 100) { totalCount edges { node { action actorId details } } } }`, { id: YOUSSOUF }, dpo)).caseAuditTrail;
    const reads = trail.edges.map((e: any) => e.node).filter((n: any) => n.action === 'case.disclosed' && n.details.internal);
    expect(reads.filter((n: any) => n.actorId === USER.IOM_NIGER_CASE_MANAGER)).toEqual([]);
    expect(reads.filter((n: any) => n.actorId === USER.IOM_NIGER_SUPERVISOR))
      .toEqual([expect.objectContaining({ details: expect.objectContaining({ fields: ['healthInformation', 'vulnerabilities'], internal: true, referralId: null }) })]);
    // the DPO's own reading of a sensitive field is audited too, and the disclosure report (other agencies) does not list it
    ok(await gql(`query($id: ID!) { case(id: $id) { protectionConcerns } }`, { id: YOUSSOUF }, dpo));
    const after = ok(await gql(`query($id: ID!) { caseAuditTrail(caseId: $id, first: 100) { edges { node { action actorId details } } } }`, { id: YOUSSOUF }, dpo)).caseAuditTrail;
    expect(after.edges.some((e: any) => e.node.actorId === USER.IOM_NIGER_DPO && e.node.details.internal)).toBe(true);
    const report = ok(await gql(`query($id: ID!) { disclosureReport(caseId: $id) { agencyId } }`, { id: YOUSSOUF }, dpo)).disclosureReport;
    expect(report.map((e: any) => e.agencyId)).not.toContain(AGENCY.IOM_NIGER);
  });
});

describe('need-to-know inside the owning agency (issue: any role read the whole case through a referral)', () => {
  it('a focal point and an agency admin of the owning agency see the referral and the summary, never a personal field, through sentReferrals and referral(id)', async () => {
    for (const email of ['ibrahim.rfp@iom-niger.example.org', 'fatimata.admin@iom-niger.example.org']) {
      const t = await tokenFor(email);
      const r = await gql(`query($id: ID!) { referral(id: $id) { status case { caseCode ageBand languages givenName phone protectionConcerns healthInformation consents { id } } } }`, { id: REFERRAL.SENT }, t);
      expect(r.data.referral.status).toBe('SENT');
      expect(r.data.referral.case).toEqual({ caseCode: 'CASE-DEMO0001', ageBand: expect.any(String), languages: ['ha', 'en'], givenName: null, phone: null, protectionConcerns: null, healthInformation: null, consents: null });
      expect(r.errors!.map((e) => e.extensions?.reason)).toEqual(['NEED_TO_KNOW', 'NEED_TO_KNOW', 'NEED_TO_KNOW', 'NEED_TO_KNOW']);
    }
    const fp = await tokenFor('ibrahim.rfp@iom-niger.example.org');
    const sent = await gql(`{ sentReferrals(first: 50) { edges { node { case { givenName phone protectionConcerns } } } } }`, {}, fp);
    expect(JSON.stringify(sent.data)).not.toMatch(/Aïcha|\+227 90|Fictional/);
  });

  it('another case manager finds a colleague\'s case by its code, not by the person\'s name, and reads its summary only', async () => {
    const moussa = await tokenFor('moussa.cm@iom-niger.example.org');
    const byName = ok(await gql(`{ cases(first: 10, filter: { search: "Salamatou" }) { totalCount } }`, {}, moussa)).cases;
    expect(byName.totalCount).toBe(0);
    const amina = await tokenFor('amina.cm@iom-niger.example.org');
    expect(ok(await gql(`{ cases(first: 10, filter: { search: "Salamatou" }) { totalCount } }`, {}, amina)).cases.totalCount).toBe(1);
    const byCode = await gql(`{ cases(first: 10, filter: { search: "CASE-DEMO0005" }) { edges { node { caseCode status givenName } } } }`, {}, moussa);
    expect(byCode.data.cases.edges[0].node).toEqual({ caseCode: 'CASE-DEMO0005', status: 'OPEN', givenName: null });
    expect(codesOf(byCode)).toEqual(['FORBIDDEN_FIELD']);
  });
});

const codesOf = (r: GqlResult) => (r.errors ?? []).map((e) => e.extensions?.code);

describe('assigning and sharing a case', () => {
  const person = { givenName: 'Assigna', familyName: `Fictional-${randomUUID().slice(0, 6)}`, phone: '+227 90 99 99 99', protectionConcerns: 'Fictional: threats' };
  const consent = { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', interpreterUsed: false, purposes: ['REGISTRATION'], categories: ['IDENTITY'] };
  let caseId: string;
  let amina: string; let moussa: string; let supervisor: string; let admin: string;
  beforeAll(async () => {
    [amina, moussa, supervisor, admin] = await Promise.all(['amina.cm@iom-niger.example.org', 'moussa.cm@iom-niger.example.org', 'aissata.sup@iom-niger.example.org', 'fatimata.admin@iom-niger.example.org'].map((e) => tokenFor(e)));
    caseId = ok(await gql(`mutation($input: RegisterCaseInput!) { registerCase(input: $input) { id assignedTo } }`, { input: { person, consent } }, amina)).registerCase.id;
  });

  it('assigns a new case to the case manager who registered it, and a supervisor or the agency admin reassigns it, with history', async () => {
    const assign = (t: string, to: string | null) => gql(`mutation($c: ID!, $u: String) { assignCase(caseId: $c, caseManagerId: $u) { assignedTo assignmentHistory { assignedTo assignedBy } } }`, { c: caseId, u: to }, t);
    expect(codesOf(await assign(amina, USER.IOM_NIGER_SECOND_CASE_MANAGER))).toEqual(['FORBIDDEN']);
    const moved = ok(await assign(supervisor, USER.IOM_NIGER_SECOND_CASE_MANAGER)).assignCase;
    expect(moved.assignedTo).toBe(USER.IOM_NIGER_SECOND_CASE_MANAGER);
    expect(moved.assignmentHistory).toEqual([{ assignedTo: USER.IOM_NIGER_CASE_MANAGER, assignedBy: USER.IOM_NIGER_CASE_MANAGER }, { assignedTo: USER.IOM_NIGER_SECOND_CASE_MANAGER, assignedBy: USER.IOM_NIGER_SUPERVISOR }]);
    // the new case manager reads everything, the previous one only the summary
    expect(ok(await gql(`query($id: ID!) { case(id: $id) { givenName protectionConcerns } }`, { id: caseId }, moussa)).case).toEqual({ givenName: 'Assigna', protectionConcerns: 'Fictional: threats' });
    const previous = await gql(`query($id: ID!) { case(id: $id) { caseCode givenName } }`, { id: caseId }, amina);
    expect(previous.data.case.givenName).toBeNull();
    expect(previous.errors![0].extensions).toMatchObject({ code: 'FORBIDDEN_FIELD', reason: 'NEED_TO_KNOW' });
    expect(codesOf(await gql(`mutation($id: ID!) { updateCase(input: { id: $id, person: { phone: "+227 90 00 00 00" } }) { id } }`, { id: caseId }, amina))).toEqual(['FORBIDDEN']);
    // the admin assigns it back; assigning it to whom it already is is a CONFLICT
    ok(await assign(admin, USER.IOM_NIGER_CASE_MANAGER));
    expect(codesOf(await assign(admin, USER.IOM_NIGER_CASE_MANAGER))).toEqual(['CONFLICT']);
  });

  it('refuses to assign to anyone but a case manager of the agency, and hides other agencies\' cases', async () => {
    const assign = (t: string, c: string, to: string) => gql(`mutation($c: ID!, $u: String) { assignCase(caseId: $c, caseManagerId: $u) { id } }`, { c, u: to }, t);
    expect(codesOf(await assign(supervisor, caseId, USER.KHARTOUM_LEGAL_CASE_MANAGER))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await assign(supervisor, caseId, USER.IOM_NIGER_FOCAL_POINT))).toEqual(['BAD_USER_INPUT']);
    expect(codesOf(await assign(supervisor, caseId, 'no-such-user'))).toEqual(['BAD_USER_INPUT']);
    const otherAdmin = await tokenFor('samia.admin@nile-legal.example.org');
    expect(codesOf(await assign(otherAdmin, caseId, USER.KHARTOUM_LEGAL_CASE_MANAGER))).toEqual(['NOT_FOUND']);
    expect(codesOf(await assign(otherAdmin, randomUUID(), USER.KHARTOUM_LEGAL_CASE_MANAGER))).toEqual(['NOT_FOUND']);
  });

  it('shares and unshares a case with a colleague, who then reads it in full', async () => {
    const read = () => gql(`query($id: ID!) { case(id: $id) { givenName } }`, { id: caseId }, moussa);
    expect((await read()).data.case.givenName).toBeNull();
    ok(await gql(`mutation($c: ID!, $u: String!) { shareCase(caseId: $c, caseManagerId: $u) { id } }`, { c: caseId, u: USER.IOM_NIGER_SECOND_CASE_MANAGER }, amina));
    expect(ok(await read()).case.givenName).toBe('Assigna');
    // a colleague it is shared with may not share it further
    expect(codesOf(await gql(`mutation($c: ID!, $u: String!) { unshareCase(caseId: $c, caseManagerId: $u) { id } }`, { c: caseId, u: USER.IOM_NIGER_SECOND_CASE_MANAGER }, moussa))).toEqual(['FORBIDDEN']);
    ok(await gql(`mutation($c: ID!, $u: String!) { unshareCase(caseId: $c, caseManagerId: $u) { id } }`, { c: caseId, u: USER.IOM_NIGER_SECOND_CASE_MANAGER }, amina));
    expect((await read()).data.case.givenName).toBeNull();
    const trail = ok(await gql(`query($id: ID!) { caseAuditTrail(caseId: $id, first: 50) { edges { node { action } } } }`, { id: caseId }, await tokenFor('oumarou.dpo@iom-niger.example.org'))).caseAuditTrail;
    expect(trail.edges.map((e: any) => e.node.action)).toEqual(expect.arrayContaining(['case.shared', 'case.unshared', 'case.assigned']));
  });
});

describe('referral states end disclosure (issue: a declined referral kept disclosing)', () => {
  it('a receiver that declines stops reading the person at once', async () => {
    const amina = await tokenFor('amina.cm@iom-niger.example.org');
    const fp = await tokenFor('zeinabou.rfp@tenere-femmes.example.org');
    const consent = { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', interpreterUsed: false, purposes: ['REGISTRATION', 'REFERRAL'],
      recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY', 'CONTACT', 'PROTECTION'] };
    const caseId = ok(await gql(`mutation($input: RegisterCaseInput!) { registerCase(input: $input) { id } }`,
      { input: { person: { givenName: 'Declina', familyName: 'Fictional', phone: '+227 90 12 12 12', protectionConcerns: 'Fictional: at risk' }, consent } }, amina)).registerCase.id;
    const referral = ok(await gql(`mutation($input: SendReferralInput!) { sendReferral(input: $input) { id disclosedFields } }`,
      { input: { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', reasons: 'Fictional: listening', disclosedFields: ['givenName', 'phone', 'protectionConcerns'] } }, amina)).sendReferral;
    const read = () => gql(`query($id: ID!) { referral(id: $id) { status case { caseCode givenName phone protectionConcerns } } }`, { id: referral.id }, fp);
    expect(ok(await read()).referral.case).toMatchObject({ givenName: 'Declina', phone: '+227 90 12 12 12', protectionConcerns: 'Fictional: at risk' });
    ok(await gql(`mutation($input: DeclineReferralInput!) { declineReferral(input: $input) { status } }`, { input: { id: referral.id, reason: 'NO_CAPACITY' } }, fp));
    const after = await read();
    expect(after.data.referral).toEqual({ status: 'DECLINED', case: { caseCode: expect.stringMatching(/^CASE-/), givenName: null, phone: null, protectionConcerns: null } });
    expect(after.errors!.map((e) => e.extensions?.reason)).toEqual(['REFERRAL_DECLINED', 'REFERRAL_DECLINED', 'REFERRAL_DECLINED']);
  });
});

describe('a referral left unanswered expires (REFERRAL_EXPIRY_DAYS)', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const os = require('node:os') as typeof import('node:os');
  const path = require('node:path') as typeof import('node:path');
  const { startServer } = require('./support/server') as typeof import('./support/server');
  const { signToken } = require('../src/auth/jwt') as typeof import('../src/auth/jwt');
  const secret = 'e'.repeat(40);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-expiry-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('turns a referral SENT past its due time by the period into EXPIRED: both agencies see it, it discloses nothing, it cannot be accepted, figures count it', async () => {
    // the demo's overdue referral was due two days ago: with a one-day period it expires when the server starts
    const server = await startServer({ DATABASE_URL: undefined, DATA_DIR: path.join(dir, 'data'), JWT_SECRET: secret, SEED_DEMO_DATA: 'true', REFERRAL_EXPIRY_DAYS: '1', RATE_LIMIT_PER_MINUTE: '100000' }, path.join(dir, 'server.log'));
    try {
      const post = async (email: string, query: string, variables: Record<string, unknown> = {}) => {
        const t = await signToken(secret, demoUser(email));
        const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` }, body: JSON.stringify({ query, variables }) });
        return (await res.json()) as any;
      };
      const q = `query($id: ID!) { referral(id: $id) { status expiredAt history { toStatus } case { caseCode givenName phone } } }`;
      const sender = await post('amina.cm@iom-niger.example.org', q, { id: REFERRAL.OVERDUE });
      expect(sender.data.referral.status).toBe('EXPIRED');
      expect(sender.data.referral.history.map((h: any) => h.toStatus)).toEqual(['SENT', 'EXPIRED']);
      const receiver = await post('zeinabou.rfp@tenere-femmes.example.org', q, { id: REFERRAL.OVERDUE });
      expect(receiver.data.referral).toMatchObject({ status: 'EXPIRED', case: { givenName: null, phone: null } });
      expect(receiver.errors.map((e: any) => e.extensions.reason)).toEqual(['REFERRAL_EXPIRED', 'REFERRAL_EXPIRED']);
      const accept = await post('zeinabou.rfp@tenere-femmes.example.org', `mutation($id: ID!) { acceptReferral(id: $id) { status } }`, { id: REFERRAL.OVERDUE });
      expect(accept.errors[0].extensions.code).toBe('CONFLICT');
      // the referral still SENT and not yet past its due time is untouched
      expect((await post('amina.cm@iom-niger.example.org', q, { id: REFERRAL.SENT })).data.referral.status).toBe('SENT');
      const figures = await post('nadia.admin@referral-network.example.org', `{ networkPerformance { threshold expired sent } }`);
      // one expired referral is a small count: withheld, never shown as 0
      expect(figures.data.networkPerformance.expired).toBeNull();
    } finally {
      await server.stop();
    }
  }, 180_000);
});
