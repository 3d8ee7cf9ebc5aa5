import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import type { DataSource } from 'typeorm';
import { AGENCY } from '../seed/demo-data';
import { Role, type Viewer } from '../src/auth/roles';
import { loadConfig } from '../src/config';
import { openDatabase, type Database } from '../src/db/data-source';
import { AccessibilityFeature } from '../src/directory/details-enums';
import { Channel, Gender, Population, ServiceOrder, ServiceStatus } from '../src/directory/enums';
import type { ServiceFilter } from '../src/directory/inputs';
import { searchServices } from '../src/directory/search';
import { SearchIndex } from '../src/directory/search-index';
import { entities } from '../src/entities';
import { prepareDatabase } from '../src/startup';
import { createTestDatabase, type TestDatabase } from './support/test-database';

/**
 * The two engines of the directory search give the same answers: the SQL reference (src/directory/search.ts)
 * and the in-process index (src/directory/search-index.ts), on a database of this file's own with the demo
 * data, for many random filters (seeded, so a failure repeats): same services in the same order, same
 * totalCount, same distances.
 */
describe('directory search: the index answers as the SQL reference', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-engines-'));
  let testDb: TestDatabase | null = null;
  let database: Database;
  let db: DataSource;
  let index: SearchIndex;
  let words: string[];
  let areaIds: string[];
  let points: { latitude: number; longitude: number }[];
  let categories: string[];

  beforeAll(async () => {
    const baseUrl = process.env.DATABASE_URL;
    if (baseUrl) testDb = await createTestDatabase(baseUrl, 'mrn_engines');
    const config = loadConfig({ ...process.env, NODE_ENV: 'test', DATABASE_URL: testDb?.url, DATA_DIR: path.join(dir, 'data'), SEED_DEMO_DATA: 'true', JWT_SECRET: 'e'.repeat(40) });
    database = await openDatabase(config, entities);
    db = database.dataSource;
    await prepareDatabase(config, db);
    index = new SearchIndex(db);
    index.start();
    expect(await index.loaded()).toBe(true);
    // the index answers (it is not the SQL fallback answering both)
    expect((await index.current())?.search({ groups: [['§s:ACTIVE']], excluded: [], words: null, age: null, verifiedWithinDays: null, near: null,
      viewerAgencyId: AGENCY.AGADEZ_WOMEN, orderBy: ServiceOrder.NAME, lang: 'en', staleAfterDays: 180, offset: 0, limit: 5 })?.ids).toHaveLength(5);
    words = (await db.query(`SELECT word FROM search_vocabulary ORDER BY word`)).map((r: { word: string }) => r.word);
    areaIds = (await db.query(`SELECT id FROM areas ORDER BY code`)).map((r: { id: string }) => r.id);
    points = await db.query(`SELECT latitude, longitude FROM locations WHERE latitude IS NOT NULL ORDER BY id`);
    categories = (await db.query(`SELECT code FROM service_categories ORDER BY code`)).map((r: { code: string }) => r.code);
  }, 240_000);

  afterAll(async () => {
    await index?.stop();
    await database?.close();
    await testDb?.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const viewers: Viewer[] = [AGENCY.AGADEZ_WOMEN, AGENCY.KHARTOUM_LEGAL_AID, AGENCY.NETWORK_SECRETARIAT].map((agencyId) => ({ userId: 'engines', agencyId, roles: [Role.CASE_MANAGER] }));

  function search(viewer: Viewer, filter: ServiceFilter, first: number, offset: number, orderBy: ServiceOrder | null, lang: string, withIndex: boolean) {
    const after = offset ? Buffer.from(`o:${offset}`).toString('base64url') : null;
    return searchServices(db, viewer, { filter, first, after, orderBy, lang, staleAfterDays: 180 }, withIndex ? index : null);
  }

  async function answer(...args: Parameters<typeof search>) {
    try {
      const page = await search(...args);
      return {
        ids: page.edges.map((e) => e.node.id),
        distances: page.edges.map((e) => (e.distanceKm === null ? null : Math.round(e.distanceKm * 1e6) / 1e6)),
        approximate: page.edges.map((e) => e.distanceApproximate),
        hasNextPage: page.pageInfo.hasNextPage,
        total: await page.count(),
      };
    } catch (e) {
      return { error: (e as Error).message };
    }
  }

  const typo = (word: string, at: number) => (word.length < 4 ? word : word.slice(0, at % word.length) + 'q' + word.slice((at % word.length) + 1));

  it('same services, order, counts and distances for random filters', async () => {
    let found = 0;
    let near = 0;
    const filterArb = fc.record({
      text: fc.option(fc.tuple(fc.array(fc.nat(), { minLength: 1, maxLength: 2 }), fc.boolean(), fc.nat(), fc.boolean())
        .map(([picks, withTypo, at, prefix]) => picks.map((i, k) => {
          const word = words[i % words.length];
          if (k === 0 && withTypo) return typo(word, at);
          return prefix && word.length > 3 ? word.slice(0, 3) : word;
        }).join(' ')), { nil: undefined }),
      categories: fc.option(fc.array(fc.nat(), { minLength: 1, maxLength: 2 }).map((ix) => ix.map((i) => categories[i % categories.length])), { nil: undefined }),
      areaIds: fc.option(fc.nat().map((i) => [areaIds[i % areaIds.length]]), { nil: undefined }),
      near: fc.option(fc.tuple(fc.nat(), fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.double({ min: -0.5, max: 0.5, noNaN: true }), fc.integer({ min: 1, max: 400 }))
        .map(([i, dLat, dLon, radiusKm]) => ({ latitude: points[i % points.length].latitude + dLat, longitude: points[i % points.length].longitude + dLon, radiusKm })), { nil: undefined }),
      population: fc.option(fc.constantFrom(...Object.values(Population)), { nil: undefined }),
      age: fc.option(fc.integer({ min: 0, max: 90 }), { nil: undefined }),
      gender: fc.option(fc.constantFrom(...Object.values(Gender)), { nil: undefined }),
      language: fc.option(fc.constantFrom('en', 'fr', 'ar', 'ha'), { nil: undefined }),
      channel: fc.option(fc.constantFrom(...Object.values(Channel)), { nil: undefined }),
      countryCode: fc.option(fc.constantFrom('NE', 'SD', 'ML', 'LY'), { nil: undefined }),
      freeOfCharge: fc.option(fc.boolean(), { nil: undefined }),
      nationality: fc.option(fc.constantFrom('SD', 'NG', 'ER'), { nil: undefined }),
      accessibility: fc.option(fc.subarray(Object.values(AccessibilityFeature), { minLength: 1, maxLength: 2 }), { nil: undefined }),
      interpretationByPhone: fc.option(fc.boolean(), { nil: undefined }),
      verifiedWithinDays: fc.option(fc.integer({ min: 1, max: 800 }), { nil: undefined }),
      status: fc.option(fc.subarray(Object.values(ServiceStatus), { minLength: 1 }), { nil: undefined }),
    }, { requiredKeys: [] });
    const caseArb = fc.record({
      // sparse filters are the interesting ones: most keys absent
      filter: filterArb.map((f) => Object.fromEntries(Object.entries(f).filter(([, v]) => v !== undefined))),
      keep: fc.array(fc.boolean(), { minLength: 16, maxLength: 16 }),
      first: fc.integer({ min: 1, max: 30 }),
      offset: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 40 })),
      orderBy: fc.constantFrom(null, ServiceOrder.RELEVANCE, ServiceOrder.NAME, ServiceOrder.RECENTLY_VERIFIED, ServiceOrder.DISTANCE),
      lang: fc.constantFrom('en', 'fr', 'ar', 'de'),
      viewer: fc.constantFrom(...viewers),
    });
    await fc.assert(
      fc.asyncProperty(caseArb, async ({ filter, keep, first, offset, orderBy, lang, viewer }) => {
        // keep about a third of the keys drawn
        const sparse = Object.fromEntries(Object.entries(filter).filter((_, i) => keep[i] && keep[(i + 5) % 16])) as ServiceFilter;
        const order = orderBy === ServiceOrder.DISTANCE && !sparse.near ? null : orderBy;
        const reference = await answer(viewer, sparse, first, offset, order, lang, false);
        const indexed = await answer(viewer, sparse, first, offset, order, lang, true);
        expect({ filter: sparse, order, lang, ...indexed }).toEqual({ filter: sparse, order, lang, ...reference });
        if (indexed.ids?.length) {
          found++;
          if (sparse.near) near++;
        }
      }),
      { seed: 20251126, numRuns: 400, endOnFailure: true },
    );
    // the filters drawn are not all empty answers
    expect(found).toBeGreaterThan(100);
    expect(near).toBeGreaterThan(10);
  }, 600_000);

  it('the broad searches too: every service, every status, by name and by relevance, deep pages', async () => {
    for (const status of [undefined, Object.values(ServiceStatus)]) {
      for (const orderBy of [null, ServiceOrder.NAME, ServiceOrder.RECENTLY_VERIFIED]) {
        for (const offset of [0, 7, 25]) {
          const filter = status ? { status } : {};
          expect(await answer(viewers[0], filter, 20, offset, orderBy, 'fr', true)).toEqual(await answer(viewers[0], filter, 20, offset, orderBy, 'fr', false));
        }
      }
    }
  }, 120_000);

  it('catches up with writes: a changed service is found by its new name, in its place', async () => {
    const [service] = await db.query(`SELECT id FROM services WHERE status = 'ACTIVE' ORDER BY id LIMIT 1`);
    // as a write through the API would (DirectoryService.refreshDerived keeps search_document)
    await db.query(`UPDATE services SET names = jsonb_set(names, '{en}', '"Zyxwv engines check"'), search_document = search_document || ' Zyxwv engines check' WHERE id = $1`, [service.id]);
    index.markDirty();
    for (const filter of [{ text: 'zyxwv' }, {}]) {
      for (const orderBy of [null, ServiceOrder.NAME]) {
        const indexed = await answer(viewers[1], filter, 30, 0, orderBy, 'en', true);
        expect(indexed).toEqual(await answer(viewers[1], filter, 30, 0, orderBy, 'en', false));
      }
    }
    expect((await answer(viewers[1], { text: 'zyxwv' }, 5, 0, null, 'en', true) as { ids: string[] }).ids).toEqual([service.id]);
  }, 120_000);
});
