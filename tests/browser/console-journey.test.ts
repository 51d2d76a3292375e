import { readFileSync } from 'fs';
import type { Browser, Page } from 'playwright-core';
import type { LocalCloud } from '../../scripts/local-cloud';
import { screenshot } from '../support/browser';
import { useBrowserStack } from '../support/pages';

// The operator console in the H5 build, on a desktop browser and on a phone: the owner changes
// the points rate and a purchase earns it, overrides a member's tier, runs a bulk grant, reads the
// overview and exports the audit log; an analyst is refused a change; a store manager sees only
// their store. Screenshots go to .artifacts/screenshots (console-*).

jest.setTimeout(240_000);

let cloud: LocalCloud;
let browser: Browser;
let memberNo = '';

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

async function invoke(openid: string, fn: string, action: string, data: unknown = {}, requestId?: string): Promise<any> {
  return cloud.host.invoke(fn, { action, data, requestId }, { openid });
}

async function open(who: string, viewport: { width: number; height: number }): Promise<Page> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: viewport.width < 600 ? 2 : 1, locale: 'zh-CN', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${cloud.url}/#/pages/dev-login/index`);
  await page.locator(`#login-${who}`).click();
  await page.locator('#member-points').waitFor({ timeout: 30_000 });
  return page;
}

async function waitForText(page: Page, selector: string, expected: string | RegExp, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    // Any match: Taro keeps pages it navigated from in the document.
    ([sel, source, flags]) => Array.from(document.querySelectorAll(sel)).some((el) => new RegExp(source, flags).test((el.textContent ?? '').replace(/\s+/g, ' ').trim())),
    [selector, typeof expected === 'string' ? expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : expected.source, typeof expected === 'string' ? '' : expected.flags] as const,
    { timeout },
  );
}

async function typeInto(page: Page, id: string, text: string): Promise<void> {
  const input = page.locator(`#${id} input, #${id} textarea, input#${id}, textarea#${id}`).first();
  await input.click();
  await input.fill(text);
}

/** The console's navigation (Taro keeps the pages it came from in the document, hidden). */
async function navigate(page: Page, key: string): Promise<void> {
  await page.locator(`#nav-${key}`).filter({ visible: true }).click();
  await page.locator(`#console-${key}`).filter({ visible: true }).waitFor();
}

async function confirmModal(page: Page): Promise<void> {
  const modal = page.locator('.taro__modal');
  await modal.locator('.taro-model__confirm').click();
}

/**
 * Opens a Taro picker, taps the item with this text (the picker reads a tap by its height; its
 * mask lies over the items, hence force), then 确定. Without an item, 确定 takes what it shows.
 */
async function pick(page: Page, opener: string, item?: string): Promise<void> {
  await page.locator(opener).filter({ visible: true }).click();
  const confirm = page.locator('.weui-picker__action', { hasText: '确定' }).filter({ visible: true });
  await confirm.waitFor();
  if (item) {
    // The sheet slides up from below the screen; the item is tapped where it comes to rest.
    await page.waitForFunction(
      (text) => Array.from(document.querySelectorAll('.weui-picker__item')).some((e) => e.textContent === text && e.getBoundingClientRect().bottom <= window.innerHeight && e.getBoundingClientRect().top >= 0),
      item,
    );
    await page.waitForTimeout(300);
  }
  if (item) await page.locator('.weui-picker__item', { hasText: item }).filter({ visible: true }).click({ force: true });
  await confirm.click();
}

async function shot(page: Page, name: string): Promise<void> {
  // Transitions (a progress bar filling, a page sliding in) finished, toasts gone.
  await page.waitForFunction(() => document.getAnimations().every((a) => a.constructor.name !== 'CSSTransition' || a.playState !== 'running'), undefined, { timeout: 10_000 });
  await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLElement>('.taro__toast')).every((t) => getComputedStyle(t).display === 'none'), undefined, { timeout: 10_000 }).catch(() => undefined);
  await screenshot(page, name);
}

async function recordPurchase(amountFen: number, requestId: string): Promise<any> {
  const code = await invoke('demo-member-openid', 'member', 'memberCode');
  const answer = await invoke('demo-staff-openid', 'staff', 'recordPurchase', { code: code.data.token, amountFen, walletFen: 0 }, requestId);
  if (!answer.ok) throw new Error(JSON.stringify(answer));
  return answer.data;
}

useBrowserStack(async (stack) => {
  ({ cloud, browser } = stack);
  const me = await invoke('demo-member-openid', 'member', 'me');
  memberNo = me.data.member.memberNo;
  // A second store, so that "only their store" means something for the store manager.
  await invoke('demo-operator-openid', 'admin', 'createStore', { name: '鹿角咖啡 三里屯店', address: '北京市朝阳区三里屯路 19 号' }, 'journey-store-2');
  // A finished rollup pass, so the overview has its ledger figures.
  await cloud.host.invoke('cron', { Type: 'Timer', TriggerName: 'every-15-minutes', Time: new Date().toISOString() }, {});
});

describe('the owner on a desktop browser', () => {
  let page: Page;
  beforeAll(async () => {
    page = await open('demo-operator-openid', DESKTOP);
  });
  afterAll(() => page.context().close());

  it('opens the console on the overview, with the figures and the side navigation', async () => {
    await page.goto(`${cloud.url}/#/admin/index/index`);
    await page.locator('#console-overview').waitFor({ timeout: 20_000 });
    await page.locator('#console-nav').getByText('运营人员').waitFor();
    // The side navigation sits beside the page on a desktop, not above it.
    const nav = await page.locator('#console-nav').boundingBox();
    expect(nav!.width).toBeLessThan(300);
    expect(nav!.height).toBeGreaterThan(600);
    await page.getByText('会员总数').waitFor();
    await page.getByText('鹿角咖啡 国贸店').first().waitFor();
    await shot(page, 'console-overview-desktop');
  });

  it('doubles the points rate; the next purchase earns it, the earlier one keeps its rate', async () => {
    const before = await recordPurchase(10_000, 'journey-before-rate');
    // The member pays the gold member price, 9.5折 (no coupon named: none used): earned on ¥95.
    expect(before.pointsEarned).toBe(118); // 95 × 1 × 金卡 125 % = 118.75, rounded down

    await navigate(page, 'rules');
    await page.locator('#rules-tab-points').click();
    await typeInto(page, 'rules-points-rate', '2');
    await waitForText(page, '#rules-preview', /1 → 2/);
    await shot(page, 'console-rules-preview-desktop');
    await page.locator('#rules-save').click();
    await waitForText(page, '#rules-tabs', '第 1 版');

    const after = await recordPurchase(10_000, 'journey-after-rate');
    expect(after.pointsEarned).toBe(237); // 95 × 2 × 125 % = 237.5, rounded down
    const purchases = cloud.db.dump('purchases');
    expect(purchases.find((p: any) => p._id === before.purchaseId).ruleVersions.points).toBe(0);
    expect(purchases.find((p: any) => p._id === after.purchaseId).ruleVersions.points).toBe(1);
  });

  it('finds the member and overrides the tier until a date', async () => {
    await navigate(page, 'members');
    await typeInto(page, 'member-search-input', memberNo);
    await page.locator('#member-search-submit').click();
    await page.locator('#members-table [id^="row-"]').first().click();
    await page.locator('#member-page').filter({ visible: true }).waitFor();
    await waitForText(page, '#member-tier', '金卡会员');

    await pick(page, '#override-tier', '黑金会员');
    // The end date: the picker opens on today; 确定 takes it (the override lasts until 23:59 today).
    await pick(page, '#override-until');
    await typeInto(page, 'override-reason', '门店活动升级');
    await page.locator('#override-submit').click();
    await confirmModal(page);
    await waitForText(page, '#member-tier', '黑金会员');
    await shot(page, 'console-member-desktop');
    const member = cloud.db.dump('members').find((m: any) => m.memberNo === memberNo);
    expect(member.tierOverride.code).toBe('black');
  });

  it('grants 50 points to a list in a bulk job and lists what failed', async () => {
    const points = () => cloud.db.dump('accounts').find((a: any) => a._id.endsWith(':points') && a._id.startsWith(cloud.db.dump('members').find((m: any) => m.memberNo === memberNo)._id)).balance;
    const start = points();
    await navigate(page, 'bulk-grant');
    await typeInto(page, 'bulk-member-nos', `${memberNo}\n9999999999\nnot-a-number`);
    await typeInto(page, 'bulk-amount', '50');
    await typeInto(page, 'bulk-reason', '周年庆回馈');
    await page.locator('#bulk-start').click();
    await confirmModal(page);
    await page.locator('#bulk-progress').waitFor();
    await waitForText(page, '#bulk-state', /完成/, 60_000);
    // The unknown number failed and is in the failures file; the line that is no number never became an item.
    await waitForText(page, '#bulk-counts', '已处理 2/2 · 成功 1 · 失败 1');
    await shot(page, 'console-bulk-grant-desktop');
    expect(points()).toBe(start + 50);
  });

  it('invites a manager, sees the invite pending and withdraws it', async () => {
    await navigate(page, 'operators');
    await typeInto(page, 'invite-name', '周杰');
    await page.locator('#invite-role-manager').filter({ visible: true }).click();
    await page.locator('#invite-submit').filter({ visible: true }).click();
    await waitForText(page, '#operator-invite-code-value', /^[2-9A-HJ-NP-Z]{8}$/);
    await page.locator('#operator-invites').filter({ visible: true }).getByText('周杰 · 运营经理').waitFor();
    await shot(page, 'console-operators-desktop');
    await page.locator('#operator-invites [id^="revoke-"]').filter({ visible: true }).click();
    await confirmModal(page);
    await page.locator('#operator-invites').waitFor({ state: 'detached' });
    const invite = cloud.db.dump('operator_invites').find((i: any) => i.name === '周杰');
    expect(invite.revokedAt).toBeTruthy();
  });

  it('sees the changes in the audit log and exports it as CSV', async () => {
    await navigate(page, 'audit');
    await page.locator('#audit-table').waitFor();
    await page.locator('#audit-table').getByText('设置等级').first().waitFor();
    await shot(page, 'console-audit-desktop');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#audit-export').click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff);
    expect(csv.split('\r\n')[0]).toContain('时间,操作人,角色,操作');
    expect(csv).toContain('门店活动升级');
  });
});

describe('the analyst on a phone', () => {
  it('reads the rules but cannot change them, and the server refuses a change', async () => {
    const page = await open('demo-analyst-openid', PHONE);
    await page.goto(`${cloud.url}/#/admin/rules/index`);
    await page.locator('#rules-readonly').waitFor({ timeout: 20_000 });
    expect(await page.locator('#rules-save').count()).toBe(0);
    await shot(page, 'console-rules-analyst-phone');
    const refused = await invoke('demo-analyst-openid', 'admin', 'adjustPoints', { memberNo, amount: 10, reason: '试试' }, 'journey-analyst-adjust');
    expect(refused).toMatchObject({ ok: false, code: 'FORBIDDEN' });

    await page.goto(`${cloud.url}/#/admin/members/index`);
    await typeInto(page, 'member-search-input', memberNo);
    await page.locator('#member-search-submit').click();
    // Personal data masked for the analyst.
    await waitForText(page, '#members-table', '小*');
    await shot(page, 'console-members-analyst-phone');
    await page.context().close();
  });
});

describe('the store manager on a phone', () => {
  it('sees only their store and their pages', async () => {
    const page = await open('demo-store-manager-openid', PHONE);
    await page.goto(`${cloud.url}/#/admin/index/index`);
    // Their report first: today at their store only, no brand-wide figures.
    await page.locator('#console-overview').filter({ visible: true }).waitFor({ timeout: 20_000 });
    await page.locator('#overview-stores').filter({ visible: true }).getByText('国贸店').waitFor();
    expect(await page.locator('#overview-stores').filter({ visible: true }).getByText('三里屯店').count()).toBe(0);
    expect(await page.locator('#overview-members').count()).toBe(0);
    await shot(page, 'console-overview-store-manager-phone');
    await navigate(page, 'stores');
    await page.locator('#admin-stores').filter({ visible: true }).waitFor();
    expect(await page.locator('#admin-stores .admin__store').filter({ visible: true }).count()).toBe(1);
    await page.locator('#admin-stores').filter({ visible: true }).getByText('国贸店').waitFor();
    expect(await page.getByText('三里屯店').count()).toBe(0);
    expect(await page.locator('#nav-members, #nav-rules, #nav-operators').count()).toBe(0);
    await shot(page, 'console-stores-store-manager-phone');
    await page.context().close();
  });
});
