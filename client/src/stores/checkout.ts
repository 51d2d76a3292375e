import type { CheckoutQuote, MemberLookupResult, RecordPurchaseResult } from '@contract';
import { create } from 'zustand';
import { callFunction, createRequestIdSlot, isApiError } from '../api';
import { cleanAmountInput, parseYuanToFen } from '../utils/money-input';
import { type CheckoutChoice, quoteInput, quoteMatches, type RecordInput, recordInput, walletFenFor, type WalletChoice } from '../staff/scan/checkout-request';
import { toggleCoupon } from '../staff/scan/coupon-selection';
import { forgetOnSignOut } from './session';
import { useStaffPurchases } from './staff';

// The checkout in progress at the counter (staff subpackage): scan → the member and the amount,
// priced by the server as it is typed → confirm → the outcome. The screen shows the server's
// quote, never a price worked out on the phone.

export type CheckoutStep = 'scan' | 'looking' | 'member' | 'submitting' | 'success' | 'failure';
export type QuoteStatus = 'idle' | 'pending' | 'ready' | 'error';

/** Typing pauses this long before the order is priced again. */
export const QUOTE_DEBOUNCE_MS = 350;

export interface CheckoutState {
  step: CheckoutStep;
  /** The scanned member code, then the lookup's checkout ticket, which the quote and the purchase go with. */
  code: string;
  member: MemberLookupResult | null;
  /** What the cashier typed (kept when the same customer is scanned again). */
  amountText: string;
  usePoints: boolean;
  wallet: WalletChoice;
  /** Absent: the server's best coupon; [] : none. */
  couponIds: string[] | undefined;
  quoteStatus: QuoteStatus;
  /** The last quote the server gave (kept on screen, dimmed, while the next one is on its way). */
  quote: CheckoutQuote | null;
  quoteError: unknown;
  /** Said above the breakdown, e.g. after PRICE_CHANGED. */
  notice: string | null;
  result: RecordPurchaseResult | null;
  /** The confirmation sent last: 重试 sends exactly this again (with the same request id). */
  sent: RecordInput | null;
  failure: { error: unknown; during: 'lookup' | 'record' } | null;

  lookup: (code: string) => Promise<void>;
  setAmountText: (text: string) => void;
  toggleCoupon: (couponId: string) => void;
  useNoCoupon: () => void;
  setUsePoints: (on: boolean) => void;
  setWallet: (wallet: WalletChoice) => void;
  /** Prices the order now (重新计算, or after coming back to the member screen). */
  requote: () => void;
  /** Confirms the quote on screen, when it answers what is chosen. */
  confirm: () => Promise<void>;
  /** Sends the failed confirmation again, unchanged. */
  retryRecord: () => Promise<void>;
  backToMember: () => void;
  /** The same customer scanned again (e.g. the code had expired): the amount typed stays. */
  rescan: () => void;
  /** A new customer. */
  restart: () => void;
}

// One checkout is one user action: the id is kept across retries of a failure that may have
// been recorded (network, busy), even if the cashier rescans or edits the amount, so a second
// tap can never record the purchase twice; the server answers a changed input with
// IDEMPOTENCY_CONFLICT and the cashier checks today's log.
const recordSlot = createRequestIdSlot();

let quoteTimer: ReturnType<typeof setTimeout> | null = null;
// Answers to an earlier quote request are dropped: only the latest choice's price shows.
let quoteGeneration = 0;

function cancelQuote(): void {
  if (quoteTimer) clearTimeout(quoteTimer);
  quoteTimer = null;
  quoteGeneration += 1;
}

export function currentChoice(state: Pick<CheckoutState, 'amountText' | 'usePoints' | 'wallet' | 'couponIds'>): CheckoutChoice | null {
  const amountFen = parseYuanToFen(state.amountText);
  if (amountFen === null) return null;
  return { amountFen, usePoints: state.usePoints, wallet: state.wallet, ...(state.couponIds ? { couponIds: state.couponIds } : {}) };
}

/**
 * Prices a choice. The stored value asked for may not exceed what is due after coupons and
 * points, which only the server knows, so with the wallet on the order is priced once without it
 * (its wallet.maxFen does not depend on the draw) and again with the draw held to that maximum.
 */
async function priceChoice(code: string, choice: CheckoutChoice): Promise<CheckoutQuote> {
  const first = await callFunction('staff', 'priceCheckout', quoteInput(code, choice, 0), { silent: true });
  const walletFen = walletFenFor(choice.wallet, first.wallet.maxFen);
  if (walletFen === 0) return first;
  return callFunction('staff', 'priceCheckout', quoteInput(code, choice, walletFen), { silent: true });
}

const INITIAL = {
  step: 'scan' as CheckoutStep,
  code: '',
  member: null,
  amountText: '',
  usePoints: false,
  wallet: { on: false } as WalletChoice,
  couponIds: undefined,
  quoteStatus: 'idle' as QuoteStatus,
  quote: null,
  quoteError: null,
  notice: null,
  result: null,
  sent: null,
  failure: null,
};

export const useCheckout = create<CheckoutState>()((set, get) => {
  /** Prices the current choice after `delayMs` (0: now); a newer call replaces a pending one. */
  function scheduleQuote(delayMs: number): void {
    cancelQuote();
    const { code, member } = get();
    const choice = currentChoice(get());
    if (!member || !choice) {
      set({ quoteStatus: 'idle', quote: null, quoteError: null });
      return;
    }
    const generation = quoteGeneration;
    set({ quoteStatus: 'pending', quoteError: null });
    quoteTimer = setTimeout(() => {
      quoteTimer = null;
      priceChoice(code, choice).then(
        (quote) => {
          if (generation === quoteGeneration) set({ quoteStatus: 'ready', quote });
        },
        (error: unknown) => {
          if (generation === quoteGeneration) set({ quoteStatus: 'error', quoteError: error });
        },
      );
    }, delayMs);
  }

  async function send(input: RecordInput): Promise<void> {
    cancelQuote();
    set({ step: 'submitting', failure: null, notice: null, sent: input });
    try {
      const result = await recordSlot.run((requestId) => callFunction('staff', 'recordPurchase', input, { requestId, silent: true }));
      set({ step: 'success', result });
      void useStaffPurchases.getState().refresh();
    } catch (error) {
      if (isApiError(error) && error.code === 'PRICE_CHANGED') {
        // A coupon, the points or the wallet changed since the quote: price again, let the cashier look.
        set({ step: 'member', notice: '价格有变化（券、积分或储值已变动），已重新计算，请核对后再确认' });
        scheduleQuote(0);
        return;
      }
      set({ step: 'failure', failure: { error, during: 'record' } });
    }
  }

  return {
    ...INITIAL,

    lookup: async (raw) => {
      const code = raw.trim();
      if (!code || get().step === 'looking') return;
      cancelQuote();
      set({ step: 'looking', code, member: null, quote: null, quoteStatus: 'idle', result: null, failure: null, notice: null });
      try {
        const member = await callFunction('staff', 'lookupMember', { code }, { silent: true });
        // The member code may expire while the amount is typed; the ticket lasts 10 minutes.
        set({ step: 'member', member, code: member.checkoutTicket });
        scheduleQuote(0);
      } catch (error) {
        set({ step: 'failure', failure: { error, during: 'lookup' } });
      }
    },

    setAmountText: (text) => {
      const amountText = cleanAmountInput(text);
      if (amountText === get().amountText) return;
      // Another amount: the server chooses the best coupon for it again.
      set({ amountText, couponIds: undefined, notice: null });
      scheduleQuote(QUOTE_DEBOUNCE_MS);
    },

    toggleCoupon: (couponId) => {
      const { quote } = get();
      if (!quote) return;
      set({ couponIds: toggleCoupon(quote.selectedCouponIds, quote.coupons, couponId), notice: null });
      scheduleQuote(0);
    },

    useNoCoupon: () => {
      set({ couponIds: [], notice: null });
      scheduleQuote(0);
    },

    setUsePoints: (on) => {
      set({ usePoints: on, notice: null });
      scheduleQuote(0);
    },

    setWallet: (wallet) => {
      set({ wallet, notice: null });
      scheduleQuote(wallet.on && wallet.fen !== null ? QUOTE_DEBOUNCE_MS : 0);
    },

    requote: () => scheduleQuote(0),

    confirm: async () => {
      const state = get();
      const choice = currentChoice(state);
      if (state.step !== 'member' || state.quoteStatus !== 'ready' || !state.quote || !choice || !quoteMatches(state.quote, choice)) return;
      await send(recordInput(state.code, state.quote, choice.amountFen));
    },

    retryRecord: async () => {
      const { sent, step } = get();
      if (sent && step === 'failure') await send(sent);
    },

    backToMember: () => {
      set((state) => ({ step: state.member ? 'member' : 'scan', failure: null }));
      // Coupons, points or the wallet may have moved meanwhile: show today's price, not the old one.
      if (get().member) scheduleQuote(0);
    },

    rescan: () => {
      cancelQuote();
      const { amountText } = get();
      set({ ...INITIAL, amountText });
    },

    restart: () => {
      cancelQuote();
      set({ ...INITIAL });
    },
  };
});

forgetOnSignOut(() => useCheckout.getState().restart());
