import type { PurchaseView, RefundPurchaseResult } from '@contract';
import { formatFen, formatPoints } from '../../utils/format';

// What the cashier reads before and after refunding a purchase from 今日记录: everything that
// goes back to the member (points spent as cash, coupons, stored value) and what is taken back
// (the points the order earned). Only the server's numbers, formatted.

export interface RefundText {
  title: string;
  content: string;
}

function couponNames(purchase: PurchaseView, ids?: string[]): string {
  const coupons = ids ? purchase.coupons.filter((coupon) => ids.includes(coupon.couponId)) : purchase.coupons;
  return coupons.map((coupon) => `「${coupon.name}」`).join('');
}

/** The question before the refund. */
export function refundAsk(purchase: PurchaseView): RefundText {
  const back: string[] = [];
  if (purchase.pointsSpent > 0) back.push(`抵现的 ${formatPoints(purchase.pointsSpent)} 积分`);
  if (purchase.coupons.length > 0) back.push(`优惠券${couponNames(purchase)}`);
  if (purchase.walletPaidFen > 0) back.push(`储值 ${formatFen(purchase.walletPaidFen)}`);
  const tillFen = purchase.paidFen - purchase.walletPaidFen;
  const parts = [`将扣回本单 ${formatPoints(purchase.pointsEarned)} 积分`];
  if (back.length > 0) parts.push(`退回${back.join('、')}`);
  const till = tillFen > 0 ? `门店另收的 ${formatFen(tillFen)}（现金或其他支付）请按门店流程退还。` : '';
  return { title: `退款 ${formatFen(purchase.amountFen)}`, content: `${parts.join('，')}。${till}` };
}

/** What the server says was done. */
export function refundOutcome(result: RefundPurchaseResult, purchase: PurchaseView): RefundText {
  const parts = [`扣回 ${formatPoints(result.pointsReversed)} 积分`];
  if (result.pointsOwed > 0) parts.push(`会员已用掉其中 ${formatPoints(result.pointsOwed)} 积分，记为待抵扣`);
  if (result.pointsReturned > 0) parts.push(`退回抵现的 ${formatPoints(result.pointsReturned)} 积分`);
  const available = result.couponsReturned.filter((coupon) => coupon.status === 'available').map((coupon) => coupon.couponId);
  const expired = result.couponsReturned.filter((coupon) => coupon.status === 'expired').map((coupon) => coupon.couponId);
  if (available.length > 0) parts.push(`优惠券${couponNames(purchase, available) || ` ${available.length} 张`}已退回会员券包`);
  if (expired.length > 0) parts.push(`优惠券${couponNames(purchase, expired) || ` ${expired.length} 张`}已过有效期，退回后为已过期`);
  if (result.walletReturnedFen > 0) parts.push(`已退回储值 ${formatFen(result.walletReturnedFen)}`);
  // Paid from a top-up the member has since refunded: that part goes back to their WeChat Pay.
  if (result.cashRefundedFen > 0) parts.push(`${formatFen(result.cashRefundedFen)} 原路退回会员微信`);
  return { title: '已退款', content: `${parts.join('；')}。` };
}
