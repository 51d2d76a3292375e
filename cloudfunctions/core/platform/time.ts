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

/** A moment seen in the brand's time zone, for calendar rules (days, months, year ends). */
export function inBrandZone(moment: Date, timeZone: string = DEFAULT_TIME_ZONE): dayjs.Dayjs {
  return dayjs(moment).tz(timeZone);
}

export { dayjs };
