import type { TierDefinition, TierPolicy } from '../brand/settings';
import { rankOf, sortedTiers, tierForGrowth } from './rules';

// 保级 and the downgrade policy (issue 12). Pure.
//
// A tier is reached at its `threshold` and kept, once reached, with `keepThreshold` (absent or
// null: the threshold) of growth in the window. A member below what keeps their tier falls:
//   'one_step'  — to the tier just below theirs, whatever the growth (the next review may take
//                 them down another step, with its own notice);
//   'by_growth' — to the tier the window's growth reaches by the reach thresholds (keep
//                 thresholds only protect a tier held, so they play no part in where one lands).
// Absent policy: 'by_growth', what evaluation always did.

/** Growth in the window that keeps `tier` once reached. */
export function keepThresholdOf(tier: TierDefinition): number {
  return tier.keepThreshold === null || tier.keepThreshold === undefined ? tier.threshold : tier.keepThreshold;
}

/** Where a member falls when their growth no longer keeps `current` (the policy's answer). */
export function fallTarget(tiers: TierDefinition[], policy: Pick<TierPolicy, 'downgrade'>, current: TierDefinition, growth: number): TierDefinition {
  const sorted = sortedTiers(tiers);
  if ((policy.downgrade ?? 'by_growth') === 'one_step') {
    const rank = rankOf(tiers, current.code);
    return rank > 0 ? sorted[rank - 1] : sorted[0];
  }
  return tierForGrowth(tiers, growth);
}

/**
 * The tier a review puts a member at, from the tier they hold and the window's growth: a higher
 * tier the growth reaches; else the tier held while the growth keeps it; else the policy's fall.
 * A tier code the brand no longer has: the tier the growth reaches.
 */
export function tierAfterReview(tiers: TierDefinition[], policy: Pick<TierPolicy, 'downgrade'>, heldCode: string, growth: number): TierDefinition {
  const reached = tierForGrowth(tiers, growth);
  const held = tiers.find((tier) => tier.code === heldCode);
  if (!held || rankOf(tiers, reached.code) >= rankOf(tiers, held.code)) return reached;
  if (growth >= keepThresholdOf(held)) return held;
  return fallTarget(tiers, policy, held, growth);
}
