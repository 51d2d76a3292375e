import type { DeletionPreview } from '../contract/profile';
import type { PointsAccountDoc, WalletBonusAccountDoc, WalletLot } from '../ledger/accounts';
import type { EntryDraft } from '../ledger/entries';
import { PAYABLE_FOR_MS } from '../payments/unified-order';
import { formatFen } from '../platform/money-text';
import { type HoldingAccount, liveHolds } from '../wallet/holds';
import { quoteTopupRefund } from '../wallet/lots';
import { weChatRefundRefusal } from '../wallet/refund-limits';

// What 注销 does to the member's balances, as pure rules (tested by tables in tests/privacy).
// Order of the rules: a refund still on its way blocks (the money must land first); an unpaid
// top-up order blocks (its payment would arrive into a deleted wallet), and so does an unpaid
// order of any other purpose (a plan order: a membership bought for a deleted account) while it
// is still payable; principal that can still
// go back to WeChat Pay must be refunded first (储值 → 退款, by the refund formula); what is left
// (the bonus, principal past WeChat Pay's refund year or its 50 refunds) is forfeited only when
// the member says so (forfeitWallet). Points are forfeited, and a points debt written off.

export type DeletionBlock = 'WALLET_REFUND_PENDING' | 'TOPUP_ORDER_PENDING' | 'PAYMENT_ORDER_PENDING' | 'WALLET_NOT_EMPTY';

/** A payment order of the member's not paid yet (payment_orders, status 'pending'), of any purpose. */
export interface PendingOrder {
  purpose: string;
  createdAt: Date | string;
  /** Closed with WeChat Pay (it can no longer be paid). */
  closedAt?: Date | string | null;
}

/** The member's unpaid orders that WeChat Pay would still take a payment for at `now` (placed less than PAYABLE_FOR_MS ago, not closed). */
export function payableOrders(orders: readonly PendingOrder[], now: Date): PendingOrder[] {
  return orders.filter((o) => !o.closedAt && new Date(o.createdAt).getTime() + PAYABLE_FOR_MS > now.getTime());
}

export interface DeletionPlan {
  refundablePrincipalFen: number;
  unrefundablePrincipalFen: number;
  bonusFen: number;
  points: number;
  pointsDebt: number;
  block: DeletionBlock | null;
  /** Stored value that deletion writes off (needs forfeitWallet). */
  walletForfeitFen: number;
}

/** What a lot can still return to WeChat Pay now (the wallet page's refundableFen). */
export function refundableOf(lot: WalletLot, now: Date): number {
  return lot.refunded || weChatRefundRefusal(lot, now) ? 0 : quoteTopupRefund(lot).cashBack;
}

export function deletionPlan(
  accounts: { points: PointsAccountDoc; wallet_principal: HoldingAccount; wallet_bonus: WalletBonusAccountDoc },
  unsentRefunds: number,
  now: Date,
  pendingOrders: readonly PendingOrder[] = [],
): DeletionPlan {
  const principal = accounts.wallet_principal;
  const refundable = principal.lots.reduce((total, lot) => total + refundableOf(lot, now), 0);
  const payable = payableOrders(pendingOrders, now);
  const block: DeletionBlock | null =
    unsentRefunds > 0
      ? 'WALLET_REFUND_PENDING'
      : liveHolds(principal, now).length > 0 || payable.some((o) => o.purpose === 'topup')
        ? 'TOPUP_ORDER_PENDING'
        : payable.length > 0
          ? 'PAYMENT_ORDER_PENDING'
          : refundable > 0
            ? 'WALLET_NOT_EMPTY'
            : null;
  return {
    refundablePrincipalFen: refundable,
    unrefundablePrincipalFen: principal.balance - refundable,
    bonusFen: accounts.wallet_bonus.balance,
    points: accounts.points.balance,
    pointsDebt: accounts.points.debt,
    block,
    walletForfeitFen: principal.balance - refundable + accounts.wallet_bonus.balance,
  };
}

const BLOCK_TEXT: Record<DeletionBlock, (plan: DeletionPlan) => string> = {
  WALLET_REFUND_PENDING: () => '有储值退款正在处理中，退款到账后才能注销',
  TOPUP_ORDER_PENDING: () => '有未完成的储值订单，请完成支付或 2 小时后再注销',
  PAYMENT_ORDER_PENDING: () => '有未完成的支付订单（如付费会员卡），请完成支付或 2 小时后再注销',
  WALLET_NOT_EMPTY: (plan) => `储值中还有 ${formatFen(plan.refundablePrincipalFen)} 本金可以原路退回，请先在储值页申请退款`,
};

/** The preview the member reads before confirming. */
export function previewOf(plan: DeletionPlan): DeletionPreview {
  const consequences = [
    '昵称、头像、手机号、生日和微信身份关联将被删除，无法恢复',
    plan.points > 0 ? `剩余 ${plan.points.toLocaleString('en-US')} 积分将作废` : '积分清零（当前没有积分）',
    ...(plan.walletForfeitFen > 0
      ? [`剩余储值 ${formatFen(plan.walletForfeitFen)}（其中赠送金 ${formatFen(plan.bonusFen)}，无法原路退回的本金 ${formatFen(plan.unrefundablePrincipalFen)}）将放弃，须确认后注销`]
      : []),
    '未使用的优惠券将无法再使用',
    '积分、储值流水和消费记录按法律和财务要求保留，但不再关联到你本人',
    '注销后再次打开小程序，将作为新会员重新注册，原会员号、积分和等级不会恢复',
  ];
  return {
    refundablePrincipalFen: plan.refundablePrincipalFen,
    unrefundablePrincipalFen: plan.unrefundablePrincipalFen,
    bonusFen: plan.bonusFen,
    points: plan.points,
    blockedReason: plan.block ? BLOCK_TEXT[plan.block](plan) : null,
    consequences,
  };
}

/** The forfeit posting's accounts and entries: everything to zero, one entry per lot's part. */
export function forfeitChange<P extends PointsAccountDoc, W extends HoldingAccount, B extends WalletBonusAccountDoc>(
  accounts: { points: P; wallet_principal: W; wallet_bonus: B },
  source: EntryDraft['source'],
): { after: { points: P; wallet_principal: W; wallet_bonus: B }; entries: EntryDraft[] } {
  const { points, wallet_principal: principal, wallet_bonus: bonus } = accounts;
  const entries: EntryDraft[] = [];
  if (points.balance > 0) entries.push({ asset: 'points', amount: -points.balance, kind: 'forfeit', reason: '注销：积分作废', source });
  if (points.debt > 0) entries.push({ asset: 'points', amount: 0, debtDelta: -points.debt, kind: 'forfeit', reason: '注销：欠还积分核销', source });
  for (const lot of principal.lots) {
    if (lot.principalLeft > 0) entries.push({ asset: 'wallet_principal', amount: -lot.principalLeft, kind: 'forfeit', reason: '注销：放弃无法退回的储值本金', source, lotId: lot.lotId });
    if (lot.bonusLeft > 0) entries.push({ asset: 'wallet_bonus', amount: -lot.bonusLeft, kind: 'forfeit', reason: '注销：放弃赠送金', source, lotId: lot.lotId });
  }
  return {
    after: {
      points: { ...points, balance: 0, debt: 0, buckets: [], nextExpiryAt: null, unannouncedExpiryAt: null },
      wallet_principal: { ...principal, balance: 0, lots: principal.lots.map((lot) => ({ ...lot, principalLeft: 0, bonusLeft: 0 })), topupHolds: [] },
      wallet_bonus: { ...bonus, balance: 0 },
    },
    entries,
  };
}
