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
  /** The entries a refund reverses. */
  pointsEntryId: string | null;
  growthEntryId: string | null;
  status: 'completed' | 'refunded';
  createdAt: Date;
  refundedAt?: Date;
}
