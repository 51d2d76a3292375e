import type { WalletLot } from '../ledger/accounts';
import { inBrandZone } from '../platform/time';

// What WeChat Pay still refunds on a top-up's order (its refund API: an order paid more than a
// year ago cannot be refunded; one order takes at most 50 partial refunds). Checked before the
// ledger moves, so the wallet is never debited for money WeChat Pay will refuse to send. Pure.

const DAY_MS = 24 * 60 * 60 * 1000;

/** WeChat Pay refunds an order within this many days of its payment. */
export const WECHAT_REFUND_DAYS = 365;

/** WeChat Pay takes at most this many refunds (each its own out_refund_no) on one order. */
export const WECHAT_MAX_REFUNDS_PER_ORDER = 50;

/**
 * We stop taking refunds this long before WeChat Pay's year ends. A lot's `toppedUpAt` is when the
 * payment notification was credited, which WeChat re-delivers for up to about a day after the
 * payment; and a refund WeChat Pay refuses for a while (SYSTEMERROR, NOTENOUGH) is sent again for
 * about five hours (MAX_REFUND_ATTEMPTS cron ticks). Both must land inside WeChat's year.
 */
export const REFUND_CLOSES_EARLY_MS = 2 * DAY_MS;

/** A lot with the number of refunds its order has taken (the top-up refund, then any sent back). */
export interface RefundCountedLot extends WalletLot {
  refundsSent?: number;
  /**
   * Principal sent back in cash on this lot's order so far (its refund, and purchase refunds that
   * reached it since): with principalLeft it bounds what a later return may still send, so the
   * cash never adds up to more than the top-up's principal. Absent on lots refunded before it was kept.
   */
  principalRefunded?: number;
}

/** Refunds recorded on the lot's order. Lots written before the count was kept: one if refunded. */
export function refundsSentOn(lot: RefundCountedLot): number {
  return lot.refundsSent ?? (lot.refunded ? 1 : 0);
}

/** The moment from which we no longer ask WeChat Pay to refund an order paid at `paidAt`. */
export function refundClosesAfter(paidAt: Date): Date {
  return new Date(new Date(paidAt).getTime() + WECHAT_REFUND_DAYS * DAY_MS - REFUND_CLOSES_EARLY_MS);
}

/** The moment from which we no longer ask WeChat Pay to refund this lot's order. */
export function refundClosesAt(lot: WalletLot): Date {
  return refundClosesAfter(lot.toppedUpAt);
}

export interface WeChatRefundRefusal {
  code: 'REFUND_WINDOW_CLOSED' | 'REFUND_LIMIT_REACHED';
  /** Chinese, for the member: why the money cannot go back to WeChat Pay. */
  message: string;
}

/**
 * Why WeChat Pay would refuse one more refund on the lot's order at `now`, or null when it would
 * take it. The top-up refund calls it before posting anything; a purchase refund reaching a lot
 * refunded since calls it (through returnToWallet) to decide whether the principal goes to WeChat
 * Pay or back into the wallet.
 */
export function weChatRefundRefusal(lot: RefundCountedLot, now: Date): WeChatRefundRefusal | null {
  const closesAt = refundClosesAt(lot);
  if (now.getTime() >= closesAt.getTime()) {
    const day = inBrandZone(closesAt, 'Asia/Shanghai').format('YYYY年M月D日');
    return { code: 'REFUND_WINDOW_CLOSED', message: `该笔储值的退款期限已于${day}截止：微信支付只受理支付后一年内的退款` };
  }
  if (refundsSentOn(lot) >= WECHAT_MAX_REFUNDS_PER_ORDER) {
    return { code: 'REFUND_LIMIT_REACHED', message: `该笔储值已原路退款 ${WECHAT_MAX_REFUNDS_PER_ORDER} 次，达到微信支付每笔订单的退款次数上限` };
  }
  return null;
}
