import dayjs from 'dayjs';
import utc from 'dayjs/plugin/utc';

dayjs.extend(utc);

// Every amount, point count and date the UI shows goes through here, so that ¥12.50, 12,345
// and 2026-11-23 look the same on every screen. Money is integer fen end to end: no floats.

/**
 * The brand's time zone, Asia/Shanghai: times show as the brand's stores see them, whatever the
 * phone's zone. China has no daylight saving, so a fixed offset is exact and needs no Intl
 * (which some mini-program runtimes lack).
 */
const BRAND_UTC_OFFSET_MINUTES = 8 * 60;
const PLAIN_DATE = /^\d{4}-\d{2}-\d{2}$/;

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** 1250 → "¥12.50", -5 → "-¥0.05", 123456789 → "¥1,234,567.89". */
export function formatFen(fen: number): string {
  if (!Number.isSafeInteger(fen)) throw new RangeError(`formatFen expects integer fen, got ${fen}`);
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.trunc(abs / 100);
  const cents = abs - yuan * 100;
  return `${sign}¥${groupThousands(String(yuan))}.${String(cents).padStart(2, '0')}`;
}

/** 12345 → "12,345". */
export function formatPoints(points: number): string {
  if (!Number.isSafeInteger(points)) throw new RangeError(`formatPoints expects an integer, got ${points}`);
  return (points < 0 ? '-' : '') + groupThousands(String(Math.abs(points)));
}

function inBrandZone(value: string | number | Date): dayjs.Dayjs {
  return dayjs(value).utcOffset(BRAND_UTC_OFFSET_MINUTES);
}

/** An ISO time or Date → "2026-11-23", the brand's calendar day; a plain "2027-12-31" stays as it is. */
export function formatDate(value: string | number | Date): string {
  if (typeof value === 'string' && PLAIN_DATE.test(value)) return value;
  return inBrandZone(value).format('YYYY-MM-DD');
}

/** An ISO time → "2026-11-23 14:05" in the brand's time zone. */
export function formatDateTime(value: string | number | Date): string {
  return inBrandZone(value).format('YYYY-MM-DD HH:mm');
}

/** An ISO time → "14:05" in the brand's time zone. */
export function formatTime(value: string | number | Date): string {
  return inBrandZone(value).format('HH:mm');
}

/** 58 → "+58", -12 → "-12", 1200 → "+1,200". */
export function formatSignedPoints(points: number): string {
  return (points > 0 ? '+' : '') + formatPoints(points);
}

/** 1000 → "+¥10.00", -500 → "-¥5.00". */
export function formatSignedFen(fen: number): string {
  return (fen > 0 ? '+' : '') + formatFen(fen);
}

/** A discount as Chinese shops write it: 95 → "9.5折", 90 → "9折", 100 → "" (no discount). */
export function formatDiscount(percent: number): string {
  if (!Number.isSafeInteger(percent) || percent <= 0 || percent >= 100) return '';
  const tens = Math.trunc(percent / 10);
  const ones = percent % 10;
  return ones === 0 ? `${tens}折` : `${tens}.${ones}折`;
}

/** A points multiplier in percent: 125 → "×1.25", 150 → "×1.5", 100 → "×1". */
export function formatMultiplier(percent: number): string {
  const whole = Math.trunc(percent / 100);
  const rest = String(percent % 100).padStart(2, '0').replace(/0+$/, '');
  return `×${whole}${rest ? `.${rest}` : ''}`;
}

/** "1234567890" → "1234 5678 90": easier to read aloud at a counter. */
export function formatMemberNo(memberNo: string): string {
  return memberNo.replace(/(.{4})(?=.)/g, '$1 ');
}
