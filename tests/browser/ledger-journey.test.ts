import type { Browser, Page } from 'playwright-core';
import type { LocalCloud } from '../../scripts/local-cloud';
import { DEMO_WELCOME_POINTS } from '../../scripts/seed/demo-engagement';
import { phonePage, screenshot as saveScreenshot } from '../support/browser';
import { settled, signIn, useBrowserStack } from '../support/pages';

// The ledger end to end in the H5 build: a new member tops up through the local pay page and
// shows the member code; a cashier on another phone scans it and records a purchase; the member
// then sees the points, the tier progress and the history. Screenshots go to .artifacts/.
//
// The demo brand's 入会礼 (scripts/seed/demo-engagement.ts) gives every new member
// DEMO_WELCOME_POINTS = 50 points (a grant: no growth; they expire at the end of next year under
// the demo points policy, and the clock does not move here, so none expires) and one 无门槛10元
// coupon. The cashier's quote picks that coupon by itself, so the ¥58.00 purchase is paid ¥48.00
// and earns on the ¥48.00 (a coupon never earns): +48 points, +48 growth. By hand:
//   after joining 50 · a top-up earns nothing: 50 · after the purchase 50 + 48 = 98
//   growth 48 of the 1,000 for 金卡会员: ¥952.00 to go · the refund takes the 48 back.
const WELCOME_COUPON_FEN = 1000;
const PAID = 5800 - WELCOME_COUPON_FEN; // 4800 fen, so 48 points and 48 growth

jest.setTimeout(180_000);

let cloud: LocalCloud;
let browser: Browser;

useBrowserStack((stack) => {
  ({ cloud, browser } = stack);
});

async function textOf(page: Page, selector: string): Promise<string> {
  return ((await page.locator(selector).first().textContent()) ?? '').replace(/\s+/g, ' ').trim();
}

async function waitForText(page: Page, selector: string, expected: string | RegExp, timeout = 20_000): Promise<void> {
  await page.waitForFunction(
    ([sel, source, flags]) => {
      const text = (document.querySelector(sel)?.textContent ?? '').replace(/\s+/g, ' ').trim();
      return new RegExp(source, flags).test(text);
    },
    [selector, typeof expected === 'string' ? expected.replace(/[.*+?^${}()|[\]\\]/g, '\\$&') : expected.source, typeof expected === 'string' ? '' : expected.flags] as const,
    { timeout },
  );
}

/**
 * Waits for the page to be still (Taro's H5 page slide and any toast finished), then saves the
 * whole page: the viewport grows to the current page's height for the shot, as a phone scrolls.
 */
async function screenshot(page: Page, name: string): Promise<void> {
  // Every displayed Taro page sits at x = 0 (a page still sliding in, or about to, does not).
  await page.waitForFunction(() => {
    const sliding = document.getAnimations().some((a) => a.constructor.name === 'CSSTransition' && a.playState === 'running');
    const shown = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => getComputedStyle(p).display !== 'none');
    // (The local pay page is not a Taro page at all.)
    const taro = document.querySelector('.taro_page') !== null;
    return !sliding && (!taro || shown.length > 0) && shown.every((p) => Math.abs(p.getBoundingClientRect().left) < 1);
  });
  await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLElement>('.taro__toast')).every((t) => getComputedStyle(t).display === 'none'));
  await page.waitForTimeout(100);
  const viewport = page.viewportSize();
  const height = await page.evaluate(() => {
    const shown = Array.from(document.querySelectorAll<HTMLElement>('.taro_page')).filter((p) => p.getBoundingClientRect().left === 0 && getComputedStyle(p).display !== 'none');
    return Math.max(document.documentElement.scrollHeight, ...shown.map((p) => p.scrollHeight + p.getBoundingClientRect().top));
  });
  if (viewport && height > viewport.height) await page.setViewportSize({ width: viewport.width, height: Math.min(height + 60, 4000) });
  await saveScreenshot(page, name);
  if (viewport && height > viewport.height) await page.setViewportSize(viewport);
}

/** Types into a Taro Input (a custom element around a native input). */
async function typeInto(page: Page, id: string, text: string): Promise<void> {
  const input = page.locator(`#${id} input, input#${id}`).first();
  await input.click();
  await input.fill(text);
}

describe('the member ledger, member and cashier together', () => {
  let member: Page;
  let staff: Page;
  let token = '';

  it('a new member tops up ¥100 through the local pay page and sees ¥110.00', async () => {
    member = await phonePage(browser);
    await signIn(member, 'new-visitor');
    // The demo brand's 入会礼: every new member starts with its points (and its coupon).
    await waitForText(member, '#member-points', new RegExp(`^${DEMO_WELCOME_POINTS}$`));

    await member.locator('#shortcut-wallet').click();
    await waitForText(member, '#wallet-balance', '¥0.00');
    await member.locator('#topup-p100').waitFor();
    await member.locator('#wallet-lots-empty').waitFor();
    await screenshot(member, 'wallet-topup');

    // The first top-up asks for the 储值协议 first; the member reads the sheet and accepts.
    await member.locator('#topup-p100').click();
    await member.locator('#agreement-gate').waitFor();
    expect(await textOf(member, '#agreement-gate')).toContain('储值前请阅读《储值协议》');
    await screenshot(member, 'wallet-agreement-gate');
    await member.locator('#agreement-accept').click();
    await member.waitForURL(/\/__local\/pay\?/, { timeout: 20_000 });
    await member.getByText('¥100.00').waitFor();
    await screenshot(member, 'local-pay-page');
    await member.getByRole('button', { name: '确认支付' }).click();

    await member.waitForURL(/#\/pages\/wallet\/index/, { timeout: 20_000 });
    await waitForText(member, '#wallet-balance', '¥110.00');
    expect(await textOf(member, '#wallet-principal')).toBe('本金 ¥100.00');
    expect(await textOf(member, '#wallet-bonus')).toBe('赠送 ¥10.00');
    await member.locator('#wallet-confirming').waitFor({ state: 'detached' });
    await member.getByText('储值成功').waitFor();
    // The top-up is listed with its refund, which would return the principal and take back the bonus.
    await member.locator('[id^="refund-T"]').waitFor();
    await screenshot(member, 'wallet-after-topup');

    await member.locator('#wallet-tab-history').click();
    // One row for the one top-up, its split beneath.
    await member.locator('#wallet-history .ledger-row').first().waitFor();
    const rows = await member.locator('#wallet-history .ledger-row').allTextContents();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toContain('+¥110.00');
    expect(rows[0]).toContain('本金 +¥100.00 · 赠送 +¥10.00');
    expect(rows[0]).toContain('余额 ¥110.00');
    await screenshot(member, 'wallet-history');
  });

  it('the member code shows a QR code and the token', async () => {
    await member.goto(`${cloud.url}/#/pages/code/index`);
    await member.locator('#member-code-qr img').waitFor();
    await member.waitForFunction(() => (document.querySelector('#member-code-token')?.textContent ?? '').trim().startsWith('M1.'));
    token = (await textOf(member, '#member-code-token')).trim();
    expect(token).toMatch(/^M1\./);
    await waitForText(member, '#member-code-countdown', /\d+ 秒后自动刷新/);
    const size = await member.locator('#member-code-qr').boundingBox();
    expect(size!.width).toBeGreaterThan(250);
    await screenshot(member, 'member-code');
  });

  it('a cashier scans the code and records ¥58.00 with the 入会礼 coupon: ¥48.00 paid, +48 积分', async () => {
    staff = await phonePage(browser);
    await signIn(staff, 'demo-staff-openid');
    await staff.goto(`${cloud.url}/#/pages/mine/index`);
    await staff.locator('#mine-staff').click();
    await staff.locator('#staff-identity').waitFor({ timeout: 20_000 });
    expect(await textOf(staff, '#staff-identity')).toContain('国贸店');
    await staff.locator('#staff-scan').click();

    await typeInto(staff, 'staff-code-input', token);
    await staff.locator('#staff-code-submit').click();
    await staff.locator('#staff-member').waitFor();
    expect(await textOf(staff, '#staff-member')).toContain('¥110.00');
    await typeInto(staff, 'staff-amount', '58.00');
    // The new member's one coupon, the 入会礼 无门槛10元, offered and picked by the quote.
    await waitForText(staff, '#staff-confirm', `确认收款 ¥${(PAID / 100).toFixed(2)}`);
    expect(await staff.locator('#quote-coupons .quote-coupon[data-usable="true"]').count()).toBe(1);
    expect(await textOf(staff, '#quote-coupons .quote-coupon[data-selected="true"]')).toContain('入会礼');
    await waitForText(staff, '#quote-earn', `本单可得 +${PAID / 100} 积分 · 成长值 +${PAID / 100}`);
    await screenshot(staff, 'staff-member-check');
    await staff.locator('#staff-confirm').click();

    await staff.locator('#staff-result').waitFor({ timeout: 20_000 });
    expect(await textOf(staff, '#staff-result-points')).toBe(`+${PAID / 100} 积分`);
    expect(await textOf(staff, '#staff-result')).toContain('¥58.00');
    expect(await textOf(staff, '#result-used')).toContain('已用券 入会礼 无门槛10元券');
    await screenshot(staff, 'staff-scan-success');

    const purchases = cloud.db.dump('purchases').filter((p: { amountFen: number }) => p.amountFen === 5800);
    expect(purchases).toHaveLength(1);
  });

  it('a garbage code fails with a big ✕ and the reason in Chinese', async () => {
    await staff.locator('#staff-next').click();
    await typeInto(staff, 'staff-code-input', 'M1.not-a-real.code.AAAAAAAAAAAAAAAAAAAAAA');
    await staff.locator('#staff-code-submit').click();
    await staff.locator('#staff-error').waitFor();
    expect(await textOf(staff, '#staff-error')).toContain('会员码无效');
    await screenshot(staff, 'staff-scan-failure');
  });

  it('the member sees the welcome points plus 48, the tier progress moved, and the earn entry', async () => {
    await member.goto(`${cloud.url}/#/pages/index/index`);
    // 50 welcome points (none expired) + 48 earned = 98.
    await waitForText(member, '#member-points', new RegExp(`^${DEMO_WELCOME_POINTS + PAID / 100}$`));
    // Growth comes from what was paid only (a gift adds none, a coupon earns none):
    // 1,000 growth for 金卡会员, 48 earned: ¥952.00 to go.
    await waitForText(member, '#member-tier-progress', '再消费 ¥952.00 升级金卡会员');
    expect(await member.locator('#member-tier-progress').getAttribute('data-growth')).toBe('48');
    await screenshot(member, 'home-after-purchase');

    await member.locator('#shortcut-points').click();
    const earn = member.locator('#points-history .ledger-row[data-kind="earn"]');
    await earn.first().waitFor();
    expect(await earn.first().textContent()).toContain('+48');
    expect(await earn.first().textContent()).toContain('门店消费积分');
    expect(await earn.first().textContent()).toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await screenshot(member, 'points-history');

    await member.locator('#points-filter-expire').click();
    await member.locator('#points-empty').waitFor();
  });

  it('the tier page shows progress and every tier\'s benefits', async () => {
    await member.goto(`${cloud.url}/#/pages/tier/index`);
    await waitForText(member, '#tier-next', '再消费 ¥952.00 升级金卡会员');
    expect(await textOf(member, '#tier-gold')).toContain('×1.25');
    expect(await textOf(member, '#tier-gold')).toContain('9.5折');
    await screenshot(member, 'tier-page');
  });

  it('the gold member\'s tier page', async () => {
    const gold = await phonePage(browser);
    await signIn(gold, 'demo-member-openid');
    await gold.goto(`${cloud.url}/#/pages/tier/index`);
    await gold.waitForFunction(() => document.querySelector('#tier-current')?.getAttribute('data-tier') === 'gold');
    await screenshot(gold, 'tier-page-gold');
    await gold.context().close();
  });

  it('the demo gold member\'s home looks lived in', async () => {
    const gold = await phonePage(browser);
    await signIn(gold, 'demo-member-openid');
    await gold.waitForFunction(() => document.querySelector('#member-tier')?.getAttribute('data-tier') === 'gold');
    await gold.locator('#points-expiry').waitFor();
    expect(await textOf(gold, '#points-expiry')).toMatch(/积分将于 \d{4}-\d{2}-\d{2} 过期/);
    await screenshot(gold, 'home-gold-member');
  });

  it('the member asks for the top-up back: the dialog says exactly what will happen', async () => {
    await member.goto(`${cloud.url}/#/pages/wallet/index`);
    await waitForText(member, '#wallet-balance', '¥110.00');
    await member.locator('[id^="refund-T"]').click();
    const modal = member.locator('.taro__modal');
    await modal.locator('.taro-modal__text').waitFor();
    expect(await modal.locator('.taro-modal__text').textContent()).toContain('将退回 ¥100.00 本金，同时收回剩余赠送金 ¥10.00');
    await screenshot(member, 'wallet-refund-confirm');
    await modal.locator('.taro-model__confirm').click();
    await member.getByText('退款已提交').waitFor();
    await modal.locator('.taro-model__confirm').click();
    await waitForText(member, '#wallet-balance', '¥0.00');
    await member.getByText('已退款').first().waitFor();
  });

  it('a second top-up goes straight to payment: the accepted 储值协议 is not asked again', async () => {
    await member.goto(`${cloud.url}/#/pages/index/index`);
    await member.locator('#shortcut-wallet').filter({ visible: true }).click();
    // The wallet page visited before is still in the document: wait until the new one alone is shown.
    await settled(member, '/pages/wallet/index');
    await waitForText(member, '#wallet-balance', '¥0.00');
    await member.locator('#topup-p100').filter({ visible: true }).click();
    // Had the sheet opened, the page would wait for 同意并充值 and never reach the pay page.
    await member.waitForURL(/\/__local\/pay\?/, { timeout: 20_000 });
    await member.getByRole('button', { name: '确认支付' }).click();
    await member.waitForURL(/#\/pages\/wallet\/index/, { timeout: 20_000 });
    await waitForText(member, '#wallet-balance', '¥110.00');
    expect(await member.locator('#agreement-gate').count()).toBe(0);
    // Two 储值协议 acceptances on record: the demo member's (seeded) and this member's first top-up.
    const acceptances = (cloud.db.dump('consents') as { kind: string; document?: string }[]).filter((c) => c.kind === 'policy' && c.document === 'stored_value');
    expect(acceptances).toHaveLength(2);
  });

  it('the cashier refunds the purchase from today\'s log', async () => {
    await staff.goto(`${cloud.url}/#/staff/home/index`);
    const row = staff.locator('#staff-log [id^="purchase-"]').first();
    await row.waitFor();
    expect(await row.textContent()).toContain('¥58.00');
    await screenshot(staff, 'staff-home');
    await row.locator('[id^="refund-"]').click();
    const modal = staff.locator('.taro__modal');
    await modal.locator('.taro-modal__text').waitFor();
    expect(await modal.locator('.taro-modal__text').textContent()).toContain('扣回本单 48 积分');
    await modal.locator('.taro-model__confirm').click();
    await staff.getByText('扣回 48 积分').waitFor();
    await modal.locator('.taro-model__confirm').click();
    await row.getByText('已退款').waitFor();
  });
});

describe('stores and cashiers', () => {
  let bindingCode = '';

  it('an operator makes a one-time binding code for a new cashier', async () => {
    const operator = await phonePage(browser);
    await signIn(operator, 'demo-operator-openid');
    await operator.goto(`${cloud.url}/#/admin/stores/index`);
    await operator.locator('#store-store-guomao').waitFor();
    await typeInto(operator, 'staff-name-store-guomao', '李雷');
    await operator.locator('#make-code-store-guomao').click();
    const shown = operator.locator('#binding-code-store-guomao');
    await shown.waitFor();
    bindingCode = ((await shown.locator('.admin__code-value').textContent()) ?? '').trim();
    expect(bindingCode).toMatch(/^[2-9A-HJ-NP-Z]{8}$/);
    expect(await shown.textContent()).toMatch(/有效期至 \d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    await screenshot(operator, 'admin-stores');
    await operator.context().close();
  });

  it('a stranger is told 尚未绑定门店, binds with the code and lands on the cashier\'s home', async () => {
    const stranger = await phonePage(browser);
    await signIn(stranger, 'new-visitor');
    await stranger.goto(`${cloud.url}/#/pages/mine/index`);
    await stranger.locator('#mine-profile').getByText('会员号').waitFor();
    await screenshot(stranger, 'mine');

    // No work entries for a member without a role, only the quiet way to bind as staff.
    await stranger.locator('#mine-staff-bind').waitFor();
    expect(await stranger.locator('#mine-staff, #mine-admin').count()).toBe(0);
    // The pages themselves still refuse whoever opens them by address.
    await stranger.goto(`${cloud.url}/#/admin/stores/index`);
    await stranger.locator('#console-forbidden').getByText('没有运营权限').waitFor();
    await stranger.goto(`${cloud.url}/#/staff/home/index`);
    await stranger.locator('#staff-not-bound').getByText('尚未绑定门店').waitFor();
    await screenshot(stranger, 'staff-not-bound');

    await stranger.goto(`${cloud.url}/#/pages/mine/index`);
    await stranger.locator('#mine-staff-bind').click();
    await typeInto(stranger, 'staff-bind-input', bindingCode.toLowerCase());
    await stranger.locator('#staff-bind-submit').click();
    await stranger.locator('#staff-bind-result').getByText('国贸店').waitFor();
    await stranger.locator('#staff-bind-result').getByText('李雷').waitFor();
    await stranger.getByText('进入店员工作台').click();
    await waitForText(stranger, '#staff-identity', '店员 李雷');
    await stranger.context().close();
  });
});
