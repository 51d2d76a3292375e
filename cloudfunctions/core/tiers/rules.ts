import type { TierDefinition } from '../brand/settings';
import { inBrandZone } from '../platform/time';

// Pure tier rules. Growth is kept per brand-zone month (YYYY-MM); a tier follows the growth
// earned in a rolling window of months, never the points balance.

export const DEFAULT_WINDOW_MONTHS = 12;

export function monthOf(moment: Date, timeZone: string): string {
  return inBrandZone(moment, timeZone).format('YYYY-MM');
}

/** Growth earned in the `windowMonths` months ending with the month of `at` (inclusive). */
export function windowGrowth(months: Record<string, number>, at: Date, timeZone: string, windowMonths: number): number {
  const last = inBrandZone(at, timeZone).startOf('month');
  const first = last.subtract(windowMonths - 1, 'month').format('YYYY-MM');
  const end = last.format('YYYY-MM');
  return Object.entries(months)
    .filter(([month]) => month >= first && month <= end)
    .reduce((total, [, growth]) => total + growth, 0);
}

export function sortedTiers(tiers: TierDefinition[]): TierDefinition[] {
  return [...tiers].sort((a, b) => a.threshold - b.threshold);
}

/** The highest tier whose threshold the growth reaches. */
export function tierForGrowth(tiers: TierDefinition[], growth: number): TierDefinition {
  const sorted = sortedTiers(tiers);
  return sorted.filter((tier) => tier.threshold <= growth).pop() ?? sorted[0];
}

export function rankOf(tiers: TierDefinition[], code: string): number {
  return sortedTiers(tiers).findIndex((tier) => tier.code === code);
}

/** The next tier up and how much more growth reaches it; null at the top. */
export function progressToNext(tiers: TierDefinition[], current: TierDefinition, growth: number): { next: TierDefinition; growthNeeded: number } | null {
  const next = sortedTiers(tiers).find((tier) => tier.threshold > current.threshold);
  return next ? { next, growthNeeded: Math.max(0, next.threshold - growth) } : null;
}

/** Drops months older than anything a window can reach, so the document stays small. */
export function pruneMonths(months: Record<string, number>, at: Date, timeZone: string, keepMonths: number): Record<string, number> {
  const first = inBrandZone(at, timeZone).startOf('month').subtract(keepMonths - 1, 'month').format('YYYY-MM');
  return Object.fromEntries(Object.entries(months).filter(([month, growth]) => month >= first && growth !== 0));
}

/** Whole yuan that earn `growth` at `growthPerYuan`, in fen (growth is earned per whole yuan). */
export function spendForGrowthFen(growth: number, growthPerYuan: number): number {
  return growthPerYuan > 0 ? Math.ceil(growth / growthPerYuan) * 100 : 0;
}
