import type { MallItem, RedeemMallItemResult } from '@contract';
import { create } from 'zustand';
import { callFunction, createRequestIdSlots } from '../api';
import { useMemberStore } from './member';
import { createResource } from './resource';
import { forgetOnSignOut } from './session';

/** 积分商城: the member's points balance and the rewards, exactly as the server last answered. */
export const usePointsMall = createResource<{ balance: number; items: MallItem[] }>((silent) => callFunction('member', 'pointsMall', {}, { silent }));

interface RedeemState {
  /** The template id with a redemption on its way, or null. */
  redeeming: string | null;
  /** The last successful redemption with the item's name, shown until the member moves on. */
  last: (RedeemMallItemResult & { name: string }) | null;
  /** Spends the item's points for its coupon; answers the result, or null when refused (already toasted). */
  redeem: (item: Pick<MallItem, 'templateId' | 'name'>) => Promise<RedeemMallItemResult | null>;
  dismiss: () => void;
  reset: () => void;
}

// One request id per reward: confirming the same reward again after a lost answer is a retry,
// never a second purchase.
let slotFor = createRequestIdSlots();

export const usePointsMallRedeem = create<RedeemState>()((set, get) => ({
  redeeming: null,
  last: null,
  redeem: async ({ templateId, name }) => {
    if (get().redeeming) return null;
    set({ redeeming: templateId });
    try {
      const result = await slotFor(templateId).run((requestId) => callFunction('member', 'redeemMallItem', { templateId }, { requestId }));
      set({ last: { ...result, name } });
      return result;
    } catch {
      // callFunction already toasted why (积分不足，还差 120 分, 已兑完…).
      return null;
    } finally {
      set({ redeeming: null });
      // Balance, stock and limits after the outcome come from the server; the home card's points too.
      void usePointsMall.getState().load();
      void useMemberStore.getState().refresh();
    }
  },
  dismiss: () => set({ last: null }),
  reset: () => {
    slotFor = createRequestIdSlots();
    set({ redeeming: null, last: null });
  },
}));

forgetOnSignOut(() => usePointsMallRedeem.getState().reset());
