import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs } from '../support/cloud';
import { CASHIER, OPERATOR, STORE, memberCode, register, requestId, sdkDb } from '../support/world';

// A brand with an operator of each role and a second store, for the audit log's tests.

export const OTHER_STORE = 'store-other';
export const MANAGER = 'openid-manager';
export const ANALYST = 'openid-analyst';
export const STORE_MANAGER = 'openid-store-manager';
export const OTHER_STORE_MANAGER = 'openid-store-manager-other';

export async function seedOperators(): Promise<void> {
  const db = sdkDb();
  await db.collection('operators').doc(OPERATOR).update({ data: { name: '李明' } });
  await db.collection('stores').doc(OTHER_STORE).set({ data: { name: '另一家店', address: '别处', active: true } });
  const people: [string, object][] = [
    [MANAGER, { name: '张伟', role: 'manager' }],
    [ANALYST, { name: '陈静', role: 'analyst' }],
    [STORE_MANAGER, { name: '赵磊', role: 'store_manager', storeIds: [STORE] }],
    [OTHER_STORE_MANAGER, { name: '孙丽', role: 'store_manager', storeIds: [OTHER_STORE] }],
  ];
  for (const [openid, fields] of people) await db.collection('operators').doc(openid).set({ data: { active: true, ...fields } });
}

export async function ok(promise: Promise<any>): Promise<any> {
  const answer = await promise;
  if (!answer.ok) throw new Error(JSON.stringify(answer));
  return answer.data;
}

export function admin(cloud: LocalCloud, openid: string, action: string, data: unknown = {}, id: string | undefined = requestId()) {
  return callAs(cloud, openid, 'admin', action, data, id);
}

/** A member with a purchase at STORE; answers its number and the purchase id. */
export async function shopper(cloud: LocalCloud, openid: string, amountFen = 5000) {
  const { memberId, memberNo } = await register(cloud, openid);
  const purchase = await ok(callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await memberCode(cloud, openid), amountFen, walletFen: 0 }, requestId()));
  return { memberId, memberNo, purchaseId: purchase.purchaseId as string };
}

export function auditDocs(cloud: LocalCloud): any[] {
  return cloud.db.dump('audit_log');
}
