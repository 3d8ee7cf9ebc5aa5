/**
 * Bytes on the wire for the README's main operations, against a running server:
 *   npm start                      # in another terminal (development: demo data, development secret)
 *   npm run bench:wire             # MRN_URL=http://127.0.0.1:4000, JWT_SECRET when the server has one
 * For each operation: the request body with its document, and with the hash alone (automatic persisted
 * query, once registered); the response body as sent without compression, with gzip and with brotli.
 * Answers with FORBIDDEN_FIELD errors (the inbox) are measured as they are: partial answers.
 * Bodies only (headers are about the same either way). Writes one fictional case and its referral per run (the referral with an idempotency key, so its repeats
 * are answered without a second write).
 * Prints a Markdown table (the README's "Slow links" section).
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import zlib from 'node:zlib';
import { signToken } from '../src/auth/jwt';
import { DEVELOPMENT_JWT_SECRET } from '../src/config';
import { users } from '../seed/demo-data';

const BASE = process.env.MRN_URL ?? 'http://127.0.0.1:4000';
const SECRET = process.env.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET;

interface Sent { status: number; encoding: string | undefined; bytes: number; body: any }

function post(body: string, token: string, acceptEncoding: string | null): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', authorization: `Bearer ${token}` };
    if (acceptEncoding) headers['accept-encoding'] = acceptEncoding;
    const req = http.request(`${BASE}/graphql`, { method: 'POST', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        const encoding = res.headers['content-encoding'];
        const text = (encoding === 'br' ? zlib.brotliDecompressSync(raw) : encoding === 'gzip' ? zlib.gunzipSync(raw) : raw).toString('utf8');
        resolve({ status: res.statusCode ?? 0, encoding, bytes: raw.length, body: JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

const tokenOf = (email: string) => {
  const u = users.find((x) => x.email === email)!;
  return signToken(SECRET, { sub: u.id, agency: u.agency, roles: u.roles, email: u.email, name: u.name }, '1h');
};

interface Operation { name: string; who: string; query: string; variables?: Record<string, unknown> | (() => Record<string, unknown>) }

const SERVICE_FIELDS = 'name agency { name } categories { code name } locations { name address area { name } } capacity { available total }';
const CM = 'amina.cm@iom-niger.example.org';
const FP = 'zeinabou.rfp@tenere-femmes.example.org';
const SC = 'abdoulaye.sc@referral-network.example.org';
const WOMEN = 'a0000000-0000-4000-8000-000000000009';
const SAFE_HOUSE = 'c0000000-0000-4000-8000-000000000021';
const GBV = 'f8000000-0000-4000-8000-000000000002';

async function main() {
  const tokens = Object.fromEntries(await Promise.all([CM, FP, SC].map(async (e) => [e, await tokenOf(e)] as const)));
  const once = async (query: string, variables: Record<string, unknown>, who: string) => {
    const r = await post(JSON.stringify({ query, variables }), tokens[who], null);
    if (r.body.errors) throw new Error(`${query.slice(0, 60)}: ${JSON.stringify(r.body.errors)}`);
    return r.body.data;
  };
  const niger = (await once('{ areas(filter: { countryCode: "NE", level: COUNTRY }) { edges { node { id } } } }', {}, SC)).areas.edges[0].node.id;
  // the case the referral is about: a fictional one, registered as in the README (not measured)
  const caseId = (await once('mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }', { i: {
    person: { givenName: 'Wire', familyName: 'Example', dateOfBirth: '2000-01-01', phone: '+227 90 00 00 99', sex: 'FEMALE', languages: ['ha'], protectionConcerns: 'Fictional: measured by bench/wire-bytes.ts' },
    consent: { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'ha', interpreterUsed: true, purposes: ['REGISTRATION', 'REFERRAL'], recipientAgencyIds: [WOMEN], categories: ['IDENTITY', 'CONTACT', 'DEMOGRAPHICS', 'PROTECTION'], evidenceReference: 'bench wire bytes' },
  } }, CM)).registerCase.id;
  const key = `wire-bytes-${caseId}`;

  const operations: Operation[] = [
    { name: 'who am I (`me`, `myAgency`)', who: CM, query: '{ me { userId agencyId roles } myAgency { name } }' },
    {
      name: 'directory search, 20 services in Niger', who: CM,
      query: `query Search($f: ServiceFilter) { services(filter: $f, first: 20) { totalCount edges { distanceKm node { ${SERVICE_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
      variables: { f: { countryCode: 'NE' } },
    },
    {
      name: 'search near Agadez (README example)', who: CM,
      query: `query($f: ServiceFilter) { services(filter: $f, first: 10) { totalCount edges { distanceKm node { ${SERVICE_FIELDS} } } pageInfo { hasNextPage endCursor } } }`,
      variables: { f: { near: { latitude: 16.97, longitude: 7.99, radiusKm: 50 } } },
    },
    {
      name: 'sendReferral (README example)', who: CM,
      // with an idempotency key: each repeat is answered with the first one's answer, nothing is sent twice
      query: 'mutation($input: SendReferralInput!, $key: String) { sendReferral(input: $input, idempotencyKey: $key) { id status disclosedFields responseDueAt outsideMou } }',
      variables: () => ({ input: { caseId, serviceId: SAFE_HOUSE, priority: 'URGENT', reasons: 'needs a safe place tonight' }, key }),
    },
    {
      name: 'referral inbox (README example)', who: FP,
      query: '{ referralInbox(filter: { status: [SENT] }) { totalCount edges { node { id priority overdue responseDueAt case { caseCode givenName phone protectionConcerns healthInformation } } } } }',
    },
    {
      name: 'pathwayCoverage, Niger by district (README example)', who: SC,
      query: 'query($p: ID!, $a: ID!) { pathwayCoverage(pathwayId: $p, areaId: $a, level: DISTRICT) { areas { area { name } coveredShare steps { status serviceId mouId sopId } } gaps { area { name } stepTitle status } } }',
      variables: { p: GBV, a: niger },
    },
  ];

  const rows: string[] = [];
  let before = 0;
  let after = 0;
  for (const op of operations) {
    const variables = typeof op.variables === "function" ? op.variables() : op.variables ?? {};
    const hash = createHash('sha256').update(op.query).digest('hex');
    const extensions = { persistedQuery: { version: 1, sha256Hash: hash } };
    const full = JSON.stringify({ query: op.query, variables });
    const hashOnly = JSON.stringify({ variables, extensions });
    // an APQ client's first request: the document with its hash, which registers it
    const registered = await post(JSON.stringify({ query: op.query, variables, extensions }), tokens[op.who], 'br, gzip');
    if (!registered.body.data) throw new Error(`${op.name}: ${JSON.stringify(registered.body.errors)}`);
    const plain = await post(full, tokens[op.who], null);
    if (!plain.body.data) throw new Error(`${op.name}: ${JSON.stringify(plain.body.errors)}`);
    const gzip = (await post(full, tokens[op.who], 'gzip')).bytes;
    const br = (await post(full, tokens[op.who], 'br, gzip')).bytes;
    // from now on the hash alone is answered, with the same answer
    const byHash = await post(hashOnly, tokens[op.who], 'br, gzip');
    if (!byHash.body.data || JSON.stringify(byHash.body.data) !== JSON.stringify(plain.body.data)) throw new Error(`${op.name} by hash: ${JSON.stringify(byHash.body.errors ?? 'another answer')}`);
    const reqFull = Buffer.byteLength(full);
    const reqHash = Buffer.byteLength(hashOnly);
    before += reqFull + plain.bytes;
    after += reqHash + byHash.bytes;
    rows.push(`| ${op.name} | ${reqFull.toLocaleString('en')} | ${reqHash.toLocaleString('en')} | ${plain.bytes.toLocaleString('en')} | ${gzip.toLocaleString('en')} | ${br.toLocaleString('en')} | ${Math.round(100 * (1 - (reqHash + byHash.bytes) / (reqFull + plain.bytes)))}% |`);
  }
  console.log('| Operation | Request with document | Request, hash only (APQ) | Response, uncompressed | gzip | brotli | Saved (request + response) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) console.log(r);
  console.log(`| **all of the above** | | | | | | **${Math.round(100 * (1 - after / before))}%** (${before.toLocaleString('en')} → ${after.toLocaleString('en')} bytes) |`);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
