import type { StoredDoc } from '../platform/documents';
import type { Asset } from './accounts';

export const LEDGER_ENTRIES = 'ledger_entries';

export type EntryKind =
  | 'earn' // points or growth from a purchase
  | 'spend' // points redeemed
  | 'expire' // points whose bucket ended
  | 'grant' // operator's manual credit
  | 'deduct' // operator's manual debit
  | 'debt_settle' // new points that paid off a points debt
  | 'reversal' // undoes an earlier entry (purchase refund)
  | 'topup' // stored value bought
  | 'wallet_pay' // stored value spent in store
  | 'topup_refund' // unspent principal returned, its bonus withdrawn
  | 'forfeit'; // 注销: what the member gave up (points, a points debt written off, stored value that could not be refunded)

export type ActorType = 'member' | 'staff' | 'operator' | 'system' | 'payment';

export interface Actor {
  type: ActorType;
  id: string;
}

/** Immutable: written once inside the posting's transaction, never edited or deleted. */
export interface LedgerEntryDoc extends StoredDoc {
  postingId: string;
  memberId: string;
  asset: Asset;
  /** Signed: positive credits the account, negative debits it. */
  amount: number;
  balanceAfter: number;
  kind: EntryKind;
  reason: string;
  /** What caused it: an order, a purchase, a top-up, a bucket. */
  source: { type: string; id: string };
  actor: Actor;
  /** The entry this one corrects, for reversals. */
  correctsEntryId?: string;
  /** Change in the points debt that this entry records (positive = owed more). */
  debtDelta?: number;
  /** The wallet lot a stored-value entry draws on or refunds. */
  lotId?: string;
  /** The rule versions a policy-driven manual entry used (e.g. a grant's expiry: `{ points: 3 }`). */
  ruleVersions?: { points?: number; tiers?: number };
  createdAt: Date;
}

export type EntryDraft = Pick<LedgerEntryDoc, 'asset' | 'amount' | 'kind' | 'reason' | 'source'> &
  Partial<Pick<LedgerEntryDoc, 'correctsEntryId' | 'debtDelta' | 'lotId' | 'ruleVersions'>>;
