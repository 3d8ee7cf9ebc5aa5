import { randomUUID } from 'node:crypto';
import { PATHWAY } from '../seed/pathways-data';
import { codes, gql, ok, SERVER_URL, tokenFor, type GqlResult } from './support/client';

/**
 * Messages, the coverage report and its CSV in English, French and Arabic, chosen by Accept-Language or by
 * the `lang` query parameter (which wins). Reads demo data only; every write tried here is refused.
 */

/** A GraphQL request with `?lang=` on the URL (and any headers). */
async function gqlAt(lang: string, query: string, variables: Record<string, unknown>, token: string | null, headers: Record<string, string> = {}): Promise<GqlResult> {
  const response = await fetch(`${SERVER_URL()}/graphql?lang=${lang}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await response.json()) as { data?: any; errors?: GqlResult['errors'] };
  return { status: response.status, data: body.data ?? null, errors: body.errors, statements: NaN, headers: response.headers };
}
/** The same request in a language, by header or by parameter. */
const ask = (how: 'header' | 'param', lang: string, query: string, variables: Record<string, unknown>, token: string | null) =>
  how === 'header' ? gql(query, variables, token, { 'accept-language': lang }) : gqlAt(lang, query, variables, token);

const REFERRAL = 'query($id: ID!) { referral(id: $id) { id } }';
const SEARCH = 'query($filter: ServiceFilter) { services(filter: $filter, first: 1) { edges { node { id } } } }';
const CREATE_AREA = 'mutation($input: CreateAreaInput!) { createArea(input: $input) { id } }';

let caseManager: string;
let networkAdmin: string;
let steering: string;
beforeAll(async () => {
  caseManager = await tokenFor('amina.cm@iom-niger.example.org');
  networkAdmin = await tokenFor('nadia.admin@referral-network.example.org');
  steering = await tokenFor('abdoulaye.sc@referral-network.example.org');
});

describe.each(['header', 'param'] as const)('errors in the request\'s language (by %s)', (how) => {
  it('NOT_FOUND names the kind of record in French and Arabic, the id as given', async () => {
    const id = randomUUID();
    const en = await ask(how, 'en', REFERRAL, { id }, caseManager);
    const fr = await ask(how, 'fr', REFERRAL, { id }, caseManager);
    const ar = await ask(how, 'ar', REFERRAL, { id }, caseManager);
    for (const r of [en, fr, ar]) {
      expect(codes(r)).toEqual(['NOT_FOUND']);
      // only the words change: what a program reads stays the same
      expect(r.errors![0].extensions).toEqual({ code: 'NOT_FOUND', kind: 'Referral', id });
    }
    expect(en.errors![0].message).toBe(`Referral ${id} was not found`);
    expect(fr.errors![0].message).toBe(`Orientation ${id} introuvable`);
    expect(ar.errors![0].message).toBe(`لم يُعثر على الإحالة ${id}`);
  });

  it('BAD_USER_INPUT names the field in the request and says what to fix in the language, checks of the service and of the input rules alike', async () => {
    const fr = await ask(how, 'fr', SEARCH, { filter: { text: 'a' } }, caseManager);
    expect(codes(fr)).toEqual(['BAD_USER_INPUT']);
    expect(fr.errors![0].extensions!.field).toBe('filter.text');
    expect(fr.errors![0].message).toBe('filter.text : donnez au moins un mot de deux lettres ou plus');
    const ar = await ask(how, 'ar', SEARCH, { filter: { near: { latitude: 16.97, longitude: 7.99, radiusKm: 5000 } } }, caseManager);
    expect(codes(ar)).toEqual(['BAD_USER_INPUT']);
    expect(ar.errors![0].extensions!.field).toBe('filter.near.radiusKm');
    expect(ar.errors![0].message).toBe('filter.near.radiusKm: يجب ألا يزيد على 1000 كم');
    // several problems at once: each one in the language, in the message and in extensions.problems
    const several = await ask(how, 'fr', SEARCH, { filter: { near: { latitude: 100, longitude: 7.99, radiusKm: 5000 } } }, caseManager);
    expect(codes(several)).toEqual(['BAD_USER_INPUT']);
    expect(several.errors![0].extensions!.problems).toEqual(expect.arrayContaining([
      { field: 'filter.near.latitude', problem: 'doit être compris entre -90 et 90' },
      { field: 'filter.near.radiusKm', problem: 'doit être d\'au plus 1000 km' },
    ]));
    expect(several.errors![0].message).toContain('filter.near.latitude : doit être compris entre -90 et 90');
  });

  it('FORBIDDEN says which roles may, in French and Arabic', async () => {
    const input = { code: 'QQ', level: 'COUNTRY', names: [{ lang: 'en', text: 'Never created' }] };
    const fr = await ask(how, 'fr', CREATE_AREA, { input }, caseManager);
    const ar = await ask(how, 'ar', CREATE_AREA, { input }, caseManager);
    expect(codes(fr)).toEqual(['FORBIDDEN']);
    expect(codes(ar)).toEqual(['FORBIDDEN']);
    expect(fr.errors![0].message).toBe('Il faut le rôle NETWORK_ADMIN');
    expect(ar.errors![0].message).toBe('يتطلب ذلك الدور NETWORK_ADMIN');
  });

  it('CONFLICT says what is in the way, in French and Arabic', async () => {
    const input = { code: 'NE', level: 'COUNTRY', names: [{ lang: 'en', text: 'Niger again' }] };
    const fr = await ask(how, 'fr', CREATE_AREA, { input }, networkAdmin);
    const ar = await ask(how, 'ar', CREATE_AREA, { input }, networkAdmin);
    expect(codes(fr)).toEqual(['CONFLICT']);
    expect(fr.errors![0].message).toBe('Une zone avec le code NE existe déjà');
    expect(ar.errors![0].message).toBe('توجد منطقة بالرمز NE بالفعل');
  });

  it('UNAUTHENTICATED, before any resolver runs', async () => {
    const fr = await ask(how, 'fr', REFERRAL, { id: randomUUID() }, null);
    expect(codes(fr)).toEqual(['UNAUTHENTICATED']);
    expect(fr.errors![0].message).toMatch(/^Envoyez un jeton bearer/);
    const ar = await ask(how, 'ar', REFERRAL, { id: randomUUID() }, 'not-a-token');
    expect(codes(ar)).toEqual(['UNAUTHENTICATED']);
    expect(ar.errors![0].message).toBe('لم تتم المصادقة: الرمز غير سليم البنية');
  });
});

describe('choosing the language', () => {
  it('the lang parameter wins over Accept-Language; the header\'s preferences are followed; anything else is English', async () => {
    const id = randomUUID();
    const message = async (r: Promise<GqlResult>) => (await r).errors![0].message;
    expect(await message(gqlAt('ar', REFERRAL, { id }, caseManager, { 'accept-language': 'fr' }))).toBe(`لم يُعثر على الإحالة ${id}`);
    expect(await message(gql(REFERRAL, { id }, caseManager, { 'accept-language': 'ha, fr-NE;q=0.8, en;q=0.5' }))).toBe(`Orientation ${id} introuvable`);
    expect(await message(gql(REFERRAL, { id }, caseManager, { 'accept-language': 'de-DE, de;q=0.9' }))).toBe(`Referral ${id} was not found`);
    expect(await message(gqlAt('xx', REFERRAL, { id }, caseManager))).toBe(`Referral ${id} was not found`);
    expect(await message(gql(REFERRAL, { id }, caseManager))).toBe(`Referral ${id} was not found`);
  });
});

describe('the coverage report in French and Arabic', () => {
  const report = (path: string, lang: string, how: 'header' | 'param' = 'param') => fetch(`${SERVER_URL()}${path}${how === 'param' ? `&lang=${lang}` : ''}`, {
    headers: { authorization: `Bearer ${steering}`, ...(how === 'header' ? { 'accept-language': lang } : {}) },
  });
  let query: string;
  beforeAll(async () => {
    const niger = ok(await gql(`{ areas(filter: { countryCode: "NE", level: COUNTRY }) { edges { node { id } } } }`, {}, steering)).areas.edges[0].node.id;
    query = `pathway=${PATHWAY.GBV}&area=${niger}&level=REGION`;
  });

  it('writes the page in Arabic, right to left, and in French', async () => {
    const ar = await report(`/reports/coverage?${query}`, 'ar');
    expect(ar.status).toBe(200);
    expect(ar.headers.get('content-language')).toBe('ar');
    const arabic = await ar.text();
    expect(arabic).toMatch(/<html lang="ar" dir="rtl">/);
    expect(arabic).toContain('تغطية مسار الإحالة');
    expect(arabic).toContain('الثغرات، الأخطر أولًا');
    expect(arabic).not.toContain('Referral pathway coverage');
    const french = await (await report(`/reports/coverage?${query}`, 'fr', 'header')).text();
    expect(french).toMatch(/<html lang="fr" dir="ltr">/);
    expect(french).toContain('<h1>Couverture du parcours d&#39;orientation');
    expect(french).toContain('Étapes requises couvertes');
    const english = await (await report(`/reports/coverage?${query}`, 'en')).text();
    expect(english).toMatch(/<html lang="en" dir="ltr">/);
    expect(english).toContain('Referral pathway coverage');
    // the statuses stay codes in the page's data, whatever the language
    const statuses = (html: string) => [...html.matchAll(/data-status="(\w+)"/g)].map((m) => m[1]);
    expect(statuses(arabic)).toEqual(statuses(english));
    expect(statuses(french)).toEqual(statuses(english));
  });

  it('names the CSV columns in the language, keeps the statuses as codes, and marks the file as UTF-8 for spreadsheets', async () => {
    // the bytes as sent (a decoder would drop the byte-order mark)
    const csv = async (lang: string, how?: 'header') => Buffer.from(await (await report(`/reports/coverage.csv?${query}`, lang, how)).arrayBuffer()).toString('utf8');
    const [en, fr, ar] = [await csv('en'), await csv('fr'), await csv('ar', 'header')];
    const lines = (text: string) => text.replace(/^\ufeff/, '').trimEnd().split('\n');
    expect(en.startsWith('area_code,area_name,step_1_')).toBe(true);
    expect(fr.startsWith('\ufeffcode_zone,nom_zone,etape_1_')).toBe(true);
    expect(ar.startsWith('\ufeffرمز_المنطقة,اسم_المنطقة,الخطوة_1_')).toBe(true);
    expect(lines(fr)[0].endsWith(',etapes_requises_couvertes,etapes_requises')).toBe(true);
    expect(lines(ar)).toHaveLength(lines(en).length);
    // the same rows: codes and statuses do not change with the language
    const statuses = (text: string) => lines(text).slice(1).map((l) => l.split(',').filter((c) => /^[A-Z_]+$/.test(c)));
    expect(statuses(fr)).toEqual(statuses(en));
    expect(statuses(ar)).toEqual(statuses(en));
  });

  it('refuses in the language too', async () => {
    const refused = await fetch(`${SERVER_URL()}/reports/coverage?${query}&lang=fr`);
    expect(refused.status).toBe(401);
    expect(await refused.text()).toBe('Envoyez un jeton bearer, ou ouvrez un lien créé par la mutation createCoverageReportLink');
    const wrongRole = await fetch(`${SERVER_URL()}/reports/coverage?${query}`, { headers: { authorization: `Bearer ${caseManager}`, 'accept-language': 'ar' } });
    expect(wrongRole.status).toBe(403);
    expect(await wrongRole.text()).toMatch(/^يتطلب هذا التقرير الدور/);
  });

  it('makes links in the language they were asked in', async () => {
    const [p, a] = [PATHWAY.GBV, new URLSearchParams(query).get('area')];
    const link = ok(await gqlAt('ar', `mutation($p: ID!, $a: ID!) { createCoverageReportLink(pathwayId: $p, areaId: $a, level: REGION) { url csvUrl } }`, { p, a }, steering)).createCoverageReportLink;
    expect(link.url).toContain('lang=ar');
    const page = await fetch(`${SERVER_URL()}${link.url}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/<html lang="ar" dir="rtl">/);
  });
});

describe('the HSDS export and the printable pages refuse in the language too', () => {
  it('HSDS: a bad parameter and an unknown path, in French and Arabic', async () => {
    const get = (url: string, lang: string) => fetch(`${SERVER_URL()}${url}`, { headers: { authorization: `Bearer ${networkAdmin}`, 'accept-language': lang } });
    const fr = await get('/hsds/services?per_page=0', 'fr');
    expect(fr.status).toBe(400);
    expect(((await fr.json()) as any).errors[0]).toMatchObject({ message: expect.stringMatching(/^per_page doit être un nombre entier de 1 à \d+$/), extensions: { code: 'BAD_USER_INPUT' } });
    const en = await get('/hsds/services?per_page=0', 'en');
    expect(((await en.json()) as any).errors[0].message).toMatch(/^per_page must be a whole number from 1 to \d+$/);
    const ar = await get('/hsds/nothing-here', 'ar');
    expect(ar.status).toBe(404);
    expect(((await ar.json()) as any).errors[0].message).toMatch(/^غير موجود: تتيح واجهة HSDS/);
  });

  it('printable pages: a link is needed, in Arabic; a slip naming a service twice, in French', async () => {
    const page = await fetch(`${SERVER_URL()}/reports/service-slip?serviceIds=${randomUUID()}`, { headers: { 'accept-language': 'ar' } });
    expect(page.status).toBe(401);
    expect(await page.text()).toBe('أرسل رمز bearer، أو افتح رابطًا أنشأته العملية createServiceSlipLink');
    const id = randomUUID();
    const twice = await gqlAt('fr', 'mutation($s: [ID!]!) { createServiceSlipLink(serviceIds: $s) { url } }', { s: [id, id] }, caseManager);
    expect(codes(twice)).toEqual(['BAD_USER_INPUT']);
    expect(twice.errors![0].message).toBe('serviceIds : un service est indiqué deux fois');
  });
});
