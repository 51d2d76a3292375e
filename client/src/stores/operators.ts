import type { BoundOperator, OperatorChangeResult, OperatorInviteResult, OperatorRole } from '@contract';
import { create } from 'zustand';
import { callFunction, createRequestIdSlot, createRequestIdSlots } from '../api';
import { createResource } from './resource';
import { forgetOnSignOut } from './session';

// The owner's operators page (admin subpackage), and the invitee's binding page.

/** The roles as the console names them, in the order the role picker offers them. */
export const ROLE_CHOICES: { role: OperatorRole; label: string; hint: string }[] = [
  { role: 'owner', label: '品牌主', hint: '全部权限，包括管理运营人员' },
  { role: 'manager', label: '运营经理', hint: '会员、规则、门店与退款' },
  { role: 'analyst', label: '数据分析', hint: '只读，个人信息脱敏' },
  { role: 'store_manager', label: '店长', hint: '只管自己门店的店员与报表' },
];

export const useOperators = createResource((silent) => callFunction('admin', 'listOperators', {}, { silent }));

/** Invites sent that nobody has bound yet. */
export const usePendingInvites = createResource((silent) => callFunction('admin', 'listOperatorInvites', {}, { silent }));

const revokeSlot = createRequestIdSlots();

/** Withdraws an invite; the list reloads with the server's answer. */
export async function revokeInvite(inviteId: string): Promise<void> {
  await revokeSlot(inviteId).run((requestId) => callFunction('admin', 'revokeOperatorInvite', { inviteId }, { requestId, silent: true }));
  await usePendingInvites.getState().load();
}

/** The stores a store manager can be given (admin listStores). */
export const useInviteStores = createResource((silent) => callFunction('admin', 'listStores', {}, { silent }));

export interface InviteState {
  /** The latest invite, its code shown big until the owner closes it. */
  latest: OperatorInviteResult | null;
  create: (name: string, role: OperatorRole, storeIds: string[]) => Promise<OperatorInviteResult>;
  dismiss: () => void;
}

const inviteSlot = createRequestIdSlot();

export const useOperatorInvite = create<InviteState>()((set) => ({
  latest: null,
  create: async (name, role, storeIds) => {
    const invite = await inviteSlot.run((requestId) =>
      callFunction('admin', 'createOperatorInvite', { name, role, ...(role === 'store_manager' ? { storeIds } : {}) }, { requestId, silent: true }),
    );
    set({ latest: invite });
    void usePendingInvites.getState().load();
    return invite;
  },
  dismiss: () => set({ latest: null }),
}));

forgetOnSignOut(() => useOperatorInvite.setState({ latest: null }));

const changeSlot = createRequestIdSlots();
const disableSlot = createRequestIdSlots();

/** Changes an operator's role; the list reloads with the server's answer. */
export async function changeOperatorRole(openid: string, role: OperatorRole, storeIds: string[]): Promise<OperatorChangeResult> {
  const result = await changeSlot(`${openid}:${role}:${storeIds.join(',')}`).run((requestId) =>
    callFunction('admin', 'changeOperatorRole', { openid, role, ...(role === 'store_manager' ? { storeIds } : {}) }, { requestId, silent: true }),
  );
  await useOperators.getState().load();
  return result;
}

export async function disableOperator(openid: string): Promise<OperatorChangeResult> {
  const result = await disableSlot(openid).run((requestId) => callFunction('admin', 'disableOperator', { openid }, { requestId, silent: true }));
  await useOperators.getState().load();
  return result;
}

const bindSlot = createRequestIdSlot();

/** The invitee binds their code and becomes an operator. */
export function bindOperator(code: string): Promise<BoundOperator> {
  return bindSlot.run((requestId) => callFunction('member', 'bindOperator', { code }, { requestId, silent: true }));
}
