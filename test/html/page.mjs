// Opens an HTML file in headless Chromium (playwright-core, the Chromium the e2e suite uses) and
// records every request other than the file itself and every console error or page error.
import { chromium } from 'playwright-core';
import { pathToFileURL } from 'node:url';
import { findChromium } from '../e2e/install.mjs';

/** The browser, or a clear error when there is none. */
export async function launch() {
  const executablePath = findChromium();
  if (!executablePath) throw new Error('no chromium on PATH (apt-get install chromium, or set CHROMIUM_PATH)');
  return chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
}

/** A page of `browser` showing `file`, with what it asked for and what it complained of. */
export async function openPage(browser, file, { dark = false, width = 1100, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: dark ? 'dark' : 'light', offline: true });
  const page = await context.newPage();
  const url = pathToFileURL(file).toString();
  const requests = [];
  const errors = [];
  page.on('request', (r) => r.url() !== url && requests.push(r.url()));
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && errors.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  return { page, context, requests, errors };
}
