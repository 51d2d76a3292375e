import { lastDays, rangeProblem, shiftDay } from './date-range';

describe('report date ranges', () => {
  it.each([
    ['2026-03-01', -1, '2026-02-28'],
    ['2024-03-01', -1, '2024-02-29'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-15', 0, '2026-01-15'],
  ])('%s shifted by %i is %s', (day, by, expected) => {
    expect(shiftDay(day, by)).toBe(expected);
  });

  it('the last 30 days include today', () => {
    expect(lastDays('2026-03-10', 30)).toEqual({ from: '2026-02-09', to: '2026-03-10' });
    expect(lastDays('2026-03-10', 1)).toEqual({ from: '2026-03-10', to: '2026-03-10' });
  });

  it.each([
    ['2026-01-01', '2026-12-31', null],
    ['2024-01-01', '2024-12-31', null], // 366 days in a leap year
    ['2025-01-01', '2026-01-01', null], // 366 days
    ['2025-01-01', '2026-01-02', '一次最多查询 366 天'],
    ['2026-03-02', '2026-03-01', '开始日期不能晚于结束日期'],
    ['', '2026-03-01', '请选择开始和结束日期'],
  ])('%s to %s', (from, to, expected) => {
    expect(rangeProblem(from, to)).toBe(expected);
  });
});
