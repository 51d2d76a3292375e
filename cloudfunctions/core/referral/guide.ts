import type { GuideSettingsView } from '../contract';
import type { MemberGuide } from './collections';

// 导购 binding: the pure rule of who a member is bound to. A member joining through a staff or
// store code is bound to it, for good or for `bindDays` (brand setting), and for `protectionDays`
// no other staff or store code can take the member over.

export interface GuideClaim {
  /** null for a store code (the store itself). */
  staffOpenid: string | null;
  storeId: string;
  code: string;
}

export type GuideDecision =
  /** No guide, or the binding has ended, or its protection has passed: bind to the claim. */
  | 'bind'
  /** Already bound to this very staff member (or store): nothing changes. */
  | 'same'
  /** Bound to someone else who is still protected: nothing changes. */
  | 'protected';

/** Whether the binding is still in force at `now` (an `until` of now has ended). */
export function guideInForce(guide: MemberGuide | null | undefined, now: Date): guide is MemberGuide {
  return !!guide && (guide.until === null || new Date(guide.until).getTime() > now.getTime());
}

export function guideDecision(current: MemberGuide | null | undefined, claim: GuideClaim, now: Date): GuideDecision {
  if (!guideInForce(current, now)) return 'bind';
  if ((current.staffOpenid ?? null) === claim.staffOpenid && current.storeId === claim.storeId) return 'same';
  // Protected while now is before protectedUntil; at that moment it has passed.
  return new Date(current.protectedUntil).getTime() > now.getTime() ? 'protected' : 'bind';
}

const DAY_MS = 86_400_000;

export function newGuide(claim: GuideClaim, now: Date, settings: GuideSettingsView): MemberGuide {
  return {
    staffOpenid: claim.staffOpenid,
    storeId: claim.storeId,
    code: claim.code,
    boundAt: now,
    until: settings.bindDays === null ? null : new Date(now.getTime() + settings.bindDays * DAY_MS),
    protectedUntil: new Date(now.getTime() + settings.protectionDays * DAY_MS),
  };
}
