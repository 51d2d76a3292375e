import type { StaffIdentity } from '../contract';
import { STAFF } from '../access/roles';
import { idempotent } from '../ledger/idempotency';
import { BusinessError } from '../platform/business-error';
import { type Tx, txGet } from '../platform/documents';
import { appendAudit } from '../audit/log';
import type { HandlerContext } from '../router/context';
import { isUsable } from './binding-code';
import { STAFF_BINDING_CODES, STORES, type BindingCodeDoc, type StaffRecord, type StoreDoc } from './collections';

/**
 * Makes the caller staff of the store a binding code names, and spends the code.
 *
 * Race: two people submit one code at once. Both transactions read it unused; both write
 * `staff_binding_codes/<code>`. The database lets the first commit and fails the other with a
 * conflict; its retry reads the code as used and answers BINDING_CODE_INVALID. One staff results.
 * (Someone re-submitting a code they already used gets their binding back, not an error.)
 */
export async function bindStaff(ctx: HandlerContext, input: { code: string }): Promise<StaffIdentity> {
  if (!ctx.requestId) throw new Error('bindStaff is mutating and reached its handler without a request id');
  return idempotent(ctx, { scope: `member:${ctx.openid}:bindStaff`, requestId: ctx.requestId, input }, async (tx) => {
    const code = await txGet<BindingCodeDoc>(tx, STAFF_BINDING_CODES, input.code);
    if (code?.usedBy === ctx.openid) return alreadyBound(tx, ctx.openid, code);
    if (!isUsable(code, ctx.now)) throw new BusinessError('BINDING_CODE_INVALID', undefined, 'code');
    const store = await txGet<StoreDoc>(tx, STORES, code.storeId);
    if (!store || !store.active) throw new BusinessError('STORE_NOT_FOUND');

    const staff: Omit<StaffRecord, '_id'> = { storeId: store._id, name: code.staffName, active: true, boundAt: ctx.now, bindingCode: input.code };
    // `set` replaces any earlier record: binding again moves a person to the new store.
    await tx.collection(STAFF).doc(ctx.openid).set({ data: staff });
    await tx.collection(STAFF_BINDING_CODES).doc(input.code).update({ data: { usedBy: ctx.openid, usedAt: ctx.now } });
    await appendAudit(tx, ctx, { target: { kind: 'staff', id: ctx.openid, label: code.staffName }, after: { storeId: store._id, name: code.staffName, active: true }, storeId: store._id });
    return { storeId: store._id, storeName: store.name, staffName: code.staffName };
  });
}

async function alreadyBound(tx: Tx, openid: string, code: BindingCodeDoc): Promise<StaffIdentity> {
  const staff = await txGet<StaffRecord>(tx, STAFF, openid);
  const store = await txGet<StoreDoc>(tx, STORES, code.storeId);
  // The binding this code made may since have been replaced or deactivated: then the code is spent.
  if (!staff?.active || staff.bindingCode !== code._id || !store) throw new BusinessError('BINDING_CODE_INVALID', undefined, 'code');
  return { storeId: store._id, storeName: store.name, staffName: staff.name ?? code.staffName };
}
