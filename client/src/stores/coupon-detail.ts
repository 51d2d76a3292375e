import type { CouponDetail, GiftCodeResult } from '@contract';
import { create } from 'zustand';
import { callFunction, messageOf } from '../api';
import { createLiveCode } from './live-code';
import type { LoadStatus } from './member';
import { forgetOnSignOut } from './session';

interface CouponDetailState {
  couponId: string;
  data: CouponDetail | null;
  status: LoadStatus;
  error: string | null;
  /** Loads the coupon; another coupon's detail is forgotten first, never shown for this one. */
  load: (couponId: string) => Promise<void>;
  reset: () => void;
}

let generation = 0;

/** One coupon's detail as the server last answered it. */
export const useCouponDetail = create<CouponDetailState>()((set, get) => ({
  couponId: '',
  data: null,
  status: 'idle',
  error: null,
  load: async (couponId) => {
    if (couponId !== get().couponId) {
      generation += 1;
      set({ couponId, data: null, status: 'idle', error: null });
    }
    const mine = generation;
    const hadData = get().data !== null;
    if (!hadData) set({ status: 'loading', error: null });
    try {
      const data = await callFunction('member', 'couponDetail', { couponId }, { silent: !hadData });
      if (mine === generation) set({ data, status: 'ready', error: null });
    } catch (error) {
      if (mine === generation && get().data === null) set({ status: 'error', error: messageOf(error) });
    }
  },
  reset: () => {
    generation += 1;
    set({ couponId: '', data: null, status: 'idle', error: null });
  },
}));

forgetOnSignOut(() => useCouponDetail.getState().reset());

/** An available gift-item coupon's code, refreshed like the member code. */
export const useGiftCode = createLiveCode<GiftCodeResult>((couponId) => callFunction('member', 'giftCode', { couponId }, { silent: true }));

/**
 * How long a gift code stays valid after it arrives, by the phone's clock. The answer carries no
 * issue time, so its expiresAt cannot be compared with a phone clock that may be off; the signed
 * token lives 60 s (GIFT_CODE_TTL_MS on the server) and is refreshed after refreshAfterMs (30 s).
 */
export const GIFT_CODE_LIFETIME_MS = 60_000;

export function giftCodeValidUntil(receivedAt: number): number {
  return receivedAt + GIFT_CODE_LIFETIME_MS;
}
