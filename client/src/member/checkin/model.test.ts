import { monthGrid, monthLabel, shiftMonth } from './model';

describe('check-in calendar layout', () => {
  it.each([
    ['2026-07', 1, '2026-08'],
    ['2026-12', 1, '2027-01'],
    ['2026-01', -1, '2025-12'],
    ['2026-03', -14, '2025-01'],
  ])('%s %+d month → %s', (month, n, expected) => expect(shiftMonth(month, n)).toBe(expected));

  it('June 2026 starts on a Monday: 5 rows, no lead', () => {
    const rows = monthGrid('2026-06');
    expect(rows).toHaveLength(5);
    expect(rows[0]).toEqual(['2026-06-01', '2026-06-02', '2026-06-03', '2026-06-04', '2026-06-05', '2026-06-06', '2026-06-07']);
    expect(rows[4]).toEqual(['2026-06-29', '2026-06-30', null, null, null, null, null]);
  });

  it('July 2026 starts on a Wednesday: two blanks, then the 1st', () => {
    const rows = monthGrid('2026-07');
    expect(rows[0]).toEqual([null, null, '2026-07-01', '2026-07-02', '2026-07-03', '2026-07-04', '2026-07-05']);
    expect(rows).toHaveLength(5);
    expect(rows[4]).toEqual(['2026-07-27', '2026-07-28', '2026-07-29', '2026-07-30', '2026-07-31', null, null]);
  });

  it('February 2026 (28 days from a Sunday): six blanks, 5 rows', () => {
    const rows = monthGrid('2026-02');
    expect(rows[0]).toEqual([null, null, null, null, null, null, '2026-02-01']);
    expect(rows).toHaveLength(5);
  });

  it('labels', () => expect(monthLabel('2026-07')).toBe('2026年7月'));
});
