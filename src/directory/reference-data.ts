import { AsyncLocalStorage } from 'node:async_hooks';
import type { DataSource } from 'typeorm';
import { hydrate, selectColumns } from '../db/hydrate';
import { logger } from '../shared/logger';
import { Agency, Area, ServiceCategory } from './entities';

/**
 * The small reference tables of the directory held in memory, one copy per process: agencies (thousands),
 * areas (a few thousand) and service categories (about a hundred). Every search page shows them, and reading
 * them from PostgreSQL cost three of its five statements. PostgreSQL stays the source of truth: a copy is
 * loaded when first needed, and emptied by every write of these tables (the change feed's `reference` topic,
 * here at once and on the other instances when the write commits); the next reader loads it again. Writes of
 * services and locations, far more frequent, leave the copies be (loading the agencies takes some 50 ms of CPU).
 *
 * The per-request loaders (loaders.ts) read the copy and ask SQL for what it lacks (a row added since it was
 * loaded, e.g. by an HSDS import still running, or no such row). Nothing viewer-dependent is held here: whether
 * a location is hidden from the viewer stays per request.
 */

/** A copy older than this is loaded again: writes made outside any server (psql, a script) are seen within it. */
export const REFERENCE_MAX_AGE_MS = 5 * 60_000;

// A load is shared work: it runs outside every request's async context, so its statements count in no
// request's x-sql-statements (as the search index's catch-up) and are captured in none of the benchmark's.
const detached = AsyncLocalStorage.snapshot();

/**
 * One table's copy. A load that began before an invalidation is handed to those who waited for it but never
 * stored (it may predate the write); a reader after the invalidation starts a load of its own.
 */
export class SharedCopy<T> {
  private copy: { value: T; loadedAt: number } | null = null;
  /** Counts invalidations: a load stores its result only if none happened since it began. */
  private version = 0;
  private loading: { version: number; promise: Promise<T> } | null = null;

  constructor(private readonly name: string, private readonly load: () => Promise<T>, private readonly now: () => number = Date.now) {}

  /** The copy, loaded first when there is none or it is too old. Rejects when the load fails (the caller falls back to SQL). */
  get(): Promise<T> {
    if (this.copy && this.now() - this.copy.loadedAt < REFERENCE_MAX_AGE_MS) return Promise.resolve(this.copy.value);
    if (this.loading && this.loading.version === this.version) return this.loading.promise;
    const version = this.version;
    const startedAt = this.now();
    const promise: Promise<T> = detached(() => this.load()).then(
      (value) => {
        if (this.version === version) this.copy = { value, loadedAt: startedAt };
        if (this.loading?.promise === promise) this.loading = null;
        return value;
      },
      (e: unknown) => {
        if (this.loading?.promise === promise) this.loading = null;
        logger.warn({ err: { message: (e as Error).message }, table: this.name }, 'reference data: loading the copy failed, reading from SQL');
        throw e;
      },
    );
    this.loading = { version, promise };
    return promise;
  }

  /** True when a current copy is held (for tests and metrics). */
  get loaded(): boolean {
    return this.copy !== null && this.now() - this.copy.loadedAt < REFERENCE_MAX_AGE_MS;
  }

  invalidate(): void {
    this.version++;
    this.copy = null;
  }
}

export interface CategoryCopy {
  byCode: Map<string, ServiceCategory>;
  /** Each category's children in the order serviceCategories lists them (sort order, then code); [] for a leaf. */
  children: Map<string, ServiceCategory[]>;
  /** Each code's position in PostgreSQL's ORDER BY sort_order, code (its collation, not JavaScript's). */
  rank: Map<string, number>;
}

/** Shared entities are frozen: a resolver that changed one would change it for every request. */
function frozen<T extends object>(entity: T): T {
  return Object.freeze(entity);
}

export class ReferenceData {
  readonly agencies: SharedCopy<Map<string, Agency>>;
  readonly areas: SharedCopy<Map<string, Area>>;
  readonly categories: SharedCopy<CategoryCopy>;

  constructor(db: DataSource, now?: () => number) {
    this.agencies = new SharedCopy('agencies', async () => {
      const rows: Record<string, unknown>[] = await db.query(`SELECT ${selectColumns(db, Agency, 'x')} FROM agencies x`);
      return new Map(rows.map((r) => frozen(hydrate(db, Agency, r))).map((a) => [a.id, a]));
    }, now);
    this.areas = new SharedCopy('areas', async () => {
      const rows: Record<string, unknown>[] = await db.query(`SELECT ${selectColumns(db, Area, 'x')} FROM areas x`);
      return new Map(rows.map((r) => frozen(hydrate(db, Area, r))).map((a) => [a.id, a]));
    }, now);
    this.categories = new SharedCopy('service_categories', async () => {
      const rows: Record<string, unknown>[] = await db.query(`SELECT ${selectColumns(db, ServiceCategory, 'x')} FROM service_categories x ORDER BY x.sort_order, x.code`);
      const list = rows.map((r) => frozen(hydrate(db, ServiceCategory, r)));
      const children = new Map<string, ServiceCategory[]>(list.map((c) => [c.code, []]));
      for (const c of list) if (c.parentCode) children.get(c.parentCode)?.push(c);
      for (const siblings of children.values()) Object.freeze(siblings);
      return { byCode: new Map(list.map((c) => [c.code, c])), children, rank: new Map(list.map((c, i) => [c.code, i])) };
    }, now);
  }

  /** Every copy is emptied: a write of agencies, areas or categories here or on another instance (change feed). */
  invalidate(): void {
    this.agencies.invalidate();
    this.areas.invalidate();
    this.categories.invalidate();
  }
}
