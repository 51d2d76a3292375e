import type { RecordPurchaseResult } from '../contract';
import type { LoadedBrandSettings } from '../brand/settings';
import { loadBrandSettings } from '../brand/settings';
import { type MemberAccounts, loadAccounts } from '../ledger/accounts';
import { walletBalance } from '../ledger/read';
import type { EntryDraft } from '../ledger/entries';
import { replayIfSeen, runOnce } from '../ledger/idempotency';
import { changedAccounts, writePosting } from '../ledger/posting';
import { memberCodeSecret, resolveMemberByCode, tillOf, verifyMemberCodeSignature } from '../member-code';
import { MEMBERS, type MemberDoc } from '../members/collections';
import { BusinessError } from '../platform/business-error';
import { type Tx, txGet } from '../platform/documents';
import { inBrandZone } from '../platform/time';
import { creditPoints, debitPoints } from '../points/operations';
import { expireDue } from '../points/expire-lazily';
import { earnedOnDay, recordEarnedOnDay } from '../points/daily-cap';
import { expiryDayFor, quoteEarn } from '../points/earn';
import type { HandlerContext } from '../router/context';
import { creditGrowth } from '../tiers/growth';
import { effectiveTier, upgradeIfEarned } from '../tiers/member-tier';
import { payFromWallet } from '../wallet/operations';
import { PURCHASES, type PurchaseDoc, type PurchasePrice } from './collections';
import { purchaseView, tierView } from './views';
import { type CheckoutChoice, lineViews, priceCheckout, pricedOrThrow } from '../checkout/order';
import type { CouponDoc } from '../coupons/collections';
import { markCouponUsed, readCoupon } from '../coupons/redeem';
import { yuanText } from '../platform/money-text';
import { guideInForce } from '../referral/guide';
import { qualifyReferral } from '../referral/qualify';
import { paidSavingFen, purchaseBenefits, recordPaidBenefit } from '../membership/checkout';

export interface RecordPurchaseInput extends CheckoutChoice {
  code: string;
  couponIds: string[];
  expectedRemainderFen?: number;
}

/**
 * Staff confirm an in-store order for the member whose code they scanned, priced as the quote
 * priced it (core/checkout): member price, coupons, points as cash, wallet; points and growth
 * earned on what the member paid; all in one posting and one transaction with the coupons' use.
 * Request ids are shared by the store, so two phones submitting one order post it once.
 */
export async function recordPurchase(ctx: HandlerContext, input: RecordPurchaseInput): Promise<RecordPurchaseResult> {
  const storeId = ctx.roles.staff!.storeId;
  // The request is keyed by the member, not the code, which changes every 30 s. A retry after
  // the code expired must still answer the first outcome, so replays are looked up before the
  // code's age is checked.
  const till = tillOf(ctx);
  const { memberId } = verifyMemberCodeSignature(input.code, memberCodeSecret(), till);
  const key = { scope: `store:${storeId}:recordPurchase`, requestId: ctx.requestId!, input: { ...input, code: memberId } };
  await replayIfSeen(ctx, key);
  const member = await resolveMemberByCode(ctx, input.code, till);
  const brand = await loadBrandSettings(ctx.db, ctx.now);
  return runOnce(ctx, key, (tx, postingId) => post(ctx, tx, postingId, brand, member._id, storeId, input));
}

async function post(ctx: HandlerContext, tx: Tx, postingId: string, brand: LoadedBrandSettings, memberId: string, storeId: string, input: RecordPurchaseInput): Promise<RecordPurchaseResult> {
  const member = await txGet<MemberDoc>(tx, MEMBERS, memberId);
  if (!member) throw new BusinessError('MEMBER_NOT_FOUND');
  // The wallet accounts are read only when the order draws on them: a purchase paid in cash
  // costs two reads fewer and leaves them untouched.
  const accounts: Pick<MemberAccounts, 'points' | 'growth'> & Partial<MemberAccounts> = await loadAccounts(tx, memberId, ['points', 'growth'] as const);
  const wallet = input.walletFen > 0 ? await loadAccounts(tx, memberId, ['wallet_principal', 'wallet_bonus'] as const) : null;
  if (wallet) Object.assign(accounts, wallet);
  // The chosen coupons, read in the transaction: one used by a simultaneous order makes this one
  // conflict and retry, and the retry finds it used.
  const coupons: CouponDoc[] = [];
  for (const couponId of input.couponIds) {
    const coupon = await readCoupon(tx, couponId);
    if (coupon && coupon.memberId === memberId) coupons.push(coupon);
  }
  const tier = effectiveTier(member, brand, ctx.now);
  // Paid membership and birthday (issue 12): member price and multiplier only while in force.
  const benefits = purchaseBenefits(member, tier, brand, ctx.now);
  // Ended buckets expire first, so expired points can never pay.
  const expired = expireDue(accounts.points, ctx.now, brand.timeZone);
  const priced = pricedOrThrow(
    priceCheckout(input, { brand, tier, memberId, storeId, now: ctx.now, coupons, pointsBalance: expired.after.balance, walletBalanceFen: wallet ? walletBalance(wallet) : 0, paid: benefits.price }),
  );
  if (input.expectedRemainderFen !== undefined && input.expectedRemainderFen !== priced.remainderFen) {
    throw new BusinessError('PRICE_CHANGED', `价格有变化：还需支付 ¥${yuanText(priced.remainderFen)}（原为 ¥${yuanText(input.expectedRemainderFen)}），请重新核对`);
  }

  const source = { type: 'purchase', id: postingId };
  const entries: EntryDraft[] = [];
  const after: Partial<MemberAccounts> = { ...accounts };

  // Wallet first: a payment that cannot be covered stops the whole order.
  let walletPaid = { principal: 0, bonus: 0 };
  let walletDraws: PurchaseDoc['walletDraws'] = [];
  let walletAfter: number | null = null;
  if (wallet && priced.walletFen > 0) {
    const paid = payFromWallet(wallet, priced.walletFen, source);
    entries.push(...paid.entries);
    Object.assign(after, paid.after);
    walletDraws = paid.draws;
    walletPaid = { principal: wallet.wallet_principal.balance - paid.after.wallet_principal.balance, bonus: wallet.wallet_bonus.balance - paid.after.wallet_bonus.balance };
    walletAfter = walletBalance(paid.after);
  }

  entries.push(...expired.entries);
  let points = expired.after;
  let pointsDraws: PurchasePrice['pointsDraws'] = [];
  const spendEntryIndex = entries.length;
  if (priced.pointsSpent > 0) {
    const spent = debitPoints(points, { amount: priced.pointsSpent, kind: 'spend', reason: `积分抵现 ¥${yuanText(priced.pointsFen)}`, source }, brand.timeZone);
    entries.push(...spent.entries);
    points = spent.after;
    pointsDraws = spent.draws;
  }

  const day = inBrandZone(ctx.now, brand.timeZone).format('YYYY-MM-DD');
  const quote = quoteEarn(priced.earnBaseFen, brand.points, benefits.multiplierPercent, earnedOnDay(points, day));
  const pointsExpireOn = expiryDayFor(ctx.now, brand.points, brand.timeZone);
  const pointsEntryIndex = entries.length;
  const earned = creditPoints(
    recordEarnedOnDay(points, day, quote.points),
    { amount: quote.points, expiresOn: pointsExpireOn, kind: 'earn', reason: '门店消费积分', source },
    brand.timeZone,
  );
  entries.push(...earned.entries);
  after.points = earned.after;
  const growthEntryIndex = entries.length;
  const growth = creditGrowth(accounts.growth, quote.growth, ctx.now, brand.timeZone, source);
  entries.push(...growth.entries);
  after.growth = growth.after;

  const written = await writePosting(tx, {
    postingId,
    memberId,
    actor: { type: 'staff', id: ctx.openid },
    createdAt: ctx.now,
    entries,
    changes: changedAccounts(accounts as MemberAccounts, after as MemberAccounts),
  });
  const use = { type: 'purchase' as const, id: postingId, storeId, staffOpenid: ctx.openid, at: ctx.now };
  for (const chosen of priced.coupons) await markCouponUsed(tx, coupons.find((c) => c._id === chosen.couponId)!, use);
  let paidBenefit: PurchaseDoc['paidBenefit'] = undefined;
  if (benefits.paid) {
    // What the plan gave on this order, on its period ("saved so far", the refund formula); kept on the purchase so its refund takes it back.
    const withoutPlan = quoteEarn(priced.earnBaseFen, brand.points, benefits.multiplierWithoutPaidPercent, earnedOnDay(points, day)).points;
    paidBenefit = { periodId: benefits.paid.periodId, savedFen: paidSavingFen(input.amountFen, tier.benefits.discountPercent, priced.memberDiscountFen), extraPoints: quote.points - withoutPlan };
    await recordPaidBenefit(tx, memberId, paidBenefit.periodId, paidBenefit.savedFen, paidBenefit.extraPoints, ctx.now);
  }
  const upgraded = upgradeIfEarned(member, growth.after, brand, ctx.now);
  if (upgraded) {
    const { _id, ...fields } = upgraded;
    await tx.collection(MEMBERS).doc(_id).set({ data: fields });
  }

  // After the upgrade's write of the member: the first qualifying purchase of an invited member
  // writes the inviter's reward in this transaction (no read at all for other members).
  const referralRewardId = member.referral ? await qualifyReferral(tx, member, { kind: 'purchase', id: postingId, amountFen: priced.paidFen }, ctx.now, brand.timeZone) : null;
  const purchaseCoupons = priced.coupons.map((c) => ({ couponId: c.couponId, name: coupons.find((d) => d._id === c.couponId)!.rules.name, rule: c.rule, discountFen: c.discountFen }));
  const discountFen = priced.memberDiscountFen + priced.couponDiscountFen + priced.pointsFen;
  const purchase: PurchaseDoc = {
    _id: postingId,
    memberId,
    memberNo: member.memberNo,
    storeId,
    staffOpenid: ctx.openid,
    amountFen: input.amountFen,
    price: {
      lines: lineViews(priced),
      memberDiscountFen: priced.memberDiscountFen,
      couponDiscountFen: priced.couponDiscountFen,
      coupons: purchaseCoupons,
      pointsSpent: priced.pointsSpent,
      pointsFen: priced.pointsFen,
      pointsDraws,
      pointsSpentEntryId: priced.pointsSpent > 0 ? written[spendEntryIndex]._id : null,
      remainderFen: priced.remainderFen,
      earnBaseFen: priced.earnBaseFen,
      walletEarned: brand.points.walletEarns,
    },
    discountFen,
    paidFen: priced.paidFen,
    couponCount: priced.coupons.length,
    walletDraws,
    walletPaidFen: priced.walletFen,
    pointsEarned: quote.points,
    pointsExpireOn: quote.points > 0 ? pointsExpireOn : null,
    growthEarned: quote.growth,
    pointsEntryId: quote.points > 0 ? written[pointsEntryIndex]._id : null,
    growthEntryId: quote.growth > 0 ? written[growthEntryIndex]._id : null,
    status: 'completed',
    createdAt: ctx.now,
    // The rule versions it was priced and earned with; a refund reverses these amounts, never a recomputation.
    ruleVersions: { points: brand.ruleVersions.points, tiers: brand.ruleVersions.tiers },
    ...(upgraded ? { upgradedFrom: member.tierCode } : {}),
    // The member's 导购 at the time, for the store and staff reports.
    guide: guideInForce(member.guide, ctx.now) ? { staffOpenid: member.guide.staffOpenid, storeId: member.guide.storeId } : null,
    ...(referralRewardId ? { referralRewardId } : {}),
    ...(paidBenefit ? { paidBenefit } : {}),
  };
  const { _id, ...purchaseFields } = purchase;
  await tx.collection(PURCHASES).doc(_id).set({ data: purchaseFields });

  const debtSettled = points.debt - earned.after.debt;
  return {
    ...purchaseView(purchase),
    lines: purchase.price!.lines,
    walletPaid,
    pointsCappedBy: quote.cappedBy,
    debtSettled,
    balances: { points: earned.after.balance, walletFen: walletAfter },
    tier: tierView(upgraded ? effectiveTier(upgraded, brand, ctx.now) : tier),
    upgraded: upgraded !== null,
  };
}
