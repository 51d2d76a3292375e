import type { StoredDoc } from '../platform/documents';
import type { LotDraw } from '../wallet/lots';

export const PURCHASES = 'purchases';

/** An in-store order as staff recorded it; its `_id` is the posting id. */
export interface PurchaseDoc extends StoredDoc {
  memberId: string;
  memberNo: string;
  storeId: string;
  staffOpenid: string;
  amountFen: number;
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
  /** Who refunded it: the cashier who recorded it, or an operator. */
  refundedBy?: { type: 'staff' | 'operator'; id: string };
}
