import Taro from '@tarojs/taro';
import { messageOf } from '../api';

// One way to pay for an order the server created with cloudPay (a top-up, a paid membership) and
// to wait until its payment is credited. The wallet and the membership stores both use it
// (paymentFlow), so the payment sheet, the local pay page's round trip, the polling and what the
// page says while it waits behave the same everywhere.

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

/** What a store that sells through cloudPay shows while an order is paid and confirmed. */
export interface PaymentProgress {
  /** The button whose order is being placed or paid: it shows it, the others wait. */
  paying: string | null;
  /** The order whose payment we wait to see credited ("支付确认中…"). */
  confirming: string | null;
  /** Shown on the page: a refusal, a payment not confirmed in time. */
  notice: string | null;
}

export interface PaymentFlowOptions<T> {
  /** Where the local pay page sends the browser back to (H5). */
  returnPage: string;
  /** The order's status; null while its payment is not credited yet. */
  readStatus: (outTradeNo: string) => Promise<T | null>;
  /** After the credit: show what changed and say so. */
  settled: (status: T) => Promise<void>;
  /** The notice when the credit did not show within the wait. */
  slowNotice: string;
}

/**
 * The pay-and-confirm steps of a zustand store (set/get of its PaymentProgress): `pay` places an
 * order, hands it to the payer and confirms it; `confirm` waits for the credit (also after the
 * local pay page sends the browser back); `abandon` makes a wait in progress end silently.
 */
export function paymentFlow<T>(set: (patch: Partial<PaymentProgress>) => void, get: () => PaymentProgress, options: PaymentFlowOptions<T>) {
  // A wait that a newer one or a sign-out replaced says nothing when it ends.
  let generation = 0;

  async function confirm(outTradeNo: string): Promise<void> {
    if (get().confirming === outTradeNo) return;
    const mine = ++generation;
    set({ confirming: outTradeNo, notice: null });
    const outcome = await waitForPayment(() => options.readStatus(outTradeNo), () => mine === generation);
    if (outcome.kind === 'abandoned') return;
    if (outcome.kind === 'settled') {
      set({ confirming: null });
      await options.settled(outcome.value);
    } else if (outcome.kind === 'gone') {
      set({ confirming: null, notice: messageOf(outcome.error) });
    } else {
      set({ confirming: null, notice: options.slowNotice });
    }
  }

  /** `refused` runs when the order is not created (the call has already toasted the reason). */
  async function pay(key: string, createOrder: () => Promise<PayableOrder>, refused: (error: unknown) => void | Promise<void>): Promise<void> {
    if (get().paying || get().confirming) return;
    set({ paying: key, notice: null });
    let order: PayableOrder;
    try {
      order = await createOrder();
    } catch (error) {
      set({ paying: null });
      await refused(error);
      return;
    }
    const paid = await handToPayer(order, options.returnPage);
    set({ paying: null });
    if (paid) await confirm(order.outTradeNo);
  }

  return {
    pay,
    confirm,
    abandon: () => {
      generation += 1;
    },
    /** Bumped by every wait and abandon: other loads of the store compare it to drop stale answers. */
    generation: () => generation,
  };
}
