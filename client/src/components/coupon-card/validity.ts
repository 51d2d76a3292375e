import type { CouponView } from '@contract';
import { daysUntil } from '../../pages/index/expiry';
import { formatDate, formatDateTime, formatTime } from '../../utils/format';

// When a coupon may be used, as the member reads it. The server's validUntil is exclusive (the
// first moment it no longer works), so a coupon good through 30 November ends at midnight on
// 1 December and must read "有效期至 2026-11-30", never the 1st.

/** True when `iso` is exactly midnight on the brand's calendar. */
function isBrandMidnight(iso: string): boolean {
  return Date.parse(iso) % 60_000 === 0 && formatTime(iso) === '00:00';
}

/** The last moment the coupon works, as shown: "2026-11-30" for a whole day, else "2026-11-30 18:00". */
export function lastValidText(validUntil: string): string {
  if (isBrandMidnight(validUntil)) return formatDate(Date.parse(validUntil) - 1);
  return formatDateTime(validUntil);
}

/** The last brand-calendar day it works on. */
function lastValidDay(validUntil: string): string {
  return formatDate(Date.parse(validUntil) - 1);
}

/** "有效期至 2026-11-30", or "2026-12-01 至 2026-12-31" while it is not yet valid. */
export function validityText(validFrom: string, validUntil: string, now: number): string {
  if (Date.parse(validFrom) > now) return `${formatDate(validFrom)} 至 ${lastValidText(validUntil)}`;
  return `有效期至 ${lastValidText(validUntil)}`;
}

export interface ExpiryBadge {
  label: string;
  /** "今天到期", "明天到期", "3天后到期". */
  detail: string;
}

/**
 * The 即将过期 badge: only on an available coupon the server marks expiringSoon (it owns the
 * window, EXPIRING_SOON_DAYS), with how many brand-calendar days are left.
 */
export function expiryBadge(coupon: Pick<CouponView, 'status' | 'expiringSoon' | 'validUntil'>, now: number): ExpiryBadge | null {
  if (coupon.status !== 'available' || !coupon.expiringSoon) return null;
  const days = Math.max(0, daysUntil(lastValidDay(coupon.validUntil), now));
  const detail = days === 0 ? '今天到期' : days === 1 ? '明天到期' : `${days}天后到期`;
  return { label: '即将过期', detail };
}

/** The stamp on a card that can no longer be used, or null for an available one. */
export function statusStamp(status: CouponView['status']): string | null {
  return status === 'used' ? '已使用' : status === 'expired' ? '已过期' : null;
}
