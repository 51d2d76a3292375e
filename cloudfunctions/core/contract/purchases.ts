import { z } from 'zod';
import { STORE_KEEPERS } from '../access/operator-roles';
import { action } from './define';
import type { TierView } from './members';
import { displayText } from './text';
import type { GiftRedemptionView } from './coupons';

/** Fen; at most ¥100,000 for one in-store order. */
const amountFen = z.number().int().positive().max(10_000_000);
const memberCode = z.string().trim().min(8).max(200);
/** The day log's cursor: a page cursor signed for the cashier it was handed to (`<ms>|<id>|<signature>`). */
const dayLogCursor = z.string().regex(/^\d{1,15}\|[\w:-]{1,80}\|[\w-]{22}$/);

export interface MemberLookupResult {
  /** Record the order with this (10 minutes, this cashier only), not the scanned member code. */
  checkoutTicket: string;
  ticketExpiresAt: string;
  memberNo: string;
  nickname: string;
  maskedPhone: string | null;
  tier: TierView;
  points: number;
  walletFen: number;
}

/** The cashier's purchases of today (brand zone), newest first, with the day's totals. */
export interface CashierDayLog {
  day: string;
  /** Every purchase of the day, refunded ones included. */
  count: number;
  /** What members paid (wallet + remainder) on the day's purchases not refunded. */
  takenFen: number;
  /** What member prices, coupons and points as cash took off those purchases. */
  discountFen: number;
  /** Coupons used on those purchases. */
  couponsUsed: number;
  /** Gift items (兑换券) this cashier handed over today, undone ones included, newest first (at most 50). */
  giftRedemptions: GiftRedemptionView[];
  items: PurchaseView[];
  nextCursor: string | null;
}

/** One line of a priced order (core/checkout/pricing.ts): list and remainder as they are, the rest as what they take off. */
export interface PriceLineView {
  kind: 'list' | 'member_price' | 'paid_member_price' | 'coupon' | 'gift' | 'points' | 'wallet' | 'remainder';
  label: string;
  amountFen: number;
  couponId?: string;
}

/** A coupon the member holds, as the checkout sees it for this order. */
export interface CheckoutCouponView {
  couponId: string;
  name: string;
  kind: 'amount_off' | 'percent_off' | 'gift_item';
  /** 满100减20, 8折 最多减30, 兑换券：马克杯 */
  rule: string;
  usable: boolean;
  reason: string | null;
  /** 已过期, 未达使用门槛（还差 ¥10.01）… */
  reasonText: string | null;
  /** What it would take off on its own after the member price. */
  discountAloneFen: number;
  selected: boolean;
  /** May go with another stackable coupon on one order. */
  stackable: boolean;
  validUntil: string;
}

/** The server's pricing of an order before the cashier confirms: what the member and the cashier both see. */
export interface CheckoutQuote {
  memberNo: string;
  listFen: number;
  lines: PriceLineView[];
  coupons: CheckoutCouponView[];
  selectedCouponIds: string[];
  memberDiscountFen: number;
  couponDiscountFen: number;
  points: {
    balance: number;
    /** Null when the brand has no points as cash. */
    offer: { maxPoints: number; maxFen: number; limitedBy: 'cap' | 'balance'; stepPoints: number; stepFen: number } | null;
    /** 100 积分抵 ¥1，每单最多抵 50% */
    ruleText: string | null;
    spent: number;
    fen: number;
  };
  wallet: { balanceFen: number; maxFen: number; fen: number };
  remainderFen: number;
  /** Wallet + remainder: what the member paid. */
  paidFen: number;
  /** What earns: the remainder, plus the wallet when the brand's walletEarns is on. */
  earnBaseFen: number;
  pointsToEarn: number;
  growthToEarn: number;
}

export interface PurchaseCouponView {
  couponId: string;
  name: string;
  rule: string;
  discountFen: number;
}

export interface PurchaseView {
  purchaseId: string;
  memberNo: string;
  /** The list amount. */
  amountFen: number;
  /** Member price + coupons + points as cash: what the order took off the list amount. */
  discountFen: number;
  /** Wallet + remainder. */
  paidFen: number;
  pointsSpent: number;
  coupons: PurchaseCouponView[];
  walletPaidFen: number;
  pointsEarned: number;
  growthEarned: number;
  status: 'completed' | 'refunded';
  createdAt: string;
}

export interface RecordPurchaseResult extends PurchaseView {
  /** The breakdown as confirmed (the same lines the quote showed). */
  lines: PriceLineView[];
  walletPaid: { principal: number; bonus: number };
  /** Points the daily cap withheld. */
  pointsCappedBy: number;
  /** Points that went to settle an earlier debt. */
  debtSettled: number;
  /** The wallet balance only when the order drew on it (otherwise the wallet was not read). */
  balances: { points: number; walletFen: number | null };
  tier: TierView;
  upgraded: boolean;
}

export interface RefundPurchaseResult {
  purchaseId: string;
  pointsReversed: number;
  /** Points already spent that the member now owes; later earnings settle them. */
  pointsOwed: number;
  growthReversed: number;
  /** Back into the wallet balance. */
  walletReturnedFen: number;
  /** Paid from a top-up refunded since: its principal goes back to the member's WeChat Pay, its bonus is withdrawn. */
  cashRefundedFen: number;
  bonusWithdrawnFen: number;
  /** Points spent as cash on the order, given back (into the buckets they came from; any that have ended expire at once). */
  pointsReturned: number;
  /** The coupons the order used: available again, or expired when their validity has ended. */
  couponsReturned: { couponId: string; status: 'available' | 'expired' }[];
  /** Set when the refunded purchase had upgraded the member and the growth left no longer holds that tier. */
  tierLoweredTo?: TierView;
}

const couponId = z.string().min(8).max(64).regex(/^[\w-]+$/);

/** What the cashier chose for an order; the server prices it (core/checkout/pricing.ts). */
const checkoutChoice = {
  code: memberCode,
  amountFen,
  walletFen: z.number().int().nonnegative().max(10_000_000).default(0),
  /** Points as cash: the member's code scan is the consent, this is the cashier's toggle. */
  usePoints: z.boolean().default(false),
  /** Fewer points than the most allowed; absent = the most the cap and the balance allow. */
  pointsRequested: z.number().int().min(1).max(100_000_000).optional(),
};

export const purchasesStaffActions = {
  lookupMember: action<MemberLookupResult>()({ input: z.object({ code: memberCode }).strict(), mutates: false }),
  /**
   * Prices an order without changing anything: member price, coupons (absent couponIds = the
   * best one preselected; [] = none), points as cash, wallet, remainder, and what it earns.
   */
  priceCheckout: action<CheckoutQuote>()({
    input: z
      .object({ ...checkoutChoice, couponIds: z.array(couponId).max(5).optional() })
      .strict(),
    mutates: false,
  }),
  /**
   * Confirms the order in one transaction: coupons redeemed, points and wallet drawn, points and
   * growth earned on what the member paid, the purchase recorded with its breakdown. couponIds
   * are the ones to use (none when absent). With expectedRemainderFen (the quote's), a price that
   * changed since the quote is refused PRICE_CHANGED instead of charged.
   */
  recordPurchase: action<RecordPurchaseResult>()({
    input: z
      .object({
        ...checkoutChoice,
        couponIds: z.array(couponId).max(5).default([]),
        expectedRemainderFen: z.number().int().nonnegative().max(10_000_000).optional(),
      })
      .strict()
      .refine((p) => p.walletFen <= p.amountFen, { message: 'walletFen exceeds amountFen', path: ['walletFen'] }),
    mutates: true,
  }),
  refundPurchase: action<RefundPurchaseResult>()({ input: z.object({ purchaseId: z.string().min(8).max(64) }).strict(), mutates: true }),
  myPurchases: action<CashierDayLog>()({
    input: z.object({ before: dayLogCursor.optional(), limit: z.number().int().min(1).max(50).default(20) }).strict(),
    mutates: false,
  }),
};

export const purchasesAdminActions = {
  /**
   * Refunds a purchase whose cashier may have left; the reason goes on the entries. A store
   * manager, only their own stores' purchases.
   */
  refundPurchase: action<RefundPurchaseResult>()({
    input: z.object({ purchaseId: z.string().min(8).max(64), reason: displayText(100, 2) }).strict(),
    mutates: true,
    roles: STORE_KEEPERS,
  }),
};
