import type { PointsAccountDoc } from '../ledger/accounts';
import type { EntryDraft } from '../ledger/entries';
import { BusinessError } from '../platform/business-error';
import { type Draw, addToBuckets, nextExpiryMoment, nextUnannouncedMoment, rememberExpired, splitExpired, takeEarliestFirst } from './buckets';

// Each operation takes the points account as read in the transaction and returns what it must
// become plus the entries that explain the change. No I/O: services compose these into postings.

export interface PointsChange {
  after: PointsAccountDoc;
  entries: EntryDraft[];
}

type Source = EntryDraft['source'];

function withBuckets(account: PointsAccountDoc, buckets: PointsAccountDoc['buckets'], balance: number, debt: number, timeZone: string): PointsAccountDoc {
  return {
    ...account,
    buckets,
    balance,
    debt,
    nextExpiryAt: nextExpiryMoment(buckets, timeZone),
    unannouncedExpiryAt: nextUnannouncedMoment(buckets, account.remindedFor, timeZone),
  };
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

/**
 * Spends points, earliest-expiring first. Refuses, naming the shortfall, when there are too few.
 * `draws` say which buckets paid, so a refund can put them back where they came from.
 */
export function debitPoints(
  account: PointsAccountDoc,
  debit: { amount: number; kind: 'spend' | 'deduct'; reason: string; source: Source },
  timeZone: string,
): PointsChange & { draws: Draw[] } {
  if (debit.amount > account.balance) {
    throw new BusinessError('INSUFFICIENT_POINTS', `积分不足，还差 ${(debit.amount - account.balance).toLocaleString('en-US')} 分`);
  }
  const { buckets, draws } = takeEarliestFirst(account.buckets, debit.amount);
  return {
    after: withBuckets(account, buckets, account.balance - debit.amount, account.debt, timeZone),
    entries: [{ asset: 'points', amount: -debit.amount, kind: debit.kind, reason: debit.reason, source: debit.source }],
    draws,
  };
}

/**
 * Gives back points a refunded order spent, into the buckets they were drawn from (so they keep
 * their expiry: a refund never extends points). One 'reversal' entry pointing at the spend. What
 * went back into a bucket whose day has ended (before `today`, brand zone) expires at once, in
 * the same change, so the history shows both: returned, then expired. Only then is an outstanding
 * debt settled, from what is still live, as any new points settle it; expired points never do.
 * The caller has expired the account's ended buckets first (expireDue).
 */
export function returnSpentPoints(
  account: PointsAccountDoc,
  back: { draws: Draw[]; correctsEntryId: string; reason: string; source: Source },
  today: string,
  timeZone: string,
): PointsChange {
  const amount = back.draws.reduce((total, d) => total + d.amount, 0);
  if (amount <= 0) return { after: account, entries: [] };
  let buckets = account.buckets;
  for (const draw of back.draws) buckets = addToBuckets(buckets, draw.expiresOn, draw.amount);
  const returned = withBuckets(account, buckets, account.balance + amount, account.debt, timeZone);
  const expired = expireBuckets(returned, today, timeZone);
  const entries: EntryDraft[] = [{ asset: 'points', amount, kind: 'reversal', reason: back.reason, source: back.source, correctsEntryId: back.correctsEntryId }, ...expired.entries];
  const live = expired.after;
  const stillLive = amount - (returned.balance - live.balance);
  const settle = Math.min(live.debt, stillLive);
  if (settle <= 0) return { after: live, entries };
  entries.push({ asset: 'points', amount: -settle, kind: 'debt_settle', reason: '抵扣欠还积分', source: back.source, debtDelta: -settle });
  return { after: withBuckets(live, takeEarliestFirst(live.buckets, settle).buckets, live.balance - settle, live.debt - settle, timeZone), entries };
}

/**
 * Takes back the points a refunded purchase earned, from the bucket they went into
 * (`expiresOn`). What that bucket no longer holds of them went one of two ways:
 * - it expired (the bucket's day has ended and `expired` remembers what it lost): gone, not owed;
 * - it was spent: taken from the member's other buckets, earliest-expiring first, and what the
 *   balance cannot cover becomes a debt that later earnings settle. The balance never goes negative.
 * The caller expires ended buckets first (expireDue), so the answer does not depend on
 * whether the expiry job has run.
 */
export function reversePoints(
  account: PointsAccountDoc,
  reversal: { amount: number; expiresOn: string; correctsEntryId: string; reason: string; source: Source },
  timeZone: string,
): PointsChange & { fromExpired: number } {
  const own = account.buckets.find((b) => b.expiresOn === reversal.expiresOn);
  const fromOwn = Math.min(reversal.amount, own?.remaining ?? 0);
  let buckets = fromOwn > 0 ? takeFrom(account.buckets, reversal.expiresOn, fromOwn) : account.buckets;
  const gone = (account.expired ?? []).find((b) => b.expiresOn === reversal.expiresOn);
  const fromExpired = Math.min(reversal.amount - fromOwn, gone?.remaining ?? 0);
  const expired = fromExpired > 0 ? takeFrom(account.expired ?? [], reversal.expiresOn, fromExpired) : (account.expired ?? []);
  const spent = reversal.amount - fromOwn - fromExpired;
  const fromOthers = Math.min(spent, account.balance - fromOwn);
  if (fromOthers > 0) buckets = takeEarliestFirst(buckets, fromOthers).buckets;
  const owed = spent - fromOthers;
  const taken = fromOwn + fromOthers;
  const after = withBuckets({ ...account, expired }, buckets, account.balance - taken, account.debt + owed, timeZone);
  const entries: EntryDraft[] =
    taken > 0 || owed > 0
      ? [{ asset: 'points', amount: -taken, kind: 'reversal', reason: reversal.reason, source: reversal.source, correctsEntryId: reversal.correctsEntryId, ...(owed > 0 ? { debtDelta: owed } : {}) }]
      : [];
  return { after, entries, fromExpired };
}

function takeFrom(buckets: PointsAccountDoc['buckets'], expiresOn: string, amount: number): PointsAccountDoc['buckets'] {
  return buckets.map((b) => (b.expiresOn === expiresOn ? { ...b, remaining: b.remaining - amount } : b)).filter((b) => b.remaining > 0);
}

/** Expires every bucket whose day ended before `today` (brand zone), one entry per bucket. */
export function expireBuckets(account: PointsAccountDoc, today: string, timeZone: string): PointsChange {
  const { expired, live } = splitExpired(account.buckets, today);
  const amount = expired.reduce((total, b) => total + b.remaining, 0);
  return {
    after: withBuckets({ ...account, expired: rememberExpired(account.expired ?? [], expired) }, live, account.balance - amount, account.debt, timeZone),
    entries: expired
      .filter((b) => b.remaining > 0)
      .map((b) => ({ asset: 'points' as const, amount: -b.remaining, kind: 'expire' as const, reason: `${b.expiresOn} 到期`, source: { type: 'bucket', id: b.expiresOn } })),
  };
}
