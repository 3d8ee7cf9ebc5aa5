import { createHash, createHmac } from 'node:crypto';

/**
 * Statistical disclosure control for every published table. Pure functions: no database, no clock.
 *
 *  1. primary suppression: a cell counting fewer than `threshold` units is withheld; in sensitive
 *     datasets a zero counts as small too (`zeroIsSmall`), and the table shows every combination of
 *     the dimension values, so a withheld cell never tells "some" from "none";
 *  2. complementary suppression over the lattice of tables: a "line" is a cell of a table (its total)
 *     with the cells that break it down by one more dimension (a row or column of the finer table, or
 *     the finer table against its grand total). Along every line, when some parts are withheld and the
 *     total is published, at least two parts are withheld and together they count at least the
 *     threshold; when that cannot be reached, the total is withheld. When the total is withheld, the
 *     parts are never all published. The same pattern is computed for every grouping of the same
 *     records (all tables of up to three of the allowed dimensions), so a total published in one
 *     grouping never sits next to a line with a lone withheld cell in another;
 *  3. perturbation: every published count moves by at most 2, drawn from a keyed hash (HMAC with a
 *     server secret) of a digest of the set of records behind it. The same records give the same noise
 *     in any grouping; any other record set gets unrelated noise, so differencing two queries does not
 *     cancel it (a sum of per-record keys did, whenever the differing records' keys summed to 0).
 */

export type SuppressionReason = 'PRIMARY' | 'COMPLEMENTARY';

/** Separates the values of a cell key. */
export const SEP = '\u0000';

/** Noise by hash: mostly 0, never more than 2 either way. */
export const PERTURBATION = [0, 1, -1, 0, 2, 0, -2, 1, 0, -1, 0, 0, 1, -1, 0, 2, -2, 0, 0, 1, -1, 0, 0];

/**
 * Digest of a record set: md5 of the sorted record ids joined by commas. The statistics query computes
 * the same in SQL (`md5(string_agg(DISTINCT id::text COLLATE "C", ',' ORDER BY id::text COLLATE "C"))`).
 */
export function recordSetDigest(recordIds: string[]): string {
  return sortedSetDigest(sortIds([...new Set(recordIds.map((id) => id.toLowerCase()))]));
}

/**
 * The ids in the order Array.prototype.sort gives them (a new array). Ids that share a long prefix
 * (sequential ids, such as the scale data's) compare faster without it: the prefix common to all is set
 * aside while sorting.
 */
export function sortIds(ids: readonly string[]): string[] {
  let prefix = ids[0] ?? '';
  for (const id of ids) while (!id.startsWith(prefix)) prefix = prefix.slice(0, -1);
  if (prefix.length < 8) return [...ids].sort();
  const n = prefix.length;
  return ids.map((id) => id.slice(n)).sort().map((rest) => prefix + rest);
}

/** recordSetDigest of ids already lowercase, without repeats and sorted (as recordSetDigest sorts them). */
export function sortedSetDigest(sortedIds: readonly string[]): string {
  return createHash('md5').update(sortedIds.join(',')).digest('hex');
}

/** The noise of a cell: a keyed hash of the dataset and the digest of its record set, mapped to -2..2. */
export function noiseFor(secret: string, dataset: string, digest: string): number {
  const mac = createHmac('sha256', secret).update(`${dataset}:${digest}`).digest();
  return PERTURBATION[mac.readUInt32BE(0) % PERTURBATION.length];
}

export function perturb(count: number, noise: number, threshold: number): number {
  // a published count is never below the threshold: small true counts are withheld, not published noisily
  return Math.max(threshold, count + noise);
}

export function isSmall(count: number, threshold: number, zeroIsSmall: boolean): boolean {
  return count < threshold && (count > 0 || zeroIsSmall);
}

/** One table of the lattice: its dimensions in a fixed (canonical) order and its cells by key. */
export interface LatticeTable {
  dims: string[];
  /** Cell key (values in `dims` order joined by SEP) to true count. The table of no dimension has one cell, key ''. */
  cells: Map<string, number>;
}

export const tableId = (dims: string[]) => dims.join(',');

/** Every subset of `dims` (in their order) of at most `max` of them, the empty one included. */
export function subsetsOf(dims: string[], max: number): string[][] {
  const out: string[][] = [[]];
  for (const d of dims) {
    for (const s of [...out]) if (s.length < max) out.push([...s, d]);
  }
  // keep the canonical order of `dims` inside each subset
  return out.map((s) => dims.filter((d) => s.includes(d)));
}

/**
 * Adds the missing combinations of each table's dimension values with a count of 0 (for sensitive
 * datasets, where zero is withheld like a small count). Throws when a table would exceed `maxCells`.
 */
/** A table of the lattice larger than a query may fill. */
export class TooManyCells extends RangeError {
  constructor(readonly dims: readonly string[], readonly cells: number) {
    super(`a table by ${dims.join(', ')} would have ${cells} cells`);
  }
}

export function fillGrid(tables: LatticeTable[], domains: Record<string, string[]>, maxCells: number): void {
  for (const t of tables) {
    let keys: string[][] = [[]];
    for (const d of t.dims) keys = keys.flatMap((k) => (domains[d] ?? []).map((v) => [...k, v]));
    if (keys.length > maxCells) throw new TooManyCells(t.dims, keys.length);
    for (const k of keys) {
      const key = k.join(SEP);
      if (!t.cells.has(key)) t.cells.set(key, 0);
    }
  }
}

/**
 * The suppression pattern of a lattice of tables (closed under taking fewer dimensions): for each table
 * (by tableId), the withheld cell keys and why. Decided on true counts only, so it is the same whatever
 * table is asked for.
 */
export function protectLattice(tables: LatticeTable[], threshold: number, zeroIsSmall: boolean): Map<string, Map<string, SuppressionReason>> {
  // Cells by number: a table's cell j is keys[j], withheld when held[j] is set. A parent key that is not
  // a cell of its table (a table not summed from the finer one) gets a number too, so it can be withheld.
  const ids = tables.map((t) => tableId(t.dims));
  const byId = new Map(ids.map((id, n) => [id, n]));
  const cellsOf = tables.map((t) => {
    const keys = [...t.cells.keys()];
    return { keys, counts: [...t.cells.values()], held: keys.map(() => false), index: new Map(keys.map((k, j) => [k, j])) };
  });
  const cellOf = (n: number, key: string) => {
    const c = cellsOf[n];
    let j = c.index.get(key);
    if (j === undefined) {
      j = c.keys.length;
      c.keys.push(key);
      c.counts.push(0);
      c.held.push(false);
      c.index.set(key, j);
    }
    return j;
  };
  // what is withheld, in the order it was decided: each table's pattern lists its cells in that order
  const decided: { table: number; cell: number; reason: SuppressionReason }[] = [];
  cellsOf.forEach((c, n) => c.counts.forEach((count, j) => {
    if (isSmall(count, threshold, zeroIsSmall)) {
      c.held[j] = true;
      decided.push({ table: n, cell: j, reason: 'PRIMARY' });
    }
  }));

  // A line's parts never change count: each is sorted once (smallest count first, then key), and a pass
  // over the lines allocates nothing. The passes and their order are those of the rule stated above.
  interface Line { totalTable: number; totalCell: number; partTable: number; parts: number[]; counts: number[] }
  const lines: Line[] = [];
  tables.forEach((t, n) => {
    if (!t.dims.length) return;
    const { keys, counts } = cellsOf[n];
    // the table's own cells (not the parent keys numbered after them)
    const split = keys.slice(0, t.cells.size).map((key) => key.split(SEP));
    for (let i = 0; i < t.dims.length; i++) {
      const parentId = tableId(t.dims.filter((_, j) => j !== i));
      const parent = byId.get(parentId);
      if (parent === undefined) throw new Error(`the lattice lacks the table by ${parentId || 'nothing'}`);
      const groups = new Map<string, number[]>();
      split.forEach((parts, j) => {
        let parentKey: string | null = null;
        for (let k = 0; k < parts.length; k++) if (k !== i) parentKey = parentKey === null ? parts[k] : `${parentKey}${SEP}${parts[k]}`;
        parentKey ??= '';
        const group = groups.get(parentKey);
        if (group) group.push(j);
        else groups.set(parentKey, [j]);
      });
      for (const [parentKey, group] of groups) {
        group.sort((a, b) => counts[a] - counts[b] || (keys[a] < keys[b] ? -1 : 1));
        lines.push({ totalTable: parent, totalCell: cellOf(parent, parentKey), partTable: n, parts: group, counts: group.map((j) => counts[j]) });
      }
    }
  });

  const withhold = (table: number, cell: number) => {
    cellsOf[table].held[cell] = true;
    decided.push({ table, cell, reason: 'COMPLEMENTARY' });
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      const { parts, counts } = line;
      const held = cellsOf[line.partTable].held;
      let heldCount = 0;
      let heldSum = 0;
      let firstShown = -1;
      for (let j = 0; j < parts.length; j++) {
        if (held[parts[j]]) {
          heldCount++;
          heldSum += counts[j];
        } else if (firstShown < 0) firstShown = j;
      }
      if (cellsOf[line.totalTable].held[line.totalCell]) {
        // the total must not follow from its parts
        if (!heldCount && firstShown >= 0) {
          withhold(line.partTable, parts[firstShown]);
          changed = true;
        }
        continue;
      }
      if (!heldCount) continue;
      if (heldCount >= 2 && heldSum >= threshold) continue;
      if (firstShown >= 0) withhold(line.partTable, parts[firstShown]);
      else withhold(line.totalTable, line.totalCell);
      changed = true;
    }
  }
  const withheld = new Map(ids.map((id) => [id, new Map<string, SuppressionReason>()]));
  for (const d of decided) withheld.get(ids[d.table])!.set(cellsOf[d.table].keys[d.cell], d.reason);
  return withheld;
}

/** A cell of one flat table, with its noise already drawn. */
export interface RawCell {
  key: string[];
  count: number;
  noise: number;
  sums: Record<string, number | null>;
}

export interface ProtectedCell {
  key: string[];
  count: number | null;
  suppressed: boolean;
  reason: SuppressionReason | null;
  sums: Record<string, number | null>;
}

/** Publishes the cells of a table given its suppression pattern: withheld cells lose count and sums. */
export function publish(cells: RawCell[], pattern: Map<string, SuppressionReason>, threshold: number): ProtectedCell[] {
  return cells.map((c) => {
    const reason = pattern.get(c.key.join(SEP)) ?? null;
    return reason
      ? { key: c.key, count: null, suppressed: true, reason, sums: Object.fromEntries(Object.keys(c.sums).map((k) => [k, null])) }
      : { key: c.key, count: c.count === 0 ? 0 : perturb(c.count, c.noise, threshold), suppressed: false, reason: null, sums: c.sums };
  });
}

/**
 * One flat table whose cells each count distinct records (no record in two cells): builds its lattice
 * by adding up the cells, protects it, and says whether the grand total may be published.
 */
export function protect(cells: RawCell[], threshold: number, zeroIsSmall = false): { cells: ProtectedCell[]; totalSuppressed: boolean } {
  const dims = (cells[0]?.key ?? []).map((_, i) => `d${i}`);
  const tables: LatticeTable[] = subsetsOf(dims, dims.length).map((sub) => {
    const idx = sub.map((d) => dims.indexOf(d));
    const m = new Map<string, number>();
    for (const c of cells) {
      const key = idx.map((i) => c.key[i]).join(SEP);
      m.set(key, (m.get(key) ?? 0) + c.count);
    }
    if (!sub.length && !m.size) m.set('', 0);
    return { dims: sub, cells: m };
  });
  const pattern = protectLattice(tables, threshold, zeroIsSmall);
  return { cells: publish(cells, pattern.get(tableId(dims))!, threshold), totalSuppressed: pattern.get('')!.has('') };
}
