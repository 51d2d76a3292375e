import { type BrandSettings, tierByCode } from '../brand/settings';
import type { MemberDoc } from '../members/collections';
import { inBrandZone } from '../platform/time';
import { monthOf } from './rules';

/**
 * The tier-gift outbox mark: `upgraded` (the member as an upgrade must write it) also notes that
 * its new tier's coupon gifts (benefits.freeCouponTemplateIds) are due. Written in the upgrade's
 * own transaction, so an upgrade that commits always leaves its gifts due, and one that does not
 * leaves nothing; the tier-gifts job (coupons/tier-gifts.ts) issues them and clears the mark.
 * A tier without gifts, or already pending, leaves the member as it is.
 *
 * Once per tier per window (issue 12): marking a tier opens its gift window, `windowMonths`
 * brand-zone months from the month it was reached (tierGiftWindows[code] = 'YYYY-MM', the key's
 * window part); reaching the same tier again before that window ends is not marked. Pure.
 */
export function markTierGiftsPending<M extends Pick<MemberDoc, 'tierCode' | 'tierGiftsPending' | 'tierGiftsPendingAt' | 'tierGiftWindows'>>(upgraded: M, brand: BrandSettings, now: Date): M {
  const tier = tierByCode(brand, upgraded.tierCode);
  if (tier.code !== upgraded.tierCode || tier.benefits.freeCouponTemplateIds.length === 0) return upgraded;
  const pending = upgraded.tierGiftsPending ?? [];
  if (pending.includes(tier.code)) return upgraded;
  const opened = upgraded.tierGiftWindows?.[tier.code];
  if (opened && inGiftWindow(opened, now, brand)) return upgraded;
  return {
    ...upgraded,
    tierGiftsPending: [...pending, tier.code],
    tierGiftsPendingAt: upgraded.tierGiftsPendingAt ?? now,
    tierGiftWindows: { ...upgraded.tierGiftWindows, [tier.code]: monthOf(now, brand.timeZone) },
  };
}

/** Whether `now` falls in the gift window opened in month `opened` ('YYYY-MM', brand zone). */
export function inGiftWindow(opened: string, now: Date, brand: Pick<BrandSettings, 'timeZone' | 'tierPolicy'>): boolean {
  const [year, month] = opened.split('-').map(Number);
  const current = inBrandZone(now, brand.timeZone);
  const elapsed = (current.year() - year) * 12 + (current.month() + 1 - month);
  return elapsed < brand.tierPolicy.windowMonths;
}
