/**
 * `npm run bench:profile -- <workload> [--seconds 10] [--clients 8] [--cpu [--rounds 3]]`: starts the server under
 * `node --cpu-prof` on DATABASE_URL (the scaled data), drives one workload, and prints the functions
 * that took the most CPU time in the server (self time, and by module), the profile left in bench/results.
 * `--cpu`: no profiler; the server's own CPU time per request (user + system, from /proc), lowest of `rounds`
 * runs. Unlike req/s it hardly moves when other work shares the machine, so it compares two builds on a busy one.
 */
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { signToken } from '../src/auth/jwt';
import type { Role } from '../src/auth/roles';
import { readScaleManifest } from './seed-scale';
import { httpRun, type HttpRequest } from './load';
import { DEFAULT_MIX_SEED, loadSearchMixData, MIX_QUERY, mixBody, searchMixSequence } from './search-mix';
import { request, SERVER_NODE_FLAGS, startNodeProcess } from './processes';
import { PAGE, WORKLOADS, type Persona } from './workloads';

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** `skipUs`: samples of the first microseconds of the profile left out (the server's start, the search index's load). */
export function summarize(whole: CpuProfile, top = 25, skipUs = 0): string[] {
  let elapsed = 0;
  const kept = whole.samples.map((_id, i) => (elapsed += whole.timeDeltas[i] ?? 0) >= skipUs);
  const profile = { ...whole, samples: whole.samples.filter((_id, i) => kept[i]), timeDeltas: whole.timeDeltas.filter((_d, i) => kept[i]) };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const short = (url: string) => url.replace(/^file:\/\//, '').replace(/.*node_modules\//, '').replace(process.cwd() + '/', '');
  const fnTimes = new Map<string, number>();
  const moduleTimes = new Map<string, number>();
  for (const [id, us] of self) {
    const f = byId.get(id)!.callFrame;
    const key = `${f.functionName || '(anonymous)'} ${short(f.url)}:${f.lineNumber + 1}`;
    fnTimes.set(key, (fnTimes.get(key) ?? 0) + us);
    const mod = f.url ? (short(f.url).split('/').slice(0, short(f.url).startsWith('@') ? 2 : 1).join('/') || f.url) : `(${f.functionName || 'native'})`;
    moduleTimes.set(mod, (moduleTimes.get(mod) ?? 0) + us);
  }
  // inclusive time: each sample counts once for every distinct function on its stack
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (id: number) => { const f = byId.get(id)!.callFrame; return `${f.functionName || '(anonymous)'} ${short(f.url)}:${f.lineNumber + 1}`; };
  const inclusive = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) seen.add(keyOf(n));
    for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const pct = (us: number) => `${((100 * us) / total).toFixed(1).padStart(5)}%`;
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]);
  return [
    `total sampled: ${(total / 1e6).toFixed(2)} s`,
    'by module:', ...sorted(moduleTimes).slice(0, 15).map(([k, v]) => `  ${pct(v)} ${k}`),
    'by function (self time):', ...sorted(fnTimes).slice(0, top).map(([k, v]) => `  ${pct(v)} ${k}`),
    'by function (with what it calls):', ...sorted(inclusive).filter(([k]) => !k.startsWith('(root)')).slice(0, top * 2).map(([k, v]) => `  ${pct(v)} ${k}`),
  ];
}

/** User + system CPU time of a process so far, in ms (Linux /proc). */
function processCpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  // utime and stime are fields 14 and 15 of the whole line, in clock ticks (100 per second on Linux)
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const id = args.find((a) => !a.startsWith('--')) ?? 'search';
  const opt = (name: string, dflt: number) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : dflt; };
  const seconds = opt('seconds', 10);
  const clients = opt('clients', 8);
  // `mix`: the search mix's distinct requests (bench/search-mix.ts), as the bench sends them
  const workload = id === 'mix' ? { id: 'mix', persona: 'caseManager' as Persona, query: MIX_QUERY, variables: () => ({}) } : WORKLOADS.find((w) => w.id === id);
  if (!workload) throw new Error(`unknown workload ${id} (mix, ${WORKLOADS.map((w) => w.id).join(', ')})`);
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) throw new Error('set DATABASE_URL to the database filled by npm run seed:scale');
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  const db = { query: async (sql: string, params?: unknown[]) => (await client.query(sql, params)).rows };
  const manifest = await readScaleManifest(db);
  const mixData = id === 'mix' ? await loadSearchMixData(db) : null;
  await client.end();
  if (!manifest) throw new Error('no scale data in this database: run npm run seed:scale');

  const secret = randomBytes(32).toString('hex');
  const claims: Record<Persona, { sub: string; agency: string; roles: Role[] }> = {
    caseManager: { sub: 'bench-case-manager', agency: manifest.senderAgencyId, roles: ['CASE_MANAGER' as Role] },
    focalPoint: { sub: 'bench-focal-point', agency: manifest.benchAgencyId, roles: ['REFERRAL_FOCAL_POINT' as Role] },
    steering: { sub: 'bench-steering', agency: manifest.senderAgencyId, roles: ['STEERING_COMMITTEE' as Role] },
  };
  const token = await signToken(secret, claims[workload.persona], '1h');
  const outDir = path.resolve('bench', 'results', 'profiles');
  fs.mkdirSync(outDir, { recursive: true });
  const before = new Set(fs.readdirSync(outDir));
  const cpuOnly = args.includes('--cpu');
  const spawnedAt = Date.now();
  const server = await startNodeProcess('profiled-server', [...SERVER_NODE_FLAGS, ...(cpuOnly ? [] : ['--cpu-prof', `--cpu-prof-dir=${outDir}`]), path.resolve('dist', 'src', 'main.js')], {
    NODE_ENV: 'benchmark', DATABASE_URL: databaseUrl, JWT_SECRET: secret, JWKS_URL: undefined, LOG_LEVEL: 'warn', SEED_DEMO_DATA: 'false',
    RATE_LIMIT_PER_MINUTE: '1000000', RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000', REDIS_URL: undefined, ...(process.env.BENCH_DISABLE_DISCLOSURE_CHECK ? { BENCH_DISABLE_DISCLOSURE_CHECK: 'true' } : {}),
    // DIRECTORY_SEARCH_INDEX=false keeps the index's load at start out of a profile of another workload
    ...(process.env.DIRECTORY_SEARCH_INDEX ? { DIRECTORY_SEARCH_INDEX: process.env.DIRECTORY_SEARCH_INDEX } : {}),
  }, path.join(outDir, 'server.log'));
  const sequence = mixData ? searchMixSequence(mixData, DEFAULT_MIX_SEED) : null;
  const req: HttpRequest = {
    url: server.url,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: sequence ? mixBody(sequence.next().value) : JSON.stringify({ query: workload.query, variables: workload.variables(manifest, PAGE) }),
    ...(sequence ? { nextBody: () => { const r = sequence.next().value; return { body: mixBody(r), label: r.variables.filter }; } } : {}),
  };
  const one = await request(`${server.url}/graphql`, { method: 'POST', headers: req.headers, body: req.body });
  console.log(`${workload.id}: one answer is ${one.body.length} bytes: ${one.body.slice(0, 200)}...`);
  if (cpuOnly) {
    const rounds = opt('rounds', 3);
    await httpRun(req, clients, 2); // warm-up: compiled queries, JIT
    const perRequest: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const cpuBefore = processCpuMs(server.child.pid!);
      const run = await httpRun(req, clients, seconds);
      perRequest.push((processCpuMs(server.child.pid!) - cpuBefore) / Math.max(1, run.requests));
      console.log(`${workload.id}: round ${i + 1}: ${run.reqPerSec} req/s at ${clients} clients, p50 ${run.p50} ms, server CPU ${perRequest[i].toFixed(2)} ms per request`);
    }
    await server.stop();
    console.log(`${workload.id}: server CPU per request (lowest of ${rounds}): ${Math.min(...perRequest).toFixed(2)} ms`);
    return;
  }
  const loadFrom = Date.now();
  const result = await httpRun(req, clients, seconds);
  await server.stop();
  const written = fs.readdirSync(outDir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f));
  console.log(`${workload.id}: ${result.reqPerSec} req/s at ${clients} clients (p50 ${result.p50} ms), ${result.ok} of ${result.requests} answered without error`);
  for (const f of written) {
    console.log(`profile: ${path.join(outDir, f)}`);
    // only the load: the start and the index's load would hide the requests' own work
    console.log(summarize(JSON.parse(fs.readFileSync(path.join(outDir, f), 'utf8')), 25, (loadFrom - spawnedAt) * 1000).join('\n'));
  }
}

if (require.main === module) main().catch((e) => { console.error(e); process.exit(1); });
