import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page, type Response } from 'playwright-core';
import { SERVER_URL } from '../support/client';

/**
 * What the browser tests share: headless Chromium (Debian's /usr/bin/chromium, or CHROMIUM_PATH), a page
 * that may load nothing but itself, screenshots for the README, and the A4 check of a printout.
 */

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

export interface IsolatedPage {
  page: Page;
  response: Response;
  /** Every request the page made besides its own URL: each was refused; a self-contained page makes none. */
  elsewhere: string[];
}

/**
 * Opens `pathAndQuery` of the test server. Every other request the page makes (a script, a font, a
 * style sheet, an image, even from the same server) is aborted and recorded in `elsewhere`.
 */
export async function openIsolated(browser: Browser, pathAndQuery: string, viewport = { width: 1000, height: 1200 }): Promise<IsolatedPage> {
  const page = await browser.newPage({ viewport });
  const url = `${SERVER_URL()}${pathAndQuery}`;
  const elsewhere: string[] = [];
  await page.route('**/*', (route) => {
    const requested = route.request().url();
    if (requested === url) return route.continue();
    elsewhere.push(requested);
    return route.abort();
  });
  page.on('requestfailed', (r) => { if (r.url() !== url && !elsewhere.includes(r.url())) elsewhere.push(r.url()); });
  const response = await page.goto(url);
  if (!response) throw new Error(`no response for ${pathAndQuery}`);
  await page.waitForLoadState('load');
  return { page, response, elsewhere };
}

/** A screenshot under docs/ (shown in the README): the whole page, or its first screen. */
export async function screenshot(page: Page, name: string, fullPage = true): Promise<void> {
  const file = path.resolve(__dirname, '..', '..', 'docs', name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  await page.screenshot({ path: file, fullPage });
  expect(fs.statSync(file).size).toBeGreaterThan(10_000);
}

/** Prints the page as Chromium would and checks that every sheet is A4 (595 x 842 points); returns the number of sheets. */
export async function printOnA4(page: Page): Promise<number> {
  await page.emulateMedia({ media: 'print' });
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
  const text = pdf.toString('latin1');
  expect(text.startsWith('%PDF')).toBe(true);
  const boxes = [...text.matchAll(/\/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => [Math.round(Number(m[1])), Math.round(Number(m[2]))]);
  expect(boxes.length).toBeGreaterThan(0);
  for (const box of boxes) expect(box).toEqual([595, 842]);
  return boxes.length;
}
