import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { demoUser, SERVER_URL } from '../support/client';
import { startServer, type RunningServer } from '../support/server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SCREENSHOT = path.resolve(__dirname, '..', '..', 'docs', 'explorer.png');

/** Opens the explorer with every other host blocked; returns what was refused and any page error. */
async function openOffline(browser: Browser, base: string) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 850 } });
  const outside: string[] = [];
  const problems: string[] = [];
  await context.route('**/*', (route) => {
    if (route.request().url().startsWith(base)) return route.continue();
    outside.push(route.request().url());
    return route.abort('internetdisconnected');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console: ${m.text()}`); });
  const response = await page.goto(`${base}/graphql`);
  expect(response!.status()).toBe(200);
  await page.locator('.graphiql-container').waitFor({ timeout: 30_000 });
  return { page, outside, problems, close: () => context.close() };
}

async function runQuery(page: Page) {
  await page.locator('.graphiql-execute-button').click();
  const result = page.locator('.graphiql-response');
  await result.getByText('"data"').or(result.getByText('"errors"')).first().waitFor({ timeout: 30_000 });
  return (await result.innerText()).replace(/\s+/g, ' ');
}

/** The GraphQL explorer as a person at a field office without internet sees it, in headless Chromium. */
describe('the GraphQL explorer offline', () => {
  let browser: Browser;
  let dev: RunningServer;
  let workDir: string;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mrn-explorer-'));
    // a development server as `npm start` runs it: the development secret, demo data, the explorer with demo users
    [dev, browser] = await Promise.all([
      startServer({ NODE_ENV: 'development', JWT_SECRET: undefined, JWKS_URL: undefined, DATABASE_URL: undefined, DATA_DIR: path.join(workDir, 'data'), SEED_DEMO_DATA: 'true', EXPLORER: undefined, METRICS_TOKEN: undefined }, path.join(workDir, 'dev.log')),
      chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] }),
    ]);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
    if (!process.env.KEEP_TEST_DATA) fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('loads from the server alone, puts a demo user\'s token in one click, and runs a query (development)', async () => {
    const { page, outside, problems, close } = await openOffline(browser, dev.url);
    try {
      const users = page.locator('button.demo-user');
      await users.first().waitFor({ timeout: 30_000 });
      expect(await users.count()).toBeGreaterThan(10);
      await page.locator('button.demo-user[data-email="amina.cm@iom-niger.example.org"]').click();
      const text = await runQuery(page);
      expect(text).toContain(demoUser('amina.cm@iom-niger.example.org').sub);
      expect(text).toContain('CASE_MANAGER');
      expect(text).not.toContain('"errors"');

      fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
      await page.screenshot({ path: SCREENSHOT });
      expect(outside).toEqual([]); // nothing was even asked of another host: no CDN, no fonts
      expect(problems).toEqual([]); // and nothing broke for it (the Content-Security-Policy included)
    } finally {
      await close();
    }
  });

  it('has no demo users where a real secret signs the tokens, and the query says what is missing', async () => {
    const { page, outside, problems, close } = await openOffline(browser, SERVER_URL());
    try {
      expect(await page.locator('button.demo-user').count()).toBe(0);
      const text = await runQuery(page);
      expect(text).toContain('UNAUTHENTICATED');
      expect(outside).toEqual([]);
      expect(problems.filter((p) => !/status of 401/.test(p))).toEqual([]);
    } finally {
      await close();
    }
    expect((await fetch(`${SERVER_URL()}/explorer/demo-tokens`)).status).toBe(404);
  });
});
