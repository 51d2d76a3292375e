import type { StoredDoc } from '../platform/documents';
import type { PriceLineView, PurchaseCouponView } from '../contract/purchases';
import type { Draw } from '../points/buckets';
import type { LotDraw } from '../wallet/lots';

export interface PurchasePrice {
  lines: PriceLineView[];
  memberDiscountFen: number;
  couponDiscountFen: number;
  coupons: PurchaseCouponView[];
  pointsSpent: number;
  pointsFen: number;
  /** The buckets the points came from, and the entry that spent them: a refund puts them back there. */
  pointsDraws: Draw[];
  pointsSpentEntryId: string | null;
  remainderFen: number;
  earnBaseFen: number;
  /** Whether the wallet's share earned (the brand's walletEarns at the time). */
  walletEarned: boolean;
}

export const PURCHASES = 'purchases';

/** An in-store order as staff recorded it; its `_id` is the posting id. */
export interface PurchaseDoc extends StoredDoc {
  memberId: string;
  memberNo: string;
  storeId: string;
  staffOpenid: string;
  /** The list amount. */
  amountFen: number;
  /**
   * How the order was priced (absent on purchases recorded before checkout pricing: then the
   * list amount was what the member paid, nothing was taken off and no points or coupons spent).
   */
  price?: PurchasePrice;
  /** Member price + coupons + points as cash (0 on older purchases). */
  discountFen?: number;
  /** Wallet + remainder: what the member paid (the list amount on older purchases). */
  paidFen?: number;
  couponCount?: number;
  walletDraws: LotDraw[];
  walletPaidFen: number;
  pointsEarned: number;
  growthEarned: number;
  /** The bucket the points went into, which a refund takes them back from (absent on older purchases). */
  pointsExpireOn?: string | null;
  /** The tier this purchase upgraded the member from, so a refund can take the upgrade back. */
  upgradedFrom?: string;
  /** The entries a refund reverses. */
  pointsEntryId: string | null;
  growthEntryId: string | null;
  status: 'completed' | 'refunded';
  /** The versions of the points and tiers rules it earned under (absent on purchases before rule versions). */
  ruleVersions?: { points: number; tiers: number };
  createdAt: Date;
  refundedAt?: Date;
  /** The member's 导购 (staff and store) when it was recorded; null when none (absent before issue 11). */
  guide?: { staffOpenid: string | null; storeId: string } | null;
  /** The inviter's referral reward this purchase qualified (core/referral/qualify.ts); its refund cancels or claws it back. */
  referralRewardId?: string;
  /** What the paid plan gave on it, as recorded on its period (issue 12); its refund takes this back. */
  paidBenefit?: { periodId: string; savedFen: number; extraPoints: number };
  /** Who refunded it: the cashier who recorded it, or an operator. */
  refundedBy?: { type: 'staff' | 'operator'; id: string };
}
