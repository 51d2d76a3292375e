import type { OperatorRole } from '../access/operator-roles';

// The operator rules, apart from the database (tested by tables in tests/operators/rules.test.ts).

/**
 * Why a role and a list of stores do not go together, in Chinese, or null when they do: a store
 * manager looks after at least one store; the other roles see every store and name none.
 */
export function storeAssignmentError(role: OperatorRole, storeIds: readonly string[] | undefined): string | null {
  const stores = storeIds ?? [];
  if (role === 'store_manager') {
    if (stores.length === 0) return '店长需要至少选择一家门店';
    if (new Set(stores).size !== stores.length) return '门店不能重复选择';
    return null;
  }
  return stores.length === 0 ? null : '只有店长需要选择门店';
}

export interface OwnerState {
  role: OperatorRole;
  active: boolean;
}

export function isActiveOwner(state: OwnerState | null | undefined): boolean {
  return !!state && state.active && state.role === 'owner';
}

/** How a change moves the number of active owners: -1, 0 or +1. */
export function ownerDelta(before: OwnerState | null | undefined, after: OwnerState | null | undefined): number {
  return Number(isActiveOwner(after)) - Number(isActiveOwner(before));
}

/** A change may go unless it leaves no active owner. */
export function leavesAnOwner(activeOwners: number, delta: number): boolean {
  return delta >= 0 || activeOwners + delta >= 1;
}

/** An invite binds once, before it expires. */
export function inviteUsable(invite: { usedBy: string | null; expiresAt: Date | string; revokedAt?: Date | string | null } | null, now: Date): boolean {
  return invite !== null && invite.usedBy === null && !invite.revokedAt && new Date(invite.expiresAt).getTime() > now.getTime();
}

/** The same stores, whatever their order. */
export function sameStores(a: readonly string[] | undefined, b: readonly string[] | undefined): boolean {
  const x = [...(a ?? [])].sort();
  const y = [...(b ?? [])].sort();
  return x.length === y.length && x.every((id, i) => id === y[i]);
}
