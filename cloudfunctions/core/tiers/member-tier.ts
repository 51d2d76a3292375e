import type { BrandSettings, TierDefinition } from '../brand/settings';
import { entryTier, tierByCode } from '../brand/settings';
import type { GrowthAccountDoc } from '../ledger/accounts';
import type { MemberDoc } from '../members/collections';
import { inBrandZone } from '../platform/time';
import { markTierGiftsPending } from './gifts-pending';
import { rankOf, tierForGrowth, windowGrowth } from './rules';

/** The tier that applies now: an operator's override until its end, else the earned tier. */
export function effectiveTier(member: MemberDoc, brand: BrandSettings, now: Date): TierDefinition {
  const override = member.tierOverride;
  if (override && new Date(override.until).getTime() > now.getTime()) return tierByCode(brand, override.code);
  return tierByCode(brand, member.tierCode);
}

export function currentWindowGrowth(growth: GrowthAccountDoc, brand: BrandSettings, now: Date): number {
  return windowGrowth(growth.months, now, brand.timeZone, brand.tierPolicy.windowMonths);
}

/**
 * What a downgrade is judged on: the better of the window ending this month and the one that
 * ended last month. A review on the 1st would otherwise judge a window whose last month has just
 * begun (11 months of growth in effect); this way a month's growth holds the tier for 12 whole
 * months after it, and growth earned this month still counts before a notice runs out.
 */
export function growthHoldingTier(growth: GrowthAccountDoc, brand: BrandSettings, now: Date): number {
  const lastMonth = inBrandZone(now, brand.timeZone).startOf('month').subtract(1, 'month').toDate();
  return Math.max(currentWindowGrowth(growth, brand, now), windowGrowth(growth.months, lastMonth, brand.timeZone, brand.tierPolicy.windowMonths));
}

/**
 * After growth was credited: upgrades at once when the window reaches a higher tier.
 * Never lowers a tier (that waits for the periodic evaluation and its notice). The member it
 * answers also has the new tier's coupon gifts marked due (markTierGiftsPending).
 */
export function upgradeIfEarned(member: MemberDoc, growth: GrowthAccountDoc, brand: BrandSettings, now: Date): MemberDoc | null {
  const reached = tierForGrowth(brand.tiers, currentWindowGrowth(growth, brand, now));
  if (rankOf(brand.tiers, reached.code) <= rankOf(brand.tiers, member.tierCode)) return null;
  // The new tier's coupon gifts become due in the same write (the tier-gift outbox).
  return markTierGiftsPending({ ...member, tierCode: reached.code, downgradeNotice: null, tierReviewAt: nextReview(now, brand) }, brand, now);
}

/**
 * After a refund took back the growth of a purchase that upgraded the member from
 * `upgradedFrom`: the tier falls at once to the better of `upgradedFrom` and what the growth
 * left still holds (growthHoldingTier), never below either. A tier the member reached some other
 * way is kept; lowering it waits for the periodic evaluation and its notice, as before.
 */
export function undoUnearnedUpgrade(member: MemberDoc, upgradedFrom: string, growth: GrowthAccountDoc, brand: BrandSettings, now: Date): MemberDoc | null {
  const held = tierForGrowth(brand.tiers, growthHoldingTier(growth, brand, now));
  const floor = rankOf(brand.tiers, upgradedFrom) > rankOf(brand.tiers, held.code) ? upgradedFrom : held.code;
  if (rankOf(brand.tiers, floor) >= rankOf(brand.tiers, member.tierCode)) return null;
  return { ...member, tierCode: floor, downgradeNotice: null, tierReviewAt: floor === entryTier(brand).code ? null : nextReview(now, brand) };
}

/** Tiers are evaluated on the first day of each brand-zone month. */
export function nextReview(now: Date, brand: BrandSettings): Date {
  return inBrandZone(now, brand.timeZone).startOf('month').add(1, 'month').toDate();
}
