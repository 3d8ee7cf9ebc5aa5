import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../src/auth/jwt';
import { Role } from '../src/auth/roles';
import { AGENCY } from '../seed/demo-data';
import { runServerToExit, startServer, type RunningServer } from './support/server';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/**
 * One instance, several API processes on one port (API_PROCESSES, src/cluster.ts): both answer, a person has one
 * rate-limit budget across them (not one per process), /metrics sums them, a process that dies is replaced, and
 * a stop ends them all cleanly. PostgreSQL only: the embedded database serves one process, and says so.
 */
const base = process.env.DATABASE_URL;
const onPostgres = base ? describe : describe.skip;
const secret = randomBytes(32).toString('hex');
const metricsToken = randomBytes(24).toString('hex');

/** A request on a connection of its own (no keep-alive), so that the primary hands each to the next process. */
function post(port: number, token: string, query: string, requestId: string, timeoutMs = 60_000): Promise<{ status: number; body: any }> {
  const body = JSON.stringify({ query });
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: '/graphql', method: 'POST', agent: false,
      headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}`, 'x-request-id': requestId } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.end(body);
  });
}

/** The log lines of the instance (every process writes to the primary's output). */
const logLines = (server: RunningServer): any[] => fs.readFileSync(server.logFile, 'utf8').split('\n').flatMap((l) => {
  try { return [JSON.parse(l)]; } catch { return []; }
});

const alive = (pid: number) => {
  try { process.kill(pid, 0); return true; } catch { return false; }
};

describe('API_PROCESSES on the embedded database', () => {
  it('is refused, saying to set DATABASE_URL', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-processes-embedded-'));
    const { code, output } = await runServerToExit({ NODE_ENV: 'test', DATABASE_URL: undefined, DATA_DIR: dir, API_PROCESSES: '2', JWT_SECRET: secret });
    fs.rmSync(dir, { recursive: true, force: true });
    expect(code).toBe(1);
    expect(output).toMatch(/API_PROCESSES.*DATABASE_URL/);
  }, 60_000);
});

onPostgres('one instance with two API processes (API_PROCESSES=2)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-processes-'));
  let database: TestDatabase;
  let server: RunningServer;
  const run = randomBytes(4).toString('hex');
  const person = () => signToken(secret, { sub: randomUUID(), agency: AGENCY.IOM_NIGER, roles: [Role.CASE_MANAGER] }, '1h');

  beforeAll(async () => {
    database = await createTestDatabase(base!, 'mrn_processes');
    server = await startServer({
      NODE_ENV: 'test', DATABASE_URL: database.url, DATA_DIR: undefined, JWT_SECRET: secret, JWKS_URL: undefined, SEED_DEMO_DATA: 'true', LOG_LEVEL: 'info',
      API_PROCESSES: '2', RATE_LIMIT_PER_MINUTE: '40', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000', REDIS_URL: undefined, METRICS_TOKEN: metricsToken, METRICS_PORT: undefined,
      WEBHOOK_WORKER_IN_SERVER: 'false', OTEL_TRACES_EXPORTER: undefined, OTEL_EXPORTER_OTLP_ENDPOINT: undefined,
    }, path.join(dir, 'server.log'), 240_000, 'all API processes ready');
  }, 300_000);

  afterAll(async () => {
    const pids = logLines(server).filter((l) => l.msg === 'API process started').map((l) => l.pid as number);
    const code = await server?.stop();
    await database?.drop();
    expect(code).toBe(0);
    // every process it started is gone with it
    expect(pids.filter(alive)).toEqual([]);
    fs.rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it('answers from both processes on one port, with one rate-limit budget per person across them', async () => {
    const token = await person();
    const answers: { status: number; body: any }[] = [];
    for (let i = 0; i < 60; i++) answers.push(await post(server.port, token, 'query ProcessesBudget { __typename }', `processes-${run}-${i}`));
    // 40 a minute for the person: two processes granting their own would have let all 60 through
    expect(answers.filter((a) => a.status === 200).length).toBe(40);
    expect(answers.filter((a) => a.status === 429).length).toBe(20);
    expect(answers.find((a) => a.status === 429)!.body.errors[0].extensions.code).toBe('RATE_LIMITED');
    const served = new Set(logLines(server).filter((l) => typeof l.requestId === 'string' && l.requestId.startsWith(`processes-${run}-`)).map((l) => l.process));
    expect([...served].sort()).toEqual([1, 2]);
  }, 120_000);

  it('sums the processes in /metrics, asked through either', async () => {
    const token = await person();
    for (let i = 0; i < 12; i++) expect((await post(server.port, token, 'query ProcessesCounted { __typename }', `counted-${run}-${i}`)).status).toBe(200);
    for (let i = 0; i < 4; i++) {
      const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}`, connection: 'close' } })).text();
      expect(text).toContain('mrn_graphql_requests_total{operation="ProcessesCounted",outcome="OK"} 12\n');
    }
  }, 60_000);

  it('replaces a process that dies, and serves from the other and the new one', async () => {
    const started = logLines(server).filter((l) => l.msg === 'API process started');
    const victim = started[0];
    process.kill(victim.pid, 'SIGKILL');
    const token = await person();
    // a connection handed to the process in the instant it died is lost with it (node:cluster's round robin):
    // the client's timeout ends it; every other is answered by the one alive, then by it and its replacement
    const until = Date.now() + 120_000;
    let answered = 0;
    while (!logLines(server).some((l) => l.msg === 'server ready' && l.process > 2)) {
      if (Date.now() > until) throw new Error('no process replaced the one killed within 120 s');
      if ((await post(server.port, token, '{ __typename }', `meanwhile-${run}-${answered}`, 5_000).catch(() => null))?.status === 200) answered++;
      await new Promise((r) => setTimeout(r, 50));
    }
    // a person of their own: the requests meanwhile (one each 50 ms while the replacement starts) may have spent the first one's 40
    const after = await person();
    for (let i = 0; i < 10; i++) expect((await post(server.port, after, '{ __typename }', `after-${run}-${i}`)).status).toBe(200);
    const served = new Set(logLines(server).filter((l) => typeof l.requestId === 'string' && l.requestId.startsWith(`after-${run}-`)).map((l) => l.process));
    expect([...served].sort()).toEqual([2, 3]);
    expect(logLines(server).find((l) => l.msg === 'an API process exited')).toMatchObject({ process: victim.process, signal: 'SIGKILL' });
    expect(alive(victim.pid)).toBe(false);
  }, 180_000);
});
