import type { OperatorRole } from '../access/operator-roles';
import type { BulkGrantState } from '../contract';

/** One document per bulk grant; its `_id` is the request key of the call that started it. */
export const BULK_GRANTS = 'bulk_grants';
/** One document per job and member number (`<jobId>:<memberNo>`): the unit of work and its outcome. */
export const BULK_GRANT_ITEMS = 'bulk_grant_items';

export interface BulkGrantDoc {
  _id: string;
  amount: number;
  reason: string;
  state: BulkGrantState;
  /** How many parts the list comes in, and how many distinct new numbers each part brought. */
  parts: number;
  partCounts: Record<string, number>;
  /** Set when the last part arrived: the number of members to grant. */
  total: number | null;
  /** Lines that were not member numbers (the first 100 of each part), for the failures file. */
  invalid: { line: number; value: string }[];
  startedBy: { openid: string; role: OperatorRole | null };
  startedAt: Date;
  finishedAt: Date | null;
}

export type BulkGrantItemStatus = 'pending' | 'granted' | 'failed';

export interface BulkGrantItemDoc {
  _id: string;
  jobId: string;
  memberNo: string;
  /** The part that brought it (a number repeated in a later part is that part's duplicate). */
  part: number;
  status: BulkGrantItemStatus;
  /** Failed: why, in Chinese, for the failures file. */
  reason?: string;
  /** Granted: the posting. */
  postingId?: string;
  /** Unexpected errors so far; after MAX_ATTEMPTS the item fails for good. */
  attempts?: number;
  at?: Date;
}

export { listItemId as itemId } from '../jobs/member-list';
