import { inBirthdayWindow } from '../../cloudfunctions/core/membership/birthday-window';

const SH = 'Asia/Shanghai';
const NY = 'America/New_York';

describe('inBirthdayWindow', () => {
  it.each([
    // [birthday, now (UTC), zone, window, expected]
    ['1990-05-20', '2026-05-20T04:00:00Z', SH, 'day', true],
    ['1990-05-20', '2026-05-21T04:00:00Z', SH, 'day', false],
    ['1990-05-20', '2026-05-01T04:00:00Z', SH, 'month', true],
    ['1990-05-20', '2026-06-01T04:00:00Z', SH, 'month', false],
    // Brand-zone midnight edges: 20 May 00:00 Shanghai = 19 May 16:00 UTC.
    ['1990-05-20', '2026-05-19T15:59:59Z', SH, 'day', false],
    ['1990-05-20', '2026-05-19T16:00:00Z', SH, 'day', true],
    ['1990-05-20', '2026-05-20T15:59:59Z', SH, 'day', true],
    ['1990-05-20', '2026-05-20T16:00:00Z', SH, 'day', false],
    // Month edges in Shanghai: 1 May 00:00 = 30 Apr 16:00 UTC; 1 June 00:00 = 31 May 16:00 UTC.
    ['1990-05-20', '2026-04-30T15:59:59Z', SH, 'month', false],
    ['1990-05-20', '2026-04-30T16:00:00Z', SH, 'month', true],
    ['1990-05-20', '2026-05-31T15:59:59Z', SH, 'month', true],
    ['1990-05-20', '2026-05-31T16:00:00Z', SH, 'month', false],
    // Another zone: 20 May 00:00 in New York (EDT, UTC−4) = 20 May 04:00 UTC.
    ['1990-05-20', '2026-05-20T03:59:59Z', NY, 'day', false],
    ['1990-05-20', '2026-05-20T04:00:00Z', NY, 'day', true],
    // 29 February: the 28th in a common year, the 29th in a leap year.
    ['2000-02-29', '2026-02-28T04:00:00Z', SH, 'day', true],
    ['2000-02-29', '2026-03-01T04:00:00Z', SH, 'day', false],
    ['2000-02-29', '2028-02-28T04:00:00Z', SH, 'day', false],
    ['2000-02-29', '2028-02-29T04:00:00Z', SH, 'day', true],
    ['2000-02-29', '2026-02-10T04:00:00Z', SH, 'month', true],
    // No birthday, or a malformed one.
    [null, '2026-05-20T04:00:00Z', SH, 'day', false],
    ['05-20', '2026-05-20T04:00:00Z', SH, 'month', false],
    ['1990-13-01', '2026-05-20T04:00:00Z', SH, 'month', false],
  ] as const)('%s at %s (%s, %s) → %s', (birthday, now, zone, window, expected) => {
    expect(inBirthdayWindow(birthday, new Date(now), zone, window)).toBe(expected);
  });
});
