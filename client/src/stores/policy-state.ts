import type { PolicyDocument, PolicyState, PrivacyStatus } from '@contract';

// Pure readings of privacyStatus, shared by the wallet's agreement gate, the privacy popup and
// the document pages.

export function policyOf(status: PrivacyStatus | null, document: PolicyDocument): PolicyState | null {
  return status?.policies.find((policy) => policy.document === document) ?? null;
}

/**
 * Whether the member must accept `document` before going on. Unknown (status not loaded) counts
 * as no: the server refuses with AGREEMENT_REQUIRED anyway, and the gate opens then.
 */
export function needsAcceptance(status: PrivacyStatus | null, document: PolicyDocument): boolean {
  const policy = policyOf(status, document);
  return policy !== null && !policy.upToDate;
}

/** "你已于 2026-03-04 同意 v2" / "协议已更新至 v3，请重新阅读并同意" / "尚未同意". */
export function acceptanceLine(policy: PolicyState | null, formatDate: (iso: string) => string): string {
  if (!policy) return '';
  if (policy.upToDate && policy.acceptedAt) return `你已于 ${formatDate(policy.acceptedAt)} 同意此版本`;
  if (policy.acceptedVersion) return `已更新至 ${policy.currentVersion} 版，你同意过的是 ${policy.acceptedVersion} 版，请重新阅读并同意`;
  return '你尚未同意此版本';
}
