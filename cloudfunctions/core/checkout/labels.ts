// Chinese text for the checkout breakdown, from integers only (no float formatting of money):
// the cashier and the member read the same lines.

/** 2000 → "20", 1050 → "10.5", 1005 → "10.05", 9999 → "99.99"; no ¥ sign (coupon rules read 满100减20). */
export function yuanText(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  const cents = abs % 100;
  if (cents === 0) return `${sign}${whole}`;
  const decimals = cents % 10 === 0 ? String(cents / 10) : String(cents).padStart(2, '0');
  return `${sign}${whole}.${decimals}`;
}

/** 95 → "9.5折", 90 → "9折", 88 → "8.8折", 5 → "0.5折" (a whole percentage of the price paid). */
export function zheText(percent: number): string {
  const tenths = percent % 10;
  return `${Math.floor(percent / 10)}${tenths ? `.${tenths}` : ''}折`;
}

export function pointsText(points: number): string {
  return points.toLocaleString('en-US');
}
