import type { CouponBenefit } from '@contract';
import { benefitFace, benefitText, shortYuan } from './benefit';
import { expiryBadge, lastValidText, statusStamp, validityText } from './validity';

describe('the big text on a coupon', () => {
  it.each<[number, string]>([
    [2000, '20'],
    [1550, '15.5'],
    [1505, '15.05'],
    [5, '0.05'],
    [50, '0.5'],
    [100, '1'],
    [123400, '1,234'],
    [1000000, '10,000'],
  ])('%i fen reads %s yuan', (fen, text) => {
    expect(shortYuan(fen)).toBe(text);
  });

  it.each<[CouponBenefit, string, string]>([
    [{ kind: 'amount_off', amountFen: 2000, thresholdFen: 10000 }, '¥20', '满100可用'],
    [{ kind: 'amount_off', amountFen: 550, thresholdFen: 3850 }, '¥5.5', '满38.5可用'],
    [{ kind: 'no_threshold', amountFen: 1000 }, '¥10', '无门槛'],
    [{ kind: 'percent_off', ratePercent: 80, capFen: 3000 }, '8折', '最多减30元'],
    [{ kind: 'percent_off', ratePercent: 85, capFen: 2550, thresholdFen: 5000 }, '8.5折', '满50可用 · 最多减25.5元'],
    [{ kind: 'percent_off', ratePercent: 5, capFen: 100 }, '0.5折', '最多减1元'],
    [{ kind: 'gift_item', itemName: '鹿角马克杯' }, '兑换', '鹿角马克杯'],
  ])('%j reads %s, %s', (benefit, text, condition) => {
    expect(benefitText(benefit)).toBe(text);
    expect(benefitFace(benefit).condition).toBe(condition);
  });

  it('keeps the unit small beside the number', () => {
    expect(benefitFace({ kind: 'amount_off', amountFen: 2000, thresholdFen: 10000 })).toEqual({ prefix: '¥', value: '20', suffix: '', condition: '满100可用' });
    expect(benefitFace({ kind: 'percent_off', ratePercent: 85, capFen: 3000 })).toMatchObject({ prefix: '', value: '8.5', suffix: '折' });
  });
});

describe('when a coupon may be used', () => {
  // 2026-11-28 10:00 in Shanghai.
  const now = Date.parse('2026-11-28T02:00:00Z');
  // Exclusive ends: midnight in Shanghai is 16:00 UTC the day before.
  const endOf = (day: string) => new Date(Date.parse(`${day}T00:00:00+08:00`) + 86_400_000).toISOString();

  it.each<[string, string]>([
    [endOf('2026-11-30'), '2026-11-30'],
    [endOf('2026-12-31'), '2026-12-31'],
    ['2026-12-01T10:00:00.000Z', '2026-12-01 18:00'],
    // One minute before midnight is not a whole day.
    ['2026-11-30T15:59:00.000Z', '2026-11-30 23:59'],
  ])('ending %s reads through %s', (until, text) => {
    expect(lastValidText(until)).toBe(text);
  });

  it('names the start only while it is ahead', () => {
    expect(validityText('2026-11-20T00:00:00.000Z', endOf('2026-11-30'), now)).toBe('有效期至 2026-11-30');
    expect(validityText('2026-11-30T16:00:00.000Z', endOf('2026-12-31'), now)).toBe('2026-12-01 至 2026-12-31');
  });

  it.each<[string, 'available' | 'used' | 'expired', boolean, string | null]>([
    [endOf('2026-11-28'), 'available', true, '今天到期'],
    [endOf('2026-11-29'), 'available', true, '明天到期'],
    [endOf('2026-12-01'), 'available', true, '3天后到期'],
    // The server decides the window; without its flag there is no badge.
    [endOf('2026-12-01'), 'available', false, null],
    [endOf('2026-11-29'), 'used', true, null],
    [endOf('2026-11-29'), 'expired', true, null],
  ])('ending %s, %s, expiringSoon %s → %s', (until, status, expiringSoon, detail) => {
    const badge = expiryBadge({ validUntil: until, status, expiringSoon }, now);
    expect(badge?.detail ?? null).toBe(detail);
    if (badge) expect(badge.label).toBe('即将过期');
  });

  it('stamps what can no longer be used', () => {
    expect(statusStamp('available')).toBeNull();
    expect(statusStamp('used')).toBe('已使用');
    expect(statusStamp('expired')).toBe('已过期');
  });
});
