import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalCloud } from '../../scripts/local-cloud';
import { DEMO_PACK_TEMPLATES } from '../../scripts/seed/demo-membership';
import { phonePage, screenshot } from '../support/browser';
import { click, confirmModal, open, openByClick, shot, shown, signIn, textOf, typeInto, useBrowserStack, waitForText } from '../support/pages';
import { cashierScanning, cronTick, memberCodeOn, quoteLines } from '../support/journeys';
import { setClock } from '../support/world';

// Issue 12 end to end in the H5 build: a new visitor buys the demo 月卡 (first time ¥9.90)
// through the local pay page and comes back to 开通中; the monthly pack (two coupons) arrives in
// 券包 when cron runs; the cashier's checkout quote carries the 付费会员价 line and offers the pack
// coupons; the member checks in on two days (the server's clock moved one day), streak 2; sets a
// birthday once on 个人资料, and a second attempt (from another phone that still offered the
// picker) is refused with BIRTHDAY_ALREADY_SET's message. The owner's 付费会员卡 and 消息发送 pages
// at desktop and phone width. Screenshots: membership-*.

jest.setTimeout(300_000);

const OPERATOR = 'demo-operator-openid';
const DAY_MS = 86_400_000;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let cloud: LocalCloud;
let browser: Browser;
/** Plan ids by name (月卡, 季卡, 年卡), as the seed made them. */
const plans: Record<string, string> = {};

useBrowserStack((stack) => {
  ({ cloud, browser } = stack);
  for (const p of cloud.db.dump('paid_plans') as { _id: string; name: string }[]) plans[p.name] = p._id;
});

afterAll(() => setClock(null));

// ---- helpers (the page helpers are in ../support/pages) ----

interface MemberRow {
  _id: string;
  openid: string;
  memberNo: string;
  birthday?: string | null;
}

const dump = (name: string): any[] => cloud.db.dump(name) as any[];
const pointsOf = (memberId: string): number => dump('accounts').find((a) => a._id === `${memberId}:points`).balance;
const visitors = () => (dump('members') as MemberRow[]).filter((m) => m.openid.startsWith('visitor-'));

async function invoke(openid: string, fn: string, action: string, data: unknown, requestId?: string): Promise<any> {
  return cloud.host.invoke(fn, { action, data, requestId }, { openid });
}

/** A browser context signed in as `openid` without the dev login page (another phone of the same member). */
async function samePersonElsewhere(openid: string): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2, locale: 'zh-CN' });
  await context.addInitScript((id) => window.localStorage.setItem('local-openid', id), openid);
  return { context, page: await context.newPage() };
}

/** The console page's own tab is in view (on a phone the tabs are one scrolling row). */
async function tabInView(page: Page, key: string, width: number): Promise<void> {
  await page.waitForFunction(
    ([k, w]) => Array.from(document.querySelectorAll(`#console-${k} #nav-${k}`)).some((el) => {
      const r = el.getBoundingClientRect();
      return r.width > 0 && r.left >= 0 && r.right <= w;
    }),
    [key, width] as const,
    { timeout: 5000 },
  );
}

/** Today in the brand's zone (Asia/Shanghai), as the server dates check-ins, with the server's offset. */
function brandDay(offsetMs: number): string {
  return new Date(Date.now() + offsetMs + 8 * 3_600_000).toISOString().slice(0, 10);
}

// ---- the journey ----

describe('paid membership, the cashier\'s member price, check-in on two days and a birthday set once', () => {
  let member: Page;
  let visitor: MemberRow;
  const monthly = () => plans['月卡'];

  it('the demo has its three plans', () => {
    for (const name of ['月卡', '季卡', '年卡']) expect(plans[name]).toBeTruthy();
  });

  it('a new visitor opens 付费会员 from 首页: not a member yet, 月卡 first time at ¥9.90', async () => {
    member = await phonePage(browser);
    await signIn(member, 'new-visitor');
    expect(visitors()).toHaveLength(1);
    visitor = visitors()[0];

    // 首页's shortcuts, four to a row, each label on one line.
    const labels = await member.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.home__shortcut-label'))
        .filter((el) => el.getClientRects().length > 0)
        .map((el) => ({ text: el.textContent, height: el.getBoundingClientRect().height, fontSize: parseFloat(getComputedStyle(el).fontSize) })),
    );
    expect(labels.length).toBeGreaterThanOrEqual(7);
    for (const label of labels) expect(label.height).toBeLessThan(label.fontSize * 2);
    await shot(member, 'membership-home');
    await openByClick(member, '#shortcut-membership', '/member/membership/index');
    await waitForText(member, '#membership-status-label', '未开通');
    await waitForText(member, `#plan-price-${monthly()}`, '¥9.90');
    await waitForText(member, `#plan-trial-${monthly()}`, /首次开通价，原价 ¥19\.90/);
    await waitForText(member, `#plan-buy-${monthly()}`, '首次开通 ¥9.90');
    await shot(member, 'membership-before');
  });

  it('开通 goes through the local pay page and back: 开通中, the opening gift and the period', async () => {
    const pointsBefore = pointsOf(visitor._id);
    await click(member, `#plan-buy-${monthly()}`);
    await member.waitForURL(/\/__local\/pay\?/, { timeout: 30_000 });
    await member.getByText('¥9.90').first().waitFor();
    await screenshot(member, 'membership-pay-page');
    await member.getByRole('button', { name: '确认支付' }).click();
    await member.waitForURL(/#\/member\/membership\/index/, { timeout: 30_000 });
    await waitForText(member, '#membership-status-label', '开通中');
    await waitForText(member, '#membership-plan-name', '月卡');
    await waitForText(member, '#membership-expiry', /^有效期至 \d{4}-\d{2}-\d{2} · 剩余 \d+ 天$/);
    await shown(member, '#membership-periods');
    expect(await textOf(member, '#membership-periods')).toContain('实付 ¥9.90');

    const memberships = dump('paid_memberships').filter((m) => m._id === visitor._id);
    expect(memberships).toHaveLength(1);
    const orders = dump('payment_orders').filter((o) => o.memberId === visitor._id && o.purpose === 'plan');
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({ totalFee: 990, status: 'paid' });
    // The opening gift: 200 points, in the same transaction as the period.
    expect(pointsOf(visitor._id) - pointsBefore).toBe(200);
    await shot(member, 'membership-active');
  });

  it('the monthly pack arrives in 券包 once cron has run (and a second run adds nothing)', async () => {
    await cronTick(cloud);
    await cronTick(cloud);
    const names = Object.values(DEMO_PACK_TEMPLATES).map((t) => t.name);
    const templates = dump('coupon_templates').filter((t) => names.includes(t.name));
    const packs = dump('coupons').filter((c) => c.memberId === visitor._id && c.source === 'plan_pack');
    expect(packs.map((c) => templates.find((t) => t._id === c.templateId)?.name).sort()).toEqual([...names].sort());
    // Besides them, only what the brand gives every new member (its welcome coupons).
    const others = dump('coupons').filter((c) => c.memberId === visitor._id && c.source !== 'plan_pack');
    expect(others.every((c) => c.source === 'welcome')).toBe(true);

    await open(member, 'pages/coupons/index');
    await member.locator('#coupon-list[data-status="available"] .coupon-card').filter({ visible: true }).first().waitFor({ timeout: 30_000 });
    const cards = member.locator('#coupon-list .coupon-card').filter({ visible: true });
    expect(await cards.count()).toBe(2 + others.length);
    const text = (await cards.allTextContents()).join(' ');
    for (const name of names) expect(text).toContain(name);
    await shot(member, 'membership-pack-coupons');

    // The membership page counts what this period gave.
    await open(member, 'member/membership/index');
    await shown(member, '#membership-received');
    expect(await textOf(member, '#membership-received')).toMatch(/券/);
    await shot(member, 'membership-received');
  });

  it('the cashier\'s quote shows the 付费会员价 line and offers the pack coupons', async () => {
    const memberCode = await memberCodeOn(member);
    const staff = await cashierScanning(browser, memberCode);
    await typeInto(staff, 'staff-amount', '100.00');
    // 绿卡 has no tier discount; 月卡 9.5折: 10000 − 10000 × 95 / 100 = 500, ¥95.00 left. The best
    // coupon on it is preselected: the brand's 入会礼 无门槛10元 (1000) when the demo gives one,
    // else the pack's 满30减8 (800, beating 无门槛3元's 300).
    const welcome = dump('coupons').some((c) => c.memberId === visitor._id && c.source === 'welcome' && c.rules?.benefit?.kind === 'no_threshold' && c.rules.benefit.amountFen === 1000);
    const couponFen = welcome ? 1000 : 800;
    const remainder = 9500 - couponFen;
    const yuan = (fen: number) => `¥${(fen / 100).toFixed(2)}`;
    await waitForText(staff, '#staff-confirm', `确认收款 ${yuan(remainder)}`);
    const lines = await quoteLines(staff, '#quote-lines');
    expect(lines).toEqual([
      { kind: 'list', label: '原价', fen: 10_000, amount: '¥100.00' },
      { kind: 'paid_member_price', label: '付费会员价（月卡 9.5折）', fen: 500, amount: '-¥5.00' },
      { kind: 'coupon', label: expect.stringContaining(welcome ? '10' : '满30减8'), fen: couponFen, amount: `-${yuan(couponFen)}` },
      { kind: 'remainder', label: '还需支付', fen: remainder, amount: yuan(remainder) },
    ]);
    // The pack's coupons are on offer at the till.
    const chips = (await staff.locator('#quote-coupons').filter({ visible: true }).first().textContent()) ?? '';
    expect(chips).toContain('满30减8');
    expect(chips).toContain('甜点无门槛3元');
    await shot(staff, 'membership-checkout-quote');
    await staff.context().close();
  });

  it('checks in today from 首页 (streak 1), and again the next day (streak 2)', async () => {
    const day1 = brandDay(0);
    await open(member, 'pages/index/index');
    await openByClick(member, '#shortcut-checkin', '/member/checkin/index');
    await waitForText(member, '#checkin-button', '签到');
    await click(member, '#checkin-button');
    await waitForText(member, '#checkin-button', '今日已签到');
    await waitForText(member, '#checkin-streak', '已连续签到 1 天');
    expect(await member.locator(`#checkin-day-${day1}`).filter({ visible: true }).getAttribute('class')).toContain('checkin__day--checked');
    await shot(member, 'membership-checkin-day1');

    // The next day (the server's clock; the page takes "today" from the server).
    setClock(new Date(Date.now() + DAY_MS).toISOString());
    const day2 = brandDay(DAY_MS);
    await open(member, 'pages/index/index');
    await open(member, 'member/checkin/index');
    await waitForText(member, '#checkin-button', '签到');
    await click(member, '#checkin-button');
    await waitForText(member, '#checkin-button', '今日已签到');
    await waitForText(member, '#checkin-streak', '已连续签到 2 天');
    expect(await member.locator(`#checkin-day-${day2}`).filter({ visible: true }).getAttribute('class')).toContain('checkin__day--checked');
    // Both days on this month's calendar (unless the second one opened a new month).
    if (day1.slice(0, 7) === day2.slice(0, 7)) expect(await member.locator(`#checkin-day-${day1}`).filter({ visible: true }).getAttribute('class')).toContain('checkin__day--checked');
    await shot(member, 'membership-checkin-calendar');

    const days = dump('checkins').filter((c) => c.memberId === visitor._id).map((c) => c.day).sort();
    expect(days).toEqual([day1, day2]);
  });

  it('sets a birthday once on 个人资料; a second attempt is refused with the server\'s message', async () => {
    // Another phone of the same member opens 个人资料 while the birthday is still open to set.
    const other = await samePersonElsewhere(visitor.openid);
    await other.page.goto(`${cloud.url}/#/member/profile/index`);
    await shown(other.page, '#profile-birthday');
    expect(await other.page.locator('#profile-birthday-locked').filter({ visible: true }).count()).toBe(0);

    await open(member, 'member/profile/index');
    await click(member, '#profile-birthday');
    await shown(member, '.weui-picker');
    await member.locator('.weui-picker__action').filter({ visible: true }).last().click();
    // A new visitor: the privacy popup comes before the first personal data.
    await shown(member, '#privacy-popup');
    await click(member, '#privacy-agree');
    await confirmModal(member, /^生日设为 1995-01-01（1月1日）？设置后不能自行修改/);
    await shown(member, '#profile-birthday-locked');
    await waitForText(member, '#profile-birthday-value', '1995-01-01');
    expect((dump('members') as MemberRow[]).find((m) => m._id === visitor._id)!.birthday).toBe('1995-01-01');
    await shot(member, 'membership-birthday-set');

    // The other phone still offers the picker: it picks the next day and is refused.
    await click(other.page, '#profile-birthday');
    await shown(other.page, '.weui-picker');
    const dayColumn = other.page.locator('.weui-picker__group').filter({ visible: true }).nth(2).locator('.weui-picker__indicator');
    const box = await dayColumn.boundingBox();
    if (box) {
      await other.page.waitForTimeout(400); // the sheet slides up first
      const settledBox = (await dayColumn.boundingBox())!;
      await other.page.mouse.click(settledBox.x + settledBox.width / 2, settledBox.y + settledBox.height * 1.5);
      await other.page.waitForTimeout(300);
    }
    await other.page.locator('.weui-picker__action').filter({ visible: true }).last().click();
    await confirmModal(other.page, /^生日设为 1995-01-0\d（1月\d日）？/);
    await other.page.getByText('生日设置后不能自行修改，如需更正请联系门店').filter({ visible: true }).first().waitFor({ timeout: 20_000 });
    await screenshot(other.page, 'membership-birthday-refused'); // with the toast
    // Nothing changed, and the refused phone now shows the birthday on record, locked.
    expect((dump('members') as MemberRow[]).find((m) => m._id === visitor._id)!.birthday).toBe('1995-01-01');
    await waitForText(other.page, '#profile-birthday-value', '1995-01-01');
    await shown(other.page, '#profile-birthday-locked');

    // The server refuses any later set, whatever the date.
    const again = await invoke(visitor.openid, 'member', 'setBirthday', { birthday: '1996-06-06' }, 'membership-journey-birthday-again');
    expect(again.ok).toBe(false);
    expect(again.error?.code ?? again.code).toBe('BIRTHDAY_ALREADY_SET');
    await other.context.close();
  });

  describe('the owner\'s 付费会员卡 and 消息发送 pages', () => {
    beforeAll(async () => {
      // What a WeChat subscribe sheet would have recorded (H5 has no such sheet).
      const consent = await invoke(visitor.openid, 'member', 'recordSubscribeConsent', { results: { 'local-template-membership-expiry': 'accept', 'local-template-monthly-pack': 'accept' } }, 'membership-journey-consent');
      expect(consent.ok).toBe(true);
    });

    for (const [label, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`reads the plans and the message figures on a ${label}`, async () => {
        const context = await browser.newContext({ viewport, deviceScaleFactor: viewport.width < 600 ? 2 : 1, locale: 'zh-CN' });
        // The browser's clock where the server's is (moved a day): the pages' default ranges end "today".
        await context.clock.install({ time: new Date(Date.now() + DAY_MS) });
        const operator = await context.newPage();
        await signIn(operator, OPERATOR);

        await open(operator, 'admin/paid-plans/index');
        await shown(operator, '#plans-table');
        for (const name of ['月卡', '季卡', '年卡']) await shown(operator, `#plans-table #row-plan-${plans[name]}`);
        expect(await textOf(operator, `#plans-table #row-plan-${plans['月卡']}`)).toContain('月卡');
        expect(await operator.locator('#plans-error').filter({ visible: true }).count()).toBe(0);
        await tabInView(operator, 'paid-plans', viewport.width);
        await shot(operator, `membership-console-plans-${label}`);

        await open(operator, 'admin/messages/index');
        await shown(operator, '#messages-table');
        await waitForText(operator, '#messages-totals', /新增授权 [1-9]\d* 次/);
        expect(await operator.locator('#messages-error').filter({ visible: true }).count()).toBe(0);
        await tabInView(operator, 'messages', viewport.width);
        await shot(operator, `membership-console-messages-${label}`);
        await context.close();
      });
    }
  });
});
