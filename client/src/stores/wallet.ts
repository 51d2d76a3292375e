import Taro from '@tarojs/taro';
import type { LedgerEntryView, TopupOrderResult, TopupRefundResult, WalletLotView } from '@contract';
import { create } from 'zustand';
import { callFunction, createRequestIdSlots, messageOf } from '../api';
import { handToPayer, waitForPayment } from '../utils/payment';
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

export interface TopupState {
  /** The package whose order is being placed or paid: its button shows it, the others wait. */
  paying: string | null;
  /** The order whose payment we wait to see settled ("支付确认中…"). */
  confirming: string | null;
  /** Shown under the balance when the payment did not settle in time. */
  notice: string | null;
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
let generation = 0;

export const useTopup = create<TopupState>()((set, get) => ({
  paying: null,
  confirming: null,
  notice: null,

  topup: async (packageId) => {
    if (get().paying || get().confirming) return;
    set({ paying: packageId, notice: null });
    let order: TopupOrderResult;
    try {
      order = await topupSlot(packageId).run((requestId) => callFunction('member', 'createTopup', { packageId }, { requestId }));
    } catch (error) {
      set({ paying: null }); // already toasted in Chinese
      // The 储值协议 is not accepted (or a new version is in force): the wallet page's sheet opens.
      if ((error as { code?: string }).code === 'AGREEMENT_REQUIRED') {
        void usePrivacyStatus.getState().load();
        useAgreementGate.getState().open(packageId);
      }
      return;
    }
    const paid = await handToPayer(order, WALLET_PAGE);
    set({ paying: null });
    if (paid) await get().confirm(order.outTradeNo);
  },

  confirm: async (outTradeNo) => {
    if (get().confirming === outTradeNo) return;
    const mine = ++generation;
    set({ confirming: outTradeNo, notice: null });
    const outcome = await waitForPayment(
      async () => {
        const status = await callFunction('member', 'topupStatus', { outTradeNo }, { silent: true });
        return status.status === 'pending' ? null : status;
      },
      () => mine === generation,
    );
    if (outcome.kind === 'abandoned') return;
    if (outcome.kind === 'settled') {
      set({ confirming: null });
      await refreshAfterMoneyMoved();
      void Taro.showToast({ title: '储值成功', icon: 'success' });
    } else if (outcome.kind === 'gone') {
      set({ confirming: null, notice: messageOf(outcome.error) });
    } else {
      set({ confirming: null, notice: '支付结果还在确认中，稍后下拉刷新即可看到余额' });
    }
  },

  refund: async (lot) => {
    const result = await refundSlot(lot.lotId).run((requestId) => callFunction('member', 'refundTopup', { lotId: lot.lotId }, { requestId }));
    await refreshAfterMoneyMoved();
    return result;
  },

  reset: () => {
    generation += 1;
    set({ paying: null, confirming: null, notice: null });
  },
}));

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
