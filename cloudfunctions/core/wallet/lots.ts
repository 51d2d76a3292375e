import type { WalletLot } from '../ledger/accounts';
import { mulDivFloor } from '../ledger/arithmetic';

// Pure stored-value rules. Principal (what the member paid) and bonus (what the brand added)
// are kept apart, as prepaid-card practice requires. Each top-up is a lot; payments draw the
// oldest lot first. Within a lot, payments and returned payments alike keep the principal spent
// at floor(spent × principalGranted / granted) (README, "Stored value and the refund formula"),
// so every lot's refund is well defined whatever happened to it before.

export interface LotDraw {
  lotId: string;
  principal: number;
  bonus: number;
}

export function lotValue(lot: WalletLot): number {
  return lot.principalLeft + lot.bonusLeft;
}

/** What the lot's spent principal must be once `spent` fen of it are spent: the README line. */
function principalSpentAt(lot: WalletLot, spent: number): number {
  return mulDivFloor(spent, lot.principalGranted, lot.principalGranted + lot.bonusGranted);
}

function spentOf(lot: WalletLot): number {
  return lot.principalGranted + lot.bonusGranted - lotValue(lot);
}

/**
 * The principal part of taking `take` fen from a lot. Rounded on the lot's running total, not per
 * payment: after it, the principal spent is floor(total spent × principal granted / granted), so
 * many small payments keep the granted proportion instead of draining the bonus first. Bounded
 * so that neither part goes below zero, which matters only for a lot already off that line (one
 * written before returns were re-split) and sends a lot's last fen wherever it is.
 */
function principalShare(lot: WalletLot, take: number): number {
  const target = principalSpentAt(lot, spentOf(lot) + take) - (lot.principalGranted - lot.principalLeft);
  return Math.min(Math.max(target, take - lot.bonusLeft, 0), take, lot.principalLeft);
}

/**
 * The principal part of putting `amount` fen back into a lot (a refunded purchase): what brings
 * the principal spent back to floor(spent after × principal granted / granted). Not the split the
 * payment was drawn with: that split was right for the running total when it was drawn, and
 * returning it as it was would leave the lot off the line (1,000 one-fen payments whose
 * principal-drawing ones are refunded would refund 833 fen too much). Bounded by what was spent of
 * each part, again only binding for a lot already off the line.
 */
function principalBack(lot: WalletLot, amount: number): number {
  const spent = spentOf(lot);
  if (amount > spent) throw new Error(`lot ${lot.lotId}: returning ${amount} of ${spent} spent`);
  const principalSpent = lot.principalGranted - lot.principalLeft;
  const bonusSpent = lot.bonusGranted - lot.bonusLeft;
  const target = principalSpent - principalSpentAt(lot, spent - amount);
  return Math.min(Math.max(target, amount - bonusSpent, 0), amount, principalSpent);
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

/**
 * Puts drawn value back into the lots it came from (a refunded purchase paid by wallet): the same
 * amount per lot, split between principal and bonus by the lot's line (principalBack). Answers
 * the lots and what each lot got back, one draw per lot, for the entries.
 */
export function returnToLots(lots: WalletLot[], draws: LotDraw[]): { lots: WalletLot[]; draws: LotDraw[] } {
  const returned: LotDraw[] = [];
  const next = lots.map((lot) => {
    const amount = draws.filter((d) => d.lotId === lot.lotId).reduce((t, d) => t + d.principal + d.bonus, 0);
    if (amount === 0) return lot;
    const principal = principalBack(lot, amount);
    returned.push({ lotId: lot.lotId, principal, bonus: amount - principal });
    return { ...lot, principalLeft: lot.principalLeft + principal, bonusLeft: lot.bonusLeft + amount - principal };
  });
  const unknown = draws.find((d) => !lots.some((lot) => lot.lotId === d.lotId));
  if (unknown) throw new Error(`returning to unknown lot ${unknown.lotId}`);
  return { lots: next, draws: returned };
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
