import type { LocalCloud } from '../../scripts/local-cloud';
import { callAs, snapshotAll } from '../support/cloud';
import { CASHIER, OPERATOR, onASeededCloudEachTest, register, requestId, setClock } from '../support/world';
import { createTemplate } from '../coupons/helpers';
import { CAMPAIGN, KOC_CAMPAIGN, createCampaign, inviter, memberOf, ok } from './helpers';

// Campaigns, guide settings and member flags as operators change them; bad input on every
// attribution action → a typed error and nothing changed.

let cloud: LocalCloud;
onASeededCloudEachTest((seeded) => (cloud = seeded));

const audits = (cloud: LocalCloud, action: string) => cloud.db.dump('audit_log').filter((e: any) => e.action === action);

describe('campaigns', () => {
  it('creates paused at version 1, updates to version 2, and audits each change with before and after', async () => {
    setClock('2026-06-10T02:00:00Z');
    const created = await ok(callAs(cloud, OPERATOR, 'admin', 'saveReferralCampaign', { campaign: CAMPAIGN }, requestId()));
    expect(created).toMatchObject({ name: CAMPAIGN.name, status: 'paused', version: 1, windowDays: 7, holdDays: 7, riskThreshold: 3, rulesText: expect.arrayContaining(['好友注册即得 100 积分。']) });
    const updated = await ok(callAs(cloud, OPERATOR, 'admin', 'saveReferralCampaign', { campaignId: created.campaignId, campaign: { ...CAMPAIGN, inviter: { kind: 'points', points: 500 } } }, requestId()));
    expect(updated).toMatchObject({ campaignId: created.campaignId, version: 2, inviter: { points: 500 }, status: 'paused' });
    const [first, second] = audits(cloud, 'saveReferralCampaign');
    expect(first).toMatchObject({ target: { kind: 'rules', id: `referral_campaigns/${created.campaignId}` }, before: null, after: { version: 1, inviter: { points: 300 } } });
    expect(second).toMatchObject({ before: { version: 1, inviter: { points: 300 } }, after: { version: 2, inviter: { points: 500 } } });
  });

  it('one active campaign per audience: activating another pauses the first; KOC members use the KOC campaign', async () => {
    const first = await createCampaign(cloud);
    const second = await createCampaign(cloud, { name: '第二期' });
    const koc = await createCampaign(cloud, KOC_CAMPAIGN);
    const { campaigns } = await ok(callAs(cloud, OPERATOR, 'admin', 'referralCampaigns'));
    const status = Object.fromEntries(campaigns.map((c: any) => [c.campaignId, c.status]));
    expect(status).toEqual({ [first]: 'paused', [second]: 'active', [koc]: 'active' });
    expect(audits(cloud, 'setReferralCampaignStatus').some((e: any) => e.target.id === `referral_campaigns/${first}` && e.after.status === 'paused')).toBe(true);

    const a = await inviter(cloud, 'openid-a');
    expect(cloud.db.dump('invite_codes').find((c: any) => c._id === a.code).campaignId).toBe(second);
    await ok(callAs(cloud, OPERATOR, 'admin', 'setMemberKoc', { memberNo: a.memberNo, koc: true, reason: '小红书达人' }, requestId()));
    const page = await ok(callAs(cloud, 'openid-a', 'member', 'invitePage'));
    expect(page).toMatchObject({ koc: true, campaign: { campaignId: koc, inviter: { points: 600 } } });
    expect(page.code).not.toBe(a.code);
    expect(memberOf(cloud, 'openid-a').koc).toBe(true);
    expect(audits(cloud, 'setMemberKoc')).toEqual([expect.objectContaining({ before: { koc: false }, after: { koc: true }, reason: '小红书达人' })]);
  });

  it('checks that the welcome coupon exists', async () => {
    const templateId = await createTemplate(cloud, { channel: 'grant' });
    const saved = await ok(callAs(cloud, OPERATOR, 'admin', 'saveReferralCampaign', { campaign: { ...CAMPAIGN, welcome: { kind: 'coupon', templateId } } }, requestId()));
    expect(saved.rulesText).toContain('好友注册即得「满100减20」优惠券。');
  });
});

describe('guide settings and flags', () => {
  it('defaults to permanent with 30 days of protection; a save is audited', async () => {
    expect(await ok(callAs(cloud, OPERATOR, 'admin', 'guideSettings'))).toEqual({ bindDays: null, protectionDays: 30 });
    expect(await ok(callAs(cloud, OPERATOR, 'admin', 'saveGuideSettings', { bindDays: 90, protectionDays: 14 }, requestId()))).toEqual({ bindDays: 90, protectionDays: 14 });
    expect(await ok(callAs(cloud, OPERATOR, 'admin', 'guideSettings'))).toEqual({ bindDays: 90, protectionDays: 14 });
    expect(audits(cloud, 'saveGuideSettings')).toEqual([expect.objectContaining({ before: { bindDays: null, protectionDays: 30 }, after: { bindDays: 90, protectionDays: 14 } })]);
  });

  it('blocks and restores a member, audited', async () => {
    const { memberNo } = await register(cloud, 'openid-a');
    expect(await ok(callAs(cloud, OPERATOR, 'admin', 'setReferralBlocked', { memberNo, blocked: true, reason: '刷单' }, requestId()))).toEqual({ memberNo, blocked: true });
    expect(memberOf(cloud, 'openid-a').referralBlockedAt).toBeInstanceOf(Date);
    await ok(callAs(cloud, OPERATOR, 'admin', 'setReferralBlocked', { memberNo, blocked: false, reason: '申诉通过' }, requestId()));
    expect(memberOf(cloud, 'openid-a').referralBlockedAt).toBeNull();
    expect(audits(cloud, 'setReferralBlocked').map((e: any) => e.reason)).toEqual(['刷单', '申诉通过']);
  });
});

describe('bad input changes nothing', () => {
  // The request record (a refusal's, kept a week) and the per-minute call counter are not state.
  const withoutRequests = (all: Record<string, unknown[]>) => Object.fromEntries(Object.entries(all).filter(([name]) => name !== 'requests' && name !== 'rate_limits'));
  const bad: Array<[string, string, string, () => Record<string, unknown>, string]> = [
    ['member', 'openid-a', 'openInvite', () => ({ code: 'not-a-code' }), 'INVALID_INPUT'],
    ['member', 'openid-a', 'openInvite', () => ({ code: 'iAAAAAAAAAAA' }), 'INVITE_CODE_NOT_FOUND'],
    ['member', 'openid-a', 'invitePage', () => ({ extra: 1 }), 'INVALID_INPUT'],
    ['member', 'openid-a', 'recordShare', () => ({ channel: 'sms' }), 'INVALID_INPUT'],
    ['staff', CASHIER, 'myChannelCode', () => ({ storeId: 'store-test' }), 'INVALID_INPUT'],
    ['admin', OPERATOR, 'referralCampaigns', () => ({ all: true }), 'INVALID_INPUT'],
    ['admin', OPERATOR, 'saveReferralCampaign', () => ({ campaign: { ...CAMPAIGN, windowDays: 0 } }), 'INVALID_INPUT'],
    ['admin', OPERATOR, 'saveReferralCampaign', () => ({ campaign: { ...CAMPAIGN, inviter: { kind: 'coupon', templateId: 'x' } } }), 'INVALID_INPUT'],
    ['admin', OPERATOR, 'saveReferralCampaign', () => ({ campaign: { ...CAMPAIGN, capPerDay: 30, capPerMonth: 20 } }), 'INVALID_INPUT'],
    ['admin', OPERATOR, 'saveReferralCampaign', () => ({ campaign: { ...CAMPAIGN, welcome: { kind: 'coupon', templateId: 'no-such-template' } } }), 'COUPON_TEMPLATE_NOT_FOUND'],
    ['admin', OPERATOR, 'saveReferralCampaign', () => ({ campaignId: 'rc_none', campaign: CAMPAIGN }), 'CAMPAIGN_NOT_FOUND'],
    ['admin', OPERATOR, 'saveReferralCampaign', () => ({ campaignId: 'guide', campaign: CAMPAIGN }), 'CAMPAIGN_NOT_FOUND'],
    ['admin', OPERATOR, 'setReferralCampaignStatus', () => ({ campaignId: 'rc_none', status: 'active' }), 'CAMPAIGN_NOT_FOUND'],
    ['admin', OPERATOR, 'setReferralCampaignStatus', () => ({ campaignId: 'rc_none', status: 'deleted' }), 'INVALID_INPUT'],
    ['admin', OPERATOR, 'guideSettings', () => ({ bindDays: 1 }), 'INVALID_INPUT'],
    ['admin', OPERATOR, 'saveGuideSettings', () => ({ bindDays: 0, protectionDays: 30 }), 'INVALID_INPUT'],
    ['admin', OPERATOR, 'saveGuideSettings', () => ({ bindDays: null, protectionDays: -1 }), 'INVALID_INPUT'],
    ['admin', OPERATOR, 'saveGuideSettings', () => ({ protectionDays: 30 }), 'INVALID_INPUT'],
    ['admin', OPERATOR, 'setMemberKoc', () => ({ memberNo: '123', koc: true, reason: '达人' }), 'INVALID_INPUT'],
    ['admin', OPERATOR, 'setMemberKoc', () => ({ memberNo: '1000000000', koc: true, reason: '达人' }), 'MEMBER_NOT_FOUND'],
    ['admin', OPERATOR, 'setMemberKoc', () => ({ memberNo: '1000000000', koc: true, reason: '' }), 'INVALID_INPUT'],
    ['admin', OPERATOR, 'setReferralBlocked', () => ({ memberNo: '1000000000', blocked: true, reason: '刷单' }), 'MEMBER_NOT_FOUND'],
    ['admin', OPERATOR, 'setReferralBlocked', () => ({ memberNo: '1000000000', blocked: 'yes', reason: '刷单' }), 'INVALID_INPUT'],
    ['admin', OPERATOR, 'storeChannelCode', () => ({ storeId: 'store-none' }), 'STORE_NOT_FOUND'],
    ['admin', OPERATOR, 'storeChannelCode', () => ({ storeId: '../x' }), 'INVALID_INPUT'],
  ];

  it.each(bad)('%s as %s: %s %p → %s', async (fn, caller, action, input, code) => {
    await createCampaign(cloud);
    await register(cloud, 'openid-a');
    const before = withoutRequests(snapshotAll(cloud));
    const answer = await callAs(cloud, caller, fn, action, input(), requestId());
    expect(answer).toMatchObject({ ok: false, code });
    expect(withoutRequests(snapshotAll(cloud))).toEqual(before);
  });
});
