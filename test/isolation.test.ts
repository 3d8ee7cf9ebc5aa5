import {
  getNamedType, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLArgument, type GraphQLInputType,
  type GraphQLObjectType, type GraphQLField,
} from 'graphql';
import { randomUUID } from 'node:crypto';
import { Role } from '../src/auth/roles';
import { buildBareSchema } from '../src/schema';
import { AGENCY, LOCATION, SERVICE, USER } from '../seed/demo-data';
import { DSA, MOU, SOP } from '../seed/agreements-data';
import { CASE, REFERRAL, cases } from '../seed/cases-data';
import { PATHWAY } from '../seed/pathways-data';
import { demoId } from '../seed/ids';
import { gql, ok, tokenFor } from './support/client';

/**
 * Walks every Query and Mutation field of the schema and calls it, as each role of an agency with no
 * relation to IOM Niger, with arguments that point at IOM Niger's records. A field added later is walked
 * too: it needs an argument generator below, or this test fails and says so.
 */

// the victim's records, by what an argument names
const TARGET: Record<string, string> = {
  case: CASE.AICHA, referral: REFERRAL.SENT, consent: demoId('consent', 1), service: SERVICE.AGADEZ_TRANSIT_SHELTER, agency: AGENCY.IOM_NIGER,
  location: LOCATION.AGADEZ_TRANSIT_CENTRE, mou: MOU.IOM_NIGER_AGADEZ_WOMEN, dsa: DSA.IOM_NIGER_TO_AGADEZ_WOMEN, sop: SOP.IOM_NIGER_CASE_MANAGEMENT_V2,
  partnership: demoId('partnership', 1), pathway: PATHWAY.GBV, request: randomUUID(), event: '1', message: randomUUID(), user: USER.IOM_NIGER_CASE_MANAGER, area: '', // area ids are set at start-up: read in beforeAll
  endpoint: '', delivery: '', // IOM Niger's webhook endpoint and a delivery to it: made in beforeAll
  issue: '', // a report on IOM Niger's service by another agency: made in beforeAll
  category: 'legal.documentation',
};
/** Which record an `id` argument means, by field name. */
const ID_OF_FIELD: Record<string, string> = {
  case: 'case', referral: 'referral', service: 'service', agency: 'agency', location: 'location', mou: 'mou', dataSharingAgreement: 'dsa', sop: 'sop',
  pathway: 'pathway', dataAccessRequest: 'request', area: 'area', acceptReferral: 'referral', cancelReferral: 'referral', startReferral: 'referral', holdReferral: 'referral', assignReferral: 'referral',
  requestReferralUpdate: 'referral', answerUpdateRequest: 'referral', forwardReferral: 'referral', verifyService: 'service', removeWebhook: 'endpoint', testWebhook: 'endpoint',
  setServiceStatus: 'service', updateServiceCapacity: 'service', endPartnership: 'partnership', terminateMou: 'mou', signDataSharingAgreement: 'dsa',
  terminateDataSharingAgreement: 'dsa', rejectDataAccessRequest: 'request', revokeDataAccessRequest: 'request', updatePathway: 'pathway',
  dismissServiceIssue: 'issue',
};
/** Which record an input type's `id` means. */
const ID_OF_INPUT: Record<string, string> = {
  UpdateServiceInput: 'service', UpdateLocationInput: 'location', UpdateAgencyInput: 'agency', UpdateMouInput: 'mou', SignMouInput: 'mou', UpdateCaseInput: 'case',
  DeclineReferralInput: 'referral', CompleteReferralInput: 'referral', ApproveDataAccessRequestInput: 'request',
};

/** Which record an `xxxId(s)` argument means. */
const ARGUMENT_KIND: Record<string, string> = {
  agency: 'agency', partyAgency: 'agency', party: 'agency', partnerAgency: 'agency', providerAgency: 'agency', providingAgency: 'agency', receivingAgency: 'agency',
  recipientAgency: 'agency', ownerAgency: 'agency', toAgency: 'agency', leadAgency: 'agency', requestingAgency: 'agency', area: 'area', coverageArea: 'area', parent: 'area',
  case: 'case', consent: 'consent', location: 'location', pathway: 'pathway', service: 'service', mou: 'mou', sopSeries: 'sop', sop: 'sop', referral: 'referral',
  event: 'event', user: 'user', message: 'message', endpoint: 'endpoint', delivery: 'delivery', code: 'category',
};

/** Fields whose answer is meant for every agency (the directory, catalogues, aggregates, one's own things). */
const OPEN = new Set(['me', 'myAgency', 'services', 'service', 'agencies', 'agency', 'areas', 'area', 'serviceCategories', 'locations', 'location', 'dataCatalogue',
  'datasets', 'statistics', 'pathways', 'pathway', 'sops', 'sop', 'myDataAccessRequests', 'mous', 'dataSharingAgreements',
  // links to print the directory: they change nothing and show what the directory shows the caller
  'createDirectoryReportLink', 'createServiceSlipLink']);
/** Powers the network-wide roles have by design. */
const BY_DESIGN: Partial<Record<Role, Set<string>>> = {
  [Role.NETWORK_ADMIN]: new Set(['mou', 'dataSharingAgreement', 'createAgency', 'updateAgency', 'createArea', 'createLocation', 'updateLocation', 'createService', 'updateService',
    'verifyService', 'setServiceStatus', 'updateServiceCapacity', 'recordPartnership', 'endPartnership', 'createMou', 'updateMou', 'signMou', 'terminateMou',
    'createDataSharingAgreement', 'terminateDataSharingAgreement', 'publishSop', 'createPathway', 'updatePathway', 'partnerships', 'networkPerformance', 'governanceAlerts',
    'pathwayCoverage', 'createCoverageReportLink', 'verifyAuditChain', 'dataSharingCheck', 'submitDataAccessRequest',
    // the network's complaints queue is theirs to follow up
    'feedbackComplaints',
    // the directory's exchange: the taxonomy mapping table and import runs are the network's, no agency's
    'hsdsTermMappings', 'hsdsImport', 'importHsds', 'setHsdsTermMapping',
    // upkeep of the directory: every agency's queue, verification requests, the category tree
    'serviceIssues', 'dismissServiceIssue', 'requestVerification', 'createServiceCategory', 'updateServiceCategory', 'retireServiceCategory']),
  // aggregates about the whole network, never a person
  [Role.AGENCY_ADMIN]: new Set(['networkPerformance', 'pathwayCoverage', 'createCoverageReportLink', 'submitDataAccessRequest',
    // the retention policy of the caller's own agency, never another's
    'retentionPolicy', 'setRetentionPolicy']),
  [Role.CASE_MANAGER]: new Set(['submitDataAccessRequest']),
  [Role.DATA_PROTECTION_OFFICER]: new Set(['submitDataAccessRequest', 'verifyAuditChain', 'retentionPolicy', 'setRetentionPolicy']),
  [Role.STEERING_COMMITTEE]: new Set(['mou', 'dataSharingAgreement', 'createPathway', 'updatePathway', 'networkPerformance', 'governanceAlerts', 'pathwayCoverage',
    'createCoverageReportLink', 'submitDataAccessRequest']),
};

/** Writes any agency's staff may make about another agency's records: saying a directory entry is wrong. */
const EVERY_ROLE_BY_DESIGN = ['reportServiceIssue'];
for (const role of Object.values(Role)) BY_DESIGN[role] = new Set([...(BY_DESIGN[role] ?? []), ...EVERY_ROLE_BY_DESIGN]);

// what must never reach an unrelated agency: the people and their referrals
const person = cases.find((c) => c.id === CASE.AICHA)!;
const SECRETS = [CASE.AICHA, REFERRAL.SENT, demoId('consent', 1), person.givenName, person.familyName, person.phone, person.code, ...cases.map((c) => c.code)];

function sample(type: GraphQLInputType, name: string, parent: string): unknown {
  if (isNonNullType(type)) return sample(type.ofType, name, parent);
  if (isListType(type)) return [sample(type.ofType, name, parent)];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0].value;
  if (isInputObjectType(named)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(named.getFields())) if (isNonNullType(f.type)) out[f.name] = sample(f.type, f.name, named.name);
    return out;
  }
  if (isScalarType(named)) {
    if (named.name === 'ID') {
      if (/categor/i.test(name)) return 'legal.documentation';
      if (name === 'id') return TARGET[ID_OF_INPUT[parent] ?? ID_OF_FIELD[parent] ?? 'case'];
      const kind = ARGUMENT_KIND[name.replace(/Ids?$/, '')] ?? (name === 'supersedesId' ? (parent === 'ConsentInput' ? 'consent' : 'sop') : undefined);
      if (!kind) throw new Error(`no target for argument ${parent}.${name}: add it to ARGUMENT_KIND`);
      return TARGET[kind];
    }
    return ({ String: `isolation-${name}`, Int: 1, Float: 1, Boolean: true, DateTime: new Date().toISOString(), LocalDate: new Date().toISOString().slice(0, 10) } as Record<string, unknown>)[named.name]
      ?? (() => { throw new Error(`no sample for scalar ${named.name}`); })();
  }
  throw new Error(`cannot make an argument of type ${String(type)}`);
}

function operation(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>) {
  const args = field.args.filter((a: GraphQLArgument) => isNonNullType(a.type) || a.name === 'id' || /Id$/.test(a.name));
  const variables = Object.fromEntries(args.map((a) => [a.name, sample(a.type, a.name, field.name)]));
  const declare = args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const pass = args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const returned = getNamedType(field.type);
  const selection = isScalarType(returned) || isEnumType(returned) ? '' : 'totalCount' in (returned as GraphQLObjectType).getFields() ? ' { totalCount }' : ' { __typename }';
  return { query: `${kind}${declare ? `(${declare})` : ''} { ${field.name}${pass ? `(${pass})` : ''}${selection} }`, variables };
}

describe('isolation between agencies, for every field of the schema', () => {
  const schema = buildBareSchema();
  const roots = [['query', schema.getQueryType()!], ['mutation', schema.getMutationType()!]] as const;
  let outsider: string;
  beforeAll(async () => {
    const admin = await tokenFor('nadia.admin@referral-network.example.org');
    TARGET.area = ok(await gql(`{ areas(filter: { countryCode: "NE", level: COUNTRY }) { edges { node { id } } } }`, {}, admin)).areas.edges[0].node.id;
    const iomAdmin = await tokenFor('fatimata.admin@iom-niger.example.org');
    TARGET.endpoint = ok(await gql(`mutation { registerWebhook(input: { url: "https://hooks.iom-niger.example.org/isolation", events: [REFERRAL_RECEIVED], secret: "${'k'.repeat(40)}" }) { id } }`, {}, iomAdmin)).registerWebhook.id;
    TARGET.delivery = ok(await gql(`mutation($id: ID!) { testWebhook(id: $id) { id } }`, { id: TARGET.endpoint }, iomAdmin)).testWebhook.id;
    TARGET.issue = ok(await gql(`mutation($s: ID!) { reportServiceIssue(serviceId: $s, kind: OTHER, note: "isolation: the sign at the gate is gone") { id } }`,
      { s: SERVICE.AGADEZ_TRANSIT_SHELTER }, await tokenFor('zeinabou.rfp@tenere-femmes.example.org'))).reportServiceIssue.id;
    outsider = ok(await gql(`mutation { createAgency(input: { names: [{ lang: "en", text: "Unrelated agency ${Date.now()}" }], type: NATIONAL_NGO, countryCode: "GN", fictional: true, grantableRoles: [STEERING_COMMITTEE, NETWORK_ADMIN] }) { id } }`, {}, admin)).createAgency.id;
  });

  it.each(Object.values(Role))('as %s of an unrelated agency: no field returns the other agency\'s people, and no write to its records succeeds', async (role) => {
    const token = await tokenFor({ sub: `outsider-${role}`, agency: outsider, roles: [role as Role] });
    const failures: string[] = [];
    for (const [kind, type] of roots) {
      for (const field of Object.values((type as GraphQLObjectType).getFields())) {
        // a network-wide role's designed powers would really change the shared demo records: not called
        if (kind === 'mutation' && BY_DESIGN[role as Role]?.has(field.name)) continue;
        const { query, variables } = operation(kind, field);
        const r = await gql(query, variables, token);
        const body = JSON.stringify(r.data ?? {});
        const leaked = SECRETS.filter((s) => body.includes(s));
        if (leaked.length) failures.push(`${field.name}: leaked ${leaked.join(', ')}`);
        if (r.status >= 500 || (r.errors ?? []).some((e) => e.extensions?.code === 'INTERNAL_SERVER_ERROR')) failures.push(`${field.name}: server error ${JSON.stringify(r.errors)}`);
        if (OPEN.has(field.name) || BY_DESIGN[role as Role]?.has(field.name)) continue;
        const value = r.data?.[field.name];
        const refused = (r.errors ?? []).some((e) => ['FORBIDDEN', 'NOT_FOUND', 'BAD_USER_INPUT'].includes(e.extensions?.code));
        const empty = value === null || value === undefined || (Array.isArray(value) && value.length === 0) || value?.totalCount === 0;
        if (kind === 'mutation' && !refused) failures.push(`${field.name}: the write was not refused (${JSON.stringify(r.errors ?? r.data)})`);
        if (kind === 'query' && !refused && !empty) failures.push(`${field.name}: answered with data ${body.slice(0, 200)}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('left the other agency\'s records as they were', async () => {
    const owner = await tokenFor('amina.cm@iom-niger.example.org');
    const c = ok(await gql(`query($id: ID!) { case(id: $id) { givenName referrals { id status } } }`, { id: CASE.AICHA }, owner)).case;
    expect(c.givenName).toBe(person.givenName);
    expect(c.referrals.find((r: any) => r.id === REFERRAL.SENT).status).toBe('SENT');
    const admin = await tokenFor('fatimata.admin@iom-niger.example.org');
    const s = ok(await gql(`query($id: ID!) { service(id: $id) { status agency { id } } }`, { id: SERVICE.AGADEZ_TRANSIT_SHELTER }, admin)).service;
    expect(s).toEqual({ status: 'ACTIVE', agency: { id: AGENCY.IOM_NIGER } });
    const endpoints = ok(await gql(`{ webhookEndpoints { edges { node { id removedAt } } } }`, {}, admin)).webhookEndpoints.edges.map((e: any) => e.node);
    expect(endpoints).toContainEqual({ id: TARGET.endpoint, removedAt: null });
  });
});

