import { LRUCache } from 'lru-cache';

/** What Apollo Server asks of a persisted-query store (its KeyValueCache<string>). */
export interface PersistedQueryStore {
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string, options?: { ttl?: number | null }): Promise<void>;
  delete(key: string): Promise<boolean | void>;
  /** Lookups answered from the store (hits) or not (misses: the client then sends the document once). */
  readonly stats: { hits: number; misses: number };
}

/**
 * The documents of automatic persisted queries, by their SHA-256, in memory and bounded by `maxBytes`
 * (least recently used first out). A client that finds its hash forgotten sends the document again: an
 * eviction costs one round trip, never an error the user sees.
 */
export function persistedQueryStore(maxBytes: number): PersistedQueryStore {
  const documents = new LRUCache<string, string>({ maxSize: maxBytes, sizeCalculation: (value, key) => value.length + key.length });
  const stats = { hits: 0, misses: 0 };
  return {
    stats,
    async get(key) {
      const value = documents.get(key);
      if (value === undefined) stats.misses++;
      else stats.hits++;
      return value;
    },
    async set(key, value, options) {
      // a document larger than the whole store is simply not kept
      documents.set(key, value, options?.ttl ? { ttl: options.ttl * 1000 } : undefined);
    },
    async delete(key) {
      return documents.delete(key);
    },
  };
}
