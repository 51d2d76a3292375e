import type { RefundPurchaseResult } from '../contract';
import { loadBrandSettings } from '../brand/settings';
import { type MemberAccounts, loadAccounts } from '../ledger/accounts';
import type { EntryDraft } from '../ledger/entries';
import { idempotentThenCallOut } from '../ledger/idempotency';
import { changedAccounts, writePosting } from '../ledger/posting';
import { BusinessError } from '../platform/business-error';
import { type Tx, txGet } from '../platform/documents';
import { releaseEarnedOnDay } from '../points/daily-cap';
import { reversePoints } from '../points/operations';
import { inBrandZone } from '../platform/time';
import type { HandlerContext } from '../router/context';
import { reverseGrowth } from '../tiers/growth';
import { returnToWallet } from '../wallet/operations';
import { lotRefundId, recordRefund, sendRefundsOf } from '../wallet/refund-sending';
import { PURCHASES, type PurchaseDoc } from './collections';

/**
 * Staff refund an order they recorded: the wallet payment goes back to the lots it came from
 * (or, for a top-up refunded since, to the member's WeChat Pay), earned points and growth are
 * reversed (new entries pointing at the originals). Points the member already spent become a
 * debt rather than a negative balance. The tier is not lowered here; that waits for the
 * periodic evaluation.
 */
export async function refundPurchase(ctx: HandlerContext, input: { purchaseId: string }): Promise<RefundPurchaseResult> {
  const storeId = ctx.roles.staff!.storeId;
  const brand = await loadBrandSettings(ctx.db);
  // Per cashier, not per store: only the cashier who recorded a purchase may refund it, so no
  // one else may be answered that refund's outcome by reusing its request id.
  const key = { scope: `staff:${ctx.openid}:refundPurchase`, requestId: ctx.requestId!, input };
  const postRefund = async (tx: Tx, postingId: string) => {
    const purchase = await txGet<PurchaseDoc>(tx, PURCHASES, input.purchaseId);
    if (!purchase || purchase.storeId !== storeId || purchase.staffOpenid !== ctx.openid) throw new BusinessError('PURCHASE_NOT_FOUND');
    if (purchase.status === 'refunded') throw new BusinessError('ALREADY_REFUNDED');

    const accounts = await loadAccounts(tx, purchase.memberId, ['points', 'growth', 'wallet_principal', 'wallet_bonus'] as const);
    const after: MemberAccounts = { ...accounts };
    const source = { type: 'purchase_refund', id: purchase._id };
    const entries: EntryDraft[] = [];

    const wallet = returnToWallet(accounts, purchase.walletDraws, source);
    entries.push(...wallet.entries);
    Object.assign(after, wallet.after);

    let pointsReversed = 0;
    let pointsOwed = 0;
    if (purchase.pointsEntryId && purchase.pointsEarned > 0) {
      const points = reversePoints(accounts.points, { amount: purchase.pointsEarned, correctsEntryId: purchase.pointsEntryId, reason: '消费退款扣回积分', source }, brand.timeZone);
      entries.push(...points.entries);
      after.points = releaseEarnedOnDay(points.after, inBrandZone(new Date(purchase.createdAt), brand.timeZone).format('YYYY-MM-DD'), purchase.pointsEarned);
      pointsReversed = accounts.points.balance - points.after.balance;
      pointsOwed = points.after.debt - accounts.points.debt;
    }
    let growthReversed = 0;
    if (purchase.growthEntryId && purchase.growthEarned > 0) {
      const growth = reverseGrowth(accounts.growth, purchase.growthEarned, new Date(purchase.createdAt), brand.timeZone, purchase.growthEntryId, source);
      entries.push(...growth.entries);
      after.growth = growth.after;
      growthReversed = accounts.growth.balance - growth.after.balance;
    }

    await writePosting(tx, {
      postingId,
      memberId: purchase.memberId,
      actor: { type: 'staff', id: ctx.openid },
      createdAt: ctx.now,
      entries,
      changes: changedAccounts(accounts, after),
    });
    await tx.collection(PURCHASES).doc(purchase._id).update({ data: { status: 'refunded', refundedAt: ctx.now, refundPostingId: postingId } });
    for (const draw of wallet.sentBack.filter((d) => d.principal > 0)) {
      const lot = accounts.wallet_principal.lots.find((l) => l.lotId === draw.lotId)!;
      await recordRefund(tx, lotRefundId(postingId, draw.lotId), { memberId: purchase.memberId, postingId, outTradeNo: draw.lotId, totalFee: lot.principalGranted, refundFee: draw.principal, now: ctx.now });
    }
    const sentBack = wallet.sentBack.reduce((t, d) => ({ principal: t.principal + d.principal, bonus: t.bonus + d.bonus }), { principal: 0, bonus: 0 });
    return {
      purchaseId: purchase._id,
      pointsReversed,
      pointsOwed,
      growthReversed,
      walletReturnedFen: purchase.walletPaidFen - sentBack.principal - sentBack.bonus,
      cashRefundedFen: sentBack.principal,
      bonusWithdrawnFen: sentBack.bonus,
    };
  };
  // Cash owed on top-ups refunded since goes out after the commit, and again on a retry if it has not gone yet.
  return idempotentThenCallOut(ctx, key, postRefund, async (result, postingId) => {
    if (result.cashRefundedFen > 0) await sendRefundsOf(ctx.db, postingId, ctx.now);
    return result;
  });
}
