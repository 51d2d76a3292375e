import type { CheckoutQuote } from '../contract/purchases';
import { loadBrandSettings } from '../brand/settings';
import { COUPONS, type CouponDoc } from '../coupons/collections';
import { readMemberAccounts, walletBalance } from '../ledger/read';
import { resolveMemberByCode, tillOf } from '../member-code';
import type { Database } from '../platform/cloud';
import { findDocs } from '../platform/documents';
import { inBrandZone } from '../platform/time';
import { earnedOnDay } from '../points/daily-cap';
import { quoteEarn } from '../points/earn';
import { expireDue } from '../points/expire-lazily';
import type { HandlerContext } from '../router/context';
import { effectiveTier } from '../tiers/member-tier';
import { pointsText } from './labels';
import { type CheckoutChoice, couponViews, lineViews, priceCheckout, pricedOrThrow } from './order';
import { purchaseBenefits } from '../membership/checkout';

/** The most held coupons a checkout lists (the soonest to end first). */
export const HELD_COUPONS_LISTED = 50;

/** The member's available coupons not ended yet, soonest to end first. */
export function heldCoupons(db: Database, memberId: string, now: Date): Promise<CouponDoc[]> {
  const _ = db.command;
  return findDocs<CouponDoc>(db.collection(COUPONS).where({ memberId, status: 'available', validUntil: _.gt(now) }).orderBy('validUntil', 'asc').limit(HELD_COUPONS_LISTED));
}

/** The member's own coupons among `ids`, whatever their state. */
function chosenCoupons(db: Database, memberId: string, ids: string[]): Promise<CouponDoc[]> {
  return findDocs<CouponDoc>(db.collection(COUPONS).where({ _id: db.command.in([...new Set(ids)]), memberId }).limit(ids.length));
}

/**
 * Prices an order for the cashier and the member before anything moves: the same engine and
 * the same eligibility the confirmation uses, on balances read now (the confirmation reads them
 * again in its transaction, and refuses PRICE_CHANGED if the remainder is no longer the one shown).
 */
export async function quoteCheckout(ctx: HandlerContext, input: { code: string } & CheckoutChoice): Promise<CheckoutQuote> {
  const storeId = ctx.roles.staff!.storeId;
  const member = await resolveMemberByCode(ctx, input.code, tillOf(ctx));
  const [brand, accounts, held] = await Promise.all([loadBrandSettings(ctx.db, ctx.now), readMemberAccounts(ctx.db, member._id), heldCoupons(ctx.db, member._id, ctx.now)]);
  // A chosen coupon not among those held now (used, ended) is judged too, so the quote refuses it
  // for the same reason the confirmation would (COUPON_USED, COUPON_EXPIRED), not as unknown.
  const missing = (input.couponIds ?? []).filter((id) => !held.some((c) => c._id === id));
  const coupons = missing.length ? [...held, ...(await chosenCoupons(ctx.db, member._id, missing))] : held;
  const tier = effectiveTier(member, brand, ctx.now);
  // Paid membership and birthday (issue 12): member price and multiplier only while in force.
  const benefits = purchaseBenefits(member, tier, brand, ctx.now);
  const points = expireDue(accounts.points, ctx.now, brand.timeZone).after;
  const priced = pricedOrThrow(
    priceCheckout(input, { brand, tier, memberId: member._id, storeId, now: ctx.now, coupons, pointsBalance: points.balance, walletBalanceFen: walletBalance(accounts), paid: benefits.price }),
  );
  const day = inBrandZone(ctx.now, brand.timeZone).format('YYYY-MM-DD');
  const earn = quoteEarn(priced.earnBaseFen, brand.points, benefits.multiplierPercent, earnedOnDay(points, day));
  const rule = brand.points.pointsAsCash;
  const offer = priced.pointsOffer;
  return {
    memberNo: member.memberNo,
    listFen: priced.listFen,
    lines: lineViews(priced),
    coupons: couponViews(priced, coupons),
    selectedCouponIds: priced.coupons.map((c) => c.couponId),
    memberDiscountFen: priced.memberDiscountFen,
    couponDiscountFen: priced.couponDiscountFen,
    points: {
      balance: points.balance,
      offer: offer && { maxPoints: offer.maxPoints, maxFen: offer.maxFen, limitedBy: offer.limitedBy, stepPoints: offer.step.points, stepFen: offer.step.fen },
      ruleText: rule && `${pointsText(rule.pointsPerYuan)} 积分抵 ¥1，每单最多抵 ${rule.capPercent}%`,
      spent: priced.pointsSpent,
      fen: priced.pointsFen,
    },
    wallet: { balanceFen: walletBalance(accounts), maxFen: priced.walletMaxFen, fen: priced.walletFen },
    remainderFen: priced.remainderFen,
    paidFen: priced.paidFen,
    earnBaseFen: priced.earnBaseFen,
    pointsToEarn: earn.points,
    growthToEarn: earn.growth,
  };
}
