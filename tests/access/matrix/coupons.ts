import { MANAGERS, type MatrixRows, READERS } from './types';

// Coupon templates (issue 9) are brand-wide: managers and owners change them, readers list them.

const template = {
  name: '权限测试券',
  benefit: { kind: 'no_threshold', amountFen: 500 },
  validity: { type: 'days_after_claim', days: 7, startNextDay: false },
  storeIds: null,
  minTierCode: null,
  stackable: false,
  stock: 10,
  perMemberLimit: 1,
  perMemberPerDayLimit: null,
};

export const adminRows: MatrixRows = {
  createCouponTemplate: { allowed: MANAGERS, input: () => template },
  updateCouponTemplate: { allowed: MANAGERS, input: () => ({ templateId: 'ct-matrix-none', template }) },
  pauseCouponTemplate: { allowed: MANAGERS, input: () => ({ templateId: 'ct-matrix-none' }) },
  resumeCouponTemplate: { allowed: MANAGERS, input: () => ({ templateId: 'ct-matrix-none' }) },
  raiseCouponStock: { allowed: MANAGERS, input: () => ({ templateId: 'ct-matrix-none', add: 5 }) },
  listCouponTemplates: { allowed: READERS },
};
