import { existsSync, mkdirSync } from 'fs';
import path from 'path';
import { type Browser, type Page, chromium } from 'playwright-core';

const CANDIDATES = [
  process.env.CHROMIUM_PATH,
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

export const ARTIFACTS = path.resolve(__dirname, '../../.artifacts');

/** Chromium as the probe on this kind of machine runs it; fails loudly, never skips, without one. */
export async function launchBrowser(): Promise<Browser> {
  const executablePath = CANDIDATES.find((candidate) => candidate && existsSync(candidate));
  if (!executablePath) {
    throw new Error(
      'No Chromium or Chrome found for the browser tests. Run `bash scripts/setup/ensure-browser.sh` (as root on Debian it installs chromium), install Google Chrome, or set CHROMIUM_PATH.',
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** A phone-sized page, as a member holds it. */
export async function phonePage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, locale: 'zh-CN' });
  return context.newPage();
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(path.join(ARTIFACTS, 'screenshots'), { recursive: true });
  const file = path.join(ARTIFACTS, 'screenshots', `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/** The whole stack for a browser suite: the H5 build served over a seeded in-memory cloud, and Chromium. */
export async function startBrowserStack(): Promise<{ cloud: import('../../scripts/local-cloud').LocalCloud; browser: Browser; close(): Promise<void> }> {
  const h5 = path.resolve(__dirname, '../../dist/h5');
  if (!existsSync(path.join(h5, 'index.html'))) throw new Error('No H5 build in dist/h5: run `npm run build:h5` (npm test does).');
  const { startTestCloud } = await import('./cloud');
  const { seedDemoBrand } = await import('../../scripts/seed/demo-brand');
  const cloud = await startTestCloud({ port: 0, staticDir: h5 });
  await seedDemoBrand(cloud);
  const browser = await launchBrowser();
  return { cloud, browser, close: async () => { await browser.close(); await cloud.close(); } };
}
