// Operator actions. Every call is refused unless the caller holds an operator role, and each
// action admits only the roles its contract entry names (the router checks both).
import { adminActions } from '../core/contract';
import { requireOperator } from '../core/access/roles';
import { createMain } from '../core/router/main';
import { storesAdminHandlers } from '../core/stores';
import { createRouter } from '../core/router/router';
import { referralAdminHandlers } from '../core/referral/handlers';
import { subscribeMessageStats } from '../core/notify/quota';
import { membershipAdminHandlers } from '../core/membership/handlers';
import { adjustPoints } from '../core/points/adjust';
import { setTierOverride } from '../core/tiers/service';
import { refundPurchaseAsOperator } from '../core/purchases/refund';
import { consoleWhoami } from '../core/console/whoami';
import { operatorsAdminHandlers } from '../core/operators/handlers';
import { rulesAdminHandlers } from '../core/rules/handlers';
import { adminMembersAdminHandlers } from '../core/admin-members/handlers';
import { auditAdminHandlers } from '../core/audit/handlers';
import { couponsAdminHandlers } from '../core/coupons/handlers';
import { profileAdminHandlers } from '../core/profile/handlers';

export const router = createRouter(adminActions, {
  whoami: consoleWhoami,
  ...operatorsAdminHandlers,
  ...rulesAdminHandlers,
  ...adminMembersAdminHandlers,
  ...auditAdminHandlers,
  ...couponsAdminHandlers,
  ...profileAdminHandlers,
  ...storesAdminHandlers,
  ...referralAdminHandlers,
  adjustPoints,
  setTierOverride,
  refundPurchase: refundPurchaseAsOperator,
  subscribeMessageStats,
  ...membershipAdminHandlers,
});

export const main = createMain('admin', router, requireOperator);
