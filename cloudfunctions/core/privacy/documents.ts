import type { ConsentPurpose, PolicyDocument } from '../contract/profile';

// The documents a member accepts, by version. The texts are client pages (隐私政策, 储值协议);
// the versions live here, where the server checks them, and reach the client through
// `privacyStatus` (each PolicyState's currentVersion). A new text gets a new version here in the
// same change: a member must then accept it again (the stored-value agreement before the next
// top-up; acceptPolicy refuses any other version with POLICY_VERSION_OUTDATED).

/** 隐私政策 (the privacy policy): what is collected, why, for how long, the member's rights. */
export const PRIVACY_POLICY_VERSION = '2026-12-01';
/** 储值协议 (the stored-value agreement): the refund formula, the ceiling, who issues the value. */
export const STORED_VALUE_AGREEMENT_VERSION = '2026-12-01';

export const POLICY_DOCUMENTS: readonly PolicyDocument[] = ['privacy', 'stored_value'];
export const CONSENT_PURPOSES: readonly ConsentPurpose[] = ['profile', 'phone', 'marketing'];

export function currentVersion(document: PolicyDocument): string {
  return document === 'privacy' ? PRIVACY_POLICY_VERSION : STORED_VALUE_AGREEMENT_VERSION;
}

/** The documents' Chinese titles, for the answer's consequences and the export. */
export const POLICY_TITLES: Record<PolicyDocument, string> = { privacy: '隐私政策', stored_value: '储值协议' };
