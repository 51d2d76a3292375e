import type { CampaignInput, CampaignView, GuideSettingsView, RewardStatus, RewardView } from '@contract';
import { callFunction, createRequestIdSlot, createRequestIdSlots } from '../api';
import { createKeyedResource } from './keyed-resource';
import { createPagedList } from './paged-list';
import { createResource } from './resource';

// The console's referral pages (admin subpackage): campaigns, reward review, reports, store
// codes and the 导购 setting. After every change the page shows the server's answer.

export const useReferralCampaigns = createResource((silent) => callFunction('admin', 'referralCampaigns', {}, { silent }));

// One slot per campaign (a new one under 'new'): saving another campaign is another action,
// saving the same one again after a lost answer is a retry.
const saveSlot = createRequestIdSlots();
const statusSlot = createRequestIdSlots();

export async function saveReferralCampaign(campaignId: string | null, campaign: CampaignInput): Promise<CampaignView> {
  const saved = await saveSlot(campaignId ?? 'new').run((requestId) =>
    callFunction('admin', 'saveReferralCampaign', { ...(campaignId ? { campaignId } : {}), campaign }, { requestId, silent: true }),
  );
  await useReferralCampaigns.getState().load();
  return saved;
}

export async function setReferralCampaignStatus(campaignId: string, status: 'active' | 'paused'): Promise<CampaignView> {
  const saved = await statusSlot(`${campaignId}:${status}`).run((requestId) =>
    callFunction('admin', 'setReferralCampaignStatus', { campaignId, status }, { requestId, silent: true }),
  );
  await useReferralCampaigns.getState().load();
  return saved;
}

export const useGuideSettings = createResource((silent) => callFunction('admin', 'guideSettings', {}, { silent }));

const guideSlot = createRequestIdSlot();

export async function saveGuideSettings(settings: GuideSettingsView): Promise<GuideSettingsView> {
  const saved = await guideSlot.run((requestId) => callFunction('admin', 'saveGuideSettings', settings, { requestId, silent: true }));
  useGuideSettings.setState({ data: saved, status: 'ready', error: null });
  return saved;
}

/** 邀请奖励审核: rewards of one status ('all' = every status), newest first. */
export type RewardFilter = RewardStatus | 'all';

export const useReferralRewards = createPagedList<RewardView, RewardFilter>('flagged', async (status, cursor, silent) => {
  const page = await callFunction('admin', 'referralRewards', { limit: 50, ...(status === 'all' ? {} : { status }), ...(cursor ? { cursor } : {}) }, { silent });
  return { items: page.rewards, nextCursor: page.nextCursor };
});

const reviewSlot = createRequestIdSlots();

/** Approves (pays now) or rejects a flagged reward; the list reloads with the server's answer. */
export async function reviewReferralReward(rewardId: string, decision: 'approve' | 'reject', reason: string): Promise<RewardView> {
  const reviewed = await reviewSlot(`${rewardId}:${decision}`).run((requestId) =>
    callFunction('admin', 'reviewReferralReward', { rewardId, decision, reason }, { requestId, silent: true }),
  );
  await useReferralRewards.getState().refresh();
  return reviewed;
}

export interface DateRange {
  from: string;
  to: string;
}

export const useReferralReport = createKeyedResource((range: DateRange, silent) => callFunction('admin', 'referralReport', range, { silent }));
export const useGuideReport = createKeyedResource((range: DateRange & { storeId?: string }, silent) => callFunction('admin', 'guideReport', range, { silent }));
/** '' = the current month as the server counts it. */
export const useAdminKocBoard = createKeyedResource((month: string, silent) => callFunction('admin', 'adminKocLeaderboard', month ? { month } : {}, { silent }));

const kocSlot = createRequestIdSlots();

export async function setMemberKoc(memberNo: string, koc: boolean, reason: string): Promise<{ memberNo: string; koc: boolean }> {
  const result = await kocSlot(`${memberNo}:${koc}`).run((requestId) => callFunction('admin', 'setMemberKoc', { memberNo, koc, reason }, { requestId, silent: true }));
  void useAdminKocBoard.getState().load();
  return result;
}

/** A store's channel code, to print at the till. */
export const useStoreChannelCode = createKeyedResource((storeId: string, silent) => callFunction('admin', 'storeChannelCode', { storeId }, { silent }));
