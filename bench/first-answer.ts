/**
 * How long a person waits for the first GraphQL answer after `npm start` on a built checkout:
 *   npm run bench:first-answer [-- runs]
 * Runs the real `npm start` (its build step, a no-op when nothing changed, included) on a free port,
 * first on a new data folder (created, migrated, demo data loaded), then again on the same folder, and
 * asks `{ me { userId } }` with a demo token every 100 ms until it is answered. Prints a Markdown table.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../src/auth/jwt';
import { DEVELOPMENT_JWT_SECRET } from '../src/config';
import { users } from '../seed/demo-data';

const ROOT = path.resolve(__dirname, '..', '..');

const freePort = () => new Promise<number>((resolve) => {
  const s = net.createServer();
  s.listen(0, '127.0.0.1', () => {
    const { port } = s.address() as net.AddressInfo;
    s.close(() => resolve(port));
  });
});

async function firstAnswer(dataDir: string, token: string): Promise<{ ms: number; startupMs: number | null }> {
  const port = await freePort();
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, NODE_ENV: 'development', JWT_SECRET: '', JWKS_URL: '', DATABASE_URL: '', LOG_LEVEL: 'info' };
  const started = Date.now();
  // its own process group, so that npm and the server it starts are stopped together
  const child = spawn('npm', ['start', '--silent'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  try {
    for (let i = 0; i < 1200; i++) {
      try {
        const r = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: '{"query":"{ me { userId } }"}' });
        const body = (await r.json()) as { data?: { me?: { userId: string } } };
        if (body.data?.me?.userId) {
          const ms = Date.now() - started;
          const startupMs = /"startupMs":(\d+)/.exec(output);
          return { ms, startupMs: startupMs ? Number(startupMs[1]) : null };
        }
      } catch {
        /* not listening yet */
      }
      if (child.exitCode !== null) throw new Error(`npm start exited (${child.exitCode}):\n${output.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('no answer within 120 s');
  } finally {
    try { process.kill(-child.pid!, 'SIGTERM'); } catch { /* gone */ }
    await new Promise((r) => (child.exitCode !== null ? r(null) : child.once('exit', r)));
  }
}

async function main() {
  const runs = Number(process.argv[2] ?? 2);
  const amina = users.find((u) => u.email === 'amina.cm@iom-niger.example.org')!;
  const token = await signToken(DEVELOPMENT_JWT_SECRET, { sub: amina.id, agency: amina.agency, roles: amina.roles }, '1h');
  const rows: string[] = [];
  for (let run = 1; run <= runs; run++) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-first-answer-'));
    try {
      const fresh = await firstAnswer(path.join(dir, 'data'), token);
      const again = await firstAnswer(path.join(dir, 'data'), token);
      rows.push(`| ${run} | ${(fresh.ms / 1000).toFixed(1)} s (server ${((fresh.startupMs ?? 0) / 1000).toFixed(1)} s) | ${(again.ms / 1000).toFixed(1)} s (server ${((again.startupMs ?? 0) / 1000).toFixed(1)} s) |`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log('| Run | New data folder (created, migrated, demo data) | Existing data folder |');
  console.log('| --- | ---: | ---: |');
  for (const r of rows) console.log(r);
}

main().catch((e) => {
  console.error(e.message);
  process.exit(1);
});
