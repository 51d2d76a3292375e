import type { PointsPolicy } from './policy';
import { mulDivFloor } from '../ledger/arithmetic';
import { inBrandZone } from '../platform/time';

export interface EarnQuote {
  points: number;
  growth: number;
  /** Points the daily cap withheld, so staff can say why. */
  cappedBy: number;
}

/**
 * Points and growth for a purchase of `amountFen`. Whole yuan only (¥12.80 earns as ¥12);
 * the tier multiplier is a whole percentage (150 = ×1.5), rounded down.
 */
export function quoteEarn(amountFen: number, policy: PointsPolicy, multiplierPercent: number, earnedTodaySoFar: number): EarnQuote {
  if (amountFen < policy.minOrderFen) return { points: 0, growth: 0, cappedBy: 0 };
  const yuan = Math.floor(amountFen / 100);
  const uncapped = mulDivFloor(yuan * policy.pointsPerYuan, multiplierPercent, 100);
  const room = policy.dailyCapPoints === null ? uncapped : Math.max(0, policy.dailyCapPoints - earnedTodaySoFar);
  const points = Math.min(uncapped, room);
  return { points, growth: yuan * policy.growthPerYuan, cappedBy: uncapped - points };
}

/** The brand-zone day on which points earned at `moment` expire. */
export function expiryDayFor(moment: Date, policy: PointsPolicy, timeZone: string): string {
  const local = inBrandZone(moment, timeZone);
  if (policy.expiry.type === 'days') return local.add(policy.expiry.days, 'day').format('YYYY-MM-DD');
  return `${local.year() + 1}-12-31`;
}
