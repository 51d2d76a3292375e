import dayjs from 'dayjs';

// Every amount, point count and date the UI shows goes through here, so that ¥12.50, 12,345
// and 2026-11-23 look the same on every screen. Money is integer fen end to end: no floats.

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

/** An ISO time or Date → "2026-11-23" (the device's calendar day). */
export function formatDate(value: string | number | Date): string {
  return dayjs(value).format('YYYY-MM-DD');
}

/** "1234567890" → "1234 5678 90": easier to read aloud at a counter. */
export function formatMemberNo(memberNo: string): string {
  return memberNo.replace(/(.{4})(?=.)/g, '$1 ');
}
