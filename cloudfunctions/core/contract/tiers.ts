import { z } from 'zod';
import { MANAGERS } from '../access/operator-roles';
import { action } from './define';
import { displayText } from './text';
import type { TierView } from './members';

export interface TierBenefitsView {
  pointsMultiplierPercent: number;
  discountPercent: number;
  birthdayMultiplierPercent: number;
  freeItems: string[];
}

export interface TierInfoResult {
  current: TierView & { benefits: TierBenefitsView };
  tiers: (TierView & { threshold: number; benefits: TierBenefitsView })[];
  windowMonths: number;
  growthInWindow: number;
  /** spendNeededFen: what the member must still spend, whole yuan, at the brand's growth rate. */
  next: { tier: TierView; growthNeeded: number; spendNeededFen: number } | null;
  downgradeNotice: { to: TierView; effectiveAt: string } | null;
  override: { tier: TierView; until: string } | null;
  /**
   * 保级 (issue 12): what keeps the tier held — `threshold` growth in the window (the tier's
   * keepThreshold, else its threshold), `growthNeeded` more than the window holds now, judged at
   * the next review `by` (ISO); below it the member goes to `fallsTo` (the brand's downgrade
   * policy). Null at the entry tier and under an operator's override.
   */
  keep?: { threshold: number; growthNeeded: number; by: string | null; fallsTo: TierView } | null;
  /** The birthday multiplier's window (brand setting) and whether today is in it (issue 12). */
  birthday?: { window: 'day' | 'month'; inWindow: boolean } | null;
}

export interface TierOverrideResult {
  memberNo: string;
  tier: TierView;
  until: string;
}

export const tiersMemberActions = {
  tierInfo: action<TierInfoResult>()({ input: z.object({}).strict(), mutates: false }),
};

export const tiersAdminActions = {
  setTierOverride: action<TierOverrideResult>()({
    input: z
      .object({
        memberNo: z.string().regex(/^\d{10}$/),
        tierCode: z.string().min(1).max(32),
        /** ISO date-time; must be in the future and within two years. */
        until: z.string().datetime({ offset: true }),
        reason: displayText(100, 2),
      })
      .strict(),
    mutates: true,
    roles: MANAGERS,
  }),
};
