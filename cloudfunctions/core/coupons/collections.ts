import type { StoredDoc } from '../platform/documents';
import type { CouponChannel } from '../contract/coupons';
import type { CouponRules } from './model';

export const COUPON_TEMPLATES = 'coupon_templates';
/** `<templateId>:<n>`, n < STOCK_SHARDS: a share of the template's stock and its counters. */
export const COUPON_STOCK = 'coupon_stock';
/** `<templateId>:<memberId>`: how many the member has claimed, in all and on one brand-zone day. */
export const COUPON_CLAIMS = 'coupon_claims';
export const COUPONS = 'coupons';

/** Claims spread over this many stock documents, so a popular template is not one hot document. */
export const STOCK_SHARDS = 8;

export interface CouponTemplateDoc extends StoredDoc, CouponRules {
  state: 'active' | 'paused';
  /** Where members get it (absent on templates made before channels: center). */
  channel?: CouponChannel;
  /** Points one costs in the mall (mall channel only). */
  pointsCost?: number | null;
  /** The total stock; the shards' `stock` add up to it. */
  stock: number;
  perMemberLimit: number;
  perMemberPerDayLimit: number | null;
  shards: number;
  createdAt: Date;
  createdBy: string;
}

export interface CouponStockDoc extends StoredDoc {
  templateId: string;
  n: number;
  /** This shard's share of the stock. */
  stock: number;
  issued: number;
  /** Kept by redemption (checkout), which also takes its coupon out of `untilCounts`. */
  redeemed: number;
  /**
   * Issued and not redeemed, by validUntil (ms since epoch, as a string): what is expired now is
   * the sum of the keys before now, without scanning the coupons.
   */
  untilCounts: Record<string, number>;
}

export interface CouponClaimsDoc extends StoredDoc {
  templateId: string;
  memberId: string;
  total: number;
  /** Brand-zone day of `dayCount`, 'YYYY-MM-DD'. */
  day: string;
  dayCount: number;
}

/** Available until used; an available coupon past validUntil reads as expired; a refund or an undo after its end sets 'expired', and so does a withdrawal (which cuts validUntil to that moment). */
export type CouponStatus = 'available' | 'used' | 'expired';

/** What used a coupon: a purchase (its posting id) or a gift item's redemption. */
export interface CouponUse {
  type: 'purchase' | 'gift_redemption';
  id: string;
  storeId: string;
  staffOpenid: string;
  at: Date;
}

export interface CouponDoc extends StoredDoc {
  memberId: string;
  templateId: string;
  /** The template's rules as they were at the claim. */
  rules: CouponRules;
  validFrom: Date;
  validUntil: Date;
  status: CouponStatus;
  /** The stock shard it came from (redemption moves that shard's counters). */
  stockShard: number;
  /** How it came: a member's claim, or an issue by another capability (its source). */
  source: string;
  createdAt: Date;
  /** Set while used; cleared when a refund or an undo gives it back. */
  usedBy?: CouponUse | null;
  /** When its expiry reminder went (or was judged not worth sending); absent until then. */
  remindedAt?: Date;
  /**
   * Taken back by a refund (a paid plan's unused coupons, coupons/redeem.ts withdrawCoupons): it is
   * then 'expired' with validUntil cut to this moment; `withdrawnFrom` is the end it had.
   */
  withdrawnAt?: Date;
  withdrawnBy?: string;
  withdrawnFrom?: Date;
}

export const templateChannel = (template: Pick<CouponTemplateDoc, 'channel'>): CouponChannel => template.channel ?? 'center';

export const stockId = (templateId: string, n: number) => `${templateId}:${n}`;
export const claimsId = (templateId: string, memberId: string) => `${templateId}:${memberId}`;

/** The stock split over the shards: the first `stock % shards` get one more. */
export function splitStock(stock: number, shards: number): number[] {
  return Array.from({ length: shards }, (_, n) => Math.floor(stock / shards) + (n < stock % shards ? 1 : 0));
}
