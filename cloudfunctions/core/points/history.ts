import type { HistoryResult, LedgerBook } from '../contract';
import { LEDGER_ENTRIES, type LedgerEntryDoc } from '../ledger/entries';
import { requireMember } from '../members/lookup';
import { findDocs } from '../platform/documents';
import { afterCursor, nextCursor } from '../platform/paging';
import type { HandlerContext } from '../router/context';
import { walletHistory } from '../wallet/history';

const ASSETS_OF: Record<Exclude<LedgerBook, 'wallet'>, string[]> = {
  points: ['points'],
  growth: ['growth'],
};

/** A member's entries, newest first, a page at a time (platform/paging.ts). */
export async function history(ctx: HandlerContext, input: { book: LedgerBook; kind?: string; before?: string; limit: number }): Promise<HistoryResult> {
  const member = await requireMember(ctx);
  if (input.book === 'wallet') return walletHistory(ctx, member._id, input);
  const _ = ctx.db.command;
  const where: Record<string, unknown> = { memberId: member._id, asset: _.in(ASSETS_OF[input.book]) };
  if (input.kind) where.kind = input.kind;
  const query = afterCursor(_, where, input.before);
  const entries = await findDocs<LedgerEntryDoc>(
    ctx.db.collection(LEDGER_ENTRIES).where(query).orderBy('createdAt', 'desc').orderBy('_id', 'desc').limit(input.limit + 1),
  );
  const page = entries.slice(0, input.limit);
  return {
    items: page.map((e) => ({
      entryId: e._id,
      asset: e.asset as 'points' | 'growth',
      kind: e.kind,
      amount: e.amount,
      balanceAfter: e.balanceAfter,
      reason: e.reason,
      createdAt: new Date(e.createdAt).toISOString(),
    })),
    nextCursor: nextCursor(page, entries.length > input.limit),
  };
}
