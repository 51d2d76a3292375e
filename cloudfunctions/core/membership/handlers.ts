import { createPlanOrder, planOrderStatus } from './orders';
import { paidPlans, paidPlansAdmin, savePaidPlan, setPaidPlanStatus } from './plans';
import { memberPlanOrders, planRefundQuote, refundPlan, refundPlanByOperator } from './refund';

/** Paid membership's member actions (contract/membership.ts membershipMemberActions). */
export const membershipMemberHandlers = {
  paidPlans: paidPlans,
  createPlanOrder,
  planOrderStatus,
  planRefundQuote,
  refundPlan,
};

/** Paid membership's admin actions (subscribeMessageStats belongs to core/notify). */
export const membershipAdminHandlers = {
  paidPlansAdmin,
  savePaidPlan,
  setPaidPlanStatus,
  memberPlanOrders,
  refundPlanByOperator,
};
