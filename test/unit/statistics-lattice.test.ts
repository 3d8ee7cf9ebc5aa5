import fc from 'fast-check';
import { asLatticeTables, fillLattice, groupsInTable, keysInTable, latticeOf, patternOf, protectNumbered, sumLattice, sumsByKey, valueOf, valuesOf, type FinestCell } from '../../src/statistics/lattice';
import { groupDigests } from '../../src/statistics/record-digests';
import { fillGrid, protectLattice, recordSetDigest, SEP, sortIds, subsetsOf, tableId } from '../../src/statistics/suppression';

/**
 * The lattice summed in memory from the finest cells gives what the GROUPING SETS query over every
 * grouping gave. The reference below computes that query's answer the way PostgreSQL did: rows expanded
 * by CROSS JOIN LATERAL unnest for each multi-valued dimension, one group per raw value tuple (NULL a
 * value of its own), count(DISTINCT id), the groups added up under their published key.
 */

interface Rec { id: string; values: unknown[]; sums: Record<string, number | null> }

const MAX = 3;

/** Every row of the inner query: one per combination of the record's values (unnest keeps duplicates). */
function expand(r: Rec, dims: string[], multi: Set<string>, on: string[]): unknown[][] {
  let rows: unknown[][] = [[]];
  dims.forEach((d, i) => {
    if (!on.includes(d)) rows = rows.map((row) => [...row, r.values[i]]);
    else if (multi.has(d)) rows = rows.flatMap((row) => (r.values[i] as unknown[]).map((v) => [...row, v]));
    else rows = rows.map((row) => [...row, r.values[i]]);
  });
  return rows;
}

/** The old lattice: GROUPING SETS over every subset, rows expanded over every multi-valued dimension of the lattice. */
function referenceLattice(records: Rec[], dims: string[], multi: Set<string>) {
  const out = new Map<string, Map<string, number>>();
  const rows = records.flatMap((r) => expand(r, dims, multi, dims).map((values) => ({ id: r.id, values })));
  for (const s of subsetsOf(dims, MAX)) {
    const idx = s.map((d) => dims.indexOf(d));
    const groups = new Map<string, { raw: unknown[]; ids: Set<string> }>();
    for (const row of rows) {
      const raw = idx.map((i) => row.values[i]);
      const g = JSON.stringify(raw);
      if (!groups.has(g)) groups.set(g, { raw, ids: new Set() });
      groups.get(g)!.ids.add(row.id);
    }
    const table = new Map<string, number>();
    for (const { raw, ids } of groups.values()) {
      const key = raw.map(valueOf).join(SEP);
      table.set(key, (table.get(key) ?? 0) + ids.size);
    }
    // the empty grouping set answers one row (count 0) even over no rows
    if (!s.length && !table.size) table.set('', 0);
    out.set(tableId(s), table);
  }
  return out;
}

/** The old table asked for: its own query, rows expanded over the multi-valued dimensions asked for only; digest of the distinct ids and sums per group. */
function referenceAsked(records: Rec[], dims: string[], multi: Set<string>, asked: string[]) {
  const out = new Map<string, { digest: string; sums: Record<string, number | null> }>();
  const all = new Set<string>();
  const groups = new Map<string, { ids: Set<string>; rows: Map<string, Rec> }>();
  for (const r of records) {
    for (const values of expand(r, dims, multi, asked)) {
      const key = asked.map((d) => valueOf(values[dims.indexOf(d)])).join(SEP);
      if (!groups.has(key)) groups.set(key, { ids: new Set(), rows: new Map() });
      groups.get(key)!.ids.add(r.id);
      groups.get(key)!.rows.set(r.id, r);
      all.add(r.id);
    }
  }
  for (const [key, g] of groups) {
    const sums: Record<string, number | null> = {};
    for (const k of Object.keys(records[0]?.sums ?? {})) {
      const vals = [...g.rows.values()].map((r) => r.sums[k]).filter((v): v is number => v !== null);
      sums[k] = vals.length ? vals.reduce((a, b) => a + b, 0) : null;
    }
    out.set(key, { digest: recordSetDigest([...g.ids]), sums });
  }
  return { cells: out, total: recordSetDigest([...all]) };
}

/** The finest cells as the plain GROUP BY returns them: one per raw tuple, a multi-valued dimension as its sorted distinct values. */
function finestOf(records: Rec[], dims: string[], multi: Set<string>): FinestCell[] {
  const groups = new Map<string, FinestCell>();
  for (const r of records) {
    const values = dims.map((d, i) => (multi.has(d) ? [...new Set(r.values[i] as unknown[])].sort((a, b) => String(a).localeCompare(String(b))) : r.values[i]));
    const g = JSON.stringify(values);
    if (!groups.has(g)) groups.set(g, { values, count: 0, records: '', sums: Object.fromEntries(Object.keys(r.sums).map((k) => [k, null])) });
    const cell = groups.get(g)!;
    cell.count++;
    cell.records = cell.records ? `${cell.records},${r.id}` : r.id;
    for (const [k, v] of Object.entries(r.sums)) if (v !== null) cell.sums[k] = (cell.sums[k] ?? 0) + v;
  }
  return [...groups.values()];
}

const asObject = (tables: { dims: string[]; cells: Map<string, number> }[]) =>
  Object.fromEntries(tables.map((t) => [tableId(t.dims), Object.fromEntries(t.cells)]));

const uuid = (n: number) => `${n.toString(16).padStart(8, '0')}-0000-4000-8000-000000000000`;

/** Records over 2..5 dimensions, some multi-valued (with duplicates, NULL elements, empty sets), values from small domains with NULL. */
const scenario = (values: (string | null)[]) =>
  fc.integer({ min: 2, max: 5 }).chain((n) => {
    const dims = Array.from({ length: n }, (_, i) => `D${i}`);
    return fc.record({
      dims: fc.constant(dims),
      multi: fc.subarray(dims, { maxLength: 2 }),
      withSums: fc.boolean(),
      raw: fc.array(
        fc.record({
          single: fc.array(fc.constantFrom(...values), { minLength: n, maxLength: n }),
          sets: fc.array(fc.array(fc.constantFrom(...values), { maxLength: 3 }), { minLength: n, maxLength: n }),
          cap: fc.option(fc.integer({ min: 0, max: 50 })),
        }),
        { maxLength: 60 },
      ),
    });
  }).map(({ dims, multi, withSums, raw }) => {
    const m = new Set(multi);
    const records: Rec[] = raw.map((r, i) => ({
      id: uuid(i + 1),
      values: dims.map((d, j) => (m.has(d) ? r.sets[j] : r.single[j])),
      sums: (withSums ? { capacityTotal: r.cap } : {}) as Record<string, number | null>,
    }));
    return { dims, multi: m, records };
  });

describe('the lattice summed from the finest cells', () => {
  it('counts what the GROUPING SETS query over every grouping counted (NULL and a literal UNKNOWN added up under one key)', () => {
    fc.assert(fc.property(scenario(['a', 'b', 'c', null, 'UNKNOWN']), fc.boolean(), ({ dims, multi, records }, shuffle) => {
      const finest = finestOf(records, dims, multi);
      if (shuffle) finest.reverse();
      const ours = sumLattice(dims, multi, finest, MAX);
      expect(ours.map((t) => tableId(t.dims))).toEqual(subsetsOf(dims, MAX).map(tableId));
      // each table's cells in the order of their keys, whatever order the rows came in
      for (const t of ours) expect([...t.cells.keys()]).toEqual([...t.cells.keys()].sort());
      expect(asObject(ours)).toEqual(Object.fromEntries([...referenceLattice(records, dims, multi)].map(([k, v]) => [k, Object.fromEntries(v)])));
    }), { numRuns: 300 });
  });

  it('gives each cell of the table asked for the digest of its records and the sums the query asked for gave', () => {
    fc.assert(fc.property(scenario(['a', 'b', 'c', null]), fc.nat(), ({ dims, multi, records }, pick) => {
      const finest = finestOf(records, dims, multi);
      const lattice = latticeOf(dims, multi, finest, MAX);
      const number = pick % lattice.tables.length;
      const table = lattice.tables[number];
      const canonical = table.dims.map((i) => dims[i]);
      // the caller's order of the dimensions, not the lattice's
      const asked = [...canonical].reverse();
      const reference = referenceAsked(records, dims, multi, asked);
      const { keysOf, groupsOf, groups } = groupsInTable(lattice, table);
      // the table's cells first, then keys only records the lattice drops give
      const found = [...new Set(keysOf.flat())];
      const keyOfGroup = [...table.keys, ...found.filter((k) => !table.keys.includes(k))];
      expect(groups).toBe(keyOfGroup.length);
      keysOf.forEach((keys, f) => expect(groupsOf[f].map((g) => keyOfGroup[g])).toEqual(keys));
      const digests = groupDigests(finest.map((c) => c.records), groupsOf, groups, (g) => found.includes(keyOfGroup[g]), true);
      const sums = sumsByKey(finest, keysOf, Object.keys(records[0]?.sums ?? {}));
      const published = (k: number) => [...valuesOf(lattice, table, k)].reverse().join(SEP);
      expect(found.map(published).sort()).toEqual([...reference.cells.keys()].sort());
      keyOfGroup.forEach((k, g) => {
        if (!found.includes(k)) return;
        expect(digests.groups[g]).toBe(reference.cells.get(published(k))!.digest);
        expect(sums.get(k) ?? {}).toEqual(reference.cells.get(published(k))!.sums);
      });
      // the grand total's records: the query's total row, whether or not the wanted groups are all
      expect(digests.total).toBe(reference.total);
      expect(groupDigests(finest.map((c) => c.records), groupsOf, groups, () => false, true).total).toBe(reference.total);
      // every cell the lattice counts in that table is one the query found
      table.keys.forEach((k, c) => expect(found.includes(k) || table.counts[c] === 0).toBe(true));
    }), { numRuns: 300 });
  });

  it('protects the numbered lattice as protectLattice protects its tables: the same cells, reasons and order (with the grid of a sensitive dataset too)', () => {
    fc.assert(fc.property(scenario(['a', 'b', 'c', null, 'UNKNOWN']), fc.integer({ min: 2, max: 12 }), fc.boolean(), fc.subarray(['a', 'd', 'UNKNOWN']),
      ({ dims, multi, records }, threshold, sensitive, always) => {
        const finest = finestOf(records, dims, multi);
        const fixed = sensitive ? dims.map((_, i) => (i % 2 ? always : [])) : undefined;
        const lattice = latticeOf(dims, multi, finest, MAX, fixed);
        const tables = asLatticeTables(lattice);
        if (fixed) {
          // the service's domains: the values each dimension always has, and those its own table counts
          const domains = Object.fromEntries(dims.map((d, i) => [d, [...new Set([...fixed[i], ...tables.find((t) => tableId(t.dims) === d)!.cells.keys()])].sort()]));
          fillGrid(tables, domains, 100_000);
          fillLattice(lattice, fixed, 100_000);
          // the same cells in the same order
          expect(asLatticeTables(lattice).map((t) => [...t.cells])).toEqual(tables.map((t) => [...t.cells]));
        }
        const entries = (p: Map<string, Map<string, unknown>>) => [...p].map(([t, w]) => [t, [...w]]);
        expect(entries(patternOf(lattice, protectNumbered(lattice, threshold, sensitive)))).toEqual(entries(protectLattice(tables, threshold, sensitive)));
      }), { numRuns: 300 });
  });

  it('refuses a grid larger than allowed with fillGrid\'s message', () => {
    const finest: FinestCell[] = [{ values: ['x', 'p'], count: 3, records: '', sums: {} }];
    const lattice = latticeOf(['A', 'B'], new Set(), finest, MAX, [['x', 'y', 'z'], ['p', 'q']]);
    expect(() => fillLattice(lattice, [['x', 'y', 'z'], ['p', 'q']], 5)).toThrow(new RangeError('a table by A, B would have 6 cells'));
  });

  it('gives the same suppression pattern whatever order the database returns the finest cells in', () => {
    fc.assert(fc.property(scenario(['a', 'b', 'c', null]), fc.array(fc.nat()), ({ dims, multi, records }, seeds) => {
      const finest = finestOf(records, dims, multi);
      const shuffled = finest.map((c, i) => ({ c, k: seeds[i % Math.max(1, seeds.length)] ?? 0 })).sort((a, b) => a.k - b.k).map((x) => x.c);
      const pattern = (cells: FinestCell[]) => [...protectLattice(sumLattice(dims, multi, cells, MAX), 5, false)].map(([t, w]) => [t, [...w].sort()]);
      expect(pattern(shuffled)).toEqual(pattern(finest));
    }), { numRuns: 100 });
  });

  it('has the grand total cell even over no records, and drops a record with no value of a multi-valued dimension', () => {
    expect(asObject(sumLattice(['A'], new Set(), [], MAX))).toEqual({ '': { '': 0 }, A: {} });
    const finest: FinestCell[] = [
      { values: ['x', []], count: 2, records: `${uuid(1)},${uuid(2)}`, sums: {} },
      { values: ['x', ['p', 'q']], count: 1, records: uuid(3), sums: {} },
    ];
    expect(asObject(sumLattice(['A', 'M'], new Set(['M']), finest, MAX))).toEqual({ '': { '': 1 }, A: { x: 1 }, M: { p: 1, q: 1 }, 'A,M': { [`x${SEP}p`]: 1, [`x${SEP}q`]: 1 } });
    // the table by A alone, asked for, still holds the records without a value of M (the old query asked for did not unnest M)
    const lattice = latticeOf(['A', 'M'], new Set(['M']), finest, MAX);
    const byA = lattice.tables[lattice.byMask.get(1)!];
    expect(groupDigests(finest.map((c) => c.records), keysInTable(lattice, byA).map((keys) => keys.map(() => 0)), 1, () => true, false).groups[0])
      .toBe(recordSetDigest([uuid(1), uuid(2), uuid(3)]));
  });

  it('sorts ids as Array.prototype.sort does, with or without a long common prefix', () => {
    fc.assert(fc.property(fc.string({ maxLength: 30 }), fc.array(fc.string({ maxLength: 6 }), { maxLength: 40 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 5 }),
      (prefix, rests, others) => {
        const ids = [...rests.map((r) => prefix + r), ...others];
        expect(sortIds(ids)).toEqual([...ids].sort());
      }));
    const sequential = Array.from({ length: 500 }, (_, i) => uuid((i * 7919) % 1000));
    expect(sortIds(sequential)).toEqual([...sequential].sort());
  });

  it('sums the 93 tables of eight dimensions from a thousand finest cells', () => {
    const dims = Array.from({ length: 8 }, (_, i) => `D${i}`);
    const finest: FinestCell[] = Array.from({ length: 1000 }, (_, n) => ({
      values: dims.map((_, i) => `v${(n * (i + 3)) % (i + 2)}${n % (7 + i)}`), count: 1 + (n % 4), records: '', sums: {},
    }));
    const tables = sumLattice(dims, new Set(), finest, MAX);
    expect(tables).toHaveLength(93);
    const total = finest.reduce((s, c) => s + c.count, 0);
    for (const t of tables) expect([...t.cells.values()].reduce((s, n) => s + n, 0)).toBe(total);
  });
});
