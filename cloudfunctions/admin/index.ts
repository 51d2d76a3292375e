// Operator actions. Every call is refused unless the caller holds an operator role.
import { adminActions } from '../core/contract';
import { requireOperator } from '../core/access/roles';
import { createMain } from '../core/router/main';
import { storesAdminHandlers } from '../core/stores';
import { createRouter } from '../core/router/router';
import { adjustPoints } from '../core/points/adjust';
import { setTierOverride } from '../core/tiers/service';
import { refundPurchaseAsOperator } from '../core/purchases/refund';

export const router = createRouter(adminActions, {
  ...storesAdminHandlers,
  adjustPoints,
  setTierOverride,
  refundPurchase: refundPurchaseAsOperator,
});

export const main = createMain('admin', router, requireOperator);
