// The fixed-offset shortcut in platform/time.ts must give the calendar answers dayjs's tz() gives,
// for zones with and without daylight saving, on both sides of the years it covers.
import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import fc from 'fast-check';
import { inBrandZone, startOfBrandDay } from '../../cloudfunctions/core/platform/time';

dayjs.extend(utc);
dayjs.extend(timezone);

const zones = ['Asia/Shanghai', 'Asia/Kolkata', 'UTC', 'America/New_York', 'Europe/London', 'Australia/Lord_Howe'];
const FORMAT = 'YYYY-MM-DD HH:mm:ss.SSS Z';

describe('brand time zone', () => {
  test.each(zones)('%s: days, months and offsets agree with dayjs tz()', (zone) => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1985, 0, 1), max: Date.UTC(2110, 0, 1) }), (ms) => {
        const fast = inBrandZone(new Date(ms), zone);
        const reference = dayjs(ms).tz(zone);
        expect(fast.format(FORMAT)).toBe(reference.format(FORMAT));
        expect(fast.startOf('month').valueOf()).toBe(reference.startOf('month').valueOf());
        expect(fast.startOf('day').add(1, 'day').valueOf()).toBe(reference.startOf('day').add(1, 'day').valueOf());
        expect(fast.year()).toBe(reference.year());
      }),
      { numRuns: 400 },
    );
  });

  test.each(zones)('%s: the start of a calendar day agrees with dayjs.tz(day)', (zone) => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1985, 0, 1), max: Date.UTC(2110, 0, 1) }), (ms) => {
        const day = dayjs.utc(ms).format('YYYY-MM-DD');
        expect(startOfBrandDay(day, zone).valueOf()).toBe(dayjs.tz(day, zone).valueOf());
      }),
      { numRuns: 300 },
    );
  });

  test('hand-written Shanghai answers', () => {
    // 2026-12-31 16:00 UTC is midnight of New Year's Day in Shanghai.
    expect(inBrandZone(new Date('2026-12-31T15:59:59.999Z')).format('YYYY-MM-DD')).toBe('2026-12-31');
    expect(inBrandZone(new Date('2026-12-31T16:00:00.000Z')).format('YYYY-MM-DD')).toBe('2027-01-01');
    expect(startOfBrandDay('2027-01-01').toDate().toISOString()).toBe('2026-12-31T16:00:00.000Z');
    // Shanghai kept daylight saving in 1988: the shortcut must not apply there.
    expect(inBrandZone(new Date('1988-07-01T00:00:00Z')).format('Z')).toBe('+09:00');
  });
});
