import type { CheckoutCouponView } from '@contract';

// Which coupons the cashier's next quote asks for, after a tap on a coupon chip. The server
// prices the pick and refuses a pick it cannot price; this rule only keeps the chips from
// asking for what the server is bound to refuse (two coupons of which one does not stack).

/** The most coupons one order takes (the pricing engine's MAX_COUPONS_PER_ORDER). */
export const MAX_COUPONS_PER_ORDER = 2;

/**
 * Whether a coupon stacks. The checkout's coupon view may carry `stackable`; until the server
 * sends it, a coupon counts as not stackable, so a second pick replaces the first (never a pick
 * the server would refuse).
 */
export function isStackable(coupon: Pick<CheckoutCouponView, 'couponId'> & { stackable?: boolean }): boolean {
  return coupon.stackable === true;
}

/**
 * The selection after tapping `couponId`, from the quote's `selected`:
 * - a selected coupon is taken off (the last one off leaves [] = no coupon);
 * - an unusable or unknown coupon changes nothing;
 * - a second coupon joins the first only when both stack, the most recent stackable one kept
 *   when that would make more than MAX_COUPONS_PER_ORDER; otherwise it replaces them.
 */
export function toggleCoupon(selected: readonly string[], coupons: readonly CheckoutCouponView[], couponId: string): string[] {
  if (selected.includes(couponId)) return selected.filter((id) => id !== couponId);
  const picked = coupons.find((coupon) => coupon.couponId === couponId);
  if (!picked || !picked.usable) return [...selected];
  if (!isStackable(picked)) return [couponId];
  const keep = selected.filter((id) => {
    const held = coupons.find((coupon) => coupon.couponId === id);
    return held !== undefined && isStackable(held);
  });
  return [...keep.slice(-(MAX_COUPONS_PER_ORDER - 1)), couponId];
}

/** Usable coupons first, then the unusable ones (greyed), each group in the server's order, so chips keep their place as the amount changes. */
export function orderCoupons(coupons: readonly CheckoutCouponView[]): CheckoutCouponView[] {
  return [...coupons.filter((coupon) => coupon.usable), ...coupons.filter((coupon) => !coupon.usable)];
}
