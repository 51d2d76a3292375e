import type { PointsAccountDoc } from '../ledger/accounts';

/** Purchase points already earned on `day` (brand zone). */
export function earnedOnDay(account: PointsAccountDoc, day: string): number {
  return account.earnedOn?.day === day ? account.earnedOn.points : 0;
}

export function recordEarnedOnDay(account: PointsAccountDoc, day: string, points: number): PointsAccountDoc {
  return { ...account, earnedOn: { day, points: earnedOnDay(account, day) + points } };
}

/** A refunded purchase gives its day's cap room back, so a corrected order the same day still earns. */
export function releaseEarnedOnDay(account: PointsAccountDoc, day: string, points: number): PointsAccountDoc {
  if (account.earnedOn?.day !== day) return account;
  return { ...account, earnedOn: { day, points: Math.max(0, account.earnedOn.points - points) } };
}
