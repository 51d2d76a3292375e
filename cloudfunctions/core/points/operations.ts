import type { PointsAccountDoc } from '../ledger/accounts';
import type { EntryDraft } from '../ledger/entries';
import { BusinessError } from '../platform/business-error';
import { addToBuckets, nextExpiryMoment, splitExpired, takeEarliestFirst, takeLatestFirst } from './buckets';

// Each operation takes the points account as read in the transaction and returns what it must
// become plus the entries that explain the change. No I/O: services compose these into postings.

export interface PointsChange {
  after: PointsAccountDoc;
  entries: EntryDraft[];
}

type Source = EntryDraft['source'];

function withBuckets(account: PointsAccountDoc, buckets: PointsAccountDoc['buckets'], balance: number, debt: number, timeZone: string): PointsAccountDoc {
  return { ...account, buckets, balance, debt, nextExpiryAt: nextExpiryMoment(buckets, timeZone) };
}

/** Credits points into their expiry bucket; an outstanding debt is settled from them first. */
export function creditPoints(
  account: PointsAccountDoc,
  credit: { amount: number; expiresOn: string; kind: 'earn' | 'grant'; reason: string; source: Source },
  timeZone: string,
): PointsChange {
  if (credit.amount <= 0) return { after: account, entries: [] };
  let buckets = addToBuckets(account.buckets, credit.expiresOn, credit.amount);
  const entries: EntryDraft[] = [{ asset: 'points', amount: credit.amount, kind: credit.kind, reason: credit.reason, source: credit.source }];
  const settle = Math.min(account.debt, credit.amount);
  if (settle > 0) {
    buckets = takeEarliestFirst(buckets, settle).buckets;
    entries.push({ asset: 'points', amount: -settle, kind: 'debt_settle', reason: '抵扣欠还积分', source: credit.source, debtDelta: -settle });
  }
  return { after: withBuckets(account, buckets, account.balance + credit.amount - settle, account.debt - settle, timeZone), entries };
}

/** Spends points, earliest-expiring first. Refuses, naming the shortfall, when there are too few. */
export function debitPoints(
  account: PointsAccountDoc,
  debit: { amount: number; kind: 'spend' | 'deduct'; reason: string; source: Source },
  timeZone: string,
): PointsChange {
  if (debit.amount > account.balance) {
    throw new BusinessError('INSUFFICIENT_POINTS', `积分不足，还差 ${(debit.amount - account.balance).toLocaleString('en-US')} 分`);
  }
  const { buckets } = takeEarliestFirst(account.buckets, debit.amount);
  return {
    after: withBuckets(account, buckets, account.balance - debit.amount, account.debt, timeZone),
    entries: [{ asset: 'points', amount: -debit.amount, kind: debit.kind, reason: debit.reason, source: debit.source }],
  };
}

/**
 * Takes back points that a refunded purchase earned. What the member already spent cannot be
 * taken back; that shortfall becomes a debt that later earnings settle, so the balance never
 * goes below zero.
 */
export function reversePoints(
  account: PointsAccountDoc,
  reversal: { amount: number; correctsEntryId: string; reason: string; source: Source },
  timeZone: string,
): PointsChange {
  const taken = Math.min(account.balance, reversal.amount);
  const shortfall = reversal.amount - taken;
  const { buckets } = takeLatestFirst(account.buckets, taken);
  return {
    after: withBuckets(account, buckets, account.balance - taken, account.debt + shortfall, timeZone),
    entries: [
      {
        asset: 'points',
        amount: -taken,
        kind: 'reversal',
        reason: reversal.reason,
        source: reversal.source,
        correctsEntryId: reversal.correctsEntryId,
        ...(shortfall > 0 ? { debtDelta: shortfall } : {}),
      },
    ],
  };
}

/** Expires every bucket whose day ended before `today` (brand zone), one entry per bucket. */
export function expireBuckets(account: PointsAccountDoc, today: string, timeZone: string): PointsChange {
  const { expired, live } = splitExpired(account.buckets, today);
  const amount = expired.reduce((total, b) => total + b.remaining, 0);
  return {
    after: withBuckets(account, live, account.balance - amount, account.debt, timeZone),
    entries: expired
      .filter((b) => b.remaining > 0)
      .map((b) => ({ asset: 'points' as const, amount: -b.remaining, kind: 'expire' as const, reason: `${b.expiresOn} 到期`, source: { type: 'bucket', id: b.expiresOn } })),
  };
}
