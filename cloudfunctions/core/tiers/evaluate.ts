import type { BrandSettings } from '../brand/settings';
import { entryTier } from '../brand/settings';
import type { GrowthAccountDoc } from '../ledger/accounts';
import type { MemberDoc } from '../members/collections';
import { dayjs } from '../platform/time';
import { markTierGiftsPending } from './gifts-pending';
import { growthHoldingTier, nextReview } from './member-tier';
import { tierAfterReview } from './retention';
import { rankOf } from './rules';

export interface TierDecision {
  update: Partial<Pick<MemberDoc, 'tierCode' | 'tierOverride' | 'downgradeNotice' | 'tierReviewAt' | 'tierGiftsPending' | 'tierGiftsPendingAt' | 'tierGiftWindows'>>;
  /** A downgrade announced now, to tell the member about. */
  notify: { toCode: string; effectiveAt: Date } | null;
}

/** One member's periodic evaluation, as a pure decision (see evaluation-job.ts). */
export function evaluateTier(member: MemberDoc, growth: GrowthAccountDoc, brand: BrandSettings, now: Date): TierDecision {
  const override = member.tierOverride;
  if (override && new Date(override.until).getTime() > now.getTime()) {
    return { update: { tierReviewAt: new Date(override.until) }, notify: null };
  }
  const cleared = override ? { tierOverride: null } : {};
  // What the growth reaches, what it keeps (保级) and where a fall lands: core/tiers/retention.ts.
  const earned = tierAfterReview(brand.tiers, brand.tierPolicy, member.tierCode, growthHoldingTier(growth, brand, now));
  const reviewAfter = (code: string) => (code === entryTier(brand).code ? null : nextReview(now, brand));

  if (rankOf(brand.tiers, earned.code) > rankOf(brand.tiers, member.tierCode)) {
    // An upgrade the evaluation finds (growth no purchase upgraded on): its coupon gifts become due.
    const marked = markTierGiftsPending(
      { tierCode: earned.code, tierGiftsPending: member.tierGiftsPending, tierGiftsPendingAt: member.tierGiftsPendingAt, tierGiftWindows: member.tierGiftWindows },
      brand,
      now,
    );
    const gifts =
      marked.tierGiftsPending !== member.tierGiftsPending ? { tierGiftsPending: marked.tierGiftsPending, tierGiftsPendingAt: marked.tierGiftsPendingAt, tierGiftWindows: marked.tierGiftWindows } : {};
    return { update: { ...cleared, tierCode: earned.code, downgradeNotice: null, tierReviewAt: reviewAfter(earned.code), ...gifts }, notify: null };
  }
  if (rankOf(brand.tiers, earned.code) === rankOf(brand.tiers, member.tierCode)) {
    return { update: { ...cleared, tierCode: earned.code, downgradeNotice: null, tierReviewAt: reviewAfter(earned.code) }, notify: null };
  }
  const notice = member.downgradeNotice;
  if (notice && new Date(notice.effectiveAt).getTime() <= now.getTime()) {
    return { update: { ...cleared, tierCode: earned.code, downgradeNotice: null, tierReviewAt: reviewAfter(earned.code) }, notify: null };
  }
  if (notice) return { update: { ...cleared, tierReviewAt: new Date(notice.effectiveAt) }, notify: null };
  const effectiveAt = dayjs(now).add(brand.tierPolicy.downgradeNoticeDays, 'day').toDate();
  return {
    update: { ...cleared, downgradeNotice: { toCode: earned.code, effectiveAt }, tierReviewAt: effectiveAt },
    notify: { toCode: earned.code, effectiveAt },
  };
}
