import { alreadyAnswered, differencingConflict, symmetricDifference } from '../../src/statistics/differencing';

describe('differencing check', () => {
  const set = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => `r${from + i}`);
  const answered = [{ id: '1', recordIds: set(0, 30), answeredAt: new Date('2026-01-01') }];

  it('counts the records in exactly one of two sets', () => {
    expect(symmetricDifference(set(0, 10), set(5, 12))).toBe(5 + 2);
    expect(symmetricDifference(set(0, 10), set(0, 10))).toBe(0);
  });

  it('refuses a record set differing from an answered one by 1 to threshold-1 records', () => {
    expect(differencingConflict(set(0, 31), answered, 5)).toMatchObject({ difference: 1 });
    expect(differencingConflict(set(2, 30), answered, 5)).toMatchObject({ difference: 2 });
    expect(differencingConflict(set(0, 34), answered, 5)).toMatchObject({ difference: 4 });
  });

  it('allows the same records (another grouping of them) and sets differing by the threshold or more', () => {
    expect(differencingConflict(set(0, 30), answered, 5)).toBeNull();
    expect(differencingConflict(set(0, 35), answered, 5)).toBeNull();
    expect(differencingConflict(set(100, 110), answered, 5)).toBeNull();
    expect(alreadyAnswered(set(0, 30), answered)).toBe(true);
    expect(alreadyAnswered(set(0, 31), answered)).toBe(false);
  });
});
