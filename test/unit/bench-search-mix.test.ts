import { drawSearchMixRequest, mixShape, prng, searchMixSequence, type SearchMixData } from '../../bench/search-mix';
import { memorySeries } from '../../bench/soak';

/** The benchmark's search mix and soak arithmetic: reproducible, distinct, shaped as issue 18 asks. */
const data: SearchMixData = {
  nameWords: ['legal', 'aid', 'shelter', 'protection', 'health', 'kiwabu', 'lotenri', 'documents', 'legal', 'legal'],
  vocabularyWords: ['voies', 'organisme', 'حماية'],
  topCategories: ['legal', 'shelter', 'health'],
  subCategories: ['legal.counselling', 'shelter.transit'],
  points: [{ latitude: 12.5, longitude: 1.5 }, { latitude: -3.2, longitude: 30.1 }],
  regionIds: ['r1', 'r2', 'r3'],
  districtIds: Array.from({ length: 200 }, (_, i) => `d${i}`),
  populations: ['GBV_SURVIVORS', 'RETURNEES', 'ASYLUM_SEEKERS'],
};

const take = (seed: number, n: number) => {
  const sequence = searchMixSequence(data, seed);
  return Array.from({ length: n }, () => sequence.next().value);
};

it('gives the same requests for the same seed, others for another seed', () => {
  expect(take(18, 200).map((r) => r.variables)).toEqual(take(18, 200).map((r) => r.variables));
  expect(take(19, 50).map((r) => r.variables)).not.toEqual(take(18, 50).map((r) => r.variables));
});

it('never repeats a request, asks for pages of 20, and keeps near and areas apart', () => {
  const requests = take(7, 3000);
  expect(new Set(requests.map((r) => JSON.stringify(r.variables))).size).toBe(requests.length);
  for (const r of requests) {
    expect(r.variables.first).toBe(20);
    expect(r.variables.filter.near && r.variables.filter.areaIds).toBeFalsy();
    if (r.variables.filter.near) {
      expect(r.variables.filter.near.radiusKm).toBeGreaterThanOrEqual(10);
      expect(r.variables.filter.near.radiusKm).toBeLessThanOrEqual(100);
    }
    if (r.variables.filter.age !== undefined) expect(r.variables.filter.age).toBeGreaterThanOrEqual(0);
  }
});

it('draws the issue\'s shape when repeats are not removed', () => {
  const random = prng(1);
  const drawn = Array.from({ length: 20_000 }, () => drawSearchMixRequest(data, random));
  const shape = mixShape(drawn);
  expect(shape.text).toBeCloseTo(0.7, 1);
  expect(shape.typo).toBeCloseTo(0.7 * 0.15, 1);
  expect(shape.category).toBeCloseTo(0.5, 1);
  expect(shape.near).toBeCloseTo(0.25, 1);
  expect(shape.area).toBeCloseTo(0.75 * 0.6, 1);
  expect(shape.population).toBeCloseTo(0.3, 1);
  expect(shape.age).toBeCloseTo(0.15, 1);
});

it('makes a typo one edit away from a directory word (changed, dropped or swapped)', () => {
  const words = new Set([...data.nameWords, ...data.vocabularyWords]);
  const random = prng(3);
  const distance = (a: string, b: string) => {
    const x = [...a];
    const y = [...b];
    const d = Array.from({ length: x.length + 1 }, (_, i) => Array.from({ length: y.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
    for (let i = 1; i <= x.length; i++) {
      for (let j = 1; j <= y.length; j++) {
        d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && x[i - 1] === y[j - 2] && x[i - 2] === y[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
    return d[x.length][y.length];
  };
  let typos = 0;
  for (let i = 0; i < 5000; i++) {
    const r = drawSearchMixRequest(data, random);
    if (!r.parts.typo) continue;
    typos++;
    const changed = r.variables.filter.text!.split(' ').filter((w) => !words.has(w));
    expect(changed).toHaveLength(1);
    expect(Math.min(...[...words].map((w) => distance(w, changed[0])))).toBe(1);
  }
  expect(typos).toBeGreaterThan(200);
});

it('fits memory through the low point of each window: a sawtooth is flat, a steady growth is not', () => {
  const saw = Array.from({ length: 60 }, (_, i) => ({ t: i * 10, value: 80 + ((i * 37) % 9) * 12 }));
  expect(memorySeries(saw, 60, 60, 1)).toMatchObject({ flat: true, startMB: 80 });
  const leak = saw.map((s) => ({ t: s.t, value: s.value + s.t / 30 }));
  const m = memorySeries(leak, 60, 60, 1)!;
  expect(m.flat).toBe(false);
  expect(m.slopeMBPerMin).toBeGreaterThan(1.5); // 2 MB/min under a sawtooth of 100 MB
  expect(m.slopeMBPerMin).toBeLessThan(3);
});

it('reads the heap after each full collection from V8\'s --trace-gc lines', () => {
  const { fullCollections } = require('../../bench/soak') as typeof import('../../bench/soak');
  const text = [
    'some log line',
    '[7557:0x2454fcd0]     1000 ms: Scavenge 3.9 (4.0) -> 3.5 (5.0) MB, 2.17 / 0.00 ms  (average mu = 1.000, current mu = 1.000) allocation failure; ',
    '[7557:0x2454fcd0]     2500 ms: Mark-Compact 28.5 (57.2) -> 6.5 (39.7) MB, 14.10 / 0.00 ms  (+ 2.1 ms in 42 steps since start of marking) finalize incremental marking via stack guard; GC in old space requested',
    '[7557:0x2454fcd0]     4000 ms: Mark-Compact (reduce) 32.3 (88.4) -> 12.25 (68.0) MB, 9.51 / 0.00 ms  (average mu = 0.969, current mu = 0.969) finalize incremental marking via task',
  ].join('\n');
  expect(fullCollections(text)).toEqual([{ t: 1.5, mb: 6.5 }, { t: 3, mb: 12.25 }]);
});
