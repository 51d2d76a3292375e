import { z } from 'zod';
import { STORE_KEEPERS } from '../access/operator-roles';
import { action } from './define';
import type { TierView } from './members';
import { displayText } from './text';

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
  /** What the day's purchases not refunded came to. */
  takenFen: number;
  items: PurchaseView[];
  nextCursor: string | null;
}

export interface PurchaseView {
  purchaseId: string;
  memberNo: string;
  amountFen: number;
  walletPaidFen: number;
  pointsEarned: number;
  growthEarned: number;
  status: 'completed' | 'refunded';
  createdAt: string;
}

export interface RecordPurchaseResult extends PurchaseView {
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
  /** Set when the refunded purchase had upgraded the member and the growth left no longer holds that tier. */
  tierLoweredTo?: TierView;
}

export const purchasesStaffActions = {
  lookupMember: action<MemberLookupResult>()({ input: z.object({ code: memberCode }).strict(), mutates: false }),
  recordPurchase: action<RecordPurchaseResult>()({
    input: z
      .object({ code: memberCode, amountFen, walletFen: z.number().int().nonnegative().max(10_000_000).default(0) })
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
