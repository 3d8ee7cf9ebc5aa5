import fs from 'node:fs';
import path from 'node:path';
import { execSync } from 'node:child_process';
import { startServer } from '../support/server';
import { baseEnv, freshDatabase, gqlAt, token } from './support';

const SEARCH = `{ services(first: 50, filter: { countryCode: "NE" }) { totalCount edges { node { name agency { name } locations { area { name } } } } } }`;

describe('draining and the database going away', () => {
  it('finishes in-flight requests on SIGTERM, then exits cleanly', async () => {
    const db = await freshDatabase('embedded');
    const metricsToken = 'm'.repeat(32);
    // NODE_ENV=production-like: signal handling must not depend on the test environment
    const server = await startServer({ ...baseEnv, ...db.env, NODE_ENV: 'development', METRICS_TOKEN: metricsToken }, path.join(db.dir, 'server.log'));
    /** GraphQL requests the server has received: answered ones and those in flight (less the scrape itself). */
    const received = async () => {
      const text = await (await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${metricsToken}` } })).text();
      const value = (line: RegExp) => text.split('\n').filter((l) => line.test(l)).reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
      return value(/^mrn_http_request_duration_seconds_count\{route="\/graphql"/) + value(/^mrn_http_requests_in_flight /) - 1;
    };
    try {
      const t = await token('amina.cm@iom-niger.example.org');
      await gqlAt(server.url, t, SEARCH); // warm up
      const before = await received();
      const inFlight = Array.from({ length: 20 }, () => gqlAt(server.url, t, SEARCH));
      // the signal comes once the server has every request (on a busy machine it may take a while to read them all)
      for (let waited = 0; (await received()) - before < 20; waited += 20) {
        if (waited > 30_000) throw new Error(`the server received ${(await received()) - before} of 20 requests in 30 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
      const exit = server.stop('SIGTERM');
      const results = await Promise.allSettled(inFlight);
      const answered = results.filter((r) => r.status === 'fulfilled' && (r as PromiseFulfilledResult<any>).value.status === 200);
      expect(answered.length).toBe(20);
      expect(await exit).toBe(0);
    } finally {
      await db.drop();
    }
  }, 120_000);

  it('with SHUTDOWN_DELAY_SECONDS, says "stopping" on /readyz and still answers, each answer closing its connection, then exits cleanly', async () => {
    const db = await freshDatabase('embedded');
    const server = await startServer({ ...baseEnv, ...db.env, NODE_ENV: 'development', SHUTDOWN_DELAY_SECONDS: '3' }, path.join(db.dir, 'server.log'));
    try {
      const t = await token('amina.cm@iom-niger.example.org');
      const before = await fetch(`${server.url}/readyz`);
      expect(before.status).toBe(200);
      expect(before.headers.get('connection')).not.toBe('close');
      const signalled = Date.now();
      const exit = server.stop('SIGTERM');
      // the log line says the delay has begun: from then on the load balancer sees 503
      for (let waited = 0; !fs.readFileSync(server.logFile, 'utf8').includes('stopping: /readyz says so'); waited += 20) {
        if (waited > 10_000) throw new Error('the server did not begin its shutdown delay within 10 s');
        await new Promise((r) => setTimeout(r, 20));
      }
      const readiness = await fetch(`${server.url}/readyz`);
      expect([readiness.status, await readiness.json()]).toEqual([503, { status: 'stopping' }]);
      const answered = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` }, body: JSON.stringify({ query: SEARCH }) });
      expect([answered.status, answered.headers.get('connection')]).toEqual([200, 'close']);
      expect(((await answered.json()) as any).data.services.totalCount).toBeGreaterThan(0);
      expect(await exit).toBe(0);
      // it waited out the delay before draining
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(3_000);
    } finally {
      await db.drop();
    }
  }, 120_000);

  const canRestartPostgres = process.getuid?.() === 0 && !!process.env.CI_FAULTS_RESTART_POSTGRES;
  (canRestartPostgres ? it : it.skip)('fails readiness and requests clearly while PostgreSQL is down, and recovers by itself', async () => {
    const db = await freshDatabase('postgres');
    const server = await startServer({ ...baseEnv, ...db.env }, path.join(db.dir, 'server.log'));
    const cluster = `pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql | head -n 1) main`;
    try {
      const t = await token('amina.cm@iom-niger.example.org');
      expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
      execSync(`${cluster} stop -m fast`, { stdio: 'ignore' });
      try {
        expect((await fetch(`${server.url}/readyz`)).status).toBe(503);
        const down = await gqlAt(server.url, t, SEARCH);
        expect(down.body.errors?.length).toBeGreaterThan(0);
        expect(JSON.stringify(down.body)).not.toMatch(/ECONNREFUSED|stack|\.ts:/);
      } finally {
        execSync(`${cluster} start`, { stdio: 'ignore' });
      }
      let ready = false;
      for (let i = 0; i < 60 && !ready; i++) {
        ready = (await fetch(`${server.url}/readyz`)).status === 200;
        if (!ready) await new Promise((r) => setTimeout(r, 500));
      }
      expect(ready).toBe(true);
      const up = await gqlAt(server.url, t, SEARCH);
      expect(up.body.errors).toBeUndefined();
      expect(up.body.data.services.totalCount).toBeGreaterThan(0);
    } finally {
      await server.stop('SIGTERM');
      await db.drop();
    }
  }, 180_000);
});
