import type { ActionInput, CheckoutQuote } from '@contract';

// What the cashier has chosen on the checkout screen, and the two requests made from it: the
// quote (priceCheckout) and the confirmation (recordPurchase). Pure, so the rules are tested by
// tables; the store only sends them.

export type WalletChoice =
  | { on: false }
  /** fen null: as much as the wallet may pay (the quote's wallet.maxFen). */
  | { on: true; fen: number | null };

export interface CheckoutChoice {
  amountFen: number;
  /** Absent: the server preselects the best coupon. [] : none (不使用优惠券). */
  couponIds?: string[];
  /** 积分抵现: the most the cap and the balance allow. */
  usePoints: boolean;
  wallet: WalletChoice;
}

export type QuoteInput = ActionInput<'staff', 'priceCheckout'>;
export type RecordInput = ActionInput<'staff', 'recordPurchase'>;

/** The stored value to draw: none when off, else the cashier's amount held to the most allowed. */
export function walletFenFor(wallet: WalletChoice, maxFen: number): number {
  if (!wallet.on) return 0;
  return wallet.fen === null ? maxFen : Math.min(wallet.fen, maxFen);
}

/** The quote request for a choice; walletFen is decided by the caller (it needs the wallet's maximum first). */
export function quoteInput(code: string, choice: CheckoutChoice, walletFen: number): QuoteInput {
  return {
    code,
    amountFen: choice.amountFen,
    walletFen,
    usePoints: choice.usePoints,
    ...(choice.couponIds ? { couponIds: [...choice.couponIds] } : {}),
  };
}

/**
 * The confirmation of what the quote showed: the same amount, the coupons the quote priced (its
 * selectedCouponIds, so a preselected coupon is named explicitly), the points and stored value it
 * drew, and its remainder, so a price that changed since is refused PRICE_CHANGED, never charged.
 */
export function recordInput(code: string, quote: CheckoutQuote, amountFen: number): RecordInput {
  const usePoints = quote.points.spent > 0;
  return {
    code,
    amountFen,
    walletFen: quote.wallet.fen,
    usePoints,
    ...(usePoints ? { pointsRequested: quote.points.spent } : {}),
    couponIds: [...quote.selectedCouponIds],
    expectedRemainderFen: quote.remainderFen,
  };
}

/** Whether a quote answers this choice (same amount, points and wallet), so confirming it sends what the screen shows. */
export function quoteMatches(quote: CheckoutQuote, choice: CheckoutChoice): boolean {
  if (quote.listFen !== choice.amountFen) return false;
  if (choice.couponIds && !sameIds(choice.couponIds, quote.selectedCouponIds)) return false;
  if ((quote.points.spent > 0) !== (choice.usePoints && (quote.points.offer?.maxPoints ?? 0) > 0)) return false;
  return quote.wallet.fen === walletFenFor(choice.wallet, quote.wallet.maxFen);
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((id) => b.includes(id));
}
