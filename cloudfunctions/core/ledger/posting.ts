import type { Tx } from '../platform/documents';
import { ACCOUNTS, type AccountDoc, type MemberAccounts } from './accounts';
import { assertAmount, sum } from './arithmetic';
import { type Actor, type EntryDraft, LEDGER_ENTRIES, type LedgerEntryDoc } from './entries';

export interface Posting {
  postingId: string;
  memberId: string;
  actor: Actor;
  createdAt: Date;
  entries: EntryDraft[];
  /** Each touched account as it was read in this transaction and as it must become. */
  changes: { before: AccountDoc; after: AccountDoc }[];
}

/**
 * Writes a posting's entries and the balances they move, inside the caller's transaction.
 *
 * The checks here are the ledger's invariants, not business rules: a failure is a bug, so it
 * throws (aborting the transaction) rather than answering a business error.
 */
export async function writePosting(tx: Tx, posting: Posting): Promise<LedgerEntryDoc[]> {
  const entries: LedgerEntryDoc[] = [];
  if (posting.entries.length > 999) throw new Error(`posting ${posting.postingId} has more entries than its ids can number`);
  const running = new Map(posting.changes.map(({ before }) => [before.asset, before.balance]));
  posting.entries.forEach((draft, index) => {
    assertAmount(draft.amount, 'entry amount');
    if (draft.amount === 0 && !draft.debtDelta) throw new Error('a ledger entry must move something');
    const balance = running.get(draft.asset);
    if (balance === undefined) throw new Error(`entry on ${draft.asset} without its account in the posting`);
    const balanceAfter = balance + draft.amount;
    running.set(draft.asset, balanceAfter);
    entries.push({
      ...draft,
      // Zero-padded so that text order is entry order (`:010` after `:009`): histories sort by id.
      _id: `${posting.postingId}:${String(index).padStart(3, '0')}`,
      postingId: posting.postingId,
      memberId: posting.memberId,
      balanceAfter,
      actor: posting.actor,
      createdAt: posting.createdAt,
    });
  });

  for (const { before, after } of posting.changes) {
    const moved = sum(entries.filter((e) => e.asset === before.asset).map((e) => e.amount));
    assertAmount(after.balance, 'balance');
    if (after._id !== before._id || after.memberId !== posting.memberId) throw new Error(`posting touches a foreign account ${after._id}`);
    if (after.balance !== before.balance + moved) {
      throw new Error(`${after._id}: balance ${before.balance} + entries ${moved} ≠ ${after.balance}`);
    }
    if (after.balance < 0) throw new Error(`${after._id}: balance would go negative (${after.balance})`);
  }

  for (const entry of entries) {
    const { _id, ...fields } = entry;
    await tx.collection(LEDGER_ENTRIES).doc(_id).set({ data: fields });
  }
  for (const { before, after } of posting.changes) {
    const { _id, ...fields } = after;
    await tx.collection(ACCOUNTS).doc(_id).set({ data: { ...fields, version: before.version + 1 } });
  }
  return entries;
}

/** The accounts a posting changed, as `changes`: those whose object the rules replaced. */
export function changedAccounts<K extends keyof MemberAccounts>(before: Pick<MemberAccounts, K>, after: Pick<MemberAccounts, K>): Posting['changes'] {
  return (Object.keys(after) as K[]).filter((asset) => after[asset] !== before[asset]).map((asset) => ({ before: before[asset], after: after[asset] }));
}
