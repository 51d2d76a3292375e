import type { MemberLookupResult, PurchaseView, RecordPurchaseResult, RefundPurchaseResult, StaffIdentity } from '@contract';
import { create } from 'zustand';
import { callFunction, createRequestIdSlot, createRequestIdSlots } from '../api';
import { createPagedList } from './paged-list';
import { createResource } from './resource';
import { forgetOnSignOut } from './session';

// The cashier's side (staff subpackage): who they are, the checkout in progress, today's log.

export const useStaffIdentity = createResource((silent) => callFunction('staff', 'whoami', {}, { silent }));

/** The day the log shows and its totals, from the server (not summed from the pages loaded). */
export const useStaffDay = create<{ day: string | null; count: number; takenFen: number }>()(() => ({ day: null, count: 0, takenFen: 0 }));

/** 今日记录: the cashier's purchases of today, newest first, a page at a time. */
export const useStaffPurchases = createPagedList<PurchaseView, 'today'>('today', async (_today, before, silent) => {
  const log = await callFunction('staff', 'myPurchases', { limit: 20, ...(before ? { before } : {}) }, { silent });
  if (!before) useStaffDay.setState({ day: log.day, count: log.count, takenFen: log.takenFen });
  return log;
});

export type CheckoutStep = 'scan' | 'looking' | 'member' | 'submitting' | 'success' | 'failure';

export interface CheckoutState {
  step: CheckoutStep;
  /** The scanned member code, then the lookup's checkout ticket, which the purchase goes with. */
  code: string;
  member: MemberLookupResult | null;
  result: RecordPurchaseResult | null;
  /** The failed call, for the failure screen to explain. */
  failure: { error: unknown; during: 'lookup' | 'record' } | null;
  lookup: (code: string) => Promise<void>;
  record: (amountFen: number, walletFen: number) => Promise<void>;
  /** Back to the member view (e.g. to change the amount after a failure). */
  backToMember: () => void;
  /** A new customer. */
  restart: () => void;
}

// One checkout is one user action: the id is kept across retries of a failure that may have
// been recorded (network, busy), even if the cashier rescans or edits the amount, so a second
// tap can never record the purchase twice; the server answers a changed input with
// IDEMPOTENCY_CONFLICT and the cashier checks today's log.
const recordSlot = createRequestIdSlot();

export const useCheckout = create<CheckoutState>()((set, get) => ({
  step: 'scan',
  code: '',
  member: null,
  result: null,
  failure: null,

  lookup: async (raw) => {
    const code = raw.trim();
    if (!code || get().step === 'looking') return;
    set({ step: 'looking', code, member: null, result: null, failure: null });
    try {
      const member = await callFunction('staff', 'lookupMember', { code }, { silent: true });
      // The member code may expire while the amount is typed; the ticket lasts 10 minutes.
      set({ step: 'member', member, code: member.checkoutTicket });
    } catch (error) {
      set({ step: 'failure', failure: { error, during: 'lookup' } });
    }
  },

  record: async (amountFen, walletFen) => {
    const { code, step } = get();
    if (step !== 'member' && step !== 'failure') return;
    set({ step: 'submitting', failure: null });
    try {
      const result = await recordSlot.run((requestId) =>
        callFunction('staff', 'recordPurchase', { code, amountFen, walletFen }, { requestId, silent: true }),
      );
      set({ step: 'success', result });
      void useStaffPurchases.getState().refresh();
    } catch (error) {
      set({ step: 'failure', failure: { error, during: 'record' } });
    }
  },

  backToMember: () => set((state) => ({ step: state.member ? 'member' : 'scan', failure: null })),
  restart: () => set({ step: 'scan', code: '', member: null, result: null, failure: null }),
}));

forgetOnSignOut(() => useCheckout.getState().restart());

const refundSlot = createRequestIdSlots();

/** Refunds one purchase; the log is read again so the row shows 已退款 from the server. */
export async function refundPurchase(purchaseId: string): Promise<RefundPurchaseResult> {
  const result = await refundSlot(purchaseId).run((requestId) => callFunction('staff', 'refundPurchase', { purchaseId }, { requestId }));
  await useStaffPurchases.getState().refresh();
  return result;
}

const bindSlot = createRequestIdSlot();

/** Makes the caller staff of the binding code's store. */
export async function bindStaff(code: string): Promise<StaffIdentity> {
  const identity = await bindSlot.run((requestId) => callFunction('member', 'bindStaff', { code }, { requestId, silent: true }));
  useStaffIdentity.getState().reset();
  return identity;
}
