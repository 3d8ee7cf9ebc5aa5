import { randomUUID } from 'node:crypto';
import type { Browser } from 'playwright-core';
import { Role } from '../../src/auth/roles';
import { SERVICE } from '../../seed/demo-data';
import { gql, ok, tokenFor } from '../support/client';
import { launchBrowser, openIsolated, printOnA4, screenshot } from './browser';

/**
 * The printable directory and the service slip as field staff print them: opened from signed links in
 * headless Chromium, making no request but the page itself, printed on A4. The reader is a Sahel Health
 * case manager, an outsider to the Agadez women's association and its safe shelter.
 */
describe('printable directory and service slip', () => {
  let browser: Browser;
  let reader: string;
  let hostile: string; // a service of this file's own agency with markup in its name
  const unique = `Ovela${Date.now().toString(36)}`;
  const hostileName = `<script>document.title="owned"</script><b>${unique}</b> legal desk`;

  beforeAll(async () => {
    browser = await launchBrowser();
    reader = await tokenFor('issa.cm@sahel-health.example.org');
    const networkAdmin = await tokenFor('nadia.admin@referral-network.example.org');
    const agencyId = ok(await gql(`mutation($input: CreateAgencyInput!) { createAgency(input: $input) { id } }`,
      { input: { names: [{ lang: 'en', text: `${unique} Aid` }], type: 'NATIONAL_NGO', countryCode: 'NE', fictional: true } }, networkAdmin)).createAgency.id;
    const admin = await tokenFor({ sub: randomUUID(), agency: agencyId, roles: [Role.AGENCY_ADMIN] });
    const areas = ok(await gql(`{ areas(filter: { countryCode: "NE" }, first: 50) { edges { node { id code } } } }`, {}, admin)).areas.edges.map((e: any) => e.node);
    const locationId = ok(await gql(`mutation($input: CreateLocationInput!) { createLocation(input: $input) { id } }`, { input: {
      agencyId, names: [{ lang: 'en', text: `${unique} office` }], facilityType: 'OTHER', areaId: areas.find((a: any) => a.code === 'NE-1-AGZ-CU').id, address: `${unique} Rue du Marché`,
    } }, admin)).createLocation.id;
    hostile = ok(await gql(`mutation($input: CreateServiceInput!) { createService(input: $input) { id } }`, { input: {
      agencyId, names: [{ lang: 'en', text: hostileName }], categoryCodes: ['legal.documentation'], populations: ['ALL'], locationIds: [locationId],
      timezone: 'Africa/Niamey', openingHours: [{ day: 'TUESDAY', opens: '09:00', closes: '13:00' }],
      contacts: [{ role: 'FOCAL_POINT', phone: '+227 90 12 12 12' }],
    } }, admin)).createService.id;
  });
  afterAll(async () => browser?.close());

  it('opens the directory of Agadez department in French, grouped by category, the safe shelter\'s address withheld, and prints it on A4', async () => {
    const link = ok(await gql(`mutation($a: ID!) { createDirectoryReportLink(areaId: $a, lang: "fr") { url language } }`, { a: 'NE-1-AGZ' }, reader)).createDirectoryReportLink;
    expect(link.language).toBe('fr');
    const { page, response, elsewhere } = await openIsolated(browser, link.url);
    expect(response.status()).toBe(200);

    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.locator('#area-name').textContent()).toBe("Département d'Agadez");
    // grouped by category, with a table of contents pointing to each group
    const groups = await page.locator('section.category').evaluateAll((s) => s.map((x) => x.getAttribute('data-category')));
    expect(groups).toEqual(expect.arrayContaining(['shelter', 'protection', 'health', 'legal']));
    expect(await page.locator('nav.toc li').count()).toBe(groups.length);
    const count = await page.locator('article.service').count();
    expect(await page.locator('#count').textContent()).toBe(`${count} service(s)`);

    const listening = page.locator(`article[data-service-id="${SERVICE.AGADEZ_WOMEN_LISTENING}"]`);
    expect(await listening.locator('h3').textContent()).toBe('Écoute et gestion de cas pour femmes, Agadez');
    const listeningText = await listening.textContent();
    for (const s of ['Quartier Dagamanet, Agadez', '+227 00 00 00 21', 'Point focal', 'Comment orienter', 'Se présenter ou orienter par le réseau']) expect(listeningText).toContain(s);

    const safeHouse = page.locator(`article[data-service-id="${SERVICE.AGADEZ_GBV_SAFE_HOUSE}"]`);
    expect(await safeHouse.locator('.site[data-confidential="true"] .place').textContent()).toMatch(/^Adresse confidentielle : contactez le point focal \(\+227 [\d ]+\)/);
    const whole = await page.locator('body').textContent();
    for (const secret of ['Rue 000, Agadez (invented)', 'Refuge sécurisé A', 'Safe shelter A']) expect(whole).not.toContain(secret);

    // the name with markup is text: nothing ran, nothing was added
    const hostileHeading = page.locator(`article[data-service-id="${hostile}"] h3`);
    expect(await hostileHeading.textContent()).toBe(hostileName);
    expect(await page.locator('article.service b').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as any).document.scripts.length)).toBe(0);
    expect(await page.title()).not.toBe('owned');
    expect(elsewhere).toEqual([]); // self-contained: no request but the page itself

    await screenshot(page, 'directory-report.png', false); // its first screen: the whole directory is long
    expect(await printOnA4(page)).toBeGreaterThan(1);
    await page.close();
  });

  it('opens a service slip in Arabic, right to left, three services on one A4 sheet, with where, when, what to bring and whom to call', async () => {
    const ids = [SERVICE.AGADEZ_WOMEN_LISTENING, SERVICE.AGADEZ_GBV_SAFE_HOUSE, hostile];
    const link = ok(await gql(`mutation($s: [ID!]!) { createServiceSlipLink(serviceIds: $s, lang: "ar") { url language } }`, { s: ids }, reader)).createServiceSlipLink;
    expect(link.language).toBe('ar');
    const { page, response, elsewhere } = await openIsolated(browser, link.url, { width: 800, height: 1130 });
    expect(response.status()).toBe(200);

    expect(await page.getAttribute('html', 'dir')).toBe('rtl');
    expect(await page.evaluate(() => (globalThis as any).getComputedStyle((globalThis as any).document.body).direction)).toBe('rtl');
    expect(await page.locator('h1').textContent()).toBe('أين تجد المساعدة');
    expect(await page.locator('section.slip-service').evaluateAll((s) => s.map((x) => x.getAttribute('data-service-id')))).toEqual(ids);

    const listening = page.locator(`section[data-service-id="${SERVICE.AGADEZ_WOMEN_LISTENING}"]`);
    expect(await listening.locator('h2').textContent()).toBe('الاستماع وإدارة الحالات للنساء، أغاديس');
    expect(await listening.locator('dd.where').textContent()).toContain('Quartier Dagamanet, Agadez');
    expect(await listening.locator('dd.call').textContent()).toContain('+227 00 00 00 21');
    // a phone number reads left to right inside the Arabic text
    expect(await listening.locator('dd.call bdi').first().evaluate((b) => (globalThis as any).getComputedStyle(b).direction)).toBe('ltr');

    const safeHouse = page.locator(`section[data-service-id="${SERVICE.AGADEZ_GBV_SAFE_HOUSE}"]`);
    expect(await safeHouse.locator('dd.where').textContent()).toContain('العنوان سري: تواصل مع جهة الاتصال');
    const mine = page.locator(`section[data-service-id="${hostile}"]`);
    expect(await mine.locator('h2').textContent()).toBe(hostileName);
    expect(await mine.locator('dd.where').textContent()).toContain(`${unique} Rue du Marché`);
    expect(await mine.locator('dd.where').textContent()).toContain('09:00–13:00');
    expect(await mine.locator('dd.call').textContent()).toContain('+227 90 12 12 12');

    const whole = await page.locator('body').textContent();
    for (const secret of ['Rue 000, Agadez (invented)', 'Safe shelter A', 'المأوى الآمن أ']) expect(whole).not.toContain(secret);
    expect(await page.evaluate(() => (globalThis as any).document.scripts.length)).toBe(0);
    expect(elsewhere).toEqual([]);

    await screenshot(page, 'service-slip.png');
    expect(await printOnA4(page)).toBe(1);
    await page.close();
  });
});
