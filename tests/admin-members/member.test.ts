import type { LocalCloud } from '../../scripts/local-cloud';
import { phoneFields } from '../../cloudfunctions/core/privacy/phone-crypto';
import { snapshotAll } from '../support/cloud';
import { CASHIER, OPERATOR, balances, entriesOf, memberCode, onASeededCloudEachTest, register, requestId, sdkDb } from '../support/world';
import { ANALYST, MANAGER, STORE_MANAGER, auditReads, callAs, ok, seedOperators } from './support';

// getMember: the figures are the ledger's, every call is an audited read, and the manual actions
// (adjustPoints, setTierOverride) show on the page.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const M = 'openid-deer';
let deer: { memberId: string; memberNo: string };

beforeEach(async () => {
  await seedOperators();
  deer = await register(cloud, M);
  await sdkDb().collection('members').doc(deer.memberId).update({ data: { nickname: '小鹿', ...phoneFields('13800138000'), phoneVerifiedAt: new Date() } });
  // Two purchases (the second upgrades to gold), a refund of the first, a manual grant and deduction.
  const buy = async (amountFen: number) => ok(callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await memberCode(cloud, M), amountFen }, requestId()));
  const first = await buy(30_000);
  await buy(90_000);
  await ok(callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId: first.purchaseId }, requestId()));
  await ok(callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo: deer.memberNo, amount: 500, reason: '补发积分' }, requestId()));
  await ok(callAs(cloud, MANAGER, 'admin', 'adjustPoints', { memberNo: deer.memberNo, amount: -200, reason: '误发扣回' }, requestId()));
});

const get = (caller: string, data: Record<string, unknown> = { memberNo: deer.memberNo }) => callAs(cloud, caller, 'admin', 'getMember', data);

test('balances and entries are exactly the ledger', async () => {
  const page = await ok(get(OPERATOR));
  const ledger = balances(cloud, deer.memberId);
  expect(page.balances).toMatchObject({ points: ledger.points, pointsDebt: ledger.debt, growth: ledger.growth, walletPrincipal: ledger.principal, walletBonus: ledger.bonus });
  expect(page.balances).toMatchObject({ points: 900 + 500 - 200, growth: 900, growthInWindow: 900 });

  const byNewest = (asset: string) =>
    entriesOf(cloud, deer.memberId)
      .filter((e) => e.asset === asset)
      .sort((a, b) => new Date(b.createdAt).getTime() - new Date(a.createdAt).getTime() || (a._id < b._id ? 1 : -1));
  const points = byNewest('points');
  expect(page.points.items.map((e: any) => [e.entryId, e.kind, e.amount, e.balanceAfter])).toEqual(points.map((e) => [e._id, e.kind, e.amount, e.balanceAfter]));
  expect(page.points.items.map((e: any) => e.amount)).toEqual([-200, 500, -300, 900, 300]);
  expect(page.points.items[0]).toMatchObject({ kind: 'deduct', reason: '误发扣回', balanceAfter: ledger.points });
  expect(page.growth.items.map((e: any) => [e.entryId, e.amount])).toEqual(byNewest('growth').map((e) => [e._id, e.amount]));
  expect(page.purchases.items.map((p: any) => [p.amountFen, p.status])).toEqual([
    [90_000, 'completed'],
    [30_000, 'refunded'],
  ]);
  expect(page.tier).toMatchObject({ code: 'gold' });
  expect(page.tierChanges).toEqual([expect.objectContaining({ kind: 'upgrade', from: expect.objectContaining({ code: 'green' }) })]);
  expect(page.tiers.map((t: any) => t.code)).toEqual(['green', 'gold', 'black']);
});

test('the tabs page newest first without repeats, through memberHistory', async () => {
  const page = await ok(get(OPERATOR, { memberNo: deer.memberNo, limit: 2 }));
  expect(page.points.items).toHaveLength(2);
  const seen = page.points.items.map((e: any) => e.entryId);
  let cursor = page.points.nextCursor;
  while (cursor) {
    const more = await ok(callAs(cloud, OPERATOR, 'admin', 'memberHistory', { memberNo: deer.memberNo, book: 'points', before: cursor, limit: 2 }));
    expect(more.book).toBe('points');
    seen.push(...more.items.map((e: any) => e.entryId));
    cursor = more.nextCursor;
  }
  const all = entriesOf(cloud, deer.memberId).filter((e) => e.asset === 'points');
  expect(seen.sort()).toEqual(all.map((e) => e._id).sort());
  const purchases = (before?: string) => ok(callAs(cloud, OPERATOR, 'admin', 'memberHistory', { memberNo: deer.memberNo, book: 'purchases', ...(before ? { before } : {}), limit: 1 }));
  const newest = await purchases();
  expect(newest.items.map((p: any) => p.amountFen)).toEqual([90_000]);
  const older = await purchases(newest.nextCursor);
  expect(older.items.map((p: any) => p.amountFen)).toEqual([30_000]);
  expect(older.nextCursor).toBeNull();
});

test('every call is recorded as a read of the member by the operator who made it', async () => {
  expect(auditReads(cloud)).toEqual([]);
  await ok(get(ANALYST));
  await ok(get(OPERATOR));
  await ok(callAs(cloud, MANAGER, 'admin', 'memberHistory', { memberNo: deer.memberNo, book: 'growth' }));
  expect(auditReads(cloud).map((e) => [e.actor.openid, e.actor.role, e.action, e.target.kind, e.target.id, e.target.label])).toEqual([
    [ANALYST, 'analyst', 'getMember', 'member', deer.memberId, deer.memberNo],
    [OPERATOR, 'owner', 'getMember', 'member', deer.memberId, deer.memberNo],
    [MANAGER, 'manager', 'memberHistory', 'member', deer.memberId, deer.memberNo],
  ]);
});

test('an analyst sees the profile masked; the owner in full', async () => {
  expect((await ok(get(ANALYST))).profile).toMatchObject({ nickname: '小*', phone: '138****8000', memberNo: deer.memberNo });
  expect((await ok(get(OPERATOR))).profile).toMatchObject({ nickname: '小鹿', phone: '13800138000' });
});

test('an override shows with its end and reason, and among the tier changes', async () => {
  const until = new Date(Date.now() + 30 * 86_400_000).toISOString();
  await ok(callAs(cloud, MANAGER, 'admin', 'setTierOverride', { memberNo: deer.memberNo, tierCode: 'black', until, reason: '活动升级' }, requestId()));
  const page = await ok(get(OPERATOR));
  expect(page.tier.code).toBe('black');
  expect(page.earnedTier.code).toBe('gold');
  expect(page.override).toEqual({ tier: expect.objectContaining({ code: 'black' }), until, reason: '活动升级' });
  expect(page.tierChanges[0]).toMatchObject({ kind: 'override', to: { code: 'black' }, until, reason: '活动升级', by: MANAGER });
});

test('an unknown member and a store manager are refused, and nothing is written', async () => {
  const before = snapshotAll(cloud);
  expect(await get(OPERATOR, { memberNo: '9999999999' })).toMatchObject({ ok: false, code: 'MEMBER_NOT_FOUND' });
  expect(await get(STORE_MANAGER)).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(snapshotAll(cloud)).toEqual(before);
});
