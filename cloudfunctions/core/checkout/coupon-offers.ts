import type { CouponBenefit } from '../contract/coupons';
import { mulDivFloor } from '../ledger/arithmetic';
import { yuanText, zheText } from './labels';

// Coupons as the pricing engine sees them: abstract offers the member holds, already judged
// elsewhere for ownership, state, validity window, store, tier and hours (that needs the
// database and the clock). Pricing adds the one rule that depends on this order: the threshold,
// checked against the amount after the member price. Pure: no I/O.

/** Why a held coupon cannot be used on this order. All but BELOW_THRESHOLD are decided by the caller. */
export type CouponIneligibleCode =
  | 'NOT_OWNER'
  | 'USED'
  | 'EXPIRED'
  | 'NOT_YET_VALID'
  | 'NOT_FOR_STORE'
  | 'BELOW_TIER'
  | 'MEMBERS_ONLY'
  | 'OUTSIDE_HOURS'
  | 'PAUSED'
  | 'BELOW_THRESHOLD';

export const COUPON_INELIGIBLE_TEXT: Record<CouponIneligibleCode, string> = {
  NOT_OWNER: '不是该会员的券',
  USED: '已使用',
  EXPIRED: '已过期',
  NOT_YET_VALID: '未到使用时间',
  NOT_FOR_STORE: '本门店不可用',
  BELOW_TIER: '会员等级不够',
  MEMBERS_ONLY: '仅限付费会员',
  OUTSIDE_HOURS: '当前时段不可用',
  PAUSED: '活动已暂停',
  BELOW_THRESHOLD: '未达使用门槛',
};

interface CouponOfferBase {
  couponId: string;
  /** Minimum amount after the member price, in fen; 0 = no threshold. The order must reach it (满100 = ≥ ¥100). */
  thresholdFen: number;
  /** May be used together with another stackable coupon on one order. */
  stackable: boolean;
  /** For breaking ties between equally good coupons: the one expiring first is preselected. */
  expiresAt?: Date;
}

/** Decided by the caller (owner, state, window, store, tier, hours); an unusable coupon says why. */
export type CouponEligibility = { eligible: true; reason?: undefined } | { eligible: false; reason: Exclude<CouponIneligibleCode, 'BELOW_THRESHOLD'> };

/** 满100减20 (thresholdFen 10000) or 无门槛减5 (thresholdFen 0). */
export interface AmountOffOffer extends CouponOfferBase {
  kind: 'amount_off';
  amountOffFen: number;
}

/** 8折 最多减30: ratePercent is the share of the price paid (80 = 8折), like a tier's discountPercent. */
export interface PercentOffOffer extends CouponOfferBase {
  kind: 'percent_off';
  ratePercent: number;
  /** Most it takes off, in fen; null = no cap. */
  capFen: number | null;
}

/** 兑换券: a named item handed over; it never changes the order amount. */
export interface GiftItemOffer extends CouponOfferBase {
  kind: 'gift_item';
  itemName: string;
}

export type CouponOffer = (AmountOffOffer | PercentOffOffer | GiftItemOffer) & CouponEligibility;

/** The coupon's rule in plain Chinese: 满100减20, 无门槛减5, 8折 最多减30, 满50 8折, 兑换券：马克杯. */
export function couponRuleText(offer: CouponOffer): string {
  const threshold = offer.thresholdFen > 0 ? `满${yuanText(offer.thresholdFen)}` : '';
  switch (offer.kind) {
    case 'amount_off':
      return threshold ? `${threshold}减${yuanText(offer.amountOffFen)}` : `无门槛减${yuanText(offer.amountOffFen)}`;
    case 'percent_off': {
      const cap = offer.capFen === null ? '' : ` 最多减${yuanText(offer.capFen)}`;
      return `${threshold ? `${threshold} ` : ''}${zheText(offer.ratePercent)}${cap}`;
    }
    case 'gift_item':
      return `${threshold ? `${threshold} ` : ''}兑换券：${offer.itemName}`;
  }
}

/**
 * What the coupon takes off `amountFen` (fen, never more than the amount, so an order never goes
 * negative). Percent: the price after it is floor(amount × rate / 100), so the discount is
 * rounded UP to the whole fen, in the member's favour, then held to the cap. A gift item takes
 * nothing off. The threshold is not checked here (see thresholdMet).
 */
export function couponDiscount(offer: CouponOffer, amountFen: number): number {
  switch (offer.kind) {
    case 'amount_off':
      return Math.min(offer.amountOffFen, amountFen);
    case 'percent_off': {
      const off = amountFen - mulDivFloor(amountFen, offer.ratePercent, 100);
      return offer.capFen === null ? off : Math.min(off, offer.capFen);
    }
    case 'gift_item':
      return 0;
  }
}

export function thresholdMet(offer: CouponOffer, afterMemberFen: number): boolean {
  return afterMemberFen >= offer.thresholdFen;
}

/** The reason a coupon cannot be used on an order at `afterMemberFen` after the member price, or null. */
export function ineligibility(offer: CouponOffer, afterMemberFen: number): CouponIneligibleCode | null {
  if (!offer.eligible) return offer.reason;
  if (!thresholdMet(offer, afterMemberFen)) return 'BELOW_THRESHOLD';
  return null;
}

/**
 * Coupons stacked on one order apply in this fixed order, whatever order the cashier picked
 * them in: amounts off first, then percentages (on what the amounts left, the usual 先满减后折扣),
 * then gift items; by id within a kind. So one selection always prices the same.
 */
const KIND_ORDER: Record<CouponOffer['kind'], number> = { amount_off: 0, percent_off: 1, gift_item: 2 };

export function applicationOrder(a: CouponOffer, b: CouponOffer): number {
  return KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || (a.couponId < b.couponId ? -1 : a.couponId > b.couponId ? 1 : 0);
}

/** Preselection order: the larger discount, then the earlier expiry (none = last), then the smaller id. */
export function betterCoupon(a: { offer: CouponOffer; discountFen: number }, b: { offer: CouponOffer; discountFen: number }): number {
  if (a.discountFen !== b.discountFen) return b.discountFen - a.discountFen;
  const ax = a.offer.expiresAt ? a.offer.expiresAt.getTime() : Number.POSITIVE_INFINITY;
  const bx = b.offer.expiresAt ? b.offer.expiresAt.getTime() : Number.POSITIVE_INFINITY;
  if (ax !== bx) return ax < bx ? -1 : 1;
  return a.offer.couponId < b.offer.couponId ? -1 : a.offer.couponId > b.offer.couponId ? 1 : 0;
}

/**
 * A held coupon's benefit (the rules it was issued with, contract/coupons.ts) as a pricing offer.
 * 无门槛 is an amount off with threshold 0; a percentage without a threshold has threshold 0.
 */
export function offerFromBenefit(couponId: string, benefit: CouponBenefit, more: { stackable: boolean; expiresAt?: Date } & CouponEligibility): CouponOffer {
  const common = { couponId, stackable: more.stackable, expiresAt: more.expiresAt, ...(more.eligible ? { eligible: true as const } : { eligible: false as const, reason: more.reason }) };
  switch (benefit.kind) {
    case 'amount_off':
      return { ...common, kind: 'amount_off', thresholdFen: benefit.thresholdFen, amountOffFen: benefit.amountFen };
    case 'no_threshold':
      return { ...common, kind: 'amount_off', thresholdFen: 0, amountOffFen: benefit.amountFen };
    case 'percent_off':
      return { ...common, kind: 'percent_off', thresholdFen: benefit.thresholdFen ?? 0, ratePercent: benefit.ratePercent, capFen: benefit.capFen };
    case 'gift_item':
      return { ...common, kind: 'gift_item', thresholdFen: 0, itemName: benefit.itemName };
  }
}
