import { ANY_OPERATOR, MANAGERS, type MatrixRows, STAFF_ONLY, STORE_KEEPERS } from './types';

// The actions that were there before the console: stores and staff, points, tiers, refunds, the cashier's.

export const adminRows: MatrixRows = {
  whoami: { allowed: ANY_OPERATOR },
  createStore: { allowed: MANAGERS },
  listStores: { allowed: ANY_OPERATOR },
  createStaffBindingCode: { allowed: STORE_KEEPERS, input: (w) => ({ storeId: w.store, staffName: '新店员' }) },
  listStaff: { allowed: STORE_KEEPERS, input: (w) => ({ storeId: w.store }) },
  deactivateStaff: { allowed: STORE_KEEPERS, input: (w) => ({ openid: w.staffOpenid }) },
  adjustPoints: { allowed: MANAGERS, input: (w) => ({ memberNo: w.memberNo, amount: 10, reason: '权限测试' }) },
  setTierOverride: { allowed: MANAGERS },
  refundPurchase: { allowed: STORE_KEEPERS, input: (w) => ({ purchaseId: w.purchaseId, reason: '权限测试' }) },
};

export const staffRows: MatrixRows = {
  whoami: { allowed: STAFF_ONLY },
  lookupMember: { allowed: STAFF_ONLY },
  priceCheckout: { allowed: STAFF_ONLY },
  recordPurchase: { allowed: STAFF_ONLY },
  refundPurchase: { allowed: STAFF_ONLY },
  myPurchases: { allowed: STAFF_ONLY },
};
