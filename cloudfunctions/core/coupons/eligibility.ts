import type { CouponEligibility, CouponIneligibleCode } from '../checkout/coupon-offers';
import { inBrandZone } from '../platform/time';
import type { CouponDoc } from './collections';

// Whether a held coupon may be used here and now, apart from the order's amount (the pricing
// engine checks the threshold). Pure: the caller reads the coupon and passes the moment, the
// store, the member's tier rank and the brand's zone. The first reason that applies is given,
// in this order: owner, used, expired, not yet valid, store, tier, weekday and hours.

export interface UseContext {
  /** The member at the counter (the coupon must be theirs). */
  memberId: string;
  storeId: string;
  now: Date;
  timeZone: string;
  /** The member's tier rank now, and a tier code's rank (unknown codes rank above every tier). */
  tierRank: number;
  rankOf(code: string): number;
  /** Whether a paid membership is in force now (issue 12): members-only coupons need it. */
  paidMember?: boolean;
}

type Judged = Pick<CouponDoc, 'memberId' | 'status' | 'validFrom' | 'validUntil' | 'rules'>;

export function couponEligibility(coupon: Judged, at: UseContext): CouponEligibility {
  const reason = firstReason(coupon, at);
  return reason ? { eligible: false, reason } : { eligible: true };
}

function firstReason(coupon: Judged, at: UseContext): Exclude<CouponIneligibleCode, 'BELOW_THRESHOLD'> | null {
  if (coupon.memberId !== at.memberId) return 'NOT_OWNER';
  if (coupon.status === 'used') return 'USED';
  const now = at.now.getTime();
  if (coupon.status === 'expired' || new Date(coupon.validUntil).getTime() <= now) return 'EXPIRED';
  if (new Date(coupon.validFrom).getTime() > now) return 'NOT_YET_VALID';
  const { rules } = coupon;
  if (rules.storeIds && !rules.storeIds.includes(at.storeId)) return 'NOT_FOR_STORE';
  if (rules.minTierCode && at.tierRank < at.rankOf(rules.minTierCode)) return 'BELOW_TIER';
  if (rules.paidMembersOnly && at.paidMember !== true) return 'MEMBERS_ONLY';
  if (!withinHours(rules, at.now, at.timeZone)) return 'OUTSIDE_HOURS';
  return null;
}

/** Weekdays (ISO, 1 = Monday) and hours ('HH:mm', the end excluded) in the brand's zone. */
export function withinHours(rules: Pick<CouponDoc['rules'], 'weekdays' | 'hours'>, now: Date, timeZone: string): boolean {
  const local = inBrandZone(now, timeZone);
  const isoWeekday = local.day() === 0 ? 7 : local.day();
  if (rules.weekdays && !rules.weekdays.includes(isoWeekday)) return false;
  if (!rules.hours) return true;
  const hhmm = local.format('HH:mm');
  return hhmm >= rules.hours.from && hhmm < rules.hours.to;
}
