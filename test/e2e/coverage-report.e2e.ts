import type { Browser } from 'playwright-core';
import { PATHWAY } from '../../seed/pathways-data';
import { gql, ok, SERVER_URL, tokenFor } from '../support/client';
import { launchBrowser, openIsolated, screenshot } from './browser';

/** The coverage report as a person sees it: opened from a signed link in headless Chromium. */
describe('coverage report page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('renders the area x step matrix as a coloured heat map with legend, gaps and figures', async () => {
    const token = await tokenFor('abdoulaye.sc@referral-network.example.org');
    const niger = ok(await gql(`{ areas(filter: { countryCode: "NE", level: COUNTRY }) { edges { node { id } } } }`, {}, token)).areas.edges[0].node.id;
    const coverage = ok(await gql(`query($p: ID!, $a: ID!) { pathwayCoverage(pathwayId: $p, areaId: $a, level: DISTRICT) { steps { title } areas { area { code } steps { status } } } }`,
      { p: PATHWAY.GBV, a: niger }, token)).pathwayCoverage;
    const link = ok(await gql(`mutation($p: ID!, $a: ID!) { createCoverageReportLink(pathwayId: $p, areaId: $a, level: DISTRICT) { url expiresAt } }`,
      { p: PATHWAY.GBV, a: niger }, token)).createCoverageReportLink;

    const { page, response, elsewhere } = await openIsolated(browser, link.url, { width: 1280, height: 800 });
    expect(response.status()).toBe(200);

    const cells = page.locator('#matrix td.cell');
    const expected = coverage.areas.length * coverage.steps.length;
    expect(expected).toBeGreaterThan(0);
    expect(await cells.count()).toBe(expected);
    // every cell is coloured by its status, and the statuses match the API's
    const rendered = await cells.evaluateAll((tds) => tds.map((td) => ({ status: td.getAttribute('data-status'), color: (globalThis as any).getComputedStyle(td).backgroundColor })));
    expect(rendered.map((c) => c.status)).toEqual(coverage.areas.flatMap((a: any) => a.steps.map((s: any) => s.status)));
    const colorOf = new Map<string, string>();
    for (const c of rendered) {
      expect(c.color).not.toBe('rgba(0, 0, 0, 0)');
      if (colorOf.has(c.status!)) expect(colorOf.get(c.status!)).toBe(c.color);
      colorOf.set(c.status!, c.color);
    }
    expect(new Set(colorOf.values()).size).toBe(colorOf.size); // one colour per status
    expect(await page.locator('ul.legend li').count()).toBe(6);
    expect(await page.locator('#fig-areas').textContent()).toBe(String(coverage.areas.length));
    expect(await page.locator('#gaps li').count()).toBeGreaterThan(0);
    expect(elsewhere).toEqual([]); // self-contained: no request but the page itself

    await screenshot(page, 'coverage-report.png');
  });

  it('lays the page out right to left in Arabic: the area column on the right, the words in Arabic', async () => {
    const token = await tokenFor('abdoulaye.sc@referral-network.example.org');
    const niger = ok(await gql(`{ areas(filter: { countryCode: "NE", level: COUNTRY }) { edges { node { id } } } }`, {}, token)).areas.edges[0].node.id;
    // a link asked for in Arabic opens in Arabic, whatever the browser's own language
    const link = ok(await gql(`mutation($p: ID!, $a: ID!) { createCoverageReportLink(pathwayId: $p, areaId: $a, level: REGION) { url } }`,
      { p: PATHWAY.GBV, a: niger }, token, { 'accept-language': 'ar' })).createCoverageReportLink;
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    expect((await page.goto(`${SERVER_URL()}${link.url}`))!.status()).toBe(200);
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect(await page.evaluate(() => (globalThis as any).getComputedStyle((globalThis as any).document.body).direction)).toBe('rtl');
    expect(await page.locator('h1').textContent()).toMatch(/^تغطية مسار الإحالة/);
    // the first column (the areas) is drawn on the right of the last one
    const headers = page.locator('#matrix thead th');
    const first = (await headers.first().boundingBox())!;
    const last = (await headers.last().boundingBox())!;
    expect(first.x).toBeGreaterThan(last.x);
    await page.close();
  });

  it('refuses the page without a token or link, with a tampered link, and for a role that may not see coverage', async () => {
    const base = `${SERVER_URL()}/reports/coverage?pathway=${PATHWAY.GBV}&area=00000000-0000-4000-8000-000000000000&level=REGION`;
    expect((await fetch(base)).status).toBe(401);
    expect((await fetch(`${base}&link=not-a-link`)).status).toBe(401);
    const caseManager = await tokenFor('amina.cm@iom-niger.example.org');
    expect((await fetch(base, { headers: { authorization: `Bearer ${caseManager}` } })).status).toBe(403);
  });
});
