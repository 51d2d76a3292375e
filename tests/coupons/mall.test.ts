import type { LocalCloud } from '../../scripts/local-cloud';
import { mallBlockedReason } from '../../cloudfunctions/core/coupons/mall';
import { callAs, snapshotAll } from '../support/cloud';
import { OPERATOR, balances, entriesOf, onASeededCloudEachTest, register, requestId, sdkDb } from '../support/world';
import { createTemplate } from './helpers';

// 积分商城 through the member function over the emulator: a redemption spends the points and
// issues the coupon in one transaction; every refusal leaves every collection as it was; a retry
// answers the first redemption and never debits twice.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const M = 'openid-mall';
const dump = (name: string) => cloud.db.dump(name) as any[];

async function grant(memberNo: string, amount: number): Promise<void> {
  const answer = await callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount, reason: '测试积分' }, requestId());
  if (!answer.ok) throw new Error(JSON.stringify(answer));
}

const mallItem = (change: Record<string, unknown> = {}) => createTemplate(cloud, { name: '拿铁兑换券', benefit: { kind: 'gift_item', itemName: '中杯拿铁' }, channel: 'mall', pointsCost: 800, stock: 10, perMemberLimit: 2, ...change });

it('a redemption debits the cost once, issues the coupon, and the ledger explains the balance', async () => {
  const { memberId, memberNo } = await register(cloud, M);
  await grant(memberNo, 2_000);
  const templateId = await mallItem();
  const id = requestId();
  const answer = await callAs(cloud, M, 'member', 'redeemMallItem', { templateId }, id);
  expect(answer).toMatchObject({ ok: true, data: { templateId, pointsSpent: 800, balance: 1_200 } });
  expect(balances(cloud, memberId).points).toBe(1_200);

  const coupons = dump('coupons');
  expect(coupons).toHaveLength(1);
  expect(coupons[0]).toMatchObject({ _id: answer.data.couponId, memberId, templateId, status: 'available', source: 'mall' });
  const spend = entriesOf(cloud, memberId).filter((e) => e.kind === 'spend');
  expect(spend).toEqual([expect.objectContaining({ asset: 'points', amount: -800, balanceAfter: 1_200, source: { type: 'coupon', id: answer.data.couponId }, actor: { type: 'member', id: M } })]);
  expect(dump('coupon_stock').reduce((sum, s) => sum + s.issued, 0)).toBe(1);
  expect(dump('coupon_claims')).toMatchObject([{ memberId, templateId, total: 1 }]);

  // The same request again (a phone's retry): the first answer, nothing moves.
  const before = snapshotAll(cloud);
  const again = await callAs(cloud, M, 'member', 'redeemMallItem', { templateId }, id);
  expect(again).toMatchObject({ ok: true, replayed: true, data: answer.data });
  expect(snapshotAll(cloud)).toEqual(before);

  // A second redemption (a new request): 1,200 → 400; the list shows what is left.
  await callAs(cloud, M, 'member', 'redeemMallItem', { templateId }, requestId());
  const mall = await callAs(cloud, M, 'member', 'pointsMall', {});
  expect(mall.data).toEqual({
    balance: 400,
    items: [expect.objectContaining({ templateId, kind: 'gift_item', pointsCost: 800, remainingStock: 8, remainingForMe: 0, blockedReason: '已达兑换上限' })],
  });
  expect(entriesOf(cloud, memberId).filter((e) => e.kind === 'spend').map((e) => e.amount)).toEqual([-800, -800]);
});

it('refusals change nothing: not in the mall, paused, tier, limit, stock, points', async () => {
  const { memberNo } = await register(cloud, M);
  await grant(memberNo, 1_000);
  const center = await createTemplate(cloud, { name: '领券中心券' });
  const paused = await mallItem({ name: '暂停的' });
  await callAs(cloud, OPERATOR, 'admin', 'pauseCouponTemplate', { templateId: paused }, requestId());
  const gold = await mallItem({ name: '金卡专享', minTierCode: 'gold' });
  const dear = await mallItem({ name: '太贵的', pointsCost: 1_500 });
  const soldOut = await mallItem({ name: '只有一件', stock: 1, perMemberLimit: 1 });
  const limited = await mallItem({ name: '限一件', pointsCost: 100, perMemberLimit: 1 });
  // Another member takes the only one; this member takes their one of `limited`.
  const other = await register(cloud, 'openid-other');
  await grant(other.memberNo, 1_000);
  expect(await callAs(cloud, 'openid-other', 'member', 'redeemMallItem', { templateId: soldOut }, requestId())).toMatchObject({ ok: true });
  expect(await callAs(cloud, M, 'member', 'redeemMallItem', { templateId: limited }, requestId())).toMatchObject({ ok: true });

  const cases: [string, string][] = [
    [center, 'NOT_IN_MALL'],
    ['ct-nothing-here', 'COUPON_TEMPLATE_NOT_FOUND'],
    [paused, 'COUPON_TEMPLATE_PAUSED'],
    [gold, 'TIER_TOO_LOW'],
    [dear, 'INSUFFICIENT_POINTS'],
    [soldOut, 'OUT_OF_STOCK'],
    [limited, 'CLAIM_LIMIT_REACHED'],
  ];
  for (const [templateId, code] of cases) {
    const before = snapshotAll(cloud);
    const answer = await callAs(cloud, M, 'member', 'redeemMallItem', { templateId }, requestId());
    expect({ templateId, code: answer.code }).toEqual({ templateId, code });
    expect(snapshotAll(cloud)).toEqual(before);
  }
  const dearAnswer = await callAs(cloud, M, 'member', 'redeemMallItem', { templateId: dear }, requestId());
  expect(dearAnswer.message).toBe('积分不足，还差 600 分');

  // What the mall shows this member: each item's reason, in the order a redemption is refused.
  const mall = await callAs(cloud, M, 'member', 'pointsMall', {});
  expect(mall.data.balance).toBe(900);
  const reasons = Object.fromEntries(mall.data.items.map((i: any) => [i.name, i.blockedReason]));
  expect(reasons).toEqual({ 金卡专享: '金卡及以上会员可兑换', 太贵的: '积分不足', 只有一件: '已兑完', 限一件: '已达兑换上限' });
});

it('points whose bucket has ended (the expiry job not run yet) cannot be spent in the mall', async () => {
  const { memberId, memberNo } = await register(cloud, M);
  await grant(memberNo, 1_000);
  // The bucket ended yesterday (brand zone): only a posting's expireDue removes it.
  const id = `${memberId}:points`;
  const account = dump('accounts').find((a) => a._id === id);
  await sdkDb().collection('accounts').doc(id).update({ data: { buckets: account.buckets.map((b: any) => ({ ...b, expiresOn: '2020-01-01' })), nextExpiryAt: new Date('2020-01-01T16:00:00Z') } });
  const templateId = await mallItem({ pointsCost: 100 });
  const before = snapshotAll(cloud);
  expect(await callAs(cloud, M, 'member', 'redeemMallItem', { templateId }, requestId())).toMatchObject({ ok: false, code: 'INSUFFICIENT_POINTS' });
  expect(snapshotAll(cloud)).toEqual(before);
  expect((await callAs(cloud, M, 'member', 'pointsMall', {})).data.balance).toBe(0);
});

it.each([
  // tier, stock, for me, day limit hit, balance, cost → reason
  [null, 5, 1, false, 800, 800, null],
  [null, 5, 1, false, 799, 800, '积分不足'],
  [null, 0, 1, false, 0, 800, '已兑完'],
  [null, 5, 0, true, 9_999, 800, '今天已兑满，明天再来吧'],
  [null, 5, 0, false, 9_999, 800, '已达兑换上限'],
  ['金卡', 0, 0, false, 0, 800, '金卡及以上会员可兑换'],
] as const)('blocked reason: tier %s, stock %s, left for me %s, day limit %s, balance %s, cost %s → %s', (tierLowName, remainingStock, remainingForMe, dailyLimitHit, balance, pointsCost, reason) => {
  expect(mallBlockedReason({ tierLowName, remainingStock, remainingForMe, dailyLimitHit, balance, pointsCost })).toBe(reason);
});
