import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';

dayjs.extend(utc);
dayjs.extend(timezone);

export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/**
 * The server's clock. Locally a test or the simulation can move it (LOCAL_CLOCK_OFFSET_MS);
 * in the cloud that variable is never set.
 */
export function serverNow(): Date {
  const offset = Number(process.env.LOCAL_CLOCK_OFFSET_MS ?? 0);
  return new Date(Date.now() + (Number.isFinite(offset) ? offset : 0));
}

// dayjs's tz() formats the moment with a fresh Intl formatter on every call, which was the
// largest single cost of a posting. A zone whose offset never changes over the years the
// ledger deals in (Asia/Shanghai has had no daylight saving since 1991) is shifted by that
// fixed offset instead: the same calendar answers, without the formatter.
const FAST_FROM = Date.UTC(2000, 0, 1);
const FAST_UNTIL = Date.UTC(2100, 0, 1);
const fixedOffsets = new Map<string, number | null>();

/** The offsets a zone has on 15 January and 15 July of every year in range: daylight saving or a change of zone shows. */
function offsetsOverTheYears(offsetAt: (ms: number) => number): Set<number> {
  const seen = new Set<number>();
  for (let year = 2000; year < 2100; year += 1) {
    for (const month of [0, 6]) seen.add(offsetAt(Date.UTC(year, month, 15)));
  }
  return seen;
}

// dayjs shifts a fixed offset through the machine's own zone, which goes wrong across that zone's
// daylight saving; a machine in such a zone (a laptop in London, not a cloud function) takes the slow path.
const machineZoneIsFixed = offsetsOverTheYears((ms) => new Date(ms).getTimezoneOffset()).size === 1;

function fixedOffsetOf(timeZone: string): number | null {
  if (!machineZoneIsFixed) return null;
  let offset = fixedOffsets.get(timeZone);
  if (offset === undefined) {
    const seen = offsetsOverTheYears((ms) => dayjs(ms).tz(timeZone).utcOffset());
    offset = seen.size === 1 ? [...seen][0] : null;
    fixedOffsets.set(timeZone, offset);
  }
  return offset;
}

/** A moment seen in the brand's time zone, for calendar rules (days, months, year ends). */
export function inBrandZone(moment: Date | number, timeZone: string = DEFAULT_TIME_ZONE): dayjs.Dayjs {
  const ms = typeof moment === 'number' ? moment : moment.getTime();
  const offset = ms >= FAST_FROM && ms < FAST_UNTIL ? fixedOffsetOf(timeZone) : null;
  return offset === null ? dayjs(ms).tz(timeZone) : dayjs(ms).utcOffset(offset);
}

/** The first moment of a calendar day ('YYYY-MM-DD') in the brand's time zone. */
export function startOfBrandDay(day: string, timeZone: string = DEFAULT_TIME_ZONE): dayjs.Dayjs {
  const offset = fixedOffsetOf(timeZone);
  const parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (offset !== null && parts) {
    const start = Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3])) - offset * 60_000;
    if (start >= FAST_FROM && start < FAST_UNTIL) return inBrandZone(start, timeZone);
  }
  return dayjs.tz(day, timeZone);
}

export { dayjs };
