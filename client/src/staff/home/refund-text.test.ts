import type { PurchaseView, RefundPurchaseResult } from '@contract';
import { refundAsk, refundOutcome } from './refund-text';

function purchase(more: Partial<PurchaseView> = {}): PurchaseView {
  return {
    purchaseId: 'purchase-1',
    memberNo: '1234567890',
    amountFen: 5800,
    discountFen: 0,
    paidFen: 5800,
    pointsSpent: 0,
    coupons: [],
    walletPaidFen: 0,
    pointsEarned: 58,
    growthEarned: 58,
    status: 'completed',
    createdAt: '2026-11-23T06:00:00.000Z',
    ...more,
  };
}

function result(more: Partial<RefundPurchaseResult> = {}): RefundPurchaseResult {
  return {
    purchaseId: 'purchase-1',
    pointsReversed: 58,
    pointsOwed: 0,
    growthReversed: 58,
    walletReturnedFen: 0,
    cashRefundedFen: 0,
    bonusWithdrawnFen: 0,
    pointsReturned: 0,
    couponsReturned: [],
    ...more,
  };
}

// ¥100.00 list, 9.5折 (¥5.00), 满50减10 (¥10.00), 1,200 points (¥12.00), wallet ¥30.00, ¥43.00 at the till.
const full = purchase({
  amountFen: 10000,
  discountFen: 2700,
  paidFen: 7300,
  pointsSpent: 1200,
  coupons: [{ couponId: 'coupon-a', name: '满50减10', rule: '满50减10', discountFen: 1000 }],
  walletPaidFen: 3000,
  pointsEarned: 43,
});

describe('before a refund', () => {
  it('a plain purchase: the points earned come back out, the till amount is refunded by the store', () => {
    expect(refundAsk(purchase())).toEqual({
      title: '退款 ¥58.00',
      content: '将扣回本单 58 积分。门店另收的 ¥58.00（现金或其他支付）请按门店流程退还。',
    });
  });

  it('a full checkout: points spent, the coupon and the stored value go back', () => {
    expect(refundAsk(full)).toEqual({
      title: '退款 ¥100.00',
      content: '将扣回本单 43 积分，退回抵现的 1,200 积分、优惠券「满50减10」、储值 ¥30.00。门店另收的 ¥43.00（现金或其他支付）请按门店流程退还。',
    });
  });

  it('paid wholly from the wallet: nothing to refund at the till', () => {
    expect(refundAsk(purchase({ walletPaidFen: 5800 })).content).toBe('将扣回本单 58 积分，退回储值 ¥58.00。');
  });
});

describe('after a refund', () => {
  it('a plain purchase', () => {
    expect(refundOutcome(result(), purchase())).toEqual({ title: '已退款', content: '扣回 58 积分。' });
  });

  it('says which coupon is back and which has expired meanwhile', () => {
    const twoCoupons = purchase({
      coupons: [
        { couponId: 'coupon-a', name: '满50减10', rule: '满50减10', discountFen: 1000 },
        { couponId: 'coupon-b', name: '8折券', rule: '8折 最多减30', discountFen: 1800 },
      ],
    });
    const answer = result({
      pointsReversed: 43,
      pointsOwed: 20,
      pointsReturned: 1200,
      couponsReturned: [
        { couponId: 'coupon-a', status: 'available' },
        { couponId: 'coupon-b', status: 'expired' },
      ],
      walletReturnedFen: 3000,
    });
    expect(refundOutcome(answer, twoCoupons).content).toBe(
      '扣回 43 积分；会员已用掉其中 20 积分，记为待抵扣；退回抵现的 1,200 积分；优惠券「满50减10」已退回会员券包；优惠券「8折券」已过有效期，退回后为已过期；已退回储值 ¥30.00。',
    );
  });

  it('counts coupons the purchase view does not name', () => {
    expect(refundOutcome(result({ couponsReturned: [{ couponId: 'x', status: 'available' }] }), purchase()).content).toBe('扣回 58 积分；优惠券 1 张已退回会员券包。');
  });

  it('names the part that goes back to WeChat Pay', () => {
    expect(refundOutcome(result({ walletReturnedFen: 1000, cashRefundedFen: 2000 }), purchase()).content).toBe('扣回 58 积分；已退回储值 ¥10.00；¥20.00 原路退回会员微信。');
  });
});
