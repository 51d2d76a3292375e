import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs } from '../support/cloud';
import { CASHIER, CASHIER_2, onASeededCloudEachTest, register, requestId } from '../support/world';
import { claimGift, giftToken } from './gift-helpers';
import { asPhone } from './helpers';

// One gift token scanned at once by two cashiers' phones, each retrying as a phone does (the same
// request id again while BUSY), some sending the same request id twice: the item is handed over once.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const M = 'openid-gift-racer';
const dump = (name: string) => cloud.db.dump(name) as any[];
const shardsOf = (templateId: string) => dump('coupon_stock').filter((s) => s.templateId === templateId);

beforeEach(async () => {
  await register(cloud, M);
});

it('50 parallel redemptions of one gift token (40 request ids, 10 of them sent twice) redeem it once', async () => {
  const { couponId, templateId } = await claimGift(cloud, M);
  const token = await giftToken(cloud, M, couponId);
  const ids = Array.from({ length: 40 }, () => requestId());
  const calls = [...ids, ...ids.slice(0, 10)].map((id, i) => asPhone(cloud, i % 2 ? CASHIER_2 : CASHIER, 'staff', 'redeemGiftCoupon', { token }, id));
  expect(calls).toHaveLength(50);
  const answers = await Promise.all(calls);

  const redemptions = dump('coupon_redemptions');
  expect(redemptions).toHaveLength(1);
  const [redemption] = redemptions;
  expect(redemption).toMatchObject({ couponId, templateId, status: 'redeemed' });

  // Every success is that one redemption (the winner, and a retry or twin of its request id);
  // every other answer is COUPON_USED.
  const oks = answers.filter((a) => a.ok);
  expect(oks.length).toBeGreaterThanOrEqual(1);
  expect(oks.length).toBeLessThanOrEqual(2);
  expect(new Set(oks.map((a) => a.data.redemptionId))).toEqual(new Set([redemption._id]));
  expect(new Set(answers.filter((a) => !a.ok).map((a) => a.code))).toEqual(new Set(['COUPON_USED']));

  expect(dump('coupons').find((c) => c._id === couponId)).toMatchObject({ status: 'used', usedBy: { type: 'gift_redemption', id: redemption._id } });
  expect(shardsOf(templateId).reduce((sum, s) => sum + s.redeemed, 0)).toBe(1);
  expect(shardsOf(templateId).every((s) => Object.keys(s.untilCounts).length === 0)).toBe(true);
}, 60_000);

it('10 parallel undos of one redemption by its cashier (different request ids) give the coupon back once', async () => {
  const { couponId, templateId } = await claimGift(cloud, M);
  const redeemed = await callAs(cloud, CASHIER, 'staff', 'redeemGiftCoupon', { token: await giftToken(cloud, M, couponId) }, requestId());
  expect(redeemed.ok).toBe(true);
  const { redemptionId } = redeemed.data;
  const answers = await Promise.all(Array.from({ length: 10 }, () => asPhone(cloud, CASHIER, 'staff', 'undoGiftRedemption', { redemptionId })));
  expect(answers.filter((a) => a.ok)).toHaveLength(1);
  expect(answers.filter((a) => !a.ok).map((a) => a.code)).toEqual(Array(9).fill('ALREADY_UNDONE'));
  expect(dump('coupons').find((c) => c._id === couponId)).toMatchObject({ status: 'available', usedBy: null });
  expect(shardsOf(templateId).reduce((sum, s) => sum + s.redeemed, 0)).toBe(0);
  expect(shardsOf(templateId).reduce((sum, s) => sum + Object.values(s.untilCounts as Record<string, number>).reduce((a, b) => a + b, 0), 0)).toBe(1);
  expect(dump('coupon_redemptions')).toMatchObject([{ _id: redemptionId, status: 'undone' }]);
}, 60_000);

it('a redemption and its undo racing a second redemption: the coupon ends used at most once, its counters agree', async () => {
  const { couponId, templateId } = await claimGift(cloud, M);
  // The member's code, still on screen: refused while the coupon is used, good again once undone.
  const token = await giftToken(cloud, M, couponId);
  const first = await callAs(cloud, CASHIER, 'staff', 'redeemGiftCoupon', { token }, requestId());
  expect(first.ok).toBe(true);
  const [undone, ...again] = await Promise.all([
    asPhone(cloud, CASHIER, 'staff', 'undoGiftRedemption', { redemptionId: first.data.redemptionId }),
    ...Array.from({ length: 5 }, () => asPhone(cloud, CASHIER_2, 'staff', 'redeemGiftCoupon', { token })),
  ]);
  expect(undone.ok).toBe(true);
  const wins = again.filter((a) => a.ok);
  expect(wins.length).toBeLessThanOrEqual(1);
  expect(new Set(again.filter((a) => !a.ok).map((a) => a.code))).toEqual(new Set(wins.length === 5 ? [] : ['COUPON_USED']));
  const standing = dump('coupon_redemptions').filter((r) => r.status === 'redeemed');
  expect(standing).toHaveLength(wins.length);
  const coupon = dump('coupons').find((c) => c._id === couponId);
  expect(coupon.status).toBe(wins.length ? 'used' : 'available');
  expect(shardsOf(templateId).reduce((sum, s) => sum + s.redeemed, 0)).toBe(wins.length);
}, 60_000);
