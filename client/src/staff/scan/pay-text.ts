import type { CheckoutQuote, PriceLineView } from '@contract';
import { formatFen, formatPoints } from '../../utils/format';

// The words on the checkout screen, from the server's quote only (integers through format.ts).

/** A breakdown line's amount: the list and the remainder as they are, a gift item as 兑换, the rest as what they take off. */
export function lineAmountText(line: PriceLineView): string {
  if (line.kind === 'list' || line.kind === 'remainder') return formatFen(line.amountFen);
  if (line.kind === 'gift') return '兑换';
  return `-${formatFen(line.amountFen)}`;
}

export interface SwitchText {
  sub: string;
  /** The switch cannot be turned on (it can always be turned off). */
  disabled: boolean;
}

/** The 积分抵现 row: "可用 1,200 积分抵 ¥12.00" from the quote's offer. */
export function pointsSwitchText(points: CheckoutQuote['points'] | null, on: boolean): SwitchText {
  if (!points) return { sub: '输入金额后显示可抵现积分', disabled: true };
  const { offer } = points;
  if (!offer) return { sub: '本品牌暂不支持积分抵现', disabled: !on };
  if (on && points.spent > 0) return { sub: `已用 ${formatPoints(points.spent)} 积分抵 ${formatFen(points.fen)}`, disabled: false };
  if (offer.maxPoints === 0) return { sub: `积分 ${formatPoints(points.balance)}，本单不够抵现`, disabled: !on };
  const cap = offer.limitedBy === 'cap' ? '（本单上限）' : '';
  return { sub: `可用 ${formatPoints(offer.maxPoints)} 积分抵 ${formatFen(offer.maxFen)}${cap}`, disabled: false };
}

/** The 使用储值支付 row: the balance, or what the wallet pays and what is left to take. */
export function walletSwitchText(balanceFen: number, wallet: CheckoutQuote['wallet'] | null, remainderFen: number | null, on: boolean): SwitchText {
  if (balanceFen <= 0) return { sub: '该会员没有储值余额', disabled: !on };
  if (!on || !wallet || remainderFen === null) return { sub: `储值余额 ${formatFen(balanceFen)}`, disabled: false };
  if (wallet.fen === 0) return { sub: `本单无需储值支付（余额 ${formatFen(balanceFen)}）`, disabled: false };
  return {
    sub: remainderFen > 0 ? `储值支付 ${formatFen(wallet.fen)}，另收 ${formatFen(remainderFen)}` : `储值支付 ${formatFen(wallet.fen)}，无需另收`,
    disabled: false,
  };
}

/** The big button: what is left to take at the till. */
export function confirmText(quote: CheckoutQuote | null, state: { amountValid: boolean; pricing: boolean; submitting: boolean; failed: boolean }): string {
  if (state.submitting) return '正在记录…';
  if (!state.amountValid) return '请输入金额';
  if (state.failed) return '无法计算价格';
  if (state.pricing || !quote) return '正在计算…';
  return quote.remainderFen > 0 ? `确认收款 ${formatFen(quote.remainderFen)}` : '确认（无需另收）';
}
