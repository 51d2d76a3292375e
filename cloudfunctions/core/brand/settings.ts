import type { Database } from '../platform/cloud';
import { getDocById, type StoredDoc } from '../platform/documents';
import { DEFAULT_TIME_ZONE } from '../platform/time';
import { DEFAULT_POINTS_POLICY, type PointsPolicy } from '../points/policy';

// One settings document holds the brand's rules, so a call that needs several of them (a
// purchase needs points, tiers and wallet rules) pays one read.

export const SETTINGS = 'settings';
export const BRAND_SETTINGS_ID = 'brand';

export interface TierBenefits {
  /** Points multiplier as a whole percentage: 150 = ×1.5. */
  pointsMultiplierPercent: number;
  /** Member price as a whole percentage of list price: 95 = 9.5折. */
  discountPercent: number;
  birthdayMultiplierPercent: number;
  freeItems: string[];
  freeCouponTemplateIds: string[];
}

export interface TierDefinition {
  code: string;
  name: string;
  color: string;
  /** Growth earned in the window that reaches this tier. */
  threshold: number;
  benefits: TierBenefits;
}

export interface TierPolicy {
  windowMonths: number;
  /** A member is told this many days before a downgrade takes effect. */
  downgradeNoticeDays: number;
}

export interface TopupPackage {
  id: string;
  /** What the member pays (becomes principal). */
  payFen: number;
  /** What the brand adds (becomes bonus). */
  bonusFen: number;
  label: string;
}

export interface WalletPolicy {
  packages: TopupPackage[];
  /** Ceiling on principal + bonus (a registered prepaid card's usual cap is 5,000 yuan). */
  maxBalanceFen: number;
}

export interface BrandSettings extends StoredDoc {
  name: string;
  logoText: string;
  primaryColor: string;
  timeZone: string;
  tiers: TierDefinition[];
  tierPolicy: TierPolicy;
  points: PointsPolicy;
  wallet: WalletPolicy;
}

const NO_BENEFITS: TierBenefits = { pointsMultiplierPercent: 100, discountPercent: 100, birthdayMultiplierPercent: 100, freeItems: [], freeCouponTemplateIds: [] };

export const DEFAULT_BRAND: BrandSettings = {
  _id: BRAND_SETTINGS_ID,
  name: '会员俱乐部',
  logoText: '会',
  primaryColor: '#2f5d50',
  timeZone: DEFAULT_TIME_ZONE,
  tiers: [{ code: 'basic', name: '普通会员', color: '#8a8f98', threshold: 0, benefits: NO_BENEFITS }],
  tierPolicy: { windowMonths: 12, downgradeNoticeDays: 30 },
  points: DEFAULT_POINTS_POLICY,
  wallet: {
    packages: [
      { id: 'p100', payFen: 10000, bonusFen: 1000, label: '充100送10' },
      { id: 'p300', payFen: 30000, bonusFen: 4500, label: '充300送45' },
      { id: 'p500', payFen: 50000, bonusFen: 10000, label: '充500送100' },
    ],
    maxBalanceFen: 500000,
  },
};

/** The brand's settings as operators stored them, each section over its defaults. */
export async function loadBrandSettings(db: Database): Promise<BrandSettings> {
  const stored = await getDocById<Partial<BrandSettings> & StoredDoc>(db, SETTINGS, BRAND_SETTINGS_ID);
  return {
    ...DEFAULT_BRAND,
    ...stored,
    tiers: (stored?.tiers ?? DEFAULT_BRAND.tiers).map((tier) => ({ ...tier, benefits: { ...NO_BENEFITS, ...tier.benefits } })),
    tierPolicy: { ...DEFAULT_BRAND.tierPolicy, ...stored?.tierPolicy },
    points: { ...DEFAULT_BRAND.points, ...stored?.points },
    wallet: { ...DEFAULT_BRAND.wallet, ...stored?.wallet },
  };
}

export function entryTier(settings: BrandSettings): TierDefinition {
  return [...settings.tiers].sort((a, b) => a.threshold - b.threshold)[0] ?? DEFAULT_BRAND.tiers[0];
}

export function tierByCode(settings: BrandSettings, code: string): TierDefinition {
  return settings.tiers.find((tier) => tier.code === code) ?? entryTier(settings);
}
