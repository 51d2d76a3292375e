import type { CheckoutQuote } from '@contract';

/**
 * A quote as the server answers it, for the checkout's tests: ¥100.00 at 9.5折 (¥5.00 off), a
 * 满50减10 coupon (¥10.00), no points, no wallet: ¥85.00 to pay, 85 points to earn.
 */
export function quoteFixture(more: Partial<CheckoutQuote> = {}): CheckoutQuote {
  return {
    memberNo: '1234567890',
    listFen: 10000,
    lines: [
      { kind: 'list', label: '原价', amountFen: 10000 },
      { kind: 'member_price', label: '会员价（金卡会员 9.5折）', amountFen: 500 },
      { kind: 'coupon', label: '优惠券（满50减10）', amountFen: 1000, couponId: 'coupon-a' },
      { kind: 'remainder', label: '还需支付', amountFen: 8500 },
    ],
    coupons: [
      {
        couponId: 'coupon-a',
        name: '满50减10',
        kind: 'amount_off',
        rule: '满50减10',
        usable: true,
        reason: null,
        reasonText: null,
        discountAloneFen: 1000,
        selected: true,
        stackable: false,
        validUntil: '2026-12-31T15:59:59.999Z',
      },
    ],
    selectedCouponIds: ['coupon-a'],
    memberDiscountFen: 500,
    couponDiscountFen: 1000,
    points: { balance: 1200, offer: { maxPoints: 1200, maxFen: 1200, limitedBy: 'balance', stepPoints: 1, stepFen: 1 }, ruleText: '100 积分抵 ¥1，每单最多抵 50%', spent: 0, fen: 0 },
    wallet: { balanceFen: 3000, maxFen: 3000, fen: 0 },
    remainderFen: 8500,
    paidFen: 8500,
    earnBaseFen: 8500,
    pointsToEarn: 85,
    growthToEarn: 85,
    ...more,
  };
}
