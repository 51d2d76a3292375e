import { formatDate, formatFen, formatMemberNo, formatPoints } from './format';

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
  it('formats a calendar date as YYYY-MM-DD', () => {
    expect(formatDate(new Date(2026, 10, 23, 15, 30))).toBe('2026-11-23');
  });

  it('groups a member number by four', () => {
    expect(formatMemberNo('1234567890')).toBe('1234 5678 90');
    expect(formatMemberNo('12345678')).toBe('1234 5678');
  });
});
