import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { AGENCY, SERVICE, USER } from '../seed/demo-data';
import { REFERRAL } from '../seed/cases-data';
import { Role } from '../src/auth/roles';
import { verifySignature } from '../src/notifications/signing';
import { codes, gql, ok, tokenFor } from './support/client';
import { ROOT, startServer, type RunningServer } from './support/server';
import { createTestDatabase } from './support/test-database';
import { startReceiver, waitFor, type Received } from './support/webhook-receiver';

/**
 * Notifications: an agency admin registers webhook endpoints; every referral event reaches them through a
 * transactional outbox, signed, retried, dead-lettered, with ids and codes only. The first part runs on the
 * suite's server (NODE_ENV=test: no private targets); the rest on servers of its own, with a real local
 * receiver (WEBHOOK_ALLOW_PRIVATE_TARGETS) and fast retries.
 */

const SECRET = 's3cr3t-'.padEnd(48, 'x');
const REGISTER = `mutation($i: RegisterWebhookInput!) { registerWebhook(input: $i) { id url events agencyId ratePerMinute createdBy removedAt } }`;
const DELIVERIES = `query($s: [WebhookDeliveryStatus!], $e: ID, $ev: [WebhookEvent!]) { webhookDeliveries(first: 100, status: $s, endpointId: $e, event: $ev) {
  totalCount edges { node { id endpointId event data status attempts lastStatusCode lastError deliveredAt nextAttemptAt } } } }`;
const secretaryAdmin = () => tokenFor({ sub: '00000000-0000-4000-8000-00000000ad01', agency: AGENCY.NETWORK_SECRETARIAT, roles: [Role.AGENCY_ADMIN] });

describe('registering webhooks (suite server: production-like address rules)', () => {
  let mariama: string; let fatimata: string; let zeinabou: string; let samia: string;
  beforeAll(async () => {
    [mariama, fatimata, zeinabou, samia] = await Promise.all(['mariama.admin@tenere-femmes.example.org', 'fatimata.admin@iom-niger.example.org',
      'zeinabou.rfp@tenere-femmes.example.org', 'samia.admin@nile-legal.example.org'].map((e) => tokenFor(e)));
  });
  const register = (token: string, i: Record<string, unknown>) => gql(REGISTER, { i: { url: 'https://hooks.tenere-femmes.example.org/mrn', events: ['REFERRAL_RECEIVED'], secret: SECRET, ...i } }, token);

  it('refuses private, loopback and non-http targets, short secrets and unknown events, with what to fix', async () => {
    for (const url of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://169.254.169.254/latest/meta-data', 'http://[::1]/x', 'http://10.0.0.5/x', 'http://0x7f000001/x']) {
      const r = await register(mariama, { url });
      expect([url, codes(r)]).toEqual([url, ['BAD_USER_INPUT']]);
      expect(r.errors![0].message).toMatch(/public addresses only/);
    }
    expect(codes(await register(mariama, { url: 'ftp://hooks.example.org/x' }))).toEqual(['BAD_USER_INPUT']);
    const short = await register(mariama, { secret: 'short' });
    expect(codes(short)).toEqual(['BAD_USER_INPUT']);
    expect(short.errors![0].message).toMatch(/32 to 200 characters/);
    expect(codes(await register(mariama, { events: ['REFERRAL_EXPLODED'] }))).toEqual(['BAD_USER_INPUT']);
    expect(codes(await register(mariama, { events: [] }))).toEqual(['BAD_USER_INPUT']);
    // governance alerts are for the agencies of the steering committee and the network's administration
    const governance = await register(mariama, { events: ['GOVERNANCE_ALERTS'] });
    expect(codes(governance)).toEqual(['BAD_USER_INPUT']);
    expect(ok(await register(await secretaryAdmin(), { events: ['GOVERNANCE_ALERTS'], url: 'https://hooks.referral-network.example.org/alerts' })).registerWebhook.events).toEqual(['GOVERNANCE_ALERTS']);
  });

  it('is for agency admins: other staff are refused, and an endpoint is its agency\'s alone', async () => {
    expect(codes(await register(zeinabou, {}))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(`{ webhookEndpoints { totalCount } }`, {}, zeinabou))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(DELIVERIES, {}, zeinabou))).toEqual(['FORBIDDEN']);
    expect(codes(await gql(REGISTER, { i: { url: 'https://x.example.org/', events: ['REFERRAL_RECEIVED'], secret: SECRET } }, null))).toEqual(['UNAUTHENTICATED']);

    const endpoint = ok(await register(mariama, { description: 'Case system' })).registerWebhook;
    expect(endpoint).toMatchObject({ agencyId: AGENCY.AGADEZ_WOMEN, createdBy: USER.AGADEZ_WOMEN_ADMIN, ratePerMinute: 60, removedAt: null });
    // the secret is never read back
    expect(codes(await gql(`{ webhookEndpoints { edges { node { secret } } } }`, {}, mariama))).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const listed = ok(await gql(`{ webhookEndpoints { edges { node { id } } } }`, {}, mariama)).webhookEndpoints.edges.map((e: any) => e.node.id);
    expect(listed).toContain(endpoint.id);
    // another agency's admin: does not see it, cannot remove, ping or filter by it
    const others = ok(await gql(`{ webhookEndpoints { edges { node { id } } } }`, {}, samia)).webhookEndpoints.edges.map((e: any) => e.node.id);
    expect(others).not.toContain(endpoint.id);
    for (const m of ['removeWebhook', 'testWebhook']) expect(codes(await gql(`mutation($id: ID!) { ${m}(id: $id) { id } }`, { id: endpoint.id }, samia))).toEqual(['NOT_FOUND']);
    expect(ok(await gql(DELIVERIES, { e: endpoint.id }, samia)).webhookDeliveries.totalCount).toBe(0);
    expect(codes(await gql(`mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id } }`, { id: '00000000-0000-4000-8000-000000000000' }, mariama))).toEqual(['NOT_FOUND']);

    // an event for the agency is in its outbox at once (the suite server cannot reach the host: it stays PENDING)
    const ping = ok(await gql(`mutation($id: ID!) { testWebhook(id: $id) { id event status data } }`, { id: endpoint.id }, mariama)).testWebhook;
    expect(ping).toMatchObject({ event: 'PING', status: 'PENDING', data: { endpointId: endpoint.id } });
    const mine = ok(await gql(DELIVERIES, { e: endpoint.id }, mariama)).webhookDeliveries.edges.map((e: any) => e.node.id);
    expect(mine).toContain(ping.id);
    expect(ok(await gql(DELIVERIES, {}, fatimata)).webhookDeliveries.edges.map((e: any) => e.node.id)).not.toContain(ping.id);

    const removed = ok(await gql(`mutation($id: ID!) { removeWebhook(id: $id) { id removedAt } }`, { id: endpoint.id }, mariama)).removeWebhook;
    expect(removed.removedAt).toEqual(expect.any(String));
    expect(codes(await gql(`mutation($id: ID!) { removeWebhook(id: $id) { id } }`, { id: endpoint.id }, mariama))).toEqual(['CONFLICT']);
    // what waited for a removed endpoint is dead-lettered, not lost silently
    const dead = ok(await gql(DELIVERIES, { e: endpoint.id, s: ['DEAD'] }, mariama)).webhookDeliveries.edges.map((e: any) => e.node);
    expect(dead.find((d: any) => d.id === ping.id)).toMatchObject({ status: 'DEAD', lastError: 'endpoint removed' });
  });
});

/** A database of its own for a server of this file: a PGlite folder, or a new PostgreSQL database when the run uses one. */
async function freshPlace() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-webhooks-'));
  const base = process.env.DATABASE_URL;
  if (!base) return { dir, postgres: false, env: { DATABASE_URL: undefined, DATA_DIR: path.join(dir, 'data') } as Record<string, string | undefined>, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  const database = await createTestDatabase(base, 'mrn_webhooks');
  return { dir, postgres: true, env: { DATABASE_URL: database.url } as Record<string, string | undefined>, drop: async () => { await database.drop(); fs.rmSync(dir, { recursive: true, force: true }); } };
}

const fastEnv = {
  NODE_ENV: 'test', JWT_SECRET: process.env.MRN_TEST_SECRET, SEED_DEMO_DATA: 'true', LOG_LEVEL: 'info',
  RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000', REDIS_URL: undefined,
  WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true', WEBHOOK_POLL_MS: '100', WEBHOOK_TIMEOUT_MS: '2000', WEBHOOK_RETRY_BASE_MS: '300', WEBHOOK_RETRY_MAX_DELAY_MS: '1000',
  WEBHOOK_RETRY_HOURS: '0.004', WEBHOOK_SWEEP_SECONDS: '1', WEBHOOK_AGREEMENT_NOTICE_DAYS: '3650',
};

async function call(server: RunningServer, token: string, query: string, variables: Record<string, unknown> = {}) {
  const r = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables }) });
  const body = (await r.json()) as any;
  if (body.errors?.length) throw new Error(`request failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

const registerCase = (server: RunningServer, token: string, person: Record<string, unknown>) => call(server, token, `mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id } }`, { i: {
  person,
  consent: { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'fr', purposes: ['REGISTRATION', 'REFERRAL'], recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY', 'CONTACT'] },
} }).then((d) => d.registerCase.id as string);
const sendReferral = (server: RunningServer, token: string, caseId: string, priority = 'NORMAL') => call(server, token,
  `mutation($i: SendReferralInput!) { sendReferral(input: $i) { id status responseDueAt } }`,
  { i: { caseId, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority, reasons: 'Fictional: webhook test' } }).then((d) => d.sendReferral);

const signed = (r: Received) => verifySignature(SECRET, { id: r.headers['webhook-id'] as string, timestamp: r.headers['webhook-timestamp'] as string, signature: r.headers['webhook-signature'] as string }, r.body);

describe('deliveries to a real receiver', () => {
  let place: Awaited<ReturnType<typeof freshPlace>>;
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let amina: string; let mariama: string; let fatimata: string; let zeinabou: string;
  const endpoints: Record<string, string> = {};
  const person = { givenName: 'Webhookina', familyName: 'Zyxwvutsrq', phone: '+227 97 65 43 21', nationality: 'ML' };

  beforeAll(async () => {
    receiver = await startReceiver({ '/flaky': { kind: 'fail-first', n: 3, status: 503 }, '/down': { kind: 'always', status: 500 }, '/slow': { kind: 'hang' }, '/held': { kind: 'held' } });
    place = await freshPlace();
    server = await startServer({ ...fastEnv, ...place.env }, path.join(place.dir, 'server.log'));
    [amina, mariama, fatimata, zeinabou] = await Promise.all(['amina.cm@iom-niger.example.org', 'mariama.admin@tenere-femmes.example.org',
      'fatimata.admin@iom-niger.example.org', 'zeinabou.rfp@tenere-femmes.example.org'].map((e) => tokenFor(e)));
    const register = async (token: string, name: string, events: string[]) => {
      endpoints[name] = (await call(server, token, REGISTER, { i: { url: `${receiver.url}/${name}`, events, secret: SECRET } })).registerWebhook.id;
    };
    await register(mariama, 'main', ['REFERRAL_RECEIVED', 'REFERRAL_STATUS_CHANGED', 'REFERRAL_MESSAGE_POSTED', 'REFERRAL_UPDATE_REQUESTED', 'REFERRAL_OVERDUE', 'AGREEMENT_EXPIRING']);
    await register(fatimata, 'sender', ['REFERRAL_STATUS_CHANGED', 'REFERRAL_MESSAGE_POSTED', 'REFERRAL_OVERDUE']);
    await register(mariama, 'flaky', ['REFERRAL_RECEIVED']);
    await register(mariama, 'down', ['REFERRAL_RECEIVED']);
    await register(mariama, 'slow', ['REFERRAL_RECEIVED']);
    await register(await secretaryAdmin(), 'governance', ['GOVERNANCE_ALERTS']);
  }, 180_000);
  afterAll(async () => {
    await server?.stop();
    await receiver?.close();
    await place?.drop();
  });

  it('brings a new emergency referral to the receiving agency, signed, within 5 seconds, while a hanging receiver holds its own delivery', async () => {
    const caseId = await registerCase(server, amina, person);
    const sent = await sendReferral(server, amina, caseId, 'EMERGENCY');
    const acknowledged = Date.now();
    const arrived = await waitFor('referral.received at /main', () => receiver.at('/main').find((r) => r.json?.data?.referralId === sent.id), 10_000);
    expect(arrived.at - acknowledged).toBeLessThanOrEqual(5_000);
    expect(signed(arrived)).toEqual({ ok: true });
    expect(arrived.headers['content-type']).toBe('application/json');
    expect(arrived.json).toEqual({
      id: arrived.headers['webhook-id'], event: 'referral.received', createdAt: expect.any(String), agencyId: AGENCY.AGADEZ_WOMEN,
      data: { referralId: sent.id, status: 'SENT', priority: 'EMERGENCY', responseDueAt: new Date(sent.responseDueAt).toISOString(), serviceId: SERVICE.AGADEZ_WOMEN_LISTENING,
        sendingAgencyId: AGENCY.IOM_NIGER, receivingAgencyId: AGENCY.AGADEZ_WOMEN },
    });
    // a tampered or replayed body fails the receiver's check
    expect(verifySignature(SECRET, { id: arrived.headers['webhook-id'] as string, timestamp: arrived.headers['webhook-timestamp'] as string, signature: arrived.headers['webhook-signature'] as string },
      arrived.body.replace('EMERGENCY', 'NORMAL'))).toEqual({ ok: false, reason: 'BAD_SIGNATURE' });

    // the slow receiver holds its request open; the API answers meanwhile
    await waitFor('a request held at /slow', () => receiver.hangingCount() > 0);
    const reading = await call(server, zeinabou, `query($id: ID!) { referral(id: $id) { id status } }`, { id: sent.id });
    expect(reading.referral.status).toBe('SENT');
    const another = await sendReferral(server, amina, caseId);
    expect(another.status).toBe('SENT');
    expect(receiver.hangingCount()).toBeGreaterThan(0);
  }, 60_000);

  it('retries a receiver that fails three times and delivers on the fourth try', async () => {
    const [first] = await waitFor('four tries at /flaky', () => {
      const byId = new Map<string, Received[]>();
      for (const r of receiver.at('/flaky')) byId.set(r.headers['webhook-id'] as string, [...(byId.get(r.headers['webhook-id'] as string) ?? []), r]);
      return [...byId.values()].find((tries) => tries.length >= 4);
    }, 30_000).then((tries) => [tries]);
    expect(first.map((t) => t.answered)).toEqual([503, 503, 503, 200]);
    // the same event each time, freshly signed
    expect(new Set(first.map((t) => t.body)).size).toBe(1);
    for (const t of first) expect(signed(t)).toEqual({ ok: true });
    const id = first[0].headers['webhook-id'];
    const delivery = await waitFor('the delivery marked DELIVERED', async () => (await call(server, mariama, DELIVERIES, { e: endpoints.flaky })).webhookDeliveries.edges
      .map((e: any) => e.node).find((d: any) => d.id === id && d.status === 'DELIVERED'));
    expect(delivery).toMatchObject({ attempts: 4, lastStatusCode: 200, lastError: null, deliveredAt: expect.any(String) });
  }, 60_000);

  it('dead-letters what a receiver never takes, shows it to the agency admin, and tries again on request', async () => {
    const dead = await waitFor('a DEAD delivery to /down', async () => (await call(server, mariama, DELIVERIES, { e: endpoints.down, s: ['DEAD'] })).webhookDeliveries.edges[0]?.node, 40_000);
    expect(dead).toMatchObject({ status: 'DEAD', lastStatusCode: 500, lastError: 'HTTP 500', nextAttemptAt: null });
    expect(dead.attempts).toBeGreaterThanOrEqual(2);
    expect(receiver.at('/down').filter((r) => r.headers['webhook-id'] === dead.id)).toHaveLength(dead.attempts);
    const again = (await call(server, mariama, `mutation($id: ID!) { redeliverWebhook(deliveryId: $id) { id status attempts } }`, { id: dead.id })).redeliverWebhook;
    expect(again).toMatchObject({ id: dead.id, status: 'PENDING', attempts: 0 });
    await waitFor('the redelivery at /down', () => receiver.at('/down').filter((r) => r.headers['webhook-id'] === dead.id).length > dead.attempts);
  }, 60_000);

  it('keeps dead what removing its endpoint dead-lettered, though an attempt in flight fails afterwards', async () => {
    const held = (await call(server, mariama, REGISTER, { i: { url: `${receiver.url}/held`, events: ['REFERRAL_UPDATE_REQUESTED'], secret: SECRET } })).registerWebhook.id;
    const ping = (await call(server, mariama, `mutation($id: ID!) { testWebhook(id: $id) { id } }`, { id: held })).testWebhook;
    await waitFor('the ping in flight at /held', () => receiver.at('/held').some((r) => r.headers['webhook-id'] === ping.id));
    await call(server, mariama, `mutation($id: ID!) { removeWebhook(id: $id) { id } }`, { id: held });
    const deadNow = async () => (await call(server, mariama, DELIVERIES, { e: held })).webhookDeliveries.edges.map((e: any) => e.node).find((d: any) => d.id === ping.id);
    expect(await deadNow()).toMatchObject({ status: 'DEAD', lastError: 'endpoint removed', attempts: 0 });
    // the attempt under way fails now (or has timed out): the worker's bookkeeping must not bring it back to PENDING
    receiver.answerHeld('/held', 503);
    await waitFor('the worker done with the attempt', () => fs.readFileSync(server.logFile, 'utf8').split('\n')
      .some((line) => line.includes(ping.id) && /webhook (delivery failed|attempt failed)/.test(line)), 20_000);
    expect(await deadNow()).toMatchObject({ status: 'DEAD', lastError: 'endpoint removed', attempts: 0, nextAttemptAt: null });
  }, 60_000);

  it('announces each step of the loop to the other agency, an overdue referral once, and agreements ending', async () => {
    const caseId = await registerCase(server, amina, person);
    const { id } = await sendReferral(server, amina, caseId, 'URGENT');
    await call(server, zeinabou, `mutation($id: ID!) { acceptReferral(id: $id) { id } }`, { id });
    await call(server, zeinabou, `mutation($id: ID!, $b: String!) { postReferralMessage(referralId: $id, body: $b) { id } }`, { id, b: 'Fictional: Webhookina comes Tuesday, call +227 97 65 43 21' });
    await call(server, amina, `mutation($id: ID!) { requestReferralUpdate(id: $id) { id } }`, { id });
    await call(server, amina, `mutation($id: ID!, $r: String!) { cancelReferral(id: $id, reason: $r) { id } }`, { id, r: 'Fictional: Webhookina moved to Niamey' });

    const eventsAt = (path: string) => receiver.at(path).filter((r) => r.json?.data?.referralId === id).map((r) => [r.json.event, r.json.data.status]);
    await waitFor('the sender told of the acceptance and the message', () => eventsAt('/sender').length >= 2);
    await waitFor('the receiver told of the update request and the cancellation', () => eventsAt('/main').length >= 3);
    expect(eventsAt('/sender')).toEqual(expect.arrayContaining([['referral.status_changed', 'ACCEPTED'], ['referral.message_posted', 'ACCEPTED']]));
    expect(eventsAt('/main')).toEqual(expect.arrayContaining([['referral.received', 'SENT'], ['referral.update_requested', 'ACCEPTED'], ['referral.status_changed', 'CANCELLED']]));
    // an agency is not told of its own steps
    expect(eventsAt('/sender').map(([e, s]) => `${e}:${s}`)).not.toContain('referral.status_changed:CANCELLED');
    expect(eventsAt('/main').map(([e]) => e)).not.toContain('referral.message_posted');

    // the demo's overdue referral: announced to both agencies, once, however many sweeps run
    await waitFor('referral.overdue at both', () => receiver.at('/main').some((r) => r.json?.event === 'referral.overdue') && receiver.at('/sender').some((r) => r.json?.event === 'referral.overdue'));
    await new Promise((r) => setTimeout(r, 3_000)); // three more sweeps
    for (const p of ['/main', '/sender']) {
      const overdue = receiver.at(p).filter((r) => r.json?.event === 'referral.overdue');
      expect(overdue.map((r) => r.json.data.referralId)).toEqual([REFERRAL.OVERDUE]);
      expect(overdue[0].json.data).toMatchObject({ status: 'SENT', priority: 'URGENT', responseDueAt: expect.any(String) });
    }
    const ending = receiver.at('/main').filter((r) => r.json?.event === 'agreement.expiring');
    expect(ending.length).toBeGreaterThan(0);
    for (const r of ending) expect(Object.keys(r.json.data).sort()).toEqual(['agreementId', 'endsOn', 'kind']);
    expect(new Set(ending.map((r) => r.json.data.agreementId)).size).toBe(ending.length);

    const governance = await waitFor('governance.alerts', () => receiver.at('/governance')[0]);
    expect(governance.json.event).toBe('governance.alerts');
    for (const [k, v] of Object.entries(governance.json.data)) expect([k, typeof v]).toEqual([k, k === 'day' ? 'string' : 'number']);
  }, 90_000);

  it('keeps to an endpoint\'s rate: what is over it waits its turn, without counting as an attempt', async () => {
    const limited = (await call(server, mariama, REGISTER, { i: { url: `${receiver.url}/limited`, events: ['REFERRAL_OVERDUE'], secret: SECRET, ratePerMinute: 2 } })).registerWebhook.id;
    for (let i = 0; i < 4; i++) await call(server, mariama, `mutation($id: ID!) { testWebhook(id: $id) { id } }`, { id: limited });
    // the overdue referral comes too: five events, two a minute
    await waitFor('two deliveries at /limited', () => receiver.at('/limited').length >= 2);
    await new Promise((r) => setTimeout(r, 1_500)); // fifteen more polls
    expect(receiver.at('/limited')).toHaveLength(2);
    const waiting = (await call(server, mariama, DELIVERIES, { e: limited, s: ['PENDING'] })).webhookDeliveries.edges.map((e: any) => e.node);
    expect(waiting).toHaveLength(3);
    for (const d of waiting) expect(d).toMatchObject({ attempts: 0, lastError: null });
    expect(Math.min(...waiting.map((d: any) => Date.parse(d.nextAttemptAt)))).toBeGreaterThan(Date.now());
  }, 60_000);

  it('never puts a value of the person in a delivery', async () => {
    const bodies = receiver.received.map((r) => r.body).join('\n');
    expect(receiver.received.length).toBeGreaterThan(10);
    for (const value of [person.givenName, person.familyName, person.phone, '97 65 43 21', 'Niamey', 'Tuesday', 'Fictional']) expect([value, bodies.includes(value)]).toEqual([value, false]);
    const allowed = new Set(['referralId', 'status', 'priority', 'responseDueAt', 'serviceId', 'sendingAgencyId', 'receivingAgencyId', 'from', 'messageId', 'agreementId', 'kind', 'endsOn', 'endpointId', 'day',
      'mousExpiring', 'sopsOverdueForReview', 'dataSharingAgreementsExpiring', 'servicesNotVerified', 'servicesDecliningForCapacity', 'agenciesWithOverdueReferrals',
      'servicesWithOpenIssues', 'servicesAwaitingVerification']);
    for (const r of receiver.received) {
      expect(Object.keys(r.json).sort()).toEqual(['agencyId', 'createdAt', 'data', 'event', 'id']);
      for (const k of Object.keys(r.json.data)) expect([r.json.event, k, allowed.has(k)]).toEqual([r.json.event, k, true]);
    }
  });
});

describe('the outbox survives a killed server', () => {
  it('delivers, after a restart, what was announced before a SIGKILL', async () => {
    const receiver = await startReceiver({});
    const place = await freshPlace();
    const log = path.join(place.dir, 'server.log');
    // a server that only writes the outbox (its worker off), killed before anything could be delivered
    let server = await startServer({ ...fastEnv, ...place.env, WEBHOOK_WORKER_IN_SERVER: 'false' }, log);
    try {
      const [amina, mariama] = await Promise.all([tokenFor('amina.cm@iom-niger.example.org'), tokenFor('mariama.admin@tenere-femmes.example.org')]);
      await call(server, mariama, REGISTER, { i: { url: `${receiver.url}/main`, events: ['REFERRAL_RECEIVED'], secret: SECRET } });
      const caseId = await registerCase(server, amina, { givenName: 'Killina', familyName: 'Fictional' });
      const sent = await sendReferral(server, amina, caseId, 'EMERGENCY');
      server.process.kill('SIGKILL');
      await server.stop();
      expect(receiver.received).toHaveLength(0);

      server = await startServer({ ...fastEnv, ...place.env }, log);
      const arrived = await waitFor('the delivery after the restart', () => receiver.at('/main').find((r) => r.json?.data?.referralId === sent.id));
      expect(signed(arrived)).toEqual({ ok: true });
      await new Promise((r) => setTimeout(r, 1_000));
      expect(receiver.at('/main').filter((r) => r.json?.data?.referralId === sent.id)).toHaveLength(1);
    } finally {
      await server.stop();
      await receiver.close();
      await place.drop();
    }
  }, 240_000);
});

/** Several workers share PostgreSQL; the embedded database belongs to one server process, so this runs on PostgreSQL only. */
const onPostgres = process.env.DATABASE_URL ? describe : describe.skip;
onPostgres('two workers (npm run worker) on one PostgreSQL', () => {
  it('deliver each event exactly once', async () => {
    const receiver = await startReceiver({ '/a': { kind: 'slow', ms: 30 }, '/b': { kind: 'slow', ms: 30 } });
    const place = await freshPlace();
    const server = await startServer({ ...fastEnv, ...place.env, WEBHOOK_WORKER_IN_SERVER: 'false' }, path.join(place.dir, 'server.log'));
    const workers: ChildProcess[] = [];
    try {
      const [amina, mariama] = await Promise.all([tokenFor('amina.cm@iom-niger.example.org'), tokenFor('mariama.admin@tenere-femmes.example.org')]);
      for (const name of ['a', 'b']) await call(server, mariama, REGISTER, { i: { url: `${receiver.url}/${name}`, events: ['REFERRAL_RECEIVED'], secret: SECRET } });
      for (const name of ['w1', 'w2']) {
        const env: Record<string, string> = {};
        for (const [k, v] of Object.entries({ ...process.env, ...fastEnv, ...place.env, WEBHOOK_CONCURRENCY: '4' })) if (v !== undefined) env[k] = v;
        delete env.NODE_OPTIONS;
        const worker = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'cli', 'worker.js')], { env, cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        const out = fs.createWriteStream(path.join(place.dir, `${name}.log`));
        worker.stdout!.pipe(out);
        worker.stderr!.pipe(out);
        workers.push(worker);
      }
      const logOf = (n: string) => { try { return fs.readFileSync(path.join(place.dir, `${n}.log`), 'utf8'); } catch { return ''; } };
      await waitFor('both workers ready', () => ['w1', 'w2'].every((n) => logOf(n).includes('webhook worker ready')), 60_000);
      const caseId = await registerCase(server, amina, { givenName: 'Twina', familyName: 'Fictional' });
      const sent: string[] = [];
      for (let i = 0; i < 20; i++) sent.push((await sendReferral(server, amina, caseId)).id);

      // every referral announced to both endpoints
      await waitFor('40 deliveries', () => receiver.received.length >= 40, 60_000);
      await new Promise((r) => setTimeout(r, 2_000)); // anything delivered twice would show by now
      const ids = receiver.received.map((r) => r.headers['webhook-id']);
      expect(ids).toHaveLength(40);
      expect(new Set(ids).size).toBe(40);
      for (const name of ['/a', '/b']) expect(receiver.at(name).map((r) => r.json.data.referralId).sort()).toEqual([...sent].sort());
      // both workers took a share (each answer takes the receiver 30 ms, so neither drains the outbox alone)
      for (const n of ['w1', 'w2']) expect([n, logOf(n).includes('"msg":"webhook delivered"')]).toEqual([n, true]);
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once('exit', r)))));
      await server.stop();
      await receiver.close();
      await place.drop();
    }
  }, 240_000);
});
