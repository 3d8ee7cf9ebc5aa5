import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { Role } from '../src/auth/roles';
import { SERVICE } from '../seed/demo-data';
import { codes, demoUser, gql, ok, SERVER_URL, tokenFor } from './support/client';

/**
 * The printable directory (/reports/directory) and the service slip (/reports/service-slip): their
 * content for an area and categories, the language and its fallback, the signed links and their
 * refusals, escaping, self-containment, and that a confidential address never reaches someone who may
 * not see it (nor any slip). Everything here is this file's own (an agency, a district with a locality,
 * three services), apart from reads of the demo directory of Agadez.
 */

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const unique = `Pravia${run}`;
// a name a page must escape, never run
const SCRIPT_NAME = `<script>alert("x")</script>${unique} listening`;
const SECRET = { name: `${unique} hidden house`, address: `${unique} secret street 7`, note: `${unique} the driver knows the house`, locality: `${unique}ville` };

/** A closure ten days from now (a slip shows those of the next weeks only), and how an English page writes its date. */
const SOON = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
const SOON_TEXT = new Intl.DateTimeFormat('en', { dateStyle: 'medium', timeZone: 'UTC' }).format(new Date(`${SOON}T12:00:00Z`));

const page = (path: string, headers: Record<string, string> = {}) => fetch(`${SERVER_URL()}${path}`, { headers });
const DIRECTORY_LINK = `mutation($a: ID!, $l: String, $c: [ID!]) { createDirectoryReportLink(areaId: $a, lang: $l, categories: $c) { url expiresAt language } }`;
const SLIP_LINK = `mutation($s: [ID!]!, $l: String) { createServiceSlipLink(serviceIds: $s, lang: $l) { url expiresAt language } }`;
const directoryLink = (token: string, areaId: string, lang: string | null = null, categories: string[] | null = null) => gql(DIRECTORY_LINK, { a: areaId, l: lang, c: categories }, token);
const slipLink = (token: string, serviceIds: string[], lang: string | null = null) => gql(SLIP_LINK, { s: serviceIds, l: lang }, token);
const linkToken = (url: string) => new URL(url, 'http://x').searchParams.get('link')!;
/** One service's article of the directory page. */
const article = (html: string, id: string) => new RegExp(`<article class="service" id="svc-${id}"[\\s\\S]*?</article>`).exec(html)?.[0] ?? '';
const slipSection = (html: string, id: string) => new RegExp(`<section class="slip-service" data-service-id="${id}"[\\s\\S]*?</section>`).exec(html)?.[0] ?? '';

/** Nothing on a page runs or loads anything. */
function expectSelfContained(html: string) {
  expect(html).not.toMatch(/<script/i);
  expect(html).not.toMatch(/\bsrc=|<link\b|@import|url\(|https?:\/\/|<iframe|<object|<embed|<img|<form/i);
  expect(html).not.toMatch(/\son\w+=/i);
}

/** No detail of the confidential shelter. */
function expectNoSecret(html: string) {
  for (const s of [SECRET.name, SECRET.address, SECRET.note, SECRET.locality, '16.9612', '7.9934']) expect(html).not.toContain(s);
}

let networkAdmin: string;
let outsider: string; // IOM Niger case manager: no partnership with this file's agency
let admin: string; // this file's agency: the shelter's provider
let agencyId: string;
let district: { id: string; code: string };
let locality: { id: string; code: string };
let listening: string; // protection.gbv + mhpss.focused, at the centre, names in en and fr
let safeHouse: string; // shelter.safe_house + protection.gbv, at the confidential shelter
let clinic: string; // health.primary, two sites with their own hours, English only

beforeAll(async () => {
  [networkAdmin, outsider] = await Promise.all([tokenFor('nadia.admin@referral-network.example.org'), tokenFor('amina.cm@iom-niger.example.org')]);
  agencyId = ok(await gql(`mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
    { input: { names: [{ lang: 'en', text: `${unique} Aid` }, { lang: 'fr', text: `${unique} Entraide` }], acronym: 'PRV', type: 'NATIONAL_NGO', countryCode: 'NE', languages: ['fr'], fictional: true } },
    networkAdmin)).createAgency.id;
  admin = await tokenFor({ sub: randomUUID(), agency: agencyId, roles: [Role.AGENCY_ADMIN] });
  const region = ok(await gql(`{ areas(filter: { countryCode: "NE", level: REGION }, first: 20) { edges { node { id code } } } }`, {}, networkAdmin))
    .areas.edges.map((e: any) => e.node).find((a: any) => a.code === 'NE-1');
  const createArea = async (input: Record<string, unknown>) => ok(await gql(`mutation($input: CreateAreaInput!) { createArea(input: $input) { id code } }`, { input }, networkAdmin)).createArea;
  district = await createArea({ code: `NE-1-${run.toUpperCase()}`, level: 'DISTRICT', parentId: region.id,
    names: [{ lang: 'en', text: `${unique} department` }, { lang: 'fr', text: `Département de ${unique}` }, { lang: 'ar', text: `مقاطعة ${unique}` }] });
  locality = await createArea({ code: `${district.code}-CU`, level: 'LOCALITY', parentId: district.id, names: [{ lang: 'en', text: `${unique} town` }] });

  const location = async (input: Record<string, unknown>) => ok(await gql(`mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`,
    { input: { agencyId, facilityType: 'OTHER', areaId: locality.id, ...input } }, admin)).createLocation.id as string;
  const centre = await location({ names: [{ lang: 'en', text: `${unique} centre` }, { lang: 'fr', text: `Centre ${unique}` }], address: `${unique} Main Road 12` });
  const market = await location({ names: [{ lang: 'en', text: `${unique} market point` }], address: `${unique} Market Square` });
  const shelter = await location({ names: [{ lang: 'en', text: SECRET.name }], facilityType: 'SHELTER', address: SECRET.address, locality: SECRET.locality,
    latitude: 16.9612, longitude: 7.9934, confidential: true });

  const create = async (input: Record<string, unknown>) => ok(await gql(`mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`,
    { input: { agencyId, populations: ['ALL'], languages: ['fr', 'ha'], channels: ['WALK_IN'], timezone: 'Africa/Niamey', ...input } }, admin)).createService.id as string;
  const week = (days: string[], opens: string, closes: string) => days.map((day) => ({ day, opens, closes }));
  listening = await create({
    names: [{ lang: 'en', text: SCRIPT_NAME }, { lang: 'fr', text: `${unique} écoute & orientation` }],
    descriptions: [{ lang: 'en', text: 'A safe place to talk.' }, { lang: 'fr', text: 'Un lieu sûr pour parler.' }],
    categoryCodes: ['protection.gbv', 'mhpss.focused'], populations: ['GBV_SURVIVORS'], genders: ['FEMALE'], ageMin: 12,
    locationIds: [centre], openingHours: week(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], '08:00', '17:00'),
    eligibility: { descriptions: [{ lang: 'en', text: 'Women and girls at risk.' }, { lang: 'fr', text: 'Femmes et filles en danger.' }], acceptsWithoutDocuments: true, excludedNationalities: ['NE'] },
    requiredDocuments: [{ type: 'REFERRAL_FORM' }, { type: 'OTHER', labels: [{ lang: 'en', text: 'Any health card' }] }],
    fees: { kind: 'FREE' },
    accessibility: { features: ['QUIET_SPACE', 'SIGN_LANGUAGE'], details: [{ lang: 'en', text: 'A private room.' }, { lang: 'fr', text: 'Une salle privée.' }] },
    interpretation: { languages: ['tmh', 'ar'], byPhone: true },
    contacts: [
      { role: 'FOCAL_POINT', name: 'Case worker on duty', phone: '+227 90 11 22 33', email: 'ecoute@pravia.example.org', languages: ['fr'], hours: week(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], '08:00', '17:00') },
      { role: 'AFTER_HOURS_EMERGENCY', phone: '+227 90 99 99 99', always: true },
    ],
    closures: [{ from: SOON, to: SOON, reasons: [{ lang: 'en', text: 'Staff training' }] }, { from: '2099-08-03', to: '2099-08-03', reasons: [{ lang: 'en', text: 'Independence Day' }] }],
    howToRefer: [{ lang: 'en', text: 'Walk in or refer through the network.' }, { lang: 'fr', text: 'Se présenter ou orienter par le réseau.' }],
  });
  safeHouse = await create({
    names: [{ lang: 'en', text: `${unique} safe house` }, { lang: 'fr', text: `Maison sécurisée ${unique}` }],
    categoryCodes: ['shelter.safe_house', 'protection.gbv'], populations: ['GBV_SURVIVORS'], channels: ['PHONE'], open24Hours: true,
    sites: [{ locationId: shelter, notes: [{ lang: 'en', text: SECRET.note }], closures: [{ from: '2099-01-05', to: '2099-01-06', reasons: [{ lang: 'en', text: `${unique} moving house` }] }] }],
    contacts: [{ role: 'FOCAL_POINT', name: 'Shelter duty phone', phone: '+227 90 44 55 66', always: true }],
    howToRefer: [{ lang: 'en', text: 'Phone the duty line first.' }],
  });
  clinic = await create({
    names: [{ lang: 'en', text: `${unique} clinic` }],
    categoryCodes: ['health.primary'], populations: ['ALL'], openingHours: week(['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'], '08:00', '16:00'),
    sites: [{ locationId: centre }, { locationId: market, openingHours: week(['SATURDAY'], '09:00', '12:00'), closures: [{ from: '2099-03-01', to: '2099-03-02' }] }],
    fees: { kind: 'FEE', options: [{ amount: 2000, currency: 'XOF', descriptions: [{ lang: 'en', text: 'consultation' }] }] },
    requiredDocuments: [{ type: 'PASSPORT' }],
    intakeContact: { phone: '+227 90 77 77 77' },
  });
});

describe('the printable directory of an area', () => {
  it('lists the area\'s services by category, with where, when, whom to call and what to bring, and the shelter\'s address withheld from an outsider', async () => {
    const link = ok(await directoryLink(outsider, district.id)).createDirectoryReportLink;
    expect(link.url).toMatch(/^\/reports\/directory\?area=[0-9a-f-]{36}&link=/);
    expect(link.language).toBe('en');
    expect(Date.parse(link.expiresAt)).toBeGreaterThan(Date.now());
    expect(Date.parse(link.expiresAt)).toBeLessThan(Date.now() + 3_600_000);

    const res = await page(link.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    expect(res.headers.get('ratelimit-remaining')).toMatch(/^\d+$/);
    const html = await res.text();
    expect(html).toMatch(/<html lang="en" dir="ltr">/);
    expect(html).toMatch(/@page\{size:A4/);
    expect(html).toContain(`${unique} department`);
    expectSelfContained(html);
    expect(html).toContain(`&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;${unique} listening`);

    // grouped by top-level category in the tree's order; each service in full once, the other groups point to it
    const order = [...html.matchAll(/<section class="category" id="[^"]+" data-category="([^"]*)">/g)].map((m) => m[1]);
    for (const c of ['mhpss', 'shelter', 'health', 'protection']) expect(order).toContain(c);
    expect(order.indexOf('mhpss')).toBeLessThan(order.indexOf('shelter'));
    expect(order.indexOf('health')).toBeLessThan(order.indexOf('protection'));
    const section = (code: string) => new RegExp(`data-category="${code}">[\\s\\S]*?</section>`).exec(html)![0];
    expect(section('mhpss')).toContain(`id="svc-${listening}"`);
    expect(section('shelter')).toContain(`id="svc-${safeHouse}"`);
    expect(section('health')).toContain(`id="svc-${clinic}"`);
    expect(html.match(new RegExp(`id="svc-${listening}"`, 'g'))).toHaveLength(1);
    const seeAlso = /<p class="see-also">[\s\S]*?<\/p>/.exec(section('protection'))![0];
    expect(seeAlso).toContain(`href="#svc-${listening}"`);
    expect(seeAlso).toContain(`href="#svc-${safeHouse}"`);
    // the demo's national and regional services that cover the district are there too (AVRR covers Niger)
    expect(html).toContain(`id="svc-${SERVICE.AGADEZ_MOBILE_CLINIC}"`);

    const a = article(html, listening);
    expect(a).toContain(`${unique} centre`);
    expect(a).toContain(`${unique} Main Road 12`);
    expect(a).toContain('Mon–Fri <bdi dir="ltr">08:00–17:00</bdi>');
    expect(a).toContain('local time (<bdi dir="ltr">Africa/Niamey</bdi>)');
    expect(a).toContain('Survivors of gender-based violence; women and girls; aged 12 and over');
    expect(a).toContain('Women and girls at risk.');
    expect(a).toContain('People without documents or legal status are served');
    expect(a).toContain('Not for nationals of: Niger');
    expect(a).toContain('Referral form from a network member');
    expect(a).toContain('Any health card');
    expect(a).toContain('<strong>Free</strong>');
    expect(a).toContain('Quiet, private space, Sign language. A private room.');
    expect(a).toContain('Tamashek');
    expect(a).toContain('(by phone)');
    expect(a).toMatch(/<li data-role="FOCAL_POINT"><strong>Focal point<\/strong>: Case worker on duty &middot; <span class="phone"><bdi dir="ltr">\+227 90 11 22 33<\/bdi><\/span>/);
    expect(a).toContain('<li data-role="AFTER_HOURS_EMERGENCY"><strong>Emergency, after hours</strong>');
    expect(a).toContain('any time');
    expect(a).toContain('Walk in or refer through the network.');
    expect(a).toContain(`Closed on ${SOON_TEXT} (Staff training)`);
    expect(a).toContain('Closed on Aug 3, 2099 (Independence Day)');

    // hours per site: the clinic's centre keeps the service's hours, the market point has its own and a closure of its own
    const c = article(html, clinic);
    const sites = [...c.matchAll(/<div class="site"[\s\S]*?<\/div>/g)].map((m) => m[0]);
    expect(sites).toHaveLength(2);
    expect(sites[0]).toContain('Mon–Fri <bdi dir="ltr">08:00–16:00</bdi>');
    expect(sites[1]).toContain(`${unique} Market Square`);
    expect(sites[1]).toContain('Sat <bdi dir="ltr">09:00–12:00</bdi>');
    expect(sites[1]).toContain('Closed Mar 1, 2099 to Mar 2, 2099');
    expect(c).toMatch(/<strong>A fee is charged<\/strong>: [^<]*2,000 consultation/);
    expect(c).toContain('Passport');
    expect(c).toContain('+227 90 77 77 77'); // the older intake contact, when there are no contacts

    // the confidential shelter: the focal point to call instead, the district (never the locality), nothing else
    const s = article(html, safeHouse);
    expect(s).toContain('<div class="site" data-confidential="true">');
    expect(s).toContain('Confidential address: contact the focal point (<bdi dir="ltr">+227 90 44 55 66</bdi>)');
    expect(s).toContain(`${unique} department`);
    expect(s).not.toContain(`${unique} town`);
    expect(s).toContain('Open 24 hours, every day');
    expect(s).toContain('Closed Jan 5, 2099 to Jan 6, 2099');
    expect(s).not.toContain('moving house'); // the reason of a hidden site's own closure goes with its address
    expectNoSecret(html);
  });

  it('shows the provider its own shelter, as the directory does, and narrows to the categories asked for', async () => {
    const mine = await (await page(ok(await directoryLink(admin, district.id)).createDirectoryReportLink.url)).text();
    const s = article(mine, safeHouse);
    expect(s).toContain('<div class="site" data-confidential="false">');
    expect(s).toContain(SECRET.address);
    expect(s).toContain(SECRET.note);

    const link = ok(await directoryLink(outsider, district.code, null, ['protection', 'protection'])).createDirectoryReportLink;
    expect(link.url).toContain('categories=protection&');
    const html = await (await page(link.url)).text();
    expect([...html.matchAll(/data-category="([^"]*)"/g)].map((m) => m[1])).toEqual(['protection']);
    expect(html).toContain(`id="svc-${listening}"`);
    expect(html).toContain(`id="svc-${safeHouse}"`);
    expect(html).not.toContain(`id="svc-${clinic}"`);
    expect(html).toContain('<span id="categories">Protection</span>');
    expectNoSecret(html);

    // two categories: each its own group, the service in both printed once
    const two = await (await page(ok(await directoryLink(outsider, district.id, null, ['protection.gbv', 'health'])).createDirectoryReportLink.url)).text();
    expect([...two.matchAll(/data-category="([^"]*)"/g)].map((m) => m[1])).toEqual(['health', 'protection.gbv']);
    expect(two).toContain(`id="svc-${clinic}"`);
  });

  it('is written in French or Arabic, each service text in that language where it has it, else in English marked as such', async () => {
    const fr = await (await page(ok(await directoryLink(outsider, district.id, 'fr')).createDirectoryReportLink.url)).text();
    expect(fr).toMatch(/<html lang="fr" dir="ltr">/);
    expect(fr).toContain(`Répertoire des services: <span id="area-name">Département de ${unique}</span>`);
    const a = article(fr, listening);
    expect(a).toContain(`${unique} écoute &amp; orientation`);
    expect(a).not.toContain('listening');
    expect(a).toContain('À apporter');
    expect(a).toContain('Fiche d&#39;orientation d&#39;un membre du réseau');
    expect(a).toContain('<strong>Gratuit</strong>');
    expect(a).toContain('Se présenter ou orienter par le réseau.');
    expect(a).toContain('Femmes et filles en danger.');
    expect(a).toMatch(/lun\.–ven\. <bdi dir="ltr">08:00–17:00<\/bdi>/);
    // no French name: the English one, marked as English
    expect(article(fr, clinic)).toContain(`<h3><span lang="en" dir="auto">${unique} clinic</span></h3>`);
    expect(article(fr, safeHouse)).toContain('Adresse confidentielle : contactez le point focal');
    expectNoSecret(fr);

    const ar = await (await page(ok(await directoryLink(outsider, district.id, 'ar')).createDirectoryReportLink.url)).text();
    expect(ar).toMatch(/<html lang="ar" dir="rtl">/);
    expect(ar).toContain('دليل الخدمات');
    expect(ar).toContain(`مقاطعة ${unique}`);
    expect(article(ar, safeHouse)).toContain('العنوان سري: تواصل مع جهة الاتصال');
    expect(article(ar, listening)).toContain(`<span lang="en" dir="auto">&lt;script&gt;`);
    expectSelfContained(ar);

    // a language without the page's words: English words, the service's text in it where there is one
    const link = ok(await directoryLink(outsider, district.id, 'ha')).createDirectoryReportLink;
    expect(link.language).toBe('en');
    const ha = await (await page(link.url)).text();
    expect(ha).toMatch(/<html lang="en" dir="ltr">/);
    // the language of a link's page may be changed in its URL; what it shows may not
    const de = await page(link.url.replace('lang=ha', 'lang=fr'));
    expect(de.status).toBe(200);
    expect(await de.text()).toContain('Répertoire des services');
  });

  it('never shows the demo\'s confidential shelters to an outsider, and shows them to the provider\'s partner', async () => {
    const outsiderToAgadez = await tokenFor('issa.cm@sahel-health.example.org');
    const partner = outsider; // IOM Niger has a partnership with the Agadez women's association
    const res = await page(`/reports/directory?area=NE-1-AGZ&lang=fr`, { authorization: `Bearer ${outsiderToAgadez}` });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain(`id="svc-${SERVICE.AGADEZ_GBV_SAFE_HOUSE}"`);
    for (const secret of ['Rue 000, Agadez (invented)', 'Safe shelter A', 'Refuge sécurisé A', '16.9588']) expect(html).not.toContain(secret);
    expect(article(html, SERVICE.AGADEZ_GBV_SAFE_HOUSE)).toContain('Adresse confidentielle : contactez le point focal');
    const partnerHtml = await (await page(`/reports/directory?area=NE-1-AGZ&lang=fr`, { authorization: `Bearer ${partner}` })).text();
    expect(article(partnerHtml, SERVICE.AGADEZ_GBV_SAFE_HOUSE)).toContain('Rue 000, Agadez (invented)');
  });
});

describe('the service slip', () => {
  it('gives a migrant where to go, when, what to bring and whom to call, on one page, with no personal data and no confidential address', async () => {
    const link = ok(await slipLink(outsider, [listening, safeHouse, clinic])).createServiceSlipLink;
    // the link names services only
    const url = new URL(link.url, 'http://x');
    expect(url.pathname).toBe('/reports/service-slip');
    expect([...url.searchParams.keys()].sort()).toEqual(['link', 'serviceIds']);
    expect(url.searchParams.get('serviceIds')).toBe([listening, safeHouse, clinic].join(','));
    const claims = JSON.parse(Buffer.from(linkToken(link.url).split('.')[1], 'base64url').toString());
    expect(Object.keys(claims).sort()).toEqual(['agency', 'aud', 'exp', 'iat', 'roles', 'services', 'sub']);

    const res = await page(link.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'none'/);
    const html = await res.text();
    expectSelfContained(html);
    expect(html).toContain('Where to get help');
    expect(html).toContain('This paper carries no personal information.');
    expect([...html.matchAll(/<section class="slip-service" data-service-id="([^"]+)"/g)].map((m) => m[1])).toEqual([listening, safeHouse, clinic]);
    const a = slipSection(html, listening);
    expect(a).toContain(`&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;${unique} listening`);
    expect(a).toContain(`${unique} Main Road 12`);
    expect(a).toContain('Mon–Fri <bdi dir="ltr">08:00–17:00</bdi>');
    expect(a).toContain('Referral form from a network member');
    expect(a).toContain('+227 90 11 22 33');
    expect(a).toContain('+227 90 99 99 99');
    expect(a).toContain(`Closed on ${SOON_TEXT} (Staff training)`);
    expect(a).not.toContain('2099'); // closures of the next weeks only
    expect(a).not.toContain('Walk in or refer through the network.'); // how to refer is for staff
    const c = slipSection(html, clinic);
    expect(c).toContain('Sat <bdi dir="ltr">09:00–12:00</bdi>');
    expect(c).toContain('Passport');
    expect(slipSection(html, safeHouse)).toContain('Confidential address: contact the focal point (<bdi dir="ltr">+227 90 44 55 66</bdi>)');
    expectNoSecret(html);
    // nothing about who printed it
    expect(html).not.toContain('amina');
    expect(html).not.toContain(demoUser('amina.cm@iom-niger.example.org').sub);

    // a slip leaves the network: not even the shelter's provider gets its address on one
    const own = await (await page(ok(await slipLink(admin, [safeHouse])).createServiceSlipLink.url)).text();
    expect(own).toContain('<div class="site" data-confidential="true">');
    expectNoSecret(own);
  });

  it('is written in the chosen language, right to left in Arabic, and flags a service that is not open', async () => {
    const fr = await (await page(ok(await slipLink(outsider, [listening, clinic], 'fr')).createServiceSlipLink.url)).text();
    expect(fr).toMatch(/<html lang="fr" dir="ltr">/);
    expect(fr).toContain('Où trouver de l&#39;aide');
    expect(slipSection(fr, listening)).toContain(`${unique} écoute &amp; orientation`);
    expect(slipSection(fr, clinic)).toContain(`<span lang="en" dir="auto">${unique} clinic</span>`);
    const ar = await (await page(ok(await slipLink(outsider, [listening], 'ar')).createServiceSlipLink.url)).text();
    expect(ar).toMatch(/<html lang="ar" dir="rtl">/);
    expect(ar).toContain('أين تجد المساعدة');
    expect(ar).toContain('<bdi dir="ltr">+227 90 11 22 33</bdi>');

    const pausedId = ok(await gql(`mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`, { input: {
      agencyId, names: [{ lang: 'en', text: `${unique} paused` }], categoryCodes: ['legal'], populations: ['ALL'], status: 'TEMPORARILY_CLOSED' } }, admin)).createService.id;
    const html = await (await page(ok(await slipLink(outsider, [pausedId])).createServiceSlipLink.url)).text();
    expect(html).toContain('This service is not open at the moment (temporarily closed): call before going.');
    expect(html).toContain('No fixed place: see the contacts');
  });
});

describe('links and refusals', () => {
  it('refuses a tampered, expired or foreign link, and a page without a token or link', async () => {
    const link = ok(await directoryLink(outsider, district.id, 'en', ['protection'])).createDirectoryReportLink;
    const token = linkToken(link.url);
    const at = (query: string) => page(`/reports/directory?${query}`);
    expect((await page(link.url)).status).toBe(200);
    // the scope changed in the URL: another area, other or no categories
    expect((await at(`area=NE-1-AGZ&categories=protection&link=${token}`)).status).toBe(403);
    expect((await at(`area=${district.id}&categories=health&link=${token}`)).status).toBe(403);
    expect((await at(`area=${district.id}&link=${token}`)).status).toBe(403);
    expect((await at(`area=${district.id}&categories=protection,health&link=${token}`)).status).toBe(403);
    // the signature or the claims changed
    expect((await at(`area=${district.id}&categories=protection&link=${token.slice(0, -4)}AAAA`)).status).toBe(401);
    const [header, body, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString());
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...claims, area: SERVICE.AGADEZ_GBV_SAFE_HOUSE })).toString('base64url')}.${signature}`;
    expect((await at(`area=${district.id}&categories=protection&link=${forged}`)).status).toBe(401);
    // expired: the right key and claims, its time over
    const key = new TextEncoder().encode(`report-link:${process.env.MRN_TEST_SECRET}`);
    const who = demoUser('amina.cm@iom-niger.example.org');
    const now = Math.floor(Date.now() / 1000);
    const sign = (iat: number, exp: number, audience = 'directory-report') => new SignJWT({ agency: who.agency, roles: who.roles, area: district.id, categories: 'protection' })
      .setProtectedHeader({ alg: 'HS256' }).setSubject(who.sub).setAudience(audience).setIssuedAt(iat).setExpirationTime(exp).sign(key);
    const expired = await at(`area=${district.id}&categories=protection&link=${await sign(now - 3600, now - 2400)}`);
    expect(expired.status).toBe(401);
    expect(await expired.text()).toMatch(/expired/);
    expect((await at(`area=${district.id}&categories=protection&link=${await sign(now, now + 300)}`)).status).toBe(200);
    // another page's link: a slip's, a coverage report's
    expect((await at(`area=${district.id}&categories=protection&link=${await sign(now, now + 300, 'service-slip')}`)).status).toBe(401);
    const slip = ok(await slipLink(outsider, [listening])).createServiceSlipLink;
    expect((await at(`area=${district.id}&categories=protection&link=${linkToken(slip.url)}`)).status).toBe(401);
    expect((await page(`/reports/service-slip?serviceIds=${listening}&link=${token}`)).status).toBe(401);
    // a slip's link opens its own services only, in its order
    expect((await page(`/reports/service-slip?serviceIds=${clinic}&link=${linkToken(slip.url)}`)).status).toBe(403);
    expect((await page(`/reports/service-slip?serviceIds=${listening},${clinic}&link=${linkToken(slip.url)}`)).status).toBe(403);
    const two = linkToken(ok(await slipLink(outsider, [listening, clinic])).createServiceSlipLink.url);
    expect((await page(`/reports/service-slip?serviceIds=${clinic},${listening}&link=${two}`)).status).toBe(403);
    expect((await page(`/reports/service-slip?serviceIds=${listening},${clinic}&link=${two}`)).status).toBe(200);
    // nothing to prove who is asking
    expect((await at(`area=${district.id}`)).status).toBe(401);
    expect((await page(`/reports/service-slip?serviceIds=${listening}`)).status).toBe(401);
    expect((await at(`area=${district.id}&link=not-a-link`)).status).toBe(401);
  });

  it('checks the link holder again when the page is opened', async () => {
    // a link whose holder's roles are not (or no longer) what the directory says: refused when the page is opened
    const who = demoUser('amina.cm@iom-niger.example.org');
    const key = new TextEncoder().encode(`report-link:${process.env.MRN_TEST_SECRET}`);
    const now = Math.floor(Date.now() / 1000);
    const sign = (roles: Role[]) => new SignJWT({ agency: who.agency, roles, services: listening }).setProtectedHeader({ alg: 'HS256' }).setSubject(who.sub)
      .setAudience('service-slip').setIssuedAt(now).setExpirationTime(now + 300).sign(key);
    expect((await page(`/reports/service-slip?serviceIds=${listening}&link=${await sign(who.roles)}`)).status).toBe(200);
    const refused = await page(`/reports/service-slip?serviceIds=${listening}&link=${await sign([Role.NETWORK_ADMIN])}`);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toMatch(/role/);
  });

  it('takes a bearer token instead of a link, and answers bad queries with what to fix', async () => {
    const bearer = { authorization: `Bearer ${outsider}` };
    expect((await page(`/reports/directory?area=${district.code}&categories=health`, bearer)).status).toBe(200);
    expect((await page(`/reports/service-slip?serviceIds=${clinic}&lang=fr`, bearer)).status).toBe(200);
    const missing = await page('/reports/directory', bearer);
    expect(missing.status).toBe(400);
    expect(await missing.text()).toMatch(/Give area/);
    expect((await page(`/reports/directory?area=${randomUUID()}`, bearer)).status).toBe(404);
    expect((await page('/reports/directory?area=NO-SUCH-AREA', bearer)).status).toBe(404);
    const unknown = await page(`/reports/directory?area=${district.id}&categories=nope.nothing`, bearer);
    expect(unknown.status).toBe(400);
    expect(await unknown.text()).toMatch(/unknown category "nope.nothing"/);
    expect((await page('/reports/service-slip', bearer)).status).toBe(400);
    expect((await page(`/reports/service-slip?serviceIds=${randomUUID()}`, bearer)).status).toBe(404);
    expect((await page(`/reports/service-slip?serviceIds=not-an-id`, bearer)).status).toBe(404);
    const many = await page(`/reports/service-slip?serviceIds=${[listening, safeHouse, clinic, SERVICE.AGADEZ_MOBILE_CLINIC].join(',')}`, bearer);
    expect(many.status).toBe(400);
    expect(await many.text()).toMatch(/at most 3 services/);
  });

  it('draws on the caller\'s rate limit: a slip as one request, a directory as a costly one', async () => {
    const caller = await tokenFor({ sub: randomUUID(), agency: agencyId, roles: [Role.CASE_MANAGER] });
    const remaining = async (path: string) => {
      const r = await page(path, { authorization: `Bearer ${caller}` });
      expect(r.status).toBe(200);
      return Number(r.headers.get('ratelimit-remaining'));
    };
    const slip = `/reports/service-slip?serviceIds=${clinic}`;
    const directory = `/reports/directory?area=${district.id}&categories=health`;
    const slipDrop = (await remaining(slip)) - (await remaining(slip));
    const directoryDrop = (await remaining(directory)) - (await remaining(directory));
    expect(slipDrop).toBe(1);
    expect(directoryDrop).toBeGreaterThan(1); // RATE_LIMIT_COSTLY_COST
  });

  it('makes links only for what exists, and only for a signed-in caller', async () => {
    expect(codes(await directoryLink(outsider, randomUUID()))).toEqual(['NOT_FOUND']);
    expect(codes(await directoryLink(outsider, district.id, null, ['nope']))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await directoryLink(outsider, district.id, 'french'))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await slipLink(outsider, []))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await slipLink(outsider, [listening, listening]))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await slipLink(outsider, [randomUUID()]))).toEqual(['NOT_FOUND']);
    expect(codes(await slipLink(outsider, [listening, safeHouse, clinic, SERVICE.AGADEZ_MOBILE_CLINIC]))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await gql(DIRECTORY_LINK, { a: district.id }, null))).toEqual(['UNAUTHENTICATED']);
    expect(codes(await gql(SLIP_LINK, { s: [listening] }, null))).toEqual(['UNAUTHENTICATED']);
    // any signed-in staff may print what the directory shows them
    const focalPoint = await tokenFor('zeinabou.rfp@tenere-femmes.example.org');
    expect(ok(await slipLink(focalPoint, [SERVICE.AGADEZ_GBV_SAFE_HOUSE])).createServiceSlipLink.url).toMatch(/^\/reports\/service-slip\?/);
  });
});
