import { z } from 'zod';
import { MANAGERS, READERS } from '../access/operator-roles';
import type { OperatorRole } from '../access/operator-roles';
import type { RuleSection, RuleSectionValues } from '../brand/settings';
import { action } from './define';

// The operator console's rules actions (issue 8). Five sections (engagement: issue 12), each edited apart; a save is a
// new version with a moment it takes effect. Rules are brand-wide: no store manager.

export type { RuleSection, RuleSectionValues } from '../brand/settings';

const section = z.enum(['tiers', 'points', 'wallet', 'brand', 'engagement']);
/** The section's value; its shape and limits are checked by core/rules/validate.ts, field by field. */
const value = z.record(z.unknown());

export interface RuleVersionView<S extends RuleSection = RuleSection> {
  section: S;
  version: number;
  /** ISO; null for version 0, the document as first written by hand. */
  effectiveAt: string | null;
  value: RuleSectionValues[S];
}

export interface RuleHistoryItem {
  section: RuleSection;
  version: number;
  effectiveAt: string | null;
  createdAt: string | null;
  createdBy: { openid: string; name: string; role: OperatorRole } | null;
  status: 'in_force' | 'scheduled' | 'superseded' | 'cancelled';
  /** What it changed, as the preview said when it was saved. */
  changes: string[];
}

export interface RulesResult {
  now: string;
  current: { [S in RuleSection]: RuleVersionView<S> };
  /** Per section, versions waiting for their moment, soonest first. */
  scheduled: { [S in RuleSection]: RuleVersionView<S>[] };
  /** The latest versions of every section, newest first. */
  history: RuleHistoryItem[];
}

export interface RuleProblemView {
  /** A path inside the section's value, e.g. `tiers.1.threshold`; '' for the whole value. */
  field: string;
  message: string;
}

export interface PreviewRulesResult {
  /** Empty when the value may be saved. */
  problems: RuleProblemView[];
  /** The version the lines compare against: the one in force at the proposed moment. */
  comparedWith: number;
  /** What changes, in Chinese lines; empty when nothing does (or the value is invalid). */
  changes: string[];
  /**
   * Versions already scheduled after the proposed moment: each will take over from this one when
   * its time comes (the latest effective time wins), so the page warns before saving.
   */
  supersededBy: { version: number; effectiveAt: string }[];
}

export interface SaveRulesResult {
  section: RuleSection;
  version: number;
  effectiveAt: string;
  /** false when the version waits for a later moment. */
  inForce: boolean;
  changes: string[];
}

export interface CancelScheduledRulesResult {
  section: RuleSection;
  version: number;
  cancelled: true;
}

/** ISO date-time with an offset; omitted = now. */
const effectiveAt = z.string().datetime({ offset: true }).optional();

export const rulesAdminActions = {
  getRules: action<RulesResult>()({ input: z.object({}).strict(), mutates: false, roles: READERS }),
  previewRules: action<PreviewRulesResult>()({
    input: z.object({ section, value, effectiveAt }).strict(),
    mutates: false,
    roles: MANAGERS,
  }),
  /** Refused (INVALID_INPUT on `value.<field>`) when the value breaks a rule; effectiveAt must be from now to a year ahead. */
  saveRules: action<SaveRulesResult>()({
    input: z.object({ section, value, effectiveAt }).strict(),
    mutates: true,
    roles: MANAGERS,
  }),
  cancelScheduledRules: action<CancelScheduledRulesResult>()({
    input: z.object({ section, version: z.number().int().min(1) }).strict(),
    mutates: true,
    roles: MANAGERS,
  }),
};
