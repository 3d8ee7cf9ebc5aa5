import { codes, gql, SERVER_URL, tokenFor } from './support/client';
import { AGENCY } from '../seed/demo-data';

describe('request limits, enforced before execution', () => {
  let token: string;
  beforeAll(async () => {
    token = await tokenFor('amina.cm@iom-niger.example.org');
  });

  it('refuses a query deeper than the limit, with no data and no SQL run', async () => {
    const deep = '{ services(first: 1) { edges { node { agency { services(first: 1) { edges { node { agency { services(first: 1) { edges { node { id } } } } } } } } } } } }';
    const r = await gql(deep, {}, token);
    expect(r.status).toBe(400);
    expect(r.data).toBeNull();
    expect(r.errors![0].message).toMatch(/depth/i);
    expect(r.statements).toBe(0);
  });

  it('refuses too many aliases', async () => {
    const aliases = Array.from({ length: 40 }, (_, i) => `a${i}: me { userId }`).join(' ');
    const r = await gql(`{ ${aliases} }`, {}, token);
    expect(r.data).toBeNull();
    expect(r.errors![0].message).toMatch(/alias/i);
  });

  it('refuses a query whose cost is over the limit', async () => {
    const wide = Array.from({ length: 8 }, (_, i) => `s${i}: services(first: 100) { edges { node { id name description agency { name } categories { code name } locations { name area { name } } } } }`).join(' ');
    const r = await gql(`{ ${wide} }`, {}, token);
    expect(r.data).toBeNull();
    expect(r.errors![0].message).toMatch(/cost/i);
    expect(r.statements).toBe(0);
  });

  it('refuses a request body over the size limit', async () => {
    const response = await fetch(`${SERVER_URL()}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: '{ me { userId } }', variables: { padding: 'x'.repeat(2 * 1024 * 1024) } }),
    });
    expect(response.status).toBe(413);
    const body = (await response.json()) as any;
    expect(body.errors[0].message).toMatch(/larger than/);
  });

  it('runs at most one costly field per request: refuses two, counting aliases and fragments, before any work', async () => {
    const admin = await tokenFor('nadia.admin@referral-network.example.org');
    const thirty = Array.from({ length: 30 }, (_, i) => `c${i}: verifyAuditChain { intact }`).join(' ');
    const documents = [
      `{ ${thirty} }`,
      '{ a: verifyAuditChain { intact } b: verifyAuditChain { intact } }',
      '{ verifyAuditChain { intact } ...More } fragment More on Query { again: verifyAuditChain { intact } }',
      '{ ... on Query { networkPerformance { __typename } } governanceAlerts { __typename } }',
      'query Q($d: Dataset!) { statistics(dataset: $d) { __typename } ...F } fragment F on Query { ... on Query { verifyAuditChain { intact } } }',
    ];
    for (const query of documents) {
      const r = await gql(query, { d: 'CASE_LOAD' }, admin);
      expect(r.status).toBe(400);
      expect(r.data).toBeNull();
      expect(codes(r)).toEqual(['BAD_USER_INPUT']);
      expect(r.errors![0].message).toMatch(/at most one of pathwayCoverage, statistics, networkPerformance, verifyAuditChain, governanceAlerts runs per request/);
      expect(r.statements).toBe(0);
    }
    // one is fine, and the same field spread twice under one name runs once
    expect(codes(await gql('{ verifyAuditChain { intact } ...F } fragment F on Query { verifyAuditChain { checked } }', {}, admin))).toEqual([]);
  });
});

describe('limits on servers of their own', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const os = require('node:os') as typeof import('node:os');
  const path = require('node:path') as typeof import('node:path');
  const { startServer } = require('./support/server') as typeof import('./support/server');
  const { signToken } = require('../src/auth/jwt') as typeof import('../src/auth/jwt');
  const { Role } = require('../src/auth/roles') as typeof import('../src/auth/roles');
  const secret = 'r'.repeat(40);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-limits-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const start = (name: string, env: Record<string, string | undefined>) =>
    startServer({ DATABASE_URL: undefined, DATA_DIR: path.join(dir, name), JWT_SECRET: secret, SEED_DEMO_DATA: 'false', ...env }, path.join(dir, `${name}.log`));
  const post = (url: string, token: string, body: unknown) =>
    fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const tokenOf = (sub: string, roles: import('../src/auth/roles').Role[] = []) => signToken(secret, { sub, agency: AGENCY.NETWORK_SECRETARIAT, roles });

  it('refuses a token past its per-minute budget with 429, without touching other tokens; batches and, when off, introspection are refused', async () => {
    const server = await start('memory', { RATE_LIMIT_PER_MINUTE: '5', INTROSPECTION: 'false', SEED_DEMO_DATA: 'true' });
    try {
      const busy = await tokenOf(`busy-${Date.now()}`);
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) statuses.push((await post(server.url, busy, { query: '{ me { userId } }' })).status);
      expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200]);
      expect(statuses.slice(5)).toEqual([429, 429]);
      const refused = await post(server.url, busy, { query: '{ me { userId } }' });
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
      expect(((await refused.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
      const other = await tokenOf(`calm-${Date.now()}`);
      expect((await post(server.url, other, { query: '{ me { userId } }' })).status).toBe(200);

      const batch = await post(server.url, await tokenOf(`batch-${Date.now()}`), [{ query: '{ me { userId } }' }, { query: '{ me { userId } }' }]);
      expect(batch.status).toBe(400);
      const introspection = await post(server.url, await tokenOf(`intro-${Date.now()}`), { query: '{ __schema { types { name } } }' });
      expect(((await introspection.json()) as any).errors[0].message).toMatch(/introspection/i);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('keys the budget on the verified person, gives invalid tokens a strict budget per address, charges costly fields their cost and limits the report routes', async () => {
    const { SignJWT } = await import('jose');
    const server = await start('keys', { RATE_LIMIT_PER_MINUTE: '5', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3', RATE_LIMIT_COSTLY_COST: '3', SEED_DEMO_DATA: 'true' });
    const ME = { query: '{ me { userId } }' };
    try {
      // the same person under five differently signed tokens (new iat, extra claims, spare signature bits altered) shares one budget
      const sub = `aliases-${Date.now()}`;
      const sign = (extra: Record<string, unknown>) => new SignJWT({ agency: AGENCY.NETWORK_SECRETARIAT, roles: [], ...extra }).setProtectedHeader({ alg: 'HS256' })
        .setSubject(sub).setIssuedAt().setExpirationTime('1h').sign(new TextEncoder().encode(secret));
      const tokens = await Promise.all([0, 1, 2, 3].map((i) => sign({ n: i })));
      const original = tokens[0];
      // the last base64url character of a 32-byte signature carries 2 spare bits: flipping them leaves the signature valid
      const last = original.at(-1)!;
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const aliased = original.slice(0, -1) + alphabet[alphabet.indexOf(last) ^ 1];
      const statuses: number[] = [];
      for (const t of [...tokens, aliased, await sign({ n: 9 })]) statuses.push((await post(server.url, t, ME)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);

      // invalid or missing tokens: each new random string does not get a budget of its own
      const anonymous: number[] = [];
      for (let i = 0; i < 4; i++) anonymous.push((await post(server.url, `x${i}.${Date.now()}`, ME)).status);
      anonymous.push((await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(ME) })).status);
      expect(anonymous).toEqual([401, 401, 401, 429, 429]);
      const refused = await post(server.url, 'yet-another-token', ME);
      expect(((await refused.json()) as any).errors[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' }, message: expect.stringMatching(/without a valid token/) });
      expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);

      // a costly field draws RATE_LIMIT_COSTLY_COST (3) of the 5 a minute: the second is refused before it runs
      const auditor = await tokenOf(`costly-${Date.now()}`, [Role.NETWORK_ADMIN]);
      const first = await post(server.url, auditor, { query: '{ verifyAuditChain { intact } }' });
      expect(first.status).toBe(200);
      const second = await post(server.url, auditor, { query: '{ verifyAuditChain { intact } }' });
      expect(second.status).toBe(429);
      const body = (await second.json()) as any;
      expect(body.data).toBeUndefined();
      expect(body.errors[0]).toMatchObject({ extensions: { code: 'RATE_LIMITED' }, message: expect.stringMatching(/counts as 3/) });
      expect(second.headers.get('retry-after')).toMatch(/^\d+$/);

      // the report routes draw on the same budget as /graphql
      const reader = await tokenOf(`reports-${Date.now()}`, [Role.STEERING_COMMITTEE]);
      const report = (path: string) => fetch(`${server.url}${path}`, { headers: { authorization: `Bearer ${reader}` } }).then((r) => r.status);
      expect(await post(server.url, reader, ME).then((r) => r.status)).toBe(200);
      const reports: number[] = [];
      for (let i = 0; i < 3; i++) reports.push(await report('/reports/coverage?area=x'));
      reports.push(await report('/reports/coverage.csv?area=x'));
      reports.push(await report('/reports/coverage.csv?area=x'));
      expect(reports).toEqual([400, 400, 400, 400, 429]);
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('does not suggest names of the schema in production error messages', async () => {
    const server = await start('production', { NODE_ENV: 'production', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '100', STATS_PERTURBATION_KEY: 'p'.repeat(40) });
    try {
      for (const query of ['{ statistics(dataset: CASE_LOD) { __typename } }', '{ servics { totalCount } }', '{ services(first: 1, filter: { agencyTypez: [OTHER] }) { totalCount } }']) {
        const response = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) });
        expect(response.status).toBe(400);
        const body = (await response.json()) as any;
        expect(body.errors.length).toBeGreaterThan(0);
        for (const e of body.errors) {
          expect(e.message).not.toMatch(/did you mean|CASE_LOAD|"services"|agencyTypes/i);
          expect(['BAD_USER_INPUT', 'GRAPHQL_VALIDATION_FAILED']).toContain(e.extensions.code);
        }
      }
    } finally {
      await server.stop();
    }
  }, 120_000);

  it('shares one budget across server instances through Redis (REDIS_URL)', async () => {
    const env = { RATE_LIMIT_PER_MINUTE: '4', REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379', SEED_DEMO_DATA: 'true' };
    const [a, b] = await Promise.all([start('redis-a', env), start('redis-b', env)]);
    try {
      const token = await tokenOf(`shared-${Date.now()}-${Math.random()}`);
      const statuses: number[] = [];
      for (const server of [a, b, a, b, a, b]) statuses.push((await post(server.url, token, { query: '{ me { userId } }' })).status);
      expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  }, 120_000);
});
