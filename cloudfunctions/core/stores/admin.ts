import type { DeactivateStaffResult, StaffBindingCodeResult, StaffView, StoreSummary, StoreView } from '../contract';
import { STAFF, requireStoreScope, storeScope } from '../access/roles';
import { appendAudit } from '../audit/log';
import { idempotent } from '../ledger/idempotency';
import { BusinessError } from '../platform/business-error';
import { type Tx, getDocById, txGet } from '../platform/documents';
import type { HandlerContext } from '../router/context';
import { bindingCodeExpiry, newBindingCode } from './binding-code';
import { STAFF_BINDING_CODES, STORES, type BindingCodeDoc, type StaffRecord, type StoreDoc } from './collections';
import { findAll, isoOrNull } from './listing';

// The operator console's store and staff actions. The admin function has already checked that
// the caller holds an operator role.

function requestOf(ctx: HandlerContext, action: string, input: unknown) {
  if (!ctx.requestId) throw new Error(`${action} is mutating and reached its handler without a request id`);
  return { scope: `admin:${ctx.openid}:${action}`, requestId: ctx.requestId, input };
}

export function storeView(store: StoreDoc): StoreView {
  return { storeId: store._id, name: store.name, address: store.address, active: store.active, createdAt: new Date(store.createdAt).toISOString() };
}

export async function createStore(ctx: HandlerContext, input: { name: string; address: string }): Promise<StoreView> {
  return idempotent(ctx, requestOf(ctx, 'createStore', input), async (tx, postingId) => {
    // Derived from the request id, so a retried transaction writes the same document.
    const store: StoreDoc = { _id: `store_${postingId.slice(0, 16)}`, name: input.name, address: input.address, active: true, createdAt: ctx.now, createdBy: ctx.openid };
    const { _id, ...fields } = store;
    await tx.collection(STORES).doc(_id).set({ data: fields });
    await appendAudit(tx, ctx, { target: { kind: 'store', id: _id, label: store.name }, after: { name: store.name, address: store.address, active: true }, storeId: _id });
    return storeView(store);
  });
}

export async function listStores(ctx: HandlerContext): Promise<{ stores: StoreSummary[] }> {
  const [stores, staff] = await Promise.all([
    findAll<StoreDoc>(ctx.db, STORES),
    findAll<StaffRecord>(ctx.db, STAFF, { active: true }),
  ]);
  const counts = new Map<string, number>();
  for (const person of staff) counts.set(person.storeId, (counts.get(person.storeId) ?? 0) + 1);
  const scope = storeScope(ctx);
  const summaries = stores.filter((store) => scope === null || scope.includes(store._id)).map((store) => ({ ...storeView(store), activeStaffCount: counts.get(store._id) ?? 0 }));
  return { stores: summaries.sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.storeId.localeCompare(b.storeId)) };
}

export async function createStaffBindingCode(ctx: HandlerContext, input: { storeId: string; staffName: string }): Promise<StaffBindingCodeResult> {
  requireStoreScope(ctx, input.storeId);
  return idempotent(ctx, requestOf(ctx, 'createStaffBindingCode', input), async (tx) => {
    const store = await txGet<StoreDoc>(tx, STORES, input.storeId);
    if (!store || !store.active) throw new BusinessError('STORE_NOT_FOUND', undefined, 'storeId');
    const code = await unusedCode(ctx, tx);
    const doc: Omit<BindingCodeDoc, '_id'> = {
      storeId: store._id,
      staffName: input.staffName,
      createdBy: ctx.openid,
      createdAt: ctx.now,
      expiresAt: bindingCodeExpiry(ctx.now),
      usedBy: null,
    };
    // `set` on a new id: a concurrent transaction that drew the same code conflicts on it.
    await tx.collection(STAFF_BINDING_CODES).doc(code).set({ data: doc });
    // The code itself is a credential and stays out of the log.
    await appendAudit(tx, ctx, { target: { kind: 'store', id: store._id, label: store.name }, after: { staffName: input.staffName, expiresAt: doc.expiresAt }, storeId: store._id });
    return { code, storeId: store._id, storeName: store.name, staffName: input.staffName, expiresAt: doc.expiresAt.toISOString() };
  });
}

async function unusedCode(ctx: HandlerContext, tx: Tx): Promise<string> {
  // 2^40 codes: a collision is rare, but an old code (used or expired) keeps its id forever.
  for (let attempt = 0; attempt < 8; attempt++) {
    const code = newBindingCode();
    if (!(await txGet(tx, STAFF_BINDING_CODES, code))) return code;
  }
  throw new Error(`no unused binding code after 8 draws (${ctx.requestId})`);
}

export async function listStaff(ctx: HandlerContext, input: { storeId?: string }): Promise<{ staff: StaffView[] }> {
  if (input.storeId) requireStoreScope(ctx, input.storeId);
  const scope = storeScope(ctx);
  const [allStaff, stores] = await Promise.all([
    findAll<StaffRecord>(ctx.db, STAFF, input.storeId ? { storeId: input.storeId } : {}),
    findAll<StoreDoc>(ctx.db, STORES),
  ]);
  const staff = allStaff.filter((person) => scope === null || scope.includes(person.storeId));
  const storeNames = new Map(stores.map((store) => [store._id, store.name]));
  const views = staff.map((person) => ({
    openid: person._id,
    name: person.name ?? '',
    storeId: person.storeId,
    storeName: storeNames.get(person.storeId) ?? '',
    active: person.active,
    boundAt: isoOrNull(person.boundAt),
  }));
  // Active first, then by store and name, as the console shows them.
  return {
    staff: views.sort((a, b) => Number(b.active) - Number(a.active) || a.storeName.localeCompare(b.storeName) || a.name.localeCompare(b.name) || a.openid.localeCompare(b.openid)),
  };
}

export async function deactivateStaff(ctx: HandlerContext, input: { openid: string }): Promise<DeactivateStaffResult> {
  // Out of a store manager's stores: refused before the request is recorded, so it leaves nothing behind.
  const current = await getDocById<StaffRecord>(ctx.db, STAFF, input.openid);
  if (current) requireStoreScope(ctx, current.storeId);
  return idempotent(ctx, requestOf(ctx, 'deactivateStaff', input), async (tx) => {
    const staff = await txGet<StaffRecord>(tx, STAFF, input.openid);
    if (!staff) throw new BusinessError('STAFF_NOT_FOUND', undefined, 'openid');
    requireStoreScope(ctx, staff.storeId);
    // Deactivating twice is not an error: the second call finds the state it asks for.
    if (staff.active) {
      await tx.collection(STAFF).doc(input.openid).update({ data: { active: false, deactivatedAt: ctx.now, deactivatedBy: ctx.openid } });
      await appendAudit(tx, ctx, { target: { kind: 'staff', id: input.openid, label: staff.name }, before: { active: true }, after: { active: false }, storeId: staff.storeId });
    }
    return { openid: input.openid, storeId: staff.storeId, active: false };
  });
}
