import type { LocalCloud } from '../../scripts/local-cloud';
import { loadBrandSettings } from '../../cloudfunctions/core/brand/settings';
import { tierGiftKey, tierGiftsJob } from '../../cloudfunctions/core/coupons/tier-gifts';
import { getDb } from '../../cloudfunctions/core/platform/cloud';
import { markTierGiftsPending } from '../../cloudfunctions/core/tiers/gifts-pending';
import { evaluateTier } from '../../cloudfunctions/core/tiers/evaluate';
import { upgradeIfEarned } from '../../cloudfunctions/core/tiers/member-tier';
import { jobContext } from '../overview/support';
import { callAs } from '../support/cloud';
import { CASHIER, TEST_BRAND, memberCode, onASeededCloudEachTest, register, requestId, sdkDb, setClock } from '../support/world';
import { createTemplate } from './helpers';

// Tier coupon gifts: reaching a tier marks the member (in the upgrade's transaction), the
// tier-gifts job issues each of the tier's templates once per member per tier per window
// (issue 12; the window opens in the month the tier is reached), then clears the mark. A refusal by the template (stock, limit) is recorded for an operator.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const M = 'openid-climber';
const dump = (name: string) => cloud.db.dump(name) as any[];
const member = (memberId: string) => dump('members').find((m) => m._id === memberId);
const tick = () => tierGiftsJob.run(jobContext(), Date.now() + 20_000);

async function giftsForGold(...templateIds: string[]): Promise<void> {
  const tiers = TEST_BRAND.tiers.map((t) => (t.code === 'gold' ? { ...t, benefits: { ...t.benefits, freeCouponTemplateIds: templateIds } } : t));
  await sdkDb().collection('settings').doc('brand').update({ data: { tiers } });
}

async function buy(openid: string, amountFen: number): Promise<void> {
  const answer = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await memberCode(cloud, openid), amountFen, walletFen: 0 }, requestId());
  if (!answer.ok) throw new Error(JSON.stringify(answer));
}

it('a purchase that reaches gold marks the member; the job gives each gold template once and clears the mark', async () => {
  const welcome = await createTemplate(cloud, { name: '金卡礼券', channel: 'grant', stock: 10 });
  const drink = await createTemplate(cloud, { name: '金卡饮品券', channel: 'grant', benefit: { kind: 'gift_item', itemName: '任意饮品' }, stock: 10 });
  await giftsForGold(welcome, drink);
  const { memberId } = await register(cloud, M);
  await buy(M, 100_000); // ¥1,000 → 1,000 growth: gold
  expect(member(memberId)).toMatchObject({ tierCode: 'gold', tierGiftsPending: ['gold'] });
  expect(dump('coupons')).toHaveLength(0); // not in the purchase: the job gives them

  expect(await tick()).toMatchObject({ processed: 1, done: true, failed: 0 });
  const coupons = dump('coupons');
  expect(coupons.map((c) => c.templateId).sort()).toEqual([welcome, drink].sort());
  expect(coupons.every((c) => c.memberId === memberId && c.source === 'tier_gift')).toBe(true);
  expect(member(memberId)).toMatchObject({ tierGiftsPending: [], tierGiftsPendingAt: null });
  expect(await tick()).toMatchObject({ processed: 0, done: true });
  expect(dump('coupons')).toHaveLength(2);
});

// Issue 12 changed "once per tier ever" to "once per tier per window": reaching the tier again
// in the same window is no longer even marked; reaching it in a later window gives it again.
it('reaching the same tier again (after a fall) in the same window gives nothing twice; in a later window, again', async () => {
  const welcome = await createTemplate(cloud, { channel: 'grant', stock: 10, perMemberLimit: 5 });
  await giftsForGold(welcome);
  setClock('2026-03-10T10:00:00+08:00');
  const { memberId } = await register(cloud, M);
  await buy(M, 100_000);
  expect(member(memberId).tierGiftWindows).toEqual({ gold: '2026-03' });
  await tick();
  // Fallen to green and earned gold again in February next year (11 months on, window 12): not marked.
  await sdkDb().collection('members').doc(memberId).update({ data: { tierCode: 'green' } });
  setClock('2027-02-28T23:00:00+08:00');
  await buy(M, 100_000);
  expect(member(memberId)).toMatchObject({ tierCode: 'gold', tierGiftsPending: [], tierGiftWindows: { gold: '2026-03' } });
  await tick();
  expect(dump('coupons')).toHaveLength(1);
  // Fallen again and reached in March 2027, 12 months after the window opened: a new window, a new gift.
  await sdkDb().collection('members').doc(memberId).update({ data: { tierCode: 'green' } });
  setClock('2027-03-01T00:30:00+08:00');
  await buy(M, 100_000);
  expect(member(memberId)).toMatchObject({ tierCode: 'gold', tierGiftsPending: ['gold'], tierGiftWindows: { gold: '2027-03' } });
  await tick();
  await tick();
  const coupons = dump('coupons');
  expect(coupons).toHaveLength(2);
  expect(dump('requests').filter((r) => r.scope === 'coupon-issue').map((r) => r.requestId).sort()).toEqual([
    `tier-gift:${memberId}:gold:2026-03:${welcome}`,
    `tier-gift:${memberId}:gold:2027-03:${welcome}`,
  ]);
  expect(member(memberId).tierGiftsPending).toEqual([]);
});

it('a template that refuses (out of stock) is recorded in job_failures; the others of the tier are given', async () => {
  const scarce = await createTemplate(cloud, { channel: 'grant', stock: 1 });
  const plenty = await createTemplate(cloud, { channel: 'grant', stock: 10 });
  await giftsForGold(scarce, plenty);
  const first = await register(cloud, M);
  const second = await register(cloud, 'openid-second');
  await buy(M, 100_000);
  await buy('openid-second', 100_000);
  const outcome = await tick();
  expect(outcome).toMatchObject({ processed: 2, done: true, failed: 0 });
  const coupons = dump('coupons');
  expect(coupons.filter((c) => c.templateId === plenty)).toHaveLength(2);
  expect(coupons.filter((c) => c.templateId === scarce)).toHaveLength(1);
  const loser = coupons.find((c) => c.templateId === scarce).memberId === first.memberId ? second.memberId : first.memberId;
  expect(dump('job_failures')).toEqual([expect.objectContaining({ job: 'tier-gifts', subject: `${loser}:gold:${scarce}`, error: 'OUT_OF_STOCK 已经被领完了' })]);
  expect(member(loser).tierGiftsPending).toEqual([]);
});

it('the key names member, tier, window and template (marks from before windows: no window)', () => {
  expect(tierGiftKey('m1', 'gold', 'ct1', '2026-06')).toBe('tier-gift:m1:gold:2026-06:ct1');
  expect(tierGiftKey('m1', 'gold', 'ct1')).toBe('tier-gift:m1:gold:ct1');
});

describe('marking (pure)', () => {
  const now = new Date('2026-06-10T02:00:00Z');
  const earlier = new Date('2026-06-01T00:00:00Z');
  const brandWith = async (gold: string[]) => {
    await giftsForGold(...gold);
    return loadBrandSettings(getDb(), now);
  };

  it.each([
    // tier reached, gold's templates, pending before, since → pending after, since
    ['gold', ['ct1'], undefined, undefined, ['gold'], now],
    ['gold', ['ct1'], ['black'], earlier, ['black', 'gold'], earlier],
    ['gold', ['ct1'], ['gold'], earlier, ['gold'], earlier],
    ['gold', [], undefined, undefined, undefined, undefined],
    ['black', ['ct1'], undefined, undefined, undefined, undefined],
  ] as const)('reaching %s with gold gifts %j, pending %j → %j', async (tierCode, gold, pending, since, after, afterSince) => {
    const brand = await brandWith([...gold]);
    const marked = markTierGiftsPending({ tierCode, tierGiftsPending: pending ? [...pending] : undefined, tierGiftsPendingAt: since }, brand, now);
    expect(marked.tierGiftsPending).toEqual(after);
    expect(marked.tierGiftsPendingAt).toEqual(afterSince);
  });

  it('the periodic evaluation marks an upgrade it finds, and not a tier kept', async () => {
    const brand = await brandWith(['ct1']);
    const growth: any = { months: { '2026-05': 1_200 } };
    const green: any = { _id: 'm', tierCode: 'green', tierReviewAt: now };
    expect(evaluateTier(green, growth, brand, now).update).toMatchObject({ tierCode: 'gold', tierGiftsPending: ['gold'], tierGiftsPendingAt: now });
    const gold: any = { _id: 'm', tierCode: 'gold', tierReviewAt: now };
    expect(evaluateTier(gold, growth, brand, now).update).not.toHaveProperty('tierGiftsPending');
    expect(upgradeIfEarned(green, { ...growth, balance: 1_200 }, brand, now)).toMatchObject({ tierCode: 'gold', tierGiftsPending: ['gold'] });
  });
});
