import type { Browser } from 'playwright-core';
import { AGENCY, SERVICE } from '../../seed/demo-data';
import { gql, ok, tokenFor } from '../support/client';
import { launchBrowser, openIsolated, printOnA4, screenshot } from './browser';

/** The person's own copy as staff hand it over: opened from a signed link in headless Chromium, and printed on A4. */
describe('subject access page', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => browser?.close());

  it('renders the person\'s fields, consents, referral and the receiver\'s read, in French, as text, and prints on A4', async () => {
    const [amina, dpo, receiver] = await Promise.all(['amina.cm@iom-niger.example.org', 'oumarou.dpo@iom-niger.example.org', 'zeinabou.rfp@tenere-femmes.example.org'].map((e) => tokenFor(e)));
    const otherNames = '<script>document.title="owned"</script><b>Mariam</b>';
    const person = { givenName: 'Awa', familyName: `Fictional ${Date.now().toString(36)}`, otherNames, dateOfBirth: '1998-07-14', phone: '+227 90 12 34 56', sex: 'FEMALE',
      nationality: 'NG', languages: ['ha', 'fr'], protectionConcerns: 'Fictional: threatened on the route', vulnerabilities: ['GBV_SURVIVORS'] };
    const c = ok(await gql(`mutation($i: RegisterCaseInput!) { registerCase(input: $i) { id caseCode } }`, { i: {
      person,
      consent: { decision: 'GRANTED', method: 'WRITTEN_FORM', givenBy: 'PERSON', language: 'ha', interpreterUsed: true, purposes: ['REGISTRATION', 'REFERRAL'],
        recipientAgencyIds: [AGENCY.AGADEZ_WOMEN], categories: ['IDENTITY', 'CONTACT'] },
    } }, amina)).registerCase;
    const referral = ok(await gql(`mutation($i: SendReferralInput!) { sendReferral(input: $i) { id } }`,
      { i: { caseId: c.id, serviceId: SERVICE.AGADEZ_WOMEN_LISTENING, priority: 'URGENT', reasons: 'Fictional: listening', disclosedFields: ['givenName', 'phone'] } }, amina)).sendReferral;
    ok(await gql(`query($id: ID!) { referral(id: $id) { case { givenName phone } } }`, { id: referral.id }, receiver));
    const pkg = ok(await gql(`query($id: ID!) { subjectAccessPackage(caseId: $id) { fields { name } } }`, { id: c.id }, dpo)).subjectAccessPackage;
    const link = ok(await gql(`mutation($id: ID!) { createSubjectAccessReportLink(caseId: $id) { url language } }`, { id: c.id }, dpo)).createSubjectAccessReportLink;
    expect(link.language).toBe('fr');

    const { page, response, elsewhere } = await openIsolated(browser, link.url, { width: 900, height: 1200 });
    expect(response.status()).toBe(200);

    expect(await page.getAttribute('html', 'lang')).toBe('fr');
    expect(await page.locator('#case-code').textContent()).toBe(c.caseCode);
    // every catalogue field has its row; the values are the person's, shown as text (the markup in a value is not markup)
    expect(await page.locator('#fields tr[data-field]').count()).toBe(pkg.fields.length);
    const cell = (field: string) => page.locator(`#fields tr[data-field="${field}"] td`).textContent();
    expect(await cell('givenName')).toBe('Awa');
    expect(await cell('familyName')).toBe(person.familyName);
    expect(await cell('otherNames')).toBe(otherNames);
    expect(await cell('phone')).toBe(person.phone);
    expect(await cell('sex')).toBe('Féminin');
    expect(await cell('protectionConcerns')).toBe(person.protectionConcerns);
    expect(await cell('address')).toBe('Non renseigné');
    expect(await page.locator('#fields b').count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as any).document.scripts.length)).toBe(0);
    expect(await page.title()).not.toBe('owned');
    expect(await page.locator('article.consent').count()).toBe(1);
    expect(await page.locator(`article.referral[data-referral-id="${referral.id}"]`).count()).toBe(1);
    const read = page.locator('#disclosure-log tr[data-kind="READ"]');
    expect(await read.count()).toBe(1);
    expect(await read.textContent()).toContain('Prénom(s)');
    expect(elsewhere).toEqual([]); // self-contained: no request but the page itself

    await screenshot(page, 'subject-access-report.png');
    // printed: A4 pages
    await printOnA4(page);
    await page.close();
  });
});
