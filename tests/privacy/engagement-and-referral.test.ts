import type { LocalCloud } from '../../scripts/local-cloud';
import { checkLedger } from '../../cloudfunctions/core/ledger/check';
import { sendWithQuota } from '../../cloudfunctions/core/notify/quota';
import { payReward } from '../../cloudfunctions/core/referral/pay-reward';
import { runInTransaction } from '../../cloudfunctions/core/platform/transaction';
import { jobContext } from '../overview/support';
import { callAs, startTestCloud } from '../support/cloud';
import { CASHIER, balances, memberCode, register, requestId, sdkDb, seedWorld, setClock } from '../support/world';
import { buyPlan, membershipTemplates, planInput, savePlan } from '../membership/helpers';
import { giveQuota } from '../notify/support';
import { createCampaign, inviter, ok, openInvite, staffCode } from '../referral/helpers';

// 我的数据 and 注销 over what issues 11 and 12 added: check-ins, subscribe quotas, the paid
// membership and its orders, invite visits, referral rewards and the referral / 导购 bindings.

let cloud: LocalCloud;
beforeEach(async () => {
  cloud = await startTestCloud({ port: 0 });
  await seedWorld({ engagement: { welcome: { points: 0, couponTemplateIds: [] }, birthday: { window: 'month' }, checkIn: { rewards: [1, 2, 3, 4, 5, 6, 7].map((streakDay) => ({ streakDay, points: 5, couponTemplateId: null })), makeUpCostPoints: 20, makeUpPerMonth: 2 } } });
  setClock('2026-06-10T02:00:00Z');
});
afterEach(async () => {
  setClock(null);
  await cloud.close();
});

const DEER = { openid: 'openid-deer-7c1f', nickname: '林间小鹿' };
const FOX = { openid: 'openid-fox-93ab', nickname: '山谷狐狸' };
const PACK_TEMPLATE = 'local-template-monthly-pack';
const dump = (name: string) => cloud.db.dump(name) as any[];
const as = (openid: string, action: string, data: Record<string, unknown> = {}, id = requestId()) => callAs(cloud, openid, 'member', action, data, id);

/** FOX invites DEER; DEER registers through it, is bound to the cashier as 导购, checks in, agrees to messages, buys a plan and a qualifying ¥50 order. FOX checks in and agrees too. */
async function world() {
  await createCampaign(cloud); // welcome 100 points, inviter 300 on a first purchase of ¥30
  const fox = await inviter(cloud, FOX.openid);
  await ok(as(FOX.openid, 'updateProfile', { nickname: FOX.nickname }));
  await ok(openInvite(cloud, DEER.openid, fox.code));
  const deer = await register(cloud, DEER.openid);
  await ok(as(DEER.openid, 'updateProfile', { nickname: DEER.nickname }));
  const guideCode = await staffCode(cloud, CASHIER);
  expect(await ok(openInvite(cloud, DEER.openid, guideCode))).toMatchObject({ outcome: 'guide_bound' });
  await ok(as(DEER.openid, 'checkIn'));
  await giveQuota(cloud, DEER.openid, { [PACK_TEMPLATE]: 2 });
  const t = await membershipTemplates(cloud);
  const planId = await savePlan(cloud, planInput(t));
  const plan = await buyPlan(cloud, DEER.openid, planId);
  await ok(callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await memberCode(cloud, DEER.openid), amountFen: 50_00, walletFen: 0 }, requestId()));
  await ok(as(FOX.openid, 'checkIn'));
  await giveQuota(cloud, FOX.openid, { [PACK_TEMPLATE]: 1 });
  return { fox, deer, plan, guideCode };
}

describe('我的数据 holds the new personal data, and nothing of anyone else', () => {
  test('check-ins, quotas, the paid membership and its order, invite visits, referral rewards and bindings', async () => {
    const { fox, deer, plan, guideCode } = await world();
    const answer = await ok(as(DEER.openid, 'exportMyData'));
    const file = await (await fetch(answer.url)).json();

    expect(file.checkins).toEqual([expect.objectContaining({ _id: `${deer.memberId}:2026-06-10`, memberId: deer.memberId, day: '2026-06-10', run: 1 })]);
    expect(file.checkinStreak).toMatchObject({ memberId: deer.memberId, lastDay: '2026-06-10' });
    expect(file.subscribeQuotas).toMatchObject({ memberId: deer.memberId, quotas: { monthlyPack: 2 } });
    expect(file.paidMembership).toMatchObject({ _id: deer.memberId, periods: [expect.objectContaining({ outTradeNo: plan.outTradeNo, paidFen: 990, trial: true })] });
    expect(file.planOrders).toEqual([expect.objectContaining({ _id: plan.outTradeNo, purpose: 'plan', status: 'paid', totalFee: 990 })]);
    expect(file.topupOrders).toEqual([]);
    // Both visits by the member's openid, without whose codes they were.
    expect(file.inviteVisits.map((v: any) => [v.code, v.outcome]).sort()).toEqual([
      [fox.code, 'bound'],
      [guideCode, 'guide_bound'],
    ].sort());
    expect(file.inviteVisits.every((v: any) => v.sourceId === undefined)).toBe(true);
    // The welcome reward the member received, and the inviter's reward their purchase qualified (without the inviter).
    expect(file.referralRewards).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ role: 'invitee', memberId: deer.memberId, points: 100, status: 'paid' }),
        expect.objectContaining({ role: 'inviter', points: 300, status: 'pending', earnedByYourInviter: true, qualifiedBy: expect.objectContaining({ kind: 'purchase', amountFen: 47_50 }) }), // ¥50 at the plan's 9.5折
      ]),
    );
    expect(file.referralRewards).toHaveLength(2);
    expect(file.profile.referral).toEqual({ campaignId: expect.any(String), code: fox.code, boundAt: expect.any(String), qualifiedAt: expect.any(String), ended: false });
    expect(file.profile.guide).toMatchObject({ storeId: 'store-test', code: guideCode });
    expect(answer.counts).toMatchObject({ checkins: 1, checkinStreak: 1, subscribeQuotas: 1, paidMembership: 1, planOrders: 1, topupOrders: 0, inviteVisits: 2, referralRewards: 2 });

    const text = JSON.stringify(file);
    for (const other of [fox.memberId, fox.memberNo, FOX.openid, FOX.nickname, CASHIER]) expect({ other, found: text.includes(other) }).toEqual({ other, found: false });
  });

  test("the inviter's copy of their reward leaves the invitee out", async () => {
    const { fox, deer } = await world();
    const answer = await ok(as(FOX.openid, 'exportMyData'));
    const file = await (await fetch(answer.url)).json();
    expect(file.referralRewards).toEqual([expect.objectContaining({ role: 'inviter', memberId: fox.memberId, points: 300, status: 'pending', asInviter: true })]);
    expect(file.referralRewards[0].qualifiedBy).toBeUndefined();
    expect(file.subscribeQuotas).toMatchObject({ quotas: { monthlyPack: 1 } });
    expect(file.inviteVisits).toEqual([]);
    const text = JSON.stringify(file);
    for (const other of [deer.memberId, deer.memberNo, DEER.openid, DEER.nickname]) expect({ other, found: text.includes(other) }).toEqual({ other, found: false });
  });
});

describe('注销 over the new collections', () => {
  /** Every collection's documents that still mention one of `needles` (WeChat's own outbox and pay records aside). */
  function mentions(needles: string[]): string[] {
    const found: string[] = [];
    for (const name of cloud.db.collections()) {
      if (name === 'outbox' || name === '_local_payments') continue;
      for (const doc of dump(name)) for (const needle of needles) if (JSON.stringify(doc).includes(needle)) found.push(`${name}/${doc._id}: ${needle}`);
    }
    return found;
  }

  test('invite visits and quotas deleted, the membership no longer names the openid nor schedules anything; nothing leads to the person', async () => {
    const { fox, deer } = await world();
    const held = new Set(mentions([DEER.openid, DEER.nickname]).map((m) => m.split('/')[0]));
    expect([...held]).toEqual(expect.arrayContaining(['invite_visits', 'paid_memberships']));
    expect(dump('subscribe_quotas').some((q) => q._id === deer.memberId)).toBe(true);

    await ok(as(DEER.openid, 'deleteAccount', { confirm: true }));

    expect(mentions([DEER.openid, DEER.nickname])).toEqual([]);
    expect(dump('invite_visits').filter((v) => v.memberId === deer.memberId)).toEqual([]);
    expect(dump('subscribe_quotas').map((q) => q._id)).toEqual([fox.memberId]);
    const membership = dump('paid_memberships').find((m) => m._id === deer.memberId);
    expect(membership.openid).toBeUndefined();
    expect(membership).toMatchObject({ nextPackAt: null, nextReminderAt: null, giftsPending: [], giftsPendingAt: null });
    // The member document's bindings went with the rest of the person; check-ins and rewards stay under the member id.
    const member = dump('members').find((m) => m._id === deer.memberId);
    expect(member.referral).toBeUndefined();
    expect(member.guide).toBeUndefined();
    expect(dump('checkins').filter((c) => c.memberId === deer.memberId)).toHaveLength(1);
    expect(dump('referral_rewards').filter((r) => r.inviteeId === deer.memberId)).toHaveLength(2);
    expect(checkLedger(dump('accounts'), dump('ledger_entries'))).toEqual([]);
    // FOX is untouched.
    expect(dump('invite_visits').filter((v) => v.openid === FOX.openid)).toEqual([]);
    expect(dump('paid_memberships').length).toBe(1);
    expect(mentions([FOX.openid, FOX.nickname]).length).toBeGreaterThan(0);
  });

  test('a message prepared before the deletion is not sent, even with quota left, and spends nothing', async () => {
    const { memberId } = await register(cloud, DEER.openid);
    await giveQuota(cloud, DEER.openid, { [PACK_TEMPLATE]: 1 });
    await ok(as(DEER.openid, 'deleteAccount', { confirm: true }));
    // The erasure deleted the quota; a send already under way may still find one (before the
    // erasure ran, or a crash between the two): put it back to see the send refuse on its own.
    await sdkDb().collection('subscribe_quotas').doc(memberId).set({ data: { memberId, quotas: { monthlyPack: 1 }, updatedAt: new Date() } });
    const outcome = await sendWithQuota(jobContext(), { memberId, openid: DEER.openid, template: 'monthlyPack', page: 'member/membership/index', data: { thing1: { value: '本月券包' }, thing2: { value: '已到账' } } });
    expect(outcome).toBe('skipped_no_recipient');
    expect(dump('outbox')).toEqual([]);
    expect(dump('subscribe_quotas').find((q) => q._id === memberId).quotas.monthlyPack).toBe(1);
  });

  test('a reward whose receiver is deleted between the check and the payment is cancelled, no points posted', async () => {
    const { fox } = await world();
    const rewardId = dump('referral_rewards').find((r) => r.role === 'inviter' && r.memberId === fox.memberId)._id;
    await sdkDb().collection('referral_rewards').doc(rewardId).update({ data: { status: 'approved' } });
    // The inviter deletes their account after payReward's first check, before its transaction.
    let first = true;
    const ctx = jobContext();
    const racing = {
      ...ctx,
      transaction: async <T>(work: (tx: any) => Promise<T>) => {
        if (first) {
          first = false;
          const gone = await as(FOX.openid, 'deleteAccount', { confirm: true });
          if (!gone.ok) throw new Error(JSON.stringify(gone));
        }
        return runInTransaction(ctx.db, work);
      },
    };
    const settled = await payReward(racing, rewardId);
    expect(settled).toMatchObject({ status: 'cancelled', note: '会员已注销，奖励未发放' });
    expect(dump('referral_rewards').find((r) => r._id === rewardId)).toMatchObject({ status: 'cancelled', paidPostingId: null });
    expect(balances(cloud, fox.memberId).points).toBe(0);
    expect(dump('ledger_entries').filter((e) => e.memberId === fox.memberId && e.source?.type === 'referral')).toEqual([]);
    expect(checkLedger(dump('accounts'), dump('ledger_entries'))).toEqual([]);
  });
});
