import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, snapshotAll } from '../support/cloud';
import { CASHIER, CASHIER_2, OPERATOR, STORE, memberCode, onASeededCloudEachTest, register, requestId, sdkDb, setClock } from '../support/world';
import { claimGift, giftToken } from './gift-helpers';
import { createTemplate } from './helpers';
import { giftRedemptionsOfDay } from '../../cloudfunctions/core/coupons/gift-day-log';

// Gift-item coupons (兑换券) through the member and staff functions over the emulator: the
// member's gift code, the cashier's preview, redemption, undo, and every refusal changing nothing.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const M = 'openid-gift-member';
const OTHER = 'openid-gift-other';
const START = '2026-06-10T02:00:00Z'; // 10:00 Shanghai
// Claimed at START, 7 days from the claim day: ends 2026-06-17 00:00 Shanghai.
const UNTIL = '2026-06-16T16:00:00.000Z';
const at = (offsetMs: number) => new Date(Date.parse(START) + offsetMs).toISOString();
const MIN = 60_000;

const dump = (name: string) => cloud.db.dump(name) as any[];
const couponDoc = (id: string) => dump('coupons').find((c) => c._id === id);
const shardsOf = (templateId: string) => dump('coupon_stock').filter((s) => s.templateId === templateId);
const redeemedOf = (templateId: string) => shardsOf(templateId).reduce((sum, s) => sum + s.redeemed, 0);
const outstandingOf = (templateId: string) => shardsOf(templateId).reduce((sum, s) => sum + Object.values(s.untilCounts as Record<string, number>).reduce((a, b) => a + b, 0), 0);

let memberNo: string;
beforeEach(async () => {
  setClock(START);
  ({ memberNo } = await register(cloud, M));
  await register(cloud, OTHER);
  await sdkDb().collection('stores').doc('store-other').set({ data: { name: '其他门店', address: '别处2号', active: true, createdAt: new Date('2026-01-01T00:00:00Z') } });
});

/** Runs `work` with the server's clock standing still at `iso` (for exact boundaries). */
async function frozenAt<T>(iso: string, work: () => Promise<T>): Promise<T> {
  const base = Date.now();
  const spy = jest.spyOn(Date, 'now').mockReturnValue(base);
  setClock(iso); // reads the frozen Date.now
  try {
    return await work();
  } finally {
    spy.mockRestore();
  }
}

// Claimed and shown at START sharp, so the validity and the code's 60 s are exact however slow the run.
const claim = (openid: string, change: Record<string, unknown> = {}) => frozenAt(START, () => claimGift(cloud, openid, change));
const tokenOf = (couponId: string) => frozenAt(START, () => giftToken(cloud, M, couponId));

async function redeem(token: string, cashier = CASHIER, id = requestId()) {
  return callAs(cloud, cashier, 'staff', 'redeemGiftCoupon', { token }, id);
}

it('a member shows a gift code, the cashier previews and redeems it: the coupon is used once, its shard counts it', async () => {
  const { couponId, templateId, validUntil } = await claim(M);
  expect(validUntil).toBe(UNTIL);

  const code = await frozenAt(START, () => callAs(cloud, M, 'member', 'giftCode', { couponId }));
  expect(code).toMatchObject({ ok: true, data: { couponId, itemName: '马克杯', expiresAt: '2026-06-10T02:01:00.000Z', refreshAfterMs: 30_000 } });
  expect(code.data.token).toMatch(/^G1\./);

  const preview = await callAs(cloud, CASHIER, 'staff', 'previewGiftCoupon', { token: code.data.token });
  expect(preview).toEqual({
    ok: true,
    data: {
      couponId,
      name: '马克杯兑换券',
      itemName: '马克杯',
      memberNoMasked: `****${memberNo.slice(-4)}`,
      nickname: dump('members').find((m) => m.openid === M).nickname,
      validUntil: UNTIL,
      usable: true,
      reasonText: null,
    },
  });
  expect(memberNo.slice(-4)).toHaveLength(4);

  const redeemed = await frozenAt(at(20_000), () => redeem(code.data.token));
  expect(redeemed.ok).toBe(true);
  const redemptionId = redeemed.data.redemptionId;
  expect(redeemed.data).toEqual({
    redemptionId,
    couponId,
    name: '马克杯兑换券',
    itemName: '马克杯',
    memberNoMasked: `****${memberNo.slice(-4)}`,
    redeemedAt: '2026-06-10T02:00:20.000Z',
    undoUntil: '2026-06-10T02:10:20.000Z',
    status: 'redeemed',
    undoneAt: null,
  });
  expect(couponDoc(couponId)).toMatchObject({ status: 'used', usedBy: { type: 'gift_redemption', id: redemptionId, storeId: STORE, staffOpenid: CASHIER, at: new Date('2026-06-10T02:00:20Z') } });
  expect(dump('coupon_redemptions')).toEqual([
    {
      _id: redemptionId,
      couponId,
      memberId: couponDoc(couponId).memberId,
      memberNo,
      templateId,
      name: '马克杯兑换券',
      itemName: '马克杯',
      storeId: STORE,
      staffOpenid: CASHIER,
      redeemedAt: new Date('2026-06-10T02:00:20Z'),
      status: 'redeemed',
      undoneAt: null,
    },
  ]);
  expect(redeemedOf(templateId)).toBe(1);
  expect(outstandingOf(templateId)).toBe(0);

  // The member's side: used, with when and where.
  const used = await callAs(cloud, M, 'member', 'myCoupons', { status: 'used' });
  expect(used.data.coupons).toMatchObject([{ couponId, status: 'used', usedAt: '2026-06-10T02:00:20.000Z', expiringSoon: false }]);
  expect((await callAs(cloud, M, 'member', 'myCoupons', { status: 'available' })).data.coupons).toEqual([]);
  const detail = await callAs(cloud, M, 'member', 'couponDetail', { couponId });
  expect(detail.data).toMatchObject({ couponId, status: 'used', usedStoreName: '测试门店', storeNames: null, usedAt: '2026-06-10T02:00:20.000Z' });

  // The same token again (a screenshot), and a fresh one: refused, nothing changes.
  const before = snapshotAll(cloud);
  expect(await redeem(code.data.token)).toMatchObject({ ok: false, code: 'COUPON_USED' });
  expect(await redeem(code.data.token, CASHIER_2)).toMatchObject({ ok: false, code: 'COUPON_USED' });
  expect(await callAs(cloud, M, 'member', 'giftCode', { couponId })).toMatchObject({ ok: false, code: 'COUPON_USED' });
  expect(await callAs(cloud, CASHIER, 'staff', 'previewGiftCoupon', { token: code.data.token })).toMatchObject({ ok: true, data: { usable: false, reasonText: '已使用' } });
  expect(snapshotAll(cloud)).toEqual(before);
});

it('a code lasts 60 s from its issue second: valid at +60 s, GIFT_CODE_EXPIRED at +61 s', async () => {
  const { couponId } = await claim(M);
  const token = await tokenOf(couponId);
  expect(await frozenAt(at(60_000), () => callAs(cloud, CASHIER, 'staff', 'previewGiftCoupon', { token }))).toMatchObject({ ok: true, data: { usable: true } });
  setClock(at(61_000));
  const before = snapshotAll(cloud);
  expect(await callAs(cloud, CASHIER, 'staff', 'previewGiftCoupon', { token })).toMatchObject({ ok: false, code: 'GIFT_CODE_EXPIRED' });
  expect(await redeem(token)).toMatchObject({ ok: false, code: 'GIFT_CODE_EXPIRED' });
  expect(snapshotAll(cloud)).toEqual(before);
  // A fresh code works.
  expect(await redeem(await giftToken(cloud, M, couponId))).toMatchObject({ ok: true });
});

it('forged and altered tokens, and a member code offered as a gift code, are GIFT_CODE_INVALID; a gift code is no member code', async () => {
  const { couponId } = await claim(M);
  const other = await claim(OTHER);
  const token = await tokenOf(couponId);
  const [version, id, seconds, signature] = token.split('.');
  const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
  const forgeries = [
    [version, id, seconds, flip(signature)].join('.'),
    [version, other.couponId, seconds, signature].join('.'), // another coupon under this signature
    [version, id, (parseInt(seconds, 36) + 30).toString(36), signature].join('.'), // younger
    ['M1', id, seconds, signature].join('.'),
    `${token}.x`,
    'G1.not-a-token',
    await memberCode(cloud, M),
  ];
  const before = snapshotAll(cloud);
  for (const forged of forgeries) {
    expect(await callAs(cloud, CASHIER, 'staff', 'previewGiftCoupon', { token: forged })).toMatchObject({ ok: false, code: 'GIFT_CODE_INVALID' });
    expect(await redeem(forged)).toMatchObject({ ok: false, code: 'GIFT_CODE_INVALID' });
  }
  // The other way round: the gift code at the member-code scanner.
  expect(await callAs(cloud, CASHIER, 'staff', 'lookupMember', { code: token })).toMatchObject({ ok: false, code: 'MEMBER_CODE_INVALID' });
  expect(snapshotAll(cloud)).toEqual(before);
  expect(couponDoc(couponId).status).toBe('available');
});

it('a coupon for other stores: the preview says why, redeeming is refused COUPON_NOT_FOR_STORE and changes nothing', async () => {
  const { couponId } = await claim(M, { storeIds: ['store-other'] });
  const token = await tokenOf(couponId);
  expect(await callAs(cloud, CASHIER, 'staff', 'previewGiftCoupon', { token })).toMatchObject({ ok: true, data: { usable: false, reasonText: '本门店不可用' } });
  const before = snapshotAll(cloud);
  expect(await redeem(token)).toMatchObject({ ok: false, code: 'COUPON_NOT_FOR_STORE' });
  expect(snapshotAll(cloud)).toEqual(before);
  expect((await callAs(cloud, M, 'member', 'couponDetail', { couponId })).data).toMatchObject({ storeNames: ['其他门店'], usedStoreName: null });
});

it('a member whose tier fell below the coupon’s minimum: preview 会员等级不够, redeem COUPON_BELOW_TIER', async () => {
  const set = await callAs(cloud, OPERATOR, 'admin', 'setTierOverride', { memberNo, tierCode: 'gold', until: at(5 * MIN), reason: '活动升级' }, requestId());
  expect(set.ok).toBe(true);
  const { couponId } = await claim(M, { minTierCode: 'gold' });
  setClock(at(6 * MIN));
  const token = await giftToken(cloud, M, couponId);
  expect(await callAs(cloud, CASHIER, 'staff', 'previewGiftCoupon', { token })).toMatchObject({ ok: true, data: { usable: false, reasonText: '会员等级不够' } });
  const before = snapshotAll(cloud);
  expect(await redeem(token)).toMatchObject({ ok: false, code: 'COUPON_BELOW_TIER' });
  expect(snapshotAll(cloud)).toEqual(before);
});

it('giftCode refuses another member’s coupon, a coupon that is not a gift, an expired one and one not yet valid', async () => {
  const { couponId } = await claim(M);
  const amountTemplate = await createTemplate(cloud);
  const amount = await callAs(cloud, M, 'member', 'claimCoupon', { templateId: amountTemplate }, requestId());
  const nextDay = await claim(M, { validity: { type: 'days_after_claim', days: 1, startNextDay: true } });
  const before = snapshotAll(cloud);
  expect(await callAs(cloud, OTHER, 'member', 'giftCode', { couponId })).toMatchObject({ ok: false, code: 'COUPON_NOT_HELD' });
  expect(await callAs(cloud, OTHER, 'member', 'couponDetail', { couponId })).toMatchObject({ ok: false, code: 'COUPON_NOT_HELD' });
  expect(await callAs(cloud, M, 'member', 'giftCode', { couponId: amount.data.couponId })).toMatchObject({ ok: false, code: 'NOT_A_GIFT_COUPON' });
  expect(await callAs(cloud, M, 'member', 'giftCode', { couponId: nextDay.couponId })).toMatchObject({ ok: false, code: 'COUPON_NOT_YET_VALID' });
  setClock(UNTIL);
  expect(await callAs(cloud, M, 'member', 'giftCode', { couponId })).toMatchObject({ ok: false, code: 'COUPON_EXPIRED' });
  expect(snapshotAll(cloud)).toEqual(before);
});

it('即将过期: an available coupon within 3 days of its end (inclusive), not before; expired at its end', async () => {
  const { couponId } = await claim(M);
  const list = async (status: string) => (await callAs(cloud, M, 'member', 'myCoupons', { status })).data.coupons;
  expect(await list('available')).toMatchObject([{ couponId, expiringSoon: false, usedAt: null }]);
  expect(await frozenAt('2026-06-13T15:59:59.999Z', () => list('available'))).toMatchObject([{ couponId, expiringSoon: false }]);
  // Exactly 3 days before the end.
  expect(await frozenAt('2026-06-13T16:00:00.000Z', () => list('available'))).toMatchObject([{ couponId, expiringSoon: true }]);
  setClock('2026-06-13T16:00:00.000Z');
  expect((await callAs(cloud, M, 'member', 'couponDetail', { couponId })).data).toMatchObject({ expiringSoon: true, status: 'available', storeNames: null, description: null });
  setClock(UNTIL);
  expect(await list('available')).toEqual([]);
  expect(await list('expired')).toMatchObject([{ couponId, status: 'expired', expiringSoon: false }]);
});

describe('undo', () => {
  async function redeemed(change: Record<string, unknown> = {}) {
    const { couponId, templateId } = await claim(M, change);
    const token = await tokenOf(couponId);
    // At 02:00:01 sharp (validFrom is the claim's moment, a few ms after START).
    const answer = await frozenAt(at(1_000), () => redeem(token));
    expect(answer).toMatchObject({ ok: true });
    return { couponId, templateId, redemptionId: answer.data.redemptionId as string };
  }
  const undo = (redemptionId: string, cashier = CASHIER, id = requestId()) => callAs(cloud, cashier, 'staff', 'undoGiftRedemption', { redemptionId }, id);

  it('the same cashier, exactly 10 minutes later (the boundary is allowed): the coupon is available again and can be redeemed again', async () => {
    const { couponId, templateId, redemptionId } = await redeemed();
    const undone = await frozenAt(at(10 * MIN + 1_000), () => undo(redemptionId));
    expect(undone).toMatchObject({ ok: true, data: { redemptionId, status: 'undone', undoneAt: '2026-06-10T02:10:01.000Z', redeemedAt: '2026-06-10T02:00:01.000Z', undoUntil: '2026-06-10T02:10:01.000Z' } });
    expect(couponDoc(couponId)).toMatchObject({ status: 'available', usedBy: null });
    expect(dump('coupon_redemptions')).toMatchObject([{ _id: redemptionId, status: 'undone', undoneAt: new Date('2026-06-10T02:10:01Z') }]);
    expect(redeemedOf(templateId)).toBe(0);
    expect(outstandingOf(templateId)).toBe(1);
    expect(shardsOf(templateId).flatMap((s) => Object.keys(s.untilCounts))).toEqual([String(Date.parse(UNTIL))]);

    // A second undo with another request id: ALREADY_UNDONE, nothing changes.
    const before = snapshotAll(cloud);
    expect(await undo(redemptionId)).toMatchObject({ ok: false, code: 'ALREADY_UNDONE' });
    expect(snapshotAll(cloud)).toEqual(before);

    // Given back, it is the member's to use again.
    expect(await redeem(await giftToken(cloud, M, couponId))).toMatchObject({ ok: true });
    expect(redeemedOf(templateId)).toBe(1);
  });

  it('one millisecond past 10 minutes: UNDO_WINDOW_PASSED and nothing changes', async () => {
    const { couponId, redemptionId } = await redeemed();
    const before = snapshotAll(cloud);
    expect(await frozenAt(at(10 * MIN + 1_001), () => undo(redemptionId))).toMatchObject({ ok: false, code: 'UNDO_WINDOW_PASSED' });
    expect(snapshotAll(cloud)).toEqual(before);
    expect(couponDoc(couponId).status).toBe('used');
  });

  it('another cashier of the same store cannot undo (REDEMPTION_NOT_FOUND), nor can anyone a redemption that does not exist', async () => {
    const { redemptionId } = await redeemed();
    const before = snapshotAll(cloud);
    expect(await undo(redemptionId, CASHIER_2)).toMatchObject({ ok: false, code: 'REDEMPTION_NOT_FOUND' });
    expect(await undo('r-none')).toMatchObject({ ok: false, code: 'REDEMPTION_NOT_FOUND' });
    expect(snapshotAll(cloud)).toEqual(before);
  });

  it('undone after the coupon’s validity ended: it goes back as expired, listed under 已过期', async () => {
    // Fixed window ending 5 minutes after START.
    const { couponId, templateId, redemptionId } = await redeemed({ validity: { type: 'fixed', from: '2026-06-01T00:00:00+08:00', until: '2026-06-10T10:05:00+08:00' } });
    setClock(at(8 * MIN));
    expect(await undo(redemptionId)).toMatchObject({ ok: true, data: { status: 'undone' } });
    expect(couponDoc(couponId)).toMatchObject({ status: 'expired', usedBy: null });
    expect(redeemedOf(templateId)).toBe(0);
    const expired = await callAs(cloud, M, 'member', 'myCoupons', { status: 'expired' });
    expect(expired.data.coupons).toMatchObject([{ couponId, status: 'expired', usedAt: null, expiringSoon: false }]);
    expect((await callAs(cloud, M, 'member', 'myCoupons', { status: 'available' })).data.coupons).toEqual([]);
    const list = await callAs(cloud, OPERATOR, 'admin', 'listCouponTemplates', {});
    expect(list.data.templates.find((t: any) => t.templateId === templateId)).toMatchObject({ issued: 1, redeemed: 0, expired: 1 });
  });

  it('a retried undo answers its first outcome, even after the window', async () => {
    const { redemptionId } = await redeemed();
    const id = requestId();
    const first = await undo(redemptionId, CASHIER, id);
    setClock(at(30 * MIN));
    expect(await undo(redemptionId, CASHIER, id)).toEqual({ ...first, replayed: true });
  });
});

it('the cashier’s day log lists their own gift redemptions of the day, newest first, undone ones marked', async () => {
  const one = await claim(M);
  const two = await claim(M);
  const three = await claim(M);
  const tokens = [await tokenOf(one.couponId), await tokenOf(two.couponId), await tokenOf(three.couponId)];
  const a = await frozenAt(at(10_000), () => redeem(tokens[0]));
  const b = await frozenAt(at(20_000), () => redeem(tokens[1]));
  const c = await frozenAt(at(30_000), () => redeem(tokens[2], CASHIER_2));
  expect([a.ok, b.ok, c.ok]).toEqual([true, true, true]);
  expect((await frozenAt(at(40_000), () => callAs(cloud, CASHIER, 'staff', 'undoGiftRedemption', { redemptionId: a.data.redemptionId }, requestId()))).ok).toBe(true);

  // The Shanghai day of START: 2026-06-10 00:00 to 2026-06-11 00:00 (+08:00).
  const day = await giftRedemptionsOfDay({ db: sdkDb() } as any, CASHIER, new Date('2026-06-09T16:00:00Z'), new Date('2026-06-10T16:00:00Z'));
  expect(day).toEqual([
    { ...b.data },
    { ...a.data, status: 'undone', undoneAt: '2026-06-10T02:00:40.000Z' },
  ]);
  expect(day.map((r) => r.redeemedAt)).toEqual(['2026-06-10T02:00:20.000Z', '2026-06-10T02:00:10.000Z']);
  // The end is excluded, the start included.
  expect(await giftRedemptionsOfDay({ db: sdkDb() } as any, CASHIER, new Date('2026-06-10T02:00:10Z'), new Date('2026-06-10T02:00:20Z'))).toHaveLength(1);
  expect(await giftRedemptionsOfDay({ db: sdkDb() } as any, CASHIER, new Date('2026-06-10T16:00:00Z'), new Date('2026-06-11T16:00:00Z'))).toEqual([]);
  expect((await giftRedemptionsOfDay({ db: sdkDb() } as any, CASHIER_2, new Date('2026-06-09T16:00:00Z'), new Date('2026-06-10T16:00:00Z'))).map((r) => r.redemptionId)).toEqual([c.data.redemptionId]);
});

describe('bad input on every new action: a typed error and nothing changed', () => {
  const CASES: [string, string, string, Record<string, unknown>, string, string][] = [
    ['member', 'couponDetail', M, { couponId: 'a/b' }, 'INVALID_INPUT', 'couponId'],
    ['member', 'couponDetail', M, {}, 'INVALID_INPUT', 'couponId'],
    ['member', 'couponDetail', M, { couponId: 'c-none' }, 'COUPON_NOT_HELD', ''],
    ['member', 'giftCode', M, { couponId: 7 }, 'INVALID_INPUT', 'couponId'],
    ['member', 'giftCode', M, { couponId: 'c-none', extra: 1 }, 'INVALID_INPUT', 'extra'],
    ['member', 'giftCode', M, { couponId: 'c-none' }, 'COUPON_NOT_HELD', ''],
    ['staff', 'previewGiftCoupon', CASHIER, { token: 'short' }, 'INVALID_INPUT', 'token'],
    ['staff', 'previewGiftCoupon', CASHIER, { token: 'x'.repeat(301) }, 'INVALID_INPUT', 'token'],
    ['staff', 'previewGiftCoupon', CASHIER, { token: 'G1.c-none.abc.AAAAAAAAAAAAAAAAAAAAAA' }, 'GIFT_CODE_INVALID', ''],
    ['staff', 'redeemGiftCoupon', CASHIER, { token: 12345678 }, 'INVALID_INPUT', 'token'],
    ['staff', 'redeemGiftCoupon', CASHIER, {}, 'INVALID_INPUT', 'token'],
    ['staff', 'redeemGiftCoupon', CASHIER, { token: 'G1.c-none.abc.AAAAAAAAAAAAAAAAAAAAAA' }, 'GIFT_CODE_INVALID', ''],
    ['staff', 'undoGiftRedemption', CASHIER, { redemptionId: '' }, 'INVALID_INPUT', 'redemptionId'],
    ['staff', 'undoGiftRedemption', CASHIER, { redemptionId: 'r-none', more: true }, 'INVALID_INPUT', 'more'],
    ['staff', 'undoGiftRedemption', CASHIER, { redemptionId: 'r-none' }, 'REDEMPTION_NOT_FOUND', ''],
    // Not staff at all: the staff function refuses the caller first.
    ['staff', 'redeemGiftCoupon', M, { token: 'G1.c-none.abc.AAAAAAAAAAAAAAAAAAAAAA' }, 'FORBIDDEN', ''],
  ];

  it.each(CASES)('%s.%s refuses %#', async (fn, action, caller, data, code, field) => {
    await claim(M);
    const before = snapshotAll(cloud);
    const answer = await callAs(cloud, caller, fn, action, data, requestId());
    expect(answer).toMatchObject({ ok: false, code });
    expect(typeof answer.message).toBe('string');
    if (field) expect(answer.field).toBe(field);
    expect(snapshotAll(cloud)).toEqual(before);
  });
});
