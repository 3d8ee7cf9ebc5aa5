import fc from 'fast-check';
import { groupDigests, radixOrder } from '../../src/statistics/record-digests';
import { recordSetDigest } from '../../src/statistics/suppression';

/**
 * groupDigests gives each group the digest recordSetDigest gives the union of its cells' ids (the
 * total: of every id in some group), whether the ids are canonical UUIDs (sorted as bytes) or not.
 */

const expected = (cells: string[][], groupsOf: number[][], groups: number) => ({
  groups: Array.from({ length: groups }, (_, g) => recordSetDigest(cells.filter((_, f) => groupsOf[f].includes(g)).flat())),
  total: recordSetDigest(cells.filter((_, f) => groupsOf[f].length).flat()),
});

const scenario = (id: fc.Arbitrary<string>) =>
  fc.integer({ min: 1, max: 6 }).chain((groups) => fc.record({
    groups: fc.constant(groups),
    cells: fc.array(fc.record({
      ids: fc.array(id, { maxLength: 8 }),
      groups: fc.uniqueArray(fc.nat(groups - 1), { maxLength: 3 }),
    }), { maxLength: 12 }),
    wanted: fc.array(fc.boolean(), { minLength: groups, maxLength: groups }),
    total: fc.boolean(),
  }));

const check = ({ groups, cells, wanted, total }: { groups: number; cells: { ids: string[]; groups: number[] }[]; wanted: boolean[]; total: boolean }) => {
  const ours = groupDigests(cells.map((c) => c.ids.join(',')), cells.map((c) => c.groups), groups, (g) => wanted[g], total);
  const theirs = expected(cells.map((c) => c.ids), cells.map((c) => c.groups), groups);
  expect(ours.groups).toEqual(theirs.groups.map((d, g) => (wanted[g] ? d : null)));
  expect(ours.total).toBe(total ? theirs.total : null);
};

// ids sharing a long prefix (as the scale data's) and ids repeated across cells
const sequential = fc.integer({ min: 0, max: 40 }).map((n) => `5ca1a000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`);

describe('groupDigests', () => {
  it('digests canonical UUIDs, repeated or not, as recordSetDigest does', () => {
    fc.assert(fc.property(scenario(fc.oneof(fc.uuid(), sequential)), check), { numRuns: 500 });
  });

  it('digests other ids (upper case, not UUIDs) as recordSetDigest does', () => {
    fc.assert(fc.property(scenario(fc.oneof(fc.uuid(), fc.uuid().map((u) => u.toUpperCase()), sequential, fc.stringMatching(/^[a-zé0-9-]{1,37}$/))), check), { numRuns: 500 });
  });
});

describe('radixOrder', () => {
  it('orders keys of bytes as comparing them byte by byte does (ties in input order)', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }).chain((width) => fc.record({
      width: fc.constant(width),
      keys: fc.array(fc.array(fc.integer({ min: 0, max: 3 }).map((b) => b * 85), { minLength: width, maxLength: width }), { maxLength: 50 }),
    })), ({ width, keys }) => {
      const bytes = Uint8Array.from(keys.flat());
      const compare = (a: number, b: number) => {
        for (let k = 0; k < width; k++) if (keys[a][k] !== keys[b][k]) return keys[a][k] - keys[b][k];
        return a - b;
      };
      expect([...radixOrder(bytes, keys.length, width)]).toEqual(keys.map((_, i) => i).sort(compare));
    }));
  });
});
