import type { ScaleManifest } from './seed-scale';

/**
 * The search mix: distinct directory searches as a network of case managers sends them, generated
 * reproducibly (a seeded PRNG) from what the scale data holds. Issue 18's shape, each part drawn on its own:
 * 70% carry a text of one or two directory words (15% of those with one typo: a letter changed, dropped
 * or two swapped), 50% a category (top level or sub-category, half and half), 25% a `near` point (a site
 * of the data, moved by up to ~5 km) with a radius of 10-100 km, otherwise (no `near`) 60% an area (a
 * region or a district, half and half); 30% a population, 15% an age. Page size 20.
 *
 * No request repeats within a sequence (a seen set), so that a run measures searching, not the cache:
 * the sequence is lazy and endless, and one sequence is shared by every connection of a server's runs.
 */

export const MIX_PAGE = 20;

export const MIX_QUERY = `query BenchSearchMix($filter: ServiceFilter, $first: Int!) {
  services(filter: $filter, first: $first) {
    totalCount
    edges { distanceKm node { id name agency { id name } categories { code name } locations { id name area { id name } } } }
  }
}`;

export interface SearchMixRequest {
  /** Position in the sequence (0-based). */
  index: number;
  variables: { first: number; filter: SearchMixFilter };
  /** What the request carries, for the report's shape check. */
  parts: { text: boolean; typo: boolean; category: boolean; near: boolean; area: boolean; population: boolean; age: boolean };
}

export interface SearchMixFilter {
  text?: string;
  categories?: string[];
  near?: { latitude: number; longitude: number; radiusKm: number };
  areaIds?: string[];
  population?: string;
  age?: number;
}

/** What the generator draws from, read once from the database. */
export interface SearchMixData {
  /** Words of services' names, one entry per occurrence in a fixed sample (common words come up more often). */
  nameWords: string[];
  /** Distinct words of the search vocabulary (letters only), when the database has one. */
  vocabularyWords: string[];
  topCategories: string[];
  subCategories: string[];
  points: { latitude: number; longitude: number }[];
  regionIds: string[];
  districtIds: string[];
  populations: string[];
}

type Db = { query(sql: string, params?: unknown[]): Promise<any[]> };

const STOP_WORDS = new Set(['and', 'the', 'for', 'with', 'des', 'les', 'pour', 'aux', 'avec', 'dans', 'sur', 'une', 'par', 'que', 'qui', 'est']);
const wordsOf = (text: string) => text.toLowerCase().split(/[^\p{L}]+/u).filter((w) => w.length >= 3 && !STOP_WORDS.has(w));

/** Reads the directory's words, categories, sites, areas and populations (a fixed sample: the same data gives the same mix). */
export async function loadSearchMixData(db: Db): Promise<SearchMixData> {
  const names = await db.query(`SELECT names FROM services WHERE status = 'ACTIVE' ORDER BY md5(id::text) LIMIT 5000`);
  const nameWords = names.flatMap((r) => Object.values(r.names as Record<string, string>).flatMap((n) => wordsOf(String(n))));
  const [{ present }] = await db.query(`SELECT to_regclass('search_vocabulary') IS NOT NULL AS present`);
  const vocabularyWords = present
    ? (await db.query(`SELECT word FROM search_vocabulary WHERE word ~ '^[[:alpha:]]{3,}$' ORDER BY word`)).map((r) => String(r.word).toLowerCase()).filter((w) => !STOP_WORDS.has(w))
    : [];
  const categories = await db.query(`SELECT code, parent_code FROM service_categories WHERE retired_at IS NULL ORDER BY code`);
  const points = await db.query(`SELECT latitude, longitude FROM locations WHERE latitude IS NOT NULL ORDER BY md5(id::text) LIMIT 2000`);
  const areas = await db.query(`SELECT id, level FROM areas WHERE level IN ('REGION', 'DISTRICT') ORDER BY id`);
  const populations = await db.query(`SELECT DISTINCT p FROM (SELECT unnest(populations) AS p FROM services) x WHERE p <> 'ALL' ORDER BY p`);
  const data: SearchMixData = {
    nameWords,
    vocabularyWords,
    topCategories: categories.filter((c) => !c.parent_code).map((c) => c.code),
    subCategories: categories.filter((c) => c.parent_code).map((c) => c.code),
    points: points.map((p) => ({ latitude: Number(p.latitude), longitude: Number(p.longitude) })),
    regionIds: areas.filter((a) => a.level === 'REGION').map((a) => a.id),
    districtIds: areas.filter((a) => a.level === 'DISTRICT').map((a) => a.id),
    populations: populations.map((p) => p.p),
  };
  if (!data.nameWords.length || !data.topCategories.length || !data.points.length || !data.regionIds.length) {
    throw new Error('the search mix needs services, categories, located sites and regions in the database (npm run seed:scale)');
  }
  return data;
}

/** sfc32: a small, fast PRNG with a 128-bit state; the same seed gives the same sequence on every machine. */
export function prng(seed: number): () => number {
  let a = 0x9e3779b9, b = 0x243f6a88, c = 0xb7e15162, d = seed >>> 0;
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 15; i++) next();
  return next;
}

const LATIN = 'abcdefghijklmnopqrstuvwxyz';

/** One typo in `word`: a letter changed, dropped, or two neighbours swapped. */
function typo(word: string, random: () => number): string {
  const letters = [...word];
  const i = Math.floor(random() * letters.length);
  const kind = Math.floor(random() * 3);
  if (kind === 0) {
    // changed: to another letter of the same alphabet (a Latin letter for a Latin one, else another letter of the word)
    const pool = /[a-z]/.test(letters[i]) ? LATIN : letters.join('');
    let other = letters[i];
    for (let tries = 0; other === letters[i] && tries < 20; tries++) other = pool[Math.floor(random() * pool.length)];
    if (other === letters[i]) other = letters[(i + 1) % letters.length] === letters[i] ? 'x' : letters[(i + 1) % letters.length];
    letters[i] = other;
  } else if (kind === 1) {
    letters.splice(i, 1);
  } else {
    const j = i < letters.length - 1 ? i + 1 : i - 1;
    if (letters[i] === letters[j]) letters.splice(i, 1); // swapping equal letters changes nothing: drop one instead
    else [letters[i], letters[j]] = [letters[j], letters[i]];
  }
  return letters.join('');
}

/** One request of the mix, drawn from `random` (may repeat an earlier one: the sequence below removes repeats). */
export function drawSearchMixRequest(data: SearchMixData, random: () => number, pageSize = MIX_PAGE): Omit<SearchMixRequest, 'index'> {
  const chance = (p: number) => random() < p;
  const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
  const word = () => (data.vocabularyWords.length && chance(0.4) ? pick(data.vocabularyWords) : pick(data.nameWords));
  const filter: SearchMixFilter = {};
  const parts = { text: false, typo: false, category: false, near: false, area: false, population: false, age: false };
  if (chance(0.7)) {
    const words = chance(0.5) ? [word()] : [word(), word()];
    if (chance(0.15)) {
      // the typo goes into a word long enough for a reader to still recognise it
      const long = words.map((w, i) => [w, i] as const).filter(([w]) => [...w].length >= 4);
      const [, at] = long.length ? pick(long) : [words[0], 0];
      words[at] = typo(words[at], random);
      parts.typo = true;
    }
    filter.text = words.join(' ');
    parts.text = true;
  }
  if (chance(0.5)) {
    filter.categories = [chance(0.5) || !data.subCategories.length ? pick(data.topCategories) : pick(data.subCategories)];
    parts.category = true;
  }
  if (chance(0.25)) {
    const p = pick(data.points);
    // ~5 km around a site of the data, so that the point is rarely exactly on a site
    const round = (x: number) => Math.round(x * 1e5) / 1e5;
    filter.near = { latitude: round(p.latitude + (random() - 0.5) * 0.09), longitude: round(p.longitude + (random() - 0.5) * 0.09), radiusKm: 10 + Math.floor(random() * 91) };
    parts.near = true;
  } else if (chance(0.6)) {
    filter.areaIds = [chance(0.5) || !data.districtIds.length ? pick(data.regionIds) : pick(data.districtIds)];
    parts.area = true;
  }
  if (data.populations.length && chance(0.3)) {
    filter.population = pick(data.populations);
    parts.population = true;
  }
  if (chance(0.15)) {
    filter.age = Math.floor(random() * 81);
    parts.age = true;
  }
  return { variables: { first: pageSize, filter }, parts };
}

/** The endless sequence of distinct requests of one seed. */
export function* searchMixSequence(data: SearchMixData, seed: number, pageSize = MIX_PAGE): Generator<SearchMixRequest, never> {
  const random = prng(seed);
  const seen = new Set<string>();
  let index = 0;
  for (;;) {
    let drawn = drawSearchMixRequest(data, random, pageSize);
    let tries = 0;
    while (seen.has(JSON.stringify(drawn.variables.filter))) {
      if (++tries > 10_000) throw new Error(`the search mix ran out of distinct requests after ${index}: too little data to draw from`);
      drawn = drawSearchMixRequest(data, random, pageSize);
    }
    seen.add(JSON.stringify(drawn.variables.filter));
    yield { index: index++, ...drawn };
  }
}

/** `count` distinct requests of the mix, the first of the sequence of `seed`. */
export async function generateSearchMix(db: Db, _manifest: ScaleManifest | null, options: { count: number; seed?: number; pageSize?: number; data?: SearchMixData }): Promise<SearchMixRequest[]> {
  const data = options.data ?? (await loadSearchMixData(db));
  const sequence = searchMixSequence(data, options.seed ?? DEFAULT_MIX_SEED, options.pageSize ?? MIX_PAGE);
  return Array.from({ length: options.count }, () => sequence.next().value);
}

export const DEFAULT_MIX_SEED = 18;

/** The request body of one request of the mix. */
export const mixBody = (r: Pick<SearchMixRequest, 'variables'>) => JSON.stringify({ query: MIX_QUERY, variables: r.variables });

/** The share of each part among `requests`, to compare with the intended shape. */
export function mixShape(requests: Pick<SearchMixRequest, 'parts'>[]): Record<keyof SearchMixRequest['parts'], number> {
  const share = (k: keyof SearchMixRequest['parts']) => Math.round((requests.filter((r) => r.parts[k]).length / Math.max(1, requests.length)) * 1000) / 1000;
  return { text: share('text'), typo: share('typo'), category: share('category'), near: share('near'), area: share('area'), population: share('population'), age: share('age') };
}
