import 'reflect-metadata';
import { REFERENCE_MAX_AGE_MS, SharedCopy } from '../../src/directory/reference-data';

/** A load the test finishes by hand: `loads` holds each started load's resolve/reject. */
function manualLoads() {
  const loads: { resolve: (v: string) => void; reject: (e: Error) => void }[] = [];
  const load = () => new Promise<string>((resolve, reject) => loads.push({ resolve, reject }));
  return { loads, load };
}

describe('the shared copy of a reference table', () => {
  it('loads once for every reader that waits together, then answers from memory', async () => {
    const { loads, load } = manualLoads();
    const copy = new SharedCopy('t', load);
    const first = copy.get();
    const second = copy.get();
    expect(loads).toHaveLength(1);
    loads[0].resolve('v1');
    await expect(Promise.all([first, second])).resolves.toEqual(['v1', 'v1']);
    expect(copy.loaded).toBe(true);
    await expect(copy.get()).resolves.toBe('v1');
    expect(loads).toHaveLength(1);
  });

  it('never keeps a load that began before an invalidation, and starts a new one for readers after it', async () => {
    const { loads, load } = manualLoads();
    const copy = new SharedCopy('t', load);
    const before = copy.get();
    // a write commits while the load reads: its result may predate the write
    copy.invalidate();
    const after = copy.get();
    expect(loads).toHaveLength(2);
    loads[0].resolve('old');
    // the reader that asked before the write may have the old answer; it is not stored
    await expect(before).resolves.toBe('old');
    expect(copy.loaded).toBe(false);
    loads[1].resolve('new');
    await expect(after).resolves.toBe('new');
    expect(copy.loaded).toBe(true);
    await expect(copy.get()).resolves.toBe('new');
  });

  it('forgets the copy when invalidated, and a failed load is not kept (the next reader tries again)', async () => {
    const { loads, load } = manualLoads();
    const copy = new SharedCopy('t', load);
    const first = copy.get();
    loads[0].reject(new Error('connection lost'));
    await expect(first).rejects.toThrow('connection lost');
    expect(copy.loaded).toBe(false);
    const second = copy.get();
    loads[1].resolve('v');
    await expect(second).resolves.toBe('v');
    copy.invalidate();
    expect(copy.loaded).toBe(false);
    void copy.get();
    expect(loads).toHaveLength(3);
  });

  it('loads again once the copy is older than its maximum age (writes made outside any server)', async () => {
    const { loads, load } = manualLoads();
    let now = 1_000_000;
    const copy = new SharedCopy('t', load, () => now);
    const first = copy.get();
    loads[0].resolve('v1');
    await first;
    now += REFERENCE_MAX_AGE_MS - 1;
    await expect(copy.get()).resolves.toBe('v1');
    now += 1;
    const again = copy.get();
    expect(loads).toHaveLength(2);
    loads[1].resolve('v2');
    await expect(again).resolves.toBe('v2');
  });
});
