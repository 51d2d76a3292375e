import {
  formatDate,
  formatDateTime,
  formatDiscount,
  formatFen,
  formatMemberNo,
  formatMultiplier,
  formatPoints,
  formatSignedFen,
  formatSignedPoints,
} from './format';

describe('formatFen', () => {
  it.each([
    [0, '¥0.00'],
    [5, '¥0.05'],
    [50, '¥0.50'],
    [1250, '¥12.50'],
    [100000, '¥1,000.00'],
    [123456789, '¥1,234,567.89'],
    [-1250, '-¥12.50'],
  ])('%i fen → %s', (fen, text) => {
    expect(formatFen(fen)).toBe(text);
  });

  it('refuses non-integer amounts instead of rounding them', () => {
    expect(() => formatFen(12.5)).toThrow(RangeError);
  });
});

describe('formatPoints', () => {
  it.each([
    [0, '0'],
    [999, '999'],
    [1000, '1,000'],
    [12345, '12,345'],
    [1234567, '1,234,567'],
    [-1200, '-1,200'],
  ])('%i → %s', (points, text) => {
    expect(formatPoints(points)).toBe(text);
  });
});

describe('formatDate and formatMemberNo', () => {
  it('formats a time as the brand\'s calendar day (Asia/Shanghai), whatever the device zone', () => {
    expect(formatDate('2026-11-23T07:30:00.000Z')).toBe('2026-11-23');
    // 17:30 UTC is already the next morning in Shanghai.
    expect(formatDate('2026-11-23T17:30:00.000Z')).toBe('2026-11-24');
  });

  it('keeps a plain calendar date as it is', () => {
    expect(formatDate('2027-12-31')).toBe('2027-12-31');
  });

  it('groups a member number by four', () => {
    expect(formatMemberNo('1234567890')).toBe('1234 5678 90');
    expect(formatMemberNo('12345678')).toBe('1234 5678');
  });
});

describe('formatDateTime', () => {
  it('shows minutes in the brand\'s time zone', () => {
    expect(formatDateTime('2026-11-23T06:05:00.000Z')).toBe('2026-11-23 14:05');
    expect(formatDateTime('2026-12-31T16:00:00.000Z')).toBe('2027-01-01 00:00');
  });
});

describe('signed amounts', () => {
  it.each([
    [58, '+58'],
    [0, '0'],
    [-1200, '-1,200'],
  ])('points %i → %s', (points, text) => {
    expect(formatSignedPoints(points)).toBe(text);
  });

  it.each([
    [1000, '+¥10.00'],
    [-505, '-¥5.05'],
  ])('fen %i → %s', (fen, text) => {
    expect(formatSignedFen(fen)).toBe(text);
  });
});

describe('benefits', () => {
  it.each([
    [95, '9.5折'],
    [90, '9折'],
    [88, '8.8折'],
    [100, ''],
  ])('discount %i%% → %p', (percent, text) => {
    expect(formatDiscount(percent)).toBe(text);
  });

  it.each([
    [100, '×1'],
    [125, '×1.25'],
    [150, '×1.5'],
    [200, '×2'],
    [105, '×1.05'],
  ])('multiplier %i%% → %s', (percent, text) => {
    expect(formatMultiplier(percent)).toBe(text);
  });
});
