import type { HandlerContext, Roles } from '../router/context';
import { type OperatorRole, isOperatorRole } from './operator-roles';
import { BusinessError } from '../platform/business-error';
import { type StoredDoc, getDocById } from '../platform/documents';
import { STORES, type StoreDoc } from '../stores/collections';

// Permission checks, one per function, run on the server for every call.

export const STAFF = 'staff';
export const OPERATORS = 'operators';

export interface StaffDoc extends StoredDoc {
  storeId: string;
  active: boolean;
}

export interface OperatorDoc extends StoredDoc {
  name: string;
  role: OperatorRole;
  /** A store manager's stores. */
  storeIds?: string[];
  active: boolean;
}

type BaseContext = Omit<HandlerContext, 'roles'>;

export async function anyMember(): Promise<Roles> {
  return {};
}

/** Active staff of an active store: closing a store stops its cashiers at once. */
export async function requireActiveStaff(ctx: BaseContext): Promise<Roles> {
  const staff = await getDocById<StaffDoc>(ctx.db, STAFF, ctx.openid);
  if (!staff?.active) throw new BusinessError('FORBIDDEN');
  const store = await getDocById<StoreDoc>(ctx.db, STORES, staff.storeId);
  if (!store?.active) throw new BusinessError('FORBIDDEN', '该门店已停用，请联系运营');
  return { staff: { storeId: staff.storeId } };
}

export async function requireOperator(ctx: BaseContext): Promise<Roles> {
  const operator = await getDocById<OperatorDoc>(ctx.db, OPERATORS, ctx.openid);
  if (!operator?.active || !isOperatorRole(operator.role)) throw new BusinessError('FORBIDDEN');
  return { operator: { role: operator.role, storeIds: operator.role === 'store_manager' ? (operator.storeIds ?? []) : [] } };
}

/** What the caller could do in the staff and admin functions, as those checks would decide it. */
export async function rolesOf(ctx: BaseContext): Promise<{ staff: boolean; operator: boolean }> {
  const holds = (check: (ctx: BaseContext) => Promise<Roles>) =>
    check(ctx).then(
      () => true,
      (error) => {
        if (error instanceof BusinessError && error.code === 'FORBIDDEN') return false;
        throw error;
      },
    );
  const [staff, operator] = await Promise.all([holds(requireActiveStaff), holds(requireOperator)]);
  return { staff, operator };
}

/** Timer invocations carry no user; a user who calls the cron function directly is refused. */
export async function requireTimer(ctx: BaseContext): Promise<Roles> {
  if (ctx.openid !== TIMER_CALLER) throw new BusinessError('FORBIDDEN');
  return {};
}

/** The identity the cron adapter gives a timer invocation, which has no OPENID of its own. */
export const TIMER_CALLER = '@timer';

/**
 * A store-level action on `storeId`: a store manager only within their own stores (FORBIDDEN
 * otherwise, the same answer as for a store that does not exist, so ids cannot be probed).
 */
export function requireStoreScope(ctx: HandlerContext, storeId: string): void {
  const operator = ctx.roles.operator;
  if (!operator) throw new BusinessError('FORBIDDEN');
  if (operator.role === 'store_manager' && !operator.storeIds.includes(storeId)) throw new BusinessError('FORBIDDEN');
}

/** The stores an operator's store-level reads cover: null for all of them. */
export function storeScope(ctx: HandlerContext): string[] | null {
  const operator = ctx.roles.operator;
  return operator?.role === 'store_manager' ? operator.storeIds : null;
}
