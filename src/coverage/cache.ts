import { LRUCache } from 'lru-cache';

export interface CoverageCacheOptions {
  /** How long an answer may be served; 0 turns the cache off (and the sharing of computations under way). */
  ttlSeconds: number;
  /** Upper bound of the memory the answers take, in bytes (as estimated by `sizeOf`). */
  maxBytes: number;
}

/** The key of a coverage answer: uuids in any case name the same records. */
export const coverageKey = (pathwayId: string, areaId: string, level: string) => `${pathwayId.toLowerCase()}|${areaId.toLowerCase()}|${level}`;

type Kept = { answer: object; response?: undefined } | { answer?: undefined; response: object };

/**
 * Coverage answers by pathway, area and level. A computation reads thousands of services and MoUs, and the
 * answer depends only on the pathway, the directory and the agreements (the same for every viewer allowed
 * to ask; names of areas are picked in the request's language when the answer is read), and on the clock
 * (verification age, agreement and SOP dates): so it is kept for `ttlSeconds`, and every write that can
 * change an answer (pathways, services, areas, categories, MoUs, SOPs) empties the cache at once through
 * `invalidate()`. Identical requests arriving while an answer is computed wait for that computation.
 *
 * Beside each answer, the GraphQL responses made of it (see response-cache.ts): 500 areas x 10 steps are
 * 30,000 fields to execute and most of a megabyte to serialize, more than the answer costs once cached. A
 * response lives no longer than its answer, and goes with it.
 */
export class CoverageCache {
  private generation = 0;
  private readonly kept: LRUCache<string, Kept> | null;
  private readonly underWay = new Map<string, Promise<object>>();
  hits = 0;
  misses = 0;
  responseHits = 0;

  constructor(options: CoverageCacheOptions) {
    this.kept = options.ttlSeconds > 0
      ? new LRUCache<string, Kept>({ maxSize: Math.max(1, options.maxBytes), ttl: options.ttlSeconds * 1000 })
      : null;
  }

  get enabled(): boolean {
    return this.kept !== null;
  }

  /** Changes with every invalidate(): what was read before a change is not kept after it. */
  get version(): number {
    return this.generation;
  }

  /**
   * The answer under `key`: from memory, from the computation under way, or computed now. `bytes` estimates
   * the memory an answer holds (the bound of the cache). A key names one kind of answer.
   */
  get<T extends object>(key: string, compute: () => Promise<T>, bytes: (answer: T) => number = () => 1): Promise<T> {
    const kept = this.kept;
    if (!kept) return compute();
    const found = kept.get(`a:${key}`)?.answer as T | undefined;
    if (found) {
      this.hits++;
      return Promise.resolve(found);
    }
    const pending = this.underWay.get(key) as Promise<T> | undefined;
    if (pending) {
      this.hits++;
      return pending;
    }
    this.misses++;
    const generation = this.generation;
    const computation = compute().then((answer) => {
      // kept only if nothing changed while it was computed (a write empties the cache after its commit)
      if (generation === this.generation) this.store(`a:${key}`, { answer }, bytes(answer));
      return answer;
    });
    this.underWay.set(key, computation);
    const forget = () => {
      if (this.underWay.get(key) === computation) this.underWay.delete(key);
    };
    computation.then(forget, forget);
    return computation;
  }

  /** A GraphQL response kept by keepResponse. */
  response(responseKey: string): object | undefined {
    const found = this.kept?.get(`r:${responseKey}`)?.response;
    if (found) this.responseHits++;
    return found;
  }

  /**
   * Keeps a response made of the answer under `key`, if no write came since `version` and the answer is still
   * kept: for the rest of the answer's time, never longer.
   */
  keepResponse(key: string, responseKey: string, response: object, bytes: number, version: number): boolean {
    const kept = this.kept;
    if (!kept || version !== this.generation || !kept.has(`a:${key}`)) return false;
    const ttl = kept.getRemainingTTL(`a:${key}`);
    if (!(ttl > 0) || !Number.isFinite(ttl)) return false;
    return this.store(`r:${responseKey}`, { response }, bytes, ttl);
  }

  /** Something an answer depends on changed: no answer computed before now is served again. */
  invalidate(): void {
    this.generation++;
    this.kept?.clear();
    // requests arriving from now on compute afresh; those already waiting get the answer under way
    this.underWay.clear();
  }

  /** What is kept, and its estimated bytes (for tests and metrics). */
  get stats() {
    return { entries: this.kept?.size ?? 0, bytes: this.kept?.calculatedSize ?? 0, hits: this.hits, misses: this.misses, responseHits: this.responseHits };
  }

  private store(key: string, value: Kept, bytes: number, ttl?: number): boolean {
    const kept = this.kept!;
    const size = Math.max(1, Math.ceil(bytes));
    // bigger than the whole cache: served, not kept
    if (size > kept.maxSize) return false;
    kept.set(key, value, ttl === undefined ? { size } : { size, ttl });
    return true;
  }
}
