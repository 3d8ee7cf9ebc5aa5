import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { signToken } from '../src/auth/jwt';
import { ChangeFeed } from '../src/db/change-feed';
import { Role } from '../src/auth/roles';
import { AGENCY, SERVICE, areas, users } from '../seed/demo-data';
import { DSA } from '../seed/agreements-data';
import { REFERRAL } from '../seed/cases-data';
import { startServer, type RunningServer } from './support/server';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/**
 * Two API instances on one fresh PostgreSQL database (README, "Several instances"): a directory write through
 * one empties the other's search cache through the change feed (LISTEN/NOTIFY), also after its listening
 * connection was killed; idempotency keys hold across them; with Redis they share one rate limit.
 * PostgreSQL only: the embedded database serves one process.
 */
const base = process.env.DATABASE_URL;
if (!base) console.log('instances skipped: several instances need PostgreSQL (set DATABASE_URL to run it)');
const onPostgres = base ? describe : describe.skip;

const secret = randomBytes(32).toString('hex');
const metricsToken = randomBytes(24).toString('hex');
const run = `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`.replace(/\d/g, (d) => 'qwxyzjkvbp'[Number(d)]);

interface Answer { status: number; data: any; errors?: { message: string; extensions?: Record<string, any> }[]; headers: Headers }

async function post(server: RunningServer, token: string | null, query: string, variables: Record<string, unknown> = {}): Promise<Answer> {
  const r = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await r.json()) as any;
  return { status: r.status, data: body.data ?? null, errors: body.errors, headers: r.headers };
}
async function ok(server: RunningServer, token: string, query: string, variables: Record<string, unknown> = {}) {
  const r = await post(server, token, query, variables);
  if (r.errors?.length || !r.data) throw new Error(`request failed: ${JSON.stringify(r.errors)}`);
  return r.data;
}

/** The value of a counter in a scrape of the server's /metrics (0 when not counted yet). */
async function counter(server: RunningServer, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ''} `));
  return line ? Number(line.split(' ').pop()) : 0;
}

/** Waits for `check` to hold, asking again and again; fails after `ms` (generous: the machine may be busy). */
async function eventually<T>(what: string, ms: number, attempt: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await attempt();
    if (done(value)) return value;
    if (Date.now() > until) throw new Error(`${what}: not within ${ms} ms (last: ${JSON.stringify(value)})`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const tokenOf = (claims: { sub: string; agency: string; roles: Role[] }) => signToken(secret, claims, '1h');
const demoToken = (email: string) => {
  const u = users.find((x) => x.email === email)!;
  return tokenOf({ sub: u.id, agency: u.agency, roles: u.roles });
};

const SEARCH = `query($f: ServiceFilter) { services(filter: $f, first: 10) { totalCount edges { node { id name } } } }`;

/** Until the server's search index has loaded (/readyz says so): before that, searches are SQL. */
async function waitForIndex(server: RunningServer): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    const ready = (await (await fetch(`${server.url}/readyz`)).json()) as { searchIndex?: string };
    if (ready.searchIndex === 'loaded') return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the search index did not load within 120 s');
}

onPostgres('several API instances on one PostgreSQL database', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-instances-'));
  let database: TestDatabase;
  let a: RunningServer;
  let b: RunningServer;
  const env = (extra: Record<string, string | undefined> = {}) => ({
    NODE_ENV: 'test', DATABASE_URL: database.url, DATA_DIR: undefined, JWT_SECRET: secret, JWKS_URL: undefined, JWT_ISSUER: undefined, JWT_AUDIENCE: undefined,
    SEED_DEMO_DATA: 'true', LOG_LEVEL: 'info', HOST: '127.0.0.1', METRICS_TOKEN: metricsToken, METRICS_PORT: undefined,
    // an hour: only a notification, never the expiry, can make an instance forget a cached search here
    DIRECTORY_CACHE_TTL_SECONDS: '3600',
    RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000', REDIS_URL: undefined, WEBHOOK_WORKER_IN_SERVER: 'false',
    OTEL_TRACES_EXPORTER: undefined, OTEL_EXPORTER_OTLP_ENDPOINT: undefined, OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: undefined,
    ...extra,
  });
  let networkAdmin: string;
  let agencyAdmin: string;
  let agencyId: string;
  let locationId: string;

  const createService = (server: RunningServer, name: string) => ok(server, agencyAdmin, `mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`, { input: {
    agencyId, names: [{ lang: 'en', text: name }], categoryCodes: ['legal.documentation'], populations: ['ALL'], locationIds: [locationId], languages: ['fr'], channels: ['WALK_IN'],
  } }).then((d) => d.createService.id as string);

  /** The search until it is served from the instance's cache ('hit'), which it then holds. */
  async function warm(server: RunningServer, text: string): Promise<Answer> {
    for (let i = 0; i < 20; i++) {
      const r = await post(server, agencyAdmin, SEARCH, { f: { text } });
      if (r.headers.get('x-directory-cache') === 'hit') return r;
    }
    throw new Error(`${server.url} never answered the search from its cache`);
  }

  beforeAll(async () => {
    database = await createTestDatabase(base!, 'mrn_instances');
    // started together: one migrates and seeds the empty database while the other waits for it (src/startup.ts)
    [a, b] = await Promise.all([startServer(env(), path.join(dir, 'a.log'), 200_000), startServer(env(), path.join(dir, 'b.log'), 200_000)]);
    networkAdmin = await demoToken('nadia.admin@referral-network.example.org');
    agencyId = (await ok(a, networkAdmin, `mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
      { input: { names: [{ lang: 'en', text: `Instances ${run} Aid` }], type: 'NATIONAL_NGO', countryCode: 'NE', languages: ['fr'], fictional: true } })).createAgency.id;
    agencyAdmin = await tokenOf({ sub: randomUUID(), agency: agencyId, roles: [Role.AGENCY_ADMIN] });
    const districtCode = areas.find((x) => x.level === 'DISTRICT' && x.parent === 'NE-1')!.code;
    const district = (await ok(a, networkAdmin, `query { areas(first: 100, filter: { countryCode: "NE" }) { edges { node { id code } } } }`))
      .areas.edges.map((e: any) => e.node).find((x: any) => x.code === districtCode).id;
    locationId = (await ok(a, agencyAdmin, `mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`,
      { input: { agencyId, names: [{ lang: 'en', text: 'Office' }], facilityType: 'OTHER', areaId: district } })).createLocation.id;
  }, 240_000);

  afterAll(async () => {
    // a clean stop (exit 0) includes the change feed's
    const codes = await Promise.all([a?.stop(), b?.stop()]);
    await database?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
    expect(codes).toEqual([0, 0]);
  }, 120_000);

  it('shows a directory write through one instance in a search on the other, whose warm cache a notification emptied', async () => {
    const word = `Brolvane${run}`;
    const warmOnA = await warm(a, word);
    const warmOnB = await warm(b, word);
    expect(warmOnB.data.services.totalCount).toBe(0);
    expect(warmOnA.data.services.totalCount).toBe(0);
    const receivedBefore = await counter(b, 'mrn_change_notifications_received_total', 'topic="directory"');
    const sentBefore = await counter(a, 'mrn_change_notifications_sent_total', 'topic="directory"');

    const id = await createService(a, `${word} legal clinic`);

    // the writer's own instance: at once (its cache was emptied before the mutation answered)
    const onA = await post(a, agencyAdmin, SEARCH, { f: { text: word } });
    expect(onA.headers.get('x-directory-cache')).not.toBe('hit');
    expect(onA.data.services.edges.map((e: any) => e.node.id)).toEqual([id]);
    // the other: as soon as the notification arrives (in well under a second; the wait allows for a busy machine)
    const onB = await eventually('the write shows on instance B', 15_000, () => post(b, agencyAdmin, SEARCH, { f: { text: word } }), (r) => r.data?.services.totalCount === 1);
    expect(onB.data.services.edges.map((e: any) => e.node.id)).toEqual([id]);
    expect(onB.headers.get('x-directory-cache')).toBe('miss');
    expect(await counter(b, 'mrn_change_notifications_received_total', 'topic="directory"')).toBeGreaterThan(receivedBefore);
    expect(await counter(b, 'mrn_change_notifications_received_total', 'topic="coverage"')).toBeGreaterThan(0);
    expect(await counter(a, 'mrn_change_notifications_sent_total', 'topic="directory"')).toBeGreaterThan(sentBefore);
    // an instance ignores its own notifications: A heard nothing from B, which wrote nothing
    expect(await counter(a, 'mrn_change_notifications_received_total', 'topic="directory"')).toBe(0);
  }, 120_000);

  it('shows an agency renamed through one instance in the next search on the other, whose copy of the agencies a notification emptied', async () => {
    const word = `Quindrel${run}`;
    const id = await createService(a, `${word} shelter desk`);
    const AGENCY_SEARCH = `query($f: ServiceFilter) { services(filter: $f, first: 10) { edges { node { id agency { name } } } } }`;
    const agencyOnB = () => post(b, agencyAdmin, AGENCY_SEARCH, { f: { text: word } });
    // B holds the agencies in memory once it has shown one (src/directory/reference-data.ts)
    const before = await eventually('the new service shows on instance B', 15_000, agencyOnB, (r) => r.data?.services.edges.length === 1);
    expect(before.data.services.edges[0].node).toEqual({ id, agency: { name: `Instances ${run} Aid` } });
    await ok(a, agencyAdmin, `mutation($input: UpdateAgencyInput!) { updateAgency(input: $input) { id } }`,
      { input: { id: agencyId, names: [{ lang: 'en', text: `Instances ${run} Renamed` }] } });
    // the copy expires only after minutes, the search cache after an hour here: only the notification can do it
    const after = await eventually('the new name shows on instance B', 15_000, agencyOnB, (r) => r.data?.services.edges[0]?.node.agency.name !== `Instances ${run} Aid`);
    expect(after.data.services.edges[0].node.agency).toEqual({ name: `Instances ${run} Renamed` });
    expect(await counter(b, 'mrn_change_notifications_received_total', 'topic="reference"')).toBeGreaterThan(0);
    // and back, so the other tests see the agency as they made it
    await ok(a, agencyAdmin, `mutation($input: UpdateAgencyInput!) { updateAgency(input: $input) { id } }`,
      { input: { id: agencyId, names: [{ lang: 'en', text: `Instances ${run} Aid` }] } });
  }, 120_000);

  it('shows a pathway change made through one instance in the coverage the other had cached', async () => {
    const steering = await demoToken('abdoulaye.sc@referral-network.example.org');
    const niger = (await ok(a, networkAdmin, `query { areas(first: 100, filter: { level: COUNTRY }) { edges { node { id code } } } }`))
      .areas.edges.map((e: any) => e.node).find((x: any) => x.code === 'NE').id;
    const pathway = (title: string) => ({ name: `Instances pathway ${run}`, populations: ['VICTIMS_OF_TRAFFICKING'], steps: [{ title, categoryCode: 'legal.documentation', required: true }] });
    const pathwayId = (await ok(a, steering, `mutation($input: PathwayInput!) { createPathway(input: $input) { id } }`, { input: pathway('Before') })).createPathway.id;
    const COVERAGE = `query($p: ID!, $a: ID!) { pathwayCoverage(pathwayId: $p, areaId: $a, level: REGION) { steps { title } } }`;
    const coverageOnB = () => post(b, steering, COVERAGE, { p: pathwayId, a: niger });
    await eventually('B answers the coverage from its cache', 30_000, coverageOnB, (r) => r.headers.get('x-coverage-cache') === 'hit');
    await ok(a, steering, `mutation($id: ID!, $input: PathwayInput!) { updatePathway(id: $id, input: $input) { id } }`, { id: pathwayId, input: pathway('After') });
    const changed = await eventually('B shows the new step title', 15_000, coverageOnB, (r) => r.data?.pathwayCoverage?.steps?.[0]?.title === 'After');
    expect(changed.headers.get('x-coverage-cache')).toBe('miss');
  }, 120_000);

  it('tells the other instances when the transaction commits, never when it rolls back, and at once from outside one', async () => {
    const writer = new Client({ connectionString: database.url });
    const pool = new Client({ connectionString: database.url });
    await Promise.all([writer.connect(), pool.connect()]);
    const one = new ChangeFeed({ databaseUrl: database.url });
    const two = new ChangeFeed({ databaseUrl: database.url });
    const heard: string[] = [];
    two.on('directory', () => heard.push('directory'));
    two.on('coverage', () => heard.push('coverage'));
    const send = (sql: string, params: unknown[]) => pool.query(sql, params as any[]);
    const inTransaction = { query: (sql: string, params?: unknown[]) => writer.query(sql, params as any[]) };
    try {
      await Promise.all([one.start(send), two.start(send)]);
      expect([one.listening, two.listening]).toEqual([true, true]);
      await writer.query('BEGIN');
      await one.topics('coverage').tellOthers(inTransaction);
      await writer.query('ROLLBACK');
      await writer.query('BEGIN');
      await one.topics('coverage').tellOthers(inTransaction);
      // sent and committed meanwhile from outside the open transaction: heard alone, the coverage change is not committed
      one.topics('directory').invalidate();
      await eventually('the change sent outside a transaction is heard', 15_000, async () => [...heard], (h) => h.length > 0);
      expect(heard).toEqual(['directory']);
      await writer.query('COMMIT');
      // the rolled-back one never comes: the committed one is the only coverage change heard
      await eventually('the committed change is heard', 15_000, async () => [...heard], (h) => h.length > 1);
      expect(heard).toEqual(['directory', 'coverage']);
    } finally {
      await Promise.all([one.stop(), two.stop()]);
      await Promise.all([writer.end(), pool.end()]);
    }
    const admin = new Client({ connectionString: database.url });
    await admin.connect();
    const left = (await admin.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [`mrn-change-feed pid=${process.pid}`])).rows[0].n;
    await admin.end();
    expect(left).toBe(0);
  }, 120_000);

  it('decides a referral\'s fields on the agreements as they are at each read, on every instance, whoever changed them', async () => {
    // each instance keeps the agreements it read (src/agreements/pair-cache.ts) at the agreements' epoch; a write by
    // anyone (here straight in the database, as another instance or an operator would) changes the epoch every read checks
    const receiver = await demoToken('zeinabou.rfp@tenere-femmes.example.org');
    const READ = `query($id: ID!) { referral(id: $id) { case { givenName } } }`;
    const read = (server: RunningServer) => post(server, receiver, READ, { id: REFERRAL.ACCEPTED });
    const withheld = (r: Answer) => (r.errors ?? []).map((e) => e.extensions?.reason);
    const db = new Client({ connectionString: database.url });
    await db.connect();
    try {
      for (const server of [a, b]) {
        const before = await read(server);
        expect(before.errors).toBeUndefined();
        expect(before.data.referral.case.givenName).toEqual(expect.any(String));
      }
      await db.query(`UPDATE data_sharing_agreements SET terminated_at = now() - interval '1 minute', termination_reason = 'Fictional: ended by an operator' WHERE id = $1`, [DSA.IOM_NIGER_TO_AGADEZ_WOMEN]);
      for (const server of [b, a]) {
        const after = await read(server);
        expect(after.data.referral.case.givenName).toBeNull();
        expect(withheld(after)).toEqual(['AGREEMENT_ENDED']);
      }
      await db.query(`UPDATE data_sharing_agreements SET terminated_at = NULL, termination_reason = NULL WHERE id = $1`, [DSA.IOM_NIGER_TO_AGADEZ_WOMEN]);
      for (const server of [a, b]) expect((await read(server)).data.referral.case.givenName).toEqual(expect.any(String));
      // the same for a signature withdrawn: the agreement is no longer signed by both
      const removed = await db.query(`DELETE FROM dsa_signatures WHERE dsa_id = $1 AND agency_id = $2 RETURNING *`, [DSA.IOM_NIGER_TO_AGADEZ_WOMEN, AGENCY.AGADEZ_WOMEN]);
      expect(removed.rowCount).toBe(1);
      expect((await read(b)).data.referral.case.givenName).toBeNull();
      const row = removed.rows[0];
      const columns = Object.keys(row);
      await db.query(`INSERT INTO dsa_signatures (${columns.join(', ')}) VALUES (${columns.map((_, i) => `$${i + 1}`).join(', ')})`, columns.map((c) => row[c]));
      expect((await read(b)).data.referral.case.givenName).toEqual(expect.any(String));
    } finally {
      await db.end();
    }
  });

  it('holds an idempotency key across instances: sent to one then the other, and to both at once, it creates one referral', async () => {
    const cm = await demoToken('amina.cm@iom-niger.example.org');
    const caseId = (await ok(a, cm, `mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`, { i: {
      person: { givenName: `Inst${run}`, familyName: 'Ances', sex: 'FEMALE' },
      consent: { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', purposes: ['REGISTRATION', 'REFERRAL'], recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY', 'DEMOGRAPHICS'] },
    } })).registerCase.id;
    const SEND = `mutation($i: SendReferralInput!, $k: String) { sendReferral(input: $i, idempotencyKey: $k) { id } }`;
    const input = { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'NORMAL', reasons: 'two instances' };
    const referrals = async () => (await ok(b, cm, `query($id: ID!) { case(id: $id) { referrals { id } } }`, { id: caseId })).case.referrals.map((r: any) => r.id);

    const one = randomUUID();
    const first = (await ok(a, cm, SEND, { i: input, k: one })).sendReferral.id;
    expect((await ok(b, cm, SEND, { i: input, k: one })).sendReferral.id).toBe(first);

    const two = randomUUID();
    const together = await Promise.all([a, b, a, b].map((server) => post(server, cm, SEND, { i: input, k: two })));
    for (const r of together) expect(r.errors).toBeUndefined();
    const ids = new Set(together.map((r) => r.data.sendReferral.id));
    expect(ids.size).toBe(1);
    expect(ids.has(first)).toBe(false);
    expect((await referrals()).sort()).toEqual([first, ...ids].sort());
  }, 120_000);

  it('listens again after its connection is killed, empties its caches, and hears the next change', async () => {
    const sql = new Client({ connectionString: database.url });
    await sql.connect();
    try {
      const listenerOf = async (server: RunningServer) => (await sql.query(
        `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND application_name = $1`, [`mrn-change-feed pid=${server.process.pid}`])).rows.map((r) => r.pid as number);
      const [listener] = await listenerOf(a);
      expect(await listenerOf(a)).toEqual([listener]);
      const word = `Quillomer${run}`;
      await warm(a, word);
      const reconnectsBefore = await counter(a, 'mrn_change_feed_reconnects_total');

      expect((await sql.query('SELECT pg_terminate_backend($1) AS killed', [listener])).rows[0].killed).toBe(true);
      await eventually('instance A listens again', 60_000, () => counter(a, 'mrn_change_feed_reconnects_total'), (n) => n > reconnectsBefore);
      const again = await listenerOf(a);
      expect(again).toHaveLength(1);
      expect(again[0]).not.toBe(listener);
      // notifications may have been missed meanwhile: every cached answer went
      expect((await post(a, agencyAdmin, SEARCH, { f: { text: word } })).headers.get('x-directory-cache')).toBe('miss');

      await warm(a, word);
      const receivedBefore = await counter(a, 'mrn_change_notifications_received_total', 'topic="directory"');
      const id = await createService(b, `${word} shelter`);
      const onA = await eventually('the write through B shows on A', 15_000, () => post(a, agencyAdmin, SEARCH, { f: { text: word } }), (r) => r.data?.services.totalCount === 1);
      expect(onA.data.services.edges[0].node.id).toBe(id);
      expect(await counter(a, 'mrn_change_notifications_received_total', 'topic="directory"')).toBeGreaterThan(receivedBefore);
    } finally {
      await sql.end();
    }
  }, 120_000);

  it('shares one rate limit between the instances through Redis (REDIS_URL), anonymous callers counted by the address the load balancer names', async () => {
    await Promise.all([a.stop(), b.stop()]);
    const limited = env({ RATE_LIMIT_PER_MINUTE: '4', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2', TRUST_PROXY: 'loopback', REDIS_URL: process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379' });
    [a, b] = await Promise.all([startServer(limited, path.join(dir, 'a2.log'), 200_000), startServer(limited, path.join(dir, 'b2.log'), 200_000)]);
    // a person of its own: the Redis server may hold other runs' budgets
    const token = await tokenOf({ sub: `instances-${run}-${randomUUID()}`, agency: AGENCY.NETWORK_SECRETARIAT, roles: [] });
    const statuses: number[] = [];
    for (const server of [a, b, a, b, a, b]) statuses.push((await post(server, token, '{ me { userId } }')).status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429]);

    // without a token: one budget per client address, as the proxy in front (here loopback) names it
    const address = () => `198.18.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}`;
    const anonymous = (server: RunningServer, forwardedFor: string) => fetch(`${server.url}/graphql`, {
      method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor }, body: JSON.stringify({ query: '{ me { userId } }' }),
    }).then((r) => r.status);
    const [first, second] = [address(), address()];
    const seen: number[] = [];
    for (const server of [a, b, a]) seen.push(await anonymous(server, first));
    expect(seen).toEqual([401, 401, 429]);
    if (second !== first) expect(await anonymous(b, second)).toBe(401);
  }, 240_000);

  it('reads searches from a read replica (DATABASE_READ_URLS) and everything else from the primary', async () => {
    await Promise.all([a.stop(), b.stop()]);
    // a frozen copy stands in for a replica that has not replayed the writes made after it: what reads it shows
    const replica = `${database.name}_replica`;
    const admin = new Client({ connectionString: base });
    await admin.connect();
    try {
      await admin.query(`CREATE DATABASE ${replica} TEMPLATE ${database.name}`);
      const replicaUrl = new URL(database.url);
      replicaUrl.pathname = `/${replica}`;
      // without the search index, searches are SQL on the replica
      a = await startServer(env({ DATABASE_READ_URLS: replicaUrl.toString(), DIRECTORY_SEARCH_INDEX: 'false' }), path.join(dir, 'a3.log'), 200_000);
      b = a;
      const word = `Vantrello${run}`;
      const id = await createService(a, `${word} clinic`);
      // the write and the reads of a record go to the primary; the search reads the replica, which lacks it
      expect((await ok(a, agencyAdmin, `query($id: ID!) { service(id: $id) { id name } }`, { id })).service).toEqual({ id, name: `${word} clinic` });
      expect((await ok(a, agencyAdmin, SEARCH, { f: { text: word } })).services.totalCount).toBe(0);
      // and what the replica holds, it finds
      expect((await ok(a, agencyAdmin, SEARCH, { f: { agencyIds: [AGENCY.AGADEZ_WOMEN] } })).services.totalCount).toBeGreaterThan(0);
      await a.stop();
      // with the index (the default), kept current from the primary, the search finds it at once, page and count alike
      a = await startServer(env({ DATABASE_READ_URLS: replicaUrl.toString() }), path.join(dir, 'a4.log'), 200_000);
      b = a;
      await waitForIndex(a);
      const found = (await ok(a, agencyAdmin, SEARCH, { f: { text: word } })).services;
      expect(found.totalCount).toBe(1);
      expect(found.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([id]);
      await a.stop();
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${replica} WITH (FORCE)`);
      await admin.end();
    }
  }, 240_000);
});
