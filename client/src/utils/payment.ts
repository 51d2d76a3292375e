import Taro from '@tarojs/taro';

// One way to pay for an order the server created with cloudPay (a top-up, a paid membership) and
// to wait until its payment is credited. The wallet and the membership page both use it, so the
// payment sheet, the local pay page's round trip and the polling behave the same everywhere.

/** What createTopup and createPlanOrder answer: the order and the payer's parameters (null once paid). */
export interface PayableOrder {
  outTradeNo: string;
  payment: { timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string; localPayUrl?: string } | null;
}

/**
 * Hands the order to the payer. In WeChat that is the payment sheet; in the browser (local
 * development) it is the local pay page, which sends the browser back to `returnPage` with
 * `?outTradeNo=…` once paid (that page then calls waitForPayment). Resolves true when it is
 * worth polling for the outcome now.
 */
export async function handToPayer(order: PayableOrder, returnPage: string): Promise<boolean> {
  // A retried order that was paid meanwhile: nothing to pay, only its outcome to read.
  if (!order.payment) return true;
  const { payment } = order;
  if (process.env.TARO_ENV === 'h5') {
    const url = payment.localPayUrl;
    if (!url) {
      void Taro.showToast({ title: '本地支付页不可用', icon: 'none' });
      return false;
    }
    const back = `${window.location.origin}${window.location.pathname}#${returnPage}?outTradeNo=${encodeURIComponent(order.outTradeNo)}`;
    window.location.assign(`${url}${url.includes('?') ? '&' : '?'}redirect=${encodeURIComponent(back)}`);
    return false;
  }
  const { timeStamp, nonceStr, signType, paySign } = payment;
  try {
    await Taro.requestPayment({ timeStamp, nonceStr, package: payment.package, signType: signType as 'MD5', paySign });
    return true;
  } catch (error) {
    const message = String((error as { errMsg?: string }).errMsg ?? '');
    void Taro.showToast({ title: message.includes('cancel') ? '已取消支付' : '支付未完成，请重试', icon: 'none' });
    return false;
  }
}

const POLL_INTERVAL_MS = 1000;
const POLL_ATTEMPTS = 30;

export type PaymentWait<T> =
  | { kind: 'settled'; value: T }
  /** The server does not know the order (ORDER_NOT_FOUND): the error's message says so. */
  | { kind: 'gone'; error: unknown }
  /** Still pending after about 30 seconds: the page says to pull down later. */
  | { kind: 'timeout' }
  /** The caller stopped wanting the answer (signed out, another order): say nothing. */
  | { kind: 'abandoned' };

/**
 * Asks `read` once a second until it answers something other than null (the payment
 * notification has credited the order). Network trouble while waiting is asked again: the
 * payment itself is WeChat's, only our view of it lags.
 */
export async function waitForPayment<T>(read: () => Promise<T | null>, stillWanted: () => boolean): Promise<PaymentWait<T>> {
  for (let attempt = 0; attempt < POLL_ATTEMPTS; attempt += 1) {
    try {
      const value = await read();
      if (!stillWanted()) return { kind: 'abandoned' };
      if (value !== null) return { kind: 'settled', value };
    } catch (error) {
      if (!stillWanted()) return { kind: 'abandoned' };
      if ((error as { code?: string }).code === 'ORDER_NOT_FOUND') return { kind: 'gone', error };
    }
    await sleep(POLL_INTERVAL_MS);
    if (!stillWanted()) return { kind: 'abandoned' };
  }
  return { kind: 'timeout' };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
