import type { TopupRefundResult } from '../contract';
import { loadAccounts } from '../ledger/accounts';
import { idempotentThenCallOut } from '../ledger/idempotency';
import { changedAccounts, writePosting } from '../ledger/posting';
import { requireMember } from '../members/lookup';
import { PAYMENT_ORDERS } from '../payments/orders';
import type { Tx } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { refundTopupLot } from './operations';
import { recordRefund, sendRefund } from './refund-sending';
import { loadBrandSettings } from '../brand/settings';
import { txGet } from '../platform/documents';
import { endReferralByRefund } from '../referral/clawback';
import type { TopupOrderDoc } from './topup';

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
    const change = refundTopupLot(accounts, input.lotId, { type: 'topup_refund', id: input.lotId }, ctx.now);
    const [{ principal: cashBack, bonus: bonusWithdrawn }] = change.draws;
    const lot = accounts.wallet_principal.lots.find((l) => l.lotId === input.lotId)!;
    await writePosting(tx, {
      postingId,
      memberId: member._id,
      actor: { type: 'member', id: ctx.openid },
      createdAt: ctx.now,
      entries: change.entries,
      changes: changedAccounts(accounts, change.after),
    });
    await recordRefund(tx, postingId, { memberId: member._id, postingId, outTradeNo: lot.lotId, totalFee: lot.principalGranted, refundFee: cashBack, now: ctx.now });
    await tx.collection(PAYMENT_ORDERS).doc(lot.lotId).update({ data: { status: 'refunded' } });
    // The invitee's qualifying top-up: the inviter's reward is cancelled or clawed back with it.
    const order = await txGet<TopupOrderDoc>(tx, PAYMENT_ORDERS, lot.lotId);
    if (order?.referralRewardId) {
      await endReferralByRefund(ctx.db, tx, order.referralRewardId, { postingId, actor: { type: 'member', id: ctx.openid }, now: ctx.now, brand: await loadBrandSettings(ctx.db) });
    }
    return {
      refundId: postingId,
      lotId: lot.lotId,
      cashBackFen: cashBack,
      bonusWithdrawnFen: bonusWithdrawn,
      balanceFen: change.after.wallet_principal.balance + change.after.wallet_bonus.balance,
    };
  };
  // The money goes out after the commit, and again on a retry if it has not gone yet.
  return idempotentThenCallOut(ctx, key, postRefund, async ({ refundId, ...posted }) => ({ ...posted, refundStatus: await sendRefund(ctx.db, refundId, ctx.now) }));
}
