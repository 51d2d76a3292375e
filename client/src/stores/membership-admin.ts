import type { MembershipView, PlanInput, PlanRefundQuote, PlanRefundResult, PlanView, SubscribeTemplateKey } from '@contract';
import { create } from 'zustand';
import { callFunction, createRequestIdSlots, messageOf } from '../api';
import type { LoadStatus } from './member';
import { createResource } from './resource';
import { forgetOnSignOut } from './session';

// The operator console's paid membership: the plans (付费会员卡), a member's plan orders with
// their refund quotes (会员详情), and the subscribe-message counts (消息发送). After every change
// the screen shows the server's answer, not a guess.

export const usePaidPlansAdmin = createResource((silent) => callFunction('admin', 'paidPlansAdmin', {}, { silent }));

/** Replaces one plan in the list with the server's answer (a save, a pause). */
function remember(view: PlanView): void {
  const current = usePaidPlansAdmin.getState().data;
  if (!current) return;
  const known = current.plans.some((p) => p.planId === view.planId);
  usePaidPlansAdmin.setState({ data: { plans: known ? current.plans.map((p) => (p.planId === view.planId ? view : p)) : [...current.plans, view] } });
}

// One request id per (action, plan): 保存 tapped again after a lost answer is the same save.
const slots = createRequestIdSlots();

export async function savePaidPlan(planId: string | null, plan: PlanInput): Promise<PlanView> {
  const view = await slots(`save:${planId ?? 'new'}`).run((requestId) => callFunction('admin', 'savePaidPlan', { ...(planId ? { planId } : {}), plan }, { requestId, silent: true }));
  remember(view);
  return view;
}

export async function setPaidPlanStatus(planId: string, status: PlanView['status']): Promise<PlanView> {
  const view = await slots(`status:${planId}:${status}`).run((requestId) => callFunction('admin', 'setPaidPlanStatus', { planId, status }, { requestId }));
  remember(view);
  return view;
}

// ---- A member's plan orders (会员详情 › 付费会员) ----------------------------------------------

export interface MemberPlanOrdersState {
  memberNo: string | null;
  membership: MembershipView | null;
  quotes: PlanRefundQuote[] | null;
  status: LoadStatus;
  error: string | null;
  load: (memberNo: string) => Promise<void>;
  reset: () => void;
}

export const useMemberPlanOrders = create<MemberPlanOrdersState>()((set, get) => {
  let generation = 0;
  return {
    memberNo: null,
    membership: null,
    quotes: null,
    status: 'idle',
    error: null,
    load: async (memberNo) => {
      const mine = ++generation;
      const same = get().memberNo === memberNo && get().quotes !== null;
      set(same ? { error: null } : { memberNo, membership: null, quotes: null, status: 'loading', error: null });
      try {
        const result = await callFunction('admin', 'memberPlanOrders', { memberNo }, { silent: !same });
        if (mine === generation) set({ membership: result.membership, quotes: result.quotes, status: 'ready' });
      } catch (error) {
        if (mine === generation && !get().quotes) set({ status: 'error', error: messageOf(error) });
      }
    },
    reset: () => {
      generation++;
      set({ memberNo: null, membership: null, quotes: null, status: 'idle', error: null });
    },
  };
});

const refundSlots = createRequestIdSlots();

/** The operator's pro rata refund at the quoted amount; the block reloads with the server's figures. */
export async function refundPlanByOperator(memberNo: string, outTradeNo: string, reason: string, expectedRefundFen: number): Promise<PlanRefundResult> {
  try {
    return await refundSlots(`${outTradeNo}:${expectedRefundFen}`).run((requestId) =>
      callFunction('admin', 'refundPlanByOperator', { memberNo, outTradeNo, reason, expectedRefundFen }, { requestId, silent: true }),
    );
  } finally {
    // Refunded, or refused because the figures moved (PRICE_CHANGED, PLAN_REFUND_ZERO): either way show them anew.
    await useMemberPlanOrders.getState().load(memberNo);
  }
}

// ---- 消息发送 ----------------------------------------------------------------------------------

export interface MessageStatsRow {
  template: SubscribeTemplateKey;
  sent: number;
  skippedNoQuota: number;
  consents: number;
}

export interface MessageStatsState {
  from: string | null;
  to: string | null;
  rows: MessageStatsRow[] | null;
  status: LoadStatus;
  error: string | null;
  load: (from: string, to: string) => Promise<void>;
  reset: () => void;
}

export const useMessageStats = create<MessageStatsState>()((set, get) => {
  let generation = 0;
  return {
    from: null,
    to: null,
    rows: null,
    status: 'idle',
    error: null,
    load: async (from, to) => {
      const mine = ++generation;
      const same = get().from === from && get().to === to && get().rows !== null;
      set(same ? { error: null } : { from, to, rows: null, status: 'loading', error: null });
      try {
        const result = await callFunction('admin', 'subscribeMessageStats', { from, to }, { silent: !same });
        if (mine === generation) set({ rows: result.rows, status: 'ready' });
      } catch (error) {
        if (mine === generation && !get().rows) set({ status: 'error', error: messageOf(error) });
      }
    },
    reset: () => {
      generation++;
      set({ from: null, to: null, rows: null, status: 'idle', error: null });
    },
  };
});

forgetOnSignOut(() => {
  useMemberPlanOrders.getState().reset();
  useMessageStats.getState().reset();
});
