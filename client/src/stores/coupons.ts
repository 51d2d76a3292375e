import type { CouponView } from '@contract';
import { callFunction } from '../api';
import { createPagedList } from './paged-list';

/** The tabs of 券包, one per status of a held coupon. */
export type CouponStatus = CouponView['status'];

export const COUPON_TABS: { value: CouponStatus; label: string }[] = [
  { value: 'available', label: '可使用' },
  { value: 'used', label: '已使用' },
  { value: 'expired', label: '已过期' },
];

/** 券包: the member's coupons of the chosen status, newest first, a page (20) at a time. */
export const useMyCoupons = createPagedList<CouponView, CouponStatus>('available', async (status, cursor, silent) => {
  const page = await callFunction('member', 'myCoupons', { status, ...(cursor ? { cursor } : {}) }, { silent });
  return { items: page.coupons, nextCursor: page.nextCursor };
});
