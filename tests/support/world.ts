import { randomBytes } from 'crypto';
import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, startTestCloud } from './cloud';
import { STORED_VALUE_AGREEMENT_VERSION } from '../../cloudfunctions/core/privacy/documents';

// A small brand for ledger tests: known tiers, policy and packages, one store with two cashiers.

export const STORE = 'store-test';
export const CASHIER = 'openid-cashier';
export const CASHIER_2 = 'openid-cashier-2';
export const OPERATOR = 'openid-operator';

export const TEST_BRAND = {
  name: '测试咖啡',
  logoText: '测',
  primaryColor: '#2f5d50',
  timeZone: 'Asia/Shanghai',
  tiers: [
    { code: 'green', name: '绿卡', color: '#3d8b6d', threshold: 0, benefits: { pointsMultiplierPercent: 100 } },
    { code: 'gold', name: '金卡', color: '#c8a04a', threshold: 1000, benefits: { pointsMultiplierPercent: 150 } },
    { code: 'black', name: '黑金', color: '#222222', threshold: 5000, benefits: { pointsMultiplierPercent: 200 } },
  ],
  tierPolicy: { windowMonths: 12, downgradeNoticeDays: 30 },
  points: { pointsPerYuan: 1, growthPerYuan: 1, minOrderFen: 100, dailyCapPoints: 5000, expiry: { type: 'end_of_next_year' }, reminderDays: 30 },
  wallet: {
    packages: [
      { id: 'p100', payFen: 10000, bonusFen: 2000, label: '充100送20' },
      { id: 'p500', payFen: 50000, bonusFen: 10000, label: '充500送100' },
    ],
    maxBalanceFen: 100000,
  },
};

export function sdkDb() {
  return require('wx-server-sdk').database();
}

export async function seedWorld(overrides: Record<string, unknown> = {}): Promise<void> {
  const db = sdkDb();
  await db.collection('settings').doc('brand').set({ data: { ...TEST_BRAND, ...overrides } });
  await db.collection('stores').doc(STORE).set({ data: { name: '测试门店', address: '测试路1号', active: true, createdAt: new Date('2026-01-01T00:00:00Z') } });
  for (const openid of [CASHIER, CASHIER_2]) await db.collection('staff').doc(openid).set({ data: { storeId: STORE, name: '收银员', active: true } });
  await db.collection('operators').doc(OPERATOR).set({ data: { name: '运营', role: 'owner', active: true } });
}

export function requestId(): string {
  return randomBytes(12).toString('hex');
}

/** Registers (first `me`) and returns the member's id and number. */
export async function register(cloud: LocalCloud, openid: string): Promise<{ memberId: string; memberNo: string }> {
  const me = await callAs(cloud, openid, 'member', 'me');
  if (!me.ok) throw new Error(JSON.stringify(me));
  const member = cloud.db.dump('members').find((m: { openid: string }) => m.openid === openid);
  return { memberId: member._id, memberNo: me.data.member.memberNo };
}

export async function memberCode(cloud: LocalCloud, openid: string): Promise<string> {
  const code = await callAs(cloud, openid, 'member', 'memberCode');
  if (!code.ok) throw new Error(JSON.stringify(code));
  return code.data.token;
}

/** The member accepts the current 储值协议 (top-ups require it), unless they have already. */
export async function acceptStoredValueAgreement(cloud: LocalCloud, openid: string): Promise<void> {
  const member = cloud.db.dump('members').find((m: { openid?: string }) => m.openid === openid);
  if (member?.privacy?.policies?.stored_value?.version === STORED_VALUE_AGREEMENT_VERSION) return;
  const accepted = await callAs(cloud, openid, 'member', 'acceptPolicy', { document: 'stored_value', version: STORED_VALUE_AGREEMENT_VERSION }, requestId());
  if (!accepted.ok) throw new Error(JSON.stringify(accepted));
}

/** A paid top-up: order, then WeChat's notification as the local pay page delivers it. */
export async function topUp(cloud: LocalCloud, openid: string, packageId: string): Promise<string> {
  await acceptStoredValueAgreement(cloud, openid);
  const order = await callAs(cloud, openid, 'member', 'createTopup', { packageId }, requestId());
  if (!order.ok) throw new Error(JSON.stringify(order));
  await cloud.services.completePayment(order.data.outTradeNo);
  return order.data.outTradeNo;
}

export function account(cloud: LocalCloud, memberId: string, asset: string): any {
  return cloud.db.dump('accounts').find((a: { _id: string }) => a._id === `${memberId}:${asset}`);
}

export function balances(cloud: LocalCloud, memberId: string) {
  const of = (asset: string) => account(cloud, memberId, asset).balance as number;
  return { points: of('points'), growth: of('growth'), principal: of('wallet_principal'), bonus: of('wallet_bonus'), debt: account(cloud, memberId, 'points').debt as number };
}

export function entriesOf(cloud: LocalCloud, memberId: string): any[] {
  return cloud.db.dump('ledger_entries').filter((e: { memberId: string }) => e.memberId === memberId);
}

/** Moves the server's clock (all functions read it through serverNow). */
export function setClock(at: string | null): void {
  if (at === null) delete process.env.LOCAL_CLOCK_OFFSET_MS;
  else process.env.LOCAL_CLOCK_OFFSET_MS = String(new Date(at).getTime() - Date.now());
}

/**
 * Each test on its own local cloud with the test brand seeded, the clock put back after it.
 * `use` gets the cloud (assign it to the file's `cloud`); beforeEach hooks declared after this
 * call run after the seeding, for a file's own set-up.
 */
export function onASeededCloudEachTest(use: (cloud: LocalCloud) => void): void {
  let cloud: LocalCloud;
  beforeEach(async () => {
    cloud = await startTestCloud();
    await seedWorld();
    use(cloud);
  });
  afterEach(async () => {
    setClock(null);
    await cloud.close();
  });
}
