import type { LocalCloud } from '../../scripts/local-cloud';
import { contract } from '../../cloudfunctions/core/contract';
import { callAs } from '../support/cloud';
import { TEMPLATE as COUPON_TEMPLATE, createTemplate } from '../coupons/helpers';
import { claimGift, giftToken } from '../coupons/gift-helpers';
import { CAMPAIGN as REFERRAL_CAMPAIGN, createCampaign, inviter } from '../referral/helpers';
import { buyPlan, membershipTemplates, planInput, savePlan } from '../membership/helpers';
import { STORED_VALUE_AGREEMENT_VERSION } from '../../cloudfunctions/core/privacy/documents';
import { CASHIER, CASHIER_2, OPERATOR, STORE, acceptStoredValueAgreement, memberCode, onASeededCloudEachTest, register, requestId, sdkDb, setClock, topUp } from '../support/world';

// Every mutating action, generated from the contract: it answers, the clock moves on by half an
// hour (member codes, checkout tickets and override end dates have aged), and the same request
// must answer the first outcome, flagged as a replay. A new mutating action without a line in
// CALLS fails the first test, so none can be missed.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const START = '2026-06-10T02:00:00Z';
const M = 'openid-replayer';

interface Call {
  caller: string;
  data: Record<string, unknown>;
}
type Prepare = (memberNo: string) => Promise<Call>;

async function ok(answer: Promise<any>): Promise<any> {
  const settled = await answer;
  if (!settled.ok) throw new Error(JSON.stringify(settled));
  return settled.data;
}

const purchase = async () =>
  ok(callAs(cloud, CASHIER, 'staff', 'recordPurchase', { code: await memberCode(cloud, M), amountFen: 5_000, walletFen: 0 }, requestId()));

const CALLS: Record<string, Prepare> = {
  'member.bindStaff': async () => {
    const { code } = await ok(callAs(cloud, OPERATOR, 'admin', 'createStaffBindingCode', { storeId: STORE, staffName: '新店员' }, requestId()));
    return { caller: 'openid-new-staff', data: { code } };
  },
  'member.createTopup': async () => {
    await acceptStoredValueAgreement(cloud, M);
    return { caller: M, data: { packageId: 'p100' } };
  },
  // Privacy and personal-data rights (issue 10).
  'member.acceptPolicy': async () => ({ caller: M, data: { document: 'stored_value', version: STORED_VALUE_AGREEMENT_VERSION } }),
  'member.setConsent': async () => ({ caller: M, data: { purpose: 'marketing', granted: true } }),
  'member.exportMyData': async () => ({ caller: M, data: {} }),
  // Replayed after the deletion, when the openid no longer has a member.
  'member.deleteAccount': async () => ({ caller: M, data: { confirm: true } }),
  'member.refundTopup': async () => ({ caller: M, data: { lotId: await topUp(cloud, M, 'p100') } }),
  // The profile (issue 10): each replayed after the clock moved, the phone without a second exchange.
  'member.updateProfile': async () => ({ caller: M, data: { nickname: '小鹿' } }),
  'member.setBirthday': async () => ({ caller: M, data: { birthday: '1990-05-20' } }),
  'member.bindPhone': async () => ({ caller: M, data: { code: 'local-phone:13800138000' } }),
  'admin.setMemberBirthday': async (memberNo) => ({ caller: OPERATOR, data: { memberNo, birthday: '1990-05-20', reason: '更正生日' } }),
  'staff.recordPurchase': async () => ({ caller: CASHIER, data: { code: await memberCode(cloud, M), amountFen: 12_300, walletFen: 0 } }),
  'staff.refundPurchase': async () => ({ caller: CASHIER, data: { purchaseId: (await purchase()).purchaseId } }),
  'admin.createStore': async () => ({ caller: OPERATOR, data: { name: '新门店', address: '新路2号' } }),
  'admin.createStaffBindingCode': async () => ({ caller: OPERATOR, data: { storeId: STORE, staffName: '店员乙' } }),
  'admin.deactivateStaff': async () => ({ caller: OPERATOR, data: { openid: CASHIER_2 } }),
  'admin.adjustPoints': async (memberNo) => ({ caller: OPERATOR, data: { memberNo, amount: 120, reason: '补发积分' } }),
  // Ends five minutes from now: by the replay it lies in the past.
  'admin.setTierOverride': async (memberNo) => ({ caller: OPERATOR, data: { memberNo, tierCode: 'gold', until: new Date(Date.parse(START) + 5 * 60_000).toISOString(), reason: '活动升级' } }),
  'admin.refundPurchase': async () => ({ caller: OPERATOR, data: { purchaseId: (await purchase()).purchaseId, reason: '顾客退货' } }),
  // Rules: effective ten minutes from now, so by the replay the moment lies in the past.
  'admin.saveRules': async () => ({ caller: OPERATOR, data: { section: 'brand', value: { name: '新品牌', logoText: '新', primaryColor: '#112233' }, effectiveAt: new Date(Date.parse(START) + 10 * 60_000).toISOString() } }),
  'admin.cancelScheduledRules': async () => {
    const effectiveAt = new Date(Date.parse(START) + 10 * 60_000).toISOString();
    const { version } = await ok(callAs(cloud, OPERATOR, 'admin', 'saveRules', { section: 'brand', value: { name: '新品牌', logoText: '新', primaryColor: '#112233' }, effectiveAt }, requestId()));
    return { caller: OPERATOR, data: { section: 'brand', version } };
  },
  'admin.createOperatorInvite': async () => ({ caller: OPERATOR, data: { name: '新运营', role: 'manager' } }),
  'member.bindOperator': async () => {
    const { code } = await ok(callAs(cloud, OPERATOR, 'admin', 'createOperatorInvite', { name: '新运营', role: 'analyst' }, requestId()));
    return { caller: 'openid-new-operator', data: { code } };
  },
  'admin.changeOperatorRole': async () => {
    await sdkDb().collection('operators').doc('openid-second-operator').set({ data: { name: '第二位', role: 'manager', active: true } });
    return { caller: OPERATOR, data: { openid: 'openid-second-operator', role: 'analyst' } };
  },
  'admin.disableOperator': async () => {
    await sdkDb().collection('operators').doc('openid-second-operator').set({ data: { name: '第二位', role: 'manager', active: true } });
    return { caller: OPERATOR, data: { openid: 'openid-second-operator' } };
  },
  'admin.revokeOperatorInvite': async () => {
    await ok(callAs(cloud, OPERATOR, 'admin', 'createOperatorInvite', { name: '待撤销', role: 'analyst' }, requestId()));
    const { inviteId } = cloud.db.dump('operator_invites').find((i: any) => i.name === '待撤销');
    return { caller: OPERATOR, data: { inviteId } };
  },
  'admin.startBulkGrant': async (memberNo) => ({ caller: OPERATOR, data: { memberNos: [memberNo], amount: 10, reason: '批量发放' } }),
  'admin.addBulkGrantMembers': async (memberNo) => {
    const { jobId } = await ok(callAs(cloud, OPERATOR, 'admin', 'startBulkGrant', { memberNos: [memberNo], parts: 2, amount: 10, reason: '批量发放' }, requestId()));
    return { caller: OPERATOR, data: { jobId, part: 2, memberNos: ['1000000000'] } };
  },
  'admin.runBulkGrant': async (memberNo) => {
    const { jobId } = await ok(callAs(cloud, OPERATOR, 'admin', 'startBulkGrant', { memberNos: [memberNo], amount: 10, reason: '批量发放' }, requestId()));
    return { caller: OPERATOR, data: { jobId } };
  },
  'admin.createCouponTemplate': async () => ({ caller: OPERATOR, data: COUPON_TEMPLATE }),
  'admin.updateCouponTemplate': async () => ({ caller: OPERATOR, data: { templateId: await createTemplate(cloud), template: { ...COUPON_TEMPLATE, name: '改过的券' } } }),
  'admin.pauseCouponTemplate': async () => ({ caller: OPERATOR, data: { templateId: await createTemplate(cloud) } }),
  'admin.resumeCouponTemplate': async () => ({ caller: OPERATOR, data: { templateId: await createTemplate(cloud) } }),
  'admin.raiseCouponStock': async () => ({ caller: OPERATOR, data: { templateId: await createTemplate(cloud), add: 10 } }),
  'member.claimCoupon': async () => ({ caller: M, data: { templateId: await createTemplate(cloud) } }),
  'member.redeemMallItem': async (memberNo) => {
    await ok(callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo, amount: 1_000, reason: '兑换用' }, requestId()));
    return { caller: M, data: { templateId: await createTemplate(cloud, { channel: 'mall', pointsCost: 300 }) } };
  },
  'admin.startCouponIssue': async (memberNo) => ({ caller: OPERATOR, data: { templateId: await createTemplate(cloud, { channel: 'grant' }), memberNos: [memberNo], reason: '批量发券' } }),
  'admin.runCouponIssue': async (memberNo) => {
    const templateId = await createTemplate(cloud, { channel: 'grant' });
    const { jobId } = await ok(callAs(cloud, OPERATOR, 'admin', 'startCouponIssue', { templateId, memberNos: [memberNo], reason: '批量发券' }, requestId()));
    return { caller: OPERATOR, data: { jobId } };
  },
  // The gift code is 60 s old at most when redeemed; by the replay it has long expired.
  'staff.redeemGiftCoupon': async () => ({ caller: CASHIER, data: { token: await giftToken(cloud, M, (await claimGift(cloud, M)).couponId) } }),
  // Undone within its 10 minutes; by the replay the window has passed.
  'staff.undoGiftRedemption': async () => {
    const token = await giftToken(cloud, M, (await claimGift(cloud, M)).couponId);
    const { redemptionId } = await ok(callAs(cloud, CASHIER, 'staff', 'redeemGiftCoupon', { token }, requestId()));
    return { caller: CASHIER, data: { redemptionId } };
  },
  // Referral attribution (issue 11).
  'member.openInvite': async () => {
    await createCampaign(cloud);
    return { caller: 'openid-invited', data: { code: (await inviter(cloud, 'openid-inviter')).code } };
  },
  'member.recordShare': async () => {
    await createCampaign(cloud);
    return { caller: M, data: { channel: 'card' } };
  },
  'admin.saveReferralCampaign': async () => ({ caller: OPERATOR, data: { campaign: REFERRAL_CAMPAIGN } }),
  'admin.setReferralCampaignStatus': async () => ({ caller: OPERATOR, data: { campaignId: await createCampaign(cloud, {}, false), status: 'active' } }),
  'admin.saveGuideSettings': async () => ({ caller: OPERATOR, data: { bindDays: 30, protectionDays: 7 } }),
  'admin.setMemberKoc': async (memberNo) => ({ caller: OPERATOR, data: { memberNo, koc: true, reason: '达人' } }),
  'admin.setReferralBlocked': async (memberNo) => ({ caller: OPERATOR, data: { memberNo, blocked: true, reason: '刷单' } }),
  // Referral rewards (issue 11): a flagged reward, rejected; the replay answers the rejection, not REWARD_NOT_FLAGGED.
  'admin.reviewReferralReward': async (memberNo) => {
    const { data } = await sdkDb().collection('members').where({ memberNo }).get();
    const memberId = data[0]._id as string;
    const rewardId = `c-replay:${memberId}:inviter`;
    const reward = { role: 'inviter', campaignId: 'c-replay', memberId, inviteeId: memberId, inviterId: memberId, status: 'flagged', points: 300, couponTemplateId: null, qualifiedBy: null, holdUntil: new Date(START), riskRank: 4, paidPostingId: null, clawbackPostingId: null, createdAt: new Date(START), decidedAt: null, paidAt: null, day: '2026-06-10', month: '2026-06', note: null };
    await sdkDb().collection('referral_rewards').doc(rewardId).set({ data: reward });
    return { caller: OPERATOR, data: { rewardId, decision: 'reject', reason: '疑似小号' } };
  },
  // Paid membership (issue 12).
  'admin.savePaidPlan': async () => ({ caller: OPERATOR, data: { plan: planInput(await membershipTemplates(cloud)) } }),
  'admin.setPaidPlanStatus': async () => ({ caller: OPERATOR, data: { planId: await savePlan(cloud, planInput(await membershipTemplates(cloud))), status: 'paused' } }),
  'member.createPlanOrder': async () => ({ caller: M, data: { planId: await savePlan(cloud, planInput(await membershipTemplates(cloud))), mode: 'buy', expectedPayFen: 990 } }),
  // Within its 7 days when refunded; the replay half an hour later answers the same.
  'member.refundPlan': async () => ({ caller: M, data: { outTradeNo: (await buyPlan(cloud, M, await savePlan(cloud, planInput(await membershipTemplates(cloud))))).outTradeNo } }),
  'admin.refundPlanByOperator': async (memberNo) => ({
    caller: OPERATOR,
    data: { memberNo, outTradeNo: (await buyPlan(cloud, M, await savePlan(cloud, planInput(await membershipTemplates(cloud))))).outTradeNo, reason: '顾客退卡', expectedRefundFen: 990 },
  }),
  // Check-in and the subscribe-message quota (issue 12). START is Wednesday 2026-06-10. A make-up
  // reaches no day before the member joined, so this one joined on Monday the 8th and makes up Tuesday.
  'member.checkIn': async () => ({ caller: M, data: {} }),
  'member.makeUpCheckIn': async () => {
    setClock('2026-06-08T02:00:00Z');
    const early = await register(cloud, 'openid-joined-monday');
    await ok(callAs(cloud, OPERATOR, 'admin', 'adjustPoints', { memberNo: early.memberNo, amount: 100, reason: '补签所需积分' }, requestId()));
    setClock(START);
    return { caller: 'openid-joined-monday', data: { day: '2026-06-09' } };
  },
  'member.recordSubscribeConsent': async () => ({ caller: M, data: { results: { 'local-template-points-expiry': 'accept' } } }),
};

/** Fields signed afresh for each answer (WeChat Pay's payment parameters). */
const VOLATILE = new Set(['payment']);
const strip = (data: Record<string, unknown>) => Object.fromEntries(Object.entries(data).filter(([k]) => !VOLATILE.has(k)));

const mutating = Object.entries(contract).flatMap(([fn, actions]) =>
  Object.entries(actions as Record<string, { mutates: boolean }>)
    .filter(([, spec]) => spec.mutates)
    .map(([name]) => `${fn}.${name}`),
);

it('has a replay case for every mutating action in the contract', () => {
  expect(Object.keys(CALLS).sort()).toEqual([...mutating].sort());
});

it.each(mutating)('%s answers its first outcome when replayed half an hour later', async (name) => {
  const [fn, action] = name.split('.');
  setClock(START);
  const { memberNo } = await register(cloud, M);
  const { caller, data } = await CALLS[name](memberNo);
  const id = requestId();
  const first = await callAs(cloud, caller, fn, action, data, id);
  expect(first).toMatchObject({ ok: true });

  setClock(new Date(Date.parse(START) + 30 * 60_000).toISOString());
  const again = await callAs(cloud, caller, fn, action, data, id);
  expect(again).toMatchObject({ ok: true, replayed: true });
  expect(strip(again.data)).toEqual(strip(first.data));
});
