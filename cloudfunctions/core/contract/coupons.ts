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
    /** Issue 12: only members with a paid membership in force may claim or use it (MEMBERS_ONLY). */
    paidMembersOnly: z.boolean().optional(),
    /**
     * Where members get it: center = claimed free in 领券中心; mall = bought with points in
     * 积分商城 (pointsCost required); grant = only given (tier gifts, batch issue, campaigns).
     */
    channel: z.enum(['center', 'mall', 'grant']).default('center'),
    /** Points one costs in the mall; null for the other channels. */
    pointsCost: z.number().int().min(1).max(10_000_000).nullable().default(null),
    stock: z.number().int().min(1).max(10_000_000),
    perMemberLimit: z.number().int().min(1).max(100),
    perMemberPerDayLimit: z.number().int().min(1).max(100).nullable(),
  })
  .strict();

export type CouponTemplateInput = z.output<typeof couponTemplateInput>;
export type CouponBenefit = z.output<typeof couponBenefit>;
export type CouponValidity = z.output<typeof couponValidity>;

export type CouponTemplateState = 'active' | 'paused';
export type CouponChannel = 'center' | 'mall' | 'grant';

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
  /** Only while the member's paid membership is in force (absent = anyone). */
  paidMembersOnly?: boolean;
}

export interface CouponTemplateView extends CouponRules {
  templateId: string;
  channel: CouponChannel;
  pointsCost: number | null;
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
  /** Available and ending within EXPIRING_SOON_DAYS (即将过期). */
  expiringSoon: boolean;
  /** When it was used (used coupons only). */
  usedAt: string | null;
}

/** 即将过期: an available coupon ending within this many days; the expiry reminder goes this far ahead too. */
export const EXPIRING_SOON_DAYS = 3;

export interface CouponDetail extends CouponView {
  description: string | null;
  /** The stores it may be used in, by name; null = every store. */
  storeNames: string[] | null;
  /** The store it was used in (used coupons only). */
  usedStoreName: string | null;
}

/** A gift-item coupon's code for the member to show: a signed token valid GIFT_CODE_TTL_MS, refreshed every refreshAfterMs. */
export interface GiftCodeResult {
  token: string;
  couponId: string;
  itemName: string;
  expiresAt: string;
  refreshAfterMs: number;
}

/** What the cashier sees after scanning a gift coupon's code, before handing the item over. */
export interface GiftCouponPreview {
  couponId: string;
  name: string;
  itemName: string;
  /** Masked: 会员 ****1234 and the nickname. */
  memberNoMasked: string;
  nickname: string;
  validUntil: string;
  /** Whether it may be redeemed here now; when not, why (本门店不可用, 已使用…). */
  usable: boolean;
  reasonText: string | null;
}

export interface GiftRedemptionView {
  redemptionId: string;
  couponId: string;
  name: string;
  itemName: string;
  memberNoMasked: string;
  redeemedAt: string;
  /** The same cashier may undo it until then (10 minutes). */
  undoUntil: string;
  status: 'redeemed' | 'undone';
  undoneAt: string | null;
}

/** A reward of the points mall: a mall-channel template. */
export interface MallItem {
  templateId: string;
  name: string;
  description: string | null;
  summary: string[];
  kind: CouponBenefit['kind'];
  pointsCost: number;
  remainingStock: number;
  remainingForMe: number;
  /** Why the member cannot redeem it now (积分不足, 已兑完, 等级不够…), or null. */
  blockedReason: string | null;
}

export interface RedeemMallItemResult extends ClaimCouponResult {
  pointsSpent: number;
  /** The member's points balance after. */
  balance: number;
}

export type CouponIssueState = 'running' | 'done';

/** An operator's batch issue of one template to a list of member numbers (a resumable job). */
export interface CouponIssueStatus {
  jobId: string;
  templateId: string;
  templateName: string;
  state: CouponIssueState;
  reason: string;
  /** Distinct valid member numbers in the list. */
  total: number;
  /** Issued plus failed. */
  done: number;
  issued: number;
  failed: number;
  /** The first failures (member number and why), at most 50. */
  failures: { memberNo: string; message: string }[];
  /** Lines of the list that were not member numbers (the first 100), and how many there were. */
  invalidLines?: { line: number; value: string }[];
  invalidCount?: number;
  /** Repeats of a number earlier in the list (issued once). */
  duplicates?: number;
  /** 0..100; 100 only when done. */
  percent: number;
  startedBy: string;
  startedAt: string;
  finishedAt: string | null;
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
  /**
   * Issues one coupon of `templateId` to each member number (10 digits; repeats and bad lines are
   * reported, not issued). Runs as a job: each member once however often it is resumed.
   */
  startCouponIssue: action<CouponIssueStatus>()({
    input: z.object({ templateId: documentId, memberNos: z.array(z.string().max(20)).min(1).max(5000), reason: displayText(100, 2) }).strict(),
    mutates: true,
    roles: MANAGERS,
  }),
  /** Issues the next chunk of a running batch and answers its status. Safe to call twice or at once. */
  runCouponIssue: action<CouponIssueStatus>()({ input: z.object({ jobId: documentId }).strict(), mutates: true, roles: MANAGERS }),
  couponIssueStatus: action<CouponIssueStatus>()({ input: z.object({ jobId: documentId }).strict(), mutates: false, roles: MANAGERS }),
  /** The latest batches, newest first (running ones first), so a reopened page resumes them. */
  listCouponIssues: action<{ items: CouponIssueStatus[] }>()({ input: z.object({}).strict(), mutates: false, roles: MANAGERS }),
};

export const couponsMemberActions = {
  couponCenter: action<{ templates: CouponCenterItem[] }>()({ input: z.object({}).strict(), mutates: false }),
  claimCoupon: action<ClaimCouponResult>()({ input: z.object({ templateId: documentId }).strict(), mutates: true }),
  myCoupons: action<{ coupons: CouponView[]; nextCursor: string | null }>()({
    input: z.object({ status: z.enum(['available', 'used', 'expired']), cursor: pageCursor.optional() }).strict(),
    mutates: false,
  }),
  couponDetail: action<CouponDetail>()({ input: z.object({ couponId: documentId }).strict(), mutates: false }),
  /** A fresh code for an available gift-item coupon of the caller's (the member-code mechanism: 60 s, refreshed every 30 s). */
  giftCode: action<GiftCodeResult>()({ input: z.object({ couponId: documentId }).strict(), mutates: false }),
  pointsMall: action<{ balance: number; items: MallItem[] }>()({ input: z.object({}).strict(), mutates: false }),
  /** Spends the item's points and issues its coupon in one transaction. */
  redeemMallItem: action<RedeemMallItemResult>()({ input: z.object({ templateId: documentId }).strict(), mutates: true }),
};

const giftToken = z.string().trim().min(8).max(300);

export const couponsStaffActions = {
  previewGiftCoupon: action<GiftCouponPreview>()({ input: z.object({ token: giftToken }).strict(), mutates: false }),
  /** Hands the gift item over: the coupon becomes used, once, whatever number of cashiers scan it. */
  redeemGiftCoupon: action<GiftRedemptionView>()({ input: z.object({ token: giftToken }).strict(), mutates: true }),
  /** The same cashier, within 10 minutes: the coupon goes back to the member (expired if its validity ended). */
  undoGiftRedemption: action<GiftRedemptionView>()({ input: z.object({ redemptionId: documentId }).strict(), mutates: true }),
};
