import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { AGENCY, SERVICE, USER } from '../seed/demo-data';
import { PATHWAY } from '../seed/pathways-data';
import { codes, demoUser, gql, ok, SERVER_URL, tokenFor, wholeAuditTrail } from './support/client';

/**
 * The person's own copy: subjectAccessPackage (typed and as one JSON document) and the printable page at
 * /reports/subject-access/:caseId behind a signed link. Every case here is this file's own (IOM Niger ->
 * the Agadez women's NGO, under the demo agreement); no demo record changes.
 */

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
// a value a page must escape, never run
const GIVEN = `<script>alert("x")</script>Awa${run}`;
const PERSON = {
  familyName: `Fictional${run}`, dateOfBirth: '1996-04-05', phone: '+227 90 44 55 66', sex: 'FEMALE', languages: ['ha', 'fr'],
  protectionConcerns: 'Fictional: threats on the route & at the border', healthInformation: 'Fictional: needs follow-up',
};

const PACKAGE = `format generatedAt language
  case { id caseCode status registeredAt ownerAgency { id name } }
  fields { name category dataClass description value erased }
  consents { id decision purposes recipientAgencyIds categories givenBy method language recordedAt withdrawnAt state }
  referrals { id sentAt status priority legalBasis consentId anonymous disclosedFields fieldsMadeAvailable reasons sendingAgency { id name } receivingAgency { id name } serviceId serviceName }
  disclosures { agencyId fieldsSent fieldsRead reads bases referralIds consentIds }
  disclosureLog { kind at agency { id name } referralId fields basis consentId messagesRead }
  agencies { id name }
  json`;
const packageOf = (token: string, caseId: string) => gql(`query($id: ID!) { subjectAccessPackage(caseId: $id) { ${PACKAGE} } }`, { id: caseId }, token);
const linkFor = (token: string, caseId: string, lang: string | null = null) =>
  gql(`mutation($id: ID!, $lang: String) { createSubjectAccessReportLink(caseId: $id, lang: $lang) { url expiresAt language } }`, { id: caseId, lang }, token);
const page = (path: string, headers: Record<string, string> = {}) => fetch(`${SERVER_URL()}${path}`, { headers });

let amina: string; // IOM Niger case manager: registers the cases, so they are assigned to her
let moussa: string; // IOM Niger case manager, not assigned
let oumarou: string; // IOM Niger data protection officer
let aissata: string; // IOM Niger case supervisor
let fatimata: string; // IOM Niger agency admin
let zeinabou: string; // Agadez women's NGO focal point (receiver)
let rakia: string; // Agadez women's NGO case manager (receiver)
let hadiza: string; // Agadez women's NGO data protection officer (receiver)
let hiba: string; // Khartoum legal NGO case manager (unrelated)
let khalid: string; // Khartoum legal NGO data protection officer (unrelated)
let caseId: string;
let caseCode: string;
let consentId: string;
let referralId: string;

async function register(givenName: string): Promise<{ id: string; caseCode: string; consents: { id: string }[] }> {
  return ok(await gql(`mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id caseCode consents { id } } }`, { i: {
    person: { ...PERSON, givenName },
    consent: { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'ha', interpreterUsed: true, purposes: ['REGISTRATION', 'REFERRAL'],
      recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY', 'CONTACT'], evidenceReference: 'Fictional paper form' },
  } }, amina)).registerCase;
}

beforeAll(async () => {
  [amina, moussa, oumarou, aissata, fatimata, zeinabou, rakia, hadiza, hiba, khalid] = await Promise.all([
    'amina.cm@iom-niger.example.org', 'moussa.cm@iom-niger.example.org', 'oumarou.dpo@iom-niger.example.org', 'aissata.sup@iom-niger.example.org',
    'fatimata.admin@iom-niger.example.org', 'zeinabou.rfp@tenere-femmes.example.org', 'rakia.cm@tenere-femmes.example.org', 'hadiza.dpo@tenere-femmes.example.org',
    'hiba.cm@nile-legal.example.org', 'khalid.dpo@nile-legal.example.org',
  ].map((e) => tokenFor(e)));
  const created = await register(GIVEN);
  [caseId, caseCode, consentId] = [created.id, created.caseCode, created.consents[0].id];
  referralId = ok(await gql(`mutation($i: SendReferralInput!) { sendReferral(input: $i) { id } }`,
    { i: { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'URGENT', reasons: 'Fictional: listening and case management', disclosedFields: ['givenName', 'phone'] } }, amina)).sendReferral.id;
  // the receiver reads the person's name and phone through the referral: a disclosure the package must show
  const read = ok(await gql(`query($id: ID!) { referral(id: $id) { case { givenName phone } } }`, { id: referralId }, zeinabou)).referral;
  expect(read.case).toEqual({ givenName: GIVEN, phone: PERSON.phone });
});

describe('subjectAccessPackage', () => {
  it('gives the DPO every field held, every consent, every referral and the disclosures after a receiver read the case', async () => {
    const pkg = ok(await packageOf(oumarou, caseId)).subjectAccessPackage;
    expect(pkg.format).toBe('subject-access-package/1');
    expect(pkg.case).toMatchObject({ id: caseId, caseCode, status: 'OPEN', ownerAgency: { id: AGENCY.IOM_NIGER, name: expect.any(String) } });
    // the person's languages are Hausa then French: the first with a translation is French
    expect(pkg.language).toBe('fr');

    // every field of the catalogue, with what is held
    const catalogue = ok(await gql(`{ dataCatalogue { fields { name } } }`, {}, oumarou)).dataCatalogue;
    const names = catalogue.flatMap((c: any) => c.fields.map((f: any) => f.name));
    expect(pkg.fields.map((f: any) => f.name)).toEqual(names);
    const value = Object.fromEntries(pkg.fields.map((f: any) => [f.name, f.value]));
    expect(value).toMatchObject({
      givenName: GIVEN, familyName: PERSON.familyName, dateOfBirth: PERSON.dateOfBirth, phone: PERSON.phone, sex: 'FEMALE', languages: ['ha', 'fr'],
      protectionConcerns: PERSON.protectionConcerns, healthInformation: PERSON.healthInformation, address: null, route: null, age: expect.any(Number),
    });
    expect(pkg.fields.find((f: any) => f.name === 'healthInformation')).toMatchObject({ category: 'HEALTH', dataClass: 'PERSONAL_SENSITIVE' });

    expect(pkg.consents).toEqual([expect.objectContaining({
      id: consentId, decision: 'GRANTED', purposes: ['REGISTRATION', 'REFERRAL'], recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY', 'CONTACT'],
      givenBy: 'PERSON', method: 'WRITTEN_FORM', language: 'ha', withdrawnAt: null, state: 'ACTIVE',
    })]);
    expect(pkg.referrals).toEqual([expect.objectContaining({
      id: referralId, status: 'SENT', priority: 'URGENT', legalBasis: 'CONSENT', consentId, anonymous: false, disclosedFields: ['givenName', 'phone', 'safeContact'],
      fieldsMadeAvailable: ['givenName', 'phone', 'safeContact'], reasons: 'Fictional: listening and case management', serviceId: SERVICE.AGADEZ_WOMEN_LISTENING,
      serviceName: expect.any(String), sendingAgency: { id: AGENCY.IOM_NIGER, name: expect.any(String) }, receivingAgency: { id: AGENCY.AGADEZ_WOMEN, name: expect.any(String) },
    })]);

    // which agency read which fields when: the referral sent, then the receiver's read
    expect(pkg.disclosureLog.map((e: any) => [e.kind, e.agency.id, e.referralId, e.fields, e.basis])).toEqual([
      // the safe-contact instructions always go with a phone number
      ['SENT', AGENCY.AGADEZ_WOMEN, referralId, ['givenName', 'phone', 'safeContact'], 'CONSENT'],
      ['READ', AGENCY.AGADEZ_WOMEN, referralId, ['givenName', 'phone'], 'CONSENT'],
    ]);
    expect(Date.parse(pkg.disclosureLog[1].at)).toBeGreaterThanOrEqual(Date.parse(pkg.disclosureLog[0].at));
    expect(pkg.disclosureLog[0].agency.name).toEqual(expect.any(String));
    // the same data as the disclosure report
    const report = ok(await gql(`query($id: ID!) { disclosureReport(caseId: $id) { agencyId fieldsSent fieldsRead reads bases referralIds consentIds } }`, { id: caseId }, oumarou)).disclosureReport;
    expect(pkg.disclosures).toEqual(report);
    expect(report).toEqual([{ agencyId: AGENCY.AGADEZ_WOMEN, fieldsSent: ['givenName', 'phone', 'safeContact'], fieldsRead: ['givenName', 'phone'], reads: 1, bases: ['CONSENT'], referralIds: [referralId], consentIds: [consentId] }]);
    expect(pkg.agencies.map((a: any) => a.id).sort()).toEqual([AGENCY.IOM_NIGER, AGENCY.AGADEZ_WOMEN].sort());
  });

  it('gives the whole package as one JSON document to hand over, with names inline', async () => {
    const pkg = ok(await packageOf(oumarou, caseId)).subjectAccessPackage;
    const json = pkg.json;
    expect(json).toMatchObject({ format: 'subject-access-package/1', language: 'fr', case: { id: caseId, caseCode } });
    expect(json.fields).toEqual(pkg.fields);
    expect(json.referrals).toMatchObject(pkg.referrals);
    expect(json.referrals[0]).toMatchObject({ respondedAt: null, outcome: null, cancelledAt: null, vitalInterestJustification: null });
    expect(json.disclosureLog).toEqual(pkg.disclosureLog);
    expect(json.consents).toEqual([expect.objectContaining({
      id: consentId, state: 'ACTIVE', evidenceReference: 'Fictional paper form', interpreterUsed: true, recordedBy: USER.IOM_NIGER_CASE_MANAGER,
      recipientAgencies: [{ id: AGENCY.AGADEZ_WOMEN, name: expect.any(String) }],
    })]);
    expect(json.disclosures).toEqual([expect.objectContaining({ agencyId: AGENCY.AGADEZ_WOMEN, agencyName: expect.any(String), reads: 1 })]);
    // plain JSON: dates as ISO 8601 text
    expect(json.generatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });

  it('gives the assigned case manager the package too', async () => {
    const pkg = ok(await packageOf(amina, caseId)).subjectAccessPackage;
    expect(pkg.case.id).toBe(caseId);
    expect(pkg.fields.find((f: any) => f.name === 'givenName').value).toBe(GIVEN);
    expect(pkg.disclosureLog).toHaveLength(2);
  });

  it('refuses everyone else: staff of the owning agency FORBIDDEN, other agencies (the receiver included) NOT_FOUND as for case(id)', async () => {
    for (const [who, token] of [['unassigned case manager', moussa], ['supervisor', aissata], ['agency admin', fatimata], ['receiver focal point', zeinabou]] as const) {
      const r = await packageOf(token, caseId);
      expect([who, codes(r)]).toEqual([who, ['FORBIDDEN']]);
      expect(r.data).toBeNull();
    }
    for (const [who, token] of [['receiver case manager', rakia], ['receiver DPO', hadiza], ['other agency case manager', hiba], ['other agency DPO', khalid]] as const) {
      const r = await packageOf(token, caseId);
      expect([who, codes(r)]).toEqual([who, ['NOT_FOUND']]);
      expect(JSON.stringify(r)).not.toContain(caseCode);
      // the same answer as for the case itself
      expect(codes(await gql(`query($id: ID!) { case(id: $id) { id } }`, { id: caseId }, token))).toEqual(['NOT_FOUND']);
    }
    expect(codes(await packageOf(oumarou, randomUUID()))).toEqual(['NOT_FOUND']);
    expect(codes(await packageOf(oumarou, 'not-an-id'))).toEqual(['NOT_FOUND']);
    expect(codes(await gql(`query($id: ID!) { subjectAccessPackage(caseId: $id) { format } }`, { id: caseId }))).toEqual(['UNAUTHENTICATED']);
    // nor may they make a link to the page
    expect(codes(await linkFor(moussa, caseId))).toEqual(['FORBIDDEN']);
    expect(codes(await linkFor(rakia, caseId))).toEqual(['NOT_FOUND']);
    expect(codes(await linkFor(khalid, caseId))).toEqual(['NOT_FOUND']);
  });

  it('audits each export without any personal value', async () => {
    ok(await packageOf(oumarou, caseId));
    const trail = await wholeAuditTrail(caseId, oumarou);
    const exports = trail.filter((e: any) => e.action === 'case.subject_access_exported');
    expect(exports.length).toBeGreaterThanOrEqual(1);
    expect(exports.at(-1).details).toMatchObject({ format: 'graphql', via: 'token', language: 'fr', consents: 1, referrals: 1, disclosureEvents: 2, fieldsHeld: expect.any(Number) });
    const text = JSON.stringify(exports);
    for (const secret of [`Awa${run}`, PERSON.familyName, PERSON.phone, 'threats on the route']) expect(text).not.toContain(secret);
  });
});

describe('the printable page at /reports/subject-access/:caseId', () => {
  it('opens from a signed link, in the person\'s language, self-contained, with every value escaped', async () => {
    const link = ok(await linkFor(oumarou, caseId)).createSubjectAccessReportLink;
    expect(link.url).toMatch(new RegExp(`^/reports/subject-access/${caseId}\\?link=`));
    expect(link.language).toBe('fr');
    expect(Date.parse(link.expiresAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(link.expiresAt)).toBeLessThan(Date.now() + 3_600_000);

    const res = await page(link.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    const html = await res.text();
    expect(html).toMatch(/<html lang="fr" dir="ltr">/);
    expect(html).toContain('Vos données personnelles');
    expect(html).toContain(caseCode);
    // the name is shown, escaped; nothing on the page runs or loads
    expect(html).toContain(`&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;Awa${run}`);
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\bsrc=|<link\b|@import|url\(|https?:\/\//i);
    expect(html).toContain('threats on the route &amp; at the border');
    expect(html).toContain(PERSON.phone);
    expect(html).toMatch(/@page\{size:A4/);
    // the sections: fields (French labels and codes), the consent, the referral, the read by the receiver
    expect(html).toContain('Prénom(s)');
    expect(html).toContain('Féminin');
    expect(html).toContain(`data-consent-id="${consentId}"`);
    expect(html).toContain(`data-referral-id="${referralId}"`);
    expect(html.match(/<tr class="disclosure" data-kind="READ">/g)).toHaveLength(1);
    expect(html).toContain('Consultées');

    const trail = await wholeAuditTrail(caseId, oumarou);
    expect(trail.filter((e: any) => e.action === 'case.subject_access_exported').at(-1).details).toMatchObject({ format: 'html', via: 'link', language: 'fr' });
  });

  it('is written in another language on request, English when asked or when none of the person\'s has a translation', async () => {
    const english = ok(await linkFor(oumarou, caseId, 'en')).createSubjectAccessReportLink;
    expect(english.language).toBe('en');
    const html = await (await page(english.url)).text();
    expect(html).toMatch(/<html lang="en" dir="ltr">/);
    expect(html).toContain('Your personal data');
    expect(html).toContain('Given name(s)');
    const arabic = await (await page(english.url.replace('lang=en', 'lang=ar'))).text();
    expect(arabic).toMatch(/<html lang="ar" dir="rtl">/);
    // a language with no translation falls back to the person's (French here)
    const unknown = ok(await linkFor(oumarou, caseId, 'ti')).createSubjectAccessReportLink;
    expect(unknown.language).toBe('fr');
    // a person whose languages have none: English
    const other = await gql(`mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`, { i: {
      person: { givenName: `Solo${run}`, languages: ['ha'] },
      consent: { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'ha', purposes: ['REGISTRATION'] },
    } }, amina);
    const otherLink = ok(await linkFor(amina, ok(other).registerCase.id)).createSubjectAccessReportLink;
    expect(otherLink.language).toBe('en');
    const otherHtml = await (await page(otherLink.url)).text();
    expect(otherHtml).toContain('You have not been referred to another organisation.');
    expect(otherHtml).toContain('No other organisation has received or seen your information.');
  });

  it('takes a bearer token instead of a link, with the same rules', async () => {
    const path = `/reports/subject-access/${caseId}`;
    expect((await page(path, { authorization: `Bearer ${amina}` })).status).toBe(200);
    expect((await page(path, { authorization: `Bearer ${moussa}` })).status).toBe(403);
    expect((await page(path, { authorization: `Bearer ${rakia}` })).status).toBe(404);
    expect((await page(path, { authorization: `Bearer ${hiba}` })).status).toBe(404);
    expect((await page(path)).status).toBe(401);
  });

  it('refuses a tampered link, an expired one, one for another case and a coverage report\'s link', async () => {
    const link = ok(await linkFor(oumarou, caseId)).createSubjectAccessReportLink;
    const token = /link=([^&]+)/.exec(link.url)![1];
    const at = (t: string, id = caseId) => page(`/reports/subject-access/${id}?link=${t}`);
    expect((await at(`${token.slice(0, -4)}AAAA`)).status).toBe(401);
    // the claims changed (another case), the signature kept
    const [header, , signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, case: randomUUID() })).toString('base64url')}.${signature}`;
    expect((await at(forged)).status).toBe(401);
    // a good link opens its own case only
    const second = await register(`Second${run}`);
    expect((await at(token, second.id)).status).toBe(403);
    // expired: signed with the right key, but its time is over
    const key = new TextEncoder().encode(`report-link:${process.env.MRN_TEST_SECRET}`);
    const dpo = demoUser('oumarou.dpo@iom-niger.example.org');
    const now = Math.floor(Date.now() / 1000);
    const expired = await new SignJWT({ agency: dpo.agency, roles: dpo.roles, case: caseId }).setProtectedHeader({ alg: 'HS256' }).setSubject(dpo.sub)
      .setAudience('subject-access-report').setIssuedAt(now - 3600).setExpirationTime(now - 2400).sign(key);
    const expiredResponse = await at(expired);
    expect(expiredResponse.status).toBe(401);
    expect(await expiredResponse.text()).toMatch(/expired/);
    // the same, still valid, opens: the key and claims are right
    const fresh = await new SignJWT({ agency: dpo.agency, roles: dpo.roles, case: caseId }).setProtectedHeader({ alg: 'HS256' }).setSubject(dpo.sub)
      .setAudience('subject-access-report').setIssuedAt(now).setExpirationTime(now + 300).sign(key);
    expect((await at(fresh)).status).toBe(200);
    // a coverage report's link is no link here
    const sc = await tokenFor('abdoulaye.sc@referral-network.example.org');
    const niger = ok(await gql(`{ areas(filter: { countryCode: "NE", level: COUNTRY }) { edges { node { id } } } }`, {}, sc)).areas.edges[0].node.id;
    const coverage = ok(await gql(`mutation($p: ID!, $a: ID!) { createCoverageReportLink(pathwayId: $p, areaId: $a) { url } }`, { p: PATHWAY.GBV, a: niger }, sc)).createCoverageReportLink;
    expect((await at(/link=([^&]+)/.exec(coverage.url)![1])).status).toBe(401);
    expect((await at('not-a-link')).status).toBe(401);
  });

  it('checks the link holder\'s relation to the case when the page is opened, not only when the link was made', async () => {
    const c = await register(`Moved${run}`);
    const link = ok(await linkFor(amina, c.id)).createSubjectAccessReportLink;
    expect((await page(link.url)).status).toBe(200);
    ok(await gql(`mutation($c: ID!, $u: String) { assignCase(caseId: $c, caseManagerId: $u) { assignedTo } }`, { c: c.id, u: USER.IOM_NIGER_SECOND_CASE_MANAGER }, aissata));
    const refused = await page(link.url);
    expect(refused.status).toBe(403);
    expect(await refused.text()).toMatch(/assigned case manager/);
    // the new case manager may
    expect(codes(await packageOf(moussa, c.id))).toEqual([]);
  });
});
