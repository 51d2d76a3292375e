import type { CouponDetail, GiftCodeResult } from '../contract/coupons';
import { loadBrandSettings } from '../brand/settings';
import { GIFT_CODE_REFRESH_MS, issueGiftCode, memberCodeSecret } from '../member-code';
import { requireMember } from '../members/lookup';
import { BusinessError } from '../platform/business-error';
import { findDocs, getDocById } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { STORES, type StoreDoc } from '../stores/collections';
import { COUPONS, type CouponDoc } from './collections';
import { couponView } from './member';

// The member's own coupon: its detail page, and a gift-item coupon's code to show at the counter.

/** The caller's coupon, or COUPON_NOT_HELD (another member's coupon reads exactly like none). */
async function heldCoupon(ctx: HandlerContext, couponId: string): Promise<CouponDoc> {
  const member = await requireMember(ctx);
  const coupon = await getDocById<CouponDoc>(ctx.db, COUPONS, couponId);
  if (!coupon || coupon.memberId !== member._id) throw new BusinessError('COUPON_NOT_HELD');
  return coupon;
}

export async function couponDetail(ctx: HandlerContext, input: { couponId: string }): Promise<CouponDetail> {
  const coupon = await heldCoupon(ctx, input.couponId);
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  const storeIds = coupon.rules.storeIds;
  const used = coupon.status === 'used' && coupon.usedBy ? coupon.usedBy.storeId : null;
  const wanted = [...new Set([...(storeIds ?? []), ...(used ? [used] : [])])];
  const stores = wanted.length ? await findDocs<StoreDoc>(ctx.db.collection(STORES).where({ _id: ctx.db.command.in(wanted) }).limit(wanted.length)) : [];
  const nameOf = (id: string) => stores.find((s) => s._id === id)?.name ?? null;
  return {
    ...couponView(coupon, ctx.now, brand.timeZone),
    description: coupon.rules.description,
    // In the template's order; a store deleted since is left out rather than shown as an id.
    storeNames: storeIds ? storeIds.map(nameOf).filter((name): name is string => name !== null) : null,
    usedStoreName: used ? (nameOf(used) ?? '未知门店') : null,
  };
}

/**
 * A fresh code for an available, currently valid gift-item coupon of the caller's. The checks
 * follow couponEligibility's order (used, expired, not yet valid); store, tier and hours are the
 * cashier's preview to judge, where the store is known.
 */
export async function giftCode(ctx: HandlerContext, input: { couponId: string }): Promise<GiftCodeResult> {
  const secret = memberCodeSecret();
  const coupon = await heldCoupon(ctx, input.couponId);
  const benefit = coupon.rules.benefit;
  if (benefit.kind !== 'gift_item') throw new BusinessError('NOT_A_GIFT_COUPON');
  if (coupon.status === 'used') throw new BusinessError('COUPON_USED');
  const now = ctx.now.getTime();
  if (coupon.status === 'expired' || new Date(coupon.validUntil).getTime() <= now) throw new BusinessError('COUPON_EXPIRED');
  if (new Date(coupon.validFrom).getTime() > now) throw new BusinessError('COUPON_NOT_YET_VALID');
  const code = issueGiftCode(coupon._id, ctx.now, secret);
  return { token: code.token, couponId: coupon._id, itemName: benefit.itemName, expiresAt: code.expiresAt.toISOString(), refreshAfterMs: GIFT_CODE_REFRESH_MS };
}
