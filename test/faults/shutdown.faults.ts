import path from 'node:path';
import { execSync } from 'node:child_process';
import { startServer } from '../support/server';
import { baseEnv, freshDatabase, gqlAt, token } from './support';

const SEARCH = `{ services(first: 50, filter: { countryCode: "NE" }) { totalCount edges { node { name agency { name } locations { area { name } } } } } }`;

describe('draining and the database going away', () => {
  it('finishes in-flight requests on SIGTERM, then exits cleanly', async () => {
    const db = await freshDatabase('embedded');
    // NODE_ENV=production-like: signal handling must not depend on the test environment
    const server = await startServer({ ...baseEnv, ...db.env, NODE_ENV: 'development' }, path.join(db.dir, 'server.log'));
    try {
      const t = await token('amina.cm@iom-niger.example.org');
      await gqlAt(server.url, t, SEARCH); // warm up
      const inFlight = Array.from({ length: 20 }, () => gqlAt(server.url, t, SEARCH));
      // every request has reached the server (the database answers them one after another) when the signal comes
      await new Promise((r) => setTimeout(r, 150));
      const exit = server.stop('SIGTERM');
      const results = await Promise.allSettled(inFlight);
      const answered = results.filter((r) => r.status === 'fulfilled' && (r as PromiseFulfilledResult<any>).value.status === 200);
      expect(answered.length).toBe(20);
      expect(await exit).toBe(0);
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
