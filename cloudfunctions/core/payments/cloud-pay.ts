import { getCloud } from '../platform/cloud';

// wx-server-sdk's typings omit cloudPay; this is the part of it the project uses.
type PayCall = (params: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface CloudPay {
  unifiedOrder: PayCall;
  queryOrder: PayCall;
  refund: PayCall;
  /**
   * Closes an unpaid order so it can no longer be paid ({ outTradeNo, subMchId, nonceStr }).
   * Answers resultCode SUCCESS, or FAIL with err_code ORDERPAID (paid already: treat it as paid),
   * ORDERCLOSED (closed already) or SYSTEMERROR (see closeUnpaidOrder for reading a refusal).
   * WeChat Pay refuses to close an order in its first 5 minutes.
   */
  closeOrder: PayCall;
}

export function cloudPay(): CloudPay {
  return (getCloud() as unknown as { cloudPay: CloudPay }).cloudPay;
}

/** What became of an order we asked WeChat Pay to close: closed (now or before), paid after all, or not known (retry later). */
export type CloseOutcome = 'closed' | 'paid' | 'failed';

/**
 * Closes an unpaid order with WeChat Pay and says what became of it. A refusal is judged by
 * queryOrder, not by the answer's err_code (ORDERPAID / ORDERCLOSED): wx-server-sdk covers that
 * with its own errCode 0 in the camelCased answer, so only the trade state is reliable. Never
 * throws: a failed call is 'failed'.
 */
export async function closeUnpaidOrder(outTradeNo: string, subMchId: string, nonce: () => string): Promise<CloseOutcome> {
  try {
    const answer = await cloudPay().closeOrder({ outTradeNo, subMchId, nonceStr: nonce() });
    if (answer.returnCode === 'SUCCESS' && answer.resultCode === 'SUCCESS') return 'closed';
    const state = await cloudPay().queryOrder({ outTradeNo, subMchId, nonceStr: nonce() });
    if (state.returnCode !== 'SUCCESS' || state.resultCode !== 'SUCCESS') return 'failed';
    if (state.tradeState === 'CLOSED') return 'closed';
    if (state.tradeState === 'SUCCESS' || state.tradeState === 'REFUND') return 'paid';
    return 'failed';
  } catch (error) {
    console.warn(`closeOrder ${outTradeNo} failed`, error);
    return 'failed';
  }
}
