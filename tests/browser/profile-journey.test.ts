import { deflateSync } from 'zlib';
import type { Browser, Page } from 'playwright-core';
import type { LocalCloud } from '../../scripts/local-cloud';
import { DEMO_MEMBER_PHONE } from '../../scripts/seed/demo-brand';
import { DEMO_GIFT_COUPONS, DEMO_WELCOME_POINTS } from '../../scripts/seed/demo-engagement';
import { phonePage } from '../support/browser';
import { click, confirmModal, open, openByClick, shot, shown, signIn, textOf, typeInto, useBrowserStack, waitForText } from '../support/pages';

// Issue 10 end to end in the H5 build: a new visitor opens 个人资料 from 我的 and meets the privacy
// popup before the first thing that collects personal data; sets an avatar, a nickname and the
// birthday (once); verifies a phone through the local stand-in for WeChat's phone sheet; accepts
// the 储值协议 and tops up; exports 我的数据 and reads the file; refunds the top-up; deletes the
// account, and the same phone opens the app again as a new visitor with a new member number. An
// operator sees the old member number as deleted, with nothing of who they were. Screenshots:
// profile-*.

jest.setTimeout(300_000);

const NICKNAME = '林小满';
const PHONE = '13912345678';
const PHONE_MASKED = '139****5678';
const BIRTHDAY = '1995-01-01';
const OPERATOR = 'demo-operator-openid';
const DEMO_MEMBER = 'demo-member-openid';

let cloud: LocalCloud;
let browser: Browser;

useBrowserStack((stack) => {
  ({ cloud, browser } = stack);
});

// ---- helpers (the page helpers are in ../support/pages) ----

interface MemberRow {
  _id: string;
  openid?: string;
  memberNo: string;
  nickname: string;
  avatarUrl?: string | null;
  birthday?: string | null;
  phoneMasked?: string | null;
  phoneCipher?: string | null;
  deletedAt?: Date | null;
}

const members = () => cloud.db.dump('members') as MemberRow[];
const visitors = () => members().filter((m) => (m.openid ?? '').startsWith('visitor-'));

/** A small real PNG (solid colour, with a lighter square), as a phone's photo picker would give. */
function avatarPng(size = 48): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc32 = (bytes: Buffer) => {
    let c = 0xffffffff;
    for (const b of bytes) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 3);
    for (let x = 0; x < size; x++) {
      const inner = x > size / 4 && x < (size * 3) / 4 && y > size / 4 && y < (size * 3) / 4;
      row.set(inner ? [0xf2, 0xc9, 0x8a] : [0xc0, 0x6a, 0x3a], 1 + x * 3);
    }
    rows.push(row);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

describe('a new visitor sets up a profile, uses their data rights and deletes the account', () => {
  let member: Page;
  let first: MemberRow;

  it('a new visitor opens 个人资料 from 我的: nothing asks for consent until something collects data', async () => {
    member = await phonePage(browser);
    await signIn(member, 'new-visitor');
    await shown(member, '#welcome');
    expect(visitors()).toHaveLength(1);
    first = visitors()[0];

    await open(member, 'pages/mine/index');
    await waitForText(member, '#mine-profile .mine__no', /^会员号/);
    await openByClick(member, '#mine-profile-link', '/member/profile/index');
    // No nickname given yet: the card's 会员 + the member number's last four.
    await waitForText(member, '#profile-name', `会员${first.memberNo.slice(-4)}`);
    await shown(member, '#profile-phone-bind');
    // The page itself is never blocked: the popup waits for the first data-collecting tap.
    expect(await member.locator('#privacy-popup').filter({ visible: true }).count()).toBe(0);
    await shot(member, 'profile-new-visitor');
  });

  it('the privacy popup comes before the avatar; after 同意 the photo picker opens and the avatar is saved', async () => {
    await click(member, '#profile-avatar');
    await shown(member, '#privacy-popup');
    expect(await textOf(member, '#privacy-popup')).toContain('《隐私政策》');
    await shot(member, 'profile-privacy-popup');

    const chooser = member.waitForEvent('filechooser', { timeout: 30_000 });
    await click(member, '#privacy-agree');
    await (await chooser).setFiles({ name: 'avatar.png', mimeType: 'image/png', buffer: avatarPng() });
    await member.locator('#privacy-popup').filter({ visible: true }).waitFor({ state: 'detached', timeout: 20_000 }).catch(() => undefined);
    expect(await member.locator('#privacy-popup').filter({ visible: true }).count()).toBe(0);

    await shown(member, '#profile-avatar-image');
    await member.waitForFunction(() => {
      const img = Array.from(document.querySelectorAll<HTMLImageElement>('#profile-avatar-image img')).find((el) => el.getClientRects().length > 0);
      return !!img && img.complete && img.naturalWidth > 0;
    });
    await waitForText(member, '#profile-avatar-state', '点击头像更换');
    const saved = members().find((m) => m._id === first._id)!;
    expect(saved.avatarUrl).toMatch(/\/avatars\/.+\.png$/);
    // The acceptance of the privacy policy is on record, once.
    const accepted = (cloud.db.dump('consents') as { memberId: string; kind: string; document?: string }[]).filter((c) => c.memberId === first._id && c.kind === 'policy' && c.document === 'privacy');
    expect(accepted).toHaveLength(1);
    await shot(member, 'profile-avatar-set');
  });

  it('the nickname is saved as typed, without asking again', async () => {
    await typeInto(member, 'profile-nickname', NICKNAME);
    await member.locator('#profile-nickname input').filter({ visible: true }).press('Enter');
    await waitForText(member, '#profile-name', NICKNAME);
    // Consent was given once: no popup again.
    expect(await member.locator('#privacy-popup').filter({ visible: true }).count()).toBe(0);
    expect(members().find((m) => m._id === first._id)!.nickname).toBe(NICKNAME);
  });

  it('the birthday is set once, after a confirmation, and then locked', async () => {
    await click(member, '#profile-birthday');
    await shown(member, '.weui-picker');
    await shot(member, 'profile-birthday-picker');
    await member.locator('.weui-picker__action').filter({ visible: true }).last().click();
    await confirmModal(member, /^生日设为 1995-01-01（1月1日）？设置后不能自行修改/);
    await shown(member, '#profile-birthday-locked');
    await waitForText(member, '#profile-birthday-value', BIRTHDAY);
    expect(members().find((m) => m._id === first._id)!.birthday).toBe(BIRTHDAY);
  });

  it('the phone is verified through the (local) phone sheet and shown masked, never stored in clear', async () => {
    await click(member, '#profile-phone-bind');
    await shown(member, '#dev-phone');
    await typeInto(member, 'dev-phone-input', PHONE);
    await shot(member, 'profile-phone-picker');
    await click(member, '#dev-phone-pick');
    await waitForText(member, '#profile-phone', PHONE_MASKED);
    expect(await member.locator('#profile-phone-bind').filter({ visible: true }).count()).toBe(0);
    const saved = members().find((m) => m._id === first._id)!;
    expect(saved.phoneMasked).toBe(PHONE_MASKED);
    expect(JSON.stringify(saved)).not.toContain(PHONE);
    // One consent on record per purpose, given with the first of it saved.
    const given = (cloud.db.dump('consents') as { memberId: string; kind: string; purpose?: string; granted?: boolean }[]).filter((c) => c.memberId === first._id && c.kind === 'consent');
    expect(given.map((c) => `${c.purpose}:${c.granted}`).sort()).toEqual(['phone:true', 'profile:true']);
    await shot(member, 'profile-complete');

    await open(member, 'pages/mine/index');
    await waitForText(member, '#mine-profile .mine__nickname', NICKNAME);
    await shown(member, '#mine-avatar');
    await shot(member, 'profile-mine');
  });

  it('the wallet asks for the 储值协议 before the first top-up; the member accepts and tops up ¥100', async () => {
    await openByClick(member, '#mine-wallet', '/pages/wallet/index');
    await waitForText(member, '#wallet-balance', '¥0.00');
    await click(member, '#topup-p100');
    await shown(member, '#agreement-gate');
    expect(await textOf(member, '#agreement-gate')).toContain('储值前请阅读《储值协议》');
    await shot(member, 'profile-agreement-gate');
    await click(member, '#agreement-accept');

    await member.waitForURL(/\/__local\/pay\?/, { timeout: 30_000 });
    await member.getByText('¥100.00').waitFor();
    await member.getByRole('button', { name: '确认支付' }).click();
    await member.waitForURL(/#\/pages\/wallet\/index/, { timeout: 30_000 });
    await waitForText(member, '#wallet-balance', '¥110.00');
    await member.locator('[id^="refund-T"]').filter({ visible: true }).waitFor({ timeout: 30_000 });
    // The day refunds of this top-up close, as the 储值协议 says the wallet shows it.
    await waitForText(member, '[id^="refund-closes-"]', /^可申请退款至 \d{4}-\d{2}-\d{2}$/);
    await shot(member, 'profile-wallet-topped-up');
    const accepted = (cloud.db.dump('consents') as { memberId: string; kind: string; document?: string }[]).filter((c) => c.memberId === first._id && c.document === 'stored_value');
    expect(accepted).toHaveLength(1);
  });

  it('我的数据 shows what is held and exports a file with exactly this member\'s data', async () => {
    await open(member, 'pages/mine/index');
    await openByClick(member, '#mine-privacy', '/member/privacy/index');
    // What was given is on record per purpose, with its day; marketing stays off (opt-in).
    await waitForText(member, '#consent-profile .privacy__consent-state', /^已同意 \d{4}-\d{2}-\d{2}$/);
    await waitForText(member, '#consent-phone .privacy__consent-state', /^已同意 \d{4}-\d{2}-\d{2}$/);
    await waitForText(member, '#privacy-link-policy .privacy__value', /^已同意 /);
    await waitForText(member, '#privacy-link-agreement .privacy__value', /^已同意 /);
    await shot(member, 'profile-privacy-settings');

    // The two documents read in full, each with what the member accepted.
    await openByClick(member, '#privacy-link-policy', '/member/privacy-policy/index');
    await waitForText(member, '#document-acceptance', /^你已于 \d{4}-\d{2}-\d{2} 同意此版本$/);
    await shot(member, 'profile-privacy-policy');
    await open(member, 'member/stored-value-agreement/index');
    await waitForText(member, '#document-acceptance', /^你已于 \d{4}-\d{2}-\d{2} 同意此版本$/);
    expect(await textOf(member, '.document')).toContain('储值余额上限 ¥5,000.00（含赠送金）');
    await shot(member, 'profile-stored-value-agreement');

    await open(member, 'member/privacy/index');
    await openByClick(member, '#privacy-link-my-data', '/member/my-data/index');
    await waitForText(member, '#data-nickname .my-data__value', NICKNAME);
    await waitForText(member, '#data-phone .my-data__value', `${PHONE_MASKED}（加密保存）`);
    await waitForText(member, '#data-birthday .my-data__value', BIRTHDAY);
    await waitForText(member, '#data-wallet .my-data__value', '¥100.00 / ¥10.00');

    await click(member, '#export-data');
    await shown(member, '#export-link');
    const url = await textOf(member, '#export-link');
    expect(url).toMatch(/^https?:\/\//);
    // What the file holds, counted in words a member reads: the 入会礼's points entry and the
    // top-up's two (principal, bonus); the 入会礼's one coupon.
    await waitForText(member, '#export-count-ledgerEntries', '积分与储值流水3 条');
    await waitForText(member, '#export-count-coupons', '优惠券1 条');
    expect(await textOf(member, '#export-counts')).not.toMatch(/[A-Za-z]/);
    await shot(member, 'profile-my-data-exported');

    const response = await fetch(url);
    expect(response.status).toBe(200);
    const text = await response.text();
    const file = JSON.parse(text) as {
      profile: { nickname: string; phone: string | null; memberNo: string; birthday?: string | null; memberId: string };
      ledgerEntries: { memberId: string; asset: string; amount: number }[];
      topupOrders: { memberId: string }[];
      coupons: { memberId: string; source: string; rules: { name: string } }[];
    };
    expect(file.profile.nickname).toBe(NICKNAME);
    expect(file.profile.memberNo).toBe(first.memberNo);
    expect(file.profile.memberId).toBe(first._id);
    expect(file.profile.birthday).toBe(BIRTHDAY);
    // The member's own number, decrypted for them (the masked form would do too).
    expect([PHONE, PHONE_MASKED]).toContain(file.profile.phone);
    // The 入会礼's points; the top-up: ¥100.00 of principal and ¥10.00 of bonus credited, and its order.
    expect(file.ledgerEntries.map((e) => [e.asset, e.amount]).sort()).toEqual([
      ['points', DEMO_WELCOME_POINTS],
      ['wallet_bonus', 1000],
      ['wallet_principal', 10_000],
    ]);
    expect(file.ledgerEntries.every((e) => e.memberId === first._id)).toBe(true);
    expect(file.topupOrders).toHaveLength(1);
    expect(file.coupons.map((c) => [c.source, c.rules.name])).toEqual([['welcome', DEMO_GIFT_COUPONS.welcome.name]]);
    // Nothing of the demo member 小鹿.
    const demo = members().find((m) => m.openid === DEMO_MEMBER)!;
    expect(text).not.toContain('小鹿');
    expect(text).not.toContain(DEMO_MEMBER_PHONE);
    expect(text).not.toContain(demo._id);
    expect(text).not.toContain(demo.memberNo);
    expect(text).not.toContain(DEMO_MEMBER);
  });

  it('the member refunds the top-up from the wallet', async () => {
    await open(member, 'pages/wallet/index');
    await waitForText(member, '#wallet-balance', '¥110.00');
    await click(member, '[id^="refund-T"]');
    await confirmModal(member, /将退回 ¥100\.00 本金，同时收回剩余赠送金 ¥10\.00/);
    await confirmModal(member, /^¥100\.00 将原路退回，赠送金 ¥10\.00 已收回/);
    await waitForText(member, '#wallet-balance', '¥0.00');
    await member.getByText('已退款').filter({ visible: true }).first().waitFor({ timeout: 30_000 });
    await shot(member, 'profile-wallet-refunded');
  });

  it('注销 says what happens, the member confirms, and the app starts again as a new visitor', async () => {
    await open(member, 'pages/mine/index');
    await openByClick(member, '#mine-privacy', '/member/privacy/index');
    await openByClick(member, '#privacy-link-delete', '/member/delete-account/index');
    await shown(member, '#delete-consequences');
    await waitForText(member, '#delete-refundable .delete-account__amount', '¥0.00');
    expect(await member.locator('#delete-blocked').filter({ visible: true }).count()).toBe(0);
    await shot(member, 'profile-delete-preview');

    // A forfeit is asked for only when stored value would be lost; here nothing is left.
    if (await member.locator('#delete-forfeit').filter({ visible: true }).count()) await click(member, '#delete-forfeit');
    await click(member, '#delete-confirm');
    await confirmModal(member, /^注销后无法恢复.*你的昵称、头像、手机号和生日将被删除，再次打开小程序将是新会员。$/);

    // Signed out: the app starts again at 首页, where the same phone is a new visitor, and a new
    // member gets the demo brand's 入会礼 again (its points; its coupon checked below).
    await shown(member, '#welcome');
    await waitForText(member, '#member-points', String(DEMO_WELCOME_POINTS));
    expect(visitors()).toHaveLength(1);
    const again = visitors()[0];
    expect(again._id).not.toBe(first._id);
    expect(again.memberNo).not.toBe(first.memberNo);
    expect((await textOf(member, '#member-no')).replace(/\s/g, '')).toContain(again.memberNo);
    const coupons = (cloud.db.dump('coupons') as { memberId: string; source: string }[]).filter((c) => c.memberId === again._id);
    expect(coupons.map((c) => c.source)).toEqual(['welcome']);
    await shot(member, 'profile-new-visitor-again');

    // The old member document holds nothing of who they were.
    const erased = members().find((m) => m._id === first._id)!;
    expect(erased.deletedAt).toBeTruthy();
    const leftover = JSON.stringify(erased);
    for (const personal of [NICKNAME, PHONE, PHONE_MASKED, BIRTHDAY, 'avatars/']) expect(leftover).not.toContain(personal);

    // 个人资料 of the new member is blank again, and the popup would ask again.
    await open(member, 'member/profile/index');
    await waitForText(member, '#profile-name', `会员${again.memberNo.slice(-4)}`);
    await shown(member, '#profile-phone-bind');
  });

  it('an operator sees the old member number as 已注销, with nothing of who they were', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'zh-CN' });
    const operator = await context.newPage();
    await signIn(operator, OPERATOR);
    await open(operator, `admin/member/index?no=${first.memberNo}`);
    await shown(operator, '#member-header');
    await waitForText(operator, '#member-nickname', /已注销/);
    const header = await textOf(operator, '#member-header');
    for (const personal of [NICKNAME, PHONE, PHONE_MASKED, '139']) expect(header).not.toContain(personal);
    const page = await operator.locator('#member-page').filter({ visible: true }).textContent();
    expect(page).not.toContain(NICKNAME);
    // It says so, and offers no points or tier change (the server refuses them for a deleted account).
    await waitForText(operator, '#member-deleted', /已于 .* 注销账户/);
    expect(await operator.locator('#member-page .member__forms').count()).toBe(0);
    await shot(operator, 'profile-operator-deleted-member');
    await context.close();
  });
});
