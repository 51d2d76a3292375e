import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { LocalCloud } from '../../scripts/local-cloud';
import { DEMO_STORE_ID } from '../../scripts/seed/demo-brand';
import { DEMO_REFERRAL_CAMPAIGNS } from '../../scripts/seed/demo-referral';
import { phonePage } from '../support/browser';
import { click, open, openByClick, shot, shown, signIn, textOf, typeInto, useBrowserStack, waitForText } from '../support/pages';
import { STAFF, cashierScanning, cronTick, memberCodeOn } from '../support/journeys';
import { encodes, pngOfDataUrl, readModules } from '../support/qr-read';
import { setClock } from '../support/world';

// Issue 11 end to end in the H5 build. The demo member 小鹿 (A) opens 邀请有礼, makes the poster
// (its QR code holds A's H5 invite link) and shares the link; a new visitor (B, a fresh browser)
// opens it, registers, is greeted and gets the welcome reward; the cashier records B's first
// purchase over the campaign's ¥30 on the staff checkout; the hold passes (the server's clock
// moved 8 days) and the cron tick's approval job pays A, whose 我的邀请 says 已到账; the
// cashier's 导购码 opened by another new visitor (C) binds C to that cashier. The owner reads the
// five referral console pages at desktop and phone width. Screenshots: referral-*.

jest.setTimeout(360_000);

const MEMBER_A = 'demo-member-openid';
const OPERATOR = 'demo-operator-openid';
const CAMPAIGN = DEMO_REFERRAL_CAMPAIGNS.all;
const DAY_MS = 86_400_000;
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };

let cloud: LocalCloud;
let browser: Browser;
/** How far the server's clock has been moved (ms); browser contexts opened later follow it. */
let clockOffset = 0;

useBrowserStack((stack) => {
  ({ cloud, browser } = stack);
});

afterAll(() => setClock(null));

// ---- helpers (the page helpers are in ../support/pages) ----

interface MemberRow {
  _id: string;
  openid: string;
  memberNo: string;
  nickname?: string;
  referral?: { inviterId: string; campaignId: string; code: string; qualifiedAt?: Date | null; ended?: boolean } | null;
  guide?: { staffOpenid: string | null; storeId: string; code: string; boundAt: Date; until: Date | null; protectedUntil: Date } | null;
}

const dump = (name: string): any[] => cloud.db.dump(name) as any[];
const memberByOpenid = (openid: string) => (dump('members') as MemberRow[]).find((m) => m.openid === openid)!;
const pointsOf = (memberId: string): number => dump('accounts').find((a) => a._id === `${memberId}:points`).balance;
const pts = (points: number) => points.toLocaleString('en-US');

async function invoke(openid: string, fn: string, action: string, data: unknown = {}, requestId?: string): Promise<any> {
  return cloud.host.invoke(fn, { action, data, requestId }, { openid });
}

/** Moves the server's clock forward (all functions read it through serverNow). */
function moveClock(ms: number): void {
  clockOffset += ms;
  setClock(new Date(Date.now() + clockOffset).toISOString());
}

/** A new browser (nothing stored: a person who never opened the app here), its clock where the server's is. */
async function freshContext(viewport = PHONE): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport, deviceScaleFactor: viewport.width < 600 ? 2 : 1, locale: 'zh-CN' });
  if (clockOffset) await context.clock.install({ time: new Date(Date.now() + clockOffset) });
  return context;
}

/** The src of the shown image inside `selector` (a Taro Image wraps an <img>). */
async function imageSrc(page: Page, selector: string): Promise<string> {
  const src = await page.evaluate((sel) => {
    const img = Array.from(document.querySelectorAll<HTMLImageElement>(`${sel} img, img${sel}`)).find((el) => el.getClientRects().length > 0 && el.complete && el.naturalWidth > 0);
    return img?.src ?? null;
  }, selector);
  if (!src) throw new Error(`no loaded image in ${selector}`);
  return src;
}

/** A new visitor opens `link` in a fresh browser, is sent to the local login, and registers. */
async function newVisitorOpens(link: string): Promise<{ page: Page; member: MemberRow }> {
  const before = new Set((dump('members') as MemberRow[]).map((m) => m._id));
  const context = await freshContext();
  const page = await context.newPage();
  await page.goto(link);
  // Nobody signed in on this browser: the local login page first (the code is kept meanwhile).
  await page.locator('#login-new-visitor').filter({ visible: true }).waitFor({ timeout: 30_000 });
  await page.locator('#login-new-visitor').click();
  await page.locator('#member-points').filter({ visible: true }).waitFor({ timeout: 30_000 });
  const added = (dump('members') as MemberRow[]).filter((m) => !before.has(m._id));
  expect(added).toHaveLength(1);
  return { page, member: added[0] };
}

// ---- the journey ----

describe('a referral from the invite poster to the inviter\'s reward, and a cashier\'s channel code', () => {
  let memberA: Page;
  let a: MemberRow;
  let inviteLink = '';
  let inviteCode = '';
  let b: MemberRow;
  let visitorB: Page;
  let purchaseId = '';
  let aPointsBefore = 0;

  it('A opens 邀请有礼 from 首页: the campaign, the rules and an H5 link carrying inv=', async () => {
    a = memberByOpenid(MEMBER_A);
    memberA = await phonePage(browser);
    await signIn(memberA, MEMBER_A);
    await openByClick(memberA, '#shortcut-invite', '/member/invite/index');
    await shown(memberA, '#invite-page');
    expect(await textOf(memberA, '#invite-hero')).toContain(CAMPAIGN.posterTitle);
    expect(await textOf(memberA, '#invite-rules')).toMatch(/100/);
    await waitForText(memberA, '#invite-link', /\/#\/pages\/index\/index\?inv=i[0-9A-Za-z]{11}$/);
    inviteLink = await textOf(memberA, '#invite-link');
    inviteCode = /inv=(i[0-9A-Za-z]{11})$/.exec(inviteLink)![1];
    expect(inviteLink.startsWith(cloud.url)).toBe(true);
    // The code is A's under the active 'all' campaign (asking again gives the same code).
    const code = dump('invite_codes').find((c) => c._id === inviteCode);
    expect(code).toMatchObject({ source: 'member', sourceId: a._id });
    expect(dump('referral_campaigns').find((c) => c._id === code.campaignId)?.name ?? CAMPAIGN.name).toBe(CAMPAIGN.name);
    await waitForText(memberA, '#invite-count-registered .invite__cell-value', '0');
    await shot(memberA, 'referral-invite-page');
  });

  it('生成海报 draws the poster; its QR code holds exactly A\'s invite link', async () => {
    await click(memberA, '#invite-make-poster');
    await shown(memberA, '#invite-poster-sheet');
    const src = await imageSrc(memberA, '#invite-poster-image');
    const png = pngOfDataUrl(src);
    // The poster is 600 × 960 units drawn at 2×; its code is the 260-unit square 100 units above
    // the bottom edge's 40-unit margin, centred (poster-draw.ts).
    const scale = 2;
    const modules = readModules(png, { x: 170 * scale, y: (960 - 100 - 260) * scale, width: 260 * scale, height: 260 * scale });
    expect(encodes(modules, inviteLink)).toBe(true);
    expect(encodes(modules, `${inviteLink}x`)).toBe(false);
    // The whole poster is on screen, at its own proportions (code included), not a 240 px slice of it.
    const box = await memberA.evaluate(() => {
      const wrapper = Array.from(document.querySelectorAll<HTMLElement>('#invite-poster-image')).find((el) => el.getClientRects().length > 0)!;
      const img = wrapper.querySelector('img')!;
      const outer = wrapper.getBoundingClientRect();
      return { width: outer.width, height: outer.height, imgHeight: img.getBoundingClientRect().height, ratio: img.naturalHeight / img.naturalWidth, bottom: outer.bottom, screen: window.innerHeight };
    });
    expect(box.ratio).toBeCloseTo(960 / 600, 2);
    expect(Math.abs(box.height - box.width * box.ratio)).toBeLessThan(2);
    expect(Math.abs(box.imgHeight - box.height)).toBeLessThan(2);
    expect(box.bottom).toBeLessThanOrEqual(box.screen);
    await shot(memberA, 'referral-invite-poster');
    await click(memberA, '#invite-poster-close');
    expect(await memberA.locator('#invite-poster-sheet').filter({ visible: true }).count()).toBe(0);
  });

  it('a new visitor opens A\'s link in a fresh browser, registers, is greeted and gets the welcome reward', async () => {
    ({ page: visitorB, member: b } = await newVisitorOpens(inviteLink));
    await waitForText(visitorB, '#invite-greeting', /邀请你加入，注册即得 100 积分/);
    await shot(visitorB, 'referral-visitor-greeting');

    b = memberByOpenid(b.openid);
    expect(b.referral).toMatchObject({ inviterId: a._id, code: inviteCode });
    const welcome = dump('referral_rewards').find((r) => r.memberId === b._id && r.role === 'invitee');
    expect(welcome).toMatchObject({ status: 'paid', points: CAMPAIGN.welcome.points });
    const visit = dump('invite_visits').find((v) => v._id === `${b.openid}:${inviteCode}`);
    expect(visit).toBeTruthy();
    // The card shows what the ledger holds: the welcome reward (and the brand's own welcome gift, if any).
    const entries = dump('ledger_entries').filter((e) => e.memberId === b._id && e.asset === 'points');
    expect(entries.filter((e) => e.reason === '新会员邀请礼').map((e) => e.amount)).toEqual([CAMPAIGN.welcome.points]);
    await waitForText(visitorB, '#member-points', pts(pointsOf(b._id)));

    await open(visitorB, 'pages/points/index');
    await visitorB.getByText('新会员邀请礼').filter({ visible: true }).first().waitFor({ timeout: 30_000 });
    await shot(visitorB, 'referral-visitor-points');
  });

  it('the cashier records the visitor\'s first purchase over ¥30: A\'s reward is pending', async () => {
    const memberCode = await memberCodeOn(visitorB);
    const staff = await cashierScanning(browser, memberCode);
    // ¥50.00: whatever coupon the new member holds is taken, what is paid stays over the ¥30 minimum.
    await typeInto(staff, 'staff-amount', '50.00');
    await waitForText(staff, '#staff-confirm', /^确认收款 ¥\d+\.\d{2}$/);
    const paidFen = Number((await textOf(staff, '#staff-confirm')).replace(/[^\d]/g, ''));
    expect(paidFen).toBeGreaterThanOrEqual(CAMPAIGN.qualify.minFen);
    await shot(staff, 'referral-cashier-quote');
    await click(staff, '#staff-confirm');
    await staff.locator('#staff-result').filter({ visible: true }).waitFor({ timeout: 30_000 });
    await shot(staff, 'referral-cashier-recorded');
    await staff.context().close();

    const purchases = dump('purchases').filter((p) => p.memberId === b._id);
    expect(purchases).toHaveLength(1);
    purchaseId = purchases[0]._id;
    const reward = dump('referral_rewards').find((r) => r.inviteeId === b._id && r.role === 'inviter');
    expect(reward).toMatchObject({ memberId: a._id, status: 'pending', points: CAMPAIGN.inviter.points, qualifiedBy: { kind: 'purchase', id: purchaseId } });
    expect(purchases[0].referralRewardId).toBe(reward._id);
    expect(memberByOpenid(b.openid).referral?.qualifiedAt).toBeTruthy();

    // A's 我的邀请: the friend bought, the reward waits for the hold.
    await open(memberA, 'member/invites/index');
    await shown(memberA, '#invite-0');
    expect(await memberA.locator('#invite-0').filter({ visible: true }).getAttribute('data-status')).toBe('pending');
    await waitForText(memberA, '#invite-0 .invites__status', '待发放');
    await waitForText(memberA, '#invite-0 .invites__note', new RegExp(`^${CAMPAIGN.inviter.points} 积分将于 \\d{4}-\\d{2}-\\d{2} 后发放$`));
    await shot(memberA, 'referral-my-invites-pending');
  });

  it('after the hold, the cron tick approves and pays A: 已到账, and A\'s points go up by the inviter reward', async () => {
    aPointsBefore = pointsOf(a._id);
    // A tick inside the hold pays nothing.
    await cronTick(cloud);
    expect(dump('referral_rewards').find((r) => r.inviteeId === b._id && r.role === 'inviter').status).toBe('pending');

    moveClock((CAMPAIGN.holdDays + 1) * DAY_MS);
    const tick = await cronTick(cloud);
    expect(tick.jobs.find((j: { name: string }) => j.name === 'referral-rewards')).toMatchObject({ failed: 0 });
    const reward = dump('referral_rewards').find((r) => r.inviteeId === b._id && r.role === 'inviter');
    expect(reward).toMatchObject({ status: 'paid', paidPostingId: expect.any(String) });
    expect(pointsOf(a._id)).toBe(aPointsBefore + CAMPAIGN.inviter.points);
    // A second tick pays nothing more.
    await cronTick(cloud);
    expect(pointsOf(a._id)).toBe(aPointsBefore + CAMPAIGN.inviter.points);

    await open(memberA, 'pages/index/index');
    await waitForText(memberA, '#member-points', pts(aPointsBefore + CAMPAIGN.inviter.points));
    await open(memberA, 'member/invites/index');
    await waitForText(memberA, '#invite-0 .invites__status', '已到账');
    await waitForText(memberA, '#invite-0 .invites__note', `${CAMPAIGN.inviter.points} 积分已到账`);
    await waitForText(memberA, '#invites-points', pts(CAMPAIGN.inviter.points));
    await shot(memberA, 'referral-my-invites-paid');
    await open(memberA, 'member/invite/index');
    await waitForText(memberA, '#invite-count-rewarded .invite__cell-value', '1');
    await waitForText(memberA, '#invite-points-earned', new RegExp(`^${pts(CAMPAIGN.inviter.points)}\\s?积分$`));
    await shot(memberA, 'referral-invite-page-rewarded');
  });

  it('the cashier\'s 导购码, opened by another new visitor, binds them to that cashier and store', async () => {
    const staff = await phonePage(browser);
    await signIn(staff, STAFF);
    await open(staff, 'staff/home/index');
    await openByClick(staff, '#staff-channel', '/staff/channel/index');
    await shown(staff, '#channel-code-card');
    await waitForText(staff, '#channel-bound-total', '0');
    const channel = await invoke(STAFF, 'staff', 'myChannelCode');
    expect(channel.ok).toBe(true);
    const h5Path: string = channel.data.h5Path;
    expect(h5Path).toMatch(/inv=i[0-9A-Za-z]{11}$/);
    const link = `${cloud.url}/#/${h5Path.replace(/^\/?#?\/?/, '')}`;
    // The code on the page is a QR code of exactly that H5 address.
    const modules = readModules(pngOfDataUrl(await imageSrc(staff, '#channel-code')));
    expect(encodes(modules, link)).toBe(true);
    await shot(staff, 'referral-staff-channel');

    const { page: visitorC, member: c } = await newVisitorOpens(link);
    await shown(visitorC, '#invite-greeting');
    expect(await textOf(visitorC, '#invite-greeting')).toContain('王芳');
    await shot(visitorC, 'referral-channel-visitor');
    const bound = memberByOpenid(c.openid);
    expect(bound.guide).toMatchObject({ staffOpenid: STAFF, storeId: DEMO_STORE_ID, code: channel.data.code, until: null });
    expect(bound.referral ?? null).toBeNull();
    await visitorC.context().close();

    // The cashier's page counts the new customer.
    await open(staff, 'staff/home/index');
    await open(staff, 'staff/channel/index');
    await waitForText(staff, '#channel-bound-total', '1');
    await staff.context().close();
  });

  describe('the owner reads the referral console pages', () => {
    for (const [label, viewport] of [
      ['desktop', DESKTOP],
      ['phone', PHONE],
    ] as const) {
      it(`邀请活动, 邀请奖励审核, 邀请数据, 门店码 and 导购设置 render their data on a ${label}`, async () => {
        const context = await freshContext(viewport);
        const operator = await context.newPage();
        await signIn(operator, OPERATOR);
        const noError = async (ids: string[]) => {
          for (const id of ids) expect(await operator.locator(`#${id}`).filter({ visible: true }).count()).toBe(0);
          // The page's own tab is in view (on a phone the tabs are one scrolling row).
          const key = await operator.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>('[id^="console-"]')).find((el) => el.classList.contains('console') && el.getClientRects().length > 0)?.id.slice('console-'.length));
          await operator.waitForFunction(
            (k) => Array.from(document.querySelectorAll(`#console-${k} #nav-${k}`)).some((el) => {
              const r = el.getBoundingClientRect();
              return r.width > 0 && r.left >= 0 && r.right <= window.innerWidth;
            }),
            key,
            { timeout: 5000 },
          );
        };

        await open(operator, 'admin/referral-campaigns/index');
        await shown(operator, '#campaigns-table');
        const campaignId = dump('invite_codes').find((x) => x._id === inviteCode).campaignId;
        await waitForText(operator, `#row-campaign-${campaignId}`, new RegExp(CAMPAIGN.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
        await waitForText(operator, `#campaign-status-${campaignId}`, '进行中');
        await noError(['campaigns-error', 'console-forbidden']);
        await shot(operator, `referral-console-campaigns-${label}`);

        await open(operator, 'admin/referral-rewards/index');
        await click(operator, '#reward-filter-all');
        await shown(operator, '#rewards-table');
        // B's welcome reward and A's inviter reward, both paid.
        const rewards = dump('referral_rewards').filter((r) => r.inviteeId === b._id);
        expect(rewards).toHaveLength(2);
        for (const r of rewards) await waitForText(operator, `[id="reward-status-${r._id}"]`, '已发放');
        // A member without a nickname reads as the number alone, not "· 1234567890".
        expect(await textOf(operator, '#rewards-table')).not.toContain(`· ${b.memberNo}`);
        await noError(['rewards-error', 'console-forbidden']);
        await shot(operator, `referral-console-rewards-${label}`);

        await open(operator, 'admin/referral-report/index');
        await shown(operator, '#report-total');
        await waitForText(operator, '#report-total-registrations', /^1\D/);
        await waitForText(operator, '#report-total-qualified', /^1\D/);
        await waitForText(operator, '#report-total-rewardsPaid', /^2\D/);
        await shown(operator, '#report-campaigns');
        await shown(operator, '#guide-report');
        const guideRow = `#row-guide-${DEMO_STORE_ID}-${STAFF}`;
        await waitForText(operator, guideRow, /王芳/);
        expect(await textOf(operator, guideRow)).toMatch(/1/);
        await noError(['report-error', 'guide-report-error', 'koc-board-error', 'console-forbidden']);
        // 标记 KOC sits under the board with the console's gap between blocks (16 px on a desktop,
        // a phone's row cards keep their own 8 px), not flush against the table.
        await shown(operator, '#koc-mark');
        const gap = await operator.evaluate(() => {
          const mark = Array.from(document.querySelectorAll<HTMLElement>('#koc-mark')).find((el) => el.getClientRects().length > 0)!;
          const above = mark.previousElementSibling as HTMLElement;
          return Math.round(mark.getBoundingClientRect().top - above.getBoundingClientRect().bottom);
        });
        expect(gap).toBeGreaterThanOrEqual(label === 'desktop' ? 16 : 8);
        await shot(operator, `referral-console-report-${label}`);

        await open(operator, 'admin/store-codes/index');
        await shown(operator, '#store-code-sheet');
        await waitForText(operator, '#store-code-name', '鹿角咖啡 国贸店');
        const storeCode = await invoke(OPERATOR, 'admin', 'storeChannelCode', { storeId: DEMO_STORE_ID });
        expect(storeCode.ok).toBe(true);
        const storeLink = `${cloud.url}/#/${String(storeCode.data.h5Path).replace(/^\/?#?\/?/, '')}`;
        expect(encodes(readModules(pngOfDataUrl(await imageSrc(operator, '#store-code-image'))), storeLink)).toBe(true);
        await noError(['store-codes-error', 'store-code-error', 'console-forbidden']);
        await shot(operator, `referral-console-store-codes-${label}`);

        await open(operator, 'admin/guide-settings/index');
        await shown(operator, '#guide-settings');
        await waitForText(operator, '#guide-settings-summary', /30/);
        await noError(['guide-settings-error', 'console-forbidden']);
        await shot(operator, `referral-console-guide-settings-${label}`);
        await context.close();
      });
    }
  });
});
