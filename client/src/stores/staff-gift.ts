import type { GiftCouponPreview, GiftRedemptionView } from '@contract';
import { create } from 'zustand';
import { callFunction, createRequestIdSlot } from '../api';
import { forgetOnSignOut } from './session';
import { undoGiftRedemption, useStaffPurchases } from './staff';

// Gift-item verification at the counter (兑换券): scan the member's code → preview (member
// masked, item, validity, usable or why not) → 确认核销 → handed over, with 撤销 for a while.

export type GiftStep = 'scan' | 'previewing' | 'preview' | 'redeeming' | 'done' | 'failure';

export interface GiftState {
  step: GiftStep;
  token: string;
  preview: GiftCouponPreview | null;
  redemption: GiftRedemptionView | null;
  failure: { error: unknown; during: 'preview' | 'redeem' } | null;
  undoing: boolean;
  /** Why the last 撤销 failed (e.g. 核销已超过 10 分钟), shown in place of the button. */
  undoError: unknown;
  previewToken: (token: string) => Promise<void>;
  redeem: () => Promise<void>;
  undo: () => Promise<void>;
  restart: () => void;
}

// One 确认核销 is one user action: a retry after a lost answer reuses the id, so the server
// answers with the first outcome and the item is never counted twice.
const redeemSlot = createRequestIdSlot();

const INITIAL = { step: 'scan' as GiftStep, token: '', preview: null, redemption: null, failure: null, undoing: false, undoError: null };

export const useGiftVerification = create<GiftState>()((set, get) => ({
  ...INITIAL,

  previewToken: async (raw) => {
    const token = raw.trim();
    if (!token || get().step === 'previewing') return;
    set({ ...INITIAL, step: 'previewing', token });
    try {
      const preview = await callFunction('staff', 'previewGiftCoupon', { token }, { silent: true });
      set({ step: 'preview', preview });
    } catch (error) {
      set({ step: 'failure', failure: { error, during: 'preview' } });
    }
  },

  redeem: async () => {
    const { token, step, failure } = get();
    const retrying = step === 'failure' && failure?.during === 'redeem';
    if (step !== 'preview' && !retrying) return;
    set({ step: 'redeeming', failure: null });
    try {
      const redemption = await redeemSlot.run((requestId) => callFunction('staff', 'redeemGiftCoupon', { token }, { requestId, silent: true }));
      set({ step: 'done', redemption });
      void useStaffPurchases.getState().refresh();
    } catch (error) {
      set({ step: 'failure', failure: { error, during: 'redeem' } });
    }
  },

  undo: async () => {
    const { redemption, undoing } = get();
    if (!redemption || undoing || redemption.status === 'undone') return;
    set({ undoing: true, undoError: null });
    try {
      set({ redemption: await undoGiftRedemption(redemption.redemptionId), undoing: false });
    } catch (error) {
      set({ undoing: false, undoError: error });
    }
  },

  restart: () => set({ ...INITIAL }),
}));

forgetOnSignOut(() => useGiftVerification.getState().restart());
