import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runServerToExit, startServer } from './support/server';

/** The embedded database: created and seeded on first start, reused later, and never opened by two servers. */
describe('embedded database folder', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-embedded-'));
  const dataDir = path.join(dir, 'data');
  const env = { DATABASE_URL: undefined, DATA_DIR: dataDir, JWT_SECRET: 'z'.repeat(40), SEED_DEMO_DATA: 'true', NODE_ENV: 'test' };
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes over a stale lock, refuses a second server on the same folder, and reuses the data on restart', async () => {
    // a lock left by a server that died
    fs.mkdirSync(dataDir, { recursive: true });
    fs.writeFileSync(path.join(dataDir, 'server.lock'), JSON.stringify({ pid: 2 ** 22 + 12345 }));

    const first = await startServer(env, path.join(dir, 'first.log'));
    try {
      const firstLog = fs.readFileSync(first.logFile, 'utf8');
      expect(firstLog).toContain('migrations applied');
      expect(firstLog).toContain('demo data loaded');

      const second = await runServerToExit(env);
      expect(second.code).toBe(1);
      expect(second.output).toContain(`The data folder ${dataDir} is already in use by another server (pid ${first.process.pid})`);

      // the first server is unharmed
      const health = await fetch(`${first.url}/readyz`);
      expect(health.status).toBe(200);
    } finally {
      expect(await first.stop('SIGTERM')).toBe(0);
    }
    expect(fs.existsSync(path.join(dataDir, 'server.lock'))).toBe(false);

    const again = await startServer(env, path.join(dir, 'again.log'));
    try {
      const log = fs.readFileSync(again.logFile, 'utf8');
      expect(log).not.toContain('migrations applied');
      expect(log).not.toContain('demo data loaded');
      expect((await fetch(`${again.url}/readyz`)).status).toBe(200);
    } finally {
      await again.stop('SIGTERM');
    }
  }, 180_000);
});
