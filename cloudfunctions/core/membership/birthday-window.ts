import { inBrandZone } from '../platform/time';

// Whether `now` is in a member's birthday window, in the brand's time zone. PURE; table-tested.
// The birthday is a calendar day with no zone ('YYYY-MM-DD'; the year is ignored). 'day': the
// birthday itself, midnight to midnight in the brand zone; 'month': its whole calendar month.
// A 29 February birthday falls on 28 February in a year without one.

export type BirthdayWindow = 'day' | 'month';

const BIRTHDAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function inBirthdayWindow(birthday: string | null | undefined, now: Date, timeZone: string, window: BirthdayWindow): boolean {
  const parsed = birthday ? BIRTHDAY.exec(birthday) : null;
  if (!parsed) return false;
  const month = Number(parsed[2]);
  const day = Number(parsed[3]);
  if (month < 1 || month > 12 || day < 1 || day > 31) return false;
  const local = inBrandZone(now, timeZone);
  if (local.month() + 1 !== month) return false;
  if (window === 'month') return true;
  // The birthday's day this year, at most the month's last day (29 Feb → 28 Feb in a common year).
  return local.date() === Math.min(day, local.daysInMonth());
}
