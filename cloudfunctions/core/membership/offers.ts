import type { PlanOfferView } from '../contract/membership';
import { PLAN_MONTHS } from '../contract/membership';
import { BusinessError } from '../platform/business-error';
import { type MembershipDoc, type PaidPlanDoc, trialHeld } from './collections';
import { coveringPeriod, nextPeriod, offerPriceFen, upgradePrice, addMonths } from './pricing';

/**
 * What buying (or upgrading to) `plan` costs the member at `now`, priced on the server. Buy: the
 * trial price on a first purchase while no unpaid trial order holds it, else the price; the period stacks after the last one. Upgrade:
 * only from a monthly or quarterly period covering now to an annual plan (PLAN_UPGRADE_NOT_ALLOWED
 * otherwise); the annual period starts now and the unused value of the periods cut is credited.
 */
export function offerFor(
  plan: PaidPlanDoc,
  membership: MembershipDoc | null,
  mode: 'buy' | 'upgrade',
  now: Date,
  timeZone: string,
  options: { trialBlocked?: boolean } = {},
): PlanOfferView {
  const periods = membership?.periods ?? [];
  const months = PLAN_MONTHS[plan.kind];
  if (mode === 'buy') {
    // A trial order placed and not paid yet holds the trial: no second order is offered it meanwhile.
    // `trialBlocked`: its reservation ran out but WeChat Pay did not confirm it closed (orders.ts).
    const price = offerPriceFen(plan, { everPaid: periods.length > 0, trialUsed: (membership?.trialUsed ?? false) || trialHeld(membership, now) || options.trialBlocked === true });
    const span = nextPeriod(periods, now, months, timeZone);
    return { planId: plan._id, mode, payFen: price.payFen, startsAt: span.startsAt.toISOString(), endsAt: span.endsAt.toISOString(), creditFen: 0, trial: price.trial };
  }
  const covering = coveringPeriod(periods, now);
  if (plan.kind !== 'annual' || !covering || covering.planKind === 'annual') throw new BusinessError('PLAN_UPGRADE_NOT_ALLOWED');
  const { creditFen, payFen } = upgradePrice(periods, now, plan.priceFen);
  // A payment of 0 cannot be placed with WeChat Pay: the member's stacked periods are worth more than a year.
  if (payFen <= 0) throw new BusinessError('PLAN_UPGRADE_NOT_ALLOWED', '剩余会员时长的价值已超过年卡价格，无需升级');
  return { planId: plan._id, mode, payFen, startsAt: now.toISOString(), endsAt: addMonths(now, months, timeZone).toISOString(), creditFen, trial: false };
}

/** Every offer the member may take now (the upgrade ones only where allowed). */
export function offersFor(plans: PaidPlanDoc[], membership: MembershipDoc | null, now: Date, timeZone: string): PlanOfferView[] {
  const offers: PlanOfferView[] = [];
  for (const plan of plans) {
    offers.push(offerFor(plan, membership, 'buy', now, timeZone));
    try {
      offers.push(offerFor(plan, membership, 'upgrade', now, timeZone));
    } catch (error) {
      if (!(error instanceof BusinessError)) throw error;
    }
  }
  return offers;
}
