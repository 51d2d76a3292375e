import type { CheckoutCouponView, PriceLineView } from '../contract/purchases';
import type { LoadedBrandSettings, TierDefinition } from '../brand/settings';
import type { CouponDoc } from '../coupons/collections';
import { couponEligibility } from '../coupons/eligibility';
import { BusinessError } from '../platform/business-error';
import type { ErrorCode } from '../contract/errors';
import { rankOf } from '../tiers/rules';
import { offerFromBenefit } from './coupon-offers';
import { type PricedOrder, type PricingRefusal, type PricingResult, priceOrder } from './pricing';

// Between the database and the pure pricing engine: the order's choices and what the member
// holds become the engine's input; its refusal becomes a typed error. Shared by the quote and
// the confirmation, so both price the same order the same way.

export interface CheckoutChoice {
  amountFen: number;
  walletFen: number;
  usePoints: boolean;
  pointsRequested?: number;
  /** Absent: the best coupon (a quote only). */
  couponIds?: string[];
}

export interface CheckoutState {
  brand: LoadedBrandSettings;
  tier: TierDefinition;
  memberId: string;
  storeId: string;
  now: Date;
  /** The member's coupons to consider (a quote: every one held; a confirmation: the ones chosen). */
  coupons: CouponDoc[];
  /** After expired buckets are taken out. */
  pointsBalance: number;
  walletBalanceFen: number;
  /** The paid membership in force now (membership/collections.ts paidTermsAt); null or absent: none. */
  paid?: { name: string; pricePercent: number } | null;
}

export function priceCheckout(choice: CheckoutChoice, state: CheckoutState): PricingResult {
  const { brand } = state;
  const at = { memberId: state.memberId, storeId: state.storeId, now: state.now, timeZone: brand.timeZone, tierRank: rankOf(brand.tiers, state.tier.code), rankOf: (code: string) => rankOfOrTop(brand, code), paidMember: !!state.paid };
  const seen = new Set<string>();
  const offers = state.coupons
    .filter((c) => !seen.has(c._id) && seen.add(c._id))
    .map((c) => offerFromBenefit(c._id, c.rules.benefit, { stackable: c.rules.stackable, expiresAt: new Date(c.validUntil), ...couponEligibility(c, at) }));
  return priceOrder({
    listFen: choice.amountFen,
    tier: { name: state.tier.name, discountPercent: state.tier.benefits.discountPercent },
    // Paid membership (issue 12): only while a period covers the moment (never after expiry).
    paidMembership: state.paid ?? null,
    // The brand's choice (rules, tiers section): the better of the two prices, or both.
    stackMemberPrices: brand.tierPolicy.stackPaidMemberPrice === true,
    coupons: offers,
    couponSelection: choice.couponIds,
    pointsAsCash: brand.points.pointsAsCash,
    usePoints: choice.usePoints,
    pointsBalance: state.pointsBalance,
    pointsRequested: choice.pointsRequested,
    walletFen: choice.walletFen,
    walletBalanceFen: state.walletBalanceFen,
    walletEarns: brand.points.walletEarns,
  });
}

/** A tier code the brand no longer has ranks above every tier: nobody qualifies for it. */
function rankOfOrTop(brand: LoadedBrandSettings, code: string): number {
  const rank = rankOf(brand.tiers, code);
  return rank < 0 ? Number.MAX_SAFE_INTEGER : rank;
}

const FIELD_OF: Partial<Record<PricingRefusal['code'], string>> = {
  POINTS_AS_CASH_OFF: 'usePoints',
  POINTS_NOT_WHOLE_STEP: 'pointsRequested',
  POINTS_ABOVE_BALANCE: 'pointsRequested',
  POINTS_ABOVE_CAP: 'pointsRequested',
  WALLET_ABOVE_DUE: 'walletFen',
  INSUFFICIENT_WALLET: 'walletFen',
};

/** The engine's refusal as the typed error the caller sees (an ineligible coupon names why: COUPON_EXPIRED…). */
export function refusalError(refused: PricingRefusal): BusinessError {
  const code = (refused.code === 'COUPON_INELIGIBLE' ? `COUPON_${refused.reason}` : refused.code) as ErrorCode;
  return new BusinessError(code, refused.message, FIELD_OF[refused.code] ?? (refused.couponId ? 'couponIds' : undefined));
}

export function pricedOrThrow(result: PricingResult): PricedOrder {
  if (result.refused) throw refusalError(result.refused);
  return result;
}

export function lineViews(priced: PricedOrder): PriceLineView[] {
  return priced.lines.map((line) => ({ kind: line.kind, label: line.label, amountFen: line.amountFen, ...(line.couponId ? { couponId: line.couponId } : {}) }));
}

export function couponViews(priced: PricedOrder, coupons: CouponDoc[]): CheckoutCouponView[] {
  const byId = new Map(coupons.map((c) => [c._id, c]));
  return priced.availableCoupons.map((a) => ({
    couponId: a.couponId,
    name: byId.get(a.couponId)!.rules.name,
    kind: a.kind,
    rule: a.rule,
    usable: a.usable,
    reason: a.reason,
    reasonText: a.reasonText,
    discountAloneFen: a.discountAloneFen,
    selected: a.selected,
    stackable: byId.get(a.couponId)!.rules.stackable,
    validUntil: new Date(byId.get(a.couponId)!.validUntil).toISOString(),
  }));
}
