import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { startServer, type RunningServer } from './support/server';
import { rawRequest } from './support/raw-http';

/**
 * A server run as in production, beside the suite's: the explorer switched on (without demo users),
 * /metrics alone on its own port, a strict anonymous rate limit, and OpenTelemetry tracing exported to a
 * local OTLP receiver. On the suite's PostgreSQL database when there is one, else on a fresh embedded one.
 */
interface ExportedSpan { traceId: string; name: string; attributes: Record<string, unknown> }

const hex = (id: string) => (/^[0-9a-f]+$/i.test(id) ? id.toLowerCase() : Buffer.from(id, 'base64').toString('hex'));
const valueOf = (v: any) => v?.stringValue ?? v?.intValue ?? v?.boolValue ?? v?.doubleValue ?? null;

function otlpReceiver(): Promise<{ server: http.Server; url: string; spans: ExportedSpan[] }> {
  const spans: ExportedSpan[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      try {
        const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        for (const rs of body.resourceSpans ?? []) for (const ss of rs.scopeSpans ?? []) for (const s of ss.spans ?? []) {
          spans.push({ traceId: hex(s.traceId), name: s.name, attributes: Object.fromEntries((s.attributes ?? []).map((a: any) => [a.key, valueOf(a.value)])) });
        }
      } catch {
        /* not OTLP/JSON: ignored */
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/v1/traces`, spans })));
}

const freePort = () => new Promise<number>((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address() as net.AddressInfo;
    s.close(() => resolve(port));
  });
});

async function until<T>(read: () => T | undefined, what: string, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`waited in vain for ${what}`);
}

describe('a production server: explorer when enabled, /metrics on its own port, tracing', () => {
  let server: RunningServer;
  let receiver: Awaited<ReturnType<typeof otlpReceiver>>;
  let metricsUrl: string;
  let workDir: string;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-ops-'));
    receiver = await otlpReceiver();
    const metricsPort = await freePort();
    metricsUrl = `http://127.0.0.1:${metricsPort}/metrics`;
    const database = process.env.MRN_TEST_DATABASE_URL
      ? { DATABASE_URL: process.env.MRN_TEST_DATABASE_URL }
      : { DATABASE_URL: undefined, DATA_DIR: path.join(workDir, 'data') };
    server = await startServer({
      ...database,
      NODE_ENV: 'production',
      JWT_SECRET: process.env.MRN_TEST_SECRET,
      STATS_PERTURBATION_KEY: randomBytes(24).toString('hex'),
      SEED_DEMO_DATA: 'false',
      EXPLORER: 'true',
      METRICS_PORT: String(metricsPort),
      METRICS_TOKEN: undefined,
      RATE_LIMIT_ANONYMOUS_PER_MINUTE: '3',
      // the suite's server delivers the webhooks of the shared database
      WEBHOOK_WORKER_IN_SERVER: 'false',
      SQL_STATEMENT_HEADER: 'false',
      OTEL_TRACES_EXPORTER: 'otlp',
      OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: receiver.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
      OTEL_SERVICE_NAME: 'mrn-operations-test',
    }, path.join(workDir, 'server.log'));
    // a fresh embedded database (initdb, migrations) on a busy machine takes far more than the default minute
  }, 240_000);
  afterAll(async () => {
    await server?.stop();
    receiver?.server.close();
    if (!process.env.KEEP_TEST_DATA) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('serves the explorer when EXPLORER=true, without demo users', async () => {
    const page = await rawRequest(`${server.url}/graphql`, { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.text).toContain('"demoTokens":false');
    expect((await rawRequest(`${server.url}/explorer/demo-tokens`)).status).toBe(404);
  });

  it('serves /metrics on METRICS_PORT only, and nothing else there', async () => {
    expect((await rawRequest(`${server.url}/metrics`)).status).toBe(404);
    const metrics = await rawRequest(metricsUrl);
    expect(metrics.status).toBe(200);
    expect(metrics.text).toMatch(/^mrn_db_pool_max_connections \d+$/m);
    expect((await rawRequest(metricsUrl.replace('/metrics', '/graphql'))).status).toBe(404);
  });

  it('exports spans that continue the caller\'s trace, with the trace id as request id, and keeps query strings out of them', async () => {
    const traceId = randomBytes(16).toString('hex');
    const traced = await rawRequest(`${server.url}/graphql`, { body: '{"query":"query Traced { __typename }"}', headers: { 'content-type': 'application/json', traceparent: `00-${traceId}-${randomBytes(8).toString('hex')}-01` } });
    expect(traced.headers['x-request-id']).toBe(traceId);
    const secret = `link-${randomBytes(8).toString('hex')}`;
    const report = await rawRequest(`${server.url}/reports/coverage?link=${secret}`);
    expect(report.status).toBe(401);

    const spans = await until(() => {
      const own = receiver.spans.filter((s) => s.traceId === traceId);
      return own.some((s) => s.attributes['url.path'] === '/graphql') && own.some((s) => /graphql|query/i.test(s.name) && s.name !== own[0].name) ? own : undefined;
    }, 'the spans of the traced request');
    expect(spans.length).toBeGreaterThanOrEqual(2);
    const reportSpan = await until(() => receiver.spans.find((s) => s.attributes['url.path'] === '/reports/coverage'), 'the report request span');
    expect(reportSpan.attributes['url.query']).toBe('[redacted]');
    expect(JSON.stringify(reportSpan)).not.toContain(secret);
    expect(JSON.stringify(receiver.spans)).not.toContain(secret);
  });

  it('counts rate-limit refusals', async () => {
    let refused = 0;
    for (let i = 0; i < 6 && refused === 0; i++) {
      const r = await rawRequest(`${server.url}/graphql`, { body: '{"query":"{ __typename }"}', headers: { 'content-type': 'application/json' } });
      if (r.status === 429) refused++;
    }
    expect(refused).toBe(1);
    const metrics = await rawRequest(metricsUrl);
    expect(metrics.text).toMatch(/^mrn_rate_limit_refusals_total\{caller="anonymous",kind="request"\} [1-9]/m);
  });
});
