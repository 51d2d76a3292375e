import { ANY_OPERATOR, MANAGERS, type MatrixRows, READERS, STORE_KEEPERS } from './types';

// Referral rewards, reports and the KOC leaderboard (issue 11). The guide report names the
// matrix's store, so a store manager of another store is refused (FORBIDDEN before any read).

export const adminRows: MatrixRows = {
  referralRewards: { allowed: READERS, input: () => ({}) },
  reviewReferralReward: { allowed: MANAGERS, input: () => ({ rewardId: 'reward-matrix-none', decision: 'reject', reason: '权限测试' }) },
  referralReport: { allowed: READERS, input: () => ({ from: '2026-01-01', to: '2026-01-31' }) },
  guideReport: { allowed: STORE_KEEPERS, input: (world) => ({ from: '2026-01-01', to: '2026-01-31', storeId: world.store }) },
  adminKocLeaderboard: { allowed: ANY_OPERATOR, input: () => ({}) },
};
