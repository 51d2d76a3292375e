import type { WalletBonusAccountDoc, WalletLot, WalletPrincipalAccountDoc } from '../ledger/accounts';
import type { EntryDraft } from '../ledger/entries';
import { BusinessError } from '../platform/business-error';
import { serverNow } from '../platform/time';
import { formatFen } from '../platform/money-text';
import { releaseHold } from './holds';
import { type LotDraw, drawFromLots, quoteTopupRefund, returnToLots } from './lots';
import { type RefundCountedLot, refundsSentOn, weChatRefundRefusal } from './refund-limits';

// Wallet changes as the points ones are shaped: the two accounts as read in the transaction in,
// what they must become and the entries that explain it out. No I/O.

export interface WalletAccounts {
  wallet_principal: WalletPrincipalAccountDoc;
  wallet_bonus: WalletBonusAccountDoc;
}

export interface WalletChange {
  after: WalletAccounts;
  entries: EntryDraft[];
  draws: LotDraw[];
}

function moved(draws: LotDraw[]) {
  return { principal: draws.reduce((t, d) => t + d.principal, 0), bonus: draws.reduce((t, d) => t + d.bonus, 0) };
}

function entriesFor(draws: LotDraw[], sign: 1 | -1, kind: EntryDraft['kind'], reasons: { principal: string; bonus: string }, source: EntryDraft['source']): EntryDraft[] {
  return draws.flatMap((draw) => [
    ...(draw.principal > 0 ? [{ asset: 'wallet_principal' as const, amount: sign * draw.principal, kind, reason: reasons.principal, source, lotId: draw.lotId }] : []),
    ...(draw.bonus > 0 ? [{ asset: 'wallet_bonus' as const, amount: sign * draw.bonus, kind, reason: reasons.bonus, source, lotId: draw.lotId }] : []),
  ]);
}

/** Nothing moves: the same account objects, so the posting does not rewrite them (changedAccounts). */
function unchanged(accounts: WalletAccounts): WalletChange {
  return { after: accounts, entries: [], draws: [] };
}

/** Pays `amountFen` from the wallet, oldest lot first; refuses, naming the shortfall, if it cannot. */
export function payFromWallet(accounts: WalletAccounts, amountFen: number, source: EntryDraft['source']): WalletChange {
  const balance = accounts.wallet_principal.balance + accounts.wallet_bonus.balance;
  if (amountFen > balance) throw new BusinessError('INSUFFICIENT_WALLET', `储值余额不足，还差 ${formatFen(amountFen - balance)}`);
  const { lots, draws } = drawFromLots(accounts.wallet_principal.lots, amountFen);
  if (draws.length === 0) return unchanged(accounts);
  const paid = moved(draws);
  return {
    after: {
      wallet_principal: { ...accounts.wallet_principal, lots, balance: accounts.wallet_principal.balance - paid.principal },
      wallet_bonus: bonusMoved(accounts.wallet_bonus, -paid.bonus),
    },
    entries: entriesFor(draws, -1, 'wallet_pay', { principal: '门店消费', bonus: '门店消费' }, source),
    draws,
  };
}

const RETURNED = { principal: '消费退款退回储值', bonus: '消费退款退回赠送金' };
const RETURNED_NOT_CASHABLE = { principal: '消费退款退回储值（微信支付已无法原路退回）', bonus: '消费退款退回赠送金' };

export interface WalletReturn extends WalletChange {
  /**
   * What leaves the wallet again, per lot refunded since: its principal as a cash refund on that
   * top-up (0 when WeChat Pay can no longer take one: the principal then stays in the wallet) and
   * its bonus, withdrawn.
   */
  sentBack: LotDraw[];
}

/**
 * Puts a refunded payment back into the lots it was drawn from, split by each lot's line (lots.ts,
 * returnToLots). A lot refunded since is closed: the value drawn from it returns and leaves again
 * in the same posting (its principal as a cash refund on that top-up, its bonus withdrawn), so the
 * member gets the money, not a balance that no refund could ever reach. When WeChat Pay can no
 * longer refund that top-up's order (past its year, or 50 refunds: refund-limits.ts) the principal
 * returns to the wallet instead, into that lot, and its bonus is still withdrawn, so the member
 * ends as the cash refund would have left them, with the money as balance. `now` is the caller's
 * ctx.now (the default serves callers that do not pass it yet).
 */
export function returnToWallet(accounts: WalletAccounts, draws: LotDraw[], source: EntryDraft['source'], now: Date = serverNow()): WalletReturn {
  if (draws.length === 0) return { ...unchanged(accounts), sentBack: [] };
  const lotsBefore: RefundCountedLot[] = accounts.wallet_principal.lots;
  const closed = new Map(lotsBefore.filter((lot) => lot.refunded).map((lot) => [lot.lotId, lot]));
  const open = returnToLots(lotsBefore, draws.filter((d) => !closed.has(d.lotId)));
  // One draw per lot in a purchase; each comes back re-split (open lot) or as drawn (closed lot).
  const asReturned = new Map(draws.filter((d) => closed.has(d.lotId)).map((d) => [d.lotId, closedLotReturn(closed.get(d.lotId)!, d)]));
  const returned = draws.map((d) => asReturned.get(d.lotId) ?? open.draws.find((r) => r.lotId === d.lotId)!);
  const sentBack: LotDraw[] = [];
  const kept: LotDraw[] = [];
  for (const draw of asReturned.values()) {
    const cashable = draw.principal > 0 && weChatRefundRefusal(closed.get(draw.lotId)!, now) === null;
    sentBack.push(cashable ? draw : { ...draw, principal: 0 });
    if (!cashable && draw.principal > 0) kept.push({ ...draw, bonus: 0 });
  }
  const lots = open.lots.map((lot: RefundCountedLot) => {
    const cash = sentBack.find((d) => d.lotId === lot.lotId && d.principal > 0);
    const stays = kept.find((d) => d.lotId === lot.lotId);
    if (cash) return { ...lot, refundsSent: refundsSentOn(lot) + 1, ...(lot.principalRefunded === undefined ? {} : { principalRefunded: lot.principalRefunded + cash.principal }) };
    if (stays) return { ...lot, principalLeft: lot.principalLeft + stays.principal };
    return lot;
  });
  const principalIn = moved(open.draws).principal + moved(kept).principal;
  const bonusIn = moved(open.draws).bonus;
  const touchesBonus = returned.some((d) => d.bonus > 0);
  return {
    after: {
      wallet_principal: { ...accounts.wallet_principal, lots, balance: accounts.wallet_principal.balance + principalIn },
      // A bonus that comes back only to be withdrawn still moves the account (two entries).
      wallet_bonus: touchesBonus ? { ...accounts.wallet_bonus, balance: accounts.wallet_bonus.balance + bonusIn } : accounts.wallet_bonus,
    },
    entries: [
      ...returned.flatMap((d) => entriesFor([d], 1, 'reversal', kept.some((k) => k.lotId === d.lotId) ? RETURNED_NOT_CASHABLE : RETURNED, source)),
      ...entriesFor(sentBack, -1, 'topup_refund', { principal: '该笔储值已退款，原路退回', bonus: '该笔储值已退款，收回赠送金' }, source),
    ],
    draws: returned,
    sentBack,
  };
}

/**
 * What a draw on a closed (refunded) lot returns as principal and as bonus. Its principal is
 * bounded by what of the lot's principal is neither sent back in cash nor left in it: the lot's
 * line re-splits earlier returns to whole fen, so a draw's own principal can exceed that by a fen
 * or so, and the cash sent on one order must never add up to more than the principal paid. The
 * excess was already returned (inside the earlier cash) and leaves as bonus, withdrawn.
 */
function closedLotReturn(lot: RefundCountedLot, draw: LotDraw): LotDraw {
  if (lot.principalRefunded === undefined) return draw;
  const room = Math.max(0, lot.principalGranted - lot.principalRefunded - lot.principalLeft);
  const principal = Math.min(draw.principal, room);
  return { lotId: draw.lotId, principal, bonus: draw.bonus + draw.principal - principal };
}

/**
 * Credits a paid top-up as a new lot (its principal and its bonus) and releases the room its order
 * held under the ceiling (holds.ts); the lot's id is the order's number.
 */
export function creditTopup(accounts: WalletAccounts, lot: WalletLot, source: EntryDraft['source'], now: Date): WalletChange {
  const draw = { lotId: lot.lotId, principal: lot.principalGranted, bonus: lot.bonusGranted };
  const principal = releaseHold(accounts.wallet_principal, lot.lotId, now);
  return {
    after: {
      wallet_principal: { ...principal, lots: [...accounts.wallet_principal.lots, lot], balance: accounts.wallet_principal.balance + draw.principal },
      wallet_bonus: bonusMoved(accounts.wallet_bonus, draw.bonus),
    },
    entries: entriesFor([draw], 1, 'topup', { principal: '储值', bonus: '储值赠送' }, source),
    draws: [draw],
  };
}

/**
 * Refunds one top-up (README, "Refund formula"): the principal still in the lot goes back to
 * the member, the bonus still in it is withdrawn, and the lot is closed. Refuses what cannot be
 * honoured rather than clamping anything, and what WeChat Pay would refuse to send (past its
 * year, or its refund count: refund-limits.ts) before anything is posted.
 */
export function refundTopupLot(accounts: WalletAccounts, lotId: string, source: EntryDraft['source'], now: Date): WalletChange {
  const lot: RefundCountedLot | undefined = accounts.wallet_principal.lots.find((l) => l.lotId === lotId);
  if (!lot) throw new BusinessError('ORDER_NOT_FOUND');
  if (lot.refunded) throw new BusinessError('REFUND_NOT_ALLOWED', '该笔储值已退款');
  const quote = quoteTopupRefund(lot);
  if (quote.cashBack === 0) throw new BusinessError('REFUND_NOT_ALLOWED', '该笔储值的本金已用完，没有可退金额');
  const refusal = weChatRefundRefusal(lot, now);
  if (refusal) throw new BusinessError(refusal.code, refusal.message);
  const draw = { lotId, principal: quote.cashBack, bonus: quote.bonusWithdrawn };
  const lots = accounts.wallet_principal.lots.map((l) =>
    l.lotId === lotId ? { ...l, principalLeft: 0, bonusLeft: 0, refunded: true, refundsSent: refundsSentOn(lot) + 1, principalRefunded: draw.principal } : l,
  );
  return {
    after: {
      wallet_principal: { ...accounts.wallet_principal, lots, balance: accounts.wallet_principal.balance - draw.principal },
      wallet_bonus: bonusMoved(accounts.wallet_bonus, -draw.bonus),
    },
    entries: entriesFor([draw], -1, 'topup_refund', { principal: '储值退款', bonus: '退款收回赠送金' }, source),
    draws: [draw],
  };
}

/** The bonus account after a move; the same object when nothing moves, so it is not rewritten. */
function bonusMoved(account: WalletBonusAccountDoc, amount: number): WalletBonusAccountDoc {
  return amount === 0 ? account : { ...account, balance: account.balance + amount };
}
