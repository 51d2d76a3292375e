import type { CouponBenefit } from '../contract/coupons';
import type { MembershipView, PeriodView, PlanView } from '../contract/membership';
import { PLAN_MONTHS } from '../contract/membership';
import { yuanText, zheText } from '../platform/money-text';
import { inBrandZone } from '../platform/time';
import type { MembershipDoc, PaidPlanDoc, PeriodDoc } from './collections';
import { coveringPeriod, daysLeft, livePeriods, paidUntil, pointsAsFen } from './pricing';

/** The benefits of a plan in plain Chinese, one per line. */
export function benefitsText(plan: Omit<PaidPlanDoc, '_id' | 'status' | 'version' | 'createdAt' | 'updatedAt' | 'updatedBy'>): string[] {
  const lines: string[] = [];
  if (plan.memberPricePercent < 100) lines.push(`付费会员价 ${zheText(plan.memberPricePercent)}（与等级会员价取更优）`);
  if (plan.pointsMultiplierPercent > 100) lines.push(`消费积分 ×${(plan.pointsMultiplierPercent / 100).toString()}（与等级倍数的加成相加）`);
  if (plan.monthlyCouponTemplateIds.length) {
    lines.push(`每月券包 ${plan.monthlyCouponTemplateIds.length} 张券${plan.monthlyPackValueFen > 0 ? `，价值 ¥${yuanText(plan.monthlyPackValueFen)}` : ''}`);
  }
  const gift = plan.openingGift;
  if (gift.points > 0 || gift.couponTemplateIds.length) {
    const parts = [gift.points > 0 ? `${gift.points} 积分` : '', gift.couponTemplateIds.length ? `${gift.couponTemplateIds.length} 张券` : ''].filter(Boolean);
    lines.push(`开卡礼：${parts.join(' + ')}`);
  }
  lines.push('会员专享券可领可用');
  if (plan.trialPriceFen !== null) lines.push(`首次开通体验价 ¥${yuanText(plan.trialPriceFen)}`);
  return lines;
}

export function planView(plan: PaidPlanDoc): PlanView {
  return {
    planId: plan._id,
    name: plan.name,
    kind: plan.kind,
    months: PLAN_MONTHS[plan.kind],
    priceFen: plan.priceFen,
    trialPriceFen: plan.trialPriceFen,
    openingGift: { points: plan.openingGift.points, couponTemplateIds: [...plan.openingGift.couponTemplateIds] },
    monthlyCouponTemplateIds: [...plan.monthlyCouponTemplateIds],
    pointsMultiplierPercent: plan.pointsMultiplierPercent,
    memberPricePercent: plan.memberPricePercent,
    monthlyPackValueFen: plan.monthlyPackValueFen,
    status: plan.status,
    benefitsText: benefitsText(plan),
  };
}

/** A coupon's face value for the refund formula: the amount off, or a percent coupon's cap; a gift item counts 0. */
export function couponValueFen(benefit: CouponBenefit): number {
  if (benefit.kind === 'amount_off' || benefit.kind === 'no_threshold') return benefit.amountFen;
  if (benefit.kind === 'percent_off') return benefit.capFen;
  return 0;
}

const iso = (d: Date | string) => new Date(d).toISOString();

export function periodView(p: PeriodDoc): PeriodView {
  return { periodId: p.periodId, planId: p.planId, planName: p.planName, kind: p.kind, startsAt: iso(p.startsAt), endsAt: iso(p.endsAt), paidFen: p.paidFen, outTradeNo: p.outTradeNo, refunded: p.refunded };
}

/**
 * What one period has given the member, in fen (README "saved so far"): the member-price savings
 * and extra points (as cash) recorded by its purchases (a refunded purchase took its own back),
 * plus the coupon bundles the member kept — each monthly pack and the opening gift's coupons —
 * by the refund formula's rule (pricing.ts receivedBenefits): a bundle a plan refund withdrew
 * (none of its coupons used) was not kept and does not count.
 */
export function periodSavedFen(
  p: Pick<PeriodDoc, 'savedFen' | 'extraPoints'> & { packs: ReadonlyArray<Pick<PeriodDoc['packs'][number], 'valueFen' | 'withdrawn'>>; openingGift: Pick<NonNullable<PeriodDoc['openingGift']>, 'couponValuesFen' | 'couponsWithdrawn'> | null },
  pointsPerYuan: number | null,
): number {
  const packs = p.packs.reduce((s, k) => s + (k.withdrawn ? 0 : k.valueFen), 0);
  const opening = p.openingGift && !p.openingGift.couponsWithdrawn ? p.openingGift.couponValuesFen : 0;
  return p.savedFen + packs + opening + pointsAsFen(p.extraPoints, pointsPerYuan);
}

export function membershipView(doc: MembershipDoc | null, now: Date, timeZone: string, pointsPerYuan: number | null): MembershipView | null {
  if (!doc || doc.periods.length === 0) return null;
  const until = paidUntil(doc.periods);
  const covering = coveringPeriod(doc.periods, now);
  const live = livePeriods(doc.periods);
  const last = covering ?? live[live.length - 1] ?? doc.periods[doc.periods.length - 1];
  const shown = covering ?? last;
  return {
    status: covering ? 'active' : 'expired',
    planId: last.planId,
    planName: last.planName,
    expiresAt: iso(until ?? last.endsAt),
    daysLeft: daysLeft(until, now, timeZone),
    periods: doc.periods.map(periodView),
    receivedThisPeriod: {
      packs: shown.packs.map((k) => ({ month: k.month, couponCount: k.couponIds.length })),
      openingGift: shown.openingGift !== null,
      extraPoints: shown.extraPoints,
    },
    savedFen: doc.periods.reduce((s, p) => s + periodSavedFen(p, pointsPerYuan), 0),
    trialUsed: doc.trialUsed,
  };
}

export const monthOf = (moment: Date, timeZone: string) => inBrandZone(moment, timeZone).format('YYYY-MM');
