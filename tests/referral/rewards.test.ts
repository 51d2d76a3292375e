import type { LocalCloud } from '../../scripts/local-cloud';
import { setLocalRiskRank } from '../../scripts/local-cloud/services/openapi';
import { referralRewardsJob } from '../../cloudfunctions/core/referral/approval-job';
import { jobContext } from '../overview/support';
import { callAs, snapshotAll } from '../support/cloud';
import { CASHIER, OPERATOR, STORE, acceptStoredValueAgreement, balances, entriesOf, memberCode, onASeededCloudEachTest, register, requestId, sdkDb, setClock } from '../support/world';
import { DAY_MS, createCampaign, inviter, memberOf, ok, openInvite } from './helpers';

// Inviter rewards: qualification by the invitee's first purchase or top-up (once, however often
// it is delivered), the hold, the approval job with the risk check, the operators' review,
// refunds (cancel inside the window, claw back after payment), caps; and the members' and
// operators' reads of them.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const dump = (name: string): any[] => cloud.db.dump(name) as any[];
const tick = () => referralRewardsJob.run(jobContext(), Date.now() + 20_000);
const rewardOf = (inviteeId: string) => dump('referral_rewards').find((r) => r.inviteeId === inviteeId && r.role === 'inviter');

/** `inviteeOpenid` opens the inviter's code and registers: bound, welcome reward paid. */
async function invite(code: string, inviteeOpenid: string): Promise<{ memberId: string; memberNo: string }> {
  await ok(openInvite(cloud, inviteeOpenid, code));
  const invitee = await register(cloud, inviteeOpenid);
  if (!memberOf(cloud, inviteeOpenid).referral) throw new Error(`${inviteeOpenid} not bound`);
  return invitee;
}

async function buy(openid: string, amountFen: number, id = requestId()): Promise<any> {
  return ok(callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await memberCode(cloud, openid), amountFen, walletFen: 0 }, id));
}

const refund = (purchaseId: string) => ok(callAs(cloud, CASHIER, 'staff', 'refundPurchase', { purchaseId }, requestId()));

async function setting() {
  await createCampaign(cloud);
  const a = await inviter(cloud, 'o-inviter');
  const b = await invite(a.code, 'o-invitee');
  return { a, b };
}

it('the first purchase of at least the minimum qualifies once: pending reward, counters, qualifiedAt, event; a replay and later purchases add nothing', async () => {
  setClock('2026-03-10T04:00:00Z');
  const { a, b } = await setting();
  await buy('o-invitee', 2999); // paid under ¥30: nothing
  expect(rewardOf(b.memberId)).toBeUndefined();
  const id = requestId();
  const first = await buy('o-invitee', 3000, id);
  const again = await callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await memberCode(cloud, 'o-invitee'), amountFen: 3000, walletFen: 0 }, id);
  expect(again.data.purchaseId).toBe(first.purchaseId);
  await buy('o-invitee', 8000);
  const rewards = dump('referral_rewards').filter((r) => r.role === 'inviter');
  expect(rewards).toHaveLength(1);
  const reward = rewards[0];
  expect(reward).toMatchObject({ _id: `${reward.campaignId}:${b.memberId}:inviter`, memberId: a.memberId, status: 'pending', points: 300, qualifiedBy: { kind: 'purchase', id: first.purchaseId, amountFen: 3000 }, day: '2026-03-10', month: '2026-03' });
  expect(new Date(reward.holdUntil).getTime() - new Date(reward.createdAt).getTime()).toBe(7 * DAY_MS);
  expect(dump('purchases').find((p) => p._id === first.purchaseId).referralRewardId).toBe(reward._id);
  expect(memberOf(cloud, 'o-invitee').referral).toMatchObject({ inviterId: a.memberId, ended: false, qualifiedAt: expect.any(Date) });
  expect(dump('referral_counters').map((c) => [c._id, c.count]).sort()).toEqual([[`${a.memberId}:${reward.campaignId}:2026-03`, 1], [`${a.memberId}:${reward.campaignId}:2026-03-10`, 1]]);
  expect(dump('referral_events').filter((e) => e.kind === 'qualify')).toEqual([expect.objectContaining({ sourceId: a.memberId, memberId: b.memberId, points: 300, day: '2026-03-10' })]);
  expect(balances(cloud, a.memberId).points).toBe(0); // nothing before the hold ends
});

it('a top-up campaign: one pay notification delivered 20 times at once credits once and qualifies once', async () => {
  await createCampaign(cloud, { qualify: { kind: 'topup', minFen: 10000 } });
  const a = await inviter(cloud, 'o-inviter');
  const b = await invite(a.code, 'o-invitee');
  await buy('o-invitee', 50000); // a purchase does not qualify a top-up campaign
  expect(rewardOf(b.memberId)).toBeUndefined();
  await acceptStoredValueAgreement(cloud, 'o-invitee');
  const order = await ok(callAs(cloud, 'o-invitee', 'member', 'createTopup', { packageId: 'p100' }, requestId()));
  await Promise.all(Array.from({ length: 20 }, () => cloud.services.completePayment(order.outTradeNo)));
  expect(balances(cloud, b.memberId).principal).toBe(10000);
  const rewards = dump('referral_rewards').filter((r) => r.role === 'inviter');
  expect(rewards).toEqual([expect.objectContaining({ status: 'pending', qualifiedBy: { kind: 'topup', id: order.outTradeNo, amountFen: 10000 } })]);
  expect(dump('payment_orders').find((o) => o._id === order.outTradeNo)).toMatchObject({ status: 'paid', referralRewardId: rewards[0]._id });
  expect(dump('referral_events').filter((e) => e.kind === 'qualify')).toHaveLength(1);

  // Its refund inside the hold cancels it; the job never pays it.
  await ok(callAs(cloud, 'o-invitee', 'member', 'refundTopup', { lotId: order.outTradeNo }, requestId()));
  expect(rewardOf(b.memberId)).toMatchObject({ status: 'cancelled' });
  expect(memberOf(cloud, 'o-invitee').referral.ended).toBe(true);
});

it('refund inside the window: cancelled, the job never pays it, and the referral never qualifies again', async () => {
  setClock('2026-03-10T04:00:00Z');
  const { a, b } = await setting();
  const purchase = await buy('o-invitee', 5000);
  setClock('2026-03-15T04:00:00Z');
  await refund(purchase.purchaseId);
  expect(rewardOf(b.memberId)).toMatchObject({ status: 'cancelled', note: '资格订单已退款' });
  expect(memberOf(cloud, 'o-invitee').referral).toMatchObject({ ended: true });
  setClock('2026-03-18T04:00:00Z');
  await tick();
  await buy('o-invitee', 5000); // a new first purchase after the refund
  expect(dump('referral_rewards').filter((r) => r.role === 'inviter')).toEqual([expect.objectContaining({ status: 'cancelled' })]);
  expect(balances(cloud, a.memberId).points).toBe(0);
  expect(entriesOf(cloud, a.memberId)).toEqual([]);
});

it('refund after the payment: clawed back by a reversing entry; with the points spent meanwhile, the rest becomes a debt', async () => {
  setClock('2026-03-10T04:00:00Z');
  const { a, b } = await setting();
  const purchase = await buy('o-invitee', 5000);
  setClock('2026-03-17T04:00:01Z'); // just past the end of the hold (7 days after the purchase)
  expect(await tick()).toMatchObject({ processed: 1, done: true, failed: 0 });
  expect(rewardOf(b.memberId)).toMatchObject({ status: 'paid', riskRank: 0, paidPostingId: expect.any(String) });
  expect(balances(cloud, a.memberId).points).toBe(300);
  const [grant] = entriesOf(cloud, a.memberId);
  expect(grant).toMatchObject({ kind: 'grant', amount: 300, source: { type: 'referral', id: rewardOf(b.memberId)._id } });

  // The inviter spends 250 of the 300 (an operator's deduction stands for any spend).
  await ok(callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo: a.memberNo, amount: -250, reason: '兑换礼品' }, requestId()));
  setClock('2026-03-20T04:00:00Z');
  await refund(purchase.purchaseId);
  const reward = rewardOf(b.memberId);
  expect(reward).toMatchObject({ status: 'clawed_back', clawbackPostingId: expect.any(String) });
  // 50 taken from what is left, 250 owed: the balance never goes negative.
  expect(balances(cloud, a.memberId)).toMatchObject({ points: 0, debt: 250 });
  const reversal = entriesOf(cloud, a.memberId).find((e) => e.kind === 'reversal');
  expect(reversal).toMatchObject({ amount: -50, debtDelta: 250, correctsEntryId: grant._id, postingId: reward.clawbackPostingId, source: { type: 'referral_clawback', id: reward._id } });
  expect(memberOf(cloud, 'o-invitee').referral.ended).toBe(true);
  // Later points settle the debt first (ledger rule).
  await ok(callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo: a.memberNo, amount: 300, reason: '补偿' }, requestId()));
  expect(balances(cloud, a.memberId)).toMatchObject({ points: 50, debt: 0 });
});

it('refund after payment with the points still there: the whole reward is taken back', async () => {
  setClock('2026-03-10T04:00:00Z');
  const { a, b } = await setting();
  const purchase = await buy('o-invitee', 5000);
  setClock('2026-03-17T05:00:00Z');
  await tick();
  await refund(purchase.purchaseId);
  expect(rewardOf(b.memberId).status).toBe('clawed_back');
  expect(balances(cloud, a.memberId)).toMatchObject({ points: 0, debt: 0 });
  // A second tick finds nothing to do.
  expect(await tick()).toMatchObject({ processed: 0, done: true });
});

it('caps per brand-zone day and month: over a cap the reward is capped and never paid', async () => {
  await createCampaign(cloud, { capPerDay: 1, capPerMonth: 2, holdDays: 0 });
  setClock('2026-03-10T15:58:00Z');
  const a = await inviter(cloud, 'o-inviter');
  const at = async (clock: string, openid: string) => {
    setClock(clock);
    const invitee = await invite(a.code, openid);
    await buy(openid, 3000);
    return rewardOf(invitee.memberId);
  };
  expect(await at('2026-03-10T15:59:00Z', 'o-1')).toMatchObject({ status: 'pending', day: '2026-03-10' }); // 23:59 on the 10th
  expect(await at('2026-03-10T15:59:59Z', 'o-2')).toMatchObject({ status: 'capped', note: '超过邀请人每日奖励上限', holdUntil: null });
  expect(await at('2026-03-10T16:00:00Z', 'o-3')).toMatchObject({ status: 'pending', day: '2026-03-11' }); // 00:00 on the 11th
  expect(await at('2026-03-31T15:59:59Z', 'o-4')).toMatchObject({ status: 'capped', note: '超过邀请人每月奖励上限', month: '2026-03' });
  expect(await at('2026-03-31T16:00:00Z', 'o-5')).toMatchObject({ status: 'pending', month: '2026-04' }); // 1 April
  await tick();
  const statuses = dump('referral_rewards').filter((r) => r.role === 'inviter').map((r) => r.status).sort();
  expect(statuses).toEqual(['capped', 'capped', 'paid', 'paid', 'paid']);
  expect(balances(cloud, a.memberId).points).toBe(900);
});

it('a high risk rank flags the reward; an operator approves (paid now, audited) or rejects (closed)', async () => {
  setClock('2026-03-10T04:00:00Z');
  await createCampaign(cloud);
  const a = await inviter(cloud, 'o-inviter');
  const b = await invite(a.code, 'o-risky');
  const c = await invite(a.code, 'o-risky-2');
  await buy('o-risky', 3000);
  await buy('o-risky-2', 3000);
  await setLocalRiskRank('o-risky', { rank: 3 });
  await setLocalRiskRank('o-risky-2', { rank: 4 });
  setClock('2026-03-18T04:00:00Z');
  await tick();
  expect(rewardOf(b.memberId)).toMatchObject({ status: 'flagged', riskRank: 3 });
  expect(rewardOf(c.memberId)).toMatchObject({ status: 'flagged', riskRank: 4 });
  expect(balances(cloud, a.memberId).points).toBe(0);

  const listed = await ok(callAs(cloud, OPERATOR, 'admin', 'referralRewards', { status: 'flagged' }));
  expect(listed.rewards.map((r: any) => r.rewardId).sort()).toEqual([rewardOf(b.memberId)._id, rewardOf(c.memberId)._id].sort());
  expect(listed.rewards[0]).toMatchObject({ role: 'inviter', beneficiary: { memberNo: a.memberNo }, riskRank: expect.any(Number), points: 300 });

  const approved = await ok(callAs(cloud, OPERATOR, 'admin', 'reviewReferralReward', { rewardId: rewardOf(b.memberId)._id, decision: 'approve', reason: '核实为真实好友' }, requestId()));
  expect(approved).toMatchObject({ status: 'paid', note: '核实为真实好友' });
  expect(balances(cloud, a.memberId).points).toBe(300);
  const rejected = await ok(callAs(cloud, OPERATOR, 'admin', 'reviewReferralReward', { rewardId: rewardOf(c.memberId)._id, decision: 'reject', reason: '疑似小号' }, requestId()));
  expect(rejected).toMatchObject({ status: 'rejected' });
  await tick();
  expect(balances(cloud, a.memberId).points).toBe(300);
  const audits = dump('audit_log').filter((e) => e.action === 'reviewReferralReward');
  expect(audits.map((e) => [e.after.status, e.reason]).sort()).toEqual([['approved', '核实为真实好友'], ['rejected', '疑似小号']]);
  // A decided reward cannot be reviewed again.
  const twice = await callAs(cloud, OPERATOR, 'admin', 'reviewReferralReward', { rewardId: rewardOf(c.memberId)._id, decision: 'approve', reason: '再看看' }, requestId());
  expect(twice).toMatchObject({ ok: false, code: 'REWARD_NOT_FLAGGED' });
});

it('a failing risk call leaves the reward pending for the next tick', async () => {
  setClock('2026-03-10T04:00:00Z');
  const { a, b } = await setting();
  await buy('o-invitee', 3000);
  await setLocalRiskRank('o-invitee', { errcode: -1 });
  setClock('2026-03-18T04:00:00Z');
  expect(await tick()).toMatchObject({ processed: 0, failed: 1 });
  expect(rewardOf(b.memberId).status).toBe('pending');
  expect(dump('job_failures').map((f) => f.job)).toContain('referral-rewards');
  await setLocalRiskRank('o-invitee', null);
  await tick();
  expect(rewardOf(b.memberId).status).toBe('paid');
  expect(balances(cloud, a.memberId).points).toBe(300);
});

it('two approval jobs at once pay once', async () => {
  setClock('2026-03-10T04:00:00Z');
  const { a, b } = await setting();
  await buy('o-invitee', 3000);
  setClock('2026-03-18T04:00:00Z');
  await Promise.all([tick(), tick(), tick()]);
  expect(rewardOf(b.memberId).status).toBe('paid');
  expect(balances(cloud, a.memberId).points).toBe(300);
  expect(entriesOf(cloud, a.memberId).filter((e) => e.kind === 'grant')).toHaveLength(1);
  expect(dump('referral_events').filter((e) => e.kind === 'paid' && e.memberId === a.memberId)).toHaveLength(1);
});

it('my invites: statuses, masked names, summary and paging', async () => {
  setClock('2026-03-10T04:00:00Z');
  await createCampaign(cloud);
  const a = await inviter(cloud, 'o-inviter');
  const people = [];
  for (const [i, openid] of ['o-x1', 'o-x2', 'o-x3', 'o-x4'].entries()) {
    setClock(`2026-03-10T0${4 + i}:00:00Z`);
    people.push(await invite(a.code, openid));
  }
  await sdkDb().collection('members').doc(people[0].memberId).update({ data: { nickname: '小明同学' } });
  await ok(openInvite(cloud, 'o-never', a.code)); // opened, never registered
  setClock('2026-03-10T07:00:00Z');
  await buy('o-x2', 3000); // paid by the first tick
  setClock('2026-03-10T09:00:00Z');
  await buy('o-x3', 3000); // still held at the first tick
  setClock('2026-03-17T08:00:00Z');
  await tick(); // pays x2 only (x3's hold ends at 09:00)
  await setLocalRiskRank('o-x4', { rank: 4 });
  setClock('2026-03-17T08:30:00Z');
  await buy('o-x4', 3000);
  setClock('2026-03-24T09:00:00Z');
  await tick(); // x3 paid too, x4 flagged
  const page1 = await ok(callAs(cloud, 'o-inviter', 'member', 'myInvites', { limit: 3 }));
  expect(page1.summary).toEqual({ opened: 5, registered: 4, qualified: 3, rewarded: 2, pending: 0, flagged: 1, pointsEarned: 600 });
  expect(page1.items.map((i: any) => i.status)).toEqual(['flagged', 'rewarded', 'rewarded']);
  expect(page1.items[0]).toMatchObject({ name: '微信用户', points: 300, holdUntil: null, paidAt: null });
  const at = (prefix: string) => expect.stringMatching(new RegExp(`^${prefix}`));
  expect(page1.items[1]).toMatchObject({ qualifiedAt: at('2026-03-10T09:00:00'), paidAt: at('2026-03-24T09:00:00') });
  expect(page1.items[2]).toMatchObject({ registeredAt: at('2026-03-10T05:00:00'), qualifiedAt: at('2026-03-10T07:00:00'), paidAt: at('2026-03-17T08:00:00') });
  const page2 = await ok(callAs(cloud, 'o-inviter', 'member', 'myInvites', { limit: 3, cursor: page1.nextCursor }));
  expect(page2.items).toEqual([expect.objectContaining({ name: '小*', status: 'registered', qualifiedAt: null, openedAt: expect.stringMatching(/^2026-03-10T04:00:00/) })]);
  expect(page2.nextCursor).toBeNull();
});

it('the KOC leaderboard ranks a brand-zone month by qualified invites, with the caller’s own row', async () => {
  await createCampaign(cloud, { capPerDay: null, capPerMonth: null });
  setClock('2026-03-01T00:00:00Z');
  const a = await inviter(cloud, 'o-a');
  const b = await inviter(cloud, 'o-b');
  await register(cloud, 'o-c');
  const qualifyAt = async (clock: string, code: string, openid: string) => {
    setClock(clock);
    await invite(code, openid);
    await buy(openid, 3000);
  };
  await qualifyAt('2026-03-05T00:00:00Z', b.code, 'o-b1');
  await qualifyAt('2026-03-06T00:00:00Z', a.code, 'o-a1');
  await qualifyAt('2026-03-07T00:00:00Z', a.code, 'o-a2');
  await qualifyAt('2026-03-31T15:59:59Z', b.code, 'o-b2'); // still March in the brand's zone
  await qualifyAt('2026-03-31T16:00:00Z', b.code, 'o-b3'); // 1 April
  await sdkDb().collection('members').doc(b.memberId).update({ data: { koc: true, nickname: '鹿鹿' } });
  const march = await ok(callAs(cloud, 'o-a', 'member', 'kocLeaderboard', { month: '2026-03' }));
  // a and b both have 2 in March; a reached 2 first (7 March, b on 31 March).
  expect(march.rows).toEqual([
    { rank: 1, name: '微信用户', qualified: 2, koc: false, me: true },
    { rank: 2, name: '鹿*', qualified: 2, koc: true, me: false },
  ]);
  expect(march.mine).toEqual(march.rows[0]);
  const april = await ok(callAs(cloud, 'o-b', 'member', 'kocLeaderboard', {})); // the clock is in April (brand zone)
  expect(april).toMatchObject({ month: '2026-04', rows: [{ rank: 1, qualified: 1, me: true }] });
  expect(await ok(callAs(cloud, 'o-c', 'member', 'kocLeaderboard', {}))).toMatchObject({ mine: null });
  expect(await ok(callAs(cloud, OPERATOR, 'admin', 'adminKocLeaderboard', { month: '2026-03' }))).toEqual({ month: '2026-03', rows: [expect.objectContaining({ rank: 1, me: false }), expect.objectContaining({ rank: 2, koc: true })] });
  // The owner may act on a row (标记KOC): each row carries the member number. An analyst reads
  // masked data only: the same rows without it. Members never get it.
  const owners = await ok(callAs(cloud, OPERATOR, 'admin', 'adminKocLeaderboard', { month: '2026-03' }));
  expect(owners.rows.map((r: { memberNo?: string }) => r.memberNo)).toEqual([a.memberNo, b.memberNo]);
  await sdkDb().collection('operators').doc('o-analyst').set({ data: { name: '分析', role: 'analyst', active: true } });
  const analysts = await ok(callAs(cloud, 'o-analyst', 'admin', 'adminKocLeaderboard', { month: '2026-03' }));
  expect(analysts.rows).toEqual([
    { rank: 1, name: '微信用户', qualified: 2, koc: false, me: false },
    { rank: 2, name: '鹿*', qualified: 2, koc: true, me: false },
  ]);
  expect(march.rows.every((r: { memberNo?: string }) => r.memberNo === undefined)).toBe(true);
});

it('referral report: figures and K-factor from the events, per campaign and in total', async () => {
  setClock('2026-03-10T04:00:00Z');
  const campaignId = await createCampaign(cloud);
  const a = await inviter(cloud, 'o-a');
  const b = await inviter(cloud, 'o-b');
  await inviter(cloud, 'o-c');
  await invite(a.code, 'o-a1');
  await invite(a.code, 'o-a2');
  await invite(b.code, 'o-b1');
  await ok(callAs(cloud, 'o-c', 'member', 'recordShare', { channel: 'card' }, requestId()));
  await ok(callAs(cloud, 'o-a', 'member', 'recordShare', { channel: 'poster' }, requestId()));
  await buy('o-a1', 3000);
  await buy('o-b1', 3000);
  setClock('2026-03-17T05:00:00Z');
  await tick();
  const report = await ok(callAs(cloud, OPERATOR, 'admin', 'referralReport', { from: '2026-03-01', to: '2026-03-31' }));
  // Shares 2 (a, c); opens 3; registrations 3; qualified 2; paid: 3 welcome rewards (100) + 2 inviter rewards (300);
  // active inviters a, b (opens) and c (share) = 3; K = 2 / 3 = 0.67.
  const expected = { shares: 2, opens: 3, registrations: 3, qualified: 2, rewardsPaid: 5, pointsPaid: 900, activeInviters: 3, kFactor: 0.67 };
  expect(report.total).toEqual(expected);
  expect(report.campaigns).toEqual([{ campaignId, name: expect.any(String), figures: expected }]);
  // The payments fall on 17 March: a range of the 10th alone has the welcome rewards only.
  const tenth = await ok(callAs(cloud, OPERATOR, 'admin', 'referralReport', { from: '2026-03-10', to: '2026-03-10', campaignId }));
  expect(tenth.total).toEqual({ ...expected, rewardsPaid: 3, pointsPaid: 300 });
  const april = await ok(callAs(cloud, OPERATOR, 'admin', 'referralReport', { from: '2026-04-01', to: '2026-04-30' }));
  expect(april.total).toEqual({ shares: 0, opens: 0, registrations: 0, qualified: 0, rewardsPaid: 0, pointsPaid: 0, activeInviters: 0, kFactor: 0 });
});

it('guide report: members bound and purchases carrying the guide, per store and staff; a store manager sees only theirs', async () => {
  setClock('2026-03-10T04:00:00Z');
  const db = sdkDb();
  await db.collection('stores').doc('store-b').set({ data: { name: '乙店', address: '乙路', active: true, createdAt: new Date('2026-01-01T00:00:00Z') } });
  await db.collection('staff').doc('o-cashier-b').set({ data: { storeId: 'store-b', name: '乙店员', active: true } });
  await db.collection('operators').doc('o-manager-b').set({ data: { name: '乙店长', role: 'store_manager', storeIds: ['store-b'], active: true } });
  await db.collection('staff').doc(CASHIER).update({ data: { name: '王芳' } });
  const code = (await ok(callAs(cloud, CASHIER, 'staff', 'myChannelCode'))).code;
  await ok(openInvite(cloud, 'o-guided', code));
  await register(cloud, 'o-guided');
  const codeB = (await ok(callAs(cloud, 'o-cashier-b', 'staff', 'myChannelCode'))).code;
  await ok(openInvite(cloud, 'o-guided-b', codeB));
  await register(cloud, 'o-guided-b');
  const first = await buy('o-guided', 5000);
  await buy('o-guided', 2500);
  await register(cloud, 'o-plain');
  const plain = await buy('o-plain', 9900);
  expect(dump('purchases').find((p) => p._id === first.purchaseId).guide).toEqual({ staffOpenid: CASHIER, storeId: STORE });
  expect(dump('purchases').find((p) => p._id === plain.purchaseId).guide).toBeNull();

  const all = await ok(callAs(cloud, OPERATOR, 'admin', 'guideReport', { from: '2026-03-10', to: '2026-03-10' }));
  expect(all.rows).toEqual([
    { storeId: 'store-b', storeName: '乙店', staffOpenid: 'o-cashier-b', staffName: '乙店员', membersBound: 1, purchases: 0, revenueFen: 0 },
    { storeId: STORE, storeName: '测试门店', staffOpenid: CASHIER, staffName: '王芳', membersBound: 1, purchases: 2, revenueFen: 7500 },
  ]);
  const mine = await ok(callAs(cloud, 'o-manager-b', 'admin', 'guideReport', { from: '2026-03-01', to: '2026-03-31' }));
  expect(mine.rows.map((r: any) => r.storeId)).toEqual(['store-b']);
  const before = snapshotAll(cloud);
  expect(await callAs(cloud, 'o-manager-b', 'admin', 'guideReport', { from: '2026-03-01', to: '2026-03-31', storeId: STORE })).toMatchObject({ ok: false, code: 'FORBIDDEN' });
  expect(snapshotAll(cloud)).toEqual(before);
  // A refunded purchase leaves the figures.
  await refund(first.purchaseId);
  const after = await ok(callAs(cloud, OPERATOR, 'admin', 'guideReport', { from: '2026-03-10', to: '2026-03-10', storeId: STORE }));
  expect(after.rows).toEqual([expect.objectContaining({ purchases: 1, revenueFen: 2500 })]);
});

it('bad input on each rewards action: a typed error and no state change', async () => {
  setClock('2026-03-10T04:00:00Z');
  const { b } = await setting();
  await buy('o-invitee', 3000);
  const pending = rewardOf(b.memberId)._id;
  const without = (all: Record<string, unknown[]>) => Object.fromEntries(Object.entries(all).filter(([name]) => name !== 'requests'));
  const cases: [string, string, string, unknown, string][] = [
    ['o-inviter', 'member', 'myInvites', { limit: 0 }, 'INVALID_INPUT'],
    ['o-inviter', 'member', 'myInvites', { cursor: 'not a cursor' }, 'INVALID_INPUT'],
    ['o-inviter', 'member', 'myInvites', { extra: 1 }, 'INVALID_INPUT'],
    ['o-stranger', 'member', 'myInvites', {}, 'MEMBER_NOT_FOUND'],
    ['o-inviter', 'member', 'kocLeaderboard', { month: '2026-13' }, 'INVALID_INPUT'],
    [OPERATOR, 'admin', 'referralRewards', { status: 'paid_twice' }, 'INVALID_INPUT'],
    [OPERATOR, 'admin', 'referralRewards', { limit: 101 }, 'INVALID_INPUT'],
    [OPERATOR, 'admin', 'reviewReferralReward', { rewardId: 'no-such-reward', decision: 'approve', reason: '核实' }, 'REWARD_NOT_FOUND'],
    [OPERATOR, 'admin', 'reviewReferralReward', { rewardId: pending, decision: 'approve', reason: '核实' }, 'REWARD_NOT_FLAGGED'],
    [OPERATOR, 'admin', 'reviewReferralReward', { rewardId: pending, decision: 'maybe', reason: '核实' }, 'INVALID_INPUT'],
    [OPERATOR, 'admin', 'reviewReferralReward', { rewardId: pending, decision: 'reject', reason: '' }, 'INVALID_INPUT'],
    [OPERATOR, 'admin', 'referralReport', { from: '2026-03-02', to: '2026-03-01' }, 'INVALID_INPUT'],
    [OPERATOR, 'admin', 'referralReport', { from: '2025-01-01', to: '2026-03-01' }, 'INVALID_INPUT'],
    [OPERATOR, 'admin', 'referralReport', { from: '2026-02-30', to: '2026-03-01' }, 'INVALID_INPUT'],
    [OPERATOR, 'admin', 'referralReport', { from: '2026-03-01', to: '2026-03-02', campaignId: 'no-such-campaign' }, 'CAMPAIGN_NOT_FOUND'],
    [OPERATOR, 'admin', 'guideReport', { from: '2026-03-01' }, 'INVALID_INPUT'],
    [OPERATOR, 'admin', 'guideReport', { from: '2026-03-01', to: '2027-03-02' }, 'INVALID_INPUT'],
    [OPERATOR, 'admin', 'adminKocLeaderboard', { month: '26-03' }, 'INVALID_INPUT'],
  ];
  for (const [openid, fn, action, data, code] of cases) {
    const before = without(snapshotAll(cloud));
    const answer = await callAs(cloud, openid, fn, action, data, requestId());
    expect([action, data, answer.ok, answer.code]).toEqual([action, data, false, code]);
    expect(without(snapshotAll(cloud))).toEqual(before);
  }
});
