/**
 * Numbered parameters for dynamic SQL: `p(value)` appends the value to `values` and returns its
 * placeholder (`$n`). Start from the values the fixed part of the statement already uses.
 */
export function sqlParams(initial: unknown[] = []): { values: unknown[]; p: (value: unknown) => string } {
  const values = initial;
  return { values, p: (value: unknown) => (values.push(value), `$${values.length}`) };
}

/** Items grouped by their owner's key, one list per key in the keys' order (what a DataLoader batch returns). */
export function groupByOwner<T>(rows: { owner: string; item: T }[], keys: readonly string[]): T[][] {
  const map = new Map<string, T[]>(keys.map((k) => [k, []]));
  for (const r of rows) map.get(r.owner)?.push(r.item);
  return keys.map((k) => map.get(k) ?? []);
}
