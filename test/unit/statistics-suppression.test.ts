import { fillGrid, noiseFor, PERTURBATION, protect, protectLattice, recordSetDigest, SEP, subsetsOf, tableId, type LatticeTable } from '../../src/statistics/suppression';

/** Pure rules of statistical disclosure control: no server, no database. */

const T = 5;
const lattice = (cells: Record<string, number>, dims: string[]): LatticeTable[] =>
  subsetsOf(dims, dims.length).map((sub) => {
    const idx = sub.map((d) => dims.indexOf(d));
    const m = new Map<string, number>();
    for (const [k, n] of Object.entries(cells)) {
      const key = idx.map((i) => k.split('|')[i]).join(SEP);
      m.set(key, (m.get(key) ?? 0) + n);
    }
    if (!sub.length && !m.size) m.set('', 0);
    return { dims: sub, cells: m };
  });
const withheld = (pattern: Map<string, Map<string, string>>, dims: string[]) => [...pattern.get(tableId(dims))!.keys()].map((k) => k.split(SEP).join('|')).sort();

describe('suppression over the lattice of groupings', () => {
  it('withholds the total of a line whose only cell is withheld (the REGION x PRIORITY attack)', () => {
    // region R has referrals of one priority only; in the column HIGH, R's cell is small, so another is withheld with it
    const cells = { 'R|HIGH': 3, 'S|HIGH': 40, 'S|LOW': 50, 'U|HIGH': 30, 'U|LOW': 20, 'V|LOW': 7 };
    const pattern = protectLattice(lattice(cells, ['REGION', 'PRIORITY']), T, false);
    // R's row total (the REGION table's cell R) is never published next to its lone withheld cell
    expect(withheld(pattern, ['REGION', 'PRIORITY'])).toContain('R|HIGH');
    expect(withheld(pattern, ['REGION'])).toContain('R');
    // and no published total can be differenced against its published parts to give a withheld cell
    for (const t of lattice(cells, ['REGION', 'PRIORITY'])) {
      for (const [i] of t.dims.entries()) {
        const parentDims = t.dims.filter((_, j) => j !== i);
        const parent = pattern.get(tableId(parentDims))!;
        const groups = new Map<string, string[]>();
        for (const key of t.cells.keys()) {
          const pk = key.split(SEP).filter((_, j) => j !== i).join(SEP);
          groups.set(pk, [...(groups.get(pk) ?? []), key]);
        }
        for (const [pk, parts] of groups) {
          if (parent.has(pk)) continue;
          const held = parts.filter((k) => pattern.get(tableId(t.dims))!.has(k));
          if (held.length) {
            expect(held.length).toBeGreaterThanOrEqual(2);
            expect(held.reduce((s, k) => s + t.cells.get(k)!, 0)).toBeGreaterThanOrEqual(T);
          }
        }
      }
    }
  });

  it('takes more cells with a small one until the withheld ones together count at least the threshold', () => {
    // 1 and 1 withheld together would still publish "2" by subtraction
    const { cells, totalSuppressed } = protect([{ key: ['a'], count: 1, noise: 0, sums: {} }, { key: ['b'], count: 1, noise: 0, sums: {} }, { key: ['c'], count: 30, noise: 0, sums: {} }, { key: ['d'], count: 40, noise: 0, sums: {} }], T);
    expect(cells.map((c) => c.reason)).toEqual(['PRIMARY', 'PRIMARY', 'COMPLEMENTARY', null]);
    expect(totalSuppressed).toBe(false);
  });

  it('withholds the total when a table has a single withheld cell', () => {
    const { cells, totalSuppressed } = protect([{ key: ['a'], count: 3, noise: 0, sums: {} }], T);
    expect(cells[0]).toMatchObject({ suppressed: true, reason: 'PRIMARY', count: null });
    expect(totalSuppressed).toBe(true);
  });

  it('treats zero as small in sensitive datasets, so a withheld cell never tells some from none', () => {
    const tables = lattice({ 'F': 12, 'M': 9, 'U': 2 }, ['SEX']);
    fillGrid(tables, { SEX: ['F', 'I', 'M', 'U'] }, 100);
    const sensitive = protectLattice(tables, T, true);
    // the empty cell I is withheld like the 2; their sum (2) is below the threshold, so M goes with them
    expect(withheld(sensitive, ['SEX'])).toEqual(['I', 'M', 'U']);
    expect(sensitive.get(tableId(['SEX']))!.get('I')).toBe('PRIMARY');
    // an empty sensitive table: its total of zero is withheld like a small one
    expect(protect([], T, true).totalSuppressed).toBe(true);
    expect(protect([], T, false).totalSuppressed).toBe(false);
  });

  it('refuses a grid larger than the cap', () => {
    const tables = lattice({ 'a|x': 10 }, ['A', 'B']);
    expect(() => fillGrid(tables, { A: ['a', 'b', 'c'], B: ['x', 'y', 'z'] }, 8)).toThrow(RangeError);
  });

  it('gives the same pattern to a table whichever grouping is asked for', () => {
    const cells = { 'R|HIGH|F': 3, 'S|HIGH|F': 40, 'S|LOW|M': 50, 'U|HIGH|M': 30, 'U|LOW|F': 20, 'V|LOW|F': 7 };
    const a = protectLattice(lattice(cells, ['REGION', 'PRIORITY', 'SEX']), T, false);
    const b = protectLattice(lattice(cells, ['REGION', 'PRIORITY', 'SEX']), T, false);
    expect(withheld(a, ['REGION'])).toEqual(withheld(b, ['REGION']));
    expect(withheld(a, ['REGION'])).toContain('R');
  });
});

describe('perturbation drawn from a keyed hash of the record set', () => {
  const key = 'k'.repeat(32);
  const ids = (n: number, prefix = 'a') => Array.from({ length: n }, (_, i) => `${prefix}${String(i).padStart(7, '0')}-0000-4000-8000-000000000000`);

  it('is the same for the same records in any order and differs with the key', () => {
    const set = ids(20);
    expect(recordSetDigest(set)).toBe(recordSetDigest([...set].reverse()));
    expect(noiseFor(key, 'CASE_LOAD', recordSetDigest(set))).toBe(noiseFor(key, 'CASE_LOAD', recordSetDigest([...set].reverse())));
    const values = new Set(Array.from({ length: 200 }, (_, i) => noiseFor(key, 'CASE_LOAD', recordSetDigest(ids(10 + i)))));
    for (const v of values) expect(PERTURBATION).toContain(v);
    expect(values.size).toBeGreaterThan(2);
  });

  it('does not cancel in differencing pairs: the difference of noisy counts is not the true difference most of the time', () => {
    // the old cell key (sum of record keys mod 23) gave identical noise to A and A plus T whenever T's keys summed to 0;
    // a keyed hash gives unrelated noise, so pairs differing by T agree only as often as two independent draws
    const t = ids(2, 'f');
    let same = 0;
    const pairs = 400;
    for (let i = 0; i < pairs; i++) {
      const a = ids(30 + i, 'b');
      if (noiseFor(key, 'CASE_LOAD', recordSetDigest(a)) === noiseFor(key, 'CASE_LOAD', recordSetDigest([...a, ...t]))) same++;
    }
    // independent draws from PERTURBATION agree with probability sum(p^2) ~ 0.27
    const p = [...new Set(PERTURBATION)].map((v) => PERTURBATION.filter((x) => x === v).length / PERTURBATION.length);
    const expected = p.reduce((s, x) => s + x * x, 0);
    expect(same / pairs).toBeLessThan(expected + 0.1);
    expect(same / pairs).toBeGreaterThan(expected - 0.1);
  });
});
