import type { LocalCloud } from '../../scripts/local-cloud';
import { membershipExpiryRemindersJob, membershipPacksJob } from '../../cloudfunctions/core/membership/packs';
import { jobContext } from '../overview/support';
import { callAs, snapshotAll } from '../support/cloud';
import { CASHIER, OPERATOR, TEST_BRAND, balances, onASeededCloudEachTest, register, requestId, setClock } from '../support/world';
import { createTemplate } from '../coupons/helpers';
import { buyPlan, membershipTemplates, planInput, savePlan, ticketFor } from './helpers';

// Paid membership over the emulator: buying, stacking, the payment race, the upgrade price,
// benefits stopping at expiry, monthly packs, refunds and members-only coupons.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const M = 'openid-card-holder';
const dump = (name: string) => cloud.db.dump(name) as any[];
const membership = (memberId: string) => dump('paid_memberships').find((m) => m._id === memberId);
const memberDoc = (memberId: string) => dump('members').find((m) => m._id === memberId);
const iso = (d: unknown) => new Date(d as string).toISOString();
const packs = () => membershipPacksJob.run(jobContext(), Date.now() + 30_000);
const packCoupons = (memberId: string) => dump('coupons').filter((c) => c.memberId === memberId && c.source === 'plan_pack');

/**
 * The coupon stock shards' counters as a count over the coupons (the simulation's invariant):
 * issued = its coupons, redeemed = those used, untilCounts = those not used, by validUntil.
 */
function shardMismatches(): string[] {
  const problems: string[] = [];
  for (const shard of dump('coupon_stock')) {
    const coupons = dump('coupons').filter((c) => c.templateId === shard.templateId && c.stockShard === shard.n);
    const until: Record<string, number> = {};
    for (const c of coupons) if (c.status !== 'used') until[String(new Date(c.validUntil).getTime())] = (until[String(new Date(c.validUntil).getTime())] ?? 0) + 1;
    const counted = Object.fromEntries(Object.entries(shard.untilCounts as Record<string, number>).filter(([, n]) => n !== 0));
    const sorted = (r: Record<string, number>) => JSON.stringify(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
    if (shard.issued !== coupons.length) problems.push(`${shard._id} issued ${shard.issued} ≠ ${coupons.length}`);
    if (shard.redeemed !== coupons.filter((c) => c.status === 'used').length) problems.push(`${shard._id} redeemed ${shard.redeemed}`);
    if (sorted(counted) !== sorted(until)) problems.push(`${shard._id} untilCounts ${sorted(counted)} ≠ ${sorted(until)}`);
  }
  return problems;
}

async function expiredCount(templateId: string): Promise<number> {
  const listed = await callAs(cloud, OPERATOR, 'admin', 'listCouponTemplates', {});
  return listed.data.templates.find((x: { templateId: string }) => x.templateId === templateId).expired;
}

function stateWithoutRequests() {
  const { requests: _requests, ...rest } = snapshotAll(cloud);
  return rest;
}

describe('buying and stacking', () => {
  it('a first purchase at the trial price opens a period with its opening gift; a second before expiry stacks after it', async () => {
    setClock('2026-03-01T00:00:00Z');
    const t = await membershipTemplates(cloud);
    const planId = await savePlan(cloud, planInput(t));
    const { memberId } = await register(cloud, M);
    const first = await buyPlan(cloud, M, planId);
    expect(first.totalFee).toBe(990);
    expect(first.offer).toMatchObject({ mode: 'buy', trial: true, payFen: 990 });

    const doc = membership(memberId);
    expect(doc.periods).toHaveLength(1);
    const [p1] = doc.periods;
    expect(p1).toMatchObject({ kind: 'buy', paidFen: 990, trial: true, refunded: false });
    expect(new Date(p1.endsAt).getTime() - new Date(p1.startsAt).getTime()).toBe(31 * 86_400_000); // March in Shanghai
    expect(Math.abs(new Date(p1.startsAt).getTime() - Date.parse('2026-03-01T00:00:00Z'))).toBeLessThan(5_000);
    expect(doc.trialUsed).toBe(true);
    // Opening gift: 100 points by a posting, one coupon issued right after, the outbox empty.
    expect(balances(cloud, memberId).points).toBe(100);
    expect(dump('coupons').filter((c) => c.memberId === memberId && c.source === 'plan_opening_gift')).toHaveLength(1);
    expect(doc.giftsPending).toEqual([]);
    expect(iso(memberDoc(memberId).paidUntil)).toBe(iso(p1.endsAt));
    expect(dump('payment_orders').find((o) => o._id === first.outTradeNo)).toMatchObject({ purpose: 'plan', status: 'paid' });

    setClock('2026-03-20T00:00:00Z');
    const second = await buyPlan(cloud, M, planId);
    expect(second.totalFee).toBe(1990); // no second trial
    const p2 = membership(memberId).periods[1];
    expect(p2.kind).toBe('renew');
    expect(iso(p2.startsAt)).toBe(iso(p1.endsAt));
    expect(p2.openingGift).toBeNull(); // no opening gift on a renewal
    expect(balances(cloud, memberId).points).toBe(100);
    expect(iso(memberDoc(memberId).paidUntil)).toBe(iso(p2.endsAt));

    const status = await callAs(cloud, M, 'member', 'planOrderStatus', { outTradeNo: second.outTradeNo });
    expect(status.data).toMatchObject({ status: 'paid', membership: { status: 'active', trialUsed: true } });
    expect(status.data.membership.periods).toHaveLength(2);
  });

  it('20 parallel deliveries of one payment credit one period and one opening gift', async () => {
    const t = await membershipTemplates(cloud);
    const planId = await savePlan(cloud, planInput(t));
    const { memberId } = await register(cloud, M);
    const order = await callAs(cloud, M, 'member', 'createPlanOrder', { planId, mode: 'buy', expectedPayFen: 990 }, requestId());
    expect(order.ok).toBe(true);
    await Promise.all(Array.from({ length: 20 }, () => cloud.services.completePayment(order.data.outTradeNo)));
    expect(membership(memberId).periods).toHaveLength(1);
    expect(balances(cloud, memberId).points).toBe(100);
    expect(dump('coupons').filter((c) => c.memberId === memberId && c.source === 'plan_opening_gift')).toHaveLength(1);
  });

  it('two trial orders placed at once: one gets the trial price, and both paid credit one trial', async () => {
    setClock('2026-03-01T00:00:00Z');
    const t = await membershipTemplates(cloud);
    const planId = await savePlan(cloud, planInput(t)); // ¥19.90, trial ¥9.90
    const { memberId } = await register(cloud, M);
    const orders = await Promise.all([0, 1].map(() => callAs(cloud, M, 'member', 'createPlanOrder', { planId, mode: 'buy' }, requestId())));
    expect(orders.map((o) => o.ok)).toEqual([true, true]);
    expect(orders.map((o) => o.data.totalFee).sort()).toEqual([1990, 990]);
    expect(orders.map((o) => o.data.offer.trial).sort()).toEqual([false, true]);
    const trialOrder = orders.find((o) => o.data.offer.trial)!.data.outTradeNo;
    expect(membership(memberId).trialReservation).toMatchObject({ outTradeNo: trialOrder });
    for (const o of orders) await cloud.services.completePayment(o.data.outTradeNo);
    const doc = membership(memberId);
    expect(doc.periods.map((p: { paidFen: number; trial: boolean }) => [p.paidFen, p.trial]).sort()).toEqual([
      [1990, false],
      [990, true],
    ]);
    expect(doc.trialUsed).toBe(true);
    expect(doc.trialReservation).toBeNull();
  });

  it('an unpaid trial order holds the trial until it is no longer payable (2 hours)', async () => {
    setClock('2026-03-01T00:00:00Z');
    const t = await membershipTemplates(cloud);
    const planId = await savePlan(cloud, planInput(t));
    const { memberId } = await register(cloud, M);
    const firstRequest = requestId();
    const first = await callAs(cloud, M, 'member', 'createPlanOrder', { planId, mode: 'buy' }, firstRequest);
    expect(first.data.totalFee).toBe(990);
    setClock('2026-03-01T01:00:00Z');
    // Its retry (same request id) is the same order at the same price, still payable.
    const retried = await callAs(cloud, M, 'member', 'createPlanOrder', { planId, mode: 'buy' }, firstRequest);
    expect(retried.data).toMatchObject({ outTradeNo: first.data.outTradeNo, totalFee: 990 });
    expect(retried.data.payment).not.toBeNull();
    const offers = await callAs(cloud, M, 'member', 'paidPlans', {});
    expect(offers.data.offers.find((o: { planId: string; mode: string }) => o.planId === planId && o.mode === 'buy')).toMatchObject({ trial: false, payFen: 1990 });
    const second = await callAs(cloud, M, 'member', 'createPlanOrder', { planId, mode: 'buy' }, requestId());
    expect(second.data).toMatchObject({ totalFee: 1990, offer: { trial: false } });
    // Two hours after the first was placed it cannot be paid any more: the trial is offered again.
    setClock('2026-03-01T02:00:01Z');
    const third = await callAs(cloud, M, 'member', 'createPlanOrder', { planId, mode: 'buy' }, requestId());
    expect(third.data).toMatchObject({ totalFee: 990, offer: { trial: true } });
    expect(membership(memberId).trialReservation).toMatchObject({ outTradeNo: third.data.outTradeNo });
    expect(membership(memberId).periods).toEqual([]);
  });

  it('a stale expected price is refused PRICE_CHANGED and nothing is ordered', async () => {
    const t = await membershipTemplates(cloud);
    const planId = await savePlan(cloud, planInput(t));
    await register(cloud, M);
    const before = stateWithoutRequests();
    const order = await callAs(cloud, M, 'member', 'createPlanOrder', { planId, mode: 'buy', expectedPayFen: 1990 }, requestId());
    expect(order.code).toBe('PRICE_CHANGED');
    expect(stateWithoutRequests()).toEqual(before);
  });
});

describe('the upgrade', () => {
  it('monthly → annual pays the annual price less the unused value, by hand', async () => {
    setClock('2026-03-01T00:00:00Z');
    const t = await membershipTemplates(cloud);
    const monthly = await savePlan(cloud, planInput(t));
    const annual = await savePlan(cloud, planInput(t, { name: '年卡', kind: 'annual', priceFen: 19900, trialPriceFen: null }));
    const { memberId } = await register(cloud, M);
    await buyPlan(cloud, M, monthly); // 990, 1 Mar 08:00 → 1 Apr 08:00 Shanghai (31 days)
    setClock('2026-03-11T12:00:00Z');
    // 20.5 of 31 days left: 990 × 20.5 / 31 = 654.67… → credit 654, pay 19900 − 654 = 19246.
    const upgraded = await buyPlan(cloud, M, annual, 'upgrade');
    expect(upgraded.offer).toMatchObject({ mode: 'upgrade', creditFen: 654, payFen: 19246 });
    expect(upgraded.totalFee).toBe(19246);
    const [cut, year] = membership(memberId).periods;
    expect(Math.abs(new Date(cut.endsAt).getTime() - Date.parse('2026-03-11T12:00:00Z'))).toBeLessThan(5_000);
    expect(cut.upgradedAt).toBeTruthy();
    expect(year).toMatchObject({ kind: 'upgrade', paidFen: 19246, planKind: 'annual' });
    expect(iso(year.startsAt)).toBe(iso(cut.endsAt)); // never overlapping
    expect(year.openingGift).toBeNull();
    // A second upgrade from an annual is refused.
    const again = await callAs(cloud, M, 'member', 'createPlanOrder', { planId: annual, mode: 'upgrade' }, requestId());
    expect(again.code).toBe('PLAN_UPGRADE_NOT_ALLOWED');
  });
});

describe('the paid member price beside the tier discount', () => {
  it('the better of the two by default; both when the brand stacks them (rules, tiers section), by hand', async () => {
    setClock('2026-03-01T00:00:00Z');
    const NO = { pointsMultiplierPercent: 100, discountPercent: 100, birthdayMultiplierPercent: 100, freeItems: [], freeCouponTemplateIds: [] };
    // 绿卡 (the entry tier) at 9折; the plan at 9.5折.
    const tiers = TEST_BRAND.tiers.map((t, i) => ({ ...t, benefits: { ...NO, ...t.benefits, ...(i === 0 ? { discountPercent: 90 } : {}) } }));
    const saveTiers = (tierPolicy: object) => callAs(cloud, OPERATOR, 'admin', 'saveRules', { section: 'tiers', value: { tiers, tierPolicy } }, requestId());
    expect((await saveTiers(TEST_BRAND.tierPolicy)).ok).toBe(true);
    const t = await membershipTemplates(cloud);
    const planId = await savePlan(cloud, planInput(t, { trialPriceFen: null }));
    await register(cloud, M);
    await buyPlan(cloud, M, planId);
    const quote = async () => (await callAs(cloud, CASHIER, 'staff', 'priceCheckout', { code: await ticketFor(cloud, M), amountFen: 100_00, usePoints: false, walletFen: 0 })).data;
    // Better of 90 % and 95 %: ¥100 → ¥90.00, discount 1000.
    expect((await quote()).memberDiscountFen).toBe(1000);
    const stacked = await saveTiers({ ...TEST_BRAND.tierPolicy, stackPaidMemberPrice: true });
    expect(stacked.data.changes).toContain('付费会员价与等级折扣 取较优 → 叠加');
    // Both: floor(10000 × 90 × 95 / 10000) = 8550, discount 1450.
    expect((await quote()).memberDiscountFen).toBe(1450);
    const refused = await saveTiers({ ...TEST_BRAND.tierPolicy, stackPaidMemberPrice: 'yes' });
    expect(refused).toMatchObject({ ok: false, code: 'INVALID_INPUT', field: 'value.tierPolicy.stackPaidMemberPrice' });
  });
});

describe('packs across an upgrade', () => {
  it('an upgrade before the pack job ran: the cut month keeps its one pack, the annual starts next month (found by the simulation)', async () => {
    setClock('2026-03-01T00:00:00Z');
    const t = await membershipTemplates(cloud);
    const monthly = await savePlan(cloud, planInput(t));
    const annual = await savePlan(cloud, planInput(t, { name: '年卡', kind: 'annual', priceFen: 19900, trialPriceFen: null }));
    const { memberId } = await register(cloud, M);
    await buyPlan(cloud, M, monthly); // month 0 of the monthly card begins 1 Mar; no job has run yet
    setClock('2026-03-11T12:00:00Z');
    await buyPlan(cloud, M, annual, 'upgrade');
    await packs(); // late: the cut card's March pack
    const perPack = planInput(t).monthlyCouponTemplateIds.length;
    expect(packCoupons(memberId)).toHaveLength(perPack); // one pack, not the annual's as well
    // A month after the upgrade the annual's first pack comes: two packs in all, a month apart.
    setClock('2026-04-11T12:00:05Z');
    await packs();
    await packs();
    expect(packCoupons(memberId)).toHaveLength(2 * perPack);
    const year = membership(memberId).periods[1];
    expect(year.packs).toHaveLength(1);
  });
});

describe('benefits stop exactly at expiry', () => {
  it('member price at the quote and the ×1.2 multiplier on a purchase one second before the end, neither one second after', async () => {
    setClock('2026-03-01T00:00:00Z');
    const t = await membershipTemplates(cloud);
    const planId = await savePlan(cloud, planInput(t, { trialPriceFen: null }));
    const { memberId } = await register(cloud, M);
    await buyPlan(cloud, M, planId);
    const end = new Date(membership(memberId).periods[0].endsAt).getTime();

    // The clock runs on during a call: aim 1.5 s inside the period, well under the second after.
    setClock(new Date(end - 1_500).toISOString());
    const ticket = await ticketFor(cloud, M);
    const quote = await callAs(cloud, CASHIER, 'staff', 'priceCheckout', { code: ticket, amountFen: 100_00, usePoints: false, walletFen: 0 });
    expect(quote.ok).toBe(true);
    expect(quote.data.memberDiscountFen).toBe(500); // 9.5折 of ¥100
    expect(quote.data.pointsToEarn).toBe(114); // ¥95 × 1.2
    const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: ticket, amountFen: 100_00, walletFen: 0, usePoints: false, couponIds: [], expectedRemainderFen: 9500 }, requestId());
    expect(bought.ok).toBe(true);
    expect(bought.data.pointsEarned).toBe(114);
    // Recorded on the period: the saving beyond the tier's price and the points beyond ×1.0.
    expect(membership(memberId).periods[0]).toMatchObject({ savedFen: 500, extraPoints: 19 });

    setClock(new Date(end + 1_000).toISOString());
    const after = await ticketFor(cloud, M);
    const quoteAfter = await callAs(cloud, CASHIER, 'staff', 'priceCheckout', { code: after, amountFen: 100_00, usePoints: false, walletFen: 0 });
    expect(quoteAfter.data.memberDiscountFen).toBe(0);
    expect(quoteAfter.data.pointsToEarn).toBe(100);
    const boughtAfter = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: after, amountFen: 100_00, walletFen: 0, usePoints: false, couponIds: [] }, requestId());
    expect(boughtAfter.data.pointsEarned).toBe(100);
    expect(membership(memberId).periods[0]).toMatchObject({ savedFen: 500, extraPoints: 19 });
  });
});

describe('monthly packs', () => {
  it('over a year, the job run twice each month and a day late: 12 packs, never 13', async () => {
    setClock('2026-01-31T02:00:00Z');
    const t = await membershipTemplates(cloud);
    const annual = await savePlan(cloud, planInput(t, { name: '年卡', kind: 'annual', priceFen: 19900, trialPriceFen: null }));
    const { memberId } = await register(cloud, M);
    await buyPlan(cloud, M, annual);
    const [period] = membership(memberId).periods;
    const start = new Date(period.startsAt);
    for (let n = 0; n <= 13; n++) {
      // Month n's start (31 Jan + n months, clipped to the month's end) plus a day.
      const monthStart = new Date(start);
      monthStart.setUTCDate(1);
      monthStart.setUTCMonth(start.getUTCMonth() + n);
      const lastDay = new Date(Date.UTC(monthStart.getUTCFullYear(), monthStart.getUTCMonth() + 1, 0)).getUTCDate();
      monthStart.setUTCDate(Math.min(31, lastDay));
      setClock(new Date(monthStart.getTime() + 86_400_000).toISOString());
      await packs();
      await packs();
      expect(membership(memberId).periods[0].packs).toHaveLength(Math.min(n + 1, 12));
    }
    expect(packCoupons(memberId)).toHaveLength(24);
    const months = membership(memberId).periods[0].packs.map((k: any) => k.month);
    expect(new Set(months).size).toBe(12);
    expect(membership(memberId).nextPackAt).toBeNull();
  });

  it('the pack job twice in parallel gives one pack per member', async () => {
    const t = await membershipTemplates(cloud);
    const planId = await savePlan(cloud, planInput(t, { trialPriceFen: null }));
    const ids: string[] = [];
    for (const openid of ['openid-p1', 'openid-p2', 'openid-p3']) {
      ids.push((await register(cloud, openid)).memberId);
      await buyPlan(cloud, openid, planId);
    }
    await Promise.all([packs(), packs()]);
    for (const id of ids) {
      expect(packCoupons(id)).toHaveLength(2);
      expect(membership(id).periods[0].packs).toHaveLength(1);
    }
  });

  it('reminds 7 days and 1 day before the end, once each', async () => {
    setClock('2026-03-01T00:00:00Z');
    const t = await membershipTemplates(cloud);
    const planId = await savePlan(cloud, planInput(t, { trialPriceFen: null }));
    const { memberId } = await register(cloud, M);
    await buyPlan(cloud, M, planId);
    const end = new Date(membership(memberId).periods[0].endsAt).getTime();
    const remind = () => membershipExpiryRemindersJob.run(jobContext(), Date.now() + 30_000);
    setClock(new Date(end - 8 * 86_400_000).toISOString());
    expect((await remind()).processed).toBe(0);
    setClock(new Date(end - 7 * 86_400_000 + 60_000).toISOString());
    expect((await remind()).processed).toBe(1);
    expect((await remind()).processed).toBe(0);
    setClock(new Date(end - 86_400_000 + 60_000).toISOString());
    expect((await remind()).processed).toBe(1);
    expect((await remind()).processed).toBe(0);
    expect(membership(memberId).remindersSent).toHaveLength(2);
    expect(membership(memberId).nextReminderAt).toBeNull();
  });
});

describe('refunds', () => {
  it('the member takes a plan back in full within 7 days when no benefit was used', async () => {
    setClock('2026-03-01T00:00:00Z');
    const t = await membershipTemplates(cloud);
    const planId = await savePlan(cloud, planInput(t));
    const { memberId } = await register(cloud, M);
    const order = await buyPlan(cloud, M, planId);
    setClock('2026-03-05T00:00:00Z');
    const quote = await callAs(cloud, M, 'member', 'planRefundQuote', { outTradeNo: order.outTradeNo });
    expect(quote.data).toMatchObject({ mode: 'full', refundFen: 990, shortfallFen: 0, memberRefusal: null });
    const refunded = await callAs(cloud, M, 'member', 'refundPlan', { outTradeNo: order.outTradeNo }, requestId());
    expect(refunded.ok).toBe(true);
    expect(refunded.data.refundStatus).toBe('submitted');
    expect(dump('wallet_refunds').find((r) => r.outTradeNo === order.outTradeNo)).toMatchObject({ refundFee: 990, totalFee: 990, status: 'submitted' });
    expect(dump('payment_orders').find((o) => o._id === order.outTradeNo).status).toBe('refunded');
    expect(membership(memberId).periods[0]).toMatchObject({ refunded: true });
    expect(memberDoc(memberId).paidUntil).toBeNull();
    expect(balances(cloud, memberId).points).toBe(0); // the opening gift's points taken back
    const [gift] = dump('coupons').filter((c) => c.memberId === memberId && c.source === 'plan_opening_gift');
    expect(gift.status).toBe('expired');
    // Withdrawn = ended now (its 30 days would have run to 31 Mar): it reads expired everywhere a
    // lapsed coupon does, and its shard counts it expired at once (the key moved to the withdrawal).
    expect(Math.abs(new Date(gift.validUntil).getTime() - Date.parse('2026-03-05T00:00:00Z'))).toBeLessThan(5_000);
    expect(gift.withdrawnFrom).toBeDefined();
    expect(new Date(gift.withdrawnFrom).getTime()).toBeGreaterThan(Date.parse('2026-03-30T00:00:00Z'));
    expect(shardMismatches()).toEqual([]);
    expect(await expiredCount(t.opening)).toBe(1);
    const expiredTab = await callAs(cloud, M, 'member', 'myCoupons', { status: 'expired' });
    expect(expiredTab.data.coupons.map((c: { couponId: string; status: string }) => [c.couponId, c.status])).toEqual([[gift._id, 'expired']]);
    const availableTab = await callAs(cloud, M, 'member', 'myCoupons', { status: 'available' });
    expect(availableTab.data.coupons).toEqual([]);
  });

  it('refuses the member once a benefit was used, and changes nothing', async () => {
    setClock('2026-03-01T00:00:00Z');
    const t = await membershipTemplates(cloud);
    const planId = await savePlan(cloud, planInput(t));
    await register(cloud, M);
    const order = await buyPlan(cloud, M, planId);
    const ticket = await ticketFor(cloud, M);
    expect((await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: ticket, amountFen: 100_00, walletFen: 0, usePoints: false, couponIds: [] }, requestId())).ok).toBe(true);
    const before = stateWithoutRequests();
    const refused = await callAs(cloud, M, 'member', 'refundPlan', { outTradeNo: order.outTradeNo }, requestId());
    expect(refused.code).toBe('PLAN_REFUND_NOT_ALLOWED');
    expect(refused.message).toContain('付费会员价');
    expect(stateWithoutRequests()).toEqual(before);
  });

  it('a renewal paid more than a year ago is refused REFUND_WINDOW_CLOSED and nothing changes (WeChat Pay refunds within a year; found by the simulation)', async () => {
    setClock('2026-03-01T00:00:00Z');
    const t = await membershipTemplates(cloud);
    const annual = await savePlan(cloud, planInput(t, { name: '年卡', kind: 'annual', priceFen: 19900, trialPriceFen: null }));
    const { memberNo } = await register(cloud, M);
    await buyPlan(cloud, M, annual); // 1 Mar 2026 → 1 Mar 2027
    setClock('2026-03-02T00:00:00Z');
    const renewal = await buyPlan(cloud, M, annual); // paid 2 Mar 2026, runs 1 Mar 2027 → 1 Mar 2028
    // Refunds close 365 − 2 days after the payment: 28 Feb 2027 00:00Z. The renewal is still mostly unused.
    setClock('2027-02-28T00:00:01Z');
    const before = stateWithoutRequests();
    const quote = await callAs(cloud, M, 'member', 'planRefundQuote', { outTradeNo: renewal.outTradeNo });
    expect(quote.code).toBe('REFUND_WINDOW_CLOSED');
    const refused = await callAs(cloud, OPERATOR, 'admin', 'refundPlanByOperator', { memberNo, outTradeNo: renewal.outTradeNo, reason: '顾客搬家', expectedRefundFen: 19000 }, requestId());
    expect(refused.code).toBe('REFUND_WINDOW_CLOSED');
    expect(refused.message).toContain('2027年2月28日');
    expect(stateWithoutRequests()).toEqual(before);
  });

  it('an operator refunds pro rata, figures by hand, audited; unused coupon bundles are withdrawn and not counted', async () => {
    setClock('2026-03-01T00:00:00Z');
    const t = await membershipTemplates(cloud);
    const annual = await savePlan(cloud, planInput(t, { name: '年卡', kind: 'annual', priceFen: 19900, trialPriceFen: null }));
    const { memberId, memberNo } = await register(cloud, M);
    const order = await buyPlan(cloud, M, annual); // 1 Mar 2026 08:00 → 1 Mar 2027 08:00 Shanghai: 365 days
    await packs(); // month 0's pack, worth 1000
    setClock('2026-03-11T00:00:00Z'); // 11 Mar 08:00 Shanghai: 1–11 Mar begun, 354 days unused
    const listed = await callAs(cloud, OPERATOR, 'admin', 'memberPlanOrders', { memberNo });
    // unused = floor(19900 × 354 / 365) = floor(19300.27…) = 19300. No coupon of the pack or of the
    // opening gift was used, so neither counts (they are withdrawn); benefits = the opening 100
    // points at 100 points = ¥1 = 100; refund = 19300 − 100 = 19200.
    expect(listed.data.quotes).toEqual([
      expect.objectContaining({ outTradeNo: order.outTradeNo, mode: 'pro_rata', totalDays: 365, unusedDays: 354, unusedValueFen: 19300, benefitsReceivedFen: 100, refundFen: 19200, shortfallFen: 0 }),
    ]);
    const stale = await callAs(cloud, OPERATOR, 'admin', 'refundPlanByOperator', { memberNo, outTradeNo: order.outTradeNo, reason: '顾客搬家', expectedRefundFen: 17700 }, requestId());
    expect(stale.code).toBe('PRICE_CHANGED');
    const done = await callAs(cloud, OPERATOR, 'admin', 'refundPlanByOperator', { memberNo, outTradeNo: order.outTradeNo, reason: '顾客搬家', expectedRefundFen: 19200 }, requestId());
    expect(done.ok).toBe(true);
    expect(dump('wallet_refunds').find((r) => r.outTradeNo === order.outTradeNo)).toMatchObject({ refundFee: 19200, totalFee: 19900 });
    expect(done.data.membership.status).toBe('expired');
    // The pack's and the opening gift's coupons are withdrawn; the points stay (counted in the benefits).
    expect(packCoupons(memberId).map((c) => c.status)).toEqual(['expired', 'expired']);
    expect(dump('coupons').filter((c) => c.memberId === memberId && c.source === 'plan_opening_gift').map((c) => c.status)).toEqual(['expired']);
    expect(shardMismatches()).toEqual([]);
    expect(balances(cloud, memberId).points).toBe(100);
    expect(dump('audit_log').find((e) => e.action === 'refundPlanByOperator')).toMatchObject({ reason: '顾客搬家', target: { kind: 'member', id: memberId } });
  });

  it('a pack of which a coupon was used counts and stays with the member whole; the unused opening coupon is withdrawn', async () => {
    setClock('2026-03-01T00:00:00Z');
    const t = await membershipTemplates(cloud);
    const annual = await savePlan(cloud, planInput(t, { name: '年卡', kind: 'annual', priceFen: 19900, trialPriceFen: null }));
    const { memberId, memberNo } = await register(cloud, M);
    const order = await buyPlan(cloud, M, annual);
    await packs();
    setClock('2026-03-05T00:00:00Z');
    const packB = packCoupons(memberId).find((c) => c.templateId === t.packB);
    const packA = packCoupons(memberId).find((c) => c.templateId === t.packA);
    const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await ticketFor(cloud, M), amountFen: 100_00, walletFen: 0, usePoints: false, couponIds: [packB._id] }, requestId());
    expect(bought.ok).toBe(true);
    // ¥100: 9.5折 saves 500 beyond the tier's (no discount) price; 无门槛5元 → pays 9000; 90 yuan ×1.2
    // = 108 points, 90 without the plan: 18 extra. Points 100 (opening) + 108 = 208.
    expect(membership(memberId).periods[0]).toMatchObject({ savedFen: 500, extraPoints: 18 });
    expect(balances(cloud, memberId).points).toBe(208);
    setClock('2026-03-11T00:00:00Z');
    // unused 19300 (as above). Benefits: the pack (a coupon used) 1000 + opening coupon (none used) 0
    // + saving 500 + (18 + 100) points = 118 → 1618; refund = 19300 − 1618 = 17682.
    const listed = await callAs(cloud, OPERATOR, 'admin', 'memberPlanOrders', { memberNo });
    expect(listed.data.quotes[0]).toMatchObject({ mode: 'pro_rata', unusedValueFen: 19300, benefitsReceivedFen: 1618, refundFen: 17682, shortfallFen: 0 });
    const done = await callAs(cloud, OPERATOR, 'admin', 'refundPlanByOperator', { memberNo, outTradeNo: order.outTradeNo, reason: '顾客搬家', expectedRefundFen: 17682 }, requestId());
    expect(done.ok).toBe(true);
    const coupon = (id: string) => dump('coupons').find((c) => c._id === id);
    // The pack was paid for: its unused 满100减20 stays available, the used one stays used.
    expect(coupon(packA._id)).toMatchObject({ status: 'available' });
    expect(coupon(packA._id).withdrawnAt).toBeUndefined();
    expect(coupon(packB._id)).toMatchObject({ status: 'used' });
    expect(dump('coupons').filter((c) => c.memberId === memberId && c.source === 'plan_opening_gift').map((c) => c.status)).toEqual(['expired']);
    expect(shardMismatches()).toEqual([]);
    expect(balances(cloud, memberId).points).toBe(208);
  });

  it('refuses PLAN_REFUND_ZERO with the shortfall; a refunded purchase no longer counts, and the pack of its coupon no longer counts', async () => {
    setClock('2026-03-01T00:00:00Z');
    const t = await membershipTemplates(cloud);
    const planId = await savePlan(cloud, planInput(t, { trialPriceFen: null }));
    const { memberId, memberNo } = await register(cloud, M);
    const order = await buyPlan(cloud, M, planId); // 1 Mar 08:00 → 1 Apr 08:00 Shanghai: 31 days
    await packs();
    setClock('2026-03-05T00:00:00Z');
    const packB = packCoupons(memberId).find((c) => c.templateId === t.packB);
    const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await ticketFor(cloud, M), amountFen: 100_00, walletFen: 0, usePoints: false, couponIds: [packB._id] }, requestId());
    expect(bought.ok).toBe(true); // saving 500, 18 extra points (as in the test above)
    setClock('2026-03-11T00:00:00Z');
    // 20 days unused: floor(1990 × 20 / 31) = floor(1283.87…) = 1283; benefits: the pack 1000 + saving
    // 500 + (18 + 100) points 118 = 1618 → shortfall 1618 − 1283 = 335.
    const listed = await callAs(cloud, OPERATOR, 'admin', 'memberPlanOrders', { memberNo });
    expect(listed.data.quotes[0]).toMatchObject({ unusedDays: 20, totalDays: 31, unusedValueFen: 1283, benefitsReceivedFen: 1618, refundFen: 0, shortfallFen: 335 });
    const before = stateWithoutRequests();
    const refused = await callAs(cloud, OPERATOR, 'admin', 'refundPlanByOperator', { memberNo, outTradeNo: order.outTradeNo, reason: '测试', expectedRefundFen: 0 }, requestId());
    expect(refused.code).toBe('PLAN_REFUND_ZERO');
    expect(refused.message).toContain('¥3.35');
    expect(stateWithoutRequests()).toEqual(before);

    // The purchase is refunded: its saving and extra points come off the period, and its coupon
    // comes back, so the pack has no coupon used any more.
    const back = await callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: bought.data.purchaseId }, requestId());
    expect(back.ok).toBe(true);
    expect(membership(memberId).periods[0]).toMatchObject({ savedFen: 0, extraPoints: 0 });
    expect(dump('coupons').find((c) => c._id === packB._id).status).toBe('available');
    // Benefits now: the opening 100 points = 100; refund = 1283 − 100 = 1183.
    const again = await callAs(cloud, OPERATOR, 'admin', 'memberPlanOrders', { memberNo });
    expect(again.data.quotes[0]).toMatchObject({ unusedValueFen: 1283, benefitsReceivedFen: 100, refundFen: 1183, shortfallFen: 0 });
    const done = await callAs(cloud, OPERATOR, 'admin', 'refundPlanByOperator', { memberNo, outTradeNo: order.outTradeNo, reason: '测试', expectedRefundFen: 1183 }, requestId());
    expect(done.ok).toBe(true);
    expect(dump('wallet_refunds').find((r) => r.outTradeNo === order.outTradeNo)).toMatchObject({ refundFee: 1183, totalFee: 1990 });
    // Every coupon of the plan withdrawn: the pack's two and the opening gift's one.
    expect(dump('coupons').filter((c) => c.memberId === memberId).map((c) => c.status)).toEqual(['expired', 'expired', 'expired']);
    expect(shardMismatches()).toEqual([]);
    expect(balances(cloud, memberId).points).toBe(100);
  });
});

describe('members-only coupons', () => {
  it('are refused to a member without a paid membership and given to one with it', async () => {
    const t = await membershipTemplates(cloud);
    const planId = await savePlan(cloud, planInput(t));
    const onlyMembers = await createTemplate(cloud, { name: '会员专享券', paidMembersOnly: true, perMemberLimit: 1 });
    await register(cloud, 'openid-plain');
    const before = stateWithoutRequests();
    const refused = await callAs(cloud, 'openid-plain', 'member', 'claimCoupon', { templateId: onlyMembers }, requestId());
    expect(refused).toMatchObject({ ok: false, code: 'MEMBERS_ONLY', message: '该券仅限付费会员' });
    expect(stateWithoutRequests()).toEqual(before);
    await register(cloud, M);
    await buyPlan(cloud, M, planId);
    const claimed = await callAs(cloud, M, 'member', 'claimCoupon', { templateId: onlyMembers }, requestId());
    expect(claimed.ok).toBe(true);
  });
});

describe('bad input on every new action', () => {
  it('answers a typed error and changes nothing', async () => {
    const t = await membershipTemplates(cloud);
    const planId = await savePlan(cloud, planInput(t));
    const { memberNo } = await register(cloud, M);
    const before = stateWithoutRequests();
    const cases: Array<[string, string, string, unknown, string]> = [
      [M, 'member', 'paidPlans', { extra: 1 }, 'INVALID_INPUT'],
      [M, 'member', 'createPlanOrder', { planId: 'bad id!', mode: 'buy' }, 'INVALID_INPUT'],
      [M, 'member', 'createPlanOrder', { planId, mode: 'rent' }, 'INVALID_INPUT'],
      [M, 'member', 'createPlanOrder', { planId, mode: 'buy', expectedPayFen: -1 }, 'INVALID_INPUT'],
      [M, 'member', 'createPlanOrder', { planId: 'plan-none', mode: 'buy' }, 'PLAN_NOT_FOUND'],
      [M, 'member', 'createPlanOrder', { planId, mode: 'upgrade' }, 'PLAN_UPGRADE_NOT_ALLOWED'],
      [M, 'member', 'planOrderStatus', { outTradeNo: '' }, 'INVALID_INPUT'],
      [M, 'member', 'planOrderStatus', { outTradeNo: 'Pnone' }, 'ORDER_NOT_FOUND'],
      [M, 'member', 'planRefundQuote', {}, 'INVALID_INPUT'],
      [M, 'member', 'planRefundQuote', { outTradeNo: 'Pnone' }, 'ORDER_NOT_FOUND'],
      [M, 'member', 'refundPlan', { outTradeNo: 123 }, 'INVALID_INPUT'],
      [M, 'member', 'refundPlan', { outTradeNo: 'Pnone' }, 'ORDER_NOT_FOUND'],
      [OPERATOR, 'admin', 'paidPlansAdmin', { extra: 1 }, 'INVALID_INPUT'],
      [OPERATOR, 'admin', 'savePaidPlan', { plan: planInput(t, { priceFen: 0 }) }, 'INVALID_INPUT'],
      [OPERATOR, 'admin', 'savePaidPlan', { plan: planInput(t, { trialPriceFen: 1990 }) }, 'INVALID_INPUT'],
      [OPERATOR, 'admin', 'savePaidPlan', { plan: planInput(t, { monthlyCouponTemplateIds: ['ct-none'] }) }, 'INVALID_INPUT'],
      [OPERATOR, 'admin', 'savePaidPlan', { planId: 'plan-none', plan: planInput(t) }, 'PLAN_NOT_FOUND'],
      [OPERATOR, 'admin', 'setPaidPlanStatus', { planId, status: 'gone' }, 'INVALID_INPUT'],
      [OPERATOR, 'admin', 'setPaidPlanStatus', { planId: 'plan-none', status: 'paused' }, 'PLAN_NOT_FOUND'],
      [OPERATOR, 'admin', 'memberPlanOrders', { memberNo: '1' }, 'INVALID_INPUT'],
      [OPERATOR, 'admin', 'refundPlanByOperator', { memberNo, outTradeNo: 'Pnone', expectedRefundFen: 0 }, 'INVALID_INPUT'],
      [OPERATOR, 'admin', 'refundPlanByOperator', { memberNo, outTradeNo: 'Pnone', reason: '测试', expectedRefundFen: 0 }, 'ORDER_NOT_FOUND'],
    ];
    for (const [openid, fn, action, data, code] of cases) {
      const answer = await callAs(cloud, openid, fn, action, data, requestId());
      expect({ action, data, code: answer.code }).toEqual({ action, data, code });
    }
    expect(stateWithoutRequests()).toEqual(before);
  });
});
