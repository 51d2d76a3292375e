import type { LocalCloud } from '../../scripts/local-cloud';
import { membershipPacksJob } from '../../cloudfunctions/core/membership/packs';
import { periodSavedFen } from '../../cloudfunctions/core/membership/views';
import { jobContext } from '../overview/support';
import { callAs } from '../support/cloud';
import { CASHIER, OPERATOR, onASeededCloudEachTest, register, requestId, setClock } from '../support/world';
import { buyPlan, membershipTemplates, planInput, savePlan, ticketFor } from './helpers';

// "Saved so far" (MembershipView.savedFen) counts only what the member kept: the packs and the
// opening gift's coupons a plan refund did not withdraw (the refund formula's rule), plus the
// member-price savings and extra points of purchases not refunded.

describe('periodSavedFen, by hand', () => {
  const pack = (valueFen: number, withdrawn?: boolean) => ({ valueFen, ...(withdrawn === undefined ? {} : { withdrawn }) });
  const opening = (couponValuesFen: number, couponsWithdrawn?: boolean) => ({ couponValuesFen, ...(couponsWithdrawn === undefined ? {} : { couponsWithdrawn }) });
  it.each([
    // [period, pointsPerYuan, expected]
    // Nothing refunded: two packs 1000 each + opening coupons 500 + saving 500 + 18 extra points at 100 points/¥ (18 fen).
    [{ packs: [pack(1000), pack(1000)], openingGift: opening(500), savedFen: 500, extraPoints: 18 }, 100, 2000 + 500 + 500 + 18],
    // Refunded with nothing used: every bundle withdrawn → 0.
    [{ packs: [pack(1000, true)], openingGift: opening(500, true), savedFen: 0, extraPoints: 0 }, 100, 0],
    // Refunded after a pack coupon was used: that pack kept (1000), the opening coupons withdrawn, saving 500, 18 extra points.
    [{ packs: [pack(1000, false), pack(1000, true)], openingGift: opening(500, true), savedFen: 500, extraPoints: 18 }, 100, 1518],
    // A pack that came short (pro rata 666) kept; no opening gift (a renewal); points cannot pay (null) → points count 0.
    [{ packs: [pack(666)], openingGift: null, savedFen: 30, extraPoints: 250 }, null, 696],
    // 250 extra points at 3 points/¥: floor(250 × 100 / 3) = floor(8333.3) = 8333.
    [{ packs: [], openingGift: opening(0), savedFen: 0, extraPoints: 250 }, 3, 8333],
  ])('case %#', (period, pointsPerYuan, expected) => {
    expect(periodSavedFen(period, pointsPerYuan)).toBe(expected);
  });
});

describe('saved so far over the emulator', () => {
  let cloud: LocalCloud;
  onASeededCloudEachTest((seeded) => (cloud = seeded));
  const M = 'openid-saver';
  const packs = () => membershipPacksJob.run(jobContext(), Date.now() + 30_000);
  const dump = (name: string) => cloud.db.dump(name) as any[];
  const savedFen = async () => (await callAs(cloud, M, 'member', 'paidPlans', {})).data.membership.savedFen;

  it('a full refund withdraws the pack and the opening coupon: saved goes back to 0 (it showed the pack before)', async () => {
    setClock('2026-03-01T00:00:00Z');
    const t = await membershipTemplates(cloud);
    const planId = await savePlan(cloud, planInput(t, { trialPriceFen: null }));
    const { memberId } = await register(cloud, M);
    const order = await buyPlan(cloud, M, planId);
    await packs();
    // Kept while the period runs: the pack 1000 + the opening coupon (无门槛5元) 500.
    expect(await savedFen()).toBe(1500);
    setClock('2026-03-03T00:00:00Z');
    const refunded = await callAs(cloud, M, 'member', 'refundPlan', { outTradeNo: order.outTradeNo }, requestId());
    expect(refunded.ok).toBe(true);
    expect(refunded.data.membership.savedFen).toBe(0);
    expect(await savedFen()).toBe(0);
    const [period] = dump('paid_memberships').find((m) => m._id === memberId).periods;
    expect(period.packs.map((k: { withdrawn?: boolean }) => k.withdrawn)).toEqual([true]);
    expect(period.openingGift.couponsWithdrawn).toBe(true);
  });

  it('an operator refund after a pack coupon was used: the kept pack, the saving and the extra points count; the withdrawn opening coupon does not', async () => {
    setClock('2026-03-01T00:00:00Z');
    const t = await membershipTemplates(cloud);
    const annual = await savePlan(cloud, planInput(t, { name: '年卡', kind: 'annual', priceFen: 19900, trialPriceFen: null }));
    const { memberId, memberNo } = await register(cloud, M);
    const order = await buyPlan(cloud, M, annual);
    await packs();
    setClock('2026-03-05T00:00:00Z');
    const packB = dump('coupons').find((c) => c.memberId === memberId && c.source === 'plan_pack' && c.templateId === t.packB);
    const bought = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await ticketFor(cloud, M), amountFen: 100_00, walletFen: 0, usePoints: false, couponIds: [packB._id] }, requestId());
    expect(bought.ok).toBe(true);
    // Before the refund: pack 1000 + opening coupon 500 + saving 500 + 18 extra points (18 fen at 100 points/¥) = 2018.
    expect(await savedFen()).toBe(2018);
    setClock('2026-03-11T00:00:00Z');
    // The quote: 19300 unused − (pack 1000 + saving 500 + 118 points) = 17682 (as in scenarios.test.ts).
    const done = await callAs(cloud, OPERATOR, 'admin', 'refundPlanByOperator', { memberNo, outTradeNo: order.outTradeNo, reason: '顾客搬家', expectedRefundFen: 17682 }, requestId());
    expect(done.ok).toBe(true);
    // Kept: the pack (a coupon used) 1000 + saving 500 + 18 = 1518; the opening coupon (none used) was withdrawn.
    expect(done.data.membership.savedFen).toBe(1518);
    expect(await savedFen()).toBe(1518);
    const listed = await callAs(cloud, OPERATOR, 'admin', 'memberPlanOrders', { memberNo });
    expect(listed.data.membership.savedFen).toBe(1518);
  });
});
