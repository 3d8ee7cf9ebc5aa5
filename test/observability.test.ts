import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { CASE, REFERRAL } from '../seed/cases-data';
import { PATHWAY } from '../seed/pathways-data';
import { gql, ok, SERVER_URL, tokenFor } from './support/client';
import { rawGraphql, rawRequest } from './support/raw-http';

const SEARCH = `query OpsSearch { services(first: 20) { edges { node { id name description agency { name } categories { code name } } } } }`;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const metricsToken = () => process.env.MRN_TEST_METRICS_TOKEN!;

async function scrape(): Promise<string> {
  const r = await rawRequest(`${SERVER_URL()}/metrics`, { headers: { authorization: `Bearer ${metricsToken()}` } });
  expect(r.status).toBe(200);
  expect(r.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
  return r.text;
}

/** The value of one sample (0 when absent): `name{labels}` exactly as exposed. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  const want = Object.entries(labels);
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    const m = /^([^{\s]+)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = Object.fromEntries([...(m[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((x) => [x[1], x[2]]));
    if (want.every(([k, v]) => got[k] === v)) return Number(m[3]);
  }
  return 0;
}

describe('compression', () => {
  let token: string;
  beforeAll(async () => { token = await tokenFor('amina.cm@iom-niger.example.org'); });

  it('sends brotli or gzip as the client accepts, and the decoded answer is the same', async () => {
    const headers = { authorization: `Bearer ${token}` };
    const plain = await rawGraphql(SERVER_URL(), { query: SEARCH }, headers);
    const br = await rawGraphql(SERVER_URL(), { query: SEARCH }, { ...headers, 'accept-encoding': 'br' });
    const gzip = await rawGraphql(SERVER_URL(), { query: SEARCH }, { ...headers, 'accept-encoding': 'gzip' });
    const both = await rawGraphql(SERVER_URL(), { query: SEARCH }, { ...headers, 'accept-encoding': 'gzip, deflate, br' });
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(br.headers['content-encoding']).toBe('br');
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(both.headers['content-encoding']).toBe('br'); // brotli first when both are accepted
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(plain.json.data.services.edges.length).toBeGreaterThan(5);
    for (const r of [br, gzip, both]) expect(r.json).toEqual(plain.json);
    expect(plain.wireBytes).toBeGreaterThan(1024);
    expect(br.wireBytes).toBeLessThan(plain.wireBytes / 3);
    expect(gzip.wireBytes).toBeLessThan(plain.wireBytes / 3);
  });

  it('leaves answers below the threshold (1 KB) and refusals of encodings alone', async () => {
    const small = await rawGraphql(SERVER_URL(), { query: '{ me { userId } }' }, { authorization: `Bearer ${token}`, 'accept-encoding': 'br, gzip' });
    expect(small.status).toBe(200);
    expect(small.headers['content-encoding']).toBeUndefined();
    const identity = await rawGraphql(SERVER_URL(), { query: SEARCH }, { authorization: `Bearer ${token}`, 'accept-encoding': 'identity' });
    expect(identity.headers['content-encoding']).toBeUndefined();
    expect(identity.json.data.services.edges.length).toBeGreaterThan(5);
  });
});

describe('automatic persisted queries', () => {
  it('answers a known hash without the document: unknown hash first, then registered with the document, then by hash alone', async () => {
    const token = await tokenFor('amina.cm@iom-niger.example.org');
    // a document of this run only, so that no other test registered it
    const query = `query Apq${Date.now().toString(36).replace(/\d/g, (d) => 'abcdefghij'[Number(d)])} { me { userId roles } }`;
    const extensions = { persistedQuery: { version: 1, sha256Hash: sha256(query) } };
    const headers = { authorization: `Bearer ${token}` };

    const unknown = await rawGraphql(SERVER_URL(), { extensions }, headers);
    expect(unknown.json.errors?.[0].extensions?.code).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect(unknown.json.data).toBeUndefined();

    const registered = await rawGraphql(SERVER_URL(), { query, extensions }, headers);
    expect(registered.json.errors).toBeUndefined();
    const byHash = await rawGraphql(SERVER_URL(), { extensions }, headers);
    expect(byHash.status).toBe(200);
    expect(byHash.json).toEqual(registered.json);
    expect(byHash.json.data.me.roles).toEqual(['CASE_MANAGER']);

    // a hash that is not the document's is refused, and registers nothing
    const wrong = await rawGraphql(SERVER_URL(), { query: '{ me { userId } }', extensions: { persistedQuery: { version: 1, sha256Hash: sha256('something else') } } }, headers);
    expect(wrong.status).toBe(400);
    expect(wrong.json.errors?.[0].message).toMatch(/provided sha does not match query/i);

    // the refusals of the request still apply to a persisted query: no token, no answer
    const anonymous = await rawGraphql(SERVER_URL(), { extensions });
    expect(anonymous.json.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });
});

describe('request ids', () => {
  it('names every response, GraphQL or not, with a fresh id unless the caller sent one', async () => {
    const ids = new Set<string>();
    for (const path of ['/healthz', '/readyz', '/no-such-page', '/graphql']) {
      const r = await rawRequest(`${SERVER_URL()}${path}`, path === '/graphql' ? { body: '{"query":"{ __typename }"}', headers: { 'content-type': 'application/json' } } : {});
      expect(r.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
      ids.add(r.headers['x-request-id'] as string);
    }
    expect(ids.size).toBe(4);
  });

  it('continues the trace of a W3C traceparent and refuses malformed ones', async () => {
    const traceId = createHash('md5').update(`trace ${Date.now()}`).digest('hex');
    const traced = await rawRequest(`${SERVER_URL()}/healthz`, { headers: { traceparent: `00-${traceId}-00f067aa0ba902b7-01` } });
    expect(traced.headers['x-request-id']).toBe(traceId);
    for (const bad of [`00-${'0'.repeat(32)}-00f067aa0ba902b7-01`, `ff-${traceId}-00f067aa0ba902b7-01`, `00-${traceId}-0000000000000000-01`, 'not a traceparent', `00-${traceId.toUpperCase()}-00f067aa0ba902b7-01`]) {
      const r = await rawRequest(`${SERVER_URL()}/healthz`, { headers: { traceparent: bad } });
      expect(r.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
      expect(r.headers['x-request-id']).not.toBe(traceId);
    }
    // a proxy's own request id is kept when it is a plain token, replaced otherwise
    expect((await rawRequest(`${SERVER_URL()}/healthz`, { headers: { 'x-request-id': 'lb-7f3a9c21-0001' } })).headers['x-request-id']).toBe('lb-7f3a9c21-0001');
    expect((await rawRequest(`${SERVER_URL()}/healthz`, { headers: { 'x-request-id': 'a b"c\\n{}' } })).headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  });

  it('writes the request id in the log lines of the request', async () => {
    const token = await tokenFor('amina.cm@iom-niger.example.org');
    const r = await gql('query LoggedWithId { me { userId } }', {}, token);
    const id = r.headers.get('x-request-id')!;
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    // the server's output reaches the log file through a pipe: read until the request's line is there
    const linesOf = () => fs.readFileSync(process.env.MRN_TEST_LOG!, 'utf8').split('\n').filter((l) => l.includes(id)).map((l) => JSON.parse(l));
    let lines = linesOf();
    for (let i = 0; i < 100 && !lines.some((l) => l.msg === 'graphql request'); i++) {
      await new Promise((r) => setTimeout(r, 50));
      lines = linesOf();
    }
    expect(lines).toEqual(expect.arrayContaining([expect.objectContaining({ msg: 'graphql request', operation: 'LoggedWithId', requestId: id })]));
  });
});

describe('/metrics', () => {
  it('is refused without its token, with a wrong one, and with a user token', async () => {
    expect((await rawRequest(`${SERVER_URL()}/metrics`)).status).toBe(401);
    expect((await rawRequest(`${SERVER_URL()}/metrics`, { headers: { authorization: 'Bearer not-the-metrics-token' } })).status).toBe(401);
    const user = await tokenFor('nadia.admin@referral-network.example.org');
    const refused = await rawRequest(`${SERVER_URL()}/metrics`, { headers: { authorization: `Bearer ${user}` } });
    expect(refused.status).toBe(401);
    expect(refused.text).not.toMatch(/mrn_/);
  });

  it('counts requests by operation and outcome, cache hits, disclosure refusals by reason, audit events, and shows pool and outbox', async () => {
    const amina = await tokenFor('amina.cm@iom-niger.example.org');
    const moussa = await tokenFor('moussa.cm@iom-niger.example.org');
    const before = await scrape();

    // the same search again is answered from the cache, unless a directory write of another test file emptied
    // the cache in between: then once more (bounded)
    let searches = 0;
    for (let tries = 0; tries < 5; tries++) {
      ok(await gql(SEARCH, {}, amina));
      ok(await gql(SEARCH, {}, amina));
      searches += 2;
      const hits = sample(await scrape(), 'mrn_directory_cache_lookups_total', { result: 'hit' }) - sample(before, 'mrn_directory_cache_lookups_total', { result: 'hit' });
      if (hits >= 1) break;
    }
    // a colleague not assigned the case sees its summary only: the name is refused (NEED_TO_KNOW)
    const refused = await gql('query OpsReadCase($id: ID!) { case(id: $id) { caseCode givenName } }', { id: CASE.AICHA }, moussa);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'FORBIDDEN_FIELD', reason: 'NEED_TO_KNOW' });
    const unauthenticated = await gql('query OpsNoToken { me { userId } }');
    expect(unauthenticated.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    // a write and its audit event
    const admin = await tokenFor('fatimata.admin@iom-niger.example.org');
    ok(await gql('mutation { verifyService(id: "c0000000-0000-4000-8000-000000000001", note: "metrics test") { id } }', {}, admin));

    // a receiver reads a referral's case: the agreements of its two agencies are looked up (kept or read again)
    const receiver = await tokenFor('zeinabou.rfp@tenere-femmes.example.org');
    expect(ok(await gql('query OpsReferral($id: ID!) { referral(id: $id) { case { givenName } } }', { id: REFERRAL.ACCEPTED }, receiver)).referral.case.givenName).toEqual(expect.any(String));
    // a steering committee member reads a pathway's coverage twice: looked up in the coverage cache each time
    const steering = await tokenFor('abdoulaye.sc@referral-network.example.org');
    const niger = ok(await gql('{ areas(first: 5, filter: { countryCode: "NE", level: COUNTRY }) { edges { node { id } } } }', {}, steering)).areas.edges[0].node.id;
    for (let i = 0; i < 2; i++) ok(await gql('query OpsCoverage($p: ID!, $a: ID!) { pathwayCoverage(pathwayId: $p, areaId: $a, level: REGION) { areas { coveredShare } } }', { p: PATHWAY.GBV, a: niger }, steering));

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string> = {}) => sample(after, name, labels) - sample(before, name, labels);
    const lookups = (name: string) => delta(name, { result: 'hit' }) + delta(name, { result: 'miss' });
    expect(lookups('mrn_agreement_pairs_lookups_total')).toBeGreaterThanOrEqual(1);
    expect(lookups('mrn_coverage_cache_lookups_total')).toBeGreaterThanOrEqual(2);
    expect(delta('mrn_graphql_requests_total', { operation: 'OpsSearch', outcome: 'OK' })).toBe(searches);
    expect(delta('mrn_graphql_requests_total', { operation: 'OpsReadCase', outcome: 'FORBIDDEN_FIELD' })).toBe(1);
    expect(delta('mrn_graphql_requests_total', { operation: 'OpsNoToken', outcome: 'UNAUTHENTICATED' })).toBe(1);
    // an unnamed operation is counted under its type and root field; other test files send the same one meanwhile
    expect(delta('mrn_graphql_requests_total', { operation: 'anonymous mutation verifyService', outcome: 'OK' })).toBeGreaterThanOrEqual(1);
    expect(delta('mrn_graphql_request_duration_seconds_count', { operation: 'OpsSearch' })).toBe(searches);
    expect(delta('mrn_directory_cache_lookups_total', { result: 'hit' })).toBeGreaterThanOrEqual(1);
    expect(delta('mrn_disclosure_refusals_total', { reason: 'NEED_TO_KNOW' })).toBeGreaterThanOrEqual(1);
    expect(delta('mrn_audit_events_written_total', { action: 'service.verified' })).toBeGreaterThanOrEqual(1);
    expect(delta('mrn_http_request_duration_seconds_count', { route: '/graphql', method: 'POST', status: '200' })).toBeGreaterThanOrEqual(4);

    // the pool and its waits, the outbox and its age
    expect(sample(after, 'mrn_db_pool_max_connections')).toBeGreaterThanOrEqual(1);
    expect(sample(after, 'mrn_db_pool_open_connections')).toBeGreaterThanOrEqual(1);
    expect(after).toMatch(/^mrn_db_pool_waiting_requests \d+$/m);
    expect(sample(after, 'mrn_db_pool_acquire_seconds_count')).toBeGreaterThan(sample(before, 'mrn_db_pool_acquire_seconds_count'));
    expect(after).toMatch(/^mrn_webhook_outbox_pending \d+$/m);
    expect(after).toMatch(/^mrn_webhook_outbox_oldest_age_seconds [\d.e+-]+$/m);
    expect(after).toMatch(/^process_cpu_seconds_total /m);
  });

  it('holds no ids, e-mail addresses or personal values in its labels', async () => {
    const text = await scrape();
    const values = [...text.matchAll(/\{([^}]*)\}/g)].flatMap((m) => [...m[1].matchAll(/\w+="((?:[^"\\]|\\.)*)"/g)].map((x) => x[1]));
    expect(values.length).toBeGreaterThan(20);
    const suspicious = values.filter((v) => /[0-9a-f]{8}-[0-9a-f]{4}-|@|\d{6,}|Aicha|Amina/i.test(v));
    expect(suspicious).toEqual([]);
  });
});
