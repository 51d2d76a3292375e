import { DEMO_OPERATOR_OPENID } from './identities';

// The demo brand's referral campaigns (老带新) and 导购 settings, made through the admin function
// as the owner would make them. Request ids are fixed, so seeding again replays the first answers.

const common = {
  windowDays: 7,
  welcome: { kind: 'points', points: 100 },
  qualify: { kind: 'purchase', minFen: 3000 },
  holdDays: 7,
  capPerDay: 5,
  capPerMonth: 20,
  riskThreshold: 3,
};

export const DEMO_REFERRAL_CAMPAIGNS = {
  all: { ...common, name: '老带新 · 邀好友得积分', audience: 'all', inviter: { kind: 'points', points: 300 }, posterTitle: '邀好友，一起喝咖啡', posterText: '好友注册得 100 积分，首单满 30 元你再得 300 积分' },
  koc: { ...common, name: 'KOC 专属 · 邀好友得双倍积分', audience: 'koc', inviter: { kind: 'points', points: 600 }, posterTitle: '达人专属邀请', posterText: '好友注册得 100 积分，首单满 30 元你得 600 积分' },
} as const;

type Invoke = (openid: string, fn: string, action: string, data: unknown, requestId?: string) => Promise<any>;

export async function seedDemoReferral(invoke: Invoke): Promise<void> {
  for (const [key, campaign] of Object.entries(DEMO_REFERRAL_CAMPAIGNS)) {
    const { campaignId } = await invoke(DEMO_OPERATOR_OPENID, 'admin', 'saveReferralCampaign', { campaign }, `seed-referral-${key}`);
    await invoke(DEMO_OPERATOR_OPENID, 'admin', 'setReferralCampaignStatus', { campaignId, status: 'active' }, `seed-referral-${key}-on`);
  }
  await invoke(DEMO_OPERATOR_OPENID, 'admin', 'saveGuideSettings', { bindDays: null, protectionDays: 30 }, 'seed-guide-settings');
}
