import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, snapshotAll } from '../support/cloud';
import { CASHIER, OPERATOR, balances, entriesOf, memberCode, onASeededCloudEachTest, register, requestId, sdkDb, setClock, topUp } from '../support/world';
import { asPhone, createTemplate } from '../coupons/helpers';

// The checkout over the emulator: the quote and the confirmation price the same order, the
// confirmation moves coupons, points, wallet and earnings in one posting, and a refund gives
// every one of them back. Expected numbers are worked out by hand in the comments.
// Test brand: 1 point and 1 growth per yuan, green tier (no member price), points as cash at the
// default 100 points = ¥1 and at most 50 % of what is left after coupons.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const dump = (name: string) => cloud.db.dump(name) as any[];
const MEMBER = 'openid-buyer';
const OTHER = 'openid-other';

beforeEach(() => setClock('2026-06-10T04:00:00Z')); // 12:00 Shanghai, a Wednesday

/** The member, 1,000 points granted, one 满100减20 coupon claimed; the cashier's checkout ticket. */
async function memberWithCouponAndPoints(change: Record<string, unknown> = {}) {
  const member = await register(cloud, MEMBER);
  const templateId = await createTemplate(cloud, change);
  const claimed = await callAs(cloud, MEMBER, 'member', 'claimCoupon', { templateId }, requestId());
  if (!claimed.ok) throw new Error(JSON.stringify(claimed));
  const granted = await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo: member.memberNo, amount: 1000, reason: '测试赠送' }, requestId());
  if (!granted.ok) throw new Error(JSON.stringify(granted));
  return { ...member, templateId, couponId: claimed.data.couponId as string, ticket: await ticketFor(MEMBER) };
}

async function ticketFor(openid: string): Promise<string> {
  const looked = await callAs(cloud, CASHIER, 'staff', 'lookupMember', { code: await memberCode(cloud, openid) });
  if (!looked.ok) throw new Error(JSON.stringify(looked));
  return looked.data.checkoutTicket;
}

const shard = (templateId: string) => {
  const shards = dump('coupon_stock').filter((s) => s.templateId === templateId);
  return { issued: shards.reduce((t, s) => t + s.issued, 0), redeemed: shards.reduce((t, s) => t + s.redeemed, 0), unredeemed: shards.reduce((t, s) => t + Object.values(s.untilCounts as Record<string, number>).reduce((a, b) => a + b, 0), 0) };
};

/** Everything but the request log (a refusal is remembered there, so its retry answers the same). */
function state() {
  const { requests: _requests, ...rest } = snapshotAll(cloud);
  return rest;
}

it('quotes ¥120 with the coupon preselected and points as cash, then confirms exactly that, in one posting', async () => {
  const m = await memberWithCouponAndPoints();
  // 12000 − coupon 2000 = 10000; cap 50 % = 5000 fen, the balance 1000 points = 1000 fen;
  // remainder 9000, which earns 90 points and 90 growth.
  const quote = await callAs(cloud, CASHIER, 'staff', 'priceCheckout', { code: m.ticket, amountFen: 120_00, usePoints: true });
  expect(quote.data).toMatchObject({
    listFen: 12000,
    selectedCouponIds: [m.couponId],
    memberDiscountFen: 0,
    couponDiscountFen: 2000,
    points: { balance: 1000, offer: { maxPoints: 1000, maxFen: 1000, limitedBy: 'balance', stepPoints: 1, stepFen: 1 }, ruleText: '100 积分抵 ¥1，每单最多抵 50%', spent: 1000, fen: 1000 },
    wallet: { balanceFen: 0, maxFen: 0, fen: 0 },
    remainderFen: 9000,
    paidFen: 9000,
    earnBaseFen: 9000,
    pointsToEarn: 90,
    growthToEarn: 90,
  });
  expect(quote.data.lines).toEqual([
    { kind: 'list', label: '原价', amountFen: 12000 },
    { kind: 'coupon', label: '优惠券（满100减20）', amountFen: 2000, couponId: m.couponId },
    { kind: 'points', label: '积分抵现（1,000 积分）', amountFen: 1000 },
    { kind: 'remainder', label: '还需支付', amountFen: 9000 },
  ]);
  expect(quote.data.coupons).toEqual([
    { couponId: m.couponId, name: '满100减20', kind: 'amount_off', rule: '满100减20', usable: true, reason: null, reasonText: null, discountAloneFen: 2000, selected: true, stackable: false, validUntil: '2026-06-16T16:00:00.000Z' },
  ]);

  const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: m.ticket, amountFen: 120_00, usePoints: true, couponIds: [m.couponId], expectedRemainderFen: 9000 }, requestId());
  expect(bought.data).toMatchObject({ amountFen: 12000, discountFen: 3000, paidFen: 9000, pointsSpent: 1000, pointsEarned: 90, growthEarned: 90, walletPaidFen: 0, balances: { points: 90, walletFen: null } });
  expect(bought.data.lines).toEqual(quote.data.lines);
  expect(bought.data.coupons).toEqual([{ couponId: m.couponId, name: '满100减20', rule: '满100减20', discountFen: 2000 }]);
  expect(balances(cloud, m.memberId)).toMatchObject({ points: 90, growth: 90, debt: 0 });
  const posting = entriesOf(cloud, m.memberId).filter((e) => e.postingId === bought.data.purchaseId);
  expect(posting.map((e) => [e.asset, e.kind, e.amount])).toEqual([
    ['points', 'spend', -1000],
    ['points', 'earn', 90],
    ['growth', 'earn', 90],
  ]);
  expect(dump('coupons').find((c) => c._id === m.couponId)).toMatchObject({ status: 'used', usedBy: { type: 'purchase', id: bought.data.purchaseId, storeId: 'store-test', staffOpenid: CASHIER } });
  expect(shard(m.templateId)).toEqual({ issued: 1, redeemed: 1, unredeemed: 0 });
  const template = (await callAs(cloud, OPERATOR, 'admin', 'listCouponTemplates', {})).data.templates[0];
  expect(template).toMatchObject({ issued: 1, redeemed: 1, expired: 0 });
});

it('a refund gives back the coupon and the points spent and takes back what the order earned', async () => {
  const m = await memberWithCouponAndPoints();
  const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: m.ticket, amountFen: 120_00, usePoints: true, couponIds: [m.couponId] }, requestId());
  const refund = await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: bought.data.purchaseId }, requestId());
  expect(refund.data).toMatchObject({ pointsReturned: 1000, pointsReversed: 90, pointsOwed: 0, growthReversed: 90, couponsReturned: [{ couponId: m.couponId, status: 'available' }] });
  expect(balances(cloud, m.memberId)).toMatchObject({ points: 1000, growth: 0, debt: 0 });
  const entries = entriesOf(cloud, m.memberId);
  const spend = entries.find((e) => e.kind === 'spend');
  const back = entries.filter((e) => e.source?.type === 'purchase_refund');
  expect(back.map((e) => [e.asset, e.kind, e.amount])).toEqual([
    ['points', 'reversal', 1000],
    ['points', 'reversal', -90],
    ['growth', 'reversal', -90],
  ]);
  expect(back[0].correctsEntryId).toBe(spend._id);
  // The points went back into the bucket they came from (the grant's, ending 2027-12-31).
  expect(cloud.db.dump('accounts').find((a: any) => a._id === `${m.memberId}:points`).buckets).toEqual([{ expiresOn: '2027-12-31', remaining: 1000 }]);
  expect(dump('coupons').find((c) => c._id === m.couponId)).toMatchObject({ status: 'available', usedBy: null });
  expect(shard(m.templateId)).toEqual({ issued: 1, redeemed: 0, unredeemed: 1 });
  // And the coupon serves the next order.
  const again = await callAs(cloud, CASHIER, 'staff', 'priceCheckout', { code: await ticketFor(MEMBER), amountFen: 120_00 });
  expect(again.data.selectedCouponIds).toEqual([m.couponId]);
});

it('a coupon refunded after its validity ended comes back expired and counts as expired', async () => {
  const m = await memberWithCouponAndPoints();
  const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: m.ticket, amountFen: 120_00, couponIds: [m.couponId] }, requestId());
  setClock('2026-06-17T01:00:00Z'); // the 7-day coupon ended at 2026-06-17 00:00 Shanghai
  const refund = await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: bought.data.purchaseId }, requestId());
  expect(refund.data.couponsReturned).toEqual([{ couponId: m.couponId, status: 'expired' }]);
  expect(dump('coupons').find((c) => c._id === m.couponId).status).toBe('expired');
  const template = (await callAs(cloud, OPERATOR, 'admin', 'listCouponTemplates', {})).data.templates[0];
  expect(template).toMatchObject({ issued: 1, redeemed: 0, expired: 1 });
  expect((await callAs(cloud, MEMBER, 'member', 'myCoupons', { status: 'expired' })).data.coupons.map((c: any) => c.couponId)).toEqual([m.couponId]);
});

it('points spent from a bucket that has ended since are given back and expire in the same posting', async () => {
  // Points granted 2026-06-10 end 2027-12-31; the refund happens in 2028.
  const m = await memberWithCouponAndPoints();
  const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: m.ticket, amountFen: 120_00, usePoints: true, couponIds: [] }, requestId());
  // 12000, cap 6000 fen, balance 1000 points → 1000 fen; remainder 11000 → 110 points (bucket 2027-12-31).
  expect(bought.data).toMatchObject({ pointsSpent: 1000, pointsEarned: 110, paidFen: 11000 });
  setClock('2028-01-02T04:00:00Z');
  const refund = await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: bought.data.purchaseId }, requestId());
  // The 110 earned expired with their bucket on 2028-01-01 (gone, not owed); the 1000 come back and expire at once.
  expect(refund.data).toMatchObject({ pointsReturned: 1000, pointsReversed: 0, pointsOwed: 0 });
  expect(balances(cloud, m.memberId)).toMatchObject({ points: 0, debt: 0 });
  const { refundPostingId } = dump('purchases')[0];
  const back = entriesOf(cloud, m.memberId).filter((e) => e.postingId === refundPostingId);
  expect(back.map((e) => [e.asset, e.kind, e.amount])).toEqual([
    ['points', 'expire', -110],
    ['points', 'reversal', 1000],
    ['points', 'expire', -1000],
    ['growth', 'reversal', -110],
  ]);
});

it('five checkouts racing for one coupon: one uses it, the other four are refused and change nothing', async () => {
  const m = await memberWithCouponAndPoints();
  const answers = await Promise.all(
    Array.from({ length: 5 }, () => asPhone(cloud, CASHIER, 'staff', 'recordPurchase', { code: m.ticket, amountFen: 120_00, couponIds: [m.couponId] })),
  );
  expect(answers.filter((a) => a.ok)).toHaveLength(1);
  expect(answers.filter((a) => !a.ok).map((a) => a.code)).toEqual(Array(4).fill('COUPON_USED'));
  expect(dump('purchases')).toHaveLength(1);
  expect(shard(m.templateId)).toEqual({ issued: 1, redeemed: 1, unredeemed: 0 });
  // 12000 − 2000 = 10000 paid once: 100 points on top of the 1000 granted.
  expect(balances(cloud, m.memberId)).toMatchObject({ points: 1100, growth: 100 });
});

it('refuses, changing nothing: another member’s coupon, a used or expired one, points above the cap, a changed price', async () => {
  const m = await memberWithCouponAndPoints();
  await register(cloud, OTHER);
  const otherTemplate = await createTemplate(cloud, { name: '无门槛5元', benefit: { kind: 'no_threshold', amountFen: 500 } });
  const theirs = (await callAs(cloud, OTHER, 'member', 'claimCoupon', { templateId: otherTemplate }, requestId())).data.couponId;
  const refusals: [Record<string, unknown>, string, string][] = [
    [{ couponIds: [theirs] }, 'COUPON_NOT_HELD', '该会员没有这张券'],
    [{ couponIds: ['c-does-not-exist'] }, 'COUPON_NOT_HELD', '该会员没有这张券'],
    [{ couponIds: [m.couponId, m.couponId] }, 'COUPON_DUPLICATE', '同一张券只能用一次'],
    [{ amountFen: 99_99, couponIds: [m.couponId] }, 'COUPON_BELOW_THRESHOLD', '这张券不可用：未达使用门槛（还差 ¥0.01）'],
    // 12000 − 2000 = 10000: at most 5000 fen = 5000 points, but the balance is 1000.
    [{ couponIds: [m.couponId], usePoints: true, pointsRequested: 1001 }, 'POINTS_ABOVE_BALANCE', '积分不足，还差 1 分'],
    [{ amountFen: 10_00, couponIds: [], usePoints: true, pointsRequested: 600 }, 'POINTS_ABOVE_CAP', '本单最多可用 500 积分抵现'],
    [{ couponIds: [m.couponId], expectedRemainderFen: 12000 }, 'PRICE_CHANGED', '价格有变化：还需支付 ¥100（原为 ¥120），请重新核对'],
    [{ walletFen: 100 }, 'INSUFFICIENT_WALLET', '储值余额不足，还差 ¥1'],
  ];
  for (const [change, code, message] of refusals) {
    const before = state();
    const answer = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: m.ticket, amountFen: 120_00, ...change }, requestId());
    expect({ change, answer }).toMatchObject({ change, answer: { ok: false, code, message } });
    expect(state()).toEqual(before);
  }
  setClock('2026-06-17T00:00:00Z'); // 08:00 on the 17th Shanghai: the coupon ended at midnight
  const expiredTicket = await ticketFor(MEMBER);
  expect(await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: expiredTicket, amountFen: 120_00, couponIds: [m.couponId] }, requestId())).toMatchObject({ ok: false, code: 'COUPON_EXPIRED' });
});

it('a coupon for other stores, hours or tiers is listed with its reason and refused when chosen', async () => {
  const member = await register(cloud, MEMBER);
  const store = await createTemplate(cloud, { name: '别店券', storeIds: ['store-test'], stock: 5 });
  await sdkDb().collection('stores').doc('store-b').set({ data: { name: '乙店', address: '乙路', active: true, createdAt: new Date('2026-01-01T00:00:00Z') } });
  const other = await createTemplate(cloud, { name: '乙店券', storeIds: ['store-b'], stock: 5 });
  const evening = await createTemplate(cloud, { name: '晚市券', hours: { from: '18:00', to: '22:00' }, stock: 5 });
  const gold = await createTemplate(cloud, { name: '金卡券', minTierCode: 'gold', stock: 5 });
  void member;
  const ids: Record<string, string> = {};
  for (const [name, templateId] of Object.entries({ store, other, evening })) ids[name] = (await callAs(cloud, MEMBER, 'member', 'claimCoupon', { templateId }, requestId())).data.couponId;
  // The gold coupon is issued (a grant); the member is green, so it cannot be used.
  const goldTemplate = dump('coupon_templates').find((t) => t._id === gold);
  expect(goldTemplate.minTierCode).toBe('gold');
  const quote = await callAs(cloud, CASHIER, 'staff', 'priceCheckout', { code: await ticketFor(MEMBER), amountFen: 120_00 });
  const byName = Object.fromEntries(quote.data.coupons.map((c: any) => [c.name, [c.usable, c.reasonText]]));
  expect(byName).toEqual({ 别店券: [true, null], 乙店券: [false, '本门店不可用'], 晚市券: [false, '当前时段不可用'] });
  const ticket = await ticketFor(MEMBER);
  expect(await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: ticket, amountFen: 120_00, couponIds: [ids.other] }, requestId())).toMatchObject({ ok: false, code: 'COUPON_NOT_FOR_STORE' });
  expect(await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: ticket, amountFen: 120_00, couponIds: [ids.evening] }, requestId())).toMatchObject({ ok: false, code: 'COUPON_OUTSIDE_HOURS' });
  setClock('2026-06-10T11:30:00Z'); // 19:30 Shanghai
  const evening2 = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await ticketFor(MEMBER), amountFen: 120_00, couponIds: [ids.evening] }, requestId());
  expect(evening2.data).toMatchObject({ discountFen: 2000, paidFen: 10000 });
});

it('the tier’s member price applies before coupons and the threshold counts after it; walletEarns off earns on the till only', async () => {
  const db = sdkDb();
  const { _id, ...brand } = (await db.collection('settings').doc('brand').get()).data;
  await db.collection('settings').doc(_id).set({
    data: { ...brand, tiers: brand.tiers.map((t: any) => (t.code === 'green' ? { ...t, benefits: { ...t.benefits, discountPercent: 95 } } : t)), points: { ...brand.points, walletEarns: false } },
  });
  const member = await register(cloud, MEMBER);
  await topUp(cloud, MEMBER, 'p100'); // 10000 principal + 2000 bonus
  const templateId = await createTemplate(cloud);
  const couponId = (await callAs(cloud, MEMBER, 'member', 'claimCoupon', { templateId }, requestId())).data.couponId;
  const ticket = await ticketFor(MEMBER);
  // ¥105.00 at 9.5折: floor(10500 × 95 / 100) = 9975, below the 10000 threshold.
  const below = await callAs(cloud, CASHIER, 'staff', 'priceCheckout', { code: ticket, amountFen: 105_00 });
  expect(below.data).toMatchObject({ memberDiscountFen: 525, couponDiscountFen: 0, selectedCouponIds: [], remainderFen: 9975 });
  expect(below.data.coupons[0]).toMatchObject({ usable: false, reasonText: '未达使用门槛（还差 ¥0.25）' });
  // ¥110.00: 10450 after the member price (550 off), coupon 2000 → 8450; wallet 5000 → till 3450, which alone earns 34.
  const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: ticket, amountFen: 110_00, couponIds: [couponId], walletFen: 5000 }, requestId());
  expect(bought.data).toMatchObject({ discountFen: 2550, paidFen: 8450, walletPaidFen: 5000, pointsEarned: 34, growthEarned: 34 });
  expect(bought.data.lines.map((l: any) => [l.label, l.amountFen])).toEqual([
    ['原价', 11000],
    ['会员价（绿卡 9.5折）', 550],
    ['优惠券（满100减20）', 2000],
    ['储值支付', 5000],
    ['还需支付', 3450],
  ]);
  // The wallet pays principal and bonus in proportion (10000 : 2000): 4166 principal + 834 bonus.
  expect(balances(cloud, member.memberId)).toMatchObject({ points: 34, growth: 34, principal: 5834, bonus: 1166 });
});

it('the cashier’s day log counts what members paid, the discounts and the coupons of purchases not refunded', async () => {
  const m = await memberWithCouponAndPoints();
  await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: m.ticket, amountFen: 120_00, usePoints: true, couponIds: [m.couponId] }, requestId());
  const second = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: m.ticket, amountFen: 30_00 }, requestId());
  await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: second.data.purchaseId }, requestId());
  const log = await callAs(cloud, CASHIER, 'staff', 'myPurchases', {});
  expect(log.data).toMatchObject({ count: 2, takenFen: 9000, discountFen: 3000, couponsUsed: 1 });
  expect(log.data.items[1]).toMatchObject({ amountFen: 12000, discountFen: 3000, paidFen: 9000, pointsSpent: 1000, coupons: [{ name: '满100减20', discountFen: 2000 }] });
});

it('the quote refuses a used or ended coupon for the same reason the confirmation does', async () => {
  const m = await memberWithCouponAndPoints();
  await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: m.ticket, amountFen: 120_00, couponIds: [m.couponId] }, requestId());
  const choice = { code: m.ticket, amountFen: 120_00, couponIds: [m.couponId] };
  expect(await callAs(cloud, CASHIER, 'staff', 'priceCheckout', choice)).toMatchObject({ ok: false, code: 'COUPON_USED', message: '这张券不可用：已使用' });
  expect(await callAs(cloud, CASHIER, 'staff', 'recordPurchase', choice, requestId())).toMatchObject({ ok: false, code: 'COUPON_USED', message: '这张券不可用：已使用' });
  // And another member's coupon stays unknown to this one's quote.
  await register(cloud, OTHER);
  const otherTemplate = await createTemplate(cloud, { name: '无门槛5元', benefit: { kind: 'no_threshold', amountFen: 500 } });
  const theirs = (await callAs(cloud, OTHER, 'member', 'claimCoupon', { templateId: otherTemplate }, requestId())).data.couponId;
  expect(await callAs(cloud, CASHIER, 'staff', 'priceCheckout', { ...choice, couponIds: [theirs] })).toMatchObject({ ok: false, code: 'COUPON_NOT_HELD' });
});
