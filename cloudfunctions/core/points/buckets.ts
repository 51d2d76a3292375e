import type { PointsBucket } from '../ledger/accounts';
import { startOfBrandDay } from '../platform/time';

// Pure rules for expiry buckets. Days are brand-zone calendar days (YYYY-MM-DD), which sort
// as strings; a bucket's points expire when its day ends.

/** Adds points to the bucket for `expiresOn`, keeping buckets earliest first. */
export function addToBuckets(buckets: PointsBucket[], expiresOn: string, amount: number): PointsBucket[] {
  const existing = buckets.find((b) => b.expiresOn === expiresOn);
  const next = existing
    ? buckets.map((b) => (b === existing ? { ...b, remaining: b.remaining + amount } : b))
    : [...buckets, { expiresOn, remaining: amount }];
  return next.sort((a, b) => (a.expiresOn < b.expiresOn ? -1 : a.expiresOn > b.expiresOn ? 1 : 0));
}

export interface Draw {
  expiresOn: string;
  amount: number;
}

/**
 * Takes `amount` from the buckets, earliest-expiring first (what a member would choose).
 * The caller has checked the balance; asking for more than there is is a bug.
 */
export function takeEarliestFirst(buckets: PointsBucket[], amount: number): { buckets: PointsBucket[]; draws: Draw[] } {
  let left = amount;
  const draws: Draw[] = [];
  const remaining = new Map<string, number>();
  for (const bucket of buckets) {
    const drawn = Math.min(bucket.remaining, left);
    if (drawn > 0) draws.push({ expiresOn: bucket.expiresOn, amount: drawn });
    remaining.set(bucket.expiresOn, bucket.remaining - drawn);
    left -= drawn;
  }
  if (left > 0) throw new Error(`buckets hold less than ${amount}`);
  const next = buckets.map((b) => ({ ...b, remaining: remaining.get(b.expiresOn) ?? b.remaining })).filter((b) => b.remaining > 0);
  return { buckets: next, draws };
}

/** Buckets whose day ended before `today`, and the ones that live on. */
export function splitExpired(buckets: PointsBucket[], today: string): { expired: PointsBucket[]; live: PointsBucket[] } {
  return { expired: buckets.filter((b) => b.expiresOn < today), live: buckets.filter((b) => b.expiresOn >= today) };
}

/** The moment the earliest bucket's day ends in the brand's zone, or null when nothing can expire. */
export function nextExpiryMoment(buckets: PointsBucket[], timeZone: string): Date | null {
  const first = buckets.find((b) => b.remaining > 0);
  return first ? endOfDay(first.expiresOn, timeZone) : null;
}

/** The moment the earliest bucket expiring after `remindedFor` ends: the next one to announce. */
export function nextUnannouncedMoment(buckets: PointsBucket[], remindedFor: string | null, timeZone: string): Date | null {
  const first = buckets.find((b) => b.remaining > 0 && (remindedFor === null || b.expiresOn > remindedFor));
  return first ? endOfDay(first.expiresOn, timeZone) : null;
}

export function endOfDay(day: string, timeZone: string): Date {
  return startOfBrandDay(day, timeZone).add(1, 'day').toDate();
}

/** How many expired buckets an account remembers for refunds (60 years, or 60 expiry days under an N-days policy). */
export const EXPIRED_KEPT = 60;

/** Adds what `expired` buckets lost to the remembered tallies, keeping the latest EXPIRED_KEPT. */
export function rememberExpired(kept: PointsBucket[], expired: PointsBucket[]): PointsBucket[] {
  let next = kept;
  for (const bucket of expired) if (bucket.remaining > 0) next = addToBuckets(next, bucket.expiresOn, bucket.remaining);
  return next.slice(-EXPIRED_KEPT);
}
