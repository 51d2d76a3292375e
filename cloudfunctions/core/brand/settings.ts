import type { Database } from '../platform/cloud';
import { getDocById, type StoredDoc } from '../platform/documents';
import { DEFAULT_TIME_ZONE, serverNow } from '../platform/time';
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
  /** The tier's birthday gift (issue 12): once a year, in the birthday window, by cron. */
  birthdayGift?: { points: number; couponTemplateIds: string[] };
}

export interface TierDefinition {
  code: string;
  name: string;
  color: string;
  /** Growth earned in the window that reaches this tier. */
  threshold: number;
  /**
   * 保级 (issue 12): growth in the window that keeps the tier once reached, at most `threshold`.
   * Absent or null: keeping needs the same as reaching.
   */
  keepThreshold?: number | null;
  benefits: TierBenefits;
}

export interface TierPolicy {
  windowMonths: number;
  /** A member is told this many days before a downgrade takes effect. */
  downgradeNoticeDays: number;
  /**
   * Where a member who no longer keeps their tier goes (issue 12): one tier down, or straight to
   * the tier the window's growth earns. Absent: 'by_growth' (what evaluation did before).
   */
  downgrade?: 'one_step' | 'by_growth';
  /**
   * A paid member's price beside the tier's discount (issue 12): false or absent, the better of
   * the two; true, both apply (tier discount, then the plan's percent on what is left).
   */
  stackPaidMemberPrice?: boolean;
}

/** Welcome and birthday gifts and the daily check-in (issue 12); a rules section of its own. */
export interface EngagementPolicy {
  /** Given once per member, on joining. */
  welcome: { points: number; couponTemplateIds: string[] };
  /** The birthday window: the birthday itself, or its whole calendar month (brand zone). */
  birthday: { window: 'day' | 'month' };
  checkIn: {
    /** The streak's rewards by day of the streak; after the last day the streak starts again at day 1. */
    rewards: Array<{ streakDay: number; points: number; couponTemplateId: string | null }>;
    /** 补签 of a missed day of the current week (Monday first): its cost and a monthly limit. */
    makeUpCostPoints: number;
    makeUpPerMonth: number;
  };
}

export const DEFAULT_ENGAGEMENT: EngagementPolicy = {
  welcome: { points: 0, couponTemplateIds: [] },
  birthday: { window: 'month' },
  checkIn: {
    rewards: [1, 2, 3, 4, 5, 6, 7].map((streakDay) => ({ streakDay, points: streakDay === 7 ? 20 : 5, couponTemplateId: null })),
    makeUpCostPoints: 20,
    makeUpPerMonth: 2,
  },
};

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
  engagement: EngagementPolicy;
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
  engagement: DEFAULT_ENGAGEMENT,
};

// The rules come in five sections an operator edits apart: tiers (tiers + tierPolicy), points,
// wallet, brand (name, logoText, primaryColor) and engagement (welcome, birthday, check-in). A save makes a new version of one section with
// a moment it takes effect; the version in force at a moment is the latest one whose effectiveAt
// is at or before it. The document keeps, per section, the version in force when it was last
// written plus the scheduled ones (bounded: MAX_SCHEDULED_VERSIONS), so one read still answers
// every rule at any moment from that write on; the full history is in `rule_versions`
// (core/rules/store.ts). The flat fields are version 0: the rules as first written by hand.

export const RULE_SECTIONS = ['tiers', 'points', 'wallet', 'brand', 'engagement'] as const;
export type RuleSection = (typeof RULE_SECTIONS)[number];

export interface RuleSectionValues {
  tiers: { tiers: TierDefinition[]; tierPolicy: TierPolicy };
  points: PointsPolicy;
  wallet: WalletPolicy;
  brand: { name: string; logoText: string; primaryColor: string };
  engagement: EngagementPolicy;
}

/** One version of a section as the settings document keeps it. */
export interface VersionSlot<S extends RuleSection = RuleSection> {
  version: number;
  effectiveAt: Date;
  value: RuleSectionValues[S];
}

export type VersionSlots = { [S in RuleSection]?: VersionSlot<S>[] };

/** The section versions a rule-dependent result was computed with (0 = the hand-written document). */
export type RuleVersions = Record<RuleSection, number>;

/** settings/brand as stored: version 0 in the flat fields, later versions in `versions`. */
export type BrandSettingsDoc = Partial<BrandSettings> &
  StoredDoc & {
    versions?: VersionSlots;
    /** The highest version number each section has had, so a cancelled one's number is never reused. */
    lastVersions?: Partial<RuleVersions>;
  };

/** Scheduled versions one section may have at once (they ride on every read of the document). */
export const MAX_SCHEDULED_VERSIONS = 5;

export type LoadedBrandSettings = BrandSettings & { ruleVersions: RuleVersions };

/** Version 0 of every section: the flat fields over the defaults. */
export function baseSections(stored: BrandSettingsDoc | null): RuleSectionValues {
  return {
    tiers: {
      tiers: (stored?.tiers ?? DEFAULT_BRAND.tiers).map((tier) => ({ ...tier, benefits: { ...NO_BENEFITS, ...tier.benefits } })),
      tierPolicy: { ...DEFAULT_BRAND.tierPolicy, ...stored?.tierPolicy },
    },
    points: { ...DEFAULT_BRAND.points, ...stored?.points },
    wallet: { ...DEFAULT_BRAND.wallet, ...stored?.wallet },
    brand: { name: stored?.name ?? DEFAULT_BRAND.name, logoText: stored?.logoText ?? DEFAULT_BRAND.logoText, primaryColor: stored?.primaryColor ?? DEFAULT_BRAND.primaryColor },
    engagement: withEngagementDefaults(stored?.engagement),
  };
}

function slotTime(slot: VersionSlot): number {
  return new Date(slot.effectiveAt).getTime();
}

/** The slot in force at `at`: the latest effectiveAt at or before it, the higher version on a tie. */
export function slotInForce<S extends RuleSection>(slots: VersionSlot<S>[] | undefined, at: Date): VersionSlot<S> | null {
  let best: VersionSlot<S> | null = null;
  for (const slot of slots ?? []) {
    if (slotTime(slot) > at.getTime()) continue;
    if (!best || slotTime(slot) > slotTime(best) || (slotTime(slot) === slotTime(best) && slot.version > best.version)) best = slot;
  }
  return best;
}

/** Each section's value and version in force at `at`. */
export function sectionsAt(stored: BrandSettingsDoc | null, at: Date): { values: RuleSectionValues; versions: RuleVersions } {
  const base = baseSections(stored);
  const values = { ...base } as RuleSectionValues;
  const versions = { tiers: 0, points: 0, wallet: 0, brand: 0, engagement: 0 } as RuleVersions;
  for (const section of RULE_SECTIONS) {
    const slot = slotInForce(stored?.versions?.[section] as VersionSlot[] | undefined, at);
    if (!slot) continue;
    versions[section] = slot.version;
    (values as Record<RuleSection, unknown>)[section] =
      section === 'tiers' ? withFullBenefits(slot.value as RuleSectionValues['tiers']) : section === 'engagement' ? withEngagementDefaults(slot.value as Partial<EngagementPolicy>) : slot.value;
  }
  return { values, versions };
}

/** An engagement value over the defaults, part by part (a document written before issue 12 has none). */
function withEngagementDefaults(value: Partial<EngagementPolicy> | undefined): EngagementPolicy {
  return {
    welcome: { ...DEFAULT_ENGAGEMENT.welcome, ...value?.welcome },
    birthday: { ...DEFAULT_ENGAGEMENT.birthday, ...value?.birthday },
    checkIn: { ...DEFAULT_ENGAGEMENT.checkIn, ...value?.checkIn },
  };
}

function withFullBenefits(value: RuleSectionValues['tiers']): RuleSectionValues['tiers'] {
  return { ...value, tiers: value.tiers.map((tier) => ({ ...tier, benefits: { ...NO_BENEFITS, ...tier.benefits } })) };
}

/**
 * The brand's rules in force at `at` (default: the server's now; pass ctx.now so a call uses one
 * moment throughout), each section over its defaults, with the section versions they come from.
 * One document read, whatever the number of versions.
 */
export async function loadBrandSettings(db: Database, at: Date = serverNow()): Promise<LoadedBrandSettings> {
  const stored = await getDocById<BrandSettingsDoc>(db, SETTINGS, BRAND_SETTINGS_ID);
  return settingsAt(stored, at);
}

/** loadBrandSettings on a document already read (e.g. inside a transaction). */
export function settingsAt(stored: BrandSettingsDoc | null, at: Date): LoadedBrandSettings {
  const { values, versions } = sectionsAt(stored, at);
  // Fields outside the sections (the time zone, anything a later capability adds) pass through.
  const { versions: _slots, lastVersions: _numbers, ...rest } = stored ?? { _id: BRAND_SETTINGS_ID };
  return {
    ...DEFAULT_BRAND,
    ...rest,
    ...values.brand,
    ...values.tiers,
    points: values.points,
    wallet: values.wallet,
    engagement: values.engagement,
    ruleVersions: versions,
  };
}

export function entryTier(settings: BrandSettings): TierDefinition {
  return [...settings.tiers].sort((a, b) => a.threshold - b.threshold)[0] ?? DEFAULT_BRAND.tiers[0];
}

export function tierByCode(settings: BrandSettings, code: string): TierDefinition {
  return settings.tiers.find((tier) => tier.code === code) ?? entryTier(settings);
}
