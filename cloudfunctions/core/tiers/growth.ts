import type { GrowthAccountDoc } from '../ledger/accounts';
import type { EntryDraft } from '../ledger/entries';
import { monthOf, pruneMonths } from './rules';

// Growth value only ever rises by spending and falls by refunds of that spending; redeeming
// points never touches it.

const KEEP_MONTHS = 24;

export function creditGrowth(account: GrowthAccountDoc, amount: number, at: Date, timeZone: string, source: EntryDraft['source']) {
  if (amount <= 0) return { after: account, entries: [] as EntryDraft[] };
  const month = monthOf(at, timeZone);
  const months = pruneMonths({ ...account.months, [month]: (account.months[month] ?? 0) + amount }, at, timeZone, KEEP_MONTHS);
  return {
    after: { ...account, balance: account.balance + amount, months },
    entries: [{ asset: 'growth' as const, amount, kind: 'earn' as const, reason: '消费成长值', source }],
  };
}

/** Takes back the growth of a refunded purchase from the month it was earned in. */
export function reverseGrowth(account: GrowthAccountDoc, amount: number, earnedAt: Date, timeZone: string, correctsEntryId: string, source: EntryDraft['source'], reason = '退款扣回成长值') {
  const taken = Math.min(amount, account.balance);
  if (taken <= 0) return { after: account, entries: [] as EntryDraft[] };
  const month = monthOf(earnedAt, timeZone);
  const months = { ...account.months };
  if (months[month] !== undefined) months[month] = Math.max(0, months[month] - taken);
  return {
    after: { ...account, balance: account.balance - taken, months },
    entries: [{ asset: 'growth' as const, amount: -taken, kind: 'reversal' as const, reason, source, correctsEntryId }],
  };
}
