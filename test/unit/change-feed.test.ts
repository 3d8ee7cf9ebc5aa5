import { ChangeFeed } from '../../src/db/change-feed';

/** The change feed's fan-out within one process (the embedded database, and every instance's own writes). */
describe('change feed, within one process', () => {
  it('calls the listeners of the topics a writer names, at once, and only those', () => {
    const feed = new ChangeFeed();
    const heard: string[] = [];
    feed.on('directory', () => heard.push('search cache'));
    const off = feed.on('coverage', () => heard.push('coverage cache'));
    feed.topics('directory').invalidate();
    expect(heard).toEqual(['search cache']);
    feed.topics('directory', 'coverage').invalidateHere();
    expect(heard).toEqual(['search cache', 'search cache', 'coverage cache']);
    off();
    feed.topics('coverage').invalidate();
    expect(heard).toHaveLength(3);
  });

  it('sends nothing on the embedded database: no other instance can exist', async () => {
    const feed = new ChangeFeed();
    expect(feed.shared).toBe(false);
    const statements: string[] = [];
    await feed.start(async (sql) => statements.push(sql));
    await feed.topics('directory').tellOthers({ query: async (sql: string) => statements.push(sql) });
    feed.topics('directory').invalidate();
    expect(statements).toEqual([]);
    await feed.stop();
  });

  it('a cache that fails to empty itself does not keep the others from it', () => {
    const feed = new ChangeFeed();
    let emptied = false;
    feed.on('directory', () => { throw new Error('broken cache'); });
    feed.on('directory', () => { emptied = true; });
    feed.topics('directory').invalidate();
    expect(emptied).toBe(true);
  });

  it('with read replicas, empties the caches once more after the last change of a burst', async () => {
    jest.useFakeTimers();
    try {
      const feed = new ChangeFeed({ settleMs: 2000 });
      let times = 0;
      feed.on('directory', () => times++);
      const changes = feed.topics('directory');
      changes.invalidate();
      jest.advanceTimersByTime(1500);
      changes.invalidate();
      expect(times).toBe(2);
      jest.advanceTimersByTime(1500);
      expect(times).toBe(2);
      jest.advanceTimersByTime(600);
      expect(times).toBe(3);
      jest.advanceTimersByTime(10_000);
      expect(times).toBe(3);
      await feed.stop();
    } finally {
      jest.useRealTimers();
    }
  });
});
