import type { referralAdminActions, referralMemberActions, referralStaffActions } from '../contract/referral';
import type { Handlers } from '../router/router';

// The referral actions of the member, staff and admin functions. Attribution (codes, visits,
// campaigns, guide settings, flags) is in this folder's attribution modules; the rewards helper's
// actions (my invites, leaderboards, rewards review, reports) join each map below.

export const referralMemberHandlers = {
  // attribution: openInvite, invitePage, recordShare
  // rewards helper: myInvites, kocLeaderboard
} satisfies Partial<Handlers<typeof referralMemberActions>>;

export const referralStaffHandlers = {
  // attribution: myChannelCode
} satisfies Partial<Handlers<typeof referralStaffActions>>;

export const referralAdminHandlers = {
  // attribution: referralCampaigns, saveReferralCampaign, setReferralCampaignStatus, guideSettings,
  // saveGuideSettings, setMemberKoc, setReferralBlocked, storeChannelCode
  // rewards helper: referralRewards, reviewReferralReward, referralReport, guideReport, adminKocLeaderboard
} satisfies Partial<Handlers<typeof referralAdminActions>>;
