import { existsSync, statSync } from 'fs';
import path from 'path';
import type { Browser } from 'playwright-core';
import type { LocalCloud } from '../../scripts/local-cloud';
import { launchBrowser, phonePage, screenshot } from '../support/browser';
import { startTestCloud } from '../support/cloud';
import { seedDemoBrand } from '../../scripts/seed/demo-brand';

jest.setTimeout(120_000);

const h5 = path.resolve(__dirname, '../../dist/h5');
let cloud: LocalCloud;
let browser: Browser;

beforeAll(async () => {
  if (!existsSync(path.join(h5, 'index.html'))) throw new Error('No H5 build in dist/h5: run `npm run build:h5` (npm test does).');
  cloud = await startTestCloud({ port: 0, staticDir: h5 });
  await seedDemoBrand(cloud);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await cloud?.close();
});

describe('a new visitor on H5', () => {
  it('registers on first open and sees a member card with 0 points', async () => {
    const page = await phonePage(browser);
    await page.goto(`${cloud.url}/#/pages/dev-login/index`);
    await page.locator('#login-new-visitor').click();

    await page.locator('#member-points').waitFor({ timeout: 30_000 });
    await page.waitForFunction(() => document.querySelector('#member-points')?.textContent?.trim() === '0');
    await page.getByText('欢迎加入').waitFor();
    await page.locator('#member-wallet').getByText('¥0.00').waitFor();

    const visitors = cloud.db.dump('members').filter((m: { openid: string }) => m.openid.startsWith('visitor-'));
    expect(visitors).toHaveLength(1);
    const memberNo = await page.locator('#member-no').textContent();
    expect(memberNo?.replace(/\s/g, '')).toContain(visitors[0].memberNo);

    const file = await screenshot(page, 'home-new-visitor');
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });
});
