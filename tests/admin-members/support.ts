import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs } from '../support/cloud';
import { sdkDb } from '../support/world';

export const ANALYST = 'openid-analyst';
export const MANAGER = 'openid-manager';
export const STORE_MANAGER = 'openid-store-manager';

export async function seedOperators(): Promise<void> {
  const db = sdkDb();
  await db.collection('operators').doc(ANALYST).set({ data: { name: '陈静', role: 'analyst', active: true } });
  await db.collection('operators').doc(MANAGER).set({ data: { name: '张伟', role: 'manager', active: true } });
  await db.collection('operators').doc(STORE_MANAGER).set({ data: { name: '赵磊', role: 'store_manager', storeIds: ['store-test'], active: true } });
}

export async function ok(answer: Promise<any>): Promise<any> {
  const settled = await answer;
  if (!settled.ok) throw new Error(JSON.stringify(settled));
  return settled.data;
}

export function auditReads(cloud: LocalCloud): any[] {
  return cloud.db.dump('audit_log').filter((e: { read: boolean }) => e.read);
}

export { callAs };
