import type { LocalCloud } from '../../scripts/local-cloud';
import { DEMO_REFERRAL_CAMPAIGNS } from '../../scripts/seed/demo-referral';
import { callAs } from '../support/cloud';
import { OPERATOR, register, requestId } from '../support/world';

// Shared by the referral suites (attribution and rewards).

/** The demo seed's campaigns, as an operator enters them (the bench saves the same input). */
export const CAMPAIGN = DEMO_REFERRAL_CAMPAIGNS.all;

export const KOC_CAMPAIGN = DEMO_REFERRAL_CAMPAIGNS.koc;

export const DAY_MS = 86_400_000;

export async function ok(answer: Promise<any>): Promise<any> {
  const settled = await answer;
  if (!settled.ok) throw new Error(JSON.stringify(settled));
  return settled.data;
}

/** Saves and activates a campaign; answers its id. */
export async function createCampaign(cloud: LocalCloud, change: Record<string, unknown> = {}, activate = true): Promise<string> {
  const saved = await ok(callAs(cloud, OPERATOR, 'admin', 'saveReferralCampaign', { campaign: { ...CAMPAIGN, ...change } }, requestId()));
  if (activate) await ok(callAs(cloud, OPERATOR, 'admin', 'setReferralCampaignStatus', { campaignId: saved.campaignId, status: 'active' }, requestId()));
  return saved.campaignId;
}

/** Registers `openid` and answers its invite code (from the invite page). */
export async function inviter(cloud: LocalCloud, openid: string): Promise<{ memberId: string; memberNo: string; code: string }> {
  const member = await register(cloud, openid);
  const page = await ok(callAs(cloud, openid, 'member', 'invitePage'));
  if (!page.code) throw new Error(`no invite code for ${openid}: ${JSON.stringify(page)}`);
  return { ...member, code: page.code };
}

export function openInvite(cloud: LocalCloud, openid: string, code: string, id = requestId()): Promise<any> {
  return callAs(cloud, openid, 'member', 'openInvite', { code }, id);
}

export async function staffCode(cloud: LocalCloud, staffOpenid: string): Promise<string> {
  return (await ok(callAs(cloud, staffOpenid, 'staff', 'myChannelCode'))).code;
}

export const memberOf = (cloud: LocalCloud, openid: string): any => cloud.db.dump('members').find((m: { openid: string }) => m.openid === openid);
export const rewardsOf = (cloud: LocalCloud, memberId: string): any[] => cloud.db.dump('referral_rewards').filter((r: { memberId: string }) => r.memberId === memberId);
export const eventsOf = (cloud: LocalCloud, kind: string): any[] => cloud.db.dump('referral_events').filter((e: { kind: string }) => e.kind === kind);
export const visitOf = (cloud: LocalCloud, openid: string, code: string): any => cloud.db.dump('invite_visits').find((v: { _id: string }) => v._id === `${openid}:${code}`);
