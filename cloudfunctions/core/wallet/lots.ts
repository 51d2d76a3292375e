import type { WalletLot } from '../ledger/accounts';
import { mulDivFloor } from '../ledger/arithmetic';

// Pure stored-value rules. Principal (what the member paid) and bonus (what the brand added)
// are kept apart, as prepaid-card practice requires. Each top-up is a lot; payments draw the
// oldest lot first, and within a lot take principal and bonus in the proportion still left in
// it (which stays the proportion it was granted in), so every lot's refund is well defined.

export interface LotDraw {
  lotId: string;
  principal: number;
  bonus: number;
}

export function lotValue(lot: WalletLot): number {
  return lot.principalLeft + lot.bonusLeft;
}

/**
 * The principal part of taking `take` fen from a lot. Rounded on the lot's running total, not per
 * payment: after it, the principal spent is floor(total spent × principal granted / granted), so
 * many small payments keep the granted proportion instead of draining the bonus first. Bounded
 * so that neither part goes below zero (a returned payment can leave the lot off that line),
 * which also sends a lot's last fen wherever it is.
 */
function principalShare(lot: WalletLot, take: number): number {
  const granted = lot.principalGranted + lot.bonusGranted;
  const spentAfter = granted - lotValue(lot) + take;
  const target = mulDivFloor(spentAfter, lot.principalGranted, granted) - (lot.principalGranted - lot.principalLeft);
  return Math.min(Math.max(target, take - lot.bonusLeft, 0), take, lot.principalLeft);
}

/** Splits a payment of `amount` fen across the lots; the caller has checked the balance. */
export function drawFromLots(lots: WalletLot[], amount: number): { lots: WalletLot[]; draws: LotDraw[] } {
  let left = amount;
  const draws: LotDraw[] = [];
  const next = lots.map((lot) => {
    const value = lotValue(lot);
    if (left === 0 || value === 0) return lot;
    const take = Math.min(left, value);
    const principal = principalShare(lot, take);
    const bonus = take - principal;
    left -= take;
    draws.push({ lotId: lot.lotId, principal, bonus });
    return { ...lot, principalLeft: lot.principalLeft - principal, bonusLeft: lot.bonusLeft - bonus };
  });
  if (left > 0) throw new Error(`wallet lots hold less than ${amount}`);
  return { lots: next, draws };
}

/** Puts drawn value back into the lots it came from (a refunded purchase paid by wallet). */
export function returnToLots(lots: WalletLot[], draws: LotDraw[]): WalletLot[] {
  return lots.map((lot) => {
    const back = draws.filter((d) => d.lotId === lot.lotId);
    if (back.length === 0) return lot;
    return {
      ...lot,
      principalLeft: lot.principalLeft + back.reduce((t, d) => t + d.principal, 0),
      bonusLeft: lot.bonusLeft + back.reduce((t, d) => t + d.bonus, 0),
    };
  });
}

export interface TopupRefund {
  /** Fen returned to the member's payment method: the principal not yet spent. */
  cashBack: number;
  /** Bonus withdrawn with it: the bonus on the refunded part. */
  bonusWithdrawn: number;
  /** What the member kept, in the lot's granted proportion. */
  spentPrincipal: number;
  spentBonus: number;
}

/**
 * Refund of one top-up: prepayment minus what was delivered, bonus treated as a discount.
 * Spent value S = granted − left was taken from principal and bonus in the granted proportion,
 * so the member gets back the principal still in the lot and loses the bonus still in it.
 */
export function quoteTopupRefund(lot: WalletLot): TopupRefund {
  return {
    cashBack: lot.principalLeft,
    bonusWithdrawn: lot.bonusLeft,
    spentPrincipal: lot.principalGranted - lot.principalLeft,
    spentBonus: lot.bonusGranted - lot.bonusLeft,
  };
}
