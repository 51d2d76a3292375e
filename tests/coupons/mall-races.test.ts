import type { LocalCloud } from '../../scripts/local-cloud';
import { onASeededCloudEachTest, register, requestId, sdkDb } from '../support/world';
import { asPhone, createTemplate } from './helpers';

// 积分商城 under load, through the member function with a phone's retries: stock, points and
// the ledger move together, so the coupons issued, the spend entries and the balances agree.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const dump = (name: string) => cloud.db.dump(name) as any[];

/** Members registered, then given points straight in their account (one bucket, far expiry). */
async function membersWithPoints(count: number, points: number, prefix: string): Promise<{ openid: string; memberId: string }[]> {
  const made: { openid: string; memberId: string }[] = [];
  for (let i = 0; i < count; i++) {
    const openid = `${prefix}-${i}`;
    const { memberId } = await register(cloud, openid);
    await sdkDb()
      .collection('accounts')
      .doc(`${memberId}:points`)
      .update({ data: { balance: points, buckets: [{ expiresOn: '2099-12-31', remaining: points }], nextExpiryAt: new Date('2100-01-01T00:00:00Z') } });
    made.push({ openid, memberId });
  }
  return made;
}

function ledgerAgrees(memberIds: string[], startPoints: number, cost: number) {
  const spends = dump('ledger_entries').filter((e) => e.kind === 'spend');
  const coupons = dump('coupons');
  for (const memberId of memberIds) {
    const mine = coupons.filter((c) => c.memberId === memberId).length;
    const account = dump('accounts').find((a) => a._id === `${memberId}:points`);
    expect({ memberId, balance: account.balance }).toEqual({ memberId, balance: startPoints - mine * cost });
    expect(account.balance).toBeGreaterThanOrEqual(0);
    expect(spends.filter((e) => e.memberId === memberId)).toHaveLength(mine);
  }
  // Each spend names its coupon, and each coupon has exactly one spend.
  expect(spends.map((e) => e.source.id).sort()).toEqual(coupons.map((c) => c._id).sort());
  return { spends: spends.length, coupons: coupons.length };
}

it('300 members redeeming at once against a stock of 100: exactly 100 coupons, 100 debits', async () => {
  const templateId = await createTemplate(cloud, { channel: 'mall', pointsCost: 500, stock: 100, perMemberLimit: 1 });
  const members = await membersWithPoints(300, 1_000, 'openid-race');
  const answers = await Promise.all(members.map(({ openid }) => asPhone(cloud, openid, 'member', 'redeemMallItem', { templateId })));
  expect(answers.filter((a) => a.ok)).toHaveLength(100);
  expect(answers.filter((a) => !a.ok).map((a) => a.code)).toEqual(Array(200).fill('OUT_OF_STOCK'));
  expect(ledgerAgrees(members.map((m) => m.memberId), 1_000, 500)).toEqual({ spends: 100, coupons: 100 });
  expect(dump('coupon_stock').reduce((sum, s) => sum + s.issued, 0)).toBe(100);
}, 180_000);

it('300 redemptions by three members with a generous limit: 100 coupons, each member debited once per coupon', async () => {
  // 100 each at once: every request of one member contends for the same points account.
  const templateId = await createTemplate(cloud, { channel: 'mall', pointsCost: 10, stock: 100, perMemberLimit: 100 });
  const members = await membersWithPoints(3, 5_000, 'openid-big');
  const requests = members.flatMap(({ openid }) => Array.from({ length: 100 }, () => asPhone(cloud, openid, 'member', 'redeemMallItem', { templateId }, requestId())));
  const answers = await Promise.all(requests);
  expect(answers.filter((a) => a.ok)).toHaveLength(100);
  expect(new Set(answers.filter((a) => !a.ok).map((a) => a.code))).toEqual(new Set(['OUT_OF_STOCK']));
  expect(ledgerAgrees(members.map((m) => m.memberId), 5_000, 10)).toEqual({ spends: 100, coupons: 100 });
}, 180_000);

it('one member with points for 60 sending 300 at once: 60 coupons, balance 0, never below', async () => {
  const templateId = await createTemplate(cloud, { channel: 'mall', pointsCost: 50, stock: 100, perMemberLimit: 100 });
  const [member] = await membersWithPoints(1, 3_000, 'openid-poor');
  const answers = await Promise.all(Array.from({ length: 300 }, () => asPhone(cloud, member.openid, 'member', 'redeemMallItem', { templateId }, requestId())));
  expect(answers.filter((a) => a.ok)).toHaveLength(60);
  const codes = new Set(answers.filter((a) => !a.ok).map((a) => a.code));
  // Refused by the points only (the stock and the limit would serve 100).
  expect([...codes].every((code) => code === 'INSUFFICIENT_POINTS')).toBe(true);
  expect(ledgerAgrees([member.memberId], 3_000, 50)).toEqual({ spends: 60, coupons: 60 });
  expect(dump('accounts').find((a) => a._id === `${member.memberId}:points`).balance).toBe(0);
  // The stock gave back nothing it did not issue: 60 issued, 40 left.
  expect(dump('coupon_stock').reduce((sum, s) => sum + s.stock - s.issued, 0)).toBe(40);
}, 180_000);
