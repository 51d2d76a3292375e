// Where the coupon pages of the consumer subpackage (root `member`) live, named once.

export const COUPON_CENTER_URL = '/member/center/index';
export const POINTS_MALL_URL = '/member/mall/index';

export function couponDetailUrl(couponId: string): string {
  return `/member/coupon/index?id=${encodeURIComponent(couponId)}`;
}
