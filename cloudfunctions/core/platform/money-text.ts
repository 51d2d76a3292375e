// Money, rates and discounts as Chinese UI text, from integers only: no amount passes through a
// float on its way to a label.

/** ¥12.50 from 1250 fen, for server-side messages. */
export function formatFen(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}¥${Math.floor(abs / 100).toLocaleString('en-US')}.${String(abs % 100).padStart(2, '0')}`;
}

/** A count of hundredths as a short decimal: 2000 → "20", 1050 → "10.5", 1005 → "10.05", 150 → "1.5". */
export function hundredthsText(hundredths: number): string {
  const sign = hundredths < 0 ? '-' : '';
  const abs = Math.abs(hundredths);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = abs % 100;
  if (cents === 0) return `${sign}${whole}`;
  const decimals = cents % 10 === 0 ? String(cents / 10) : String(cents).padStart(2, '0');
  return `${sign}${whole}.${decimals}`;
}

/** Fen as yuan without the ¥ sign, trailing zeros dropped (coupon rules read 满100减20). */
export const yuanText = hundredthsText;

/** ¥1,000 for whole yuan, ¥12.50 otherwise. */
export function yuanLabel(fen: number): string {
  return fen % 100 === 0 ? `¥${yuanText(fen)}` : formatFen(fen);
}

/** 95 → "9.5折", 90 → "9折", 88 → "8.8折", 5 → "0.5折" (a whole percentage of the price paid). */
export function zheText(percent: number): string {
  const tenths = percent % 10;
  return `${Math.floor(percent / 10)}${tenths ? `.${tenths}` : ''}折`;
}
