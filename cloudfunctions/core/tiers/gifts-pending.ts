import { type BrandSettings, tierByCode } from '../brand/settings';
import type { MemberDoc } from '../members/collections';

/**
 * The tier-gift outbox mark: `upgraded` (the member as an upgrade must write it) also notes that
 * its new tier's coupon gifts (benefits.freeCouponTemplateIds) are due. Written in the upgrade's
 * own transaction, so an upgrade that commits always leaves its gifts due, and one that does not
 * leaves nothing; the tier-gifts job (coupons/tier-gifts.ts) issues them and clears the mark.
 * A tier without gifts, or already pending, leaves the member as it is. Pure.
 */
export function markTierGiftsPending<M extends Pick<MemberDoc, 'tierCode' | 'tierGiftsPending' | 'tierGiftsPendingAt'>>(upgraded: M, brand: BrandSettings, now: Date): M {
  const tier = tierByCode(brand, upgraded.tierCode);
  if (tier.code !== upgraded.tierCode || tier.benefits.freeCouponTemplateIds.length === 0) return upgraded;
  const pending = upgraded.tierGiftsPending ?? [];
  if (pending.includes(tier.code)) return upgraded;
  return { ...upgraded, tierGiftsPending: [...pending, tier.code], tierGiftsPendingAt: upgraded.tierGiftsPendingAt ?? now };
}
