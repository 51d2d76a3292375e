import type { TopupOrderResult } from '../contract';
import { BusinessError } from '../platform/business-error';
import { currentEnv } from '../platform/cloud';
import { inBrandZone } from '../platform/time';
import { nonce, payConfig } from '../wallet/config';
import { cloudPay } from './cloud-pay';

// The one place an order is placed with WeChat Pay (cloudPay unifiedOrder): top-ups
// (wallet/topup.ts) and plan orders (membership/orders.ts) both ask here, so the payable window,
// the notified function and the failure handling cannot drift apart.

/** How long WeChat Pay keeps a prepay id payable; an order older than this is no longer payable. */
export const PAYABLE_FOR_MS = 2 * 60 * 60 * 1000;

/** What wx.requestPayment needs, as cloudPay answers it (the local pay page adds localPayUrl). */
export type PaymentParams = NonNullable<TopupOrderResult['payment']>;

/**
 * Payment parameters for the order, payable until PAYABLE_FOR_MS after `placedAt` (a retried tap
 * passes the order's own creation time, so the window never grows). WeChat Pay notifies the `pay`
 * function. Anything but SUCCESS / SUCCESS with parameters is PAYMENT_FAILED.
 */
export async function requestPayment(order: { outTradeNo: string; totalFee: number; body: string }, placedAt: Date): Promise<PaymentParams> {
  const answer = (await cloudPay().unifiedOrder({
    body: order.body,
    outTradeNo: order.outTradeNo,
    spbillCreateIp: '127.0.0.1',
    subMchId: payConfig().subMchId,
    totalFee: order.totalFee,
    envId: currentEnv(),
    functionName: 'pay',
    nonceStr: nonce(),
    tradeType: 'JSAPI',
    // WeChat Pay's own clock is Beijing time: yyyyMMddHHmmss.
    timeExpire: inBrandZone(placedAt.getTime() + PAYABLE_FOR_MS, 'Asia/Shanghai').format('YYYYMMDDHHmmss'),
  })) as { returnCode?: string; resultCode?: string; payment?: PaymentParams };
  if (answer.returnCode !== 'SUCCESS' || answer.resultCode !== 'SUCCESS' || !answer.payment) {
    console.error('unifiedOrder failed', answer);
    throw new BusinessError('PAYMENT_FAILED');
  }
  return answer.payment;
}
