import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, snapshotAll } from '../support/cloud';
import { OPERATOR, STORE, requestId, sdkDb } from '../support/world';

export { OPERATOR, STORE };
export const OTHER_STORE = 'store-other';

/** Calls the admin function as `openid` (the seeded owner by default) with a fresh request id. */
export function admin(cloud: LocalCloud, action: string, data: unknown = {}, openid = OPERATOR, rid = requestId()) {
  return callAs(cloud, openid, 'admin', action, data, rid);
}

export function bind(cloud: LocalCloud, openid: string, code: unknown, rid = requestId()) {
  return callAs(cloud, openid, 'member', 'bindOperator', { code }, rid);
}

/** A second store; and the seeded one gets the creation time listStores shows. */
export async function addStore(id = OTHER_STORE, name = '另一家店'): Promise<void> {
  const db = sdkDb();
  await db.collection('stores').doc(STORE).update({ data: { createdAt: new Date('2024-01-01T00:00:00Z') } });
  await db.collection('stores').doc(id).set({ data: { name, address: '别处', active: true, createdAt: new Date('2024-02-01T00:00:00Z') } });
}

export async function addOperator(openid: string, fields: Record<string, unknown>): Promise<void> {
  await sdkDb().collection('operators').doc(openid).set({ data: { name: openid, active: true, ...fields } });
}

/** Invites and binds: `openid` becomes an operator with `role` (and stores). */
export async function inviteAndBind(cloud: LocalCloud, openid: string, role: string, storeIds?: string[], name = '新同事', by = OPERATOR): Promise<string> {
  const invite = await admin(cloud, 'createOperatorInvite', { name, role, ...(storeIds ? { storeIds } : {}) }, by);
  if (!invite.ok) throw new Error(`createOperatorInvite failed: ${JSON.stringify(invite)}`);
  const bound = await bind(cloud, openid, invite.data.code);
  if (!bound.ok) throw new Error(`bindOperator failed: ${JSON.stringify(bound)}`);
  return invite.data.code;
}

export function operator(cloud: LocalCloud, openid: string): any {
  return cloud.db.dump('operators').find((o: { _id: string }) => o._id === openid);
}

export function auditOf(cloud: LocalCloud, action: string): any[] {
  return cloud.db.dump('audit_log').filter((e: { action: string }) => e.action === action);
}

export function ownerCounter(cloud: LocalCloud): number | undefined {
  return cloud.db.dump('operator_stats').find((d: { _id: string }) => d._id === 'owners')?.activeOwners;
}

export function activeOwners(cloud: LocalCloud): string[] {
  return cloud.db
    .dump('operators')
    .filter((o: { role: string; active: boolean }) => o.role === 'owner' && o.active)
    .map((o: { _id: string }) => o._id)
    .sort();
}

/**
 * Runs a call that must be refused and proves it changed nothing at all (`ignore`: collections a
 * refusal may touch by design, e.g. the rate limiter's counts).
 */
export async function refusedWithoutChange(cloud: LocalCloud, run: () => Promise<any>, ignore: string[] = []) {
  const snapshot = () => Object.fromEntries(Object.entries(snapshotAll(cloud)).filter(([name]) => !ignore.includes(name)));
  const before = snapshot();
  const result = await run();
  expect(result.ok).toBe(false);
  expect(result.message).toMatch(/[\u4e00-\u9fa5]/);
  expect(snapshot()).toEqual(before);
  return result;
}
