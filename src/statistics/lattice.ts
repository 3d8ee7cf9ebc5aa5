import { SEP, sortIds, subsetsOf, type LatticeTable } from './suppression';

/**
 * The lattice of a statistics query, added up in memory from its finest cells. Pure functions: no
 * database, no clock.
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
 */

/** A value as published: NULL reads UNKNOWN. */
export const valueOf = (v: unknown): string => (v === null || v === undefined ? 'UNKNOWN' : String(v));

/** One cell of the finest grouping. */
export interface FinestCell {
  /** Per dimension of the lattice, in its order: the value, or for a multi-valued dimension the distinct values held (an array). */
  values: unknown[];
  /** Records in the cell. */
  count: number;
  /** Their ids (for the digest behind each published cell's noise). */
  recordIds: string[];
  /** Sums published with the cells (null: no record had a value). */
  sums: Record<string, number | null>;
}

/**
 * The finest cells with each value replaced by its index among the published values of its dimension,
 * sorted (so that the order of the indexes is the order of the values).
 */
interface Encoded {
  names: string[][];
  /** cells[c][i]: the index of cell c's value of dimension i, or the indexes of its distinct values (multi-valued). */
  cells: (number | number[])[][];
}

function encode(dims: readonly string[], multi: ReadonlySet<string>, cells: readonly FinestCell[]): Encoded {
  // distinct raw values of a multi-valued dimension; NULL and a literal UNKNOWN stay two values that publish
  // under one key, as two SQL groups added up did
  const raw = cells.map((c) => dims.map((d, i) => (multi.has(d) ? [...new Set((c.values[i] as unknown[] | null) ?? [])].map(valueOf) : valueOf(c.values[i]))));
  const names = dims.map((_, i) => [...new Set(raw.flatMap((r) => r[i]))].sort());
  const index = names.map((values) => new Map(values.map((v, n) => [v, n])));
  return { names, cells: raw.map((r) => r.map((v, i) => (typeof v === 'string' ? index[i].get(v)! : v.map((x) => index[i].get(x)!)))) };
}

/** Every combination of one index per position (a multi-valued position offers each of its values). */
function combinations(parts: (number | number[])[]): number[][] {
  let out: number[][] = [[]];
  for (const p of parts) {
    if (typeof p === 'number') for (const o of out) o.push(p);
    else out = out.flatMap((o) => p.map((v) => [...o, v]));
  }
  return out;
}

/**
 * A table of the lattice while it is being summed: a cell's key is the mixed-radix number of its value
 * indexes (in the order of the values, so numeric order is the order of the joined keys), or, when that
 * would not be an exact number, the indexes joined by commas.
 */
interface NumTable {
  dims: number[];
  radix: number[];
  numeric: boolean;
  cells: Map<number | string, number>;
}

function newTable(dims: number[], names: string[][]): NumTable {
  const radix = dims.map((i) => Math.max(1, names[i].length));
  return { dims, radix, numeric: radix.reduce((p, r) => p * r, 1) <= Number.MAX_SAFE_INTEGER, cells: new Map() };
}

const keyOf = (t: NumTable, idx: number[]): number | string => {
  if (!t.numeric) return idx.join(',');
  let k = 0;
  for (let j = 0; j < idx.length; j++) k = k * t.radix[j] + idx[j];
  return k;
};

const indexesOf = (t: NumTable, key: number | string): number[] => {
  if (typeof key === 'string') return key === '' ? [] : key.split(',').map(Number);
  const idx = new Array<number>(t.radix.length);
  for (let j = t.radix.length - 1; j >= 0; j--) {
    idx[j] = key % t.radix[j];
    key = Math.floor(key / t.radix[j]);
  }
  return idx;
};

const add = (t: NumTable, key: number | string, n: number) => {
  t.cells.set(key, (t.cells.get(key) ?? 0) + n);
};

/**
 * Every table of up to `maxDims` of `dims` (in the order of subsetsOf), summed from the finest cells;
 * each table's cells in the order of their keys, so the suppression pattern does not depend on the order
 * the database returned the rows in. The table of no dimension always has its one cell ('').
 */
export function sumLattice(dims: readonly string[], multi: ReadonlySet<string>, finest: readonly FinestCell[], maxDims: number): LatticeTable[] {
  const { names, cells } = encode(dims, multi, finest);
  const isMulti = dims.map((d) => multi.has(d));
  // a record with no value of a multi-valued dimension is in no table of the lattice
  const live = cells.map((parts, n) => ({ parts, count: finest[n].count })).filter((c) => c.parts.every((p) => typeof p === 'number' || p.length > 0));
  const single: typeof live = [];
  const several: typeof live = [];
  for (const c of live) (c.parts.every((p) => typeof p === 'number') ? single : several).push(c);
  // the cells with one value per dimension, flat: the bulk of the work is summing them into the finer tables
  const width = dims.length;
  const flat = new Int32Array(single.length * width);
  single.forEach((c, n) => c.parts.forEach((p, i) => (flat[n * width + i] = p as number)));
  const sets = subsetsOf(dims.map((_, i) => String(i)), maxDims).map((s) => s.map(Number));
  const tables = new Map<string, NumTable>();
  const idOf = (s: number[]) => s.join(',');
  // finer tables first: a table is the sum of a finer one over a single-valued dimension (each record in
  // exactly one of its values), or, when there is none in the lattice, of the finest cells
  for (const s of [...sets].sort((a, b) => b.length - a.length)) {
    const t = newTable(s, names);
    const parentDim = s.length < maxDims ? dims.findIndex((_, i) => !isMulti[i] && !s.includes(i)) : -1;
    const parent = parentDim >= 0 ? tables.get(idOf([...s, parentDim].sort((a, b) => a - b))) : undefined;
    if (parent) {
      const keep = parent.dims.map((d, j) => (s.includes(d) ? j : -1)).filter((j) => j >= 0);
      for (const [k, n] of parent.cells) {
        const idx = indexesOf(parent, k);
        add(t, keyOf(t, keep.map((j) => idx[j])), n);
      }
    } else {
      if (t.numeric) {
        for (let n = 0, at = 0; n < single.length; n++, at += width) {
          let k = 0;
          for (let j = 0; j < s.length; j++) k = k * t.radix[j] + flat[at + s[j]];
          add(t, k, single[n].count);
        }
      } else {
        for (const c of single) add(t, keyOf(t, s.map((i) => c.parts[i] as number)), c.count);
      }
      for (const c of several) for (const idx of combinations(s.map((i) => c.parts[i]))) add(t, keyOf(t, idx), c.count);
    }
    tables.set(idOf(s), t);
  }
  return sets.map((s) => {
    const t = tables.get(idOf(s))!;
    const keys = [...t.cells.keys()];
    const joined = keys.map((k) => indexesOf(t, k).map((v, j) => names[s[j]][v]).join(SEP));
    const order = keys.map((_, n) => n);
    if (t.numeric) order.sort((a, b) => (keys[a] as number) - (keys[b] as number));
    else order.sort((a, b) => (joined[a] < joined[b] ? -1 : joined[a] > joined[b] ? 1 : 0));
    const table: LatticeTable = { dims: s.map((i) => dims[i]), cells: new Map(order.map((n) => [joined[n], t.cells.get(keys[n])!])) };
    if (!s.length && !table.cells.size) table.cells.set('', 0);
    return table;
  });
}

/** The table asked for: the records and sums behind each cell, and every record of the table. */
export interface AskedTable {
  /** By key (values in the order asked for, joined by SEP; '' for the table of no dimension). */
  cells: Map<string, SummedCell>;
  /** Every record counted in the table, lowercase, without repeats, sorted (for sortedSetDigest). */
  recordIds: string[];
}

/** What one cell of the table asked for holds: its records (lowercase, without repeats, sorted, for sortedSetDigest) and sums. */
export interface SummedCell {
  recordIds: string[];
  sums: Record<string, number | null>;
}

/**
 * The table by `asked` (a subset of `dims`, keys in `asked` order) summed from the finest cells. A record
 * with no value of a multi-valued dimension asked for is in no cell; one of a dimension not asked for
 * still counts (as the query of the table asked for, which unnested only its own dimensions, counted it).
 */
export function cellsOf(dims: readonly string[], multi: ReadonlySet<string>, finest: readonly FinestCell[], asked: readonly string[]): AskedTable {
  const positions = asked.map((d) => {
    const i = dims.indexOf(d);
    if (i < 0) throw new Error(`${d} is not a dimension of the lattice`);
    return i;
  });
  const cells = new Map<string, SummedCell>();
  // the cells of the table each finest cell falls in (several for a multi-valued dimension)
  const into = finest.map((c) => {
    let keys: string[] = [''];
    positions.forEach((i, j) => {
      const values = multi.has(dims[i]) ? [...new Set((c.values[i] as unknown[] | null) ?? [])].map(valueOf) : [valueOf(c.values[i])];
      keys = keys.flatMap((k) => values.map((v) => (j === 0 ? v : `${k}${SEP}${v}`)));
    });
    // NULL and a literal UNKNOWN publish under one key: the cell holds both record sets once
    return [...new Set(keys)].map((key) => {
      let cell = cells.get(key);
      if (!cell) cells.set(key, (cell = { recordIds: [], sums: Object.fromEntries(Object.keys(c.sums).map((k) => [k, null])) }));
      for (const [k, v] of Object.entries(c.sums)) if (v !== null && v !== undefined) cell.sums[k] = (cell.sums[k] ?? 0) + v;
      return cell;
    });
  });
  // one sort of every id: each cell then receives its records in order
  const owners = new Map<string, number | number[]>();
  finest.forEach((c, f) => {
    for (const raw of c.recordIds) {
      const id = raw.toLowerCase();
      const seen = owners.get(id);
      if (seen === undefined) owners.set(id, f);
      else if (typeof seen === 'number') { if (seen !== f) owners.set(id, [seen, f]); } else if (!seen.includes(f)) seen.push(f);
    }
  });
  const recordIds: string[] = [];
  for (const id of sortIds([...owners.keys()])) {
    const owner = owners.get(id)!;
    let counted = false;
    for (const f of typeof owner === 'number' ? [owner] : owner) {
      for (const cell of into[f]) {
        const ids = cell.recordIds;
        if (ids[ids.length - 1] !== id) ids.push(id);
        counted = true;
      }
    }
    if (counted) recordIds.push(id);
  }
  return { cells, recordIds };
}
