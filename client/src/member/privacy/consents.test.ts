import type { ConsentView } from '@contract';
import { isGranted, latestConsent } from './consents';

const c = (purpose: ConsentView['purpose'], granted: boolean, at: string): ConsentView => ({ purpose, granted, version: 'v1', at });

describe('consents', () => {
  it.each([
    ['no record: not granted', [], 'marketing', false],
    ['granted', [c('marketing', true, '2026-01-01T00:00:00.000Z')], 'marketing', true],
    ['withdrawn later', [c('marketing', true, '2026-01-01T00:00:00.000Z'), c('marketing', false, '2026-02-01T00:00:00.000Z')], 'marketing', false],
    ['order of the list does not matter', [c('marketing', true, '2026-03-01T00:00:00.000Z'), c('marketing', false, '2026-02-01T00:00:00.000Z')], 'marketing', true],
    ['another purpose does not count', [c('phone', true, '2026-01-01T00:00:00.000Z')], 'marketing', false],
  ] as [string, ConsentView[], ConsentView['purpose'], boolean][])('%s', (_name, consents, purpose, expected) => {
    expect(isGranted(consents, purpose)).toBe(expected);
  });

  it('answers the latest record itself', () => {
    const later = c('profile', true, '2026-05-01T00:00:00.000Z');
    expect(latestConsent([c('profile', false, '2026-04-01T00:00:00.000Z'), later], 'profile')).toBe(later);
  });
});
