// Every action of the admin and staff functions × every kind of caller → allowed or FORBIDDEN,
// as the tables in ./matrix say. The actions come from the contract: one without a row fails
// here, so a new action cannot ship without its permissions decided.
import { contract } from '../../cloudfunctions/core/contract';
import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, snapshotAll, startTestCloud } from '../support/cloud';
import { CASHIER, OPERATOR, STORE, memberCode, register, requestId, sdkDb, seedWorld } from '../support/world';
import * as audit from './matrix/audit';
import * as couponIssue from './matrix/coupon-issue';
import * as coupons from './matrix/coupons';
import * as gift from './matrix/gift';
import * as landed from './matrix/landed';
import * as members from './matrix/members';
import * as membership from './matrix/membership';
import * as notify from './matrix/notify';
import * as operators from './matrix/operators';
import * as profile from './matrix/profile';
import * as referral from './matrix/referral';
import * as referralRewards from './matrix/referral-rewards';
import * as rules from './matrix/rules';
import { CALLERS, type Caller, type MatrixRows, type MatrixWorld } from './matrix/types';

const adminRows: MatrixRows = { ...landed.adminRows, ...operators.adminRows, ...rules.adminRows, ...members.adminRows, ...audit.adminRows, ...coupons.adminRows, ...couponIssue.adminRows, ...profile.adminRows, ...referral.adminRows, ...referralRewards.adminRows, ...notify.adminRows, ...membership.adminRows };
const staffRows: MatrixRows = { ...landed.staffRows, ...gift.staffRows, ...profile.staffRows, ...referral.staffRows };

const OTHER_STORE = 'store-other';
const openidOf: Record<Caller, string | undefined> = {
  none: undefined,
  member: 'openid-matrix-member',
  staff: CASHIER,
  storeManagerHere: 'openid-store-manager-here',
  storeManagerElsewhere: 'openid-store-manager-elsewhere',
  analyst: 'openid-analyst',
  manager: 'openid-manager',
  owner: OPERATOR,
};

let cloud: LocalCloud;
let world: MatrixWorld;

beforeAll(async () => {
  cloud = await startTestCloud();
  await seedWorld();
  const db = sdkDb();
  await db.collection('stores').doc(OTHER_STORE).set({ data: { name: '另一家店', address: '别处', active: true } });
  await db.collection('staff').doc('openid-matrix-staff').set({ data: { storeId: STORE, name: '待停用店员', active: true } });
  const operators: [Caller, object][] = [
    ['storeManagerHere', { role: 'store_manager', storeIds: [STORE] }],
    ['storeManagerElsewhere', { role: 'store_manager', storeIds: [OTHER_STORE] }],
    ['analyst', { role: 'analyst' }],
    ['manager', { role: 'manager' }],
  ];
  for (const [caller, fields] of operators) await db.collection('operators').doc(openidOf[caller]!).set({ data: { name: caller, active: true, ...fields } });
  const { memberNo } = await register(cloud, 'openid-matrix-shopper');
  await register(cloud, openidOf.member!);
  const purchase = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await memberCode(cloud, 'openid-matrix-shopper'), amountFen: 5000 }, requestId());
  if (!purchase.ok) throw new Error(JSON.stringify(purchase));
  world = { store: STORE, otherStore: OTHER_STORE, staffOpenid: 'openid-matrix-staff', memberNo, purchaseId: purchase.data.purchaseId };
});
afterAll(() => cloud.close());

function cases(fn: 'admin' | 'staff', rows: MatrixRows) {
  return Object.keys(contract[fn]).flatMap((action) => CALLERS.map((caller) => [action, caller, rows[action]?.allowed.includes(caller) ?? false] as const));
}

describe.each(['admin', 'staff'] as const)('the %s function', (fn) => {
  const rows = fn === 'admin' ? adminRows : staffRows;

  test('every action has a row, and every row an action', () => {
    expect(Object.keys(rows).sort()).toEqual(Object.keys(contract[fn]).sort());
  });

  if (fn === 'admin') {
    test('every admin action names the roles that may call it', () => {
      const unnamed = Object.entries(contract.admin).filter(([, spec]) => !(spec as { roles?: unknown }).roles);
      expect(unnamed.map(([name]) => name)).toEqual([]);
    });
  }

  test.each(cases(fn, rows))(`%s as %s: allowed %s`, async (action, caller, allowed) => {
    const input = rows[action]?.input?.(world) ?? {};
    const before = snapshotAll(cloud);
    const result = await callAs(cloud, openidOf[caller], fn, action, input, requestId());
    if (caller === 'none') {
      expect(result.code).toBe('UNAUTHENTICATED');
    } else if (allowed) {
      expect(result.code).not.toBe('FORBIDDEN');
    } else {
      expect(result).toMatchObject({ ok: false, code: 'FORBIDDEN' });
      expect(snapshotAll(cloud)).toEqual(before);
    }
  });
});
