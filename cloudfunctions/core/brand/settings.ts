import type { Database } from '../platform/cloud';
import { getDocById, type StoredDoc } from '../platform/documents';
import { DEFAULT_TIME_ZONE } from '../platform/time';

export const SETTINGS = 'settings';
export const BRAND_SETTINGS_ID = 'brand';

export interface TierDefinition {
  code: string;
  name: string;
  color: string;
  /** Growth value earned in the window that reaches this tier. */
  threshold: number;
}

export interface BrandSettings extends StoredDoc {
  name: string;
  logoText: string;
  primaryColor: string;
  timeZone: string;
  tiers: TierDefinition[];
}

export const DEFAULT_BRAND: BrandSettings = {
  _id: BRAND_SETTINGS_ID,
  name: '会员俱乐部',
  logoText: '会',
  primaryColor: '#2f5d50',
  timeZone: DEFAULT_TIME_ZONE,
  tiers: [{ code: 'basic', name: '普通会员', color: '#8a8f98', threshold: 0 }],
};

/** The brand's settings as operators stored them, over the defaults. */
export async function loadBrandSettings(db: Database): Promise<BrandSettings> {
  const stored = await getDocById<BrandSettings>(db, SETTINGS, BRAND_SETTINGS_ID);
  return { ...DEFAULT_BRAND, ...stored };
}

export function entryTier(settings: BrandSettings): TierDefinition {
  return [...settings.tiers].sort((a, b) => a.threshold - b.threshold)[0] ?? DEFAULT_BRAND.tiers[0];
}

export function tierByCode(settings: BrandSettings, code: string): TierDefinition {
  return settings.tiers.find((tier) => tier.code === code) ?? entryTier(settings);
}
