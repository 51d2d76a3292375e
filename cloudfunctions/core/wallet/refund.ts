import type { TopupRefundResult } from '../contract';
import { type WalletPrincipalAccountDoc, loadAccounts } from '../ledger/accounts';
import { idempotentThenCallOut } from '../ledger/idempotency';
import { writePosting } from '../ledger/posting';
import { requireMember } from '../members/lookup';
import { PAYMENT_ORDERS } from '../payments/orders';
import { BusinessError } from '../platform/business-error';
import type { Tx } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { quoteTopupRefund } from './lots';
import { WALLET_REFUNDS, type WalletRefundDoc, sendRefund } from './refund-sending';

/**
 * A member asks for one top-up back: the principal still unspent returns to them and the bonus
 * still in the lot is withdrawn (README, "Refund formula"). The ledger moves first, in one
 * transaction; the money is then sent through WeChat Pay, outside it (refund-sending.ts). A
 * refund WeChat refuses stays `pending` and is sent again by a retry or by the cron job.
 */
export async function refundTopup(ctx: HandlerContext, input: { lotId: string }): Promise<TopupRefundResult> {
  const member = await requireMember(ctx);
  const key = { scope: `member:${ctx.openid}:refundTopup`, requestId: ctx.requestId!, input };
  const postRefund = async (tx: Tx, postingId: string) => {
    const accounts = await loadAccounts(tx, member._id, ['wallet_principal', 'wallet_bonus'] as const);
    const lot = accounts.wallet_principal.lots.find((l) => l.lotId === input.lotId);
    if (!lot) throw new BusinessError('ORDER_NOT_FOUND');
    if (lot.refunded) throw new BusinessError('REFUND_NOT_ALLOWED', '该笔储值已退款');
    const quote = quoteTopupRefund(lot);
    if (quote.cashBack === 0) throw new BusinessError('REFUND_NOT_ALLOWED', '该笔储值的本金已用完，没有可退金额');

    const source = { type: 'topup_refund', id: lot.lotId };
    const lots = accounts.wallet_principal.lots.map((l) => (l.lotId === lot.lotId ? { ...l, principalLeft: 0, bonusLeft: 0, refunded: true } : l));
    await writePosting(tx, {
      postingId,
      memberId: member._id,
      actor: { type: 'member', id: ctx.openid },
      createdAt: ctx.now,
      entries: [
        { asset: 'wallet_principal', amount: -quote.cashBack, kind: 'topup_refund', reason: '储值退款', source, lotId: lot.lotId },
        ...(quote.bonusWithdrawn > 0 ? [{ asset: 'wallet_bonus' as const, amount: -quote.bonusWithdrawn, kind: 'topup_refund' as const, reason: '退款收回赠送金', source, lotId: lot.lotId }] : []),
      ],
      changes: [
        { before: accounts.wallet_principal, after: { ...accounts.wallet_principal, lots, balance: accounts.wallet_principal.balance - quote.cashBack } as WalletPrincipalAccountDoc },
        ...(quote.bonusWithdrawn > 0 ? [{ before: accounts.wallet_bonus, after: { ...accounts.wallet_bonus, balance: accounts.wallet_bonus.balance - quote.bonusWithdrawn } }] : []),
      ],
    });
    const refund: Omit<WalletRefundDoc, '_id'> = {
      memberId: member._id,
      outTradeNo: lot.lotId,
      totalFee: lot.principalGranted,
      refundFee: quote.cashBack,
      status: 'pending',
      attempts: 0,
      createdAt: ctx.now,
      lastAttemptAt: ctx.now,
    };
    await tx.collection(WALLET_REFUNDS).doc(postingId).set({ data: refund });
    await tx.collection(PAYMENT_ORDERS).doc(lot.lotId).update({ data: { status: 'refunded' } });
    return {
      refundId: postingId,
      lotId: lot.lotId,
      cashBackFen: quote.cashBack,
      bonusWithdrawnFen: quote.bonusWithdrawn,
      balanceFen: accounts.wallet_principal.balance - quote.cashBack + accounts.wallet_bonus.balance - quote.bonusWithdrawn,
    };
  };
  // The money goes out after the commit, and again on a retry if it has not gone yet.
  return idempotentThenCallOut(ctx, key, postRefund, async ({ refundId, ...posted }) => ({ ...posted, refundStatus: await sendRefund(ctx.db, refundId, ctx.now) }));
}
