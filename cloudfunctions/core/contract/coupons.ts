import { z } from 'zod';
import { MANAGERS, READERS } from '../access/operator-roles';
import { action } from './define';
import { pageCursor } from './paging';
import { displayText } from './text';

// Coupons (issue 9): templates an operator manages, their sharded stock, members claiming them.
// Amounts are in fen; a percentage rate is its own field, never shared with an amount.

const documentId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const fen = (max: number) => z.number().int().min(1).max(max);
const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const couponBenefit = z.discriminatedUnion('kind', [
  /** 满100减20: `amountFen` off an order of at least `thresholdFen`. */
  z.object({ kind: z.literal('amount_off'), amountFen: fen(1_000_000), thresholdFen: fen(100_000_000) }).strict(),
  /** 无门槛: `amountFen` off any order. */
  z.object({ kind: z.literal('no_threshold'), amountFen: fen(1_000_000) }).strict(),
  /** 8折 最多减30: pay `ratePercent` % of the order, saving at most `capFen`; optional threshold. */
  z
    .object({ kind: z.literal('percent_off'), ratePercent: z.number().int().min(1).max(99), capFen: fen(1_000_000), thresholdFen: fen(100_000_000).optional() })
    .strict(),
  /** 兑换券: a named item, redeemed in store without an order amount. */
  z.object({ kind: z.literal('gift_item'), itemName: displayText(40) }).strict(),
]);

export const couponValidity = z.discriminatedUnion('type', [
  z.object({ type: z.literal('fixed'), from: z.string().datetime({ offset: true }), until: z.string().datetime({ offset: true }) }).strict(),
  /** N days from the claim (the claim day counts as day 1), or from the next day: ends at the end of a brand-zone day. */
  z.object({ type: z.literal('days_after_claim'), days: z.number().int().min(1).max(366), startNextDay: z.boolean() }).strict(),
]);

export const couponTemplateInput = z
  .object({
    name: displayText(40),
    description: displayText(200).optional(),
    benefit: couponBenefit,
    validity: couponValidity,
    /** ISO weekdays (1 = Monday … 7 = Sunday) the coupon may be used on; omitted = every day. */
    weekdays: z.array(z.number().int().min(1).max(7)).min(1).max(7).optional(),
    /** Brand-zone hours it may be used in, e.g. 14:00–17:00; omitted = all day. */
    hours: z.object({ from: hhmm, to: hhmm }).strict().optional(),
    /** null = every store. */
    storeIds: z.array(documentId).min(1).max(200).nullable(),
    minTierCode: z.string().min(1).max(32).regex(/^[a-z0-9_-]+$/).nullable(),
    stackable: z.boolean(),
    stock: z.number().int().min(1).max(10_000_000),
    perMemberLimit: z.number().int().min(1).max(100),
    perMemberPerDayLimit: z.number().int().min(1).max(100).nullable(),
  })
  .strict();

export type CouponTemplateInput = z.output<typeof couponTemplateInput>;
export type CouponBenefit = z.output<typeof couponBenefit>;
export type CouponValidity = z.output<typeof couponValidity>;

export type CouponTemplateState = 'active' | 'paused';

/** The rules a coupon is issued with: copied onto every coupon, so later edits never reach it. */
export interface CouponRules {
  name: string;
  description: string | null;
  benefit: CouponBenefit;
  validity: CouponValidity;
  weekdays: number[] | null;
  hours: { from: string; to: string } | null;
  storeIds: string[] | null;
  minTierCode: string | null;
  stackable: boolean;
}

export interface CouponTemplateView extends CouponRules {
  templateId: string;
  perMemberLimit: number;
  perMemberPerDayLimit: number | null;
  state: CouponTemplateState;
  stock: number;
  issued: number;
  redeemed: number;
  /** Issued, not redeemed, and past their end. */
  expired: number;
  createdAt: string;
  /** Plain Chinese lines: 满100减20, 领取后7天内有效… */
  summary: string[];
}

export interface CouponCenterItem {
  templateId: string;
  name: string;
  description: string | null;
  summary: string[];
  remainingStock: number;
  /** How many more the caller may claim now (per-member and per-day limits, whichever is smaller). */
  remainingForMe: number;
  /** Why the caller may not claim, when remainingForMe is 0 or the tier is too low. */
  blockedReason: string | null;
}

export interface CouponView {
  couponId: string;
  templateId: string;
  name: string;
  summary: string[];
  benefit: CouponBenefit;
  status: 'available' | 'used' | 'expired';
  validFrom: string;
  validUntil: string;
  claimedAt: string;
}

export interface ClaimCouponResult {
  couponId: string;
  templateId: string;
  validFrom: string;
  validUntil: string;
}

export const couponsAdminActions = {
  createCouponTemplate: action<CouponTemplateView>()({ input: couponTemplateInput, mutates: true, roles: MANAGERS }),
  /** Replaces the rules and stock of a template nobody has a coupon of yet; refused COUPON_TEMPLATE_IN_USE after the first. */
  updateCouponTemplate: action<CouponTemplateView>()({
    input: z.object({ templateId: documentId, template: couponTemplateInput }).strict(),
    mutates: true,
    roles: MANAGERS,
  }),
  pauseCouponTemplate: action<CouponTemplateView>()({ input: z.object({ templateId: documentId }).strict(), mutates: true, roles: MANAGERS }),
  resumeCouponTemplate: action<CouponTemplateView>()({ input: z.object({ templateId: documentId }).strict(), mutates: true, roles: MANAGERS }),
  /** Adds `add` to the template's stock (the only change a template in use admits besides pausing). */
  raiseCouponStock: action<CouponTemplateView>()({
    input: z.object({ templateId: documentId, add: z.number().int().min(1).max(10_000_000) }).strict(),
    mutates: true,
    roles: MANAGERS,
  }),
  listCouponTemplates: action<{ templates: CouponTemplateView[] }>()({ input: z.object({}).strict(), mutates: false, roles: READERS }),
};

export const couponsMemberActions = {
  couponCenter: action<{ templates: CouponCenterItem[] }>()({ input: z.object({}).strict(), mutates: false }),
  claimCoupon: action<ClaimCouponResult>()({ input: z.object({ templateId: documentId }).strict(), mutates: true }),
  myCoupons: action<{ coupons: CouponView[]; nextCursor: string | null }>()({
    input: z.object({ status: z.enum(['available', 'used', 'expired']), cursor: pageCursor.optional() }).strict(),
    mutates: false,
  }),
};
