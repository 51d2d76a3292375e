import type { OperatorRole } from '../access/operator-roles';
import {
  BRAND_SETTINGS_ID,
  type BrandSettingsDoc,
  type RuleSection,
  type RuleSectionValues,
  SETTINGS,
  type VersionSlot,
  type VersionSlots,
  baseSections,
  slotInForce,
} from '../brand/settings';

// Where versions live. `rule_versions/<section>-<version>`: one document per version, never
// deleted, its value never edited (a cancelled scheduled version gets `cancelledAt`). The
// settings document carries, per section, the slots that can still be in force: the one in force
// at the last write and the scheduled ones (see core/brand/settings.ts).

export const RULE_VERSIONS = 'rule_versions';

export interface RuleVersionDoc<S extends RuleSection = RuleSection> {
  _id: string;
  section: S;
  version: number;
  value: RuleSectionValues[S];
  /** null for version 0, recorded from the hand-written document on the section's first save. */
  effectiveAt: Date | null;
  createdAt: Date;
  createdBy: { openid: string; role: OperatorRole } | null;
  requestId: string | null;
  /** The preview's lines at the save: what this version changed against the one it followed. */
  changes: string[];
  cancelledAt?: Date;
  cancelledBy?: { openid: string; role: OperatorRole };
}

export function versionDocId(section: RuleSection, version: number): string {
  return `${section}-${String(version).padStart(6, '0')}`;
}

export function slotsOf<S extends RuleSection>(doc: BrandSettingsDoc | null, section: S): VersionSlot<S>[] {
  return ((doc?.versions?.[section] ?? []) as VersionSlot<S>[]).map((slot) => ({ ...slot, effectiveAt: new Date(slot.effectiveAt) }));
}

/** The highest version number a section has had (0 when it was never saved). */
export function latestVersion(doc: BrandSettingsDoc | null, section: RuleSection): number {
  const slots = slotsOf(doc, section);
  const fromSlots = Math.max(0, ...slots.map((slot) => slot.version));
  return Math.max(fromSlots, doc?.lastVersions?.[section] ?? 0);
}

/** A section's value and version in force at `at` (version 0: the flat fields). */
export function inForceAt<S extends RuleSection>(doc: BrandSettingsDoc | null, section: S, at: Date): { version: number; effectiveAt: Date | null; value: RuleSectionValues[S] } {
  const slot = slotInForce(slotsOf(doc, section), at);
  if (slot) return slot;
  return { version: 0, effectiveAt: null, value: baseSections(doc)[section] };
}

/** Scheduled slots (after `now`), soonest first. */
export function scheduledAfter<S extends RuleSection>(doc: BrandSettingsDoc | null, section: S, now: Date): VersionSlot<S>[] {
  return slotsOf(doc, section)
    .filter((slot) => slot.effectiveAt.getTime() > now.getTime())
    .sort((a, b) => a.effectiveAt.getTime() - b.effectiveAt.getTime() || a.version - b.version);
}

/** What the document keeps of a section at `now`: the slot in force and the scheduled ones. */
export function keptSlots<S extends RuleSection>(slots: VersionSlot<S>[], now: Date): VersionSlot<S>[] {
  const current = slotInForce(slots, now);
  return slots.filter((slot) => slot === current || slot.effectiveAt.getTime() > now.getTime()).sort((a, b) => a.version - b.version);
}

/** The settings document with one section's slots replaced; every other field as read. */
export function withSlots(doc: BrandSettingsDoc | null, section: RuleSection, slots: VersionSlot[], lastVersion: number): Omit<BrandSettingsDoc, '_id'> {
  const { _id, ...fields } = doc ?? { _id: BRAND_SETTINGS_ID };
  const versions: VersionSlots = { ...fields.versions, [section]: slots };
  return { ...fields, versions, lastVersions: { ...fields.lastVersions, [section]: lastVersion } };
}

export { SETTINGS, BRAND_SETTINGS_ID };
