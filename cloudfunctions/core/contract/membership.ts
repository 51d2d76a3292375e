import { z } from 'zod';
import { action } from './define';
import { displayText } from './text';
import { MANAGERS, READERS } from '../access/operator-roles';

// Issue 12: paid membership (付费会员卡), daily check-in (签到), and the subscribe-message quota.
// Welcome / birthday gifts, 保级 and the check-in rewards are brand rules: the rules section
// 'engagement' and the tiers section (core/rules, edited on 规则), not actions of their own.

const documentId = z.string().min(1).max(64).regex(/^[A-Za-z0-9_:-]+$/);
const memberNo = z.string().regex(/^\d{10}$/);
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
const outTradeNo = z.string().min(1).max(32);
const reason = displayText(100);

// --- paid membership -------------------------------------------------------------------------

export type PlanKind = 'monthly' | 'quarterly' | 'annual';
/** Calendar months per plan kind; a period ends on the same clock time N months later (dayjs add). */
export const PLAN_MONTHS: Record<PlanKind, number> = { monthly: 1, quarterly: 3, annual: 12 };

export const planInput = z
  .object({
    name: displayText(20),
    kind: z.enum(['monthly', 'quarterly', 'annual']),
    priceFen: z.number().int().min(1).max(1_000_000),
    /** A one-time first-purchase price per member (试用价); null = none. Must be below priceFen. */
    trialPriceFen: z.number().int().min(1).max(1_000_000).nullable(),
    /** 开卡礼: given once per purchase of a new membership (not on renewals). */
    openingGift: z.object({ points: z.number().int().min(0).max(100_000), couponTemplateIds: z.array(documentId).max(5) }).strict(),
    /** 每月券包: issued at the start of each month of membership (by cron). */
    monthlyCouponTemplateIds: z.array(documentId).max(5),
    /** Extra earning, whole percent (120 = ×1.2); combines with the tier's by core/points/multiplier.ts. */
    pointsMultiplierPercent: z.number().int().min(100).max(500),
    /** Member price as a whole percent of list price (90 = 9折); 100 = none. */
    memberPricePercent: z.number().int().min(50).max(100),
    /** What one month's pack is worth to the member, for the refund formula and "saved so far". */
    monthlyPackValueFen: z.number().int().min(0).max(1_000_000),
  })
  .strict();
export type PlanInput = z.input<typeof planInput>;

export interface PlanView {
  planId: string;
  name: string;
  kind: PlanKind;
  months: number;
  priceFen: number;
  trialPriceFen: number | null;
  openingGift: { points: number; couponTemplateIds: string[] };
  monthlyCouponTemplateIds: string[];
  pointsMultiplierPercent: number;
  memberPricePercent: number;
  monthlyPackValueFen: number;
  status: 'active' | 'paused';
  /** The benefits in plain Chinese, one per line. */
  benefitsText: string[];
}

export interface PeriodView {
  periodId: string;
  planId: string;
  planName: string;
  kind: 'buy' | 'renew' | 'upgrade';
  startsAt: string;
  endsAt: string;
  paidFen: number;
  outTradeNo: string;
  refunded: boolean;
}

export interface MembershipView {
  /** 'active' while some period covers now; 'expired' after the last one ended. */
  status: 'active' | 'expired';
  planId: string;
  planName: string;
  expiresAt: string;
  /** Whole brand-zone days left, counting today; 0 once expired. */
  daysLeft: number;
  periods: PeriodView[];
  /** This period's benefits received: packs (with month), opening gift, points earned extra. */
  receivedThisPeriod: { packs: Array<{ month: string; couponCount: number }>; openingGift: boolean; extraPoints: number };
  /** What the plan has saved the member so far: member-price savings + extra points as cash + the packs and opening-gift coupons kept (not withdrawn by a plan refund). */
  savedFen: number;
  trialUsed: boolean;
}

/** What buying or upgrading would cost now, priced on the server. */
export interface PlanOfferView {
  planId: string;
  mode: 'buy' | 'upgrade';
  payFen: number;
  /** When the bought period would start and end (periods stack: it starts when the current one ends). */
  startsAt: string;
  endsAt: string;
  /** For an upgrade: the unused value credited (formula in README). */
  creditFen: number;
  trial: boolean;
}

export interface PaidPlansResult {
  plans: PlanView[];
  membership: MembershipView | null;
  offers: PlanOfferView[];
}

export interface PlanOrderResult {
  outTradeNo: string;
  totalFee: number;
  offer: PlanOfferView;
  /** As a top-up's: wx.requestPayment parameters (locally also localPayUrl); null when already paid. */
  payment: { timeStamp: string; nonceStr: string; package: string; signType: string; paySign: string; localPayUrl?: string } | null;
}

export interface PlanOrderStatusResult {
  outTradeNo: string;
  status: 'pending' | 'paid' | 'refunded';
  membership: MembershipView | null;
}

/** The refund formula's parts (README): every figure in fen, none clamped silently. */
export interface PlanRefundQuote {
  outTradeNo: string;
  paidFen: number;
  /** 'full': within 7 days, no benefit used. 'pro_rata': operator only. */
  mode: 'full' | 'pro_rata';
  unusedDays: number;
  totalDays: number;
  unusedValueFen: number;
  benefitsReceivedFen: number;
  /** unusedValueFen − benefitsReceivedFen; may be negative, then refundFen is 0 and `shortfallFen` says by how much. */
  refundFen: number;
  shortfallFen: number;
  /** Why the member may not refund it themselves (null when they may). */
  memberRefusal: string | null;
}

export interface PlanRefundResult {
  quote: PlanRefundQuote;
  membership: MembershipView | null;
  refundStatus: 'submitted' | 'pending' | 'failed';
}

export const membershipMemberActions = {
  paidPlans: action<PaidPlansResult>()({ input: z.object({}).strict(), mutates: false }),
  createPlanOrder: action<PlanOrderResult>()({
    input: z.object({ planId: documentId, mode: z.enum(['buy', 'upgrade']), expectedPayFen: z.number().int().min(0).optional() }).strict(),
    mutates: true,
  }),
  planOrderStatus: action<PlanOrderStatusResult>()({ input: z.object({ outTradeNo }).strict(), mutates: false }),
  planRefundQuote: action<PlanRefundQuote>()({ input: z.object({ outTradeNo }).strict(), mutates: false }),
  /** Within 7 days of paying and with no benefit used: in full. Otherwise PLAN_REFUND_NOT_ALLOWED. */
  refundPlan: action<PlanRefundResult>()({ input: z.object({ outTradeNo }).strict(), mutates: true }),
};

export const membershipAdminActions = {
  paidPlansAdmin: action<{ plans: PlanView[] }>()({ input: z.object({}).strict(), mutates: false, roles: READERS }),
  savePaidPlan: action<PlanView>()({ input: z.object({ planId: documentId.optional(), plan: planInput }).strict(), mutates: true, roles: MANAGERS }),
  setPaidPlanStatus: action<PlanView>()({ input: z.object({ planId: documentId, status: z.enum(['active', 'paused']) }).strict(), mutates: true, roles: MANAGERS }),
  memberPlanOrders: action<{ membership: MembershipView | null; quotes: PlanRefundQuote[] }>()({
    input: z.object({ memberNo }).strict(),
    mutates: false,
    roles: MANAGERS,
  }),
  /** Pro rata refund by the README's formula; refused when it comes to 0 (the quote says why). */
  refundPlanByOperator: action<PlanRefundResult>()({
    input: z.object({ memberNo, outTradeNo, reason, expectedRefundFen: z.number().int().min(0) }).strict(),
    mutates: true,
    roles: MANAGERS,
  }),
  /** Sent and skipped subscribe messages per template over brand-zone days. */
  subscribeMessageStats: action<{ from: string; to: string; rows: Array<{ template: SubscribeTemplateKey; sent: number; skippedNoQuota: number; failed: number; consents: number }> }>()({
    input: z.object({ from: day, to: day }).strict(),
    mutates: false,
    roles: READERS,
  }),
};

// --- daily check-in ------------------------------------------------------------------------

export interface CheckInRewardView {
  /** Day of the streak (1-based) this reward is for. */
  streakDay: number;
  points: number;
  couponTemplateId: string | null;
  couponName: string | null;
}

export interface CheckInCalendarResult {
  month: string;
  today: string;
  /** Brand-zone days of the month checked in, and which of them were made up (补签). */
  checkedDays: string[];
  madeUpDays: string[];
  checkedToday: boolean;
  streak: number;
  /** The next reward and how many check-ins away (1 = tomorrow's, or today's if not checked). */
  next: { inDays: number; reward: CheckInRewardView } | null;
  rewards: CheckInRewardView[];
  /** Days of the current week (Monday first) that may be made up now, with the cost. */
  makeUp: { days: string[]; costPoints: number; leftThisMonth: number };
}

export interface CheckInResult {
  day: string;
  streak: number;
  reward: CheckInRewardView;
  /** Points balance after. */
  pointsBalance: number;
  calendar: CheckInCalendarResult;
}

export const engagementMemberActions = {
  checkIn: action<CheckInResult>()({ input: z.object({}).strict(), mutates: true }),
  /** 补签 a missed day of the current week (brand zone, Monday first); costs points; N a month. */
  makeUpCheckIn: action<CheckInResult>()({ input: z.object({ day }).strict(), mutates: true }),
  checkInCalendar: action<CheckInCalendarResult>()({ input: z.object({ month: month.optional() }).strict(), mutates: false }),
};

// --- subscribe-message quota -------------------------------------------------------------

export type SubscribeTemplateKey = 'pointsExpiry' | 'tierChange' | 'couponExpiry' | 'membershipExpiry' | 'monthlyPack';

export const subscribeResult = z.enum(['accept', 'reject', 'ban', 'filter']);

export const notifyMemberActions = {
  /**
   * Records wx.requestSubscribeMessage's answer: each 'accept' adds one to that template's quota
   * (WeChat grants one message per consent). Unknown template ids are refused as INVALID_INPUT.
   */
  recordSubscribeConsent: action<{ quotas: Partial<Record<SubscribeTemplateKey, number>> }>()({
    input: z.object({ results: z.record(z.string().min(1).max(64), subscribeResult).refine((r) => Object.keys(r).length >= 1 && Object.keys(r).length <= 3, 'one to three templates') }).strict(),
    mutates: true,
    perMinute: 30,
  }),
};
