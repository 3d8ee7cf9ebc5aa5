import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';

/** The repository root: the nearest folder above this file with the project's package.json (works from bench/ and from dist/bench/). */
/**
 * The V8 flags `npm start` runs the server with (package.json): a larger young generation, because a
 * page of 50 referrals or services allocates a lot of short-lived objects (+10-50% throughput measured
 * on the inbox). The benchmark starts its servers with the same flags, so it measures what runs.
 */
/** The V8 flags of `npm start` (test/bench-smoke.test.ts keeps the two equal). */
export const SERVER_V8_FLAGS = ['--max-semi-space-size=32'];
/** Node flags of every measured server: npm start's, and graphql-js loaded as in production (graphql-production.js). */
export const SERVER_NODE_FLAGS = [...SERVER_V8_FLAGS, '--require', path.join(repoRoot(), 'bench', 'graphql-production.js')];

export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const manifest = path.join(dir, 'package.json');
    if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'migrant-referral-network') return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`cannot find the repository root above ${__dirname}`);
    dir = parent;
  }
}

/**
 * One HTTP request on a connection of its own, closed afterwards (no keep-alive socket left behind for
 * a server's graceful stop to wait for).
 */
export function request(url: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', agent: false, headers: { connection: 'close', ...options.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

/** A free TCP port on the loopback interface. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface RunningProcess {
  name: string;
  url: string;
  port: number;
  child: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/**
 * Starts `node <args>` with PORT set to a free port, logs to `logFile`, and waits until GET /readyz answers 200
 * (with the directory search index loaded).
 * Only this process (by its own handle) is ever signalled.
 */
export async function startNodeProcess(name: string, args: string[], env: Record<string, string | undefined>, logFile: string, timeoutMs = 120_000): Promise<RunningProcess> {
  const port = await freePort();
  const childEnv: Record<string, string> = {};
  for (const [k, v] of Object.entries({ ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' })) if (v !== undefined) childEnv[k] = v;
  delete childEnv.NODE_OPTIONS; // jest's flags (when run from the smoke test) are not the server's
  fs.mkdirSync(path.dirname(logFile), { recursive: true });
  const log = fs.createWriteStream(logFile, { flags: 'a' });
  const child = spawn(process.execPath, args, { env: childEnv, cwd: repoRoot(), stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  let exitCode: number | null | undefined;
  const exited = new Promise<void>((resolve) => child.once('exit', (code) => {
    exitCode = code;
    resolve();
  }));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exitCode !== undefined) throw new Error(`${name} exited with code ${exitCode} before it was ready; see ${logFile}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} was not ready within ${timeoutMs} ms; see ${logFile}`);
    }
    try {
      const response = await request(`${url}/readyz`);
      // and, for the API server, once its directory search index has loaded (searches run in SQL until then)
      if (response.status === 200 && !response.body.includes('"searchIndex":"loading"')) break;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    name, url, port, child, logFile,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        // the load is over: no need to wait for a graceful drain of keep-alive connections
        const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
        await exited;
        clearTimeout(timer);
      }
      log.end();
    },
  };
}

/**
 * Waits until every API process of a server of `count` (API_PROCESSES) has loaded its search index: /readyz
 * answers from whichever process gets the connection (each request a new one, handed round-robin), so it
 * asks until 4 x `count` answers in a row say loaded.
 */
export async function waitForEveryProcess(url: string, count: number, timeoutMs = 300_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (let inARow = 0; inARow < 4 * count;) {
    if (Date.now() > deadline) throw new Error(`the ${count} API processes of ${url} did not all load their search index within ${timeoutMs} ms`);
    const response = await request(`${url}/readyz`).catch(() => null);
    const loaded = response?.status === 200 && !response.body.includes('"searchIndex":"loading"');
    inARow = loaded ? inARow + 1 : 0;
    if (!loaded) await new Promise((r) => setTimeout(r, 100));
  }
}
