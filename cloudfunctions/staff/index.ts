// In-store actions. Every call is refused unless the caller is active staff of a store.
import { staffActions } from '../core/contract';
import { requireActiveStaff } from '../core/access/roles';
import { createMain } from '../core/router/main';
import { storesStaffHandlers } from '../core/stores';
import { createRouter } from '../core/router/router';
import { referralStaffHandlers } from '../core/referral/handlers';
import { lookupMember, myPurchases } from '../core/purchases/lookup';
import { recordPurchase } from '../core/purchases/record';
import { quoteCheckout } from '../core/checkout/quote';
import { refundPurchase } from '../core/purchases/refund';
import { couponsStaffHandlers } from '../core/coupons/handlers';
import { profileStaffHandlers } from '../core/profile/handlers';

export const router = createRouter(staffActions, {
  ...storesStaffHandlers,
  lookupMember,
  priceCheckout: quoteCheckout,
  recordPurchase,
  refundPurchase,
  myPurchases,
  ...couponsStaffHandlers,
  ...profileStaffHandlers,
  ...referralStaffHandlers,
});

export const main = createMain('staff', router, requireActiveStaff);
