import { DEFAULT_ENGAGEMENT } from '../../cloudfunctions/core/brand/settings';
import { DEMO_OPERATOR_OPENID } from './identities';

// The demo brand's welcome and birthday gifts and 保级 (issue 12): a welcome gift of 50 points
// and a 入会礼 coupon, birthday gifts on every tier in a birthday-month window, gold kept with
// 600 growth (reached at 1,000), one tier down at a time. The gift templates are made through
// the admin function with fixed request ids (seeding again replays), then written into the
// hand-written rules (version 0), after the demo member registered: 小鹿's balances stay as they were.

const common = { storeIds: null, minTierCode: null, stackable: false, channel: 'grant', pointsCost: null, perMemberPerDayLimit: null, validity: { type: 'days_after_claim', days: 30, startNextDay: false } };

/** The points of the demo brand's welcome gift (入会礼), every new member's first balance. */
export const DEMO_WELCOME_POINTS = 50;

export const DEMO_GIFT_COUPONS = {
  welcome: { ...common, name: '入会礼 无门槛10元券', benefit: { kind: 'no_threshold', amountFen: 1000 }, stock: 100_000, perMemberLimit: 1 },
  birthday: { ...common, name: '生日蛋糕兑换券', description: '生日当月到店出示券码领取', benefit: { kind: 'gift_item', itemName: '生日小蛋糕' }, stock: 100_000, perMemberLimit: 100 },
} as const;

type Invoke = (openid: string, fn: string, action: string, data: unknown, requestId?: string) => Promise<any>;

export async function seedDemoEngagement(invoke: Invoke): Promise<void> {
  const db = require('wx-server-sdk').database();
  const welcome = (await invoke(DEMO_OPERATOR_OPENID, 'admin', 'createCouponTemplate', DEMO_GIFT_COUPONS.welcome, 'seed-engagement-welcome')).templateId as string;
  const cake = (await invoke(DEMO_OPERATOR_OPENID, 'admin', 'createCouponTemplate', DEMO_GIFT_COUPONS.birthday, 'seed-engagement-birthday')).templateId as string;
  const { data: brand } = await db.collection('settings').doc('brand').get();
  const gifts: Record<string, { points: number; couponTemplateIds: string[] }> = {
    green: { points: 50, couponTemplateIds: [cake] },
    gold: { points: 200, couponTemplateIds: [cake] },
    black: { points: 500, couponTemplateIds: [cake] },
  };
  const tiers = (brand.tiers as any[]).map((tier) => ({
    ...tier,
    ...(tier.code === 'gold' ? { keepThreshold: 600 } : {}),
    benefits: { ...tier.benefits, ...(gifts[tier.code] ? { birthdayGift: gifts[tier.code] } : {}) },
  }));
  await db.collection('settings').doc('brand').update({
    data: {
      tiers,
      tierPolicy: { ...brand.tierPolicy, downgrade: 'one_step' },
      engagement: { ...DEFAULT_ENGAGEMENT, welcome: { points: DEMO_WELCOME_POINTS, couponTemplateIds: [welcome] }, birthday: { window: 'month' } },
    },
  });
}
