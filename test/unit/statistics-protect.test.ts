import fc from 'fast-check';
import { fillGrid, isSmall, protectLattice, SEP, subsetsOf, tableId, type LatticeTable, type SuppressionReason } from '../../src/statistics/suppression';

/**
 * protectLattice computes each line's parts once and passes over the lines without allocating; the
 * pattern is the one the straightforward version below (as it was before) computes, cell for cell,
 * reason for reason, in the same order.
 */

function referenceProtect(tables: LatticeTable[], threshold: number, zeroIsSmall: boolean): Map<string, Map<string, SuppressionReason>> {
  const byId = new Map(tables.map((t) => [tableId(t.dims), t]));
  const withheld = new Map<string, Map<string, SuppressionReason>>();
  for (const t of tables) {
    const w = new Map<string, SuppressionReason>();
    for (const [key, n] of t.cells) if (isSmall(n, threshold, zeroIsSmall)) w.set(key, 'PRIMARY');
    withheld.set(tableId(t.dims), w);
  }

  interface Line { totalTable: string; totalKey: string; partTable: string; parts: string[] }
  const lines: Line[] = [];
  for (const t of tables) {
    if (!t.dims.length) continue;
    for (let i = 0; i < t.dims.length; i++) {
      const parentDims = t.dims.filter((_, j) => j !== i);
      const parentId = tableId(parentDims);
      if (!byId.has(parentId)) throw new Error(`the lattice lacks the table by ${parentId || 'nothing'}`);
      const groups = new Map<string, string[]>();
      for (const key of t.cells.keys()) {
        const parentKey = key.split(SEP).filter((_, j) => j !== i).join(SEP);
        groups.set(parentKey, [...(groups.get(parentKey) ?? []), key]);
      }
      for (const [parentKey, parts] of groups) lines.push({ totalTable: parentId, totalKey: parentKey, partTable: tableId(t.dims), parts });
    }
  }

  const count = (table: string, key: string) => byId.get(table)!.cells.get(key) ?? 0;
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      const w = withheld.get(line.partTable)!;
      const held = line.parts.filter((k) => w.has(k));
      const shown = line.parts.filter((k) => !w.has(k)).sort((a, b) => count(line.partTable, a) - count(line.partTable, b) || (a < b ? -1 : 1));
      const totalHeld = withheld.get(line.totalTable)!.has(line.totalKey);
      if (totalHeld) {
        // the total must not follow from its parts
        if (!held.length && shown.length) {
          w.set(shown[0], 'COMPLEMENTARY');
          changed = true;
        }
        continue;
      }
      if (!held.length) continue;
      const heldSum = held.reduce((s, k) => s + count(line.partTable, k), 0);
      if (held.length >= 2 && heldSum >= threshold) continue;
      if (shown.length) w.set(shown[0], 'COMPLEMENTARY');
      else withheld.get(line.totalTable)!.set(line.totalKey, 'COMPLEMENTARY');
      changed = true;
    }
  }
  return withheld;
}


const lattice = (rows: { key: string[]; n: number }[], dims: string[]): LatticeTable[] =>
  subsetsOf(dims, 3).map((sub) => {
    const idx = sub.map((d) => dims.indexOf(d));
    const m = new Map<string, number>();
    for (const r of rows) {
      const key = idx.map((i) => r.key[i]).join(SEP);
      m.set(key, (m.get(key) ?? 0) + r.n);
    }
    if (!sub.length && !m.size) m.set('', 0);
    return { dims: sub, cells: m };
  });

const entries = (p: Map<string, Map<string, SuppressionReason>>) => [...p].map(([t, w]) => [t, [...w]]);

describe('protectLattice', () => {
  it('withholds what the straightforward version withholds, in the same order, for the same reasons', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 5 }).chain((n) => fc.record({
        n: fc.constant(n),
        rows: fc.array(fc.record({ key: fc.array(fc.constantFrom('a', 'b', 'c', 'd'), { minLength: n, maxLength: n }), n: fc.integer({ min: 1, max: 30 }) }), { maxLength: 40 }),
        threshold: fc.integer({ min: 2, max: 12 }),
        sensitive: fc.boolean(),
      })),
      ({ n, rows, threshold, sensitive }) => {
        const dims = Array.from({ length: n }, (_, i) => `D${i}`);
        const make = () => {
          const tables = lattice(rows, dims);
          if (sensitive) fillGrid(tables, Object.fromEntries(dims.map((d) => [d, ['a', 'b', 'c', 'd']])), 10_000);
          return tables;
        };
        expect(entries(protectLattice(make(), threshold, sensitive))).toEqual(entries(referenceProtect(make(), threshold, sensitive)));
      },
    ), { numRuns: 400 });
  });

  it('does the same over tables that are not sums of one another (parent keys missing, extra cells)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 1, max: 3 }).chain((n) => fc.record({
        n: fc.constant(n),
        counts: fc.array(fc.array(fc.tuple(fc.array(fc.constantFrom('a', 'b', 'c'), { minLength: 3, maxLength: 3 }), fc.nat(20)), { maxLength: 12 }), { minLength: 8, maxLength: 8 }),
        threshold: fc.integer({ min: 2, max: 12 }),
        sensitive: fc.boolean(),
        finerFirst: fc.boolean(),
      })),
      ({ n, counts, threshold, sensitive, finerFirst }) => {
        const dims = Array.from({ length: n }, (_, i) => `D${i}`);
        const make = () => {
          const tables = subsetsOf(dims, 3).map((sub, t) => ({ dims: sub, cells: new Map(counts[t].map(([key, c]) => [key.slice(0, sub.length).join(SEP), c] as const)) }));
          return finerFirst ? tables.reverse() : tables;
        };
        expect(entries(protectLattice(make(), threshold, sensitive))).toEqual(entries(referenceProtect(make(), threshold, sensitive)));
      },
    ), { numRuns: 400 });
  });
});
