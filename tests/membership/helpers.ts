import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs } from '../support/cloud';
import { CASHIER, OPERATOR, memberCode, requestId } from '../support/world';
import { createTemplate } from '../coupons/helpers';

// Paid-membership test set-up: two pack templates and an opening-gift template (grant channel),
// plans saved through the admin action, and a purchase paid through the local pay service.

export async function membershipTemplates(cloud: LocalCloud): Promise<{ packA: string; packB: string; opening: string }> {
  const grant = { channel: 'grant', stock: 10_000, perMemberLimit: 100, validity: { type: 'days_after_claim', days: 30, startNextDay: false } };
  return {
    packA: await createTemplate(cloud, { ...grant, name: '月包满100减20' }),
    packB: await createTemplate(cloud, { ...grant, name: '月包无门槛5元', benefit: { kind: 'no_threshold', amountFen: 500 } }),
    opening: await createTemplate(cloud, { ...grant, name: '开卡礼5元', benefit: { kind: 'no_threshold', amountFen: 500 } }),
  };
}

export function planInput(t: { packA: string; packB: string; opening: string }, change: Record<string, unknown> = {}) {
  return {
    name: '月卡',
    kind: 'monthly',
    priceFen: 1990,
    trialPriceFen: 990,
    openingGift: { points: 100, couponTemplateIds: [t.opening] },
    monthlyCouponTemplateIds: [t.packA, t.packB],
    pointsMultiplierPercent: 120,
    memberPricePercent: 95,
    monthlyPackValueFen: 1000,
    ...change,
  };
}

export async function savePlan(cloud: LocalCloud, plan: Record<string, unknown>): Promise<string> {
  const saved = await callAs(cloud, OPERATOR, 'admin', 'savePaidPlan', { plan }, requestId());
  if (!saved.ok) throw new Error(JSON.stringify(saved));
  return saved.data.planId;
}

/** Orders the plan and pays it as the local pay page would (the notification delivered once). */
export async function buyPlan(cloud: LocalCloud, openid: string, planId: string, mode: 'buy' | 'upgrade' = 'buy'): Promise<{ outTradeNo: string; totalFee: number; offer: any }> {
  const order = await callAs(cloud, openid, 'member', 'createPlanOrder', { planId, mode }, requestId());
  if (!order.ok) throw new Error(JSON.stringify(order));
  await cloud.services.completePayment(order.data.outTradeNo);
  return order.data;
}

export async function ticketFor(cloud: LocalCloud, openid: string): Promise<string> {
  const looked = await callAs(cloud, CASHIER, 'staff', 'lookupMember', { code: await memberCode(cloud, openid) });
  if (!looked.ok) throw new Error(JSON.stringify(looked));
  return looked.data.checkoutTicket;
}
