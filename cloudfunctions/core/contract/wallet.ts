import { z } from 'zod';
import { action } from './define';

export interface TopupPackageView {
  id: string;
  payFen: number;
  bonusFen: number;
  label: string;
}

export interface WalletLotView {
  lotId: string;
  toppedUpAt: string;
  payFen: number;
  bonusFen: number;
  principalLeft: number;
  bonusLeft: number;
  refunded: boolean;
  /** For a refunded lot whose money WeChat Pay has not yet accepted: being re-sent, or stuck. */
  refundState?: 'pending' | 'failed';
  /** What a refund would return now (principal still unspent), 0 when nothing is left, it was refunded, or WeChat Pay no longer takes its refund. */
  refundableFen: number;
  /**
   * When refunds of this top-up close (ISO): WeChat Pay refunds only within a year of the payment,
   * and we stop two days before. From then on refundTopup answers REFUND_WINDOW_CLOSED.
   */
  refundClosesAt: string;
}

export interface WalletResult {
  balanceFen: number;
  principalFen: number;
  bonusFen: number;
  maxBalanceFen: number;
  packages: TopupPackageView[];
  lots: WalletLotView[];
}

export interface TopupOrderResult {
  outTradeNo: string;
  totalFee: number;
  /**
   * Parameters for wx.requestPayment; locally also the URL of the local pay page. Null when a
   * retried order was paid meanwhile: nothing to pay, only its status to read.
   */
  payment: { timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string; localPayUrl?: string } | null;
}

export interface TopupStatusResult {
  outTradeNo: string;
  status: 'pending' | 'paid' | 'refunded';
  balanceFen: number;
}

export interface TopupRefundResult {
  lotId: string;
  cashBackFen: number;
  bonusWithdrawnFen: number;
  balanceFen: number;
  /** submitted: WeChat Pay accepted it; pending: it will be sent again; failed: a person must act. */
  refundStatus: 'submitted' | 'pending' | 'failed';
}

export const walletMemberActions = {
  wallet: action<WalletResult>()({ input: z.object({}).strict(), mutates: false }),
  createTopup: action<TopupOrderResult>()({ input: z.object({ packageId: z.string().min(1).max(32) }).strict(), mutates: true }),
  topupStatus: action<TopupStatusResult>()({ input: z.object({ outTradeNo: z.string().min(1).max(32) }).strict(), mutates: false }),
  refundTopup: action<TopupRefundResult>()({ input: z.object({ lotId: z.string().min(1).max(32) }).strict(), mutates: true }),
};
