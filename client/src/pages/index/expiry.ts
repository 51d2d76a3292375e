import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';
import { formatDate } from '../../utils/format';

dayjs.extend(utc);

/**
 * How many days before their expiry points count as "即将过期": the brand's reminder window
 * (the points policy's reminderDays, 30 by default). `me` does not carry the brand's own value,
 * so the home screen uses the default the reminder message also goes out with.
 */
export const EXPIRY_REMINDER_DAYS = 30;

/** Whole days from today to `on` (the last day points can be used), both on the brand's calendar; 0 on the day itself. */
export function daysUntil(on: string, now: number | Date): number {
  // Plain dates compared at UTC midnight: no phone time zone or daylight saving in the sum.
  return dayjs.utc(formatDate(on)).diff(dayjs.utc(formatDate(now)), 'day');
}

/** True when `on` falls within the reminder window: under the default policy points live 13+ months, and those far off are no news. */
export function expiresSoon(on: string, now: number | Date, windowDays: number = EXPIRY_REMINDER_DAYS): boolean {
  const days = daysUntil(on, now);
  return days >= 0 && days <= windowDays;
}
