import type { referralAdminActions, referralMemberActions, referralStaffActions } from '../contract/referral';
import type { Handlers } from '../router/router';
import { referralCampaigns, saveReferralCampaign, setReferralCampaignStatus } from './campaigns';
import { myChannelCode, storeChannelCode } from './channel-code';
import { guideSettings, saveGuideSettings } from './guide-settings';
import { invitePage, recordShare } from './invite-page';
import { setMemberKoc, setReferralBlocked } from './members-flags';
import { openInvite } from './open-invite';
import { adminKocLeaderboard, kocLeaderboard } from './leaderboard';
import { myInvites } from './my-invites';
import { guideReport, referralReport } from './reports';
import { referralRewards, reviewReferralReward } from './review';

// The referral actions of the member, staff and admin functions. Attribution (codes, visits,
// campaigns, guide settings, flags) is in this folder's attribution modules; the rewards helper's
// actions (my invites, leaderboards, rewards review, reports) join each map below.

export const referralMemberHandlers = {
  openInvite: (ctx, input) => openInvite(ctx, input),
  invitePage: (ctx) => invitePage(ctx),
  recordShare: (ctx, input) => recordShare(ctx, input),
  myInvites: (ctx, input) => myInvites(ctx, input),
  kocLeaderboard: (ctx, input) => kocLeaderboard(ctx, input),
} satisfies Partial<Handlers<typeof referralMemberActions>>;

export const referralStaffHandlers = {
  myChannelCode: (ctx) => myChannelCode(ctx),
} satisfies Partial<Handlers<typeof referralStaffActions>>;

export const referralAdminHandlers = {
  referralCampaigns: (ctx) => referralCampaigns(ctx),
  saveReferralCampaign: (ctx, input) => saveReferralCampaign(ctx, input),
  setReferralCampaignStatus: (ctx, input) => setReferralCampaignStatus(ctx, input),
  guideSettings: (ctx) => guideSettings(ctx),
  saveGuideSettings: (ctx, input) => saveGuideSettings(ctx, input),
  setMemberKoc: (ctx, input) => setMemberKoc(ctx, input),
  setReferralBlocked: (ctx, input) => setReferralBlocked(ctx, input),
  storeChannelCode: (ctx, input) => storeChannelCode(ctx, input),
  referralRewards: (ctx, input) => referralRewards(ctx, input),
  reviewReferralReward: (ctx, input) => reviewReferralReward(ctx, input),
  referralReport: (ctx, input) => referralReport(ctx, input),
  guideReport: (ctx, input) => guideReport(ctx, input),
  adminKocLeaderboard: (ctx, input) => adminKocLeaderboard(ctx, input),
} satisfies Partial<Handlers<typeof referralAdminActions>>;
