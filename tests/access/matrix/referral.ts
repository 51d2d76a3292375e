import { MANAGERS, type MatrixRows, READERS, STAFF_ONLY, STORE_KEEPERS } from './types';

// Referral and 导购 attribution (issue 11). Campaigns, guide settings and member flags are
// brand-wide (managers change them, readers read them); a store's channel code is store-level.

const campaign = {
  name: '权限测试活动',
  audience: 'all',
  windowDays: 7,
  welcome: null,
  inviter: { kind: 'points', points: 100 },
  qualify: { kind: 'purchase', minFen: 3000 },
  holdDays: 7,
  capPerDay: null,
  capPerMonth: null,
  riskThreshold: 3,
  posterTitle: '邀请好友',
  posterText: '邀请好友得积分',
};

export const adminRows: MatrixRows = {
  referralCampaigns: { allowed: READERS },
  saveReferralCampaign: { allowed: MANAGERS, input: () => ({ campaign }) },
  setReferralCampaignStatus: { allowed: MANAGERS, input: () => ({ campaignId: 'rc_matrix_none', status: 'paused' }) },
  guideSettings: { allowed: READERS },
  saveGuideSettings: { allowed: MANAGERS, input: () => ({ bindDays: null, protectionDays: 30 }) },
  setMemberKoc: { allowed: MANAGERS, input: (world) => ({ memberNo: world.memberNo, koc: true, reason: '权限测试' }) },
  setReferralBlocked: { allowed: MANAGERS, input: (world) => ({ memberNo: world.memberNo, blocked: false, reason: '权限测试' }) },
  storeChannelCode: { allowed: STORE_KEEPERS, input: (world) => ({ storeId: world.store }) },
  // The rewards helper's admin actions have their rows in ./referral-rewards.ts.
};

export const staffRows: MatrixRows = {
  myChannelCode: { allowed: STAFF_ONLY },
};

