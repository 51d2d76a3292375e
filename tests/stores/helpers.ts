import { randomUUID } from 'crypto';
import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, snapshotAll } from '../support/cloud';

export const OPERATOR = 'openid-operator';

export const rid = () => `req_${randomUUID().replace(/-/g, '')}`;

/** The SDK as a test's own code sees it (the functions initialise their copy on first call). */
export function sdkDb() {
  const cloud = require('wx-server-sdk');
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  return cloud.database();
}

export async function makeOperator(openid = OPERATOR): Promise<void> {
  await sdkDb().collection('operators').doc(openid).set({ data: { name: '运营', role: 'owner', active: true } });
}

/** Calls the admin function; `requestId` defaults to a fresh one (omitted → fresh, so pass one to replay). */
export function admin(cloud: LocalCloud, action: string, data: unknown = {}, requestId: string | undefined = rid(), openid = OPERATOR) {
  return callAs(cloud, openid, 'admin', action, data, requestId);
}

/**
 * Runs a call that must fail and proves it changed nothing. A business failure of a mutating
 * action is recorded under its request id (so a retry answers the same), hence `ignore`.
 */
export async function rejectedWithoutChange(cloud: LocalCloud, run: () => Promise<any>, ignore: string[] = []) {
  const snapshot = () => Object.fromEntries(Object.entries(snapshotAll(cloud)).filter(([name]) => !ignore.includes(name)));
  const before = snapshot();
  const result = await run();
  expect(result.ok).toBe(false);
  expect(result.message).toMatch(/[\u4e00-\u9fa5]/);
  expect(snapshot()).toEqual(before);
  return result;
}

export async function newStore(cloud: LocalCloud, name = '国贸店', address = '北京市朝阳区建国门外大街1号'): Promise<string> {
  const result = await admin(cloud, 'createStore', { name, address });
  if (!result.ok) throw new Error(`createStore failed: ${JSON.stringify(result)}`);
  return result.data.storeId;
}

export async function newBindingCode(cloud: LocalCloud, storeId: string, staffName = '王芳'): Promise<string> {
  const result = await admin(cloud, 'createStaffBindingCode', { storeId, staffName });
  if (!result.ok) throw new Error(`createStaffBindingCode failed: ${JSON.stringify(result)}`);
  return result.data.code;
}
