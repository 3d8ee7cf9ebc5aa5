import { isSmall, SEP, subsetsOf, TooManyCells, type LatticeTable, type SuppressionReason } from './suppression';

/** A table whose keys would not be exact numbers (values by the hundred thousand in each of three dimensions). */
export class TooManyValues extends RangeError {
  constructor(readonly dims: readonly string[]) {
    super(`a table by ${dims.join(', ')} has too many distinct values to number`);
  }
}

/**
 * The lattice of a statistics query, added up in memory from its finest cells, and its suppression
 * pattern, on numbers. Pure functions: no database, no clock.
 *
 * The database answers one plain GROUP BY over every allowed dimension (the finest cells, each with its
 * record ids and sums); every coarser table of the lattice and the table asked for are sums of those
 * cells. This gives the counts a GROUPING SETS query over every grouping gave (count of distinct records
 * per value tuple, NULL read as UNKNOWN), at the cost of one grouping instead of one per table.
 *
 * A multi-valued dimension (a record counts once under each of its values) comes as the set of distinct
 * values of each record: a finest cell is the records sharing one value of every single-valued
 * dimension and one set of values of every multi-valued one, so a coarser table without that dimension
 * still counts each record once. A record with an empty set counts in no table that has the dimension
 * in its lattice (the old query's CROSS JOIN LATERAL unnest dropped it).
 *
 * Values are numbered per dimension in their sort order, and a cell's key is the mixed-radix number of
 * its values' numbers (the table's dimensions in lattice order, the first most significant), so the
 * numeric order of keys is the order of the joined string keys (SEP sorts before any character, and
 * PostgreSQL text holds no NUL). Nothing is keyed by strings until the table asked for is published.
 */

/** A value as published: NULL reads UNKNOWN. */
export const valueOf = (v: unknown): string => (v === null || v === undefined ? 'UNKNOWN' : String(v));

/** One cell of the finest grouping. */
export interface FinestCell {
  /** Per dimension of the lattice, in its order: the value, or for a multi-valued dimension the distinct values held (an array). */
  values: unknown[];
  /** Records in the cell. */
  count: number;
  /** Their ids joined by commas, as string_agg gives them (for the digest behind each published cell's noise). */
  records: string;
  /** Sums published with the cells (null: no record had a value). */
  sums: Record<string, number | null>;
}

/** One table of the lattice. */
export interface Table {
  /** Its dimensions: positions in the lattice's dimensions, ascending. */
  dims: number[];
  /** Bit i set when dimension i is one of them. */
  mask: number;
  /** Per dimension, how many values it numbers (at least 1). */
  radix: number[];
  /** Its cells' keys, ascending (grid cells added by fillLattice follow, ascending among themselves). */
  keys: number[];
  /** True count of each cell. */
  counts: number[];
}

export interface Lattice {
  dims: readonly string[];
  /** Per dimension, its published values in sort order: a cell's value number indexes these. */
  names: string[][];
  /** Every table of up to maxDims dimensions, in the order of subsetsOf. */
  tables: Table[];
  /** Index in `tables` by mask. */
  byMask: Map<number, number>;
  /** Per finest cell, per dimension: the value's number, or for a multi-valued dimension the numbers of its distinct values (two raw values publishing alike, NULL and 'UNKNOWN', give the same number twice). */
  digits: (number | number[])[][];
}

/** Keys a mixed-radix number can hold exactly. */
const SAFE = Number.MAX_SAFE_INTEGER;
/** Key spaces up to this size are summed and looked up in arrays, larger ones in maps. */
const DENSE = 65_536;

const weightsOf = (radix: readonly number[]): number[] => {
  const w = new Array<number>(radix.length);
  for (let j = radix.length - 1, p = 1; j >= 0; j--) {
    w[j] = p;
    p *= radix[j];
  }
  return w;
};

const productOf = (xs: readonly number[]) => xs.reduce((p, r) => p * r, 1);

/** The key of `key`'s cell in the table without its dimension at `j` (weights `w`, radix `r` of the finer table). */
const dropDigit = (key: number, j: number, w: readonly number[], r: readonly number[]) => Math.floor(key / (r[j] * w[j])) * w[j] + (key % w[j]);

/** Every combination of one value per position (a multi-valued position offers each of its values). */
function combinations(parts: (number | number[])[]): number[][] {
  let out: number[][] = [[]];
  for (const p of parts) {
    if (typeof p === 'number') for (const o of out) o.push(p);
    else out = out.flatMap((o) => p.map((v) => [...o, v]));
  }
  return out;
}

/** Adds up (key, count) pairs into a table's ascending keys and counts. */
class Summer {
  private readonly dense: Float64Array | null;
  private readonly present: Uint8Array | null;
  private readonly sparse: Map<number, number> | null;

  constructor(private readonly size: number) {
    // a small key space is summed in an array (already in key order), a large one in a map
    if (size <= DENSE) {
      this.dense = new Float64Array(size);
      this.present = new Uint8Array(size);
      this.sparse = null;
    } else {
      this.dense = null;
      this.present = null;
      this.sparse = new Map();
    }
  }

  /**
   * Adds the flat cells (`stride` numbers each, the last always 0) under their keys in a table by the
   * dimensions at `positions` (weights `w`).
   */
  addFlat(flat: Int32Array, stride: number, counts: Float64Array, positions: readonly number[], w: readonly number[]): void {
    const cells = counts.length;
    if (this.dense && positions.length <= 3) {
      // the common case, unrolled: a missing dimension reads the zero column
      const { dense, present } = this;
      const [p0 = stride - 1, p1 = stride - 1, p2 = stride - 1] = positions;
      const [w0 = 0, w1 = 0, w2 = 0] = w;
      for (let c = 0, at = 0; c < cells; c++, at += stride) {
        const k = flat[at + p0] * w0 + flat[at + p1] * w1 + flat[at + p2] * w2;
        dense[k] += counts[c];
        present![k] = 1;
      }
      return;
    }
    for (let c = 0, at = 0; c < cells; c++, at += stride) {
      let k = 0;
      for (let j = 0; j < positions.length; j++) k += flat[at + positions[j]] * w[j];
      this.add(k, counts[c]);
    }
  }

  add(key: number, n: number): void {
    if (this.dense) {
      this.dense[key] += n;
      this.present![key] = 1;
    } else this.sparse!.set(key, (this.sparse!.get(key) ?? 0) + n);
  }

  done(): { keys: number[]; counts: number[] } {
    const keys: number[] = [];
    const counts: number[] = [];
    if (this.dense) {
      for (let k = 0; k < this.size; k++) {
        if (this.present![k]) {
          keys.push(k);
          counts.push(this.dense[k]);
        }
      }
    } else {
      for (const k of [...this.sparse!.keys()].sort((a, b) => a - b)) {
        keys.push(k);
        counts.push(this.sparse!.get(k)!);
      }
    }
    return { keys, counts };
  }
}

/**
 * Every table of up to `maxDims` of `dims` (in the order of subsetsOf), summed from the finest cells,
 * each table's cells in the order of their keys, so the suppression pattern does not depend on the order
 * the database returned the rows in. The table of no dimension always has its one cell (key 0).
 * `extraValues` (per dimension) are numbered too, so that fillLattice can add them.
 * Throws TooManyValues when a table's keys would not be exact numbers (values by the hundred thousand in
 * each of three dimensions).
 */
export function latticeOf(dims: readonly string[], multi: ReadonlySet<string>, finest: readonly FinestCell[], maxDims: number, extraValues?: readonly (readonly string[])[]): Lattice {
  const isMulti = dims.map((d) => multi.has(d));
  // distinct raw values of a multi-valued dimension; NULL and a literal UNKNOWN stay two values that publish
  // under one key, as two SQL groups added up did
  const raw = finest.map((c) => dims.map((_, i) => (isMulti[i] ? [...new Set((c.values[i] as unknown[] | null) ?? [])].map(valueOf) : valueOf(c.values[i]))));
  const names = dims.map((_, i) => {
    const seen = new Set<string>(extraValues?.[i] ?? []);
    for (const r of raw) {
      const v = r[i];
      if (typeof v === 'string') seen.add(v);
      else for (const x of v) seen.add(x);
    }
    return [...seen].sort();
  });
  const index = names.map((values) => new Map(values.map((v, n) => [v, n])));
  const digits = raw.map((r) => r.map((v, i) => (typeof v === 'string' ? index[i].get(v)! : v.map((x) => index[i].get(x)!))));
  const radixOf = names.map((values) => Math.max(1, values.length));

  // a record with no value of a multi-valued dimension is in no table of the lattice
  const width = dims.length;
  const single: number[] = [];
  const several: number[] = [];
  digits.forEach((parts, c) => {
    if (parts.some((p) => typeof p !== 'number' && !p.length)) return;
    (parts.every((p) => typeof p === 'number') ? single : several).push(c);
  });
  // the cells with one value per dimension, flat (and a zero after each): the bulk of the work is summing
  // them into the finer tables
  const stride = width + 1;
  const flat = new Int32Array(single.length * stride);
  const flatCount = new Float64Array(single.length);
  single.forEach((c, n) => {
    flatCount[n] = finest[c].count;
    digits[c].forEach((p, i) => (flat[n * stride + i] = p as number));
  });

  const sets = subsetsOf(dims.map((_, i) => String(i)), maxDims).map((s) => s.map(Number));
  const maskOf = (s: readonly number[]) => s.reduce((m, i) => m | (1 << i), 0);
  const built = new Map<number, Table>();
  // finer tables first: a table is the sum of a finer one over a single-valued dimension (each record in
  // exactly one of its values), or, when there is none in the lattice, of the finest cells
  for (const s of [...sets].sort((a, b) => b.length - a.length)) {
    const radix = s.map((i) => radixOf[i]);
    const size = productOf(radix);
    if (size > SAFE) throw new TooManyValues(s.map((i) => dims[i]));
    const w = weightsOf(radix);
    const mask = maskOf(s);
    const sum = new Summer(size);
    const parentDim = s.length < maxDims ? dims.findIndex((_, i) => !isMulti[i] && !s.includes(i)) : -1;
    const parent = parentDim >= 0 ? built.get(mask | (1 << parentDim)) : undefined;
    if (parent) {
      const j = parent.dims.indexOf(parentDim);
      const pw = weightsOf(parent.radix);
      for (let c = 0; c < parent.keys.length; c++) sum.add(dropDigit(parent.keys[c], j, pw, parent.radix), parent.counts[c]);
    } else {
      sum.addFlat(flat, stride, flatCount, s, w);
      for (const c of several) {
        for (const idx of combinations(s.map((i) => digits[c][i]))) {
          let k = 0;
          for (let j = 0; j < idx.length; j++) k += idx[j] * w[j];
          sum.add(k, finest[c].count);
        }
      }
    }
    const { keys, counts } = sum.done();
    if (!s.length && !keys.length) {
      keys.push(0);
      counts.push(0);
    }
    built.set(mask, { dims: s, mask, radix, keys, counts });
  }
  const tables = sets.map((s) => built.get(maskOf(s))!);
  return { dims, names, tables, byMask: new Map(tables.map((t, n) => [t.mask, n])), digits };
}

/** A cell's values (published strings) in its table's dimension order. */
export function valuesOf(lattice: Lattice, table: Table, key: number): string[] {
  const out = new Array<string>(table.dims.length);
  for (let j = table.dims.length - 1; j >= 0; j--) {
    out[j] = lattice.names[table.dims[j]][key % table.radix[j]];
    key = Math.floor(key / table.radix[j]);
  }
  return out;
}

/** The lattice as tables keyed by strings (values joined by SEP), as protectLattice and fillGrid take them. */
export function asLatticeTables(lattice: Lattice): LatticeTable[] {
  return lattice.tables.map((t) => ({
    dims: t.dims.map((i) => lattice.dims[i]),
    cells: new Map(t.keys.map((k, c) => [valuesOf(lattice, t, k).join(SEP), t.counts[c]])),
  }));
}

/** sumLattice with string keys (see latticeOf). */
export function sumLattice(dims: readonly string[], multi: ReadonlySet<string>, finest: readonly FinestCell[], maxDims: number): LatticeTable[] {
  return asLatticeTables(latticeOf(dims, multi, finest, maxDims));
}

/**
 * fillGrid on numbers: adds every combination of the values of each table's dimensions missing from it,
 * with a count of 0, after its cells (in key order). A dimension's values are `fixed[i]` (numbered by
 * latticeOf's extraValues) and those its own table counts. Throws TooManyCells (as fillGrid does) when a
 * table would exceed `maxCells`.
 */
export function fillLattice(lattice: Lattice, fixed: readonly (readonly string[])[], maxCells: number): void {
  const domains = lattice.dims.map((_, i) => {
    const own = lattice.tables[lattice.byMask.get(1 << i)!];
    const numbers = new Set<number>(own.keys);
    const index = new Map(lattice.names[i].map((v, n) => [v, n]));
    for (const v of fixed[i] ?? []) {
      const n = index.get(v);
      if (n === undefined) throw new Error(`${v} was not numbered: pass it to latticeOf`);
      numbers.add(n);
    }
    return [...numbers].sort((a, b) => a - b);
  });
  for (const t of lattice.tables) {
    const size = productOf(t.dims.map((i) => domains[i].length));
    if (size > maxCells) throw new TooManyCells(t.dims.map((i) => lattice.dims[i]), size);
    if (size === t.keys.length) continue; // every combination is there already
    const have = new Set(t.keys);
    const w = weightsOf(t.radix);
    // the combinations in order: the key of each, numbers of the first dimension most significant
    let keys = [0];
    t.dims.forEach((i, j) => {
      const next: number[] = [];
      for (const k of keys) for (const v of domains[i]) next.push(k + v * w[j]);
      keys = next;
    });
    for (const k of keys) {
      if (!have.has(k)) {
        t.keys.push(k);
        t.counts.push(0);
      }
    }
  }
}

/**
 * A table's cell numbers sorted by count, then key. Counts and key ranks are packed into one number
 * and sorted as numbers (no comparator) when that is exact.
 */
function cellsByCount(keys: readonly number[], counts: readonly number[]): Int32Array {
  const cells = keys.length;
  const out = new Int32Array(cells);
  let ascending = true;
  let most = 0;
  for (let c = 0; c < cells; c++) {
    if (c > 0 && keys[c] <= keys[c - 1]) ascending = false;
    if (counts[c] > most) most = counts[c];
  }
  // the rank of each cell's key among the table's keys
  let rankOf: Int32Array | null = null;
  let cellAt: Int32Array | null = null;
  if (!ascending) {
    cellAt = Int32Array.from(keys.keys()).sort((a, b) => keys[a] - keys[b]);
    rankOf = new Int32Array(cells);
    cellAt.forEach((c, r) => (rankOf![c] = r));
  }
  if ((most + 1) * cells > SAFE || counts.some((n) => n < 0 || !Number.isInteger(n))) {
    for (let c = 0; c < cells; c++) out[c] = c;
    return out.sort((a, b) => counts[a] - counts[b] || keys[a] - keys[b]);
  }
  const packed = new Float64Array(cells);
  for (let c = 0; c < cells; c++) packed[c] = counts[c] * cells + (rankOf ? rankOf[c] : c);
  packed.sort();
  for (let i = 0; i < cells; i++) {
    const rank = packed[i] % cells;
    out[i] = cellAt ? cellAt[rank] : rank;
  }
  return out;
}

/** Why each cell of each table is withheld: 0 published, 1 PRIMARY, 2 COMPLEMENTARY. */
export const WITHHELD: readonly (SuppressionReason | null)[] = [null, 'PRIMARY', 'COMPLEMENTARY'];

export interface Protection {
  /** Per table, per cell (in the table's order): 0 published, else WITHHELD's reason. */
  held: Uint8Array[];
  /** The withheld cells in the order they were decided, numbered across tables (table n's cell c is offset[n] + c). */
  decided: number[];
  offset: Int32Array;
}

/**
 * protectLattice on numbers: the same rule, the same lines in the same order, the same pattern decided in
 * the same order. The lattice must be closed (every table's cells sum into its coarser tables' cells, as
 * latticeOf and fillLattice make it).
 */
export function protectNumbered(lattice: Lattice, threshold: number, zeroIsSmall: boolean): Protection {
  const { tables } = lattice;
  const offset = new Int32Array(tables.length + 1);
  tables.forEach((t, n) => (offset[n + 1] = offset[n] + t.keys.length));
  const held = new Uint8Array(offset[tables.length]);
  const decided: number[] = [];
  tables.forEach((t, n) => {
    for (let c = 0; c < t.counts.length; c++) {
      if (isSmall(t.counts[c], threshold, zeroIsSmall)) {
        held[offset[n] + c] = 1;
        decided.push(offset[n] + c);
      }
    }
  });

  // a table's cell numbers by key (for the totals of lines): an array over a small key space, else a map
  const indexes = new Map<number, (key: number) => number | undefined>();
  const cellIndex = (n: number) => {
    let find = indexes.get(n);
    if (!find) {
      const { keys, radix } = tables[n];
      const size = productOf(radix);
      if (size <= DENSE) {
        const at = new Int32Array(size).fill(-1);
        keys.forEach((k, c) => (at[k] = c));
        find = (key) => (at[key] >= 0 ? at[key] : undefined);
      } else {
        const at = new Map(keys.map((k, c) => [k, c]));
        find = (key) => at.get(key);
      }
      indexes.set(n, find);
    }
    return find;
  };
  // every line: the total's cell, then its parts (cells of one table) sorted by count, then key
  const lineTotal: number[] = [];
  const lineStart: number[] = [0];
  const parts: number[] = [];
  const partCounts: number[] = [];
  tables.forEach((t, n) => {
    if (!t.dims.length) return;
    const { keys, counts } = t;
    const w = weightsOf(t.radix);
    const group = new Int32Array(keys.length);
    const byCount = cellsByCount(keys, counts);
    for (let j = 0; j < t.dims.length; j++) {
      const parentNumber = lattice.byMask.get(t.mask & ~(1 << t.dims[j]));
      if (parentNumber === undefined) throw new Error(`the lattice lacks the table by ${t.dims.filter((_, i) => i !== j).map((i) => lattice.dims[i]).join(',') || 'nothing'}`);
      const parentCell = cellIndex(parentNumber);
      // the lines in the order their totals first appear among the cells
      const totals: number[] = [];
      const parentSize = productOf(tables[parentNumber].radix);
      if (parentSize <= DENSE) {
        const groupOf = new Int32Array(parentSize).fill(-1);
        for (let c = 0; c < keys.length; c++) {
          const parentKey = dropDigit(keys[c], j, w, t.radix);
          let g = groupOf[parentKey];
          if (g < 0) {
            groupOf[parentKey] = g = totals.length;
            totals.push(parentKey);
          }
          group[c] = g;
        }
      } else {
        const groupOf = new Map<number, number>();
        for (let c = 0; c < keys.length; c++) {
          const parentKey = dropDigit(keys[c], j, w, t.radix);
          let g = groupOf.get(parentKey);
          if (g === undefined) {
            groupOf.set(parentKey, (g = totals.length));
            totals.push(parentKey);
          }
          group[c] = g;
        }
      }
      const start = new Int32Array(totals.length + 1);
      for (let c = 0; c < keys.length; c++) start[group[c] + 1]++;
      for (let g = 0; g < totals.length; g++) start[g + 1] += start[g];
      const members = new Int32Array(keys.length);
      const fill = start.slice(0, totals.length);
      for (let i = 0; i < keys.length; i++) members[fill[group[byCount[i]]]++] = byCount[i];
      for (let g = 0; g < totals.length; g++) {
        const total = parentCell(totals[g]);
        if (total === undefined) throw new Error('the lattice is not closed: a cell has no total in a coarser table');
        lineTotal.push(offset[parentNumber] + total);
        for (let i = start[g]; i < start[g + 1]; i++) {
          parts.push(offset[n] + members[i]);
          partCounts.push(counts[members[i]]);
        }
        lineStart.push(parts.length);
      }
    }
  });

  for (let changed = true; changed;) {
    changed = false;
    for (let l = 0; l < lineTotal.length; l++) {
      const from = lineStart[l];
      const to = lineStart[l + 1];
      let heldCount = 0;
      let heldSum = 0;
      let firstShown = -1;
      for (let p = from; p < to; p++) {
        if (held[parts[p]]) {
          heldCount++;
          heldSum += partCounts[p];
        } else if (firstShown < 0) firstShown = p;
      }
      if (held[lineTotal[l]]) {
        // the total must not follow from its parts
        if (!heldCount && firstShown >= 0) {
          held[parts[firstShown]] = 2;
          decided.push(parts[firstShown]);
          changed = true;
        }
        continue;
      }
      if (!heldCount) continue;
      if (heldCount >= 2 && heldSum >= threshold) continue;
      const cell = firstShown >= 0 ? parts[firstShown] : lineTotal[l];
      held[cell] = 2;
      decided.push(cell);
      changed = true;
    }
  }
  return { held: tables.map((_, n) => held.subarray(offset[n], offset[n + 1])), decided, offset };
}

/** The pattern as protectLattice gives it: per table (by tableId), the withheld keys and why, in the order decided. */
export function patternOf(lattice: Lattice, protection: Protection): Map<string, Map<string, SuppressionReason>> {
  const ids = lattice.tables.map((t) => t.dims.map((i) => lattice.dims[i]).join(','));
  const out = new Map(ids.map((id) => [id, new Map<string, SuppressionReason>()]));
  for (const g of protection.decided) {
    let n = 0;
    while (protection.offset[n + 1] <= g) n++;
    const t = lattice.tables[n];
    const c = g - protection.offset[n];
    out.get(ids[n])!.set(valuesOf(lattice, t, t.keys[c]).join(SEP), WITHHELD[protection.held[n][c]]!);
  }
  return out;
}

/**
 * The keys, in `table`, that each finest cell's records are counted under: one per combination of distinct published values (a multi-valued dimension gives
 * several, none when the record has no value). Every finest cell counts, also one the lattice drops for
 * an empty set of a dimension not in this table (as the query of the table asked for counted it).
 */
export function keysInTable(lattice: Lattice, table: Table): number[][] {
  const w = weightsOf(table.radix);
  return lattice.digits.map((parts) => {
    let keys = [0];
    table.dims.forEach((i, j) => {
      const p = parts[i];
      if (typeof p === 'number') for (let k = 0; k < keys.length; k++) keys[k] += p * w[j];
      else {
        const values = [...new Set(p)];
        keys = keys.flatMap((k) => values.map((v) => k + v * w[j]));
      }
    });
    return keys;
  });
}

/**
 * The groups of records behind the table's cells, for groupDigests: group c (below table.keys.length) is
 * the records counted under the table's cell c; a key finest cells give that the table lacks (records the
 * lattice drops for an empty set of a dimension not in the table, under values no other record has) is a
 * group after those. The total is every record in some group, as the query of the table asked for
 * counted it.
 */
export function groupsInTable(lattice: Lattice, table: Table): { keysOf: number[][]; groupsOf: number[][]; groups: number } {
  const keysOf = keysInTable(lattice, table);
  const groupOf = new Map(table.keys.map((k, c) => [k, c]));
  const groupsOf = keysOf.map((keys) => keys.map((k) => {
    let g = groupOf.get(k);
    if (g === undefined) groupOf.set(k, (g = groupOf.size));
    return g;
  }));
  return { keysOf, groupsOf, groups: groupOf.size };
}

/** Per key of the table, the sums of the finest cells counted under it (null: no record had a value). */
export function sumsByKey(finest: readonly FinestCell[], keysOf: readonly number[][], names: readonly string[]): Map<number, Record<string, number | null>> {
  const out = new Map<number, Record<string, number | null>>();
  if (!names.length) return out;
  finest.forEach((c, f) => {
    for (const key of keysOf[f]) {
      let sums = out.get(key);
      if (!sums) out.set(key, (sums = Object.fromEntries(names.map((k) => [k, null]))));
      for (const k of names) {
        const v = c.sums[k];
        if (v !== null && v !== undefined) sums[k] = (sums[k] ?? 0) + v;
      }
    }
  });
  return out;
}
