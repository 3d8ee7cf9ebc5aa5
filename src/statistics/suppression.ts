/**
 * Statistical disclosure control for every published table:
 *  1. primary suppression: a cell counting fewer than `threshold` (but some) units is withheld;
 *  2. complementary suppression: along every line of the table (the cells that share all other
 *     dimension values, and the whole table against its total) a lone withheld cell takes the next
 *     smallest with it, so no withheld value follows from a total by subtraction;
 *  3. cell-key perturbation: every published count moves by a small amount fixed by the set of records
 *     behind it, so repeating a query gives the same answer and two queries that differ by one filter
 *     cannot be subtracted to single out a person.
 */

export interface RawCell {
  key: string[];
  count: number;
  /** Sum of the record keys of the cell's records, modulo PERTURBATION.length. */
  cellKey: number;
  sums: Record<string, number | null>;
}

export type SuppressionReason = 'PRIMARY' | 'COMPLEMENTARY';

export interface ProtectedCell {
  key: string[];
  count: number | null;
  suppressed: boolean;
  reason: SuppressionReason | null;
  sums: Record<string, number | null>;
}

/** Noise by cell key: mostly 0, never more than 2 either way. */
export const PERTURBATION = [0, 1, -1, 0, 2, 0, -2, 1, 0, -1, 0, 0, 1, -1, 0, 2, -2, 0, 0, 1, -1, 0, 0];

export function perturb(count: number, cellKey: number, threshold: number): number {
  const noisy = count + PERTURBATION[((cellKey % PERTURBATION.length) + PERTURBATION.length) % PERTURBATION.length];
  // a published count is never below the threshold: small true counts are withheld, not published noisily
  return Math.max(threshold, noisy);
}

export function protect(cells: RawCell[], threshold: number): ProtectedCell[] {
  const out: ProtectedCell[] = cells.map((c) => ({
    key: c.key,
    count: c.count,
    suppressed: c.count > 0 && c.count < threshold,
    reason: c.count > 0 && c.count < threshold ? 'PRIMARY' : null,
    sums: c.sums,
  }));
  const dims = cells[0]?.key.length ?? 0;
  // lines: for each dimension, the cells that agree on every other dimension; plus the whole table
  const lines: number[][] = [out.map((_, i) => i)];
  for (let d = 0; d < dims && dims > 1; d++) {
    const byRest = new Map<string, number[]>();
    out.forEach((c, i) => {
      const rest = c.key.filter((_, j) => j !== d).join('\u0000');
      byRest.set(rest, [...(byRest.get(rest) ?? []), i]);
    });
    lines.push(...byRest.values());
  }
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      const withheld = line.filter((i) => out[i].suppressed);
      if (withheld.length !== 1) continue;
      const candidates = line.filter((i) => !out[i].suppressed).sort((a, b) => out[a].count! - out[b].count!);
      if (candidates.length) {
        out[candidates[0]].suppressed = true;
        out[candidates[0]].reason = 'COMPLEMENTARY';
        changed = true;
      }
    }
  }
  return out.map((c, i) => c.suppressed
    ? { ...c, count: null, sums: Object.fromEntries(Object.keys(c.sums).map((k) => [k, null])) }
    : { ...c, count: perturb(c.count!, cells[i].cellKey, threshold) });
}
