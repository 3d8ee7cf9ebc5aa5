import { gql, SERVER_URL, tokenFor } from './support/client';

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
});

describe('limits on servers of their own', () => {
  const fs = require('node:fs') as typeof import('node:fs');
  const os = require('node:os') as typeof import('node:os');
  const path = require('node:path') as typeof import('node:path');
  const { startServer } = require('./support/server') as typeof import('./support/server');
  const { signToken } = require('../src/auth/jwt') as typeof import('../src/auth/jwt');
  const secret = 'r'.repeat(40);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-limits-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const start = (name: string, env: Record<string, string | undefined>) =>
    startServer({ DATABASE_URL: undefined, DATA_DIR: path.join(dir, name), JWT_SECRET: secret, SEED_DEMO_DATA: 'false', ...env }, path.join(dir, `${name}.log`));
  const post = (url: string, token: string, body: unknown) =>
    fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const tokenOf = (sub: string) => signToken(secret, { sub, agency: '00000000-0000-4000-8000-000000000001', roles: [] });

  it('refuses a token past its per-minute budget with 429, without touching other tokens; batches and, when off, introspection are refused', async () => {
    const server = await start('memory', { RATE_LIMIT_PER_MINUTE: '5', INTROSPECTION: 'false' });
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

  it('shares one budget across server instances through Redis (REDIS_URL)', async () => {
    const env = { RATE_LIMIT_PER_MINUTE: '4', REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' };
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
