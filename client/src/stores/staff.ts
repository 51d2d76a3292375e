import type { CashierDayLog, GiftRedemptionView, PurchaseView, RefundPurchaseResult, StaffIdentity } from '@contract';
import { create } from 'zustand';
import { callFunction, createRequestIdSlot, createRequestIdSlots } from '../api';
import { createPagedList } from './paged-list';
import { createResource } from './resource';
import { forgetOnSignOut } from './session';

// The cashier's side (staff subpackage): who they are and today's log. The checkout in progress
// is in ./checkout, the gift-item verification in ./staff-gift.

export const useStaffIdentity = createResource((silent) => callFunction('staff', 'whoami', {}, { silent }));

export type StaffDay = Pick<CashierDayLog, 'count' | 'takenFen' | 'discountFen' | 'couponsUsed' | 'giftRedemptions'> & { day: string | null };

const EMPTY_DAY: StaffDay = { day: null, count: 0, takenFen: 0, discountFen: 0, couponsUsed: 0, giftRedemptions: [] };

/** The day the log shows, its totals and gift redemptions, from the server (not summed from the pages loaded). */
export const useStaffDay = create<StaffDay>()(() => EMPTY_DAY);
forgetOnSignOut(() => useStaffDay.setState(EMPTY_DAY));

/** 今日记录: the cashier's purchases of today, newest first, a page at a time. */
export const useStaffPurchases = createPagedList<PurchaseView, 'today'>('today', async (_today, before, silent) => {
  const log = await callFunction('staff', 'myPurchases', { limit: 20, ...(before ? { before } : {}) }, { silent });
  if (!before) {
    // The totals and gift redemptions come with the first page; older servers may not send the new fields yet.
    useStaffDay.setState({
      day: log.day,
      count: log.count,
      takenFen: log.takenFen,
      discountFen: log.discountFen ?? 0,
      couponsUsed: log.couponsUsed ?? 0,
      giftRedemptions: log.giftRedemptions ?? [],
    });
  }
  return log;
});

const refundSlot = createRequestIdSlots();

/** Refunds one purchase; the log is read again so the row shows 已退款 from the server. */
export async function refundPurchase(purchaseId: string): Promise<RefundPurchaseResult> {
  const result = await refundSlot(purchaseId).run((requestId) => callFunction('staff', 'refundPurchase', { purchaseId }, { requestId }));
  await useStaffPurchases.getState().refresh();
  return result;
}

const undoSlot = createRequestIdSlots();

/**
 * Undoes a gift-item redemption (the same cashier, within its undo window). The day log is read
 * again, so the row shows 已撤销 from the server's answer.
 */
export async function undoGiftRedemption(redemptionId: string): Promise<GiftRedemptionView> {
  const undone = await undoSlot(redemptionId).run((requestId) => callFunction('staff', 'undoGiftRedemption', { redemptionId }, { requestId, silent: true }));
  void useStaffPurchases.getState().refresh();
  return undone;
}

const bindSlot = createRequestIdSlot();

/** Makes the caller staff of the binding code's store. */
export async function bindStaff(code: string): Promise<StaffIdentity> {
  const identity = await bindSlot.run((requestId) => callFunction('member', 'bindStaff', { code }, { requestId, silent: true }));
  useStaffIdentity.getState().reset();
  return identity;
}
