import { MANAGERS, type MatrixRows, READERS } from './types';

// Paid membership (issue 12): plans are brand-wide (managers edit, readers see); a member's plan
// orders and their refund are a manager's. Unknown targets suffice: the role check comes first.

export const adminRows: MatrixRows = {
  paidPlansAdmin: { allowed: READERS },
  savePaidPlan: {
    allowed: MANAGERS,
    input: () => ({
      planId: 'plan-matrix-none',
      plan: { name: '月卡', kind: 'monthly', priceFen: 1990, trialPriceFen: null, openingGift: { points: 0, couponTemplateIds: [] }, monthlyCouponTemplateIds: [], pointsMultiplierPercent: 100, memberPricePercent: 100, monthlyPackValueFen: 0 },
    }),
  },
  setPaidPlanStatus: { allowed: MANAGERS, input: () => ({ planId: 'plan-matrix-none', status: 'paused' }) },
  memberPlanOrders: { allowed: MANAGERS, input: (world) => ({ memberNo: world.memberNo }) },
  refundPlanByOperator: { allowed: MANAGERS, input: (world) => ({ memberNo: world.memberNo, outTradeNo: 'Pmatrixnone', reason: '权限测试', expectedRefundFen: 0 }) },
};
