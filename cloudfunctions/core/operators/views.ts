import { OPERATOR_ROLE_LABELS, type OperatorRole } from '../access/operator-roles';
import type { Tx } from '../platform/documents';
import { txGet } from '../platform/documents';
import { BusinessError } from '../platform/business-error';
import { STORES, type StoreDoc } from '../stores/collections';

export function roleLabel(role: OperatorRole): string {
  return OPERATOR_ROLE_LABELS[role];
}

/** The named stores, each existing and open, read in the transaction; STORE_NOT_FOUND otherwise. */
export async function openStores(tx: Tx, storeIds: readonly string[]): Promise<{ storeId: string; name: string }[]> {
  const stores = await Promise.all(storeIds.map((id) => txGet<StoreDoc>(tx, STORES, id)));
  return stores.map((store) => {
    if (!store || !store.active) throw new BusinessError('STORE_NOT_FOUND', undefined, 'storeIds');
    return { storeId: store._id, name: store.name };
  });
}
