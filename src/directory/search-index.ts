import type { DataSource } from 'typeorm';
import { sqlStatementCounter } from '../db/sql-stats';
import { logger } from '../shared/logger';
import { ServiceOrder } from './enums';
import type { ServiceFilter } from './inputs';

/** A filter's references and words as the search needs them: the areas' codes and paths, each query word's expansions. */
export interface ResolvedFilter {
  areas: { id: string; code: string; path: string }[];
  /** Per query word, the directory's words it stands for: those it begins, or else those most like it. */
  words: string[][] | null;
}

/**
 * The directory search in memory. PostgreSQL stays the source of truth (src/directory/search.ts is the
 * reference and the fallback); this index answers which services match a search, in which order, and how
 * many, without touching every match in SQL: at 100,000 services a broad search ("population: GBV
 * survivors", 47,000 matches) sorted and counted every match in PostgreSQL (1.4 s).
 *
 * - Each service has a dense number. Every lexeme of `services.search_keys` (words and facets, see the
 *   SearchKeys migration) has a posting list of numbers; a search ORs the postings of each group into a
 *   bitset and ANDs the groups (microseconds per thousand postings). The count is exact.
 * - Orders: by name per language, taken from PostgreSQL's own ORDER BY at load (same collation); relevance
 *   is staleness (at query time), then how many of the query's words are in the name, then name.
 * - Near: every location's true and public position; the viewer's agency (or a partner) sees the true one.
 * - Kept current: writes stamp rows with their transaction (`index_xid`, migration SearchIndexFeed); when
 *   told (`markDirty`) or after MAX_LAG_MS, the index reads the rows stamped since the oldest transaction
 *   that was running when it last read. A search after a write on this instance waits for that catch-up.
 *   A changed service gets a new number (the old one is marked dead); many dead numbers: a full reload.
 */

const MAX_LAG_MS = 1000;
const LOAD_BATCH = 10_000;
/** Gap between neighbouring name ranks, so a changed service can be placed between two without renumbering. */
const RANK_SPACING = 65_536;
const RANK_SPAN = 2 ** 40;
/** More changes than this in one catch-up, or more dead numbers than a quarter of the live ones: reload. */
const MAX_INCREMENTAL_CHANGES = 2000;
const NULL_AGE = -1;
/** A lexeme in at least 1/DENSE_FRACTION of the services keeps a bitset (see denseBits). */
const DENSE_FRACTION = 64;
/** A tier of the ranking with more matches than this is read by walking the name order, not sorted. */
const SORT_AT_MOST = 2048;

/** PostgreSQL's "C" order (bytes of UTF-8, which is code point order). */
function byCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.codePointAt(i)!;
    const y = b.codePointAt(i)!;
    if (x !== y) return x - y;
    if (x > 0xffff) i++;
  }
  return a.length - b.length;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

/** What the index needs of a search (built by search.ts from the filter). */
export interface IndexQuery {
  /** AND of groups, OR of lexemes within a group (statuses and facets and words, as the tsquery). */
  groups: string[][];
  excluded: string[];
  /** The text's words, each with its expansions (for the relevance: words found in the name). */
  words: string[][] | null;
  age: number | null;
  verifiedWithinDays: number | null;
  near: { latitude: number; longitude: number; radiusKm: number; boxes: [number, number, number, number][] } | null;
  viewerAgencyId: string;
  orderBy: ServiceOrder;
  lang: string;
  staleAfterDays: number;
  offset: number;
  limit: number;
}

export interface IndexAnswer {
  ids: string[];
  distances: ({ km: number; hidden: boolean } | null)[];
  total: number;
}

/** A growable sorted list of service numbers (numbers only grow, so appending keeps it sorted). */
class Postings {
  items = new Int32Array(4);
  length = 0;
  push(n: number): void {
    if (this.length === this.items.length) {
      const grown = new Int32Array(this.items.length * 2);
      grown.set(this.items);
      this.items = grown;
    }
    this.items[this.length++] = n;
  }
}

interface ServiceRow {
  id: string;
  keys: string[];
  age_min: number | null;
  age_max: number | null;
  verified: number | string | null;
  locations: string[];
  name_keys: string[];
  name_words: string[];
}

interface LocationRow { id: string; agency_id: string; lon: number | null; lat: number | null; pub_lon: number | null; pub_lat: number | null; confidential: boolean }

function grow<T extends Float64Array | Int32Array>(array: T, capacity: number): T {
  if (array.length >= capacity) return array;
  const grown = new (array.constructor as { new (n: number): T })(capacity);
  grown.set(array);
  return grown;
}

/** Great-circle distance in km, computed as haversineSql in search.ts. */
function haversineKm(lat: number, lon: number, pointLat: number, pointLon: number): number {
  const r = Math.PI / 180;
  return 12742 * Math.asin(Math.sqrt(Math.sin(((pointLat - lat) * r) / 2) ** 2 + Math.cos(lat * r) * Math.cos(pointLat * r) * Math.sin(((pointLon - lon) * r) / 2) ** 2));
}

/** One loaded state of the index. Searches are synchronous, so a catch-up never runs in the middle of one. */
export class IndexState {
  capacity = 0;
  count = 0;
  dead = 0;
  ids: string[] = [];
  numberOf = new Map<string, number>();
  alive = new Int32Array(0);
  ageMin = new Int32Array(0);
  ageMax = new Int32Array(0);
  /** ms since the epoch, NaN when never verified. */
  verified = new Float64Array(0);
  postings = new Map<string, Postings>();
  siteLists: number[][] = [];
  /** Per language of the names: the services' lowercased names, their order and ranks. */
  langs: string[] = [];
  nameKeys = new Map<string, string[]>();
  order = new Map<string, { numbers: Int32Array; length: number }>();
  ranks = new Map<string, Float64Array>();
  /** A language some service's name has but the ranks lack (found in a catch-up): searched in SQL until reloaded. */
  missingLangs = new Set<string>();
  // locations
  locationNumber = new Map<string, number>();
  locations: LocationRow[] = [];
  locationServices: number[][] = [];
  partnerships = new Set<string>();
  /** What resolveFilter (search.ts) reads: the references a filter may name, and search_vocabulary (sorted). */
  categories = new Set<string>();
  agencies = new Set<string>();
  areas = new Map<string, { id: string; code: string; path: string }>();
  vocabulary: string[] = [];
  private vocabularySet = new Set<string>();
  xmin = '0';
  private dense = new Map<string, Int32Array>();
  private denseVersion = -1;
  /** Services verified since a moment (fresh), recomputed at most every second; per age, who serves it. */
  private fresh: { since: number; at: number; version: number; bits: Int32Array } | null = null;
  private ages = new Map<number, Int32Array>();
  private scratchKeys = new Float64Array(0);
  private scratchKm = new Float64Array(0);
  private scratchHidden = new Uint8Array(0);

  private ensureCapacity(n: number): void {
    if (n <= this.capacity) return;
    const capacity = Math.max(n, Math.ceil(this.capacity * 1.5), 1024);
    this.alive = grow(this.alive, (capacity + 31) >>> 5);
    this.ageMin = grow(this.ageMin, capacity);
    this.ageMax = grow(this.ageMax, capacity);
    this.verified = grow(this.verified, capacity);
    for (const [lang, ranks] of this.ranks) this.ranks.set(lang, grow(ranks, capacity));
    this.capacity = capacity;
  }

  private posting(lexeme: string): Postings {
    let list = this.postings.get(lexeme);
    if (!list) this.postings.set(lexeme, (list = new Postings()));
    return list;
  }

  /** Adds (or replaces) a service; returns its new number. Ranks are set by the caller. */
  addService(row: ServiceRow): number {
    const old = this.numberOf.get(row.id);
    if (old !== undefined) this.remove(old);
    const n = this.count++;
    this.ensureCapacity(this.count);
    this.ids[n] = row.id;
    this.numberOf.set(row.id, n);
    this.alive[n >>> 5] |= 1 << (n & 31);
    this.ageMin[n] = row.age_min ?? NULL_AGE;
    this.ageMax[n] = row.age_max ?? NULL_AGE;
    this.verified[n] = row.verified === null ? NaN : Number(row.verified);
    for (const lexeme of row.keys) this.posting(lexeme).push(n);
    this.langs.forEach((lang, i) => {
      this.nameKeys.get(lang)![n] = row.name_keys[i];
      for (const word of new Set(row.name_words[i].split(' '))) if (word) this.posting(`§nm:${lang}:${word}`).push(n);
    });
    const sites: number[] = [];
    for (const id of row.locations) {
      const l = this.locationNumber.get(id);
      if (l !== undefined) {
        sites.push(l);
        this.locationServices[l].push(n);
      }
    }
    this.siteLists[n] = sites;
    return n;
  }

  private remove(n: number): void {
    this.alive[n >>> 5] &= ~(1 << (n & 31));
    this.numberOf.delete(this.ids[n]);
    this.siteLists[n] = [];
    this.dead++;
  }

  /**
   * Each location's positions (its own, and its public one when it differs) sorted by longitude, built when a
   * near search first needs it after a change: a search looks only at the positions in its boxes' longitudes.
   */
  private byLongitude: { lon: Float64Array; location: Int32Array } | null = null;
  /** Per location, the number of the last search that looked at it (a location has two positions). */
  private lookedAt = new Int32Array(0);
  private searches = 0;

  private positionsByLongitude(): { lon: Float64Array; location: Int32Array } {
    if (this.byLongitude) return this.byLongitude;
    const entries: [number, number][] = [];
    this.locations.forEach((loc, l) => {
      if (loc.lat === null || loc.lon === null) return;
      entries.push([loc.lon, l]);
      if (loc.pub_lon !== null && loc.pub_lat !== null && (loc.pub_lon !== loc.lon || loc.pub_lat !== loc.lat)) entries.push([loc.pub_lon, l]);
    });
    entries.sort((a, b) => a[0] - b[0]);
    this.byLongitude = { lon: Float64Array.from(entries, (e) => e[0]), location: Int32Array.from(entries, (e) => e[1]) };
    return this.byLongitude;
  }

  /** The locations with a position (own or public) whose longitude lies in one of the boxes, each once. */
  private locationsInLongitudes(boxes: [number, number, number, number][]): number[] {
    const { lon, location } = this.positionsByLongitude();
    if (this.lookedAt.length < this.locations.length) this.lookedAt = new Int32Array(this.locations.length);
    const stamp = ++this.searches;
    const found: number[] = [];
    for (const [x1, , x2] of boxes) {
      // the first position at or east of x1
      let lo = 0;
      let hi = lon.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (lon[mid] < x1) lo = mid + 1;
        else hi = mid;
      }
      for (let i = lo; i < lon.length && lon[i] <= x2; i++) {
        const l = location[i];
        if (this.lookedAt[l] === stamp) continue;
        this.lookedAt[l] = stamp;
        found.push(l);
      }
    }
    return found.sort((a, b) => a - b);
  }

  setLocation(row: LocationRow): void {
    this.byLongitude = null;
    const known = this.locationNumber.get(row.id);
    if (known !== undefined) {
      this.locations[known] = row;
      return;
    }
    this.locationNumber.set(row.id, this.locations.length);
    this.locations.push(row);
    this.locationServices.push([]);
  }

  /** Sets the ranks of all services from PostgreSQL's order of each language's names. */
  setOrder(lang: string, orderedIds: string[]): void {
    const numbers = new Int32Array(Math.max(orderedIds.length, 16));
    const ranks = new Float64Array(this.capacity);
    let length = 0;
    for (const id of orderedIds) {
      const n = this.numberOf.get(id);
      if (n === undefined) continue;
      ranks[n] = length * RANK_SPACING;
      numbers[length++] = n;
    }
    this.order.set(lang, { numbers, length });
    this.ranks.set(lang, ranks);
    // a service written between its batch and this order's statement: placed by its name
    if (length < this.count - this.dead) {
      const placed = new Uint8Array(this.count);
      for (let i = 0; i < length; i++) placed[numbers[i]] = 1;
      for (let n = 0; n < this.count; n++) if (!placed[n] && this.alive[n >>> 5] & (1 << (n & 31))) this.placeInOrder(n, [lang]);
    }
  }

  /** Places service n in each language's order (after a catch-up): by its name, then id, as PostgreSQL orders them under a byte-order collation. */
  placeInOrder(n: number, langs = this.langs): void {
    for (const lang of langs) {
      const keys = this.nameKeys.get(lang)!;
      const order = this.order.get(lang)!;
      const ranks = this.ranks.get(lang)!;
      const before = (m: number) => keys[m] < keys[n] || (keys[m] === keys[n] && this.ids[m] < this.ids[n]);
      let lo = 0;
      let hi = order.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (before(order.numbers[mid])) lo = mid + 1;
        else hi = mid;
      }
      if (order.length === order.numbers.length) order.numbers = grow(order.numbers, order.numbers.length * 2);
      order.numbers.copyWithin(lo + 1, lo, order.length);
      order.numbers[lo] = n;
      order.length++;
      const previous = lo > 0 ? ranks[order.numbers[lo - 1]] : -RANK_SPACING;
      const next = lo + 1 < order.length ? ranks[order.numbers[lo + 1]] : previous + 2 * RANK_SPACING;
      const rank = Math.floor((previous + next) / 2);
      if (rank > previous && rank < next) ranks[n] = rank;
      else for (let i = 0; i < order.length; i++) ranks[order.numbers[i]] = i * RANK_SPACING;
    }
  }

  setReferences(r: { categories: string[]; agencies: string[]; areas: { id: string; code: string; path: string }[] }): void {
    this.categories = new Set(r.categories);
    this.agencies = new Set(r.agencies);
    this.areas = new Map(r.areas.map((a) => [a.id, a]));
  }

  /** Adds words as the trigger search_vocabulary_add does (words are never removed). */
  addVocabulary(words: Iterable<string>): void {
    let added = false;
    for (const word of words) {
      if (word.startsWith('§') || [...word].length < 2 || this.vocabularySet.has(word)) continue;
      this.vocabularySet.add(word);
      this.vocabulary.push(word);
      added = true;
    }
    if (added) this.vocabulary.sort(byCodePoints);
  }

  /**
   * resolveFilter of search.ts without a statement, when every reference is known and every word begins
   * some directory word; null otherwise (an unknown reference is an error to report, a word that begins
   * none is corrected by trigram similarity: both in SQL).
   */
  resolve(filter: ServiceFilter, searchWords: (text: string) => string[], maxExpansions: number): ResolvedFilter | null {
    if (filter.categories?.some((c) => !this.categories.has(c))) return null;
    if (filter.agencyIds?.some((a) => !this.agencies.has(a.toLowerCase()))) return null;
    const areas: ResolvedFilter['areas'] = [];
    for (const id of filter.areaIds ?? []) {
      const area = this.areas.get(id.toLowerCase());
      if (!area) return null;
      areas.push(area);
    }
    if (filter.text === undefined || filter.text === null) return { areas, words: null };
    const queryWords = searchWords(filter.text);
    if (queryWords.length === 0) return null;
    const words: string[][] = [];
    for (const word of queryWords) {
      // beyond the Basic Multilingual Plane JavaScript's string order is not PostgreSQL's "C" order
      if (/[\u{10000}-\u{10FFFF}]/u.test(word)) return null;
      const v = this.vocabulary;
      let lo = 0;
      let hi = v.length;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (byCodePoints(v[mid], word) < 0) lo = mid + 1;
        else hi = mid;
      }
      const begun: string[] = [];
      for (let i = lo; i < v.length && v[i].startsWith(word); i++) begun.push(v[i]);
      if (begun.length === 0) return null;
      // as ORDER BY length(v.word), v.word LIMIT n
      begun.sort((a, b) => [...a].length - [...b].length || byCodePoints(a, b));
      words.push(begun.slice(0, maxExpansions));
    }
    return { areas, words };
  }

  get needsReload(): boolean {
    return this.dead > 1000 && this.dead * 4 > this.count - this.dead;
  }

  /**
   * The bitset of one lexeme with many services (a status, a population...), kept until the next change:
   * ORing 90,000 postings into a bitset on every search cost more than the rest of a search.
   */
  private denseBits(lexeme: string, list: Postings, words: number): Int32Array | null {
    if (list.length * DENSE_FRACTION < this.count) return null;
    this.checkVersion();
    let bits = this.dense.get(lexeme);
    if (!bits) {
      bits = new Int32Array(words);
      const items = list.items;
      for (let k = 0, end = list.length; k < end; k++) bits[items[k] >>> 5] |= 1 << (items[k] & 31);
      this.dense.set(lexeme, bits);
    }
    return bits;
  }

  /** Cached bitsets hold the services numbered so far: a change numbers a service anew and empties them. */
  private checkVersion(): void {
    if (this.denseVersion === this.count) return;
    this.dense.clear();
    this.ages.clear();
    this.fresh = null;
    this.denseVersion = this.count;
  }

  /** Services whose age range admits `age`. */
  private ageBits(age: number, words: number): Int32Array {
    this.checkVersion();
    let bits = this.ages.get(age);
    if (!bits) {
      bits = new Int32Array(words);
      for (let n = 0; n < this.count; n++) {
        const min = this.ageMin[n];
        const max = this.ageMax[n];
        if ((min === NULL_AGE || min <= age) && (max === NULL_AGE || max >= age)) bits[n >>> 5] |= 1 << (n & 31);
      }
      if (this.ages.size < 200) this.ages.set(age, bits);
    }
    return bits;
  }

  /** Services verified at or after `since` (not stale), reused for a second (staleness moves with the clock). */
  private freshBits(since: number, words: number): Int32Array {
    this.checkVersion();
    const now = Date.now();
    const cached = this.fresh;
    if (cached && now - cached.at < 1000 && Math.abs(cached.since - since) < 1000) return cached.bits;
    const bits = new Int32Array(words);
    const verified = this.verified;
    for (let n = 0; n < this.count; n++) if (verified[n] >= since) bits[n >>> 5] |= 1 << (n & 31);
    this.fresh = { since, at: now, version: this.count, bits };
    return bits;
  }

  /**
   * Bitsets of one search, reused by the next: a search is synchronous and keeps none of them, and a dozen
   * fresh 12 KB arrays per search (at 100,000 services) were a good part of the collector's work under load.
   */
  private scratchBits: Int32Array[] = [];
  private scratchBitsUsed = 0;

  /** An empty bitset of `words` words, valid until the next search starts. */
  private bitset(words: number): Int32Array {
    let bits = this.scratchBits[this.scratchBitsUsed];
    if (!bits || bits.length !== words) this.scratchBits[this.scratchBitsUsed] = bits = new Int32Array(words);
    else bits.fill(0);
    this.scratchBitsUsed++;
    return bits;
  }

  /** The bitset of services having any lexeme of the group. */
  private union(group: string[], words: number): Int32Array {
    const bits = this.bitset(words);
    for (const lexeme of group) {
      const list = this.postings.get(lexeme);
      if (!list) continue;
      const dense = this.denseBits(lexeme, list, words);
      if (dense) {
        for (let w = 0; w < words; w++) bits[w] |= dense[w];
        continue;
      }
      const items = list.items;
      for (let k = 0, end = list.length; k < end; k++) {
        const n = items[k];
        bits[n >>> 5] |= 1 << (n & 31);
      }
    }
    return bits;
  }

  private size(group: string[]): number {
    let total = 0;
    for (const lexeme of group) total += this.postings.get(lexeme)?.length ?? 0;
    return total;
  }

  /** Null when the index cannot answer this search (it is then asked of PostgreSQL). */
  search(q: IndexQuery): IndexAnswer | null {
    const lang = this.langs.includes(q.lang) ? q.lang : 'en';
    if (this.missingLangs.has(q.lang) || !this.ranks.has(lang)) return null;
    const words = (this.count + 31) >>> 5;
    this.scratchBitsUsed = 0;
    // the smallest group first: ANDing the others into it keeps the work small
    const groups = [...q.groups].sort((a, b) => this.size(a) - this.size(b));
    const matches = groups.length ? this.union(groups[0], words) : this.bitset(words);
    if (!groups.length) matches.set(this.alive.subarray(0, words));
    for (const group of groups.slice(1)) {
      const bits = this.union(group, words);
      for (let w = 0; w < words; w++) matches[w] &= bits[w];
    }
    for (let w = 0; w < words; w++) matches[w] &= this.alive[w];
    if (q.excluded.length) {
      const bits = this.union(q.excluded, words);
      for (let w = 0; w < words; w++) matches[w] &= ~bits[w];
    }

    if (this.scratchKeys.length < this.capacity) {
      this.scratchKeys = new Float64Array(this.capacity);
      this.scratchKm = new Float64Array(this.capacity);
      this.scratchHidden = new Uint8Array(this.capacity);
    }
    const keys = this.scratchKeys;
    const km = this.scratchKm;
    const hidden = this.scratchHidden;

    // near: each service's nearest location the viewer may know, within the radius
    let nearby: number[] | null = null;
    if (q.near) {
      const { latitude, longitude, radiusKm, boxes } = q.near;
      const inBox = (x: number | null, y: number | null) => x !== null && y !== null && boxes.some(([x1, y1, x2, y2]) => x >= x1 && x <= x2 && y >= y1 && y <= y2);
      const seen: number[] = [];
      // in the order of the locations, as a scan of them all would meet them (ties in distance keep that order)
      for (const l of this.locationsInLongitudes(boxes)) {
        const loc = this.locations[l];
        if (loc.lat === null || loc.lon === null || !(inBox(loc.lon, loc.lat) || inBox(loc.pub_lon, loc.pub_lat))) continue;
        const isHidden = loc.confidential && loc.agency_id !== q.viewerAgencyId && !this.partnerships.has(`${loc.agency_id}|${q.viewerAgencyId}`);
        const d = isHidden ? haversineKm(latitude, longitude, loc.pub_lat!, loc.pub_lon!) : haversineKm(latitude, longitude, loc.lat, loc.lon);
        const flag = isHidden ? 4 : 0;
        for (const n of this.locationServices[l]) {
          if (!(matches[n >>> 5] & (1 << (n & 31)))) continue;
          // bit 2: seen in this search (cleared below); bit 4: the nearest location is hidden from the viewer
          if ((hidden[n] & 2) === 0) {
            seen.push(n);
            hidden[n] = 2 | flag;
            km[n] = d;
          } else if (d < km[n]) {
            hidden[n] = 2 | flag;
            km[n] = d;
          }
        }
      }
      nearby = [];
      for (const n of seen) {
        const isHidden = (hidden[n] & 4) !== 0;
        hidden[n] = isHidden ? 1 : 0;
        if (km[n] <= radiusKm) nearby.push(n);
      }
    }

    const now = Date.now();
    const staleBefore = now - q.staleAfterDays * 86_400_000;
    const verifiedAfter = q.verifiedWithinDays ? now - q.verifiedWithinDays * 86_400_000 : null;
    const ranks = this.ranks.get(lang)!;
    const textGroups = q.words ?? [];
    const nameBits = textGroups.map((group) => this.union(group.map((w) => `§nm:${lang}:${w}`), words));
    const G = textGroups.length;

    const accept = (n: number): boolean => {
      if (q.age !== null) {
        const min = this.ageMin[n];
        const max = this.ageMax[n];
        if ((min !== NULL_AGE && min > q.age) || (max !== NULL_AGE && max < q.age)) return false;
      }
      if (verifiedAfter !== null && !(this.verified[n] >= verifiedAfter)) return false;
      return true;
    };
    const key = (n: number): number => {
      switch (q.orderBy) {
        case ServiceOrder.RELEVANCE: {
          const stale = Number.isNaN(this.verified[n]) || this.verified[n] < staleBefore ? 1 : 0;
          let score = 0;
          for (const bits of nameBits) if (bits[n >>> 5] & (1 << (n & 31))) score++;
          return (stale * (G + 1) + (G - score)) * RANK_SPAN + ranks[n];
        }
        case ServiceOrder.NAME:
          return ranks[n];
        case ServiceOrder.DISTANCE:
          return hidden[n] ? Math.round(km[n]) : km[n];
        default:
          return Number.isNaN(this.verified[n]) ? Infinity : -this.verified[n];
      }
    };
    // ties (distance, verification date) by id, as the SQL's ORDER BY ..., id
    const before = (a: number, b: number) => keys[a] < keys[b] || (keys[a] === keys[b] && this.ids[a] < this.ids[b]);

    const wanted = q.offset + q.limit;
    if (!nearby && (q.orderBy === ServiceOrder.NAME || q.orderBy === ServiceOrder.RELEVANCE)) {
      return this.byTiers(q, matches, words, lang, accept, staleBefore, nameBits, wanted);
    }
    const heap: number[] = []; // the best `wanted` so far, the worst on top
    let total = 0;
    const consider = (n: number) => {
      if (!accept(n)) return;
      total++;
      keys[n] = key(n);
      if (heap.length < wanted) {
        heap.push(n);
        let i = heap.length - 1;
        while (i > 0) {
          const parent = (i - 1) >> 1;
          if (!before(heap[parent], heap[i])) break;
          [heap[parent], heap[i]] = [heap[i], heap[parent]];
          i = parent;
        }
      } else if (wanted > 0 && before(n, heap[0])) {
        heap[0] = n;
        let i = 0;
        for (;;) {
          const l = 2 * i + 1;
          const r = l + 1;
          let worst = i;
          if (l < heap.length && before(heap[worst], heap[l])) worst = l;
          if (r < heap.length && before(heap[worst], heap[r])) worst = r;
          if (worst === i) break;
          [heap[worst], heap[i]] = [heap[i], heap[worst]];
          i = worst;
        }
      }
    };
    if (nearby) {
      for (const n of nearby) consider(n);
    } else {
      for (let w = 0; w < words; w++) {
        let x = matches[w];
        while (x !== 0) {
          const low = x & -x;
          consider((w << 5) + (31 - Math.clz32(low)));
          x ^= low;
        }
      }
    }
    const page = heap.sort((a, b) => (before(a, b) ? -1 : 1)).slice(q.offset);
    return {
      ids: page.map((n) => this.ids[n]),
      distances: page.map((n) => (nearby ? { km: km[n], hidden: hidden[n] === 1 } : null)),
      total,
    };
  }

  /**
   * Orders by name within tiers (relevance: fresh before stale, then more words in the name first): a tier
   * with few matches is sorted by rank, a large one is read by walking the name order until the page is
   * full, so a broad search reads a few hundred services, not all its matches. The count is a popcount.
   */
  private byTiers(q: IndexQuery, matches: Int32Array, words: number, lang: string, accept: (n: number) => boolean,
    staleBefore: number, nameBits: Int32Array[], wanted: number): IndexAnswer {
    let total = 0;
    if (q.age !== null) {
      const admits = this.ageBits(q.age, words);
      for (let w = 0; w < words; w++) matches[w] &= admits[w];
    }
    const checkRows = q.verifiedWithinDays !== null;
    for (let w = 0; w < words; w++) {
      let x = matches[w];
      if (x === 0) continue;
      if (checkRows) {
        let kept = x;
        while (x !== 0) {
          const low = x & -x;
          if (!accept((w << 5) + (31 - Math.clz32(low)))) kept ^= low;
          x ^= low;
        }
        matches[w] = kept;
        x = kept;
      }
      total += popcount(x);
    }
    // the tiers in order: by name, all matches; by relevance, fresh before stale, then more words of the query in
    // the name first. Each is computed only when the page still needs it: most pages fill from the first ones.
    let tierAt: (t: number) => Int32Array;
    let tierCount: number;
    if (q.orderBy === ServiceOrder.NAME) {
      tierCount = 1;
      tierAt = () => matches;
    } else {
      // not stale: verified, and not before staleBefore (as the SQL's last_verified_at < now() - days is stale)
      const fresh = this.freshBits(staleBefore, words);
      // per service, how many of the words are in its name: a bit-sliced counter (4 bits: up to 15 words)
      const counter = [this.bitset(words), this.bitset(words), this.bitset(words), this.bitset(words)];
      for (const bits of nameBits) {
        for (let w = 0; w < words; w++) {
          let carry = bits[w] & matches[w];
          for (let j = 0; j < 4 && carry !== 0; j++) {
            const next = counter[j][w] & carry;
            counter[j][w] ^= carry;
            carry = next;
          }
        }
      }
      const scores = nameBits.length + 1;
      tierCount = 2 * scores;
      const tier = this.bitset(words);
      tierAt = (t) => {
        const wantFresh = t < scores;
        const score = nameBits.length - (t % scores);
        for (let w = 0; w < words; w++) {
          let x = matches[w] & (wantFresh ? fresh[w] : ~fresh[w]);
          for (let j = 0; j < 4 && x !== 0; j++) x &= score & (1 << j) ? counter[j][w] : ~counter[j][w];
          tier[w] = x;
        }
        return tier;
      };
    }
    const ranks = this.ranks.get(lang)!;
    const order = this.order.get(lang)!;
    const picked: number[] = [];
    for (let t = 0; t < tierCount; t++) {
      const remaining = wanted - picked.length;
      if (remaining <= 0) break;
      const tier = tierAt(t);
      let size = 0;
      for (let w = 0; w < words; w++) if (tier[w] !== 0) size += popcount(tier[w]);
      if (size === 0) continue;
      if (size <= SORT_AT_MOST) {
        const members: number[] = [];
        for (let w = 0; w < words; w++) {
          let x = tier[w];
          while (x !== 0) {
            const low = x & -x;
            members.push((w << 5) + (31 - Math.clz32(low)));
            x ^= low;
          }
        }
        members.sort((a, b) => ranks[a] - ranks[b]);
        for (let i = 0; i < Math.min(remaining, members.length); i++) picked.push(members[i]);
      } else {
        const numbers = order.numbers;
        let taken = 0;
        for (let i = 0; i < order.length && taken < remaining; i++) {
          const n = numbers[i];
          if (tier[n >>> 5] & (1 << (n & 31))) {
            picked.push(n);
            taken++;
          }
        }
      }
    }
    const page = picked.slice(q.offset);
    return { ids: page.map((n) => this.ids[n]), distances: page.map(() => null), total };
  }
}

// ---- loading and catching up ----------------------------------------------------------------------

const SERVICE_COLUMNS = `s.id::text AS id, tsvector_to_array(s.search_keys) AS keys, s.age_min, s.age_max,
  (extract(epoch FROM s.last_verified_at) * 1000)::float8 AS verified,
  ARRAY(SELECT sl.location_id::text FROM service_locations sl WHERE sl.service_id = s.id) AS locations,
  ARRAY(SELECT lower(coalesce(s.names->>u.l, s.names->>'en', '')) FROM unnest($1::text[]) WITH ORDINALITY u(l, n) ORDER BY u.n) AS name_keys,
  ARRAY(SELECT array_to_string(tsvector_to_array(to_tsvector('simple', coalesce(s.names->>u.l, s.names->>'en', ''))), ' ')
          FROM unnest($1::text[]) WITH ORDINALITY u(l, n) ORDER BY u.n) AS name_words`;
const LOCATION_COLUMNS = `l.id::text AS id, l.agency_id::text AS agency_id, (l.geo)[0] AS lon, (l.geo)[1] AS lat,
  (l.geo_public)[0] AS pub_lon, (l.geo_public)[1] AS pub_lat, l.confidential`;
const PARTNERSHIPS = `SELECT provider_agency_id::text || '|' || partner_agency_id::text AS pair FROM partnerships WHERE ended_at IS NULL`;
const XMIN = `SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`;
const REFERENCES = `SELECT ARRAY(SELECT code FROM service_categories) AS categories, ARRAY(SELECT id::text FROM agencies) AS agencies,
  coalesce((SELECT json_agg(json_build_object('id', id::text, 'code', code, 'path', path)) FROM areas), '[]') AS areas`;

async function loadState(db: DataSource): Promise<IndexState> {
  const state = new IndexState();
  // read first: whatever commits while loading is read again by the first catch-up
  state.xmin = (await db.query(XMIN))[0].xmin;
  const langs: string[] = (await db.query(`SELECT DISTINCT k FROM services, jsonb_object_keys(names) k ORDER BY k`)).map((r: { k: string }) => r.k);
  state.langs = [...new Set(['en', ...langs])];
  for (const lang of state.langs) {
    state.nameKeys.set(lang, []);
    state.ranks.set(lang, new Float64Array(0));
  }
  for (const row of await db.query(`SELECT ${LOCATION_COLUMNS} FROM locations l`)) state.setLocation(row);
  for (const row of await db.query(PARTNERSHIPS)) state.partnerships.add(row.pair);
  state.setReferences((await db.query(REFERENCES))[0]);
  state.addVocabulary((await db.query(`SELECT word FROM search_vocabulary`)).map((r: { word: string }) => r.word));
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows: ServiceRow[] = await db.query(`SELECT ${SERVICE_COLUMNS} FROM services s WHERE s.id > $2::uuid ORDER BY s.id LIMIT ${LOAD_BATCH}`, [state.langs, after]);
    await addServices(db, state, rows, false);
    if (rows.length < LOAD_BATCH) break;
    after = rows[rows.length - 1].id;
    // let requests run between batches
    await new Promise((resolve) => setImmediate(resolve));
  }
  for (const lang of state.langs) {
    const ids = (await db.query(`SELECT id::text AS id FROM services ORDER BY lower(coalesce(names->>$1, names->>'en', '')), id`, [lang])).map((r: { id: string }) => r.id);
    state.setOrder(lang, ids);
  }
  // the lists grew by doubling: give back the unused half
  for (const list of state.postings.values()) list.items = list.items.slice(0, Math.max(list.length, 4));
  return state;
}

/** Adds services (after the locations they name that the state does not know yet: written meanwhile). */
async function addServices(db: DataSource, state: IndexState, rows: ServiceRow[], placeInOrder: boolean): Promise<void> {
  const unknown = [...new Set(rows.flatMap((r) => r.locations.filter((id) => !state.locationNumber.has(id))))];
  if (unknown.length) for (const row of await db.query(`SELECT ${LOCATION_COLUMNS} FROM locations l WHERE l.id = ANY($1::uuid[])`, [unknown])) state.setLocation(row);
  for (const row of rows) {
    const n = state.addService(row);
    if (placeInOrder) state.placeInOrder(n);
  }
}

/** Reads what changed since the state's xmin. Returns false when a reload is better (too many changes). */
async function catchUp(db: DataSource, state: IndexState): Promise<boolean> {
  const xmin = (await db.query(XMIN))[0].xmin;
  const changedLocations: LocationRow[] = await db.query(`SELECT ${LOCATION_COLUMNS} FROM locations l WHERE l.index_xid >= $1::xid8`, [state.xmin]);
  const partnerships: { pair: string }[] = await db.query(PARTNERSHIPS);
  const [references] = await db.query(REFERENCES);
  const changed: ServiceRow[] = await db.query(
    `SELECT ${SERVICE_COLUMNS} FROM services s WHERE s.index_xid >= $2::xid8 LIMIT ${MAX_INCREMENTAL_CHANGES + 1}`, [state.langs, state.xmin]);
  if (changed.length > MAX_INCREMENTAL_CHANGES) return false;
  for (const row of changedLocations) state.setLocation(row);
  state.partnerships = new Set(partnerships.map((r) => r.pair));
  state.setReferences(references);
  state.addVocabulary(changed.flatMap((r) => r.keys));
  await addServices(db, state, changed, true);
  if (changed.length) {
    // a language no name had at load is searched in SQL until the next reload (its order is not known)
    const [{ langs }] = await db.query(`SELECT ARRAY(SELECT DISTINCT k FROM services s, jsonb_object_keys(s.names) k WHERE s.id = ANY($1::uuid[])) AS langs`, [changed.map((r) => r.id)]);
    for (const lang of langs as string[]) if (!state.langs.includes(lang)) state.missingLangs.add(lang);
  }
  state.xmin = xmin;
  return !state.needsReload && state.missingLangs.size === 0;
}

/**
 * The index's life: loaded in the background at start (searches use SQL until then), told of every
 * directory write of this instance (`markDirty`, also reachable as `invalidate`), caught up before the
 * next search when told, and at most MAX_LAG_MS behind writes it was not told of (other instances).
 */
export class SearchIndex {
  private state: IndexState | null = null;
  private requested = 0;
  private applied = 0;
  private lastCatchUp = 0;
  private running: Promise<void> | null = null;
  private loading: Promise<void> | null = null;
  private stopped = false;
  private retry: NodeJS.Timeout | null = null;
  private settledOnce = false;

  constructor(private readonly db: DataSource) {}

  /** Starts loading in the background. */
  start(): void {
    if (this.loading || this.stopped) return;
    this.loading = (async () => {
      try {
        const started = Date.now();
        const requested = this.requested;
        const state = await loadState(this.db);
        if (this.stopped) return;
        this.state = state;
        this.applied = requested;
        this.lastCatchUp = started;
        this.settledOnce = true;
        logger.info({ services: state.count, ms: Date.now() - started }, 'directory search index loaded');
      } catch (err) {
        if (this.stopped) return;
        this.settledOnce = true;
        logger.warn({ err: { message: (err as Error).message } }, 'directory search index: loading failed, searching in SQL; retrying in 30 s');
        this.retry = setTimeout(() => this.start(), 30_000);
        this.retry.unref();
      } finally {
        this.loading = null;
      }
    })();
  }

  /**
   * True once the first load has ended (loaded, or failed and searching in SQL); /readyz says so, so a
   * benchmark or a load balancer can wait until searches are answered from memory.
   */
  get warm(): boolean {
    return this.settledOnce;
  }

  /** Waits for the load started by start() (tests, the benchmark). */
  async loaded(): Promise<boolean> {
    while (this.loading) await this.loading;
    return this.state !== null;
  }

  /** No more loading or catching up; resolves when what was under way has ended (before the database closes). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.retry) clearTimeout(this.retry);
    await Promise.allSettled([this.loading, this.running]);
  }

  /** The directory changed (a write of this instance, or one announced by another). */
  markDirty(): void {
    this.requested++;
  }

  invalidate(): void {
    this.markDirty();
  }

  /** The current state, caught up with every write this instance was told of; null: search in SQL. */
  async current(): Promise<IndexState | null> {
    if (!this.state) return null;
    try {
      while (this.state && !this.stopped && this.applied < this.requested) await this.catchUpOnce();
      if (this.state && !this.stopped && Date.now() - this.lastCatchUp > MAX_LAG_MS && !this.running) void this.catchUpOnce().catch(() => undefined);
    } catch (err) {
      logger.warn({ err: { message: (err as Error).message } }, 'directory search index: catching up failed, searching in SQL');
      return null;
    }
    return this.state;
  }

  private catchUpOnce(): Promise<void> {
    if (this.running) return this.running;
    const state = this.state!;
    const target = this.requested;
    const started = Date.now();
    // shared upkeep, not the work of the request that happens to wait for it: its statements are not counted
    // in that request's (x-sql-statements, the bench's statements per request)
    this.running = sqlStatementCounter.exit(() => (async () => {
      try {
        const incremental = await catchUp(this.db, state);
        if (incremental) {
          this.applied = Math.max(this.applied, target);
          this.lastCatchUp = started;
        } else {
          // searched in SQL until the reload is done
          this.state = null;
          this.start();
        }
      } finally {
        this.running = null;
      }
    })());
    return this.running;
  }
}
