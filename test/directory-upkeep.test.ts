import { createHash, randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { Role } from '../src/auth/roles';
import { areas } from '../seed/demo-data';
import { codes, gql, ok, tokenFor } from './support/client';

/**
 * Upkeep of the directory by the whole network: reports on wrong entries and the owner's queue, verification
 * requests, the category tree managed by network admins, and the change history of an entry.
 */

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const DISTRICT = areas.find((a) => a.level === 'DISTRICT' && a.parent === 'NE-1')!.code;

interface Staff { id: string; admin: string; fp: string; cm: string }
let networkAdmin: string;
let districtId: string;

async function newAgency(label: string): Promise<Staff> {
  const id = ok(await gql(`mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
    { input: { names: [{ lang: 'en', text: `Upkeep ${label} ${run}` }], type: 'NATIONAL_NGO', countryCode: 'NE', fictional: true } }, networkAdmin)).createAgency.id as string;
  const token = (roles: Role[]) => tokenFor({ sub: randomUUID(), agency: id, roles });
  return { id, admin: await token([Role.AGENCY_ADMIN]), fp: await token([Role.REFERRAL_FOCAL_POINT]), cm: await token([Role.CASE_MANAGER]) };
}

async function newLocation(owner: Staff, extra: Record<string, unknown> = {}): Promise<string> {
  return ok(await gql(`mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`,
    { input: { agencyId: owner.id, names: [{ lang: 'en', text: 'Office' }], facilityType: 'OTHER', areaId: districtId, ...extra } }, owner.admin)).createLocation.id;
}

async function newService(owner: Staff, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await createService(owner, extra);
  return ok(r).createService.id;
}
const createService = async (owner: Staff, extra: Record<string, unknown> = {}) => gql(`mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`, {
  input: { agencyId: owner.id, names: [{ lang: 'en', text: `Upkeep service ${run}` }], categoryCodes: ['legal.documentation'], populations: ['ALL'], ...extra },
}, owner.admin);

const ISSUE = 'id kind note status resolution dismissReason closedAt closedBy reportedBy reportedAt service { id } ownerAgency { id } reporterAgency { id }';
const report = (token: string, serviceId: string, kind: string, note: string | null = null, idempotencyKey?: string) =>
  gql(`mutation($s: ID!, $k: ServiceIssueKind!, $n: String, $key: String) { reportServiceIssue(serviceId: $s, kind: $k, note: $n, idempotencyKey: $key) { ${ISSUE} } }`,
    { s: serviceId, k: kind, n: note, key: idempotencyKey ?? null }, token);
const queue = async (token: string, args: Record<string, unknown> = {}) => {
  const r = await gql(`query($st: ServiceIssueStatus!, $a: ID, $s: ID) { serviceIssues(status: $st, agencyId: $a, serviceId: $s, first: 100) { totalCount edges { node { ${ISSUE} } } } }`,
    { st: 'OPEN', a: null, s: null, ...args }, token);
  return r.errors ? r : ok(r).serviceIssues.edges.map((e: any) => e.node);
};
const myReports = async (token: string) => ok(await gql(`{ myServiceIssueReports(first: 100) { edges { node { ${ISSUE} } } } }`, {}, token)).myServiceIssueReports.edges.map((e: any) => e.node);
const dismiss = (token: string, id: string, reason: string, idempotencyKey?: string) =>
  gql(`mutation($id: ID!, $r: String!, $key: String) { dismissServiceIssue(id: $id, reason: $r, idempotencyKey: $key) { ${ISSUE} } }`, { id, r: reason, key: idempotencyKey ?? null }, token);

/**
 * The details of the audit events about a service, oldest first, when the test can read the log (on PostgreSQL;
 * null on the embedded database, which only the server may open). With `action` null: every event but creation.
 */
async function auditOf(serviceId: string, action: string | null = null): Promise<Record<string, unknown>[] | null> {
  const url = process.env.MRN_TEST_DATABASE_URL;
  if (!url) return null;
  const db = new Client({ connectionString: url });
  await db.connect();
  try {
    const { rows } = await db.query(
      `SELECT details FROM audit_events WHERE entity_type = 'service' AND entity_id = $1 AND ($2::text IS NULL OR action = $2) AND action <> 'service.created' ORDER BY seq`,
      [serviceId, action]);
    return rows.map((r) => r.details);
  } finally {
    await db.end();
  }
}

beforeAll(async () => {
  networkAdmin = await tokenFor('nadia.admin@referral-network.example.org');
  const r = ok(await gql(`{ areas(first: 100, filter: { countryCode: "NE", level: DISTRICT }) { edges { node { id code } } } }`, {}, networkAdmin));
  districtId = r.areas.edges.map((e: any) => e.node).find((a: any) => a.code === DISTRICT).id;
});

describe('reports on directory entries', () => {
  let owner: Staff; let reporter: Staff; let third: Staff;
  beforeAll(async () => {
    [owner, reporter, third] = await Promise.all([newAgency('owner'), newAgency('reporter'), newAgency('third')]);
  });

  it('puts a report in the owning agency\'s queue; verifying the entry resolves it, and the reporter sees what became of it', async () => {
    const serviceId = await newService(owner, { locationIds: [await newLocation(owner)] });
    const issue = ok(await report(reporter.cm, serviceId, 'CLOSED', 'Fictional: the door was locked on Monday')).reportServiceIssue;
    expect(issue).toMatchObject({ kind: 'CLOSED', status: 'OPEN', note: 'Fictional: the door was locked on Monday', resolution: null, closedAt: null,
      service: { id: serviceId }, ownerAgency: { id: owner.id }, reporterAgency: { id: reporter.id } });

    // the owner's intake and admins see it, with the note
    for (const token of [owner.admin, owner.fp]) expect((await queue(token)).map((i: any) => i.id)).toEqual([issue.id]);
    expect((await queue(owner.admin, { s: serviceId })).map((i: any) => i.id)).toEqual([issue.id]);
    // a network admin reads any agency's queue, or the whole network's
    expect((await queue(networkAdmin, { a: owner.id })).map((i: any) => i.id)).toEqual([issue.id]);
    expect((await queue(networkAdmin)).map((i: any) => i.id)).toContain(issue.id);
    // the reporter follows its own reports
    expect((await myReports(reporter.admin)).map((i: any) => i.id)).toEqual([issue.id]);

    // nobody else: not the owner's other staff, not other agencies, not the reporter beyond its own reports
    expect(codes(await queue(owner.cm) as any)).toEqual(['FORBIDDEN']);
    expect(codes(await queue(third.admin, { a: owner.id }) as any)).toEqual(['FORBIDDEN']);
    expect(codes(await queue(reporter.admin, { a: owner.id }) as any)).toEqual(['FORBIDDEN']);
    expect(await queue(third.admin)).toEqual([]);
    expect(await queue(reporter.admin)).toEqual([]);
    expect(await myReports(third.admin)).toEqual([]);
    expect(await myReports(owner.admin)).toEqual([]);

    // the same report twice says nothing new; another agency's report on the same entry is its own
    expect(codes(await report(reporter.admin, serviceId, 'CLOSED'))).toEqual(['CONFLICT']);
    const second = ok(await report(third.fp, serviceId, 'CLOSED')).reportServiceIssue;
    expect((await queue(owner.admin)).map((i: any) => i.id)).toEqual([issue.id, second.id]);

    // told through the governance alerts: counts and kinds, never the notes
    const alerts = ok(await gql(`{ governanceAlerts { servicesWithOpenIssues { service { id } openIssues kinds oldestReportedAt } } }`, {}, networkAdmin)).governanceAlerts;
    expect(alerts.servicesWithOpenIssues.find((a: any) => a.service.id === serviceId)).toMatchObject({ openIssues: 2, kinds: ['CLOSED'], oldestReportedAt: issue.reportedAt });
    expect(JSON.stringify(alerts)).not.toContain('locked on Monday');

    ok(await gql(`mutation($id: ID!) { verifyService(id: $id, note: "phoned them") { id } }`, { id: serviceId }, owner.admin));
    expect(await queue(owner.admin)).toEqual([]);
    const resolved = await queue(owner.admin, { st: 'RESOLVED' });
    expect(resolved.map((i: any) => i.id).sort()).toEqual([issue.id, second.id].sort());
    const mine = (await myReports(reporter.cm)).find((i: any) => i.id === issue.id);
    expect(mine).toMatchObject({ status: 'RESOLVED', resolution: 'VERIFIED', closedAt: expect.any(String), closedBy: expect.any(String) });
    const after = ok(await gql(`{ governanceAlerts { servicesWithOpenIssues { service { id } } } }`, {}, networkAdmin)).governanceAlerts;
    expect(after.servicesWithOpenIssues.map((a: any) => a.service.id)).not.toContain(serviceId);
  });

  it('resolves only what an edit answers: capacity the FULL reports, a status the CLOSED ones, a new address the MOVED ones, an update all', async () => {
    const locationId = await newLocation(owner);
    const serviceId = await newService(owner, { locationIds: [locationId], capacity: { available: 0, total: 5 } });
    const ids: Record<string, string> = {};
    for (const kind of ['FULL', 'CLOSED', 'MOVED', 'WRONG_PHONE', 'WRONG_HOURS']) ids[kind] = ok(await report(reporter.cm, serviceId, kind)).reportServiceIssue.id;
    const status = async () => Object.fromEntries((await myReports(reporter.cm)).filter((i: any) => Object.values(ids).includes(i.id)).map((i: any) => [i.kind, i.resolution ?? i.status]));

    ok(await gql(`mutation($id: ID!) { updateServiceCapacity(id: $id, available: 2) { id } }`, { id: serviceId }, owner.fp));
    expect(await status()).toEqual({ FULL: 'CAPACITY_UPDATED', CLOSED: 'OPEN', MOVED: 'OPEN', WRONG_PHONE: 'OPEN', WRONG_HOURS: 'OPEN' });
    ok(await gql(`mutation($id: ID!) { setServiceStatus(id: $id, status: ACTIVE) { id } }`, { id: serviceId }, owner.admin));
    expect(await status()).toMatchObject({ CLOSED: 'STATUS_CHANGED', MOVED: 'OPEN' });
    ok(await gql(`mutation($input: UpdateLocationInput!) { updateLocation(input: $input) { id } }`, { input: { id: locationId, address: 'Fictional: 3 New Road' } }, owner.admin));
    expect(await status()).toMatchObject({ MOVED: 'LOCATION_UPDATED', WRONG_PHONE: 'OPEN' });
    ok(await gql(`mutation($input: UpdateServiceInput!) { updateService(input: $input) { id } }`, { input: { id: serviceId, intakeContact: { phone: '+227 00 00 99 99' } } }, owner.admin));
    expect(await status()).toEqual({ FULL: 'CAPACITY_UPDATED', CLOSED: 'STATUS_CHANGED', MOVED: 'LOCATION_UPDATED', WRONG_PHONE: 'SERVICE_UPDATED', WRONG_HOURS: 'SERVICE_UPDATED' });

    // each resolution is audited with the write that made it (checked on PostgreSQL, where the test can read the log)
    const resolutions = await auditOf(serviceId, 'service.issues_resolved');
    if (resolutions) {
      expect(resolutions.map((d: any) => [d.resolution, d.issueIds])).toEqual([
        ['CAPACITY_UPDATED', [ids.FULL]], ['STATUS_CHANGED', [ids.CLOSED]], ['LOCATION_UPDATED', [ids.MOVED]], ['SERVICE_UPDATED', [ids.WRONG_PHONE, ids.WRONG_HOURS].sort()],
      ]);
    }
  });

  it('lets the owner dismiss a report with a reason the reporter reads; nobody else may', async () => {
    const serviceId = await newService(owner);
    const issue = ok(await report(reporter.cm, serviceId, 'NOT_AS_DESCRIBED', 'Fictional: they said they only see children')).reportServiceIssue;
    const random = randomUUID();
    // an agency that may not see the report gets what a random id gets
    for (const token of [third.admin, third.fp]) {
      const real = await dismiss(token, issue.id, 'x');
      expect(codes(real)).toEqual(['NOT_FOUND']);
      expect(real.errors![0].message.replace(issue.id, '<id>')).toEqual((await dismiss(token, random, 'x')).errors![0].message.replace(random, '<id>'));
    }
    // the reporter sees it but does not decide it; the owner's case managers do not work the queue
    expect(codes(await dismiss(reporter.admin, issue.id, 'x'))).toEqual(['FORBIDDEN']);
    expect(codes(await dismiss(owner.cm, issue.id, 'x'))).toEqual(['FORBIDDEN']);
    expect(codes(await dismiss(owner.fp, issue.id, '   '))).toEqual(['BAD_USER_INPUT']);

    const key = `dismiss-${run}`;
    const dismissed = ok(await dismiss(owner.fp, issue.id, 'Adults are seen on Thursdays', key)).dismissServiceIssue;
    expect(dismissed).toMatchObject({ status: 'DISMISSED', dismissReason: 'Adults are seen on Thursdays', resolution: null, closedAt: expect.any(String) });
    // a retry with the same key gets the same answer; without one, a second dismissal is a conflict
    expect(ok(await dismiss(owner.fp, issue.id, 'Adults are seen on Thursdays', key)).dismissServiceIssue).toEqual(dismissed);
    expect(codes(await dismiss(owner.fp, issue.id, 'Adults are seen on Thursdays'))).toEqual(['CONFLICT']);
    expect((await myReports(reporter.cm)).find((i: any) => i.id === issue.id)).toMatchObject({ status: 'DISMISSED', dismissReason: 'Adults are seen on Thursdays' });
    expect((await queue(owner.admin, { st: 'DISMISSED' })).map((i: any) => i.id)).toContain(issue.id);
    // a later verification does not reopen or rewrite it
    ok(await gql(`mutation($id: ID!) { verifyService(id: $id) { id } }`, { id: serviceId }, owner.admin));
    expect((await myReports(reporter.cm)).find((i: any) => i.id === issue.id).status).toBe('DISMISSED');
  });

  it('refuses OTHER without a note, a note too long, an unknown service, and replays a report retried with its key', async () => {
    const serviceId = await newService(owner);
    const noNote = await report(reporter.cm, serviceId, 'OTHER', '  ');
    expect(codes(noNote)).toEqual(['BAD_USER_INPUT']);
    expect(noNote.errors![0].message).toMatch(/^note: /);
    expect(codes(await report(reporter.cm, serviceId, 'WRONG_PHONE', 'x'.repeat(2001)))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await report(reporter.cm, randomUUID(), 'CLOSED'))).toEqual(['NOT_FOUND']);
    expect(codes(await report(reporter.cm, 'not-an-id', 'CLOSED'))).toEqual(['NOT_FOUND']);
    expect(await myReports(reporter.fp).then((l) => l.filter((i: any) => i.service.id === serviceId))).toEqual([]);

    const key = `report-${run}`;
    const first = ok(await report(reporter.cm, serviceId, 'OTHER', 'Fictional: a new fee of 500 CFA', key)).reportServiceIssue;
    expect(ok(await report(reporter.cm, serviceId, 'OTHER', 'Fictional: a new fee of 500 CFA', key)).reportServiceIssue.id).toBe(first.id);
    expect(codes(await report(reporter.cm, serviceId, 'OTHER', 'another text', key))).toEqual(['CONFLICT']);
    expect(codes(await gql(`mutation { reportServiceIssue(serviceId: "${serviceId}", kind: CLOSED) { id } }`, {}, null))).toEqual(['UNAUTHENTICATED']);

    // the note stays with the report; the audit log holds its hash (checked on PostgreSQL, where the test can read it)
    const reported = await auditOf(serviceId);
    if (reported) {
      expect(reported).toEqual([{ issueId: first.id, kind: 'OTHER', ownerAgencyId: owner.id, noteSha256: createHash('sha256').update('Fictional: a new fee of 500 CFA').digest('hex') }]);
    }
  });

  it('shows the reporter of a confidential shelter no more of it than the directory does', async () => {
    const shelter = await newLocation(owner, { facilityType: 'SHELTER', address: 'Fictional: hidden lane 7', latitude: 16.9, longitude: 7.9, confidential: true });
    const serviceId = await newService(owner, { locationIds: [shelter] });
    const issue = ok(await report(third.cm, serviceId, 'MOVED')).reportServiceIssue;
    const seen = ok(await gql(`{ myServiceIssueReports(first: 100) { edges { node { id service { locations { name address latitude detailsHidden } } } } } }`, {}, third.cm))
      .myServiceIssueReports.edges.map((e: any) => e.node).find((i: any) => i.id === issue.id);
    expect(seen.service.locations).toEqual([{ name: null, address: null, latitude: null, detailsHidden: true }]);
    const owned = (await queue(owner.fp)).find((i: any) => i.id === issue.id);
    expect(owned).toBeDefined();
  });
});

describe('requestVerification', () => {
  it('flags every entry not verified within N days, counts them per agency, and verifying clears the flag', async () => {
    const owner = await newAgency('verify');
    const never = await newService(owner);
    const fresh = await newService(owner);
    ok(await gql(`mutation($id: ID!) { verifyService(id: $id) { id } }`, { id: fresh }, owner.admin));
    const inactive = await newService(owner, { status: 'INACTIVE' });
    const REQUEST = `mutation($d: Int!) { requestVerification(olderThanDays: $d) { olderThanDays total newlyFlagged byAgency { agency { id } services newlyFlagged } } }`;

    expect(codes(await gql(REQUEST, { d: 30 }, owner.admin))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(REQUEST, { d: 0 }, networkAdmin))).toEqual(['BAD_USER_INPUT']);
    const first = ok(await gql(REQUEST, { d: 30 }, networkAdmin)).requestVerification;
    expect(first.olderThanDays).toBe(30);
    expect(first.byAgency.find((a: any) => a.agency.id === owner.id)).toEqual({ agency: { id: owner.id }, services: 1, newlyFlagged: 1 });
    expect(first.total).toBeGreaterThanOrEqual(first.newlyFlagged);

    const flag = async (id: string) => ok(await gql(`query($id: ID!) { service(id: $id) { verificationRequestedAt } }`, { id }, owner.cm)).service.verificationRequestedAt;
    const requestedAt = await flag(never);
    expect(requestedAt).toEqual(expect.any(String));
    expect(await flag(fresh)).toBeNull();
    expect(await flag(inactive)).toBeNull();
    const awaiting = async () => ok(await gql(`{ governanceAlerts { servicesAwaitingVerification { service { id } requestedAt lastVerifiedAt } } }`, {}, networkAdmin))
      .governanceAlerts.servicesAwaitingVerification.filter((a: any) => [never, fresh, inactive].includes(a.service.id));
    expect(await awaiting()).toEqual([{ service: { id: never }, requestedAt, lastVerifiedAt: null }]);

    // asking again changes nothing: the entry keeps the date of the first request
    const second = ok(await gql(REQUEST, { d: 30 }, networkAdmin)).requestVerification;
    expect(second.byAgency.find((a: any) => a.agency.id === owner.id)).toEqual({ agency: { id: owner.id }, services: 1, newlyFlagged: 0 });
    expect(await flag(never)).toBe(requestedAt);

    ok(await gql(`mutation($id: ID!) { verifyService(id: $id) { id } }`, { id: never }, owner.admin));
    expect(await flag(never)).toBeNull();
    expect(await awaiting()).toEqual([]);
    const third = ok(await gql(REQUEST, { d: 30 }, networkAdmin)).requestVerification;
    expect(third.byAgency.map((a: any) => a.agency.id)).not.toContain(owner.id);

    // the history shows who asked
    const history = ok(await gql(`query($id: ID!) { service(id: $id) { changeHistory(first: 10) { edges { node { action fields } } } } }`, { id: never }, owner.cm)).service.changeHistory;
    expect(history.edges.map((e: any) => e.node.action)).toEqual(['VERIFIED', 'VERIFICATION_REQUESTED', 'CREATED']);
  });
});

describe('the category tree, managed by network admins', () => {
  const top = `upkeep_${run}`;
  const child = `${top}.clinic`;
  const word = `zorblat${run}`;
  const renamed = `quexlin${run}`;
  let owner: Staff;
  let serviceId: string;
  const CREATE = `mutation($input: CreateServiceCategoryInput!) { createServiceCategory(input: $input) { code name parentCode parent { code } retired retiredAt } }`;
  const list = async (includeRetired?: boolean) => ok(await gql(`query($r: Boolean!) { serviceCategories(includeRetired: $r) { code retired } }`, { r: includeRetired ?? false }, owner.cm)).serviceCategories;
  const search = async (filter: Record<string, unknown>) => {
    const r = await gql(`query($f: ServiceFilter) { services(filter: $f, first: 50) { edges { node { id categories { code name(lang: "fr") retired } } } } }`, { f: filter }, owner.cm);
    return { hits: ok(r).services.edges.map((e: any) => e.node), cache: r.headers.get('x-directory-cache') };
  };
  beforeAll(async () => {
    owner = await newAgency('categories');
  });

  it('creates categories under the parent their code names, and refuses other roles, bad codes and duplicates', async () => {
    expect(codes(await gql(CREATE, { input: { code: top, names: [{ lang: 'en', text: 'Upkeep' }] } }, owner.admin))).toEqual(['FORBIDDEN']);
    const created = ok(await gql(CREATE, { input: { code: top, names: [{ lang: 'en', text: 'Upkeep' }], sortOrder: 900 } }, networkAdmin)).createServiceCategory;
    expect(created).toEqual({ code: top, name: 'Upkeep', parentCode: null, parent: null, retired: false, retiredAt: null });
    const sub = ok(await gql(CREATE, { input: { code: child, parentCode: top, names: [{ lang: 'en', text: `Clinic ${word}` }, { lang: 'fr', text: 'Clinique' }] } }, networkAdmin)).createServiceCategory;
    expect(sub).toMatchObject({ code: child, parentCode: top, parent: { code: top } });
    expect(codes(await gql(CREATE, { input: { code: child, names: [{ lang: 'en', text: 'Again' }] } }, networkAdmin))).toEqual(['CONFLICT']);
    const wrongParent = await gql(CREATE, { input: { code: `${top}.other`, parentCode: 'health', names: [{ lang: 'en', text: 'X' }] } }, networkAdmin);
    expect(codes(wrongParent)).toEqual(['BAD_USER_INPUT']);
    expect(wrongParent.errors![0].message).toMatch(/input.parentCode/);
    expect(codes(await gql(CREATE, { input: { code: `nowhere_${run}.x`, names: [{ lang: 'en', text: 'X' }] } }, networkAdmin))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(CREATE, { input: { code: 'Bad Code', names: [{ lang: 'en', text: 'X' }] } }, networkAdmin))).toEqual(['BAD_USER_INPUT']);
    expect((await list()).map((c: any) => c.code)).toEqual(expect.arrayContaining([top, child]));

    serviceId = await newService(owner, { categoryCodes: [child] });
    expect((await search({ categories: [top] })).hits.map((s: any) => s.id)).toEqual([serviceId]);
    expect((await search({ text: word })).hits.map((s: any) => s.id)).toEqual([serviceId]);
  });

  it('renames a category in every language: services show the new names and are found by them at once', async () => {
    const before = await search({ categories: [child] });
    expect(before.hits[0].categories).toEqual([{ code: child, name: 'Clinique', retired: false }]);
    // served from the cache once the question comes back (a write of another test file meanwhile empties it: ask again)
    let cached = null;
    for (let attempt = 0; attempt < 10 && cached !== 'hit'; attempt++) cached = (await search({ categories: [child] })).cache;
    expect(cached).toBe('hit');
    expect(codes(await gql(`mutation { updateServiceCategory(code: "${child}", input: { sortOrder: 1 }) { code } }`, {}, owner.admin))).toEqual(['FORBIDDEN']);
    const updated = ok(await gql(`mutation($c: ID!, $i: UpdateServiceCategoryInput!) { updateServiceCategory(code: $c, input: $i) { code name(lang: "fr") names { lang text } } }`,
      { c: child, i: { names: [{ lang: 'en', text: 'Clinic' }, { lang: 'fr', text: `Dispensaire ${renamed}` }] } }, networkAdmin)).updateServiceCategory;
    expect(updated).toEqual({ code: child, name: `Dispensaire ${renamed}`, names: [{ lang: 'en', text: 'Clinic' }, { lang: 'fr', text: `Dispensaire ${renamed}` }] });
    // the category write emptied the directory cache
    const after = await search({ categories: [child] });
    expect(after.cache).not.toBe('hit');
    expect(after.hits[0].categories[0].name).toBe(`Dispensaire ${renamed}`);
    expect((await search({ text: renamed })).hits.map((s: any) => s.id)).toEqual([serviceId]);
    expect(codes(await gql(`mutation { updateServiceCategory(code: "no_such_${run}", input: { sortOrder: 1 }) { code } }`, {}, networkAdmin))).toEqual(['NOT_FOUND']);
  });

  it('retires a category with its sub-categories: kept on the services that have it and by a search on its code, no longer offered', async () => {
    const other = await newService(owner);
    // agreements and a pathway naming the category before it is retired
    const partner = await newAgency('category partner');
    const MOU = `mutation($input: CreateMouInput!) { createMou(input: $input) { id serviceCategories { code } } }`;
    const SOP = `mutation($input: PublishSopInput!) { publishSop(input: $input) { id serviceCategories { code } } }`;
    const PATHWAY = `mutation($input: PathwayInput!) { createPathway(input: $input) { id steps { categoryCode } } }`;
    const mouInput = (suffix: string, categoryCodes: string[]) => ({ referenceNumber: `MOU-${run}-${suffix}`, title: 'Category upkeep', partyIds: [owner.id, partner.id], categoryCodes });
    const sopInput = (categoryCodes: string[], supersedesId?: string) => ({
      title: 'Category upkeep SOP', ...(supersedesId ? { supersedesId } : { ownerAgencyId: owner.id }), categoryCodes,
      effectiveFrom: '2026-01-01', reviewDue: '2027-01-01', steps: [{ title: 'Refer' }] });
    const pathwayInput = (name: string, categoryCode: string) => ({ name: `${name} ${run}`, populations: ['ALL'], steps: [{ title: 'Care', categoryCode }] });
    const mou = ok(await gql(MOU, { input: mouInput('kept', [child]) }, networkAdmin)).createMou;
    const sop = ok(await gql(SOP, { input: sopInput([child]) }, networkAdmin)).publishSop;
    const pathway = ok(await gql(PATHWAY, { input: pathwayInput('Kept pathway', child) }, networkAdmin)).createPathway;

    expect(codes(await gql(`mutation { retireServiceCategory(code: "${top}") { code } }`, {}, owner.admin))).toEqual(['FORBIDDEN']);
    const retired = ok(await gql(`mutation { retireServiceCategory(code: "${top}") { code retired retiredAt children(includeRetired: true) { code retired } } }`, {}, networkAdmin)).retireServiceCategory;
    expect(retired).toMatchObject({ code: top, retired: true, retiredAt: expect.any(String), children: [{ code: child, retired: true }] });
    expect(codes(await gql(`mutation { retireServiceCategory(code: "${top}") { code } }`, {}, networkAdmin))).toEqual(['CONFLICT']);

    // not offered: not listed, refused for a new service, for a service that does not have it, and as a parent
    expect((await list()).map((c: any) => c.code)).not.toContain(child);
    expect((await list(true)).filter((c: any) => [top, child].includes(c.code))).toEqual([{ code: top, retired: true }, { code: child, retired: true }]);
    const refused = await createService(owner, { categoryCodes: [child] });
    expect(codes(refused)).toEqual(['BAD_USER_INPUT']);
    expect(refused.errors![0].message).toMatch(/retired/);
    expect(codes(await gql(`mutation($i: UpdateServiceInput!) { updateService(input: $i) { id } }`, { i: { id: other, categoryCodes: [child] } }, owner.admin))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(CREATE, { input: { code: `${top}.later`, names: [{ lang: 'en', text: 'Later' }] } }, networkAdmin))).toEqual(['BAD_USER_INPUT']);

    // not named by a new MoU, SOP or pathway, nor added to one that lacks it
    for (const r of [
      await gql(MOU, { input: mouInput('new', [child]) }, networkAdmin),
      await gql(SOP, { input: sopInput([child]) }, networkAdmin),
      await gql(PATHWAY, { input: pathwayInput('New pathway', child) }, networkAdmin),
      await gql(`mutation($id: ID!, $input: PathwayInput!) { updatePathway(id: $id, input: $input) { id } }`,
        { id: pathway.id, input: { ...pathwayInput('Kept pathway', child), steps: [{ title: 'Care', categoryCode: child }, { title: 'More', categoryCode: top }] } }, networkAdmin),
    ]) {
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0].message).toMatch(/retired/);
    }
    const fresh = ok(await gql(MOU, { input: mouInput('fresh', ['health']) }, networkAdmin)).createMou;
    expect(codes(await gql(`mutation($input: UpdateMouInput!) { updateMou(input: $input) { id } }`, { input: { id: fresh.id, categoryCodes: ['health', child] } }, networkAdmin)))
      .toEqual(['BAD_USER_INPUT']);
    // kept where they are: a draft MoU, the next version of an SOP and the pathway may keep it through an edit
    expect(ok(await gql(`mutation($input: UpdateMouInput!) { updateMou(input: $input) { serviceCategories { code } } }`,
      { input: { id: mou.id, categoryCodes: [child, 'health'] } }, networkAdmin)).updateMou.serviceCategories.map((c: any) => c.code).sort()).toEqual(['health', child].sort());
    expect(ok(await gql(SOP, { input: sopInput([child], sop.id) }, networkAdmin)).publishSop.serviceCategories).toEqual([{ code: child }]);
    expect(ok(await gql(`mutation($id: ID!, $input: PathwayInput!) { updatePathway(id: $id, input: $input) { steps { categoryCode } } }`,
      { id: pathway.id, input: pathwayInput('Kept pathway', child) }, networkAdmin)).updatePathway.steps).toEqual([{ categoryCode: child }]);

    // kept: on the service (which may keep it through an edit), and found by its code and its names
    expect((await search({ categories: [top] })).hits).toEqual([{ id: serviceId, categories: [{ code: child, name: `Dispensaire ${renamed}`, retired: true }] }]);
    ok(await gql(`mutation($i: UpdateServiceInput!) { updateService(input: $i) { id } }`, { i: { id: serviceId, categoryCodes: [child, 'legal.documentation'] } }, owner.admin));
    expect((await search({ text: renamed })).hits.map((s: any) => s.id)).toEqual([serviceId]);
  });

  it('brings a retired category back (updateServiceCategory retired: false), under a current parent only, and retires it again', async () => {
    const UPDATE = `mutation($code: ID!, $input: UpdateServiceCategoryInput!) { updateServiceCategory(code: $code, input: $input) { code retired retiredAt } }`;
    expect(codes(await gql(UPDATE, { code: top, input: { retired: false } }, owner.admin))).toEqual(['FORBIDDEN']);
    const underRetired = await gql(UPDATE, { code: child, input: { retired: false } }, networkAdmin);
    expect(codes(underRetired)).toEqual(['BAD_USER_INPUT']);
    expect(underRetired.errors![0].message).toMatch(`"${top}" is retired`);

    expect(ok(await gql(UPDATE, { code: top, input: { retired: false } }, networkAdmin)).updateServiceCategory).toEqual({ code: top, retired: false, retiredAt: null });
    // its sub-categories stay retired until brought back one by one
    expect((await list()).map((c: any) => c.code)).toContain(top);
    expect((await list()).map((c: any) => c.code)).not.toContain(child);
    expect(ok(await gql(UPDATE, { code: child, input: { retired: false } }, networkAdmin)).updateServiceCategory).toMatchObject({ code: child, retired: false });
    // offered again: a new service may name it
    ok(await createService(owner, { categoryCodes: [child] }));
    // again: no change
    expect(ok(await gql(UPDATE, { code: child, input: { retired: false } }, networkAdmin)).updateServiceCategory).toMatchObject({ retired: false });

    // retired again through the same mutation, with its sub-categories
    expect(ok(await gql(UPDATE, { code: top, input: { retired: true } }, networkAdmin)).updateServiceCategory).toMatchObject({ code: top, retired: true });
    expect((await list()).map((c: any) => c.code)).not.toContain(child);
    const history = ok(await gql(`{ serviceCategories(includeRetired: true) { code retired } }`, {}, owner.cm)).serviceCategories.filter((c: any) => [top, child].includes(c.code));
    expect(history).toEqual([{ code: top, retired: true }, { code: child, retired: true }]);
  });
});

describe('the change history of an entry', () => {
  const HISTORY = `query($id: ID!, $after: String) { service(id: $id) { changeHistory(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor }
    edges { node { at by byAgency { id } subject subjectId action fields } } } } }`;

  it('records who changed which fields of the service, its locations and its agency, newest first, without values', async () => {
    const owner = await newAgency('history');
    const adminSub = randomUUID();
    const admin = await tokenFor({ sub: adminSub, agency: owner.id, roles: [Role.AGENCY_ADMIN] });
    const office = await newLocation(owner);
    const shelter = await newLocation(owner, { facilityType: 'SHELTER', confidential: true });
    const serviceId = await newService(owner, { locationIds: [office, shelter] });
    const steps: [string, Record<string, unknown>][] = [
      [`mutation($i: UpdateServiceInput!) { updateService(input: $i) { id } }`, { i: { id: serviceId, ageMin: 12, costNote: 'Fictional: 777 CFA per visit', intakeContact: { phone: '+227 00 44 55 66' } } }],
      [`mutation($id: ID!) { setServiceStatus(id: $id, status: TEMPORARILY_CLOSED, reason: "Fictional: flooding") { id } }`, { id: serviceId }],
      [`mutation($id: ID!) { updateServiceCapacity(id: $id, available: 4, total: 9) { id } }`, { id: serviceId }],
      [`mutation($i: UpdateLocationInput!) { updateLocation(input: $i) { id } }`, { i: { id: office, address: 'Fictional: 12 Market Street' } }],
      [`mutation($i: UpdateLocationInput!) { updateLocation(input: $i) { id } }`, { i: { id: shelter, address: 'Fictional: behind the mosque' } }],
      [`mutation($i: UpdateAgencyInput!) { updateAgency(input: $i) { id } }`, { i: { id: owner.id, phone: '+227 00 11 22 33' } }],
      [`mutation($id: ID!) { verifyService(id: $id) { id } }`, { id: serviceId }],
    ];
    for (const [query, variables] of steps) ok(await gql(query, variables, admin));

    const all = async (token: string) => {
      const out: any[] = [];
      let after: string | null = null;
      for (;;) {
        const page: any = ok(await gql(HISTORY, { id: serviceId, after }, token)).service.changeHistory;
        out.push(...page.edges.map((e: any) => e.node));
        if (!page.pageInfo.hasNextPage) return { total: page.totalCount, entries: out };
        after = page.pageInfo.endCursor;
      }
    };
    const mine = await all(owner.cm);
    expect(mine.entries.map((e: any) => [e.subject, e.action, e.fields])).toEqual([
      ['SERVICE', 'VERIFIED', []],
      ['AGENCY', 'UPDATED', ['phone']],
      ['LOCATION', 'UPDATED', ['address']],
      ['LOCATION', 'UPDATED', ['address']],
      ['SERVICE', 'CAPACITY_UPDATED', ['capacity']],
      ['SERVICE', 'STATUS_CHANGED', ['status', 'statusReason']],
      ['SERVICE', 'UPDATED', ['ageMin', 'costNote', 'intakeContact']],
      ['SERVICE', 'CREATED', ['agencyId', 'categoryCodes', 'locationIds', 'names', 'populations']],
    ]);
    expect(mine.total).toBe(8);
    expect(mine.entries[0]).toMatchObject({ by: adminSub, byAgency: { id: owner.id }, subjectId: serviceId });
    expect(mine.entries.filter((e: any) => e.subject === 'LOCATION').map((e: any) => e.subjectId).sort()).toEqual([office, shelter].sort());
    expect(Date.parse(mine.entries[0].at)).toBeGreaterThanOrEqual(Date.parse(mine.entries[7].at));
    // ids and times are random or moving: a "777" inside a uuid is not a value leaking
    const withoutIdsAndTimes = JSON.stringify(mine).replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, '<id>').replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '<at>');
    expect(withoutIdsAndTimes).not.toMatch(/777|44 55 66|flooding|Market Street|mosque|11 22 33/);

    // open to every agency's staff, but a confidential location hidden from the reader leaves no trace
    const outsider = await all(await tokenFor('hiba.cm@nile-legal.example.org'));
    expect(outsider.total).toBe(7);
    expect(outsider.entries.map((e: any) => e.subjectId)).not.toContain(shelter);
    expect(outsider.entries.filter((e: any) => e.subject === 'LOCATION').map((e: any) => e.subjectId)).toEqual([office]);
  });

  it('loads the history of many services in one statement', async () => {
    const owner = await newAgency('history-many');
    const ids = [await newService(owner), await newService(owner), await newService(owner)];
    const r = await gql(`query($f: ServiceFilter) { services(filter: $f, first: 10) { edges { node { id changeHistory(first: 5) { totalCount edges { node { action } } } } } } }`,
      { f: { agencyIds: [owner.id] } }, owner.cm);
    const nodes = ok(r).services.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.id).sort()).toEqual([...ids].sort());
    for (const n of nodes) expect(n.changeHistory).toEqual({ totalCount: 1, edges: [{ node: { action: 'CREATED' } }] });
    // the search, and one statement for every history
    if (!Number.isNaN(r.statements)) expect(r.statements).toBeLessThanOrEqual(3);
  });
});
