import Taro from '@tarojs/taro';
import type { MembershipView, PlanOfferView, PlanRefundQuote, PlanRefundResult } from '@contract';
import { create } from 'zustand';
import { callFunction, createRequestIdSlots, messageOf } from '../api';
import { type PaymentProgress, paymentFlow } from '../utils/payment';
import { useMemberStore } from './member';
import type { LoadStatus } from './member';
import { createResource } from './resource';
import { forgetOnSignOut } from './session';

// 付费会员 (member/membership): the plans, the member's membership and the offers priced on the
// server, buying through the same payment hand-off as a top-up, and the refund of a purchase.

/** The member page's one server answer: plans, membership (null = never bought), offers. */
export const usePaidPlans = createResource((silent) => callFunction('member', 'paidPlans', {}, { silent }));

/** Where the local pay page sends the browser back to (H5). */
export const MEMBERSHIP_PAGE = '/member/membership/index';

/** An offer's key: a plan is bought or upgraded to, each its own button. */
export function offerKey(offer: Pick<PlanOfferView, 'planId' | 'mode'>): string {
  return `${offer.mode}:${offer.planId}`;
}

export interface QuoteState {
  status: LoadStatus;
  quote: PlanRefundQuote | null;
  error: string | null;
}

/** paying: the offer (offerKey) whose order is being placed or paid; notice: shown under the status card. */
export interface PlanPurchaseState extends PaymentProgress {
  /** Refund quotes by outTradeNo, loaded when the member opens a purchase's refund. */
  quotes: Record<string, QuoteState>;
  buy: (offer: PlanOfferView) => Promise<void>;
  /** Polls the order until the payment notification has started the period. */
  confirm: (outTradeNo: string) => Promise<void>;
  loadQuote: (outTradeNo: string) => Promise<void>;
  refund: (outTradeNo: string) => Promise<PlanRefundResult>;
  reset: () => void;
}

// The same offer at the same price tapped again after a lost answer asks for the same order;
// a re-priced offer (PRICE_CHANGED, then fetched again) is another order. Refunds per order.
const orderSlot = createRequestIdSlots();
const refundSlot = createRequestIdSlots();

export const usePlanPurchase = create<PlanPurchaseState>()((set, get) => {
  const flow = paymentFlow(set, get, {
    returnPage: MEMBERSHIP_PAGE,
    readStatus: async (outTradeNo) => {
      const status = await callFunction('member', 'planOrderStatus', { outTradeNo }, { silent: true });
      return status.status === 'pending' ? null : status;
    },
    settled: async (status) => {
      showMembership(status.membership);
      await refreshAfterPlanChanged();
      void Taro.showToast({ title: '开通成功', icon: 'success' });
    },
    slowNotice: '支付结果还在确认中，稍后下拉刷新即可看到会员状态',
  });
  const generation = flow.generation;
  return {
    paying: null,
    confirming: null,
    notice: null,
    quotes: {},

    buy: (offer) => {
      const key = offerKey(offer);
      return flow.pay(
        key,
        () => orderSlot(`${key}:${offer.payFen}`).run((requestId) => callFunction('member', 'createPlanOrder', { planId: offer.planId, mode: offer.mode, expectedPayFen: offer.payFen }, { requestId })),
        async (error) => {
          // Already toasted in Chinese. The server priced it differently (a plan edited, the upgrade
          // credit moved a day): show the new offers and let the member tap again on the new price.
          const code = (error as { code?: string }).code;
          if (code === 'PRICE_CHANGED' || code === 'PLAN_PAUSED' || code === 'PLAN_UPGRADE_NOT_ALLOWED') {
            set({ notice: messageOf(error) });
            await usePaidPlans.getState().load();
          }
        },
      );
    },

    confirm: flow.confirm,

    loadQuote: async (outTradeNo) => {
      const mine = generation();
      set((state) => ({ quotes: { ...state.quotes, [outTradeNo]: { status: 'loading', quote: state.quotes[outTradeNo]?.quote ?? null, error: null } } }));
      try {
        const quote = await callFunction('member', 'planRefundQuote', { outTradeNo }, { silent: true });
        if (mine === generation()) set((state) => ({ quotes: { ...state.quotes, [outTradeNo]: { status: 'ready', quote, error: null } } }));
      } catch (error) {
        if (mine === generation()) set((state) => ({ quotes: { ...state.quotes, [outTradeNo]: { status: 'error', quote: null, error: messageOf(error) } } }));
      }
    },

    refund: async (outTradeNo) => {
      try {
        const result = await refundSlot(outTradeNo).run((requestId) => callFunction('member', 'refundPlan', { outTradeNo }, { requestId }));
        set((state) => ({ quotes: { ...state.quotes, [outTradeNo]: { status: 'ready', quote: result.quote, error: null } } }));
        showMembership(result.membership);
        await refreshAfterPlanChanged();
        return result;
      } catch (error) {
        // A refusal (past 7 days, a benefit used meanwhile): the quote on screen is stale.
        if ((error as { code?: string }).code === 'PLAN_REFUND_NOT_ALLOWED') void get().loadQuote(outTradeNo);
        throw error;
      }
    },

    reset: () => {
      flow.abandon();
      set({ paying: null, confirming: null, notice: null, quotes: {} });
    },
  };
});

forgetOnSignOut(() => usePlanPurchase.getState().reset());

/** The server's membership after a payment or refund shows at once; the offers follow with the reload. */
function showMembership(membership: MembershipView | null): void {
  const current = usePaidPlans.getState().data;
  if (current) usePaidPlans.setState({ data: { ...current, membership } });
}

/** Offers, membership and the card (points of an opening gift) come from the server again. */
async function refreshAfterPlanChanged(): Promise<void> {
  await Promise.all([usePaidPlans.getState().load(), useMemberStore.getState().refresh()]);
}
