import type { LocalCloud } from '../../scripts/local-cloud';
import { openApiCallCount } from '../../scripts/local-cloud/services/openapi';
import { runInTransaction } from '../../cloudfunctions/core/platform/transaction';
import { payReward } from '../../cloudfunctions/core/referral/pay-reward';
import { callAs } from '../support/cloud';
import { CASHIER, CASHIER_2, OPERATOR, balances, entriesOf, onASeededCloudEachTest, register, requestId, sdkDb, setClock } from '../support/world';
import { createTemplate } from '../coupons/helpers';
import { CAMPAIGN, DAY_MS, createCampaign, eventsOf, inviter, memberOf, ok, openInvite, rewardsOf, staffCode, visitOf } from './helpers';

// Attribution scenarios over the emulator: who brought each member, and the welcome reward.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const T0 = '2026-06-10T02:00:00Z';
const at = (ms: number) => new Date(Date.parse(T0) + ms).toISOString();

function cronContext() {
  const db = require('wx-server-sdk').database({ throwOnNotFound: false });
  return { fn: 'cron', action: 'test', openid: '@timer', roles: {}, now: new Date(), db, transaction: (work: any) => runInTransaction(db, work) } as any;
}

describe('member invites', () => {
  beforeEach(async () => {
    setClock(T0);
    await createCampaign(cloud);
  });

  it('binds a new member who opened a code, pays the welcome points once, and records the events', async () => {
    const a = await inviter(cloud, 'openid-a');
    expect(await ok(openInvite(cloud, 'openid-v', a.code))).toEqual({ outcome: 'pending', source: 'member', fromName: expect.any(String), welcomeText: '注册即得 100 积分' });
    // Opening twice counts two opens of one visit.
    await ok(openInvite(cloud, 'openid-v', a.code));
    const visit = visitOf(cloud, 'openid-v', a.code);
    expect(visit).toMatchObject({ opens: 2, outcome: 'pending', memberId: null });
    expect(new Date(visit.bindableUntil).getTime() - new Date(visit.firstOpenAt).getTime()).toBe(7 * DAY_MS);

    const v = await register(cloud, 'openid-v');
    const member = memberOf(cloud, 'openid-v');
    expect(member.referral).toMatchObject({ inviterId: a.memberId, code: a.code, qualifiedAt: null, ended: false });
    expect(visitOf(cloud, 'openid-v', a.code)).toMatchObject({ outcome: 'bound', memberId: v.memberId });
    const [reward] = rewardsOf(cloud, v.memberId);
    expect(reward).toMatchObject({ role: 'invitee', status: 'paid', points: 100, inviterId: a.memberId, paidPostingId: expect.any(String) });
    expect(balances(cloud, v.memberId).points).toBe(100);
    expect(entriesOf(cloud, v.memberId)).toEqual([expect.objectContaining({ amount: 100, kind: 'grant', source: { type: 'referral', id: reward._id } })]);
    expect(eventsOf(cloud, 'open')).toHaveLength(2);
    expect(eventsOf(cloud, 'register')).toEqual([expect.objectContaining({ sourceId: a.memberId, memberId: v.memberId, day: '2026-06-10' })]);
    expect(eventsOf(cloud, 'paid')).toEqual([expect.objectContaining({ memberId: v.memberId, points: 100 })]);

    // Paying again (the job after a crash, twice at once) changes nothing.
    await Promise.all([payReward(cronContext(), reward._id), payReward(cronContext(), reward._id)]);
    expect(balances(cloud, v.memberId).points).toBe(100);
    expect(entriesOf(cloud, v.memberId)).toHaveLength(1);
  });

  it('an approved reward left unpaid (a crash after registration) is paid once by payReward, even twice at once', async () => {
    const a = await inviter(cloud, 'openid-a');
    await ok(openInvite(cloud, 'openid-v', a.code));
    const v = await register(cloud, 'openid-v');
    const rewardId = rewardsOf(cloud, v.memberId)[0]._id;
    // As if the process died between the registration's commit and the payment.
    await sdkDb().collection('referral_rewards').doc(rewardId).update({ data: { status: 'approved', paidAt: null, paidPostingId: null } });
    await sdkDb().collection('referral_events').doc(`paid:${rewardId}`).remove();
    const before = balances(cloud, v.memberId).points;
    await Promise.all([payReward(cronContext(), rewardId), payReward(cronContext(), rewardId)]);
    // The posting id derives from the reward: the same entries are written again, not new ones.
    expect(balances(cloud, v.memberId).points).toBe(before + 100);
    expect(rewardsOf(cloud, v.memberId)[0].status).toBe('paid');
  });

  it('self-referral: opening your own code answers self and binds nothing', async () => {
    const a = await inviter(cloud, 'openid-a');
    expect(await ok(openInvite(cloud, 'openid-a', a.code))).toMatchObject({ outcome: 'self' });
    expect(memberOf(cloud, 'openid-a').referral).toBeUndefined();
    expect(rewardsOf(cloud, a.memberId)).toEqual([]);
  });

  it('an existing member opening a code is counted as an open and never bound', async () => {
    const a = await inviter(cloud, 'openid-a');
    await register(cloud, 'openid-b');
    expect(await ok(openInvite(cloud, 'openid-b', a.code))).toMatchObject({ outcome: 'existing_member', welcomeText: null });
    expect(visitOf(cloud, 'openid-b', a.code)).toMatchObject({ outcome: 'existing_member' });
    expect(memberOf(cloud, 'openid-b').referral).toBeUndefined();
    expect(eventsOf(cloud, 'open')).toHaveLength(1);
    expect(eventsOf(cloud, 'register')).toHaveLength(0);
  });

  it('a cycle in hand-repaired data: an inviter whose own chain reaches the visitor does not bind', async () => {
    const a = await inviter(cloud, 'openid-a');
    // Repaired by hand: A's inviter is an old record of the visitor's own person (same openid).
    await sdkDb().collection('members').doc('m_old_visitor').set({ data: { memberNo: '1999999999', openid: 'openid-v', nickname: '', avatarUrl: null, tierCode: 'green', tierReviewAt: null, registeredAt: new Date(T0) } });
    await sdkDb().collection('members').doc(a.memberId).update({ data: { referral: { inviterId: 'm_old_visitor', campaignId: 'x', code: 'iAAAAAAAAAAA', boundAt: new Date(T0), qualifiedAt: null, ended: false } } });
    await ok(openInvite(cloud, 'openid-v', a.code));
    const { memberNo } = await register(cloud, 'openid-v');
    const v = cloud.db.dump('members').find((m: any) => m.memberNo === memberNo);
    expect(v._id).not.toBe('m_old_visitor');
    expect(v.referral).toBeUndefined();
    expect(visitOf(cloud, 'openid-v', a.code)).toMatchObject({ outcome: 'self', memberId: v._id });
    expect(rewardsOf(cloud, v._id)).toEqual([]);
  });

  it('two inviters racing for one invitee: both visits recorded at once, the earliest valid one binds', async () => {
    const a = await inviter(cloud, 'openid-a');
    const c = await inviter(cloud, 'openid-c');
    await Promise.all([ok(openInvite(cloud, 'openid-v', a.code)), ok(openInvite(cloud, 'openid-v', c.code))]);
    const visits = [visitOf(cloud, 'openid-v', a.code), visitOf(cloud, 'openid-v', c.code)];
    const earliest = [...visits].sort((x, y) => new Date(x.firstOpenAt).getTime() - new Date(y.firstOpenAt).getTime() || (x._id < y._id ? -1 : 1))[0];
    // And the visitor registers twice at once (two `me` calls from two pages).
    await Promise.all([callAs(cloud, 'openid-v', 'member', 'me'), callAs(cloud, 'openid-v', 'member', 'me')]);
    const members = cloud.db.dump('members').filter((m: any) => m.openid === 'openid-v');
    expect(members).toHaveLength(1);
    expect(members[0].referral.inviterId).toBe(earliest.sourceId);
    expect(cloud.db.dump('invite_visits').map((v: any) => v.outcome).sort()).toEqual(['bound', 'superseded']);
    const rewards = rewardsOf(cloud, members[0]._id);
    expect(rewards).toHaveLength(1);
    expect(balances(cloud, members[0]._id).points).toBe(100);
    expect(eventsOf(cloud, 'register')).toHaveLength(1);
  });

  it('the later open binds when the earlier inviter was blocked meanwhile; a blocked inviter attributes nothing', async () => {
    const a = await inviter(cloud, 'openid-a');
    const c = await inviter(cloud, 'openid-c');
    await ok(openInvite(cloud, 'openid-v', a.code));
    setClock(at(60_000));
    await ok(openInvite(cloud, 'openid-v', c.code));
    await ok(callAs(cloud, OPERATOR, 'admin', 'setReferralBlocked', { memberNo: a.memberNo, blocked: true, reason: '刷单嫌疑' }, requestId()));
    expect(await ok(openInvite(cloud, 'openid-w', a.code))).toMatchObject({ outcome: 'inactive', welcomeText: null });
    const v = await register(cloud, 'openid-v');
    expect(memberOf(cloud, 'openid-v').referral.inviterId).toBe(c.memberId);
    expect(visitOf(cloud, 'openid-v', a.code).outcome).toBe('inactive');
    await register(cloud, 'openid-w');
    expect(memberOf(cloud, 'openid-w').referral).toBeUndefined();
    expect(rewardsOf(cloud, v.memberId)).toHaveLength(1);
    // The blocked member's invite page offers no campaign.
    expect((await ok(callAs(cloud, 'openid-a', 'member', 'invitePage'))).campaign).toBeNull();
  });

  it('a paused campaign stops its codes attributing', async () => {
    const a = await inviter(cloud, 'openid-a');
    await ok(openInvite(cloud, 'openid-v', a.code));
    const campaignId = memberOf(cloud, 'openid-a') && cloud.db.dump('referral_campaigns')[0]._id;
    await ok(callAs(cloud, OPERATOR, 'admin', 'setReferralCampaignStatus', { campaignId, status: 'paused' }, requestId()));
    await register(cloud, 'openid-v');
    expect(memberOf(cloud, 'openid-v').referral).toBeUndefined();
    expect(visitOf(cloud, 'openid-v', a.code).outcome).toBe('inactive');
  });

  it('the window: registering 1 s before firstOpenAt + 7 days binds, 1 s after does not', async () => {
    const a = await inviter(cloud, 'openid-a');
    await ok(openInvite(cloud, 'openid-early', a.code));
    await ok(openInvite(cloud, 'openid-late', a.code));
    setClock(at(7 * DAY_MS - 1_000));
    await register(cloud, 'openid-early');
    setClock(at(7 * DAY_MS + 1_000));
    await register(cloud, 'openid-late');
    expect(memberOf(cloud, 'openid-early').referral.inviterId).toBe(a.memberId);
    expect(memberOf(cloud, 'openid-late').referral).toBeUndefined();
    expect(visitOf(cloud, 'openid-late', a.code).outcome).toBe('expired');
  });

  it('a welcome coupon is issued once', async () => {
    const templateId = await createTemplate(cloud, { channel: 'grant' });
    const campaignId = await createCampaign(cloud, { welcome: { kind: 'coupon', templateId } });
    const a = await inviter(cloud, 'openid-a');
    expect(cloud.db.dump('invite_codes').find((c: any) => c._id === a.code).campaignId).toBe(campaignId);
    expect((await ok(openInvite(cloud, 'openid-v', a.code))).welcomeText).toBe('注册即得「满100减20」优惠券');
    await Promise.all([callAs(cloud, 'openid-v', 'member', 'me'), callAs(cloud, 'openid-v', 'member', 'me')]);
    const v = memberOf(cloud, 'openid-v');
    const [reward] = rewardsOf(cloud, v._id);
    expect(reward).toMatchObject({ status: 'paid', couponTemplateId: templateId, points: 0, couponId: expect.any(String) });
    await payReward(cronContext(), reward._id);
    expect(cloud.db.dump('coupons').filter((c: any) => c.memberId === v._id)).toEqual([expect.objectContaining({ _id: reward.couponId, templateId })]);
    expect(balances(cloud, v._id).points).toBe(0);
  });
});

describe('invite page and mini-program code', () => {
  it('answers no campaign when none is active', async () => {
    await register(cloud, 'openid-a');
    expect(await ok(callAs(cloud, 'openid-a', 'member', 'invitePage'))).toMatchObject({ campaign: null, code: null, sharePath: null });
  });

  it('gives one code per member and campaign, a scene within 32 characters, and draws the mini-program code once', async () => {
    await createCampaign(cloud);
    await register(cloud, 'openid-a');
    const calls = openApiCallCount('wxacode.getUnlimited');
    const first = await ok(callAs(cloud, 'openid-a', 'member', 'invitePage'));
    expect(first.code).toMatch(/^i[0-9A-Za-z]{11}$/);
    expect(`i=${first.code}`.length).toBeLessThanOrEqual(32);
    expect(first.sharePath).toBe(`pages/index/index?inv=${first.code}`);
    expect(first.poster.wxacodeUrl).toEqual(expect.stringContaining(`invite-codes/${first.code}.png`));
    expect(first.campaign.rulesText.length).toBeGreaterThan(3);
    const second = await ok(callAs(cloud, 'openid-a', 'member', 'invitePage'));
    expect(second.code).toBe(first.code);
    expect(openApiCallCount('wxacode.getUnlimited')).toBe(calls + 1);
    expect(cloud.db.dump('invite_codes')).toEqual([expect.objectContaining({ _id: first.code, source: 'member', wxacodeFileId: expect.stringContaining(`invite-codes/${first.code}.png`) })]);
    // The stored file deleted: drawn again.
    await require('wx-server-sdk').deleteFile({ fileList: [cloud.db.dump('invite_codes')[0].wxacodeFileId] });
    const third = await ok(callAs(cloud, 'openid-a', 'member', 'invitePage'));
    expect(third.poster.wxacodeUrl).toEqual(expect.stringContaining(first.code));
    expect(openApiCallCount('wxacode.getUnlimited')).toBe(calls + 2);
  });

  it('counts shares once per request', async () => {
    await createCampaign(cloud);
    await register(cloud, 'openid-a');
    const id = requestId();
    expect(await ok(callAs(cloud, 'openid-a', 'member', 'recordShare', { channel: 'poster' }, id))).toEqual({ recorded: true });
    await callAs(cloud, 'openid-a', 'member', 'recordShare', { channel: 'poster' }, id);
    expect(eventsOf(cloud, 'share')).toHaveLength(1);
  });
});

describe('导购 staff and store codes', () => {
  it('binds a new member to the staff member, protects the binding, and lets another staff take over after', async () => {
    setClock(T0);
    const code1 = await staffCode(cloud, CASHIER);
    const code2 = await staffCode(cloud, CASHIER_2);
    expect(code1).not.toBe(code2);
    expect(await ok(openInvite(cloud, 'openid-v', code1))).toMatchObject({ outcome: 'pending', source: 'staff', welcomeText: null });
    await register(cloud, 'openid-v');
    const bound = memberOf(cloud, 'openid-v').guide;
    expect(bound).toMatchObject({ staffOpenid: CASHIER, storeId: 'store-test', code: code1, until: null });
    expect(new Date(bound.protectedUntil).getTime() - new Date(bound.boundAt).getTime()).toBe(30 * DAY_MS);
    expect(memberOf(cloud, 'openid-v').referral).toBeUndefined();

    // Inside the protection period another staff member's code is refused; the same staff's is a no-op.
    setClock(at(29 * DAY_MS));
    expect(await ok(openInvite(cloud, 'openid-v', code2))).toMatchObject({ outcome: 'guide_protected' });
    expect(await ok(openInvite(cloud, 'openid-v', code1))).toMatchObject({ outcome: 'guide_bound' });
    expect(memberOf(cloud, 'openid-v').guide).toEqual(bound);

    setClock(at(31 * DAY_MS));
    expect(await ok(openInvite(cloud, 'openid-v', code2))).toMatchObject({ outcome: 'guide_bound' });
    expect(memberOf(cloud, 'openid-v').guide).toMatchObject({ staffOpenid: CASHIER_2, code: code2 });
    expect(eventsOf(cloud, 'guide_bound')).toHaveLength(2);
    expect((await ok(callAs(cloud, CASHIER_2, 'staff', 'myChannelCode'))).boundMembers).toBe(1);
  });

  it('follows the guide settings (bound for N days: after that anyone may take over)', async () => {
    await ok(callAs(cloud, OPERATOR, 'admin', 'saveGuideSettings', { bindDays: 10, protectionDays: 0 }, requestId()));
    setClock(T0);
    const code1 = await staffCode(cloud, CASHIER);
    await ok(openInvite(cloud, 'openid-v', code1));
    await register(cloud, 'openid-v');
    const guide = memberOf(cloud, 'openid-v').guide;
    expect(new Date(guide.until).getTime() - new Date(guide.boundAt).getTime()).toBe(10 * DAY_MS);
    const store = await ok(callAs(cloud, OPERATOR, 'admin', 'storeChannelCode', { storeId: 'store-test' }));
    expect(store).toMatchObject({ code: expect.stringMatching(/^i/), scene: `i=${store.code}`, boundMembers: 1 });
    expect(await ok(openInvite(cloud, 'openid-v', store.code))).toMatchObject({ outcome: 'guide_bound', source: 'store' });
    expect(memberOf(cloud, 'openid-v').guide).toMatchObject({ staffOpenid: null, storeId: 'store-test', code: store.code });
  });

  it('a deactivated staff member attributes nothing, from that moment', async () => {
    const code2 = await staffCode(cloud, CASHIER_2);
    await ok(openInvite(cloud, 'openid-v', code2));
    await ok(callAs(cloud, OPERATOR, 'admin', 'deactivateStaff', { openid: CASHIER_2 }, requestId()));
    expect(await ok(openInvite(cloud, 'openid-w', code2))).toMatchObject({ outcome: 'inactive' });
    await register(cloud, 'openid-v');
    await register(cloud, 'openid-w');
    expect(memberOf(cloud, 'openid-v').guide).toBeUndefined();
    expect(memberOf(cloud, 'openid-w').guide).toBeUndefined();
    expect(eventsOf(cloud, 'guide_bound')).toHaveLength(0);
  });

  it('a member code and a staff code both bind: one inviter and one guide', async () => {
    await createCampaign(cloud);
    const a = await inviter(cloud, 'openid-a');
    const code1 = await staffCode(cloud, CASHIER);
    await ok(openInvite(cloud, 'openid-v', code1));
    await ok(openInvite(cloud, 'openid-v', a.code));
    await register(cloud, 'openid-v');
    expect(memberOf(cloud, 'openid-v')).toMatchObject({ referral: { inviterId: a.memberId }, guide: { staffOpenid: CASHIER } });
  });
});

it('an unknown code is INVITE_CODE_NOT_FOUND and records nothing but the request', async () => {
  const answer = await openInvite(cloud, 'openid-v', 'iAAAAAAAAAAA');
  expect(answer).toMatchObject({ ok: false, code: 'INVITE_CODE_NOT_FOUND' });
  expect(cloud.db.dump('invite_visits')).toEqual([]);
});

it('uses CAMPAIGN as the seed does', () => {
  expect(CAMPAIGN.welcome).toEqual({ kind: 'points', points: 100 });
});
