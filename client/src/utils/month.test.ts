import { monthLabel, shiftMonth } from './month';

describe('months of the leaderboard switcher', () => {
  it.each([
    ['2026-03', -1, '2026-02'],
    ['2026-01', -1, '2025-12'],
    ['2025-12', 1, '2026-01'],
    ['2026-03', 0, '2026-03'],
    ['2026-03', -15, '2024-12'],
    ['2026-11', 14, '2028-01'],
  ])('%s shifted by %i is %s', (month, by, expected) => {
    expect(shiftMonth(month, by)).toBe(expected);
  });
  it('refuses what is not a month', () => {
    expect(() => shiftMonth('2026-13', 1)).toThrow(RangeError);
  });
  it('reads in Chinese', () => {
    expect(monthLabel('2026-03')).toBe('2026年3月');
    expect(monthLabel('2026-12')).toBe('2026年12月');
  });
});
