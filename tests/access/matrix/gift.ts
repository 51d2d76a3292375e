import { type MatrixRows, STAFF_ONLY } from './types';

// Gift-item coupons at the counter (issue 9): any active cashier; the handlers then judge the
// token (a made-up one is GIFT_CODE_INVALID) and, for an undo, that the caller redeemed it.

const token = 'G1.c-matrix-none.abc.AAAAAAAAAAAAAAAAAAAAAA';

export const staffRows: MatrixRows = {
  previewGiftCoupon: { allowed: STAFF_ONLY, input: () => ({ token }) },
  redeemGiftCoupon: { allowed: STAFF_ONLY, input: () => ({ token }) },
  undoGiftRedemption: { allowed: STAFF_ONLY, input: () => ({ redemptionId: 'r-matrix-none' }) },
};
