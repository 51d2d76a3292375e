import { statSync } from 'fs';
import type { Browser } from 'playwright-core';
import type { LocalCloud } from '../../scripts/local-cloud';
import { DEMO_GIFT_COUPONS, DEMO_WELCOME_POINTS } from '../../scripts/seed/demo-engagement';
import { phonePage, screenshot } from '../support/browser';
import { useBrowserStack } from '../support/pages';

jest.setTimeout(120_000);

let cloud: LocalCloud;
let browser: Browser;

useBrowserStack((stack) => {
  ({ cloud, browser } = stack);
});

describe('a new visitor on H5', () => {
  it('registers on first open and sees a member card with the welcome gift\'s points', async () => {
    const page = await phonePage(browser);
    await page.goto(`${cloud.url}/#/pages/dev-login/index`);
    await page.locator('#login-new-visitor').click();

    await page.locator('#member-points').waitFor({ timeout: 30_000 });
    // The demo brand's 入会礼 is the new member's whole balance (given right after registration).
    await page.waitForFunction((points) => document.querySelector('#member-points')?.textContent?.trim() === points, String(DEMO_WELCOME_POINTS));
    await page.getByText('欢迎加入').waitFor();
    await page.locator('#member-wallet').getByText('¥0.00').waitFor();

    const visitors = cloud.db.dump('members').filter((m: { openid: string }) => m.openid.startsWith('visitor-'));
    expect(visitors).toHaveLength(1);
    const memberNo = await page.locator('#member-no').textContent();
    expect(memberNo?.replace(/\s/g, '')).toContain(visitors[0].memberNo);
    // …and its coupon: the one coupon in the new member's 券包.
    const coupons = cloud.db.dump('coupons').filter((c: { memberId: string }) => c.memberId === visitors[0]._id);
    expect(coupons.map((c: { source: string; rules: { name: string } }) => [c.source, c.rules.name])).toEqual([['welcome', DEMO_GIFT_COUPONS.welcome.name]]);

    const file = await screenshot(page, 'home-new-visitor');
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });
});
