import { CoverageCache, coverageKey } from '../../src/coverage/cache';

/** The coverage cache alone: what it keeps, for how long, and what empties it (test/coverage-cache.test.ts covers it over HTTP). */
describe('CoverageCache', () => {
  const options = { ttlSeconds: 60, maxBytes: 1_000 };
  const counter = () => {
    let calls = 0;
    const compute = async () => ({ n: ++calls });
    return { compute, calls: () => calls };
  };

  test('an answer is computed once, then served from memory', async () => {
    const cache = new CoverageCache(options);
    const c = counter();
    const first = await cache.get('k', c.compute);
    const second = await cache.get('k', c.compute);
    expect(second).toBe(first);
    expect(c.calls()).toBe(1);
    expect(cache.stats).toMatchObject({ entries: 1, hits: 1, misses: 1 });
    // another key is another answer
    expect(await cache.get('other', c.compute)).toEqual({ n: 2 });
  });

  test('identical requests arriving while an answer is computed share that computation', async () => {
    const cache = new CoverageCache(options);
    let release!: () => void;
    let calls = 0;
    const slow = () => new Promise<{ n: number }>((resolve) => { calls++; release = () => resolve({ n: calls }); });
    const waiting = [cache.get('k', slow), cache.get('k', slow), cache.get('k', slow)];
    release();
    const answers = await Promise.all(waiting);
    expect(calls).toBe(1);
    expect(answers[1]).toBe(answers[0]);
    expect(answers[2]).toBe(answers[0]);
  });

  test('invalidate() empties it: the next request computes afresh', async () => {
    const cache = new CoverageCache(options);
    const c = counter();
    await cache.get('k', c.compute);
    cache.invalidate();
    expect(cache.stats.entries).toBe(0);
    expect(await cache.get('k', c.compute)).toEqual({ n: 2 });
  });

  test('an answer computed across a write is served to its own requests but never kept, and later requests do not join it', async () => {
    const cache = new CoverageCache(options);
    let release!: () => void;
    const before = cache.get('k', () => new Promise<{ n: number }>((resolve) => { release = () => resolve({ n: 1 }); }));
    cache.invalidate();
    const c = counter();
    const after = cache.get('k', async () => ({ n: 100 + (await c.compute()).n }));
    release();
    expect(await before).toEqual({ n: 1 });
    expect(await after).toEqual({ n: 101 });
    // what is kept is the answer computed after the write
    expect(await cache.get('k', c.compute)).toEqual({ n: 101 });
  });

  test('a failure is not kept', async () => {
    const cache = new CoverageCache(options);
    await expect(cache.get('k', async () => { throw new Error('no such pathway'); })).rejects.toThrow('no such pathway');
    expect(await cache.get('k', async () => ({ n: 7 }))).toEqual({ n: 7 });
  });

  test('a time to live of 0 keeps nothing and shares nothing', async () => {
    const cache = new CoverageCache({ ttlSeconds: 0, maxBytes: 1_000 });
    const c = counter();
    await Promise.all([cache.get('k', c.compute), cache.get('k', c.compute)]);
    await cache.get('k', c.compute);
    expect(c.calls()).toBe(3);
    expect(cache.enabled).toBe(false);
  });

  test('answers are dropped once their time is up (the clock moves verification ages and agreement dates)', async () => {
    const cache = new CoverageCache({ ttlSeconds: 1, maxBytes: 1_000 });
    const c = counter();
    await cache.get('k', c.compute);
    await new Promise((r) => setTimeout(r, 1_300));
    expect(await cache.get('k', c.compute)).toEqual({ n: 2 });
  });

  test('memory is bounded: least recently used answers go first, and one bigger than the cache is served but not kept', async () => {
    const cache = new CoverageCache({ ttlSeconds: 60, maxBytes: 1_000 });
    const size = (a: { bytes: number }) => a.bytes;
    await cache.get('a', async () => ({ n: 1, bytes: 400 }), size);
    await cache.get('b', async () => ({ n: 2, bytes: 400 }), size);
    await cache.get('a', async () => ({ n: -1, bytes: 400 }), size); // a is now the most recent
    await cache.get('c', async () => ({ n: 3, bytes: 400 }), size); // b goes
    expect(cache.stats.bytes).toBeLessThanOrEqual(1_000);
    expect(await cache.get('a', async () => ({ n: -1, bytes: 400 }), size)).toEqual({ n: 1, bytes: 400 });
    expect(await cache.get('b', async () => ({ n: 22, bytes: 400 }), size)).toEqual({ n: 22, bytes: 400 });
    const huge = await cache.get('huge', async () => ({ n: 4, bytes: 5_000 }), size);
    expect(huge.n).toBe(4);
    expect(await cache.get('huge', async () => ({ n: 5, bytes: 5_000 }), size)).toEqual({ n: 5, bytes: 5_000 });
  });

  test('a response is kept only beside its answer, only if nothing changed since it was made, and goes with an invalidation', async () => {
    const cache = new CoverageCache(options);
    const version = cache.version;
    // no answer kept under the key: nothing to keep the response beside
    expect(cache.keepResponse('k', 'r1', { x: 1 }, 10, version)).toBe(false);
    await cache.get('k', async () => ({ n: 1 }));
    expect(cache.keepResponse('k', 'r1', { x: 1 }, 10, version)).toBe(true);
    expect(cache.response('r1')).toEqual({ x: 1 });
    cache.invalidate();
    expect(cache.response('r1')).toBeUndefined();
    await cache.get('k', async () => ({ n: 2 }));
    // made before the write: refused
    expect(cache.keepResponse('k', 'r2', { x: 2 }, 10, version)).toBe(false);
    expect(cache.keepResponse('k', 'r2', { x: 2 }, 10, cache.version)).toBe(true);
  });

  test('keys: uuids in any case name the same answer', () => {
    expect(coverageKey('ABC', 'DEF', 'DISTRICT')).toBe(coverageKey('abc', 'def', 'DISTRICT'));
    expect(coverageKey('abc', 'def', 'DISTRICT')).not.toBe(coverageKey('abc', 'def', 'REGION'));
  });
});
