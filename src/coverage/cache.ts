import { LRUCache } from 'lru-cache';

export interface CoverageCacheOptions {
  /** How long an answer may be served; 0 turns the cache off (and the sharing of computations under way). */
  ttlSeconds: number;
  /** Upper bound of the memory the answers take, in bytes (as estimated by `sizeOf`). */
  maxBytes: number;
}

/**
 * Coverage answers by pathway, area and level. A computation reads thousands of services and MoUs, and the
 * answer depends only on the pathway, the directory and the agreements (the same for every viewer allowed
 * to ask, names of areas picked in the request's language when the answer is read), and on the clock
 * (verification age, agreement and SOP dates): so it is kept for `ttlSeconds`, and every write that can
 * change an answer (pathways, services, areas, categories, MoUs, SOPs) empties the cache at once through
 * `invalidate()`. Identical requests arriving while an answer is computed wait for that computation.
 */
export class CoverageCache<T extends object> {
  private generation = 0;
  private readonly answers: LRUCache<string, T> | null;
  private readonly underWay = new Map<string, Promise<T>>();
  hits = 0;
  misses = 0;

  constructor(options: CoverageCacheOptions, private readonly sizeOf: (answer: T) => number = () => 1) {
    this.answers = options.ttlSeconds > 0
      ? new LRUCache<string, T>({ maxSize: Math.max(1, options.maxBytes), ttl: options.ttlSeconds * 1000 })
      : null;
  }

  get enabled(): boolean {
    return this.answers !== null;
  }

  /** The answer under `key`: from memory, from the computation under way, or computed now. */
  get(key: string, compute: () => Promise<T>): Promise<T> {
    const answers = this.answers;
    if (!answers) return compute();
    const kept = answers.get(key);
    if (kept) {
      this.hits++;
      return Promise.resolve(kept);
    }
    const pending = this.underWay.get(key);
    if (pending) {
      this.hits++;
      return pending;
    }
    this.misses++;
    const generation = this.generation;
    const computation = compute().then((answer) => {
      // kept only if nothing changed while it was computed (a write empties the cache after its commit)
      if (generation === this.generation) {
        const size = Math.max(1, Math.ceil(this.sizeOf(answer)));
        // an answer bigger than the whole cache is served, not kept
        if (size <= answers.maxSize) answers.set(key, answer, { size });
      }
      return answer;
    });
    this.underWay.set(key, computation);
    const forget = () => {
      if (this.underWay.get(key) === computation) this.underWay.delete(key);
    };
    computation.then(forget, forget);
    return computation;
  }

  /** Something an answer depends on changed: no answer computed before now is served again. */
  invalidate(): void {
    this.generation++;
    this.answers?.clear();
    // requests arriving from now on compute afresh; those already waiting get the answer under way
    this.underWay.clear();
  }

  /** Answers kept, and their estimated bytes (for tests and metrics). */
  get stats() {
    return { entries: this.answers?.size ?? 0, bytes: this.answers?.calculatedSize ?? 0, hits: this.hits, misses: this.misses };
  }
}
