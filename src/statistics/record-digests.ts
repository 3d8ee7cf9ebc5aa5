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

/** A byte's value as a lowercase hex digit, or -1. */
const HEX = new Int8Array(256).fill(-1);
for (let i = 0; i < 10; i++) HEX[48 + i] = i;
for (let i = 0; i < 6; i++) HEX[97 + i] = 10 + i;
const UUID = 36;
/** Where a canonical UUID has its 32 hex digits. */
const DIGITS = Int32Array.from({ length: UUID }, (_, j) => j).filter((j) => j !== 8 && j !== 13 && j !== 18 && j !== 23);

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
  const buffer = Buffer.allocUnsafe(length);
  const text = new Uint8Array(buffer.buffer, buffer.byteOffset, length);
  let at = 0;
  for (const f of cells) {
    // a cell of whole ids, each one byte a character (anything else is not a canonical UUID)
    if ((records[f].length + 1) % (UUID + 1) || buffer.write(records[f], at, 'utf8') !== records[f].length) return null;
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
      if (text[o + UUID] !== 44 || text[o + 8] !== 45 || text[o + 13] !== 45 || text[o + 18] !== 45 || text[o + 23] !== 45) return null;
      for (let k = 0, b = id * 16; k < 32; k += 2, b++) {
        const hi = HEX[text[o + DIGITS[k]]];
        const lo = HEX[text[o + DIGITS[k + 1]]];
        if ((hi | lo) < 0) return null;
        bytes[b] = (hi << 4) | lo;
      }
    }
  }
  const order = radixOrder(bytes, n, 16);
  // ids differ most often in their last bytes (sequential ones only there)
  const same = (a: number, b: number) => {
    for (let k = 15; k >= 0; k--) if (bytes[a * 16 + k] !== bytes[b * 16 + k]) return false;
    return true;
  };
  // an id in two finest cells (never, from one row per record) would be counted once
  const repeated = new Uint8Array(n);
  let repeats = false;
  for (let i = 1; i < n; i++) {
    if (same(order[i - 1], order[i])) {
      repeated[i] = 1;
      repeats = true;
    }
  }

  // each wanted group's text, its ids in order (without repeats), and the total's: the id with its comma
  const groups = want.length;
  const room = new Int32Array(groups + 1);
  for (let id = 0; id < n; id++) for (const g of groupsOf[cellOf[id]]) if (want[g]) room[g + 1] += UUID + 1;
  for (let g = 0; g < groups; g++) room[g + 1] += room[g];
  const out = new Uint8Array(room[groups]);
  const end = room.slice(0, groups);
  const last = new Int32Array(groups).fill(-1);
  const all = total ? new Uint8Array(length) : null;
  let allEnd = 0;
  for (let i = 0; i < n; i++) {
    const id = order[i];
    const from = text.subarray(id * (UUID + 1), (id + 1) * (UUID + 1));
    for (const g of groupsOf[cellOf[id]]) {
      if (!want[g] || (repeats && last[g] >= 0 && same(last[g], id))) continue;
      out.set(from, end[g]);
      end[g] += UUID + 1;
      last[g] = id;
    }
    if (all && !repeated[i]) {
      all.set(from, allEnd);
      allEnd += UUID + 1;
    }
  }
  const md5 = (b: Uint8Array) => createHash('md5').update(b).digest('hex');
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
