import type { HistoryResult, LedgerEntryView } from '../contract';
import { LEDGER_ENTRIES, type LedgerEntryDoc } from '../ledger/entries';
import { findDocs } from '../platform/documents';
import { afterCursor, nextCursor } from '../platform/paging';
import type { HandlerContext } from '../router/context';

type WalletAsset = 'wallet_principal' | 'wallet_bonus';
const WALLET_ASSETS: WalletAsset[] = ['wallet_principal', 'wallet_bonus'];

/**
 * 储值明细: one row per posting, as the member paid or topped up once, with the principal/bonus
 * split beneath and the whole balance after it. A posting's entries sit next to each other in
 * (createdAt, _id) order, so a page reads a few entries per row and never ends inside a posting.
 */
export async function walletHistory(ctx: HandlerContext, memberId: string, input: { kind?: string; before?: string; limit: number }): Promise<HistoryResult> {
  const _ = ctx.db.command;
  const where: Record<string, unknown> = { memberId, asset: _.in(WALLET_ASSETS) };
  if (input.kind) where.kind = input.kind;
  const batch = input.limit * 4 + 1;
  const entries = await findDocs<LedgerEntryDoc>(
    ctx.db.collection(LEDGER_ENTRIES).where(afterCursor(_, where, input.before)).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(batch),
  );
  let postings = groupByPosting(entries);
  const more = entries.length === batch;
  if (more) {
    // The batch may have cut the last posting short: leave it to the next page, or, when it is
    // the only one (a payment drawn from many top-ups), read the whole of it.
    postings = postings.length > 1 ? postings.slice(0, -1) : [await wholePosting(ctx, where, postings[0][0].postingId)];
  }
  const page = postings.slice(0, input.limit);
  const rest = entries.slice(page.reduce((n, p) => n + p.length, 0));

  const items: LedgerEntryView[] = [];
  for (const [index, posting] of page.entries()) {
    // Unfiltered, the batch itself holds the balances; a kind filter hides the entries they are on.
    const older = input.kind ? [] : [...page.slice(index + 1).flat(), ...rest];
    const own = input.kind ? [] : posting;
    const after = await Promise.all(WALLET_ASSETS.map((asset) => balanceAfter(ctx, memberId, asset, posting, own, older)));
    const sum = (asset: WalletAsset) => posting.filter((e) => e.asset === asset).reduce((t, e) => t + e.amount, 0);
    // The principal's newest entry names the posting best (储值 rather than 储值赠送).
    const named = posting.find((e) => e.asset === 'wallet_principal') ?? posting[0];
    items.push({
      entryId: posting[0]._id,
      asset: 'wallet',
      kind: named.kind,
      amount: sum('wallet_principal') + sum('wallet_bonus'),
      balanceAfter: after[0] + after[1],
      split: { principal: sum('wallet_principal'), bonus: sum('wallet_bonus') },
      reason: named.reason,
      createdAt: new Date(named.createdAt).toISOString(),
    });
  }
  const hasMore = more || postings.length > page.length;
  return { items, nextCursor: nextCursor(page.map((p) => p[p.length - 1]), hasMore) };
}

function groupByPosting(entries: LedgerEntryDoc[]): LedgerEntryDoc[][] {
  const postings: LedgerEntryDoc[][] = [];
  for (const entry of entries) {
    const last = postings[postings.length - 1];
    if (last && last[0].postingId === entry.postingId) last.push(entry);
    else postings.push([entry]);
  }
  return postings;
}

async function wholePosting(ctx: HandlerContext, where: Record<string, unknown>, postingId: string): Promise<LedgerEntryDoc[]> {
  return findDocs<LedgerEntryDoc>(ctx.db.collection(LEDGER_ENTRIES).where({ ...where, postingId }).orderBy('_id', 'desc').limit(1000));
}

/**
 * One asset's balance right after a posting: its newest entry on that asset up to and including
 * the posting, in history order. Taken from the batch when it holds one, else one more read.
 */
async function balanceAfter(
  ctx: HandlerContext,
  memberId: string,
  asset: WalletAsset,
  posting: LedgerEntryDoc[],
  own: LedgerEntryDoc[],
  older: LedgerEntryDoc[],
): Promise<number> {
  const known = own.find((e) => e.asset === asset) ?? older.find((e) => e.asset === asset);
  if (known) return known.balanceAfter;
  const _ = ctx.db.command;
  const { createdAt, postingId } = posting[0];
  // Entry ids are `<postingId>:<nnn>`, so `:999` is at or after every entry of this posting.
  const upToPosting = _.or([{ createdAt: _.lt(createdAt) }, { createdAt, _id: _.lte(`${postingId}:999`) }]);
  const [previous] = await findDocs<LedgerEntryDoc>(
    ctx.db.collection(LEDGER_ENTRIES).where(_.and([{ memberId, asset }, upToPosting])).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(1),
  );
  return previous?.balanceAfter ?? 0;
}
