/**
 * A quick probe of the directory search under a mix of distinct searches (issue 18's search mix: 70% text
 * of one or two directory words, 15% of those with a typo; 50% a category; 25% near a point with a radius
 * of 10-100 km, else 60% an area; 30% a population; 15% an age; page size 20, totalCount asked).
 *
 *   node dist/bench/search-probe.js [--count 400] [--seed 1]              in process: SQL and index, interleaved
 *   node dist/bench/search-probe.js --url http://host:port --secret S [--clients 1]   over HTTP (a running server)
 *
 * In process, each search runs through both engines of searchServices (src/directory/search.ts) in turn,
 * so both share the machine's load; the page's rows come from PostgreSQL in both. Over HTTP the request
 * selects what the mix selects (agency, categories, locations with their area). DATABASE_URL: the scale data.
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { signToken } from '../src/auth/jwt';
import { Role, type Viewer } from '../src/auth/roles';
import { dataSourceOptions } from '../src/db/data-source';
import { Population } from '../src/directory/enums';
import type { ServiceFilter } from '../src/directory/inputs';
import { searchServices } from '../src/directory/search';
import { SearchIndex } from '../src/directory/search-index';
import { entities } from '../src/entities';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};

/** Distinct searches of the mix, drawn reproducibly from the data. */
export async function searchMix(db: { query(sql: string, params?: unknown[]): Promise<any[]> }, count: number, seed: number): Promise<ServiceFilter[]> {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const words: string[] = (await db.query(`SELECT w FROM (SELECT unnest(tsvector_to_array(to_tsvector('simple', names->>'en'))) w FROM services
    WHERE id IN (SELECT id FROM services ORDER BY id LIMIT 2000)) x WHERE length(w) >= 3 AND w !~ '^[0-9]+$' ORDER BY w`)).map((r) => r.w);
  const categories: string[] = (await db.query(`SELECT code FROM service_categories ORDER BY code`)).map((r) => r.code);
  const areas: string[] = (await db.query(`SELECT id FROM areas WHERE level IN ('REGION', 'DISTRICT') ORDER BY id`)).map((r) => r.id);
  const points: { latitude: number; longitude: number }[] = await db.query(`SELECT latitude, longitude FROM locations WHERE latitude IS NOT NULL ORDER BY id`);
  const populations = Object.values(Population).filter((p) => p !== Population.ALL);
  const typo = (w: string) => {
    const i = 1 + Math.floor(random() * (w.length - 1));
    return w.slice(0, i) + 'xqzk'[Math.floor(random() * 4)] + w.slice(i + 1);
  };
  const seen = new Set<string>();
  const filters: ServiceFilter[] = [];
  while (filters.length < count) {
    const f: ServiceFilter = {};
    if (random() < 0.7) {
      const text = [pick(words)];
      if (random() < 0.4) text.push(pick(words));
      if (random() < 0.15) text[0] = typo(text[0]);
      f.text = text.join(' ');
    }
    if (random() < 0.5) f.categories = [pick(categories)];
    if (random() < 0.25) {
      const p = pick(points);
      f.near = { latitude: p.latitude + (random() - 0.5) * 0.2, longitude: p.longitude + (random() - 0.5) * 0.2, radiusKm: 10 + Math.floor(random() * 90) };
    } else if (random() < 0.6) f.areaIds = [pick(areas)];
    if (random() < 0.3) f.population = pick(populations);
    if (random() < 0.15) f.age = Math.floor(random() * 70);
    const key = JSON.stringify(f);
    if (seen.has(key)) continue;
    seen.add(key);
    filters.push(f);
  }
  return filters;
}

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
function summary(name: string, ms: number[], seconds?: number): string {
  const s = [...ms].sort((a, b) => a - b);
  return `${name}: n=${s.length} p50=${quantile(s, 0.5).toFixed(1)} ms p90=${quantile(s, 0.9).toFixed(1)} p99=${quantile(s, 0.99).toFixed(1)} max=${s[s.length - 1].toFixed(1)}`
    + (seconds ? ` ${(s.length / seconds).toFixed(0)} req/s` : '');
}

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL: the database with the scale data');
  const db = new DataSource(dataSourceOptions({ url }, 8, entities));
  await db.initialize();
  const count = Number(arg('count', '400'));
  const filters = await searchMix(db, count, Number(arg('seed', '1')));
  const [{ id: agencyId }] = await db.query(`SELECT id FROM agencies ORDER BY id LIMIT 1 OFFSET 2`);

  const server = arg('url', '');
  if (server) {
    const token = await signToken(arg('secret', ''), { sub: 'search-probe', agency: agencyId, roles: [Role.CASE_MANAGER] }, '1h');
    const query = `query Mix($filter: ServiceFilter, $first: Int!) { services(filter: $filter, first: $first) { totalCount
      edges { distanceKm node { name agency { name } categories { code name } locations { name area { name } } } } } }`;
    const one = async (filter: ServiceFilter) => {
      const started = performance.now();
      const response = await fetch(`${server}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query, variables: { filter, first: 20 } }) });
      const body = await response.json() as { errors?: { message: string }[] };
      if (body.errors) console.error(JSON.stringify(filter), body.errors[0].message);
      return performance.now() - started;
    };
    const clients = Number(arg('clients', '1'));
    let next = 0;
    const ms: number[] = [];
    const started = performance.now();
    await Promise.all(Array.from({ length: clients }, async () => {
      while (next < filters.length) ms.push(await one(filters[next++]));
    }));
    console.log(summary(`HTTP, ${clients} client(s)`, ms, (performance.now() - started) / 1000));
  } else {
    const index = new SearchIndex(db);
    const loadStarted = Date.now();
    index.start();
    if (!(await index.loaded())) throw new Error('the index did not load');
    console.log(`index loaded in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s; heap ${(process.memoryUsage().heapUsed / 2 ** 20).toFixed(0)} MB`);
    const viewer: Viewer = { userId: 'search-probe', agencyId, roles: [Role.CASE_MANAGER] };
    const times = { sql: [] as number[], index: [] as number[] };
    const slowest: { ms: number; engine: string; total: number; filter: ServiceFilter }[] = [];
    for (const filter of filters) {
      for (const engine of ['index', 'sql'] as const) {
        const started = performance.now();
        const page = await searchServices(db, viewer, { filter, first: 20, lang: 'en', staleAfterDays: 180 }, engine === 'index' ? index : null);
        const total = await page.count();
        const ms = performance.now() - started;
        times[engine].push(ms);
        slowest.push({ ms, engine, total, filter });
      }
    }
    console.log(summary('SQL engine  ', times.sql));
    console.log(summary('index engine', times.index));
    for (const engine of ['sql', 'index']) {
      console.log(`slowest (${engine}):`);
      for (const s of slowest.filter((x) => x.engine === engine).sort((a, b) => b.ms - a.ms).slice(0, 6)) console.log(`  ${s.ms.toFixed(1)} ms, ${s.total} matches: ${JSON.stringify(s.filter)}`);
    }
    index.stop();
  }
  await db.destroy();
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
