import type { GiftRedemptionView } from '../contract/coupons';
import { findDocs } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { COUPON_REDEMPTIONS, type CouponRedemptionDoc, redemptionView } from './gift-redemption';

/** At most this many of a cashier's gift redemptions on one day's log. */
export const GIFT_REDEMPTIONS_PER_DAY = 50;

/**
 * A cashier's gift-item redemptions with redeemedAt in [start, end), newest first (undone ones
 * included, marked), for 今日记录. Uses the coupon_redemptions indexes staffOpenid and redeemedAt.
 */
export async function giftRedemptionsOfDay(ctx: Pick<HandlerContext, 'db'>, staffOpenid: string, start: Date, end: Date): Promise<GiftRedemptionView[]> {
  const _ = ctx.db.command;
  const docs = await findDocs<CouponRedemptionDoc>(
    ctx.db
      .collection(COUPON_REDEMPTIONS)
      .where({ staffOpenid, redeemedAt: _.gte(start).and(_.lt(end)) })
      .orderBy('redeemedAt', 'desc')
      .orderBy('_id', 'desc')
      .limit(GIFT_REDEMPTIONS_PER_DAY),
  );
  return docs.map(redemptionView);
}
