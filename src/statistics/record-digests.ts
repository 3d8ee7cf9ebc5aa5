import { createHash } from 'node:crypto';
import { recordSetDigest } from './suppression';

/**
 * recordSetDigest of groups of records (the cells of the table asked for, and all of them together),
 * each group the union of some finest cells' records. Pure functions: no database, no clock.
 *
 * The ids come as string_agg gives them, one comma-joined string per finest cell. When they are all
 * canonical UUIDs (lowercase, 36 characters, as uuid::text prints them, which is the order of their
 * 16 bytes) they are sorted once, as bytes (a radix sort), and each group's text is copied out in that
 * order: no string per id, no string comparison. Otherwise each group's ids go through recordSetDigest.
 */

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = 10 + i;
/** Where a canonical UUID has its dashes. */
const DASH = [8, 13, 18, 23];
const UUID = 36;

export interface GroupDigests {
  /** Per group: the digest of its records, or null when not wanted. */
  groups: (string | null)[];
  /** The digest of every record in some group, or null when not wanted. */
  total: string | null;
}

/**
 * `records[f]`: the ids of finest cell f joined by commas ('' for none); `groupsOf[f]`: the groups its
 * records belong to (none: in no group, and not in the total). A record counts once per group whatever
 * the cells it comes in. Only the digests `wanted` (and the total, when `total`) are computed.
 */
export function groupDigests(records: readonly string[], groupsOf: readonly (readonly number[])[], groupCount: number, wanted: (group: number) => boolean, total: boolean): GroupDigests {
  const want = Array.from({ length: groupCount }, (_, g) => wanted(g));
  const cells: number[] = [];
  let length = 0;
  records.forEach((r, f) => {
    if (r && groupsOf[f].length && (total || groupsOf[f].some((g) => want[g]))) {
      cells.push(f);
      length += r.length + 1;
    }
  });
  return byBytes(records, groupsOf, cells, length, want, total) ?? byStrings(records, groupsOf, cells, want, total);
}

/** The fast way, or null when an id is not a canonical UUID. */
function byBytes(records: readonly string[], groupsOf: readonly (readonly number[])[], cells: number[], length: number, want: boolean[], total: boolean): GroupDigests | null {
  const text = Buffer.allocUnsafe(length);
  let at = 0;
  for (const f of cells) {
    // a cell of whole ids, each one byte a character (anything else is not a canonical UUID)
    if ((records[f].length + 1) % (UUID + 1) || text.write(records[f], at, 'utf8') !== records[f].length) return null;
    at += records[f].length;
    text[at++] = 44;
  }
  const n = length / (UUID + 1);
  // the 16 bytes of each id, and its finest cell
  const bytes = new Uint8Array(n * 16);
  const cellOf = new Int32Array(n);
  let id = 0;
  for (const f of cells) {
    const end = id + (records[f].length + 1) / (UUID + 1);
    for (; id < end; id++) {
      cellOf[id] = f;
      const o = id * (UUID + 1);
      if (text[o + UUID] !== 44) return null;
      for (const d of DASH) if (text[o + d] !== 45) return null;
      for (let j = 0, b = id * 16; j < UUID; j++) {
        if (j === 8 || j === 13 || j === 18 || j === 23) continue;
        const hi = text[o + j] < 128 ? HEX[text[o + j]] : -1;
        const lo = text[o + j + 1] < 128 ? HEX[text[o + j + 1]] : -1;
        if (hi < 0 || lo < 0) return null;
        bytes[b++] = hi * 16 + lo;
        j++;
      }
    }
  }
  const order = radixOrder(bytes, n, 16);
  const same = (a: number, b: number) => {
    for (let k = 0; k < 16; k++) if (bytes[a * 16 + k] !== bytes[b * 16 + k]) return false;
    return true;
  };

  // each wanted group's text, its ids in order (without repeats), and the total's
  const groups = want.length;
  const room = new Int32Array(groups + 1);
  for (let id = 0; id < n; id++) for (const g of groupsOf[cellOf[id]]) if (want[g]) room[g + 1] += UUID + 1;
  for (let g = 0; g < groups; g++) room[g + 1] += room[g];
  const out = Buffer.allocUnsafe(room[groups]);
  const end = room.slice(0, groups);
  const last = new Int32Array(groups).fill(-1);
  const all = total ? Buffer.allocUnsafe(length) : null;
  let allEnd = 0;
  const copy = (to: Buffer, at: number, id: number) => {
    const from = id * (UUID + 1);
    for (let k = 0; k < UUID; k++) to[at + k] = text[from + k];
    to[at + UUID] = 44;
  };
  for (let i = 0; i < n; i++) {
    const id = order[i];
    for (const g of groupsOf[cellOf[id]]) {
      if (!want[g] || (last[g] >= 0 && same(last[g], id))) continue;
      copy(out, end[g], id);
      end[g] += UUID + 1;
      last[g] = id;
    }
    if (all && !(i > 0 && same(order[i - 1], id))) {
      copy(all, allEnd, id);
      allEnd += UUID + 1;
    }
  }
  const md5 = (b: Buffer) => createHash('md5').update(b).digest('hex');
  return {
    groups: want.map((w, g) => (w ? md5(out.subarray(room[g], Math.max(room[g], end[g] - 1))) : null)),
    total: all ? md5(all.subarray(0, Math.max(0, allEnd - 1))) : null,
  };
}

/** The order of `n` keys of `width` bytes each (an LSD radix sort; a byte every key shares costs one count). */
export function radixOrder(bytes: Uint8Array, n: number, width: number): Uint32Array {
  let order = new Uint32Array(n);
  let spare = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const count = new Uint32Array(256);
  for (let b = width - 1; b >= 0; b--) {
    count.fill(0);
    for (let i = 0; i < n; i++) count[bytes[i * width + b]]++;
    if (!n || count[bytes[b]] === n) continue;
    for (let v = 0, sum = 0; v < 256; v++) {
      const c = count[v];
      count[v] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const id = order[i];
      spare[count[bytes[id * width + b]]++] = id;
    }
    [order, spare] = [spare, order];
  }
  return order;
}

/** The plain way: each group's ids through recordSetDigest. */
function byStrings(records: readonly string[], groupsOf: readonly (readonly number[])[], cells: number[], want: boolean[], total: boolean): GroupDigests {
  const ids: string[][] = want.map(() => []);
  const all: string[] = [];
  for (const f of cells) {
    const list = records[f].split(',');
    for (const g of groupsOf[f]) if (want[g]) for (const id of list) ids[g].push(id);
    if (total) for (const id of list) all.push(id);
  }
  return { groups: want.map((w, g) => (w ? recordSetDigest(ids[g]) : null)), total: total ? recordSetDigest(all) : null };
}
