import type { PolicyState, PrivacyStatus } from '@contract';
import { acceptanceLine, needsAcceptance, policyOf } from './policy-state';

const policy = (over: Partial<PolicyState>): PolicyState => ({
  document: 'stored_value',
  currentVersion: 'v2',
  acceptedVersion: null,
  acceptedAt: null,
  upToDate: false,
  ...over,
});
const status = (...policies: PolicyState[]): PrivacyStatus => ({ policies, consents: [] });
const day = (iso: string) => iso.slice(0, 10);

describe('needsAcceptance', () => {
  it.each([
    ['not loaded', null, false],
    ['document missing from the answer', status(policy({ document: 'privacy' })), false],
    ['never accepted', status(policy({})), true],
    ['an older version accepted', status(policy({ acceptedVersion: 'v1', acceptedAt: '2026-01-01T00:00:00Z' })), true],
    ['the current version accepted', status(policy({ acceptedVersion: 'v2', acceptedAt: '2026-01-01T00:00:00Z', upToDate: true })), false],
  ] as [string, PrivacyStatus | null, boolean][])('%s', (_name, value, expected) => {
    expect(needsAcceptance(value, 'stored_value')).toBe(expected);
  });

  it('reads the named document only', () => {
    const both = status(policy({ document: 'privacy', upToDate: true, acceptedVersion: 'v2' }), policy({}));
    expect(policyOf(both, 'privacy')?.upToDate).toBe(true);
    expect(needsAcceptance(both, 'privacy')).toBe(false);
    expect(needsAcceptance(both, 'stored_value')).toBe(true);
  });
});

describe('acceptanceLine', () => {
  it.each([
    [null, ''],
    [policy({}), '你尚未同意此版本'],
    [policy({ acceptedVersion: 'v1', acceptedAt: '2026-01-01T00:00:00Z' }), '已更新至 v2 版，你同意过的是 v1 版，请重新阅读并同意'],
    [policy({ acceptedVersion: 'v2', acceptedAt: '2026-03-04T08:00:00Z', upToDate: true }), '你已于 2026-03-04 同意此版本'],
  ] as [PolicyState | null, string][])('%#', (value, expected) => {
    expect(acceptanceLine(value, day)).toBe(expected);
  });
});
