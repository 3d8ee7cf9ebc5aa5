import { AgreementPairCache } from '../../src/agreements/pair-cache';

/** The agreements of pairs of agencies kept per process, valid only at the epoch they were read at. */
describe('AgreementPairCache', () => {
  const agreement = (providing: string, receiving: string, id: string) => ({
    id, providing_agency_id: providing, receiving_agency_id: receiving, purposes: [], categories: [], excluded_fields: [],
    valid_from: '2026-01-01', valid_until: '2027-01-01', retention_days: 30, terminated_at: null, fully_signed_at: null,
  });

  /** A database holding `agreements` at `epoch`; records the pairs each statement asked for. */
  function database(state: { epoch: string | null; agreements: ReturnType<typeof agreement>[] }) {
    const asked: string[][] = [];
    return {
      asked,
      query: async (_sql: string, [providing, receiving]: [string[], string[]]) => {
        asked.push(providing.map((p, i) => `${p}|${receiving[i]}`));
        const rows = state.agreements.filter((a) => providing.some((p, i) => p === a.providing_agency_id && receiving[i] === a.receiving_agency_id));
        const none = { id: null, providing_agency_id: null, receiving_agency_id: null };
        return (rows.length ? rows : [none]).map((r) => ({ epoch: state.epoch, ...r }));
      },
    };
  }

  it('reads the pairs it does not hold at the caller\'s epoch, in one statement, and serves them from memory after', async () => {
    const state = { epoch: '7', agreements: [agreement('a', 'b', 'd1'), agreement('a', 'b', 'd2'), agreement('c', 'b', 'd3')] };
    const db = database(state);
    const cache = new AgreementPairCache();
    const first = await cache.forPairs(db as any, [['a', 'b'], ['c', 'b'], ['a', 'b'], ['x', 'y']], '7');
    expect(db.asked).toEqual([['a|b', 'c|b', 'x|y']]);
    expect(first.get('a|b')!.map((r) => r.id)).toEqual(['d1', 'd2']);
    expect(first.get('c|b')!.map((r) => r.id)).toEqual(['d3']);
    expect(first.get('x|y')).toEqual([]);
    // the read's epoch column never reaches the rows
    expect(Object.keys(first.get('a|b')![0])).not.toContain('epoch');

    const again = await cache.forPairs(db as any, [['a', 'b'], ['x', 'y']], '7');
    expect(db.asked).toHaveLength(1);
    expect(again.get('a|b')!.map((r) => r.id)).toEqual(['d1', 'd2']);
  });

  it('reads again every pair asked at another epoch: an agreement was written meanwhile', async () => {
    const state = { epoch: '7', agreements: [agreement('a', 'b', 'd1')] };
    const db = database(state);
    const cache = new AgreementPairCache();
    await cache.forPairs(db as any, [['a', 'b']], '7');
    state.epoch = '8';
    state.agreements = [];
    const after = await cache.forPairs(db as any, [['a', 'b']], '8');
    expect(db.asked).toEqual([['a|b'], ['a|b']]);
    expect(after.get('a|b')).toEqual([]);
    // a caller that read the old epoch (its statement ran before the write) reads too: held pairs are at 8
    await cache.forPairs(db as any, [['a', 'b']], '7');
    expect(db.asked).toHaveLength(3);
  });

  it('keeps nothing when the epoch is unknown, and drops the oldest pairs beyond its size', async () => {
    const state = { epoch: null as string | null, agreements: [agreement('a', 'b', 'd1')] };
    const db = database(state);
    const cache = new AgreementPairCache(2);
    await cache.forPairs(db as any, [['a', 'b']], null);
    expect(cache.size).toBe(0);
    state.epoch = '1';
    await cache.forPairs(db as any, [['a', 'b'], ['c', 'd'], ['e', 'f']], '1');
    expect(cache.size).toBe(2);
    await cache.forPairs(db as any, [['c', 'd'], ['e', 'f']], '1');
    expect(db.asked).toHaveLength(2);
    await cache.forPairs(db as any, [['a', 'b']], '1');
    expect(db.asked).toHaveLength(3);
  });
});
