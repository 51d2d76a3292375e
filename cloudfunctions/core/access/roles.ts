import type { HandlerContext, Roles } from '../router/context';
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
  roles: string[];
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
  if (!operator?.active || operator.roles.length === 0) throw new BusinessError('FORBIDDEN');
  return { operator: { roles: operator.roles } };
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
