import { randomUUID } from 'node:crypto';
import { Role } from '../src/auth/roles';
import { AGENCY } from '../seed/demo-data';
import { codes, gql, ok, SERVER_URL, tokenFor, type GqlResult } from './support/client';

/**
 * The coverage cache over HTTP (src/coverage/cache.ts, response-cache.ts): a cached answer is the fresh one,
 * every kind of write that changes an answer shows in the very next one, and no viewer gets an answer made
 * for a viewer the rule treats otherwise.
 *
 * Self-contained: a country of its own (a fresh code) with two districts, one pathway, two agencies. Other
 * test files write to the same server meanwhile, and each of their directory or agreement writes empties
 * the cache: so "cached" is checked on a pair of requests with no write between them, retried until one
 * such pair comes (never a timing).
 */

const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
const DOC = { url: 'https://documents.example.org/signed-cache-mou.pdf', sha256: 'ef'.repeat(32) };
let seq = 0;

let networkAdmin: string;
let steering: string;
const sc = {
  country: { id: '', code: '' }, region: { id: '', code: '' }, d1: { id: '', code: '' }, d2: { id: '', code: '' },
  provider: { id: '', admin: '' }, partner: { id: '', admin: '' },
  pathwayId: '', s1: '',
};

const COVERAGE = `query Cached($p: ID!, $a: ID!, $l: AreaLevel!) { pathwayCoverage(pathwayId: $p, areaId: $a, level: $l) {
  level computedAt pathway { id name } steps { position title categoryCode required }
  areas { area { id code name } requiredSteps requiredCovered coveredShare steps { position status serviceIds serviceId mouId sopId } }
  gaps { area { code } position stepTitle required status } } }`;

const read = (token = steering, headers: Record<string, string> = {}) =>
  gql(COVERAGE, { p: sc.pathwayId, a: sc.country.id, l: 'DISTRICT' }, token, headers);
const answer = (r: GqlResult) => ok(r).pathwayCoverage;
/** Status of each district, by code, step by step. */
const statuses = (report: any) => Object.fromEntries(report.areas.map((a: any) => [a.area.code, a.steps.map((s: any) => s.status)]));
const withoutTime = (report: any) => ({ ...report, computedAt: undefined });

/** Two reads with no write between them: the second served from the cache. Returns both. */
async function cachedPair(token = steering, headers: Record<string, string> = {}) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const first = await read(token, headers);
    const second = await read(token, headers);
    if (second.headers.get('x-coverage-cache') === 'hit') return { first, second };
  }
  throw new Error('no two reads in a row without a write in between');
}

async function createArea(input: Record<string, unknown>) {
  return ok(await gql(`mutation($input: CreateAreaInput!) { createArea(input: $input) { id code } }`, { input }, networkAdmin)).createArea as { id: string; code: string };
}

async function createCountry() {
  const letters = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const candidates = ['Q', 'X'].flatMap((f) => [...letters].map((l) => f + l)).sort(() => Math.random() - 0.5);
  for (const code of candidates) {
    const r = await gql(`mutation($input: CreateAreaInput!) { createArea(input: $input) { id code } }`,
      { input: { code, level: 'COUNTRY', names: [{ lang: 'en', text: `Cacheland ${code}` }] } }, networkAdmin);
    if (!r.errors?.length) return r.data.createArea as { id: string; code: string };
    if (codes(r)[0] !== 'CONFLICT') throw new Error(`createArea ${code}: ${JSON.stringify(r.errors)}`);
  }
  throw new Error('no unused country code left');
}

async function newAgency(label: string) {
  const id = ok(await gql(`mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
    { input: { names: [{ lang: 'en', text: `Cache ${label} ${run}` }], type: 'NATIONAL_NGO', countryCode: 'NE', languages: ['fr'], fictional: true } },
    networkAdmin)).createAgency.id as string;
  return { id, admin: await tokenFor({ sub: randomUUID(), agency: id, roles: [Role.AGENCY_ADMIN] }) };
}

async function serviceIn(districtId: string) {
  const { provider } = sc;
  const locationId = ok(await gql(`mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`,
    { input: { agencyId: provider.id, names: [{ lang: 'en', text: `Cache office ${++seq}` }], facilityType: 'OTHER', areaId: districtId } }, provider.admin)).createLocation.id;
  const id = ok(await gql(`mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`,
    { input: { agencyId: provider.id, names: [{ lang: 'en', text: `Cache service ${++seq} ${run}` }], populations: ['ALL'], categoryCodes: ['legal.documentation'], locationIds: [locationId] } },
    provider.admin)).createService.id as string;
  ok(await gql(`mutation($id: ID!) { verifyService(id: $id, note: "checked") { id } }`, { id }, provider.admin));
  return id;
}

beforeAll(async () => {
  networkAdmin = await tokenFor('nadia.admin@referral-network.example.org');
  steering = await tokenFor('abdoulaye.sc@referral-network.example.org');
  sc.country = await createCountry();
  const cc = sc.country.code;
  sc.region = await createArea({ code: `${cc}-R1`, level: 'REGION', parentId: sc.country.id, names: [{ lang: 'en', text: `Cache region ${cc}` }] });
  sc.d1 = await createArea({ code: `${cc}-R1-D1`, level: 'DISTRICT', parentId: sc.region.id, names: [{ lang: 'en', text: `Cache district one ${cc}` }, { lang: 'fr', text: `Département un ${cc}` }] });
  sc.d2 = await createArea({ code: `${cc}-R1-D2`, level: 'DISTRICT', parentId: sc.region.id, names: [{ lang: 'en', text: `Cache district two ${cc}` }] });
  sc.provider = await newAgency('provider');
  sc.partner = await newAgency('partner');
  sc.pathwayId = ok(await gql(`mutation($input: PathwayInput!) { createPathway(input: $input) { id } }`, { input: {
    name: `Cache pathway ${run}`, populations: ['VICTIMS_OF_TRAFFICKING'], steps: [{ title: 'Identity documents', categoryCode: 'legal.documentation', required: true }],
  } }, steering)).createPathway.id;
  sc.s1 = await serviceIn(sc.d1.id);
}, 240_000);

describe('coverage cache', () => {
  it('serves a repeated request from memory, with fewer statements, the same as a fresh answer', async () => {
    const pathway = ok(await gql(`query($id: ID!) { pathway(id: $id) { name populations steps { title categoryCode required } } }`, { id: sc.pathwayId }, steering)).pathway;
    // a write that changes nothing still empties the cache: the next answer is computed afresh
    const emptyCache = async () => ok(await gql(`mutation($id: ID!, $input: PathwayInput!) { updatePathway(id: $id, input: $input) { id } }`, { id: sc.pathwayId, input: pathway }, steering));
    let fresh: GqlResult = null as unknown as GqlResult;
    let cached: GqlResult = null as unknown as GqlResult;
    for (let attempt = 0; attempt < 20; attempt++) {
      await emptyCache();
      fresh = await read();
      cached = await read();
      if (cached.headers.get('x-coverage-cache') === 'hit') break;
    }
    expect(fresh.headers.get('x-coverage-cache')).toBe('miss');
    expect(fresh.statements).toBeGreaterThan(0);
    expect(cached.headers.get('x-coverage-cache')).toBe('hit');
    expect(cached.statements).toBe(0);
    expect(answer(cached)).toEqual(answer(fresh));
    expect(statuses(answer(cached))).toEqual({ [sc.d1.code]: ['NO_AGREEMENT'], [sc.d2.code]: ['GAP'] });
    // and the same as an answer computed independently afterwards (but for the time it was computed at)
    await emptyCache();
    const again = await read();
    expect(again.statements).toBeGreaterThan(0);
    expect(withoutTime(answer(again))).toEqual(withoutTime(answer(cached)));
  });

  it('a request selecting other fields shares the cached answer without re-reading the services', async () => {
    for (let attempt = 0; ; attempt++) {
      await cachedPair();
      // a document of its own each time: never a response kept by an earlier attempt
      const other = await gql(`query Other${attempt}($p: ID!, $a: ID!) { pathwayCoverage(pathwayId: $p, areaId: $a, level: DISTRICT) { areas { area { code } coveredShare } } }`,
        { p: sc.pathwayId, a: sc.country.id }, steering);
      expect(ok(other).pathwayCoverage.areas).toHaveLength(2);
      // another document: executed, its answer from memory (unless a write of another test file came between)
      if (other.statements === 0 || attempt > 10) {
        expect(other.statements).toBe(0);
        expect(other.headers.get('x-coverage-cache')).toBe('miss');
        return;
      }
    }
  });

  it('identical requests arriving together compute the answer once', async () => {
    for (let attempt = 0; ; attempt++) {
      // empty the cache (a write that changes no answer), then five requests at once
      ok(await gql(`mutation($id: ID!) { verifyService(id: $id, note: "checked again") { id } }`, { id: sc.s1 }, sc.provider.admin));
      const together = await Promise.all([1, 2, 3, 4, 5].map(() => read()));
      const alone = await read();
      for (const r of together) expect(answer(r)).toEqual(answer(together[0]));
      const statements = together.map((r) => r.statements);
      // one request ran the computation's statements; the others waited for it (0 statements); the next one is
      // served from memory too, unless a write of another test file came between (then again)
      if ((statements.filter((n) => n > 0).length === 1 && alone.statements === 0) || attempt > 10) {
        expect(statements.filter((n) => n > 0)).toHaveLength(1);
        expect(alone.statements).toBe(0);
        return;
      }
    }
  });

  it('shows each kind of write in the very next answer', async () => {
    const { provider, partner } = sc;
    const expectNext = async (write: () => Promise<unknown>, expected: Record<string, string[]>) => {
      await cachedPair();
      await write();
      const next = await read();
      expect(next.headers.get('x-coverage-cache')).not.toBe('hit');
      expect(statuses(answer(next))).toEqual(expected);
      return answer(next);
    };
    const { d1, d2 } = sc;

    // a service covering the step opens in the district that had none
    let s2 = '';
    await expectNext(async () => { s2 = await serviceIn(d2.id); }, { [d1.code]: ['NO_AGREEMENT'], [d2.code]: ['NO_AGREEMENT'] });

    // an MoU between the provider and a partner, signed by both
    const mouId = ok(await gql(`mutation($input: CreateMouInput!) { createMou(input: $input) { id } }`,
      { input: { referenceNumber: `MOU-CACHE-${run}`, title: 'Cache MoU', partyIds: [provider.id, partner.id], categoryCodes: ['legal'] } }, provider.admin)).createMou.id;
    const sign = (who: string) => gql(`mutation($input: SignMouInput!) { signMou(input: $input) { status } }`,
      { input: { id: mouId, signedOn: day(0), effectiveFrom: day(0), expiresOn: day(365), document: DOC } }, who);
    // signed by one party only: no change (yet the answer is computed afresh)
    await expectNext(async () => ok(await sign(provider.admin)), { [d1.code]: ['NO_AGREEMENT'], [d2.code]: ['NO_AGREEMENT'] });
    await expectNext(async () => expect(ok(await sign(partner.admin)).signMou.status).toBe('ACTIVE'), { [d1.code]: ['NO_SOP'], [d2.code]: ['NO_SOP'] });

    // an SOP of the provider for the category
    const report = await expectNext(async () => ok(await gql(`mutation($input: PublishSopInput!) { publishSop(input: $input) { id } }`,
      { input: { ownerAgencyId: provider.id, title: `Cache SOP ${run}`, categoryCodes: ['legal'], steps: [{ title: 'Receive' }], normalResponseHours: 72, effectiveFrom: day(0), reviewDue: day(365) } },
      provider.admin)), { [d1.code]: ['COVERED'], [d2.code]: ['COVERED'] });
    expect(report.areas.find((a: any) => a.area.code === d2.code).steps[0]).toMatchObject({ serviceId: s2, mouId });

    // no places left, then places again
    await expectNext(async () => ok(await gql(`mutation($id: ID!) { updateServiceCapacity(id: $id, available: 0, total: 4) { id } }`, { id: s2 }, provider.admin)),
      { [d1.code]: ['COVERED'], [d2.code]: ['NO_CAPACITY'] });
    await expectNext(async () => ok(await gql(`mutation($id: ID!) { updateServiceCapacity(id: $id, available: 2, total: 4) { id } }`, { id: s2 }, provider.admin)),
      { [d1.code]: ['COVERED'], [d2.code]: ['COVERED'] });

    // the service closes
    await expectNext(async () => ok(await gql(`mutation($id: ID!) { setServiceStatus(id: $id, status: INACTIVE, reason: "office closed") { status } }`, { id: s2 }, provider.admin)),
      { [d1.code]: ['COVERED'], [d2.code]: ['GAP'] });

    // the MoU is terminated
    await expectNext(async () => ok(await gql(`mutation($id: ID!) { terminateMou(id: $id, reason: "ended by the parties") { status } }`, { id: mouId }, provider.admin)),
      { [d1.code]: ['NO_AGREEMENT'], [d2.code]: ['GAP'] });

    // the pathway gains a step
    const changed = await expectNext(async () => ok(await gql(`mutation($id: ID!, $input: PathwayInput!) { updatePathway(id: $id, input: $input) { id } }`, { id: sc.pathwayId, input: {
      name: `Cache pathway ${run}`, populations: ['VICTIMS_OF_TRAFFICKING'],
      steps: [{ title: 'Identity documents', categoryCode: 'legal.documentation' }, { title: 'Shelter', categoryCode: 'shelter', required: false }],
    } }, steering)), { [d1.code]: ['NO_AGREEMENT', 'GAP'], [d2.code]: ['GAP', 'GAP'] });
    expect(changed.steps.map((s: any) => s.title)).toEqual(['Identity documents', 'Shelter']);

    // a new district
    await cachedPair();
    const d3 = await createArea({ code: `${sc.country.code}-R1-D3`, level: 'DISTRICT', parentId: sc.region.id, names: [{ lang: 'en', text: `Cache district three ${run}` }] });
    expect(answer(await read()).areas.map((a: any) => a.area.code)).toEqual([d1.code, d2.code, d3.code]);
  });

  it('gives every viewer the rule lets in the same answer, in their own language, and refuses the others even when it is cached', async () => {
    const otherAgencyAdmin = await tokenFor({ sub: randomUUID(), agency: AGENCY.SAHEL_HEALTH, roles: [Role.AGENCY_ADMIN] });
    for (let attempt = 0; ; attempt++) {
      const { second } = await cachedPair(steering);
      const admin = await read(otherAgencyAdmin);
      const providerAdmin = await read(sc.provider.admin);
      if (![admin, providerAdmin].every((r) => r.statements === 0) && attempt < 10) continue;
      // the answer depends on no viewer's agency: the same, from the same computation
      expect(answer(admin)).toEqual(answer(second));
      expect(answer(providerAdmin)).toEqual(answer(second));
      break;
    }
    // roles the rule refuses are refused, whatever the cache holds
    for (const roles of [[Role.CASE_MANAGER], [Role.REFERRAL_FOCAL_POINT], [Role.DATA_PROTECTION_OFFICER]]) {
      const r = await read(await tokenFor({ sub: randomUUID(), agency: sc.provider.id, roles }));
      expect(codes(r)).toEqual(['FORBIDDEN']);
      expect(r.data).toBeNull();
    }
    expect(codes(await read(null as unknown as string))).toEqual(['UNAUTHENTICATED']);
    // names in the language asked for, from the same cached answer
    const english = answer((await cachedPair(steering)).second);
    const french = answer(await read(steering, { 'accept-language': 'fr' }));
    const name = (report: any) => report.areas.find((a: any) => a.area.code === sc.d1.code).area.name;
    expect(name(english)).toBe(`Cache district one ${sc.country.code}`);
    expect(name(french)).toBe(`Département un ${sc.country.code}`);
    expect(statuses(french)).toEqual(statuses(english));
  });

  it('the coverage CSV reads the same cache and shows a write at once', async () => {
    const csv = async () => {
      const res = await fetch(`${SERVER_URL()}/reports/coverage.csv?pathway=${sc.pathwayId}&area=${sc.country.id}&level=DISTRICT`, { headers: { authorization: `Bearer ${steering}` } });
      expect(res.status).toBe(200);
      return res.text();
    };
    const row = (text: string, code: string) => text.split('\n').find((l) => l.startsWith(`${code},`));
    await cachedPair();
    const before = await csv();
    expect(row(before, sc.d1.code)).toContain('NO_AGREEMENT');
    // a new MoU, signed by both parties, for the provider's district-one service
    const mouId = ok(await gql(`mutation($input: CreateMouInput!) { createMou(input: $input) { id } }`,
      { input: { referenceNumber: `MOU-CACHE-CSV-${run}`, title: 'Cache CSV MoU', partyIds: [sc.provider.id, sc.partner.id], categoryCodes: ['legal.documentation'] } }, sc.provider.admin)).createMou.id;
    for (const who of [sc.provider.admin, sc.partner.admin]) {
      ok(await gql(`mutation($input: SignMouInput!) { signMou(input: $input) { status } }`,
        { input: { id: mouId, signedOn: day(0), effectiveFrom: day(0), expiresOn: day(365), document: DOC } }, who));
    }
    expect(row(await csv(), sc.d1.code)).toContain('COVERED');
  });
});
