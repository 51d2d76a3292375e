import type { ConsoleIdentity } from '../contract';
import { OPERATORS, type OperatorDoc } from '../access/roles';
import { OPERATOR_ROLE_LABELS } from '../access/operator-roles';
import { loadBrandSettings } from '../brand/settings';
import { getDocById } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { STORES, type StoreDoc } from '../stores/collections';

export async function consoleWhoami(ctx: HandlerContext): Promise<ConsoleIdentity> {
  const { role, storeIds } = ctx.roles.operator!;
  const [operator, brand, stores] = await Promise.all([
    getDocById<OperatorDoc>(ctx.db, OPERATORS, ctx.openid),
    loadBrandSettings(ctx.db),
    Promise.all(storeIds.map((id) => getDocById<StoreDoc>(ctx.db, STORES, id))),
  ]);
  return {
    openid: ctx.openid,
    name: operator?.name ?? '',
    role,
    roleLabel: OPERATOR_ROLE_LABELS[role],
    stores: stores.flatMap((store) => (store ? [{ storeId: store._id, name: store.name }] : [])),
    brandName: brand.name,
  };
}
