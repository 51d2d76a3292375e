import type { StaffIdentity } from '../contract';
import { STAFF } from '../access/roles';
import { BusinessError } from '../platform/business-error';
import { getDocById } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { STORES, type StaffRecord, type StoreDoc } from './collections';

/** The staff home page's header. The staff function has already checked the caller is active staff. */
export async function whoami(ctx: HandlerContext): Promise<StaffIdentity> {
  const storeId = ctx.roles.staff?.storeId;
  if (!storeId) throw new Error('whoami reached its handler without a staff role');
  const [staff, store] = await Promise.all([
    getDocById<StaffRecord>(ctx.db, STAFF, ctx.openid),
    getDocById<StoreDoc>(ctx.db, STORES, storeId),
  ]);
  if (!store) throw new BusinessError('STORE_NOT_FOUND');
  return { storeId, storeName: store.name, staffName: staff?.name ?? '' };
}
