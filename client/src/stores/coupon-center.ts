import type { ClaimCouponResult, CouponCenterItem } from '@contract';
import Taro from '@tarojs/taro';
import { create } from 'zustand';
import { callFunction, createRequestIdSlots } from '../api';
import { createResource } from './resource';
import { forgetOnSignOut } from './session';

/** 领券中心: the templates the member may claim, exactly as the server last answered. */
export const useCouponCenter = createResource<{ templates: CouponCenterItem[] }>((silent) => callFunction('member', 'couponCenter', {}, { silent }));

interface ClaimState {
  /** Template ids with a claim on its way: their button waits, a second tap sends nothing. */
  claiming: Record<string, true>;
  /** Claims the member's coupon of `templateId`; answers the coupon, or null when refused (already toasted). */
  claim: (templateId: string) => Promise<ClaimCouponResult | null>;
  reset: () => void;
}

// One request id per template: tapping 领取 again after a lost answer is a retry of the same claim,
// while claiming another template is another action.
let slotFor = createRequestIdSlots();

export const useCouponClaims = create<ClaimState>()((set, get) => ({
  claiming: {},
  claim: async (templateId) => {
    if (get().claiming[templateId]) return null;
    set((state) => ({ claiming: { ...state.claiming, [templateId]: true } }));
    try {
      const result = await slotFor(templateId).run((requestId) => callFunction('member', 'claimCoupon', { templateId }, { requestId }));
      void Taro.showToast({ title: '领取成功，已放入券包', icon: 'success', duration: 2000 });
      return result;
    } catch {
      // callFunction already toasted the reason (已领满, 已经被领完了…).
      return null;
    } finally {
      set((state) => {
        const { [templateId]: _done, ...rest } = state.claiming;
        return { claiming: rest };
      });
      // Stock and limits are the server's: show its answer after any outcome.
      void useCouponCenter.getState().load();
    }
  },
  reset: () => {
    slotFor = createRequestIdSlots();
    set({ claiming: {} });
  },
}));

forgetOnSignOut(() => useCouponClaims.getState().reset());
