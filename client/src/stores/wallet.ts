import Taro from '@tarojs/taro';
import type { LedgerEntryView, TopupRefundResult, WalletLotView } from '@contract';
import { create } from 'zustand';
import { callFunction, createRequestIdSlots } from '../api';
import { type PaymentProgress, paymentFlow } from '../utils/payment';
import { useMemberStore } from './member';
import { createPagedList } from './paged-list';
import { useAgreementGate, usePrivacyStatus } from './privacy';
import { createResource } from './resource';
import { forgetOnSignOut } from './session';

/** Balance (principal and bonus apart), the brand's packages, and every top-up lot. */
export const useWallet = createResource((silent) => callFunction('member', 'wallet', {}, { silent }));

/** 储值明细: top-ups, payments, refunds, a page at a time. */
export const useWalletHistory = createPagedList<LedgerEntryView, 'all'>('all', (_filter, before, silent) =>
  callFunction('member', 'history', { book: 'wallet', limit: 20, ...(before ? { before } : {}) }, { silent }),
);

/** Where the local pay page sends the browser back to (H5). */
const WALLET_PAGE = '/pages/wallet/index';

/** paying: the package whose order is being placed or paid; notice: shown under the balance. */
export interface TopupState extends PaymentProgress {
  topup: (packageId: string) => Promise<void>;
  /** Polls the order until the payment notification has credited the wallet. */
  confirm: (outTradeNo: string) => Promise<void>;
  refund: (lot: WalletLotView) => Promise<TopupRefundResult>;
  reset: () => void;
}

// A tap on the same package after a lost answer asks for the same order; another package is
// another order. The same for refunds, per lot.
const topupSlot = createRequestIdSlots();
const refundSlot = createRequestIdSlots();

export const useTopup = create<TopupState>()((set, get) => {
  const flow = paymentFlow(set, get, {
    returnPage: WALLET_PAGE,
    readStatus: async (outTradeNo) => {
      const status = await callFunction('member', 'topupStatus', { outTradeNo }, { silent: true });
      return status.status === 'pending' ? null : status;
    },
    settled: async () => {
      await refreshAfterMoneyMoved();
      void Taro.showToast({ title: '储值成功', icon: 'success' });
    },
    slowNotice: '支付结果还在确认中，稍后下拉刷新即可看到余额',
  });
  return {
    paying: null,
    confirming: null,
    notice: null,

    topup: (packageId) =>
      flow.pay(
        packageId,
        () => topupSlot(packageId).run((requestId) => callFunction('member', 'createTopup', { packageId }, { requestId })),
        (error) => {
          // Already toasted in Chinese. The 储值协议 is not accepted (or a new version is in force): the wallet page's sheet opens.
          if ((error as { code?: string }).code === 'AGREEMENT_REQUIRED') {
            void usePrivacyStatus.getState().load();
            useAgreementGate.getState().open(packageId);
          }
        },
      ),

    confirm: flow.confirm,

    refund: async (lot) => {
      const result = await refundSlot(lot.lotId).run((requestId) => callFunction('member', 'refundTopup', { lotId: lot.lotId }, { requestId }));
      await refreshAfterMoneyMoved();
      return result;
    },

    reset: () => {
      flow.abandon();
      set({ paying: null, confirming: null, notice: null });
    },
  };
});

forgetOnSignOut(() => useTopup.getState().reset());

/** What the wallet, the card and the history show comes from the server again after a change. */
async function refreshAfterMoneyMoved(): Promise<void> {
  const history = useWalletHistory.getState();
  await Promise.all([
    useWallet.getState().load(),
    useMemberStore.getState().refresh(),
    history.status === 'idle' ? Promise.resolve() : history.refresh(),
  ]);
}
