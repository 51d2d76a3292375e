import type { RefundPurchaseResult } from '../contract';
import { type BrandSettings, loadBrandSettings } from '../brand/settings';
import { type MemberAccounts, loadAccounts } from '../ledger/accounts';
import type { Actor, EntryDraft } from '../ledger/entries';
import { type IdempotencyKey, idempotentThenCallOut } from '../ledger/idempotency';
import { changedAccounts, writePosting } from '../ledger/posting';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { BusinessError } from '../platform/business-error';
import { type Tx, getDocById, txGet } from '../platform/documents';
import { releaseEarnedOnDay } from '../points/daily-cap';
import { expiryDayFor } from '../points/earn';
import { expireDue } from '../points/expire-lazily';
import { returnSpentPoints, reversePoints } from '../points/operations';
import { giveCouponBack, readCoupon } from '../coupons/redeem';
import { inBrandZone } from '../platform/time';
import type { HandlerContext } from '../router/context';
import { reverseGrowth } from '../tiers/growth';
import { undoUnearnedUpgrade } from '../tiers/member-tier';
import { returnToWallet } from '../wallet/operations';
import { lotRefundId, recordRefund, sendRefundsOf } from '../wallet/refund-sending';
import { PURCHASES, type PurchaseDoc } from './collections';
import { tierView } from './views';
import { storeScope } from '../access/roles';
import { appendAudit } from '../audit/log';
import { endReferralByRefund } from '../referral/clawback';
import { takeBackPaidBenefit } from '../membership/checkout';

/** Who refunds, and which purchases they may refund. */
interface Refunder {
  actor: Actor;
  /** Request ids are scoped to the refunder, so no one is answered another's refund by reusing its id. */
  scope: string;
  mayRefund(purchase: PurchaseDoc): boolean;
  /** Operators' refunds go into the audit log. */
  audited?: boolean;
  /** Throws FORBIDDEN for a purchase outside the refunder's stores (a store manager's). */
  checkScope?(purchase: PurchaseDoc): void;
}

/** Staff refund an order they recorded themselves, at their store. */
export async function refundPurchase(ctx: HandlerContext, input: { purchaseId: string }): Promise<RefundPurchaseResult> {
  const storeId = ctx.roles.staff!.storeId;
  return refund(ctx, input, {
    actor: { type: 'staff', id: ctx.openid },
    scope: `staff:${ctx.openid}:refundPurchase`,
    mayRefund: (purchase) => purchase.storeId === storeId && purchase.staffOpenid === ctx.openid,
  });
}

/**
 * An operator refunds a purchase: the way out when its cashier has left or moved store. The
 * reason is kept on the entries and in the audit log, and the posting names the operator. A store
 * manager refunds only their own stores' purchases (FORBIDDEN for another store's).
 */
export async function refundPurchaseAsOperator(ctx: HandlerContext, input: { purchaseId: string; reason: string }): Promise<RefundPurchaseResult> {
  const scope = storeScope(ctx);
  const outOfScope = (purchase: PurchaseDoc) => {
    if (scope !== null && !scope.includes(purchase.storeId)) throw new BusinessError('FORBIDDEN', '只能为本人管理的门店退款');
  };
  // Checked before the request is recorded too, so a refused call leaves nothing behind.
  const current = scope === null ? null : await getDocById<PurchaseDoc>(ctx.db, PURCHASES, input.purchaseId);
  if (current) outOfScope(current);
  return refund(ctx, input, {
    actor: { type: 'operator', id: ctx.openid },
    scope: `operator:${ctx.openid}:refundPurchase`,
    mayRefund: () => true,
    checkScope: outOfScope,
    audited: true,
  });
}

/**
 * The refund itself: the wallet payment goes back to the lots it came from (or, for a top-up
 * refunded since, to the member's WeChat Pay), earned points and growth are reversed (new
 * entries pointing at the originals), and an upgrade the purchase bought is undone.
 */
async function refund(ctx: HandlerContext, input: { purchaseId: string; reason?: string }, refunder: Refunder): Promise<RefundPurchaseResult> {
  const brand = await loadBrandSettings(ctx.db);
  const key: IdempotencyKey = { scope: refunder.scope, requestId: ctx.requestId!, input };
  const postRefund = async (tx: Tx, postingId: string) => {
    const purchase = await txGet<PurchaseDoc>(tx, PURCHASES, input.purchaseId);
    if (!purchase || !refunder.mayRefund(purchase)) throw new BusinessError('PURCHASE_NOT_FOUND');
    refunder.checkScope?.(purchase);
    if (purchase.status === 'refunded') throw new BusinessError('ALREADY_REFUNDED');
    const result = await postPurchaseRefund(ctx, tx, postingId, brand, purchase, refunder.actor, input.reason);
    if (refunder.audited) {
      await appendAudit(tx, ctx, { target: { kind: 'purchase', id: purchase._id }, before: { status: purchase.status }, after: { status: 'refunded', postingId }, storeId: purchase.storeId, reason: input.reason ?? null });
    }
    return result;
  };
  // Cash owed on top-ups refunded since goes out after the commit, and again on a retry if it has not gone yet.
  return idempotentThenCallOut(ctx, key, postRefund, async (result, postingId) => {
    if (result.cashRefundedFen > 0) await sendRefundsOf(ctx.db, postingId, ctx.now);
    return result;
  });
}

async function postPurchaseRefund(ctx: HandlerContext, tx: Tx, postingId: string, brand: BrandSettings, purchase: PurchaseDoc, actor: Actor, reason?: string): Promise<RefundPurchaseResult> {
  const paidFromWallet = purchase.walletDraws.length > 0;
  const assets = paidFromWallet ? (['points', 'growth', 'wallet_principal', 'wallet_bonus'] as const) : (['points', 'growth'] as const);
  const accounts: Partial<MemberAccounts> = await loadAccounts(tx, purchase.memberId, assets);
  const after: Partial<MemberAccounts> = { ...accounts };
  const source = { type: 'purchase_refund', id: purchase._id };
  const entries: EntryDraft[] = [];
  const why = (text: string) => (reason ? `${text}：${reason}` : text);

  const wallet = paidFromWallet ? returnToWallet(accounts as MemberAccounts, purchase.walletDraws, source, ctx.now) : null;
  if (wallet) {
    entries.push(...wallet.entries);
    Object.assign(after, wallet.after);
  }

  // Ended buckets expire first, so the answer is the same whether or not the expiry job ran.
  const expired = expireDue(accounts.points!, ctx.now, brand.timeZone);
  entries.push(...expired.entries);
  after.points = expired.after;
  // Points spent as cash go back first (into their own buckets), so reversing what was earned
  // takes from them before it runs into a debt.
  const spent = purchase.price?.pointsSpent ?? 0;
  if (spent > 0) {
    const today = inBrandZone(ctx.now, brand.timeZone).format('YYYY-MM-DD');
    const back = returnSpentPoints(after.points, { draws: purchase.price!.pointsDraws, correctsEntryId: purchase.price!.pointsSpentEntryId!, reason: why('退款返还抵现积分'), source }, today, brand.timeZone);
    entries.push(...back.entries);
    after.points = back.after;
  }
  const beforeReversal = after.points;
  let pointsReversed = 0;
  let pointsOwed = 0;
  if (purchase.pointsEntryId && purchase.pointsEarned > 0) {
    const earnedAt = new Date(purchase.createdAt);
    // Purchases recorded before the bucket was kept on them went where the policy then put them.
    const expiresOn = purchase.pointsExpireOn ?? expiryDayFor(earnedAt, brand.points, brand.timeZone);
    const points = reversePoints(beforeReversal, { amount: purchase.pointsEarned, expiresOn, correctsEntryId: purchase.pointsEntryId, reason: why('消费退款扣回积分'), source }, brand.timeZone);
    entries.push(...points.entries);
    after.points = releaseEarnedOnDay(points.after, inBrandZone(earnedAt, brand.timeZone).format('YYYY-MM-DD'), purchase.pointsEarned);
    pointsReversed = beforeReversal.balance - points.after.balance;
    pointsOwed = points.after.debt - beforeReversal.debt;
  }
  let growthReversed = 0;
  if (purchase.growthEntryId && purchase.growthEarned > 0) {
    const growth = reverseGrowth(accounts.growth!, purchase.growthEarned, new Date(purchase.createdAt), brand.timeZone, purchase.growthEntryId, source, why('退款扣回成长值'));
    entries.push(...growth.entries);
    after.growth = growth.after;
    growthReversed = accounts.growth!.balance - growth.after.balance;
  }

  await writePosting(tx, { postingId, memberId: purchase.memberId, actor, createdAt: ctx.now, entries, changes: changedAccounts(accounts as MemberAccounts, after as MemberAccounts) });
  await tx.collection(PURCHASES).doc(purchase._id).update({ data: { status: 'refunded', refundedAt: ctx.now, refundPostingId: postingId, refundedBy: actor } });
  // What the paid plan gave on it no longer counts as a benefit of the period.
  if (purchase.paidBenefit) await takeBackPaidBenefit(tx, purchase.memberId, purchase.paidBenefit, ctx.now);
  // The invitee's qualifying purchase: the inviter's reward is cancelled or clawed back with it.
  if (purchase.referralRewardId) await endReferralByRefund(ctx.db, tx, purchase.referralRewardId, { postingId, actor, now: ctx.now, brand });
  // The coupons it used come back: available while still valid, expired after.
  const couponsReturned: RefundPurchaseResult['couponsReturned'] = [];
  for (const { couponId } of purchase.price?.coupons ?? []) {
    const coupon = await readCoupon(tx, couponId);
    if (coupon?.status !== 'used' || coupon.usedBy?.id !== purchase._id) throw new Error(`coupon ${couponId} of purchase ${purchase._id} is not used by it`);
    couponsReturned.push({ couponId, status: await giveCouponBack(tx, coupon, ctx.now) });
  }
  const tier = await undoUpgradeOf(tx, purchase, after.growth!, brand, ctx.now);
  for (const draw of wallet?.sentBack.filter((d) => d.principal > 0) ?? []) {
    const lot = accounts.wallet_principal!.lots.find((l) => l.lotId === draw.lotId)!;
    await recordRefund(tx, lotRefundId(postingId, draw.lotId), { memberId: purchase.memberId, postingId, outTradeNo: draw.lotId, totalFee: lot.principalGranted, refundFee: draw.principal, now: ctx.now });
  }
  const sentBack = (wallet?.sentBack ?? []).reduce((t, d) => ({ principal: t.principal + d.principal, bonus: t.bonus + d.bonus }), { principal: 0, bonus: 0 });
  return {
    purchaseId: purchase._id,
    pointsReturned: spent,
    couponsReturned,
    pointsReversed,
    pointsOwed,
    growthReversed,
    walletReturnedFen: purchase.walletPaidFen - sentBack.principal - sentBack.bonus,
    cashRefundedFen: sentBack.principal,
    bonusWithdrawnFen: sentBack.bonus,
    ...(tier ? { tierLoweredTo: tier } : {}),
  };
}

/** An upgrade this purchase bought goes with its growth (see undoUnearnedUpgrade). */
async function undoUpgradeOf(tx: Tx, purchase: PurchaseDoc, growth: MemberAccounts['growth'], brand: BrandSettings, now: Date) {
  if (!purchase.upgradedFrom) return null;
  const member = await txGet<MemberDoc>(tx, MEMBERS, purchase.memberId);
  const lowered = member && undoUnearnedUpgrade(member, purchase.upgradedFrom, growth, brand, now);
  if (!lowered) return null;
  const { _id, ...fields } = lowered;
  await tx.collection(MEMBERS).doc(_id).set({ data: fields });
  return tierView(brand.tiers.find((t) => t.code === lowered.tierCode)!);
}
